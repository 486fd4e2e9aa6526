"""Risk of a non-elective admission in the next 12 months: a transparent logistic regression.

Features (computed by Ibis, `model_inputs`): age in decades and its square, female,
deprivation (11 - IMD decile: 10 = most deprived), care home, one flag per long-term condition,
the eFI, and prior activity in the 6 months before the index date (non-elective admissions,
A&E attendances, elective + day cases, outpatient attendances; each capped at 10).

The model is fitted with scikit-learn on one period and evaluated on the next (see
`periods.py`): AUC and calibration by decile of predicted risk (mean predicted vs observed).
Scoring is an Ibis expression (linear predictor -> logistic), so it runs on DuckDB and Spark.

Only the fit sample comes to Python: at most `MAX_FIT_ROWS` people, the first by
pseudonymised id (ids are keyed hashes, so this is a sample unrelated to anyone's
characteristics; the same people on every engine).  AUC and calibration are computed in the
engine (`evaluate_table`), so the Python process's memory does not grow with the population.
"""

from __future__ import annotations

import importlib
import logging
import math
import sys
import threading
from dataclasses import asdict, dataclass, field

import ibis
import ibis.expr.types as ir
import numpy as np
import pandas as pd

from icsplan.population.conditions import LTC_CODES
from icsplan.population.engine import materialise
from icsplan.population.frailty import efi

log = logging.getLogger(__name__)
PRIOR_CAP = 10
PRIOR_NAMES = ("nel", "ae", "planned", "op")
MAX_FIT_ROWS = 300_000
_SOLVER = "sklearn.linear_model"  # imported when first needed (~0.9 s: SciPy comes with it)


def preload_solver() -> threading.Thread | None:
    """Start importing scikit-learn in a background thread and return the thread (None if
    it is imported already).

    `run_population` calls this once the input is read, so the import (about 0.9 s of
    Python, mostly SciPy) overlaps the engine's features pass, which runs outside Python's
    lock; `fit` imports the module again, which waits for this import if it is not done
    (Python's import lock) and raises any error it met there, in the caller.  The thread
    is not a daemon: a run that stops early (bad data found by the engine) waits for the
    import to end before the interpreter shuts down, rather than stopping it half way."""
    if _SOLVER in sys.modules:
        return None
    thread = threading.Thread(target=_quiet_import, name="icsplan-import-sklearn")
    thread.start()
    return thread


def _quiet_import() -> None:
    try:
        importlib.import_module(_SOLVER)
    except Exception:  # noqa: BLE001 - `fit`'s own import raises the error in the caller
        log.debug("importing %s in the background failed", _SOLVER, exc_info=True)


def _logistic_regression(**options):
    """scikit-learn's LogisticRegression (imported on first use, not with this module)."""
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(**options)


def model_inputs(t: ir.Table) -> dict[str, ir.FloatingValue]:
    """The model's features as float Ibis columns of a features table."""
    decades = t.age.cast("float64") / 10
    inputs = {
        "age_decades": decades,
        "age_decades_sq": decades * decades,
        "female": t.female.cast("float64"),
        "deprivation": t.deprivation.cast("float64"),
        "care_home": t.care_home.cast("float64"),
        "efi": efi(t.deficits),
    }
    inputs.update({f"ltc_{c}": t[f"ltc_{c}"].cast("float64") for c in LTC_CODES})
    for name in PRIOR_NAMES:
        inputs[f"prior_{name}"] = ibis.least(t[f"prior_{name}"], PRIOR_CAP).cast("float64")
    return inputs


