"""Finance: initiative economics, the system bridge, investment phasing, workforce and
organisation budgets (docs/finance.md)."""

from icsplan.finance.result import Finance, plan_finance

__all__ = ["Finance", "plan_finance"]
