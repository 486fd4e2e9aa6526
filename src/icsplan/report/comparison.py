"""A short HTML page comparing two plans: the headline, what changed in the inputs, and the
activity and money that follow."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from icsplan.report.components import details_html, table_html
from icsplan.report.style import pod_label
from icsplan.vocabulary import MILLION, money_m

if TYPE_CHECKING:
    from icsplan.compare import Comparison


def render_comparison(c: Comparison) -> str:
    """The comparison as one self-contained HTML page (no scripts, no network)."""
    from icsplan.report.html import CSS

    head = c.headline.copy()
    for col in ("a", "b", "difference"):
        head[col] = [money_m(v, sign=col == "difference") if isinstance(v, float) else v
                     for v in head[col]]
    head.columns = ["Measure", c.a, c.b, "Difference"]
    parts = [table_html(head, "Headline figures")]
    if c.inputs is None:
        parts.append("<p>Inputs are compared only between two scenarios; a saved run keeps "
                     "its results, not its inputs (the inputs' hashes are above).</p>")
    elif c.inputs.empty:
        parts.append("<p>The inputs are the same.</p>")
    else:
        counts = c.inputs.groupby("table").size().rename("cells that differ").reset_index()
        parts.append(table_html(counts, "Inputs that differ, by table"))
        parts.append(details_html(f"Every input that differs ({len(c.inputs):,})", table_html(
            c.inputs.rename(columns={"value_a": c.a, "value_b": c.b}), "Inputs that differ")))
    horizon = c.activity["year"].max()
    last = c.activity[c.activity["year"] == horizon].copy()
    last["pod"] = last["pod"].map(pod_label)
    last = last[["pod", "planned_a", "planned_b", "planned_difference",
                 "planned_difference_pct"]]
    last.columns = ["Point of delivery", f"Planned: {c.a}", f"Planned: {c.b}", "Difference",
                    "Difference (%)"]
    parts.append(table_html(last, f"Planned activity in {horizon}",
                            {k: ",.0f" for k in last.columns[1:4]} | {"Difference (%)": "+.2f"}))
    steps = c.bridge[["step", "value_gbp_a", "value_gbp_b", "difference_gbp"]].copy()
    for col in ("value_gbp_a", "value_gbp_b", "difference_gbp"):
        steps[col] = steps[col] / MILLION
    steps.columns = ["Bridge step", f"{c.a} (£m)", f"{c.b} (£m)", "Difference (£m)"]
    changed = steps[steps["Difference (£m)"].abs() > 0.05]
    parts.append(table_html(changed if len(changed) else steps, "Bridge steps that differ"
                            if len(changed) else "Bridge steps (none differ)",
                            {k: "+,.1f" for k in steps.columns[1:]}))
    title = f"{c.a} compared with {c.b}"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}: icsplan</title><style>{CSS}</style></head>
<body><header><h1>{html.escape(title)}</h1></header>
<main><section>{''.join(parts)}</section></main></body></html>"""
