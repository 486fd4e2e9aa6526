"""Chart functions by subject, each returning a Plotly figure; the report and the app share
them (colours and labels come only from `report.style`).  The report's larger charts are
also built as plain dicts (`x_figure`, see `plain.py`), which the report draws without
Plotly's per-property checks; `x` is the same chart as a `go.Figure`."""
