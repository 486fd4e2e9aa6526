"""Referral-to-treatment (RTT) waiting lists: a stock-and-flow model by months waited.

Compatible with NHS BNSSG's R package NHSRtt (calibrate renege and capacity parameters per
compartment from published counts, project month by month under given referrals and
capacity), with icsplan's own better-behaved options beside the reference's, the planner's
questions (capacity for a standard by a date, steady state, zero 52-week waits) and a link
to the demand and financial plan.  Equations and differences: docs/waiting-list.md.
"""
