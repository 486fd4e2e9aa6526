"""The headline figures and their words, in one place: the app, the report, the CLI and
`compare` all read them from here, so a figure has one value under one name and one wording.

Signs: the financial gap after the bridge is negative for a deficit ("a deficit of £0.3m")
and positive for a surplus ("a surplus of £78.9m"). Payback is a year, "no investment to pay
back" or "not by <horizon>".

Two savings are easily confused, so each has its own name:

* **value of the activity avoided** (`activity_value_gbp`): the activity the initiatives remove
  against momentum at the horizon, priced at each pod's unit cost (before anything is spent
  re-providing care); the locality targets' `gross_savings_gbp` adds up to it;
* **gross saving of the initiatives** (`gross_saving_gbp`): that value less the cost of
  re-providing care elsewhere, plus savings not tied to activity (the finance model's gross,
  before investment and stranded cost).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from icsplan.report.labels import money, pod_label
from icsplan.vocabulary import MILLION

if TYPE_CHECKING:
    from icsplan.pipeline import Plan

#: each headline figure's name; `{horizon}`, `{first}` (first plan year) filled per plan
WORDS = {
    "gap": "system financial gap in {horizon} after the bridge",
    "net": "net saving of the initiatives in {horizon}",
    "cumulative-net": "net saving over the plan, {first} to {horizon}",
    "investment": "investment over the plan, {first} to {horizon}",
    "payback": "payback year of the investment",
    "gross": "gross saving of the initiatives in {horizon} (after re-provision)",
    "activity-value": "value of the activity avoided in {horizon} (at unit cost)",
    "avoided": "fewer hospital contacts than momentum in {horizon}",
    "pod": "{pod} vs momentum in {horizon}",
}


def gap_words(value_gbp: float) -> str:
    """The gap as a board paper says it: 'a deficit of £0.3m', 'a surplus of £78.9m'."""
    if round(value_gbp / MILLION, 1) == 0:
        return "a balanced position (£0.0m)"
    state = "deficit" if value_gbp < 0 else "surplus"
    return f"a {state} of {money(abs(value_gbp))}"


def payback_words(payback_year: str | None, investment_gbp: float,
                  horizon: str | None) -> str:
    """Payback in words: the year, 'no investment to pay back' or 'not by <horizon>'."""
    if investment_gbp <= 0:
        return "no investment to pay back"
    if payback_year:
        return str(payback_year)
    return f"not by {horizon}" if horizon else "not by the horizon"


@dataclass(frozen=True)
class Figure:
    """One headline figure: an id, its name, its value and how to show it."""

    key: str
    label: str
    value: float | str | None
    unit: str  # "count", "pct", "gbpm", "gap" (£m, signed), "text" or "year"

    def text(self) -> str:
        """The value as a planner reads it (e.g. '£12.3m', '-9.73%', 'deficit of £0.3m')."""
        return format_value(self.value, self.unit)

    @property
    def title(self) -> str:
        """The name as a table row or card starts it: 'Net saving of the initiatives...'."""
        return self.label[:1].upper() + self.label[1:]


def format_value(value: float | str | None, unit: str) -> str:
    """A figure's value in its unit, or 'none' when there is no value."""
    if value is None or value == "":
        return "none"
    if unit in ("year", "text"):
        return str(value)
    if unit == "pct":
        return f"{float(value):+.2f}%"
    if unit == "gap":
        words = gap_words(float(value) * MILLION)
        return words[2:] if words.startswith("a ") else words
    if unit == "gbpm":
        sign = "-" if float(value) < 0 else ""
        return f"{sign}£{abs(float(value)):,.1f}m"
    return f"{float(value):,.0f}"


def difference_text(base: Figure, new: Figure) -> str:
    """How `new` differs from `base`, in the figure's unit ('+£1.2m', '+0.40 points')."""
    if base.value is None or new.value is None or base.unit in ("year", "text"):
        return "" if base.value == new.value else "changed"
    diff = float(new.value) - float(base.value)
    if abs(diff) < 1e-9:
        return "no change"
    if base.unit == "pct":
        return f"{diff:+.2f} points"
    if base.unit in ("gbpm", "gap"):
        return f"{'+' if diff > 0 else '-'}£{abs(diff):,.1f}m"
    return f"{diff:+,.0f}"


def _words(key: str, plan: Plan, **extra: str) -> str:
    years = plan.scenario.years
    first = years[1] if len(years) > 1 else years[0]
    return WORDS[key].format(horizon=plan.horizon, first=first, **extra)


def activity_value_gbp(plan: Plan) -> float:
    """The activity avoided against momentum at the horizon, at unit cost (pounds)."""
    return float(plan.targets["gross_savings_gbp"].sum())


def figures(plan: Plan) -> list[Figure]:
    """The headline: the gap, net saving (horizon and over the plan), payback, investment,
    gross saving, the value of the activity avoided, contacts avoided and each pod against
    momentum, all named from `WORDS`."""
    out: list[Figure] = []
    fin = plan.finance
    if not fin.bridge.empty:
        out.append(Figure("gap", _words("gap", plan),
                          float(fin.bridge["value_gbp"].sum()) / MILLION, "gap"))
    inv = fin.investment_summary
    if inv is not None:
        out += [
            Figure("net", _words("net", plan), float(inv.net_saving_gbp) / MILLION, "gbpm"),
            Figure("cumulative-net", _words("cumulative-net", plan),
                   float(inv.cumulative_net_gbp) / MILLION, "gbpm"),
            Figure("payback", _words("payback", plan),
                   payback_words(fin.payback_year, float(inv.investment_gbp), plan.horizon),
                   "text"),
            Figure("investment", _words("investment", plan),
                   float(inv.investment_gbp) / MILLION, "gbpm"),
            Figure("gross", _words("gross", plan),
                   float(inv.gross_saving_gbp) / MILLION, "gbpm")]
    if "gross_savings_gbp" in plan.targets:
        out.append(Figure("activity-value", _words("activity-value", plan),
                          activity_value_gbp(plan) / MILLION, "gbpm"))
    summ = plan.activity.summary
    last = summ[summ["year"] == plan.horizon]
    out.append(Figure("avoided", _words("avoided", plan),
                      float((last["momentum"] - last["planned"]).sum()), "count"))
    for row in last.itertuples():
        out.append(Figure(f"pod-{row.pod}", _words("pod", plan, pod=pod_label(row.pod)),
                          float(row.change_vs_momentum_pct), "pct"))
    return out
