"""The report's population section, for runs driven by `--population`: segment shares
against the seeds' 5% / 24% / 71%, and the risk model's AUC and calibration by decile."""

from __future__ import annotations

from typing import TYPE_CHECKING

from icsplan.report.charts.population import calibration_chart
from icsplan.report.components import FigureHtml, Section, chart_html, table_html
from icsplan.report.labels import labels_for
from icsplan.report.templating import render, trusted

if TYPE_CHECKING:
    from icsplan.pipeline import Plan


def population(plan: Plan, figure: FigureHtml) -> str:
    """Segment shares, the risk model's AUC and its calibration, from the population run."""
    pop = plan.population
    if pop is None:
        return ""
    labels = labels_for(plan.scenario)
    registered = float(plan.scenario.localities["population"].sum())
    partial = None
    if pop.is_partial(registered):
        share = pop.share_of(registered)
        partial = {"people": f"{pop.people or 0:,}", "share": f"{(share or pop.scale):.1%}",
                   "registered": f"{registered:,.0f}"}
    segments = calibration = ""
    if pop.segments is not None:
        segments = table_html(pop.segments, "Population segments, whole system (suppressed "
                              "cells left out)", {"per_50000": ",.0f"}, labels)
    if pop.calibration is not None:
        shown = pop.calibration.astype(object).where(pop.calibration.notna(), "*")
        calibration = chart_html(
            figure, calibration_chart(pop.calibration),
            "Calibration of the risk model: for each decile of predicted risk, the share of "
            "people admitted as an emergency in the next 12 months (bars) against the mean "
            "predicted risk (line); close agreement means the model is well calibrated. "
            "* in the data: a small number, suppressed.",
            shown, {"mean_predicted": ".4f", "observed_rate": ".4f"}, labels)
    return render("sections/population.html", source=pop.source, partial=partial,
                  segments=trusted(segments),
                  auc=None if pop.auc is None else f"{pop.auc:.3f}", terms=pop.risk_terms,
                  period=pop.evaluation_period, calibration=trusted(calibration))


SECTIONS = [Section("Population segments and risk", population)]
