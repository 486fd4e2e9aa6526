"""Programmes of an operational plan: the portfolio, its money, milestones, risks, KPIs."""
