"""A short HTML page comparing two plans: the headline, what changed in the inputs, and the
activity and money that follow."""

from __future__ import annotations

from typing import TYPE_CHECKING

from icsplan.report.components import details_html, table_html
from icsplan.report.style import pod_label
from icsplan.report.templating import trusted
from icsplan.vocabulary import MILLION, money_m

if TYPE_CHECKING:
    from icsplan.compare import Comparison


def render_comparison(c: Comparison) -> str:
    """The comparison as one self-contained HTML page (no scripts, no network)."""
    from icsplan.report.html import page_html

    head = c.headline.copy()
    for col in ("a", "b", "difference"):
        head[col] = [money_m(v, sign=col == "difference") if isinstance(v, float) else v
                     for v in head[col]]
    head.columns = ["Measure", c.a, c.b, "Difference"]
    inputs = None
    if c.inputs is not None:
        counts = c.inputs.groupby("table").size().rename("cells that differ").reset_index()
        inputs = "" if c.inputs.empty else trusted(
            table_html(counts, "Inputs that differ, by table")
            + details_html(f"Every input that differs ({len(c.inputs):,})", table_html(
                c.inputs.rename(columns={"value_a": c.a, "value_b": c.b}),
                "Inputs that differ")))
    horizon = c.activity["year"].max()
    last = c.activity[c.activity["year"] == horizon].copy()
    last["pod"] = last["pod"].map(pod_label)
    last = last[["pod", "planned_a", "planned_b", "planned_difference",
                 "planned_difference_pct"]]
    last.columns = ["Point of delivery", f"Planned: {c.a}", f"Planned: {c.b}", "Difference",
                    "Difference (%)"]
    activity = table_html(last, f"Planned activity in {horizon}",
                          {k: ",.0f" for k in last.columns[1:4]} | {"Difference (%)": "+.2f"})
    steps = c.bridge[["step", "value_gbp_a", "value_gbp_b", "difference_gbp"]].copy()
    for col in ("value_gbp_a", "value_gbp_b", "difference_gbp"):
        steps[col] = steps[col] / MILLION
    steps.columns = ["Bridge step", f"{c.a} (£m)", f"{c.b} (£m)", "Difference (£m)"]
    changed = steps[steps["Difference (£m)"].abs() > 0.05]
    bridge = table_html(changed if len(changed) else steps, "Bridge steps that differ"
                        if len(changed) else "Bridge steps (none differ)",
                        {k: "+,.1f" for k in steps.columns[1:]})
    title = f"{c.a} compared with {c.b}"
    return page_html("pages/compare.html", f"{title}: icsplan", title,
                     headline=trusted(table_html(head, "Headline figures")), inputs=inputs,
                     activity=trusted(activity), bridge=trusted(bridge))
