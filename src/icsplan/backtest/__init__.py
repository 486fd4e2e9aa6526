"""Back tests and reconciliation: published seed figures against what icsplan recomputes."""

from icsplan.backtest.findings import Finding, findings_frame

__all__ = ["Finding", "findings_frame"]
