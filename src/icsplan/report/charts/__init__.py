"""Chart functions by subject, each returning a Plotly figure; the report and the app share
them (colours and labels come only from `report.style`)."""