def design(t: ir.Table, outcome: bool = True, max_rows: int | None = None,
           ids: bool = True) -> pd.DataFrame:
    """Fetch patient_id, the features (and the outcome) ordered by patient_id; with
    `max_rows`, only the first `max_rows` people by id (the sample is taken in the engine);
    with `ids=False`, without the patient_id column (the fit needs none: no id leaves the
    engine for it)."""
    cols = {"patient_id": t.patient_id, **model_inputs(t)}
    if outcome:
        cols["outcome"] = (t.nel_next > 0).cast("int64")
    expr = t.select(**cols).order_by("patient_id")
    if max_rows is not None:
        expr = expr.limit(max_rows)
    if not ids:
        expr = expr.drop("patient_id")
    return expr.to_pandas().reset_index(drop=True)


def first_by_id(t: ir.Table, max_rows: int) -> ir.Table:
    """The rows of the first `max_rows` people by patient_id, chosen in the engine: the
    `max_rows`-th id is found from the ids alone (a top-N of one column), then a filter keeps
    the people up to it, so no sort carries anyone's features."""
    last = t.select("patient_id").order_by("patient_id").limit(max_rows).patient_id.max()
    return t.filter(t.patient_id <= last.as_scalar())


def fit_counts(t: ir.Table, max_rows: int | None = None) -> pd.DataFrame:
    """The fit sample as a frequency table, counted in the engine: every distinct row of the
    model's features and outcome with the number of people who have it (`people`), ordered
    by every column (the same rows in the same order on every engine); with `max_rows`, of
    the first `max_rows` people by id only (`first_by_id`).  No id leaves the engine, and
    the rows are far fewer than the people (about 130,000 distinct rows for 300,000 people
    of the synthetic mse-2016).  `fit` of this table is the fit of the people it counts.

    People are grouped by the whole numbers the features are made from (the LTC flags as
    one number, the first code in the highest bit), which is cheaper than grouping by ~30
    floats; every feature is a rising function of its number, so ordering by the numbers
    orders the rows as ordering by the features does."""
    if max_rows is not None:
        t = first_by_id(t, max_rows)
    n = len(LTC_CODES)
    flags = 0
    for i, code in enumerate(LTC_CODES):
        flags = t[f"ltc_{code}"] * (1 << (n - 1 - i)) + flags
    keys = {"age": t.age, "female": t.female, "deprivation": t.deprivation,
            "care_home": t.care_home, "deficits": t.deficits, "ltc_flags": flags,
            **{f"prior_{p}": ibis.least(t[f"prior_{p}"], PRIOR_CAP) for p in PRIOR_NAMES},
            "outcome": (t.nel_next > 0).cast("int64")}
    rows = t.select(**keys)
    g = rows.group_by(list(keys)).aggregate(people=rows.count().cast("int64"))
    g = g.mutate(**{f"ltc_{code}": (g.ltc_flags >> (n - 1 - i)) & 1
                    for i, code in enumerate(LTC_CODES)})
    out = g.order_by(list(keys)).select(**model_inputs(g), outcome=g.outcome, people=g.people)
    # through Arrow's own conversion (one block): Ibis' to_pandas builds the frame twice,
    # ~0.3-0.6 s of copying into fresh memory for 130,000 x 31 at 1.2M; the same frame
    return out.to_pyarrow().to_pandas()


@dataclass
class RiskModel:
    """Intercept and coefficients (log-odds per unit of each feature)."""

    intercept: float
    coefficients: dict[str, float]
    fitted_on: dict[str, object] = field(default_factory=dict)
    evaluation: dict[str, object] = field(default_factory=dict)

    def to_dict(self) -> dict:
        """The model as a plain dict (written as risk_model.json)."""
        return asdict(self)


