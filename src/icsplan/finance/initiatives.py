"""Initiative economics: each initiative's gross saving, investment, stranded cost and net.

Per initiative and year (pounds per year):

    activity  = sum over cells of activity removed x unit cost of the cell's pod
    reprovide = reprovision_share x (shifted activity x unit cost)
    gross     = (activity - reprovide + non_activity_saving x phasing) x s(investment level)
    investment = investment_gbp x phasing x investment level
    stranded  = stranded_share x gross
    net       = gross - investment - stranded

where the phasing is the initiative's own (initiatives.yaml) and s the savings-response
curve (`finance.response`).  Inputs: unit_costs.csv and initiative_finance.csv.
"""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd

from icsplan.finance.response import check_level, savings_response
from icsplan.model.demand import Projection
from icsplan.scenario.model import Scenario

log = logging.getLogger(__name__)

ECONOMICS_COLUMNS = ["initiative", "year", "activity_saving_gbp", "reprovision_gbp",
                     "non_activity_saving_gbp", "gross_gbp", "investment_gbp",
                     "investment_type", "stranded_gbp", "net_gbp"]


def unit_costs(scenario: Scenario, projection: Projection) -> np.ndarray:
    """Unit cost (pounds) of each cell of the projection, by its pod."""
    cost = scenario.unit_costs.set_index("pod")["cost_gbp"]
    pods = projection.cells["pod"]
    if not isinstance(pods.dtype, pd.CategoricalDtype):
        return pods.map(cost).fillna(0.0).to_numpy(dtype=float)
    # each pod looked up once (the cells hold codes into the pods), not each cell
    per_pod = np.append(pods.cat.categories.map(cost).to_numpy(dtype=float), 0.0)
    per_pod[np.isnan(per_pod)] = 0.0  # a pod without a unit cost (the last: no pod)
    return per_pod[pods.cat.codes.to_numpy()]


def initiative_economics(scenario: Scenario, projection: Projection,
                         investment_level: float = 1.0) -> pd.DataFrame:
    """Gross, investment, stranded and net (pounds) per initiative and year; the columns of
    ECONOMICS_COLUMNS.  Initiatives without a row in initiative_finance.csv save activity x
    unit cost and have no investment or stranded cost."""
    level = check_level(investment_level)
    response = savings_response(level)
    cost = unit_costs(scenario, projection)
    finance = scenario.initiative_finance.set_index("initiative")
    years = list(projection.years)
    columns: dict[str, list] = {c: [] for c in ECONOMICS_COLUMNS}
    for ini in scenario.initiatives:
        removed = projection.removed[ini.id]
        phase = np.array([ini.phasing.get(y, 0.0) for y in years])
        activity = removed @ cost
        if ini.id in finance.index:
            fin = finance.loc[ini.id]
            reprovide = float(fin["reprovision_share"]) * (projection.shifted_by[ini.id] @ cost)
            non_activity = float(fin["non_activity_saving_gbp"]) * phase
            investment = float(fin["investment_gbp"]) * phase * level
            stranded_share = float(fin["stranded_share"])
            kind = str(fin["investment_type"])
        else:
            log.info("initiative %s has no financial inputs; gross = activity x unit cost",
                     ini.id)
            reprovide = np.zeros(len(phase))
            non_activity = np.zeros(len(phase))
            investment = np.zeros(len(phase))
            stranded_share, kind = 0.0, "recurrent"
        gross = (activity - reprovide + non_activity) * response
        stranded = stranded_share * gross
        for name, values in (  # one row a year, the initiative's rows together
                ("initiative", [ini.id] * len(years)), ("year", years),
                ("activity_saving_gbp", activity * response),
                ("reprovision_gbp", reprovide * response),
                ("non_activity_saving_gbp", non_activity * response), ("gross_gbp", gross),
                ("investment_gbp", investment), ("investment_type", [kind] * len(years)),
                ("stranded_gbp", stranded), ("net_gbp", gross - investment - stranded)):
            columns[name].append(values)
    if not columns["year"]:
        return pd.DataFrame([], columns=ECONOMICS_COLUMNS)
    return pd.DataFrame({name: np.concatenate(parts) if name.endswith("_gbp") else
                         [v for part in parts for v in part]
                         for name, parts in columns.items()}, columns=ECONOMICS_COLUMNS)


def at_horizon(economics: pd.DataFrame) -> pd.DataFrame:
    """The economics of the last year, indexed by initiative."""
    last = economics["year"].max()
    return economics[economics["year"] == last].set_index("initiative")
