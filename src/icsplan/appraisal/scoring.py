"""Weighted scoring of options: scores, totals, ranks, switching values, weight Monte Carlo.

Each criterion scores every option 0 (worst) - 10 (best):

* `access`: 10 x share of the population within the access threshold of the nearest
  specialist emergency hospital (an absolute scale: 10 = everyone within it);
* `cost`: 10 x (max EAC - EAC) / (max EAC - min EAC), cheapest 10, dearest 0 (all 10 if equal);
* `entered`: the score a workshop gave (`option_scores`).

total_i = sum_j w_j x score_ij with weights w_j summing to 1 (the weighted sum model of
pymcdm, scores used as they are); rank 1 = highest total.

Switching values: move weight j to x while the other weights keep their proportions (so
they still add up to 100%); then total_i(x) = x s_ij + (1 - x) r_i with
r_i = sum_{k != j} w_k s_ik / (1 - w_j), a straight line in x.  Option i ranks first where
its line is above every other: an interval of x (possibly empty).  For the top option the
switching value is the nearer inner edge of its interval (where it stops being first); for
any other, the nearer edge (where it starts).  Ties are not a switch.

Monte Carlo: weights drawn from a Dirichlet distribution centred on the stated weights
(alpha = concentration x w); the share of draws in which each option ranks first.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from icsplan.appraisal.errors import AppraisalError, Problem
from icsplan.scenario.rules.appraisal import weight_problems


class WeightsError(AppraisalError):
    """Criteria weights that do not add up to 100%."""


def check_weights(weights_pct: pd.Series) -> np.ndarray:
    """Weights as fractions, or a `WeightsError` when they do not add up to 100%."""
    problems = weight_problems(list(weights_pct))
    if problems:
        raise WeightsError(problems)
    return weights_pct.to_numpy(float) / 100.0


def cost_scores(eac: pd.Series) -> pd.Series:
    """0-10 cost scores from equivalent annual costs: cheapest 10, dearest 0."""
    spread = eac.max() - eac.min()
    if spread == 0:
        return pd.Series(10.0, index=eac.index)
    return 10.0 * (eac.max() - eac) / spread


def score_matrix(criteria: pd.DataFrame, entered: pd.DataFrame, options: list[str],
                 access_within_pct: pd.Series | None = None,
                 eac: pd.Series | None = None) -> pd.DataFrame:
    """Options x criteria scores (0-10), in the criteria's order."""
    matrix = pd.DataFrame(index=pd.Index(options, name="option"), dtype=float)
    scores = entered.set_index(["option", "criterion"])["score"]
    problems = []
    for rec in criteria.to_dict(orient="records"):
        crit, measure = rec["criterion"], rec["measure"]
        if measure == "access" and access_within_pct is not None:
            matrix[crit] = access_within_pct.reindex(options).to_numpy() / 10.0
        elif measure == "cost" and eac is not None:
            matrix[crit] = cost_scores(eac.reindex(options)).to_numpy()
        elif measure == "entered":
            matrix[crit] = [scores.get((o, crit), np.nan) for o in options]
        else:
            problems.append(Problem("criteria.csv", f"criterion '{crit}' is measured by "
                                    f"'{measure}' but the appraisal has no {measure} results "
                                    "(give option_costs.csv for a cost criterion)"))
    if problems:
        raise AppraisalError(problems)
    missing = matrix.isna().stack()
    if missing.any():
        raise AppraisalError([Problem("option_scores.csv", f"no score for option '{o}' on "
                                      f"criterion '{c}'") for o, c in missing[missing].index])
    return matrix


def weighted_totals(matrix: pd.DataFrame, weights: np.ndarray) -> pd.DataFrame:
    """Total weighted score and rank of each option (the weighted sum model).

    The same arithmetic as pymcdm's `WSM` with the scores used as they are (each row times
    the weights, summed) and its `rrankdata` ranks (1 = highest, ties share the average
    rank); a test checks both against pymcdm.  NumPy rather than pymcdm here because
    importing pymcdm (with matplotlib and SciPy) took longer than the whole appraisal.
    """
    totals = np.sum(matrix.to_numpy(float) * weights, axis=1)
    ranks = pd.Series(totals).rank(method="average", ascending=False).to_numpy(float)
    return pd.DataFrame({"option": matrix.index, "total": totals,
                         "rank": ranks}).set_index("option")


