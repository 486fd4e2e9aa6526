"""Initiative cohorts: do 003's cohort assumptions reproduce its published NEL reductions?

003 states the complex-care initiatives as cohort effects ("Initial assumptions"; data:
the scenario's published/cohort_effects.csv):

    frailty and end of life: frailty -11% and care homes -2% of NEL admissions aged 75-85,
                             die well -40% of admissions aged 85+
    long-term conditions:    -13% of NEL admissions aged 45-75

and publishes their totals as -6.83% and -2.9% of non-elective momentum (compared by the
generic back test: the `cohorts` output against published/initiative_activity.csv). The
bands are read as 75-84, 85+ and 45-74. The baseline is not split by age in the seeds, so
each locality's NEL baseline is split by the age profile of NEL admissions in icsplan's
synthetic population (derived: the expected NEL intensity of a sample of its people per
locality archetype, from the generator's parameters in population/synth_params.py: age,
conditions, frailty deficits, care homes, deprivation). The cohort effects then run through
the model itself on that split baseline; the published totals stay the default.

The profiles of the generator's own archetypes are shipped, computed, in
`nel_age_profiles.csv` beside this module (drawing the 3 x 40,000 people took ~0.11 s of
every `icsplan run`); `scripts/derive_nel_age_profiles.py` writes it and a test checks that it
equals `nel_age_profile` exactly.  Any other archetype is drawn at run time.
"""

from __future__ import annotations

import csv
from datetime import date
from functools import cache, lru_cache
from importlib.resources import files

import numpy as np
import pandas as pd

from icsplan.model.demand import project
from icsplan.scenario.schema import Effect

COHORT_BANDS = ("0-44", "45-74", "75-84", "85+")
BAND_EDGES = (0, 45, 75, 85, 200)


def cohort_effects(scenario) -> dict[str, list[tuple[tuple[str, ...], float, str]]]:
    """The cohort assumptions the scenario publishes (published/cohort_effects.csv): per
    initiative, (age bands, reduction % of NEL momentum in those bands, source)."""
    table = scenario.published.get("cohort_effects")
    out: dict[str, list[tuple[tuple[str, ...], float, str]]] = {}
    if table is None:
        return out
    for rec in table.to_dict(orient="records"):
        bands = tuple(b.strip() for b in str(rec["age_bands"]).split(";"))
        out.setdefault(rec["initiative"], []).append(
            (bands, float(rec["reduction_pct"]), str(rec["source"])))
    return out


@lru_cache(maxsize=16)
def nel_age_profile(archetype: str, people: int = 40_000, seed: int = 2016) -> pd.Series:
    """Share of a locality's expected NEL admissions in each cohort band, for an archetype,
    from a sample of the synthetic population (same generator as `icsplan population`)."""
    from icsplan.population import synth

    rng = np.random.default_rng(np.random.SeedSequence([seed, len(archetype)]))
    sample = synth._people(rng, people, archetype, 2016)
    has = synth._conditions(rng, sample, date(2016, 3, 31))
    weights = synth._utilisation_weights(rng, sample, has)["non_elective"]
    band = np.searchsorted(BAND_EDGES, sample["age"], side="right") - 1
    total = np.bincount(band, weights=weights, minlength=len(COHORT_BANDS))
    return pd.Series(total / total.sum(), index=list(COHORT_BANDS)).copy()


#: the shipped profiles (`shipped_profiles`), as `nel_age_profile(archetype)` draws them
PROFILES_FILE = "nel_age_profiles.csv"


@cache
def shipped_profiles() -> dict[str, pd.Series]:
    """`nel_age_profile(a)` (its default sample) for each archetype in PROFILES_FILE, read
    exactly (each share written as Python's shortest repr of the float)."""
    text = (files("icsplan.backtest") / PROFILES_FILE).read_text(encoding="utf-8")
    shares: dict[str, dict[str, float]] = {}
    for rec in csv.DictReader(text.splitlines()):
        shares.setdefault(rec["archetype"], {})[rec["band"]] = float(rec["share"])
    return {a: pd.Series([s[b] for b in COHORT_BANDS], index=list(COHORT_BANDS))
            for a, s in shares.items()}


def age_profile(archetype: str) -> pd.Series:
    """An archetype's NEL age profile: shipped when it is one of the generator's, else drawn."""
    shipped = shipped_profiles().get(archetype)
    return shipped.copy() if shipped is not None else nel_age_profile(archetype)


def split_baseline(scenario) -> pd.DataFrame:
    """The baseline with each locality's NEL row split over COHORT_BANDS by its archetype's
    NEL age profile (other pods unchanged)."""
    base = scenario.baseline
    arche = scenario.localities.set_index("locality")["archetype"]
    profiles = {a: age_profile(a) for a in sorted(set(arche))}
    nel = base[(base["pod"] == "non_elective") & (base["age_band"] == "all")]
    rows = []
    for rec in nel.to_dict(orient="records"):
        for band, share in profiles[arche[rec["locality"]]].items():
            rows.append({**rec, "age_band": band, "activity": rec["activity"] * share,
                         "source": "derived: " + rec["source"][:60] + " x synthetic NEL age "
                         "profile (backtest/cohorts.py)"})
    rest = base.drop(index=nel.index)
    return pd.concat([rest, pd.DataFrame(rows)], ignore_index=True)


def cohort_scenario(scenario):
    """The scenario on an age-split baseline with its published cohort assumptions as the
    initiatives' NEL effects (published totals replaced)."""
    effects = cohort_effects(scenario)
    inis = []
    for ini in scenario.initiatives:
        if ini.id in effects:
            kept = [e for e in ini.effects if e.pod != "non_elective"]
            cohort = [Effect(pod="non_elective", reduction_pct=pct, age_bands=list(bands),
                             source=quote)
                      for bands, pct, quote in effects[ini.id]]
            ini = ini.model_copy(update={"effects": cohort + kept})
        inis.append(ini)
    tables = {**scenario.tables, "baseline": split_baseline(scenario)}
    return scenario.replace(tables=tables, initiatives=tuple(inis))


def cohort_reductions(scenario) -> pd.Series:
    """Each cohort initiative's NEL reduction at the horizon, % of NEL momentum (negative)."""
    cohort = cohort_scenario(scenario)
    proj = project(cohort)
    nel = (proj.cells["pod"] == "non_elective").to_numpy()
    momentum = proj.momentum[-1][nel].sum()
    return pd.Series({ini: -100 * proj.removed[ini][-1][nel].sum() / momentum
                      for ini in cohort_effects(scenario) if ini in proj.removed})


def has_cohorts(scenario) -> bool:
    """Whether the scenario has the initiatives and the pod the cohort assumptions act on."""
    effects = cohort_effects(scenario)
    ids = {i.id for i in scenario.initiatives}
    return bool(effects) and set(effects) <= ids and "non_elective" in scenario.meta.pods


def cohort_table(scenario) -> pd.DataFrame:
    """The cohort run as a table the generic back test reads (output `cohorts`): each cohort
    initiative's NEL change vs momentum at the horizon (%)."""
    got = cohort_reductions(scenario)
    return pd.DataFrame({"initiative": list(got.index), "pod": "non_elective",
                         "change_vs_momentum_pct": got.to_numpy(dtype=float)})
