"""Explain a headline figure: the parts that make it, from the plan's own tables.

The gap is the sum of the financial bridge's steps; a step that stands for initiatives is
the sum of their net savings at the horizon; an initiative's net saving is its gross saving
less its investment and stranded cost; the activity it removes is shown by pod and by
locality. The net saving is the cash flow's gross saving less the initiatives' investment,
stranded cost, pump priming and capital at the horizon; the plan-period figures are sums by
year. Every `Breakdown` says what its rows add up to, and a test holds each to the figure
it explains (nothing is recomputed: the rows are the plan's finance bridge, initiative
economics, cash flow, locality targets and projection).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from icsplan.headline import figures
from icsplan.vocabulary import MILLION

if TYPE_CHECKING:
    from icsplan.pipeline import Plan

#: the figures that have a drill-down, in the order the page offers them
EXPLAINED = ("gap", "net", "cumulative-net", "investment", "gross", "activity-value",
             "avoided")


def explained_by(key: str) -> str | None:
    """The drill-down a headline card links to: its own where its figure is a sum of parts;
    for the payback year, the net saving year by year (the year its running total first
    reaches zero); for a pod's change against momentum, the contacts avoided by pod and by
    locality."""
    if key in EXPLAINED:
        return key
    if key == "payback":
        return "cumulative-net"
    if key.startswith("pod-"):
        return "avoided"
    return None


@dataclass(frozen=True)
class Breakdown:
    """One table of parts: `frame` has label columns and `value` (in `unit`: 'gbp' or
    'count'); `total` is what the rows add up to, `of` what that total is."""

    ident: str
    title: str
    frame: pd.DataFrame
    unit: str
    total: float
    of: str

    @property
    def parts_sum(self) -> float:
        """The sum of the rows' values."""
        return float(self.frame["value"].sum())


def _horizon(frame: pd.DataFrame, horizon: str) -> pd.DataFrame:
    return frame[frame["year"] == horizon]


def initiative_net(plan: Plan) -> pd.DataFrame:
    """Each initiative at the horizon: gross saving, investment, stranded cost, net (pounds)."""
    eco = _horizon(plan.finance.economics, plan.horizon)
    return eco[["initiative", "gross_gbp", "investment_gbp", "stranded_gbp", "net_gbp"]] \
        .reset_index(drop=True)


def gap_steps(plan: Plan) -> Breakdown:
    """The bridge's steps, in order; they add up to the gap."""
    bridge = plan.finance.bridge
    frame = pd.DataFrame({"step": bridge["step"], "value": bridge["value_gbp"].astype(float)})
    return Breakdown("gap-steps", f"The financial bridge to {plan.horizon}, step by step",
                     frame, "gbp", float(bridge["value_gbp"].sum()), "the gap")


def step_initiatives(plan: Plan) -> list[Breakdown]:
    """For each bridge step the model computes from initiatives: their net savings."""
    nets = initiative_net(plan).set_index("initiative")
    out = []
    for row in plan.finance.bridge.itertuples(index=False):
        names = [i for i in str(getattr(row, "initiatives", "") or "").split(";") if i]
        if not names:
            continue
        part = nets.reindex(names)
        frame = pd.DataFrame({"initiative": names, "value": part["net_gbp"].to_numpy()})
        out.append(Breakdown(f"step-{row.order}", f"{row.step}: net saving of its "
                             f"initiatives in {plan.horizon}", frame, "gbp",
                             float(row.value_gbp), f"the step '{row.step}'"))
    return out


def initiative_parts(plan: Plan) -> list[Breakdown]:
    """For each initiative: gross saving less investment and stranded cost is its net."""
    out = []
    for row in initiative_net(plan).itertuples(index=False):
        frame = pd.DataFrame({"part": ["gross saving", "investment", "stranded cost"],
                              "value": [row.gross_gbp, -row.investment_gbp,
                                        -row.stranded_gbp]})
        out.append(Breakdown(f"initiative-{row.initiative}", row.initiative, frame, "gbp",
                             float(row.net_gbp), "its net saving"))
    return out


def removed_by(plan: Plan, initiative: str, key: str) -> pd.DataFrame:
    """Activity an initiative removes at the horizon, by pod or locality (contacts)."""
    proj = plan.projection
    removed = proj.removed.get(initiative)
    if removed is None:
        return pd.DataFrame(columns=[key, "value"])
    values = np.asarray(removed[-1], dtype=float)
    frame = pd.DataFrame({key: proj.cells[key].astype(str).to_numpy(), "value": values})
    frame = frame.groupby(key, sort=False, as_index=False)["value"].sum()
    return frame[frame["value"].abs() > 1e-9].reset_index(drop=True)


def initiative_activity(plan: Plan) -> list[Breakdown]:
    """For each initiative: the activity it removes at the horizon by pod and by locality
    (the two tables add up to the same number)."""
    out = []
    for ini in plan.projection.removed:
        by_pod = removed_by(plan, ini, "pod")
        total = float(by_pod["value"].sum())
        out.append(Breakdown(f"activity-pod-{ini}", ini, by_pod, "count", total,
                             "the activity it removes"))
        out.append(Breakdown(f"activity-locality-{ini}", ini, removed_by(plan, ini, "locality"),
                             "count", total, "the activity it removes"))
    return out


