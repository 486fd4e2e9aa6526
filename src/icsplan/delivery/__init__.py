"""Delivery: KPIs, trajectories, actuals import, SPC over series, plan against actual."""
