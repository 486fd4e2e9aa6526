"""Write `src/icsplan/backtest/nel_age_profiles.csv`: the NEL age profile of each archetype of
the synthetic population's generator, as `backtest.cohorts.nel_age_profile` draws it.

The cohort back test splits each locality's NEL baseline by its archetype's profile; shipping
the generator's own archetypes saves drawing 3 x 40,000 people in every `icsplan run`.  Re-run
after changing the generator (population/synth.py, synth_params.py); a test checks that the
shipped file equals what this writes:

    .venv/bin/python scripts/derive_nel_age_profiles.py [FILE]
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

from icsplan.backtest.cohorts import COHORT_BANDS, PROFILES_FILE, nel_age_profile
from icsplan.population.synth_params import ARCHETYPES

TARGET = Path(__file__).resolve().parents[1] / "src" / "icsplan" / "backtest" / PROFILES_FILE


def profiles_csv() -> str:
    """The file's text: archetype, band, share (the float's shortest exact repr)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["archetype", "band", "share"])
    for archetype in ARCHETYPES:
        profile = nel_age_profile(archetype)
        for band in COHORT_BANDS:
            writer.writerow([archetype, band, repr(float(profile[band]))])
    return out.getvalue()


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else TARGET
    target.write_text(profiles_csv(), encoding="utf-8")
    print(f"wrote {target}")
