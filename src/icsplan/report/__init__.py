"""Tables and charts for people: the HTML board report, charts, Excel workbooks."""
