"""The report's sections by subject; `report.html` assembles them in order."""
