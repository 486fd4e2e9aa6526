"""The report's opening summary: the bridge gap, the net saving, payback and the change in
activity against momentum at the horizon, each read from the plan (never typed in)."""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from icsplan.report.components import FigureHtml, Section, cards_html, table_html
from icsplan.report.labels import labels_for, money

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
        if self.investment_gbp <= 0:
            return "no investment to pay back"
        return self.payback_year or f"not by {self.horizon}"


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
    words = []
    if h.gap_gbp is not None:
        state = "deficit" if h.gap_gbp < 0 else "surplus"
        cards.append((money(h.gap_gbp), f"system financial gap in {h.horizon} after the bridge"))
        words.append(f"After every step of the financial bridge the system is left with a "
                     f"<b>{state} of {money(abs(h.gap_gbp))}</b> in {h.horizon}.")
    if h.net_saving_gbp is not None:
        cards.append((money(h.net_saving_gbp), f"net saving of the initiatives in {h.horizon}"))
        cards.append((h.payback_text.capitalize() if not h.payback_year else h.payback_text,
                      "payback year of the investment"))
        level = f"{h.investment_level:.0%} of the planned investment"
        if h.investment_gbp <= 0:
            words.append(f"The initiatives need no investment and save "
                         f"<b>{money(h.net_saving_gbp)}</b> net in {h.horizon}.")
        else:
            pays = (f"pays back in <b>{h.payback_year}</b>" if h.payback_year
                    else f"does <b>not pay back by {h.horizon}</b>")
            words.append(f"At {level} ({money(h.investment_gbp)} over all years) the initiatives "
                         f"save <b>{money(h.net_saving_gbp)}</b> net in {h.horizon} and the "
                         f"investment {pays}.")
    fewer = h.momentum - h.planned
    cards.append((f"{h.change_vs_momentum_pct:+.1f}%",
                  f"hospital contacts in {h.horizon} vs momentum (do nothing)"))
    direction = "fewer" if fewer >= 0 else "more"
    words.append(f"Planned hospital activity in {h.horizon} is <b>{abs(fewer):,.0f} contacts "
                 f"{direction}</b> than momentum ({h.change_vs_momentum_pct:+.1f}%).")
    table = table_html(h.by_pod, f"Activity in {h.horizon}: momentum and planned",
                       {"momentum": ",.0f", "planned": ",.0f",
                        "change_vs_momentum_pct": "+.1f"}, labels)
    return (cards_html(cards) + f'<p class="lead">{" ".join(words)}</p>'
            + f"<p>{html.escape(plan.scenario.meta.title)}; base year {labels.base_year}, "
              f"horizon {h.horizon}.</p>" + table)


SECTIONS = [Section("Summary", summary)]
