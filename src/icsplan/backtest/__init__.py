"""Back tests and reconciliation: published seed figures against what icsplan recomputes."""

from icsplan.backtest.findings import Finding, findings_frame, summary
from icsplan.backtest.reconcile import reconcile

__all__ = ["Finding", "findings_frame", "reconcile", "summary"]
