"""Finance: initiative economics, the system bridge, investment phasing, workforce and
organisation budgets (docs/finance.md)."""

from icsplan.finance.outputs import finance_findings, finance_tables

__all__ = ["finance_findings", "finance_tables"]
