"""Helpers for the scenario tests: load a broken copy and list its problems."""

from pathlib import Path

import pandas as pd
import pytest

from icsplan.scenario import ScenarioError, load_scenario


def problems_of(folder: Path) -> list[str]:
    """The problems `load_scenario` reports for a folder, as strings."""
    with pytest.raises(ScenarioError) as info:
        load_scenario(folder)
    return [str(p) for p in info.value.problems]


def edit_csv(folder: Path, name: str, change) -> None:
    """Edit a CSV of a scenario folder through a function of its (all-text) frame."""
    frame = pd.read_csv(folder / name, dtype=str, keep_default_na=False)
    result = change(frame)  # edits in place, or returns a new frame
    frame = frame if result is None else result
    frame.to_csv(folder / name, index=False)
