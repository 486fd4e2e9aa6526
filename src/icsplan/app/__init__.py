"""The icsplan web app: plan, ask "what if", compare versions and track delivery in a browser.

A Dash app, one module per page (`app/pages/`), built by `app.server.create_app` and served by
waitress (`icsplan app`).  Charts come from `report.charts` (the report's own functions),
colours and labels from `report.style`; every figure is computed by `pipeline.run_plan`.
"""
