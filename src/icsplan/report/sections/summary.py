"""The report's opening summary: the bridge gap, the net saving, payback and the change in
activity against momentum at the horizon, each read from the plan (never typed in)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from icsplan.headline import WORDS, format_value, gap_words, payback_words
from icsplan.report.components import FigureHtml, Section, cards_html, table_html
from icsplan.report.labels import labels_for, money
from icsplan.report.templating import render, trusted
from icsplan.vocabulary import MILLION

if TYPE_CHECKING:
    from icsplan.pipeline import Plan


@dataclass(frozen=True)
class Headline:
    """The summary's figures for one plan (pounds and activity units; None when absent)."""

    horizon: str
    gap_gbp: float | None  # the bridge's closing gap at the horizon (negative = deficit)
    net_saving_gbp: float | None  # net saving of the initiatives in the horizon year
    investment_gbp: float  # investment over all years at the run's level
    investment_level: float
    payback_year: str | None
    momentum: float  # hospital contacts at the horizon under momentum
    planned: float  # and as planned
    by_pod: pd.DataFrame  # pod, momentum, planned, change_vs_momentum_pct at the horizon

    @property
    def change_vs_momentum_pct(self) -> float:
        """Planned against momentum at the horizon, all pods together (%)."""
        return 100 * (self.planned / self.momentum - 1) if self.momentum else 0.0

    @property
    def payback_text(self) -> str:
        """Payback in words: the year, 'no investment to pay back' or 'not by <horizon>'."""
        return payback_words(self.payback_year, self.investment_gbp, self.horizon)


def headline(plan: Plan) -> Headline:
    """The summary's figures, computed from the plan."""
    fin = plan.finance
    summ = plan.activity.summary
    last = summ[summ["year"] == plan.horizon]
    inv = fin.investment_summary
    return Headline(
        horizon=plan.horizon,
        gap_gbp=float(fin.bridge["value_gbp"].sum()) if not fin.bridge.empty else None,
        net_saving_gbp=inv.net_saving_gbp if inv is not None else None,
        investment_gbp=inv.investment_gbp if inv is not None else 0.0,
        investment_level=float(fin.investment_level),
        payback_year=inv.payback_year if inv is not None else None,
        momentum=float(last["momentum"].sum()), planned=float(last["planned"].sum()),
        by_pod=last[["pod", "momentum", "planned", "change_vs_momentum_pct"]])


def summary(plan: Plan, figure: FigureHtml) -> str:
    """Headline cards and a paragraph that says them in words, then activity by pod."""
    h = headline(plan)
    labels = labels_for(plan.scenario)
    cards = []
    gap = saving = None
    if h.gap_gbp is not None:
        cards.append((format_value(h.gap_gbp / MILLION, "gap").capitalize(),
                      WORDS["gap"].format(horizon=h.horizon)))
        gap = gap_words(h.gap_gbp)
    if h.net_saving_gbp is not None:
        cards.append((money(h.net_saving_gbp), WORDS["net"].format(horizon=h.horizon)))
        cards.append((h.payback_text.capitalize() if not h.payback_year else h.payback_text,
                      WORDS["payback"]))
        saving = {"invested": h.investment_gbp > 0, "net": money(h.net_saving_gbp),
                  "level": f"{h.investment_level:.0%} of the planned investment",
                  "investment": money(h.investment_gbp), "payback": h.payback_year}
    fewer = h.momentum - h.planned
    cards.append((f"{h.change_vs_momentum_pct:+.1f}%",
                  f"hospital contacts in {h.horizon} vs momentum (do nothing)"))
    table = table_html(h.by_pod, f"Activity in {h.horizon}: momentum and planned",
                       {"momentum": ",.0f", "planned": ",.0f",
                        "change_vs_momentum_pct": "+.1f"}, labels)
    return render("sections/summary.html", cards=trusted(cards_html(cards)), gap=gap,
                  saving=saving, horizon=h.horizon, fewer=f"{abs(fewer):,.0f}",
                  direction="fewer" if fewer >= 0 else "more",
                  change=f"{h.change_vs_momentum_pct:+.1f}%", title=plan.scenario.meta.title,
                  base_year=labels.base_year, table=trusted(table))


SECTIONS = [Section("Summary", summary)]
