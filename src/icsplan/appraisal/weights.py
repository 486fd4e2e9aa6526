"""Weights a user chooses (the app's appraisal page): checked, normalised to add up to 1, and
the options re-scored with `scoring.weighted_totals` (the appraisal's own weighted sum), so
the ranks at any weights come from the same arithmetic as the appraisal's stated ones.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from icsplan.appraisal.scoring import weighted_totals
from icsplan.safety.fields import form_number


def user_weights(criteria: pd.DataFrame, values: list[object]
                 ) -> tuple[np.ndarray | None, dict[str, str]]:
    """Weights in the criteria's order, normalised to add up to 1, or one plain sentence per
    criterion whose weight is not a number of 0 or more (keyed by criterion; key "" when
    every weight is 0)."""
    names = list(criteria["name"])
    codes = list(criteria["criterion"])
    problems: dict[str, str] = {}
    numbers = []
    for code, name, value in zip(codes, names, values, strict=True):
        number = form_number(value)
        if number is None or number < 0:
            shown = "" if value is None else value
            problems[code] = f"The weight of '{name}' must be a number of 0 or more; got " \
                             f"'{shown}'."
        numbers.append(number)
    if problems:
        return None, problems
    weights = np.array(numbers, dtype=float)
    if weights.sum() <= 0:
        return None, {"": "At least one weight must be above 0."}
    return weights / weights.sum(), {}


def score_matrix_of(scores: pd.DataFrame, criteria: pd.DataFrame) -> pd.DataFrame:
    """The options x criteria scores (0-10) an appraisal's `scores` table holds, in the
    appraisal's option order and the criteria's order."""
    rows = scores[scores["criterion"] != "total"]
    matrix = rows.pivot(index="option", columns="criterion", values="score")
    order = list(dict.fromkeys(rows["option"]))
    return matrix.reindex(index=order, columns=list(criteria["criterion"]))


def rescore(scores: pd.DataFrame, criteria: pd.DataFrame, weights: np.ndarray) -> pd.DataFrame:
    """An appraisal's `scores` table (option, criterion, weight_pct, score, weighted, rank)
    at other weights (fractions adding up to 1): totals and ranks by `weighted_totals`."""
    matrix = score_matrix_of(scores, criteria)
    totals = weighted_totals(matrix, weights)
    pct = dict(zip(criteria["criterion"], 100 * weights, strict=True))
    long = matrix.reset_index().melt(id_vars="option", var_name="criterion", value_name="score")
    long["weight_pct"] = long["criterion"].map(pct)
    long["weighted"] = long["score"] * long["weight_pct"] / 100
    total_rows = pd.DataFrame({"option": totals.index, "criterion": "total",
                               "score": np.nan, "weight_pct": 100.0,
                               "weighted": totals["total"].to_numpy()})
    out = pd.concat([long, total_rows[long.columns.tolist()]], ignore_index=True)
    out["rank"] = out["option"].map(totals["rank"]).astype(int)
    return out[["option", "criterion", "weight_pct", "score", "weighted", "rank"]]


def rank_table(stated: pd.DataFrame, chosen: pd.DataFrame) -> pd.DataFrame:
    """Per option, best first at the chosen weights: the total and rank at the chosen and at
    the stated weights, and how many places the option moved (up is positive)."""
    def totals(frame: pd.DataFrame) -> pd.DataFrame:
        return frame[frame["criterion"] == "total"].set_index("option")[["weighted", "rank"]]

    now, then = totals(chosen), totals(stated)
    table = pd.DataFrame({"option": now.index, "total": now["weighted"].to_numpy(),
                          "rank": now["rank"].to_numpy(),
                          "stated total": then["weighted"].reindex(now.index).to_numpy(),
                          "stated rank": then["rank"].reindex(now.index).to_numpy()})
    table["places moved"] = table["stated rank"] - table["rank"]
    return table.sort_values(["rank", "option"], kind="stable").reset_index(drop=True)
