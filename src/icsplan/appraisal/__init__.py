"""Options appraisal for hospital reconfiguration: access, flows, beds, economics, scoring.

Entry point: `icsplan.appraisal.appraise.appraise(scenario, activity)` -> `Appraisal`.
"""
