"""The report's population section, for runs driven by `--population`: segment shares
against the seeds' 5% / 24% / 71%, and the risk model's AUC and calibration by decile."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from icsplan.report.charts.population import calibration_chart
from icsplan.report.components import FigureHtml, Section, chart_html, table_html
from icsplan.report.labels import labels_for

if TYPE_CHECKING:
    from icsplan.pipeline import Plan


def population(plan: Plan, figure: FigureHtml) -> str:
    """Segment shares, the risk model's AUC and its calibration, from the population run."""
    pop = plan.population
    if pop is None:
        return ""
    labels = labels_for(plan.scenario)
    parts = [f"<p>Baseline activity from the patient-level pipeline in "
             f"<code>{html.escape(pop.source)}</code>.</p>"]
    registered = float(plan.scenario.localities["population"].sum())
    if pop.is_partial(registered):
        share = pop.share_of(registered)
        parts.append(
            '<p class="notice"><b>A scaled or partial population.</b> This run is driven by '
            f"{pop.people or 0:,} people ({(share or pop.scale):.1%} of the scenario's "
            f"{registered:,.0f}): activity, savings and targets are for them, while investment "
            "and the bridge's stated steps are for the whole system, so the gap and payback "
            "are not the plan's. Published figures that depend on activity are not "
            "reconciled.</p>")
    if pop.segments is not None:
        parts.append(table_html(pop.segments, "Population segments, whole system (suppressed "
                                "cells left out)", {"per_50000": ",.0f"}, labels))
    if pop.auc is not None:
        parts.append(f"<p>Risk model (logistic regression, {pop.risk_terms} terms) fitted on one "
                     f"period and evaluated on the next: <b>AUC {pop.auc:.3f}</b> "
                     f"({html.escape(pop.evaluation_period)}).</p>")
    if pop.calibration is not None:
        shown = pop.calibration.astype(object).where(pop.calibration.notna(), "*")
        parts.append(chart_html(
            figure, calibration_chart(pop.calibration),
            "Calibration of the risk model: for each decile of predicted risk, the share of "
            "people admitted as an emergency in the next 12 months (bars) against the mean "
            "predicted risk (line); close agreement means the model is well calibrated. "
            "* in the data: a small number, suppressed.",
            shown, {"mean_predicted": ".4f", "observed_rate": ".4f"}, labels))
    return "".join(parts)


SECTIONS = [Section("Population segments and risk", population)]
