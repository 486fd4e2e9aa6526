"""The system financial bridge: ordered steps from the base year's position to the gap.

    cumulative_k = sum of value_j for j <= k        closing gap = cumulative of the last step

Steps come from bridge.csv (order, step, group, value_gbp or initiatives, source).  A step
that names initiatives takes their net saving at the horizon from the initiative economics,
so the local health and care savings follow the activity model and the investment level.
A demand step with an `activity_share` follows the model's momentum: it carries that share
of the cost of the activity growth from the base year to the horizon, plus a stated
non-activity remainder, so more growth costs more (the money follows demand).
Values are pounds, signed: + improves the position, - worsens it.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from icsplan.errors import InputError

BRIDGE_COLUMNS = ["order", "step", "group", "value_gbp", "cumulative_gbp", "subtotal_after",
                  "initiatives", "source"]


class BridgeError(InputError):
    """A bridge that cannot be built (a step without a value, an unknown initiative)."""

    title = "The financial bridge cannot be built"


def bridge(steps: pd.DataFrame, initiative_net: Mapping[str, float] | None = None,
           activity_growth_gbp: float = 0.0) -> pd.DataFrame:
    """The bridge as a table of BRIDGE_COLUMNS, in order, with the running total.

    `steps` has the columns of bridge.csv; `initiative_net` maps initiative id to its net
    saving at the horizon (pounds) for the steps that name initiatives;
    `activity_growth_gbp` is the cost of the momentum's activity growth from the base year
    to the horizon (pounds), which demand steps with an `activity_share` carry:
    value = -(activity_share x activity_growth_gbp + non_activity_gbp).
    """
    return bridge_of_steps(ordered_steps(steps), initiative_net, activity_growth_gbp)


def ordered_steps(steps: pd.DataFrame) -> list[dict]:
    """The steps of bridge.csv as records, in their order."""
    return steps.sort_values("order", kind="stable").to_dict(orient="records")


def bridge_of_steps(steps: list[dict], initiative_net: Mapping[str, float] | None = None,
                    activity_growth_gbp: float = 0.0) -> pd.DataFrame:
    """`bridge` of the steps as `ordered_steps` gives them."""
    initiative_net = dict(initiative_net or {})
    rows = []
    for rec in steps:
        refs = [x.strip() for x in str(rec.get("initiatives") or "").split(";") if x.strip()]
        value = rec.get("value_gbp")
        share = rec.get("activity_share")
        if share is not None and share == share:
            rest = rec.get("non_activity_gbp")
            rest = 0.0 if rest is None or rest != rest else float(rest)
            value = -(float(share) * activity_growth_gbp + rest)
        elif refs:
            missing = [r for r in refs if r not in initiative_net]
            if missing:
                raise BridgeError(f"bridge step '{rec['step']}' names initiatives with no "
                                  f"economics: {', '.join(missing)}")
            value = sum(initiative_net[r] for r in refs)
        elif value is None or value != value:
            raise BridgeError(f"bridge step '{rec['step']}' has no value; give value_gbp or "
                              "the initiatives whose net saving it is")
        rows.append({"order": int(rec["order"]), "step": rec["step"], "group": rec["group"],
                     "value_gbp": float(value), "subtotal_after": rec.get("subtotal_after") or "",
                     "initiatives": ";".join(refs), "source": rec["source"]})
    frame = pd.DataFrame(rows, columns=[c for c in BRIDGE_COLUMNS if c != "cumulative_gbp"])
    frame.insert(4, "cumulative_gbp", frame["value_gbp"].cumsum())
    return frame[BRIDGE_COLUMNS]


def closing_gap(table: pd.DataFrame) -> float:
    """The position after the last step (pounds; negative = deficit)."""
    return float(table["value_gbp"].sum()) if len(table) else 0.0


def subtotals(table: pd.DataFrame) -> dict[str, float]:
    """Named subtotals (`subtotal_after`) with the running total at that step (pounds)."""
    marked = table[table["subtotal_after"] != ""]
    return dict(zip(marked["subtotal_after"], marked["cumulative_gbp"].astype(float),
                    strict=True))


def group_totals(table: pd.DataFrame) -> dict[str, float]:
    """Total of each group of steps (pounds), in bridge order."""
    return {g: float(v) for g, v in table.groupby("group", sort=False)["value_gbp"].sum().items()}