def net_parts(plan: Plan) -> Breakdown:
    """The horizon's net saving: gross less investment, stranded cost, pump priming, capital."""
    last = _horizon(plan.finance.cash_flow, plan.horizon).iloc[0]
    parts = [("gross saving of the initiatives", last["gross_gbp"]),
             ("investment in the initiatives", -last["initiative_investment_gbp"]),
             ("stranded cost", -last["stranded_gbp"]),
             ("pump priming", -last["pump_priming_gbp"]), ("capital", -last["capital_gbp"])]
    frame = pd.DataFrame(parts, columns=["part", "value"])
    return Breakdown("net-parts", f"Net saving in {plan.horizon}: gross saving less what is "
                     "spent and left stranded", frame, "gbp",
                     float(plan.finance.investment_summary.net_saving_gbp), "the net saving")


def cumulative_parts(plan: Plan) -> Breakdown:
    """The net saving of every year of the plan; they add up to the plan-period figure."""
    cash = plan.finance.cash_flow
    frame = pd.DataFrame({"year": cash["year"], "value": cash["net_gbp"].astype(float)})
    return Breakdown("cumulative-parts", "Net saving year by year", frame, "gbp",
                     float(plan.finance.investment_summary.cumulative_net_gbp),
                     "the net saving over the plan")


def investment_parts(plan: Plan) -> Breakdown:
    """The investment by kind over the plan: initiatives', pump priming and capital."""
    cash = plan.finance.cash_flow
    frame = pd.DataFrame([("investment in the initiatives",
                           cash["initiative_investment_gbp"].sum()),
                          ("pump priming", cash["pump_priming_gbp"].sum()),
                          ("capital", cash["capital_gbp"].sum())], columns=["part", "value"])
    return Breakdown("investment-parts", "Investment over the plan by kind", frame, "gbp",
                     float(plan.finance.investment_summary.investment_gbp),
                     "the investment over the plan")


def gross_parts(plan: Plan) -> Breakdown:
    """The horizon's gross saving by initiative."""
    nets = initiative_net(plan)
    frame = pd.DataFrame({"initiative": nets["initiative"], "value": nets["gross_gbp"]})
    return Breakdown("gross-parts", f"Gross saving in {plan.horizon} by initiative", frame,
                     "gbp", float(plan.finance.investment_summary.gross_saving_gbp),
                     "the gross saving")


def targets_by(plan: Plan, key: str, column: str, unit: str, ident: str, title: str,
               total: float, of: str) -> Breakdown:
    """A locality-target column summed by pod or locality."""
    frame = (plan.targets.groupby(key, sort=False, as_index=False)[column].sum()
             .rename(columns={column: "value"}))
    return Breakdown(ident, title, frame, unit, total, of)


def avoided_parts(plan: Plan) -> list[Breakdown]:
    """Contacts avoided against momentum at the horizon, by pod and by locality."""
    summ = _horizon(plan.activity.summary, plan.horizon)
    by_pod = pd.DataFrame({"pod": summ["pod"],
                           "value": (summ["momentum"] - summ["planned"]).astype(float)})
    loc = _horizon(plan.activity.by_locality, plan.horizon)
    by_loc = (loc.assign(value=loc["momentum"] - loc["planned"])
              .groupby("locality", sort=False, as_index=False)["value"].sum())
    total = float(by_pod["value"].sum())
    return [Breakdown("avoided-pod", f"Fewer contacts than momentum in {plan.horizon} by "
                      "point of delivery", by_pod, "count", total, "the contacts avoided"),
            Breakdown("avoided-locality", f"Fewer contacts than momentum in {plan.horizon} "
                      "by locality", by_loc, "count", total, "the contacts avoided")]


def explain(plan: Plan, key: str) -> list[Breakdown]:
    """The breakdowns of headline figure `key` (the first adds up to the figure itself)."""
    value = {f.key: f for f in figures(plan)}
    if key not in value or key not in EXPLAINED:
        return []
    if key == "gap":
        return [gap_steps(plan), *step_initiatives(plan), *initiative_parts(plan),
                *initiative_activity(plan)]
    if key == "net":
        return [net_parts(plan), gross_parts(plan), *initiative_parts(plan)]
    if key == "cumulative-net":
        return [cumulative_parts(plan)]
    if key == "investment":
        return [investment_parts(plan)]
    if key == "gross":
        return [gross_parts(plan), *initiative_parts(plan), *initiative_activity(plan)]
    if key == "activity-value":
        total = float(plan.targets["gross_savings_gbp"].sum())
        return [targets_by(plan, "pod", "gross_savings_gbp", "gbp", "value-pod",
                           f"Value of the activity avoided in {plan.horizon} by point of "
                           "delivery", total, "the value of the activity avoided"),
                targets_by(plan, "locality", "gross_savings_gbp", "gbp", "value-locality",
                           f"Value of the activity avoided in {plan.horizon} by locality",
                           total, "the value of the activity avoided")]
    return avoided_parts(plan)


def figure_total(plan: Plan, key: str) -> float:
    """The headline figure `key` in the breakdowns' unit (pounds or contacts)."""
    fig = {f.key: f for f in figures(plan)}[key]
    return float(fig.value) * (MILLION if fig.unit in ("gbpm", "gap") else 1.0)