def first_interval(matrix: pd.DataFrame, weights: np.ndarray, option: int,
                   criterion: int) -> tuple[float, float] | None:
    """The weights of `criterion` at which `option` has the strictly highest total.

    The other weights keep their proportions.  Returns an interval (lo, hi) within [0, 1],
    or None when there is none.
    """
    s = matrix.to_numpy(float)
    w = weights[criterion]
    rest = np.delete(np.arange(len(weights)), criterion)
    r = (s[:, rest] @ weights[rest] / (1.0 - w) if w < 1.0 and weights[rest].sum() > 0
         else s[:, rest].mean(axis=1))
    lo, hi = 0.0, 1.0
    for k in range(len(s)):
        if k == option:
            continue
        a = (s[option, criterion] - r[option]) - (s[k, criterion] - r[k])  # slope of the gap
        b = r[option] - r[k]                                                # gap at x = 0
        if a > 0:
            lo = max(lo, -b / a)
        elif a < 0:
            hi = min(hi, -b / a)
        elif b <= 0:
            return None
    return (lo, hi) if lo < hi else None


def switching_values(matrix: pd.DataFrame, weights: np.ndarray) -> pd.DataFrame:
    """Per option and criterion: the weight (percent) at which the option's first place changes.

    For the top option, where it stops ranking first; for the others, where they start; and
    how far that is from the stated weight.
    """
    totals = matrix.to_numpy(float) @ weights
    ranks = pd.Series(totals).rank(ascending=False, method="min").astype(int).to_numpy()
    rows = []
    for i, option in enumerate(matrix.index):
        for j, crit in enumerate(matrix.columns):
            w = weights[j]
            span = first_interval(matrix, weights, i, j)
            switch = np.nan
            if span is not None:
                lo, hi = span
                if lo <= w <= hi:  # first now: the nearest inner edge is where it stops
                    edges = [e for e in (lo, hi) if 0.0 < e < 1.0]
                    switch = min(edges, key=lambda e: abs(e - w)) if edges else np.nan
                else:              # not first: the nearest edge is where it starts
                    switch = lo if w < lo else hi
            rows.append({"option": option, "rank": int(ranks[i]), "criterion": crit,
                         "weight_pct": 100 * w,
                         "first_from_pct": 100 * span[0] if span else np.nan,
                         "first_to_pct": 100 * span[1] if span else np.nan,
                         "switch_at_pct": 100 * switch,
                         "change_pct_points": 100 * (switch - w)})
    return pd.DataFrame(rows)


def most_sensitive(switching: pd.DataFrame) -> pd.DataFrame:
    """Per option, the criterion whose weight needs the smallest change to alter its first place.

    NaN criterion when no weight alone can.
    """
    found = switching.dropna(subset=["change_pct_points"])
    idx = found["change_pct_points"].abs().groupby(found["option"]).idxmin()
    best = found.loc[idx.to_numpy()].set_index("option")
    return best.reindex(switching["option"].unique())


def draw_weights(weights: np.ndarray, draws: int, concentration: float,
                 seed: int) -> np.ndarray:
    """Weight vectors (draws x criteria) from a Dirichlet centred on `weights`."""
    rng = np.random.default_rng(seed)
    out = np.zeros((draws, len(weights)))
    used = weights > 0
    out[:, used] = rng.dirichlet(concentration * weights[used], size=draws)
    return out


def first_place_shares(matrix: pd.DataFrame, weights: np.ndarray, draws: int,
                       concentration: float, seed: int) -> pd.Series:
    """Share of weight draws (percent) in which each option has the highest total."""
    sampled = draw_weights(weights, draws, concentration, seed)
    totals = sampled @ matrix.to_numpy(float).T  # the weighted sum, all draws at once
    first = np.bincount(np.argmax(totals, axis=1), minlength=len(matrix))
    return pd.Series(100.0 * first / draws, index=matrix.index, name="first_pct")