def fit(train: pd.DataFrame, seed: int = 0, max_rows: int = MAX_FIT_ROWS) -> RiskModel:
    """Fit the logistic regression (an L2-penalised one, C=1) on a design frame (a row per
    person) or on a frequency table (`fit_counts`: a `people` column weights each row, which
    is the same fit as repeating it that many times)."""
    if "people" in train:
        return _fit_counts(train)
    if train["outcome"].nunique() < 2:
        raise ValueError("the risk model needs people with and without a non-elective "
                         "admission in the fitting period; the population is too small")
    sample = train
    if len(train) > max_rows:
        rows = np.sort(np.random.default_rng(seed).choice(len(train), max_rows, replace=False))
        sample = train.iloc[rows]
    names = [c for c in train.columns if c not in ("patient_id", "outcome")]
    model = _logistic_regression(C=1.0, solver="newton-cholesky", max_iter=200)
    model.fit(sample[names].to_numpy(), sample["outcome"].to_numpy())
    coefs = {n: round(float(b), 6) for n, b in zip(names, model.coef_[0], strict=True)}
    log.info("risk model fitted on %d people", len(sample))
    return RiskModel(intercept=round(float(model.intercept_[0]), 6), coefficients=coefs,
                     fitted_on={"people": int(len(sample)),
                                "events": int(sample["outcome"].sum())})


def _fit_counts(counts: pd.DataFrame) -> RiskModel:
    """`fit` of a frequency table: each row weighted by its `people`."""
    weight = counts["people"].to_numpy()
    outcome = counts["outcome"].to_numpy()
    if not (weight[outcome > 0].sum() and weight[outcome == 0].sum()):
        raise ValueError("the risk model needs people with and without a non-elective "
                         "admission in the fitting period; the population is too small")
    names = [c for c in counts.columns if c not in ("patient_id", "outcome", "people")]
    model = _logistic_regression(C=1.0, solver="newton-cholesky", max_iter=200)
    model.fit(counts[names].to_numpy(dtype=np.float64), outcome,
              sample_weight=weight.astype(np.float64))
    coefs = {n: round(float(b), 6) for n, b in zip(names, model.coef_[0], strict=True)}
    people, events = int(weight.sum()), int(weight[outcome > 0].sum())
    log.info("risk model fitted on %d people (%d distinct rows)", people, len(counts))
    return RiskModel(intercept=round(float(model.intercept_[0]), 6), coefficients=coefs,
                     fitted_on={"people": people, "events": events})


def score(t: ir.Table, model: RiskModel) -> ir.FloatingValue:
    """Predicted probability of a non-elective admission in the next 12 months (Ibis)."""
    inputs = model_inputs(t)
    lp = ibis.literal(model.intercept)
    for name, coef in model.coefficients.items():
        lp = lp + inputs[name] * coef
    return 1.0 / (1.0 + (-lp).exp())


def predict(frame: pd.DataFrame, model: RiskModel) -> np.ndarray:
    """The same score in NumPy, for a design frame (used to check the Ibis expression)."""
    lp = model.intercept + sum(frame[n].to_numpy() * c for n, c in model.coefficients.items())
    return 1.0 / (1.0 + np.exp(-lp))


def calibration(risk: np.ndarray, outcome: np.ndarray, ids: np.ndarray,
                groups: int = 10) -> pd.DataFrame:
    """Mean predicted vs observed rate by decile of predicted risk (1 = lowest risk).

    People are ordered by risk (rounded to 12 places, so engines agree) then id."""
    order = np.lexsort((ids, np.round(risk, 12)))
    rows = []
    for k, part in enumerate(np.array_split(order, groups), start=1):
        rows.append({"decile": k, "people": len(part), "events": int(outcome[part].sum()),
                     "mean_predicted": float(risk[part].mean()) if len(part) else math.nan,
                     "observed_rate": float(outcome[part].mean()) if len(part) else math.nan})
    return pd.DataFrame(rows)


def evaluate(risk: np.ndarray, outcome: np.ndarray, ids: np.ndarray) -> tuple[float, pd.DataFrame]:
    """AUC and the calibration table on an evaluation period."""
    from sklearn.metrics import roc_auc_score

    auc = float(roc_auc_score(outcome, risk)) if len(set(outcome.tolist())) == 2 else math.nan
    return auc, calibration(risk, outcome, ids)


