"""Locality targets: each locality's share of the system plan at the horizon.

`locality_targets` reads them off a projection (the model's own numbers); `locality_table`
recomputes a published locality target table from that table's own assumptions (baseline,
growth basis, target reduction, saving per unit), as the seeds built it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from icsplan.model.demand import Projection
from icsplan.scenario.model import Scenario

COLUMNS = ["ccg", "locality", "pod", "population", "baseline", "momentum", "target",
           "reduction_vs_baseline", "reduction_vs_momentum", "gross_savings_gbp"]


def locality_targets(scenario: Scenario, projection: Projection,
                     year: str | None = None) -> pd.DataFrame:
    """Per locality and pod in `year` (default the horizon): baseline, momentum, target
    (= planned), reductions (positive = less activity) and gross savings in GBP
    (reduction vs momentum x the pod's unit cost)."""
    areas = projection.area_totals(year or projection.horizon)
    pop = scenario.localities.set_index("locality")["population"]
    cost = scenario.unit_costs.set_index("pod")["cost_gbp"]
    baseline, momentum = areas["baseline"].to_numpy(), areas["momentum"].to_numpy()
    target = areas["planned"].to_numpy()
    reduction = momentum - target
    # one frame made at once (the app's what-if makes it on every change of a lever)
    return pd.DataFrame({
        "ccg": areas["ccg"], "locality": areas["locality"], "pod": areas["pod"],
        "population": _look_up(pop, areas["locality"]).astype(int), "baseline": baseline,
        "momentum": momentum, "target": target, "reduction_vs_baseline": baseline - target,
        "reduction_vs_momentum": reduction,
        "gross_savings_gbp": reduction * _look_up(cost, areas["pod"]).astype(float)},
        columns=COLUMNS)


def _look_up(table: pd.Series, keys: pd.Series) -> np.ndarray:
    """`keys.map(table)` as an array, by one index look-up."""
    at = _positions(table.index, keys)
    if (at < 0).any():
        return keys.map(table).to_numpy()
    return table.to_numpy()[at]


def _positions(index: pd.Index, keys: pd.Series) -> np.ndarray:
    """Each key's position in a unique index, -1 where missing (`get_indexer`): looked up
    by Arrow (`index_in`, a few times cheaper) when both are Arrow text."""
    if not (_arrow_text(index.dtype) and _arrow_text(keys.dtype) and index.is_unique):
        return index.get_indexer(keys)
    found = pc.index_in(pa.array(keys.array), value_set=pa.array(index.array))
    return found.fill_null(-1).to_numpy()


def _arrow_text(dtype) -> bool:
    return isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow"


def locality_table(scenario: Scenario, pod: str, baseline: pd.Series, years: int) -> pd.DataFrame:
    """A locality target table recomputed from the scenario's targets.csv for one pod.

    baseline: activity in the base year by locality; years: base year to target year.
    momentum = baseline x (1 + table growth) ^ years; target = momentum - reduction_vs_momentum.
    """
    t = scenario.targets
    t = t[t["pod"] == pod].set_index("locality")
    locs = scenario.localities.set_index("locality")
    frame = pd.DataFrame({"ccg": locs.loc[t.index, "ccg"], "locality": t.index, "pod": pod,
                          "population": locs.loc[t.index, "population"]}).reset_index(drop=True)
    base = baseline.reindex(t.index).to_numpy(dtype=float)
    growth = (1 + t["annual_growth_pct"].to_numpy(dtype=float) / 100) ** years
    momentum = base * growth
    reduction = t["reduction_vs_momentum"].to_numpy(dtype=float)
    frame["baseline"] = base
    frame["momentum"] = momentum
    frame["target"] = momentum - reduction
    frame["reduction_vs_baseline"] = base - frame["target"]
    frame["reduction_vs_momentum"] = reduction
    frame["gross_savings_gbp"] = reduction * t["gross_saving_per_unit_gbp"].to_numpy(dtype=float)
    frame["reduction_vs_baseline_pct"] = 100 * frame["reduction_vs_baseline"] / np.where(
        base > 0, base, np.nan)
    frame["reduction_vs_momentum_pct"] = 100 * reduction / np.where(momentum > 0, momentum, np.nan)
    return frame