def _decile_of(p, people: int, groups: int):
    """The decile (1-based) of the 0-based position `p` among `people` ordered people, as
    `ntile(groups)` numbers them: sizes differ by at most one, the larger ones first."""
    k = min(groups, people)
    size = people // k
    large = people - k * size
    small_start = large * (size + 1)
    return ibis.ifelse(p < small_start, p // (size + 1),
                       large + (p - small_start) // size).cast("int64") + 1


def evaluate_table(t: ir.Table, groups: int = 10,
                   con: ibis.BaseBackend | None = None) -> tuple[float, pd.DataFrame, int, int]:
    """AUC, the calibration table, people and events of a scored table (patient_id, risk,
    outcome), computed in the engine: the same figures as `evaluate` without fetching people.

    Both come from one grouping of the people by distinct risk (rounded to 12 places, so
    engines agree; materialised on `con` when given), ordered by risk: AUC is the
    Mann-Whitney statistic over the distinct risks (ties count one half), summed in whole
    numbers so engines agree exactly.  The deciles split people ordered by risk then id as
    `ntile` (and `calibration`) do, without sorting everyone: a distinct risk lies wholly in
    one decile unless a decile boundary falls among its people, and only the people of those
    few risks (at most groups - 1) are ordered by id."""
    r = t.select("patient_id", "outcome", "risk", r12=t.risk.round(12))
    g = r.group_by("r12").aggregate(pos=r.outcome.sum().cast("int64"),
                                    n=r.count().cast("int64"), risk_sum=r.risk.sum())
    g = g.mutate(neg=g.n - g.pos)
    before = ibis.cumulative_window(order_by=g.r12)
    g = g.mutate(below=g.neg.sum().over(before) - g.neg, start=g.n.sum().over(before) - g.n)
    if con is not None:
        g = materialise(con, g, "icsplan_risk_groups")
    totals = g.aggregate(twice=(2 * g.pos * g.below + g.pos * g.neg).sum(),
                         pos=g.pos.sum(), people=g.n.sum()).to_pandas().iloc[0]
    people, events = int(totals["people"] or 0), int(totals["pos"] or 0)
    negatives = people - events
    auc = (float(totals["twice"]) / (2.0 * events * negatives)
           if events and negatives else math.nan)
    parts = pd.DataFrame({"decile": pd.Series(dtype="int64"), "people": [], "events": [],
                          "risk_sum": []})
    if people:
        first = _decile_of(g.start, people, groups)
        last = _decile_of(g.start + g.n - 1, people, groups)
        whole = g.filter(first == last)
        whole = whole.group_by(decile=first).aggregate(
            people=whole.n.sum().cast("int64"), events=whole.pos.sum().cast("int64"),
            risk_sum=whole.risk_sum.sum())
        split = g.filter(first != last).select(r12_split="r12", start="start")
        s = r.join(split, r.r12 == split.r12_split)
        position = s.start + ibis.row_number().over(group_by=s.r12, order_by=s.patient_id)
        s = s.mutate(decile=_decile_of(position, people, groups))
        s = s.group_by("decile").aggregate(people=s.count().cast("int64"),
                                           events=s.outcome.sum().cast("int64"),
                                           risk_sum=s.risk.sum())
        parts = whole.union(s).to_pandas()
    sums = (parts.groupby("decile")[["people", "events", "risk_sum"]].sum()
            .reindex(range(1, groups + 1)))
    calib = pd.DataFrame({"decile": range(1, groups + 1)})
    calib["people"] = sums["people"].fillna(0).astype(int).to_numpy()
    calib["events"] = sums["events"].fillna(0).astype(int).to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        calib["mean_predicted"] = sums["risk_sum"].to_numpy(float) / calib["people"].to_numpy()
        calib["observed_rate"] = (calib["events"].to_numpy(float)
                                  / calib["people"].to_numpy())
    return auc, calib, people, events
