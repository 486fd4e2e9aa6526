"""England-sized populations are made and run in chunks: the chunks must add up to the whole."""

from __future__ import annotations

import json
import shutil

import ibis
import pandas as pd
import pytest

from icsplan.population.baselines import KEYS
from icsplan.population.engine import connect
from icsplan.population.run import run_population
from icsplan.population.synth import chunk_sizes, split_total, synthesise

from .conftest import SMALL_SCALE

TABLES = ("patients", "conditions", "activity")


@pytest.mark.unit
def test_chunks_cover_the_locality_and_totals_split_exactly():
    assert chunk_sizes(10, None) == [10] and chunk_sizes(10, 10) == [10]
    assert chunk_sizes(10, 4) == [4, 3, 3]
    shares = split_total(1001, [4, 3, 3])
    assert sum(shares) == 1001 and max(shares) - 400 <= 1
    assert split_total(0, [5, 5]) == [0, 0]


@pytest.fixture(scope="module")
def chunked(scenario, tmp_path_factory):
    folder = tmp_path_factory.mktemp("chunked")
    synthesise(scenario, folder, seed=11, scale=SMALL_SCALE, chunk_people=400)
    return folder


@pytest.mark.functional
def test_chunked_synthesis_keeps_locality_totals(scenario, chunked):
    parts = sorted((chunked / "patients.parquet").glob("part-*.parquet"))
    assert len(parts) > len(scenario.localities)  # some localities were split
    assert json.loads((chunked / "manifest.json").read_text())["chunks"] == len(parts)
    pat = pd.read_parquet(chunked / "patients.parquet", columns=["patient_id", "locality"])
    assert pat["patient_id"].is_unique
    act = pd.read_parquet(chunked / "activity.parquet")
    base = act[act["date"] >= pd.Timestamp("2015-04-01").date()].merge(pat, on="patient_id")
    ours = base.groupby(["locality", "pod"]).size()
    target = scenario.baseline.groupby(["locality", "pod"])["activity"].sum() * SMALL_SCALE
    assert (ours.reindex(target.index, fill_value=0) - target).abs().max() <= 0.5


def _group(chunked, parts: list[str], folder):
    """A population folder holding only the given parts of every table."""
    for name in TABLES:
        (folder / f"{name}.parquet").mkdir(parents=True)
        for part in parts:
            shutil.copy(chunked / f"{name}.parquet" / part, folder / f"{name}.parquet" / part)
    return folder


@pytest.mark.functional
def test_chunked_run_totals_are_the_sum_of_per_chunk_totals(scenario, chunked, tmp_path):
    # the whole run as England runs: DuckDB under a memory limit, spilling to a folder
    con = connect("duckdb", memory_limit="512MB", spill_dir=tmp_path / "spill")
    limit = con.raw_sql("SELECT current_setting('memory_limit')").fetchone()[0]
    assert limit == "488.2 MiB"  # DuckDB shows 512MB in MiB
    whole = run_population(chunked, con, threshold=0, scenario=scenario)
    parts = sorted(p.name for p in (chunked / "patients.parquet").glob("part-*.parquet"))
    groups = [parts[i::3] for i in range(3)]  # three chunks of the run, each several parts
    runs = [run_population(_group(chunked, g, tmp_path / f"g{i}"), ibis.duckdb.connect(),
                           threshold=0, scenario=scenario) for i, g in enumerate(groups)]
    assert whole.people == sum(r.people for r in runs) > 0

    def cells(result):
        return result.baseline.groupby(KEYS)["activity"].sum()

    summed = pd.concat([cells(r) for r in runs], axis=1).fillna(0).sum(axis=1)
    pd.testing.assert_series_equal(summed.sort_index().astype(int),
                                   cells(whole).sort_index().astype(int), check_names=False)
    seg = ["locality", "segment"]
    people = pd.concat([r.segments.set_index(seg)["people"] for r in runs], axis=1).sum(axis=1)
    pd.testing.assert_series_equal(people.sort_index(),
                                   whole.segments.set_index(seg)["people"].sort_index(),
                                   check_names=False)
    for key in ("people", "events"):  # the evaluation period's people and events
        assert whole.model.evaluation["evaluated_on"][key] == sum(
            r.model.evaluation["evaluated_on"][key] for r in runs)

    def costs(result):
        return result.costs.groupby(KEYS)[["activity", "cost_gbp"]].sum()

    summed = pd.concat([costs(r) for r in runs]).groupby(level=KEYS).sum()
    # each run rounds a cell's cost to pence: the chunks' sum is within a penny per chunk
    pd.testing.assert_frame_equal(summed.sort_index(), costs(whole).sort_index(),
                                  check_dtype=False, rtol=0, atol=0.01 * len(runs))


@pytest.mark.e2e
def test_england_command_line_gives_the_chunked_run(scenario, chunked, tmp_path):
    """`icsplan population run` as England runs (a folder of chunk parts, DuckDB under a
    memory limit spilling to a folder) writes what the library's run of the whole gives."""
    from typer.testing import CliRunner

    from icsplan.cli import app

    out = tmp_path / "seg"
    result = CliRunner().invoke(app, ["population", "run", str(chunked), "--out", str(out),
                                      "--memory-limit", "512MB", "--spill-dir",
                                      str(tmp_path / "spill"), "--suppress", "0",
                                      "--scenario", "mse-2016"])
    assert result.exit_code == 0, result.output
    whole = run_population(chunked, ibis.duckdb.connect(), threshold=0, scenario=scenario)
    written = pd.read_csv(out / "baseline.csv")
    assert written["activity"].sum() == whole.baseline["activity"].sum() > 0
    pd.testing.assert_frame_equal(written[KEYS + ["activity"]],
                                  whole.baseline[KEYS + ["activity"]].reset_index(drop=True),
                                  check_dtype=False)
    assert json.loads((out / "manifest.json").read_text())["people"] == whole.people


@pytest.mark.unit
def test_memory_limit_is_checked():
    with pytest.raises(ValueError, match="4GB"):
        connect("duckdb", memory_limit="lots")


@pytest.mark.functional
def test_in_memory_and_out_of_core_plans_give_the_same_run(scenario, small_pop, tmp_path):
    # in memory, connect() keeps each join's hash table on the side the queries put it
    # (DuckDB's build/probe swap off); under a memory limit DuckDB plans as it likes: the
    # outputs are the same either way
    def disabled(con):
        return con.raw_sql("SELECT current_setting('disabled_optimizers')").fetchone()[0]

    memory = connect("duckdb")
    spilling = connect("duckdb", memory_limit="2GB", spill_dir=tmp_path / "spill")
    assert "build_side_probe_side" in disabled(memory)
    assert "build_side_probe_side" not in disabled(spilling)
    ours, theirs = (run_population(small_pop, con, scenario=scenario)
                    for con in (memory, spilling))
    for name in ("baseline", "costs", "segments", "cohorts", "calibration"):
        pd.testing.assert_frame_equal(getattr(ours, name), getattr(theirs, name))
    assert ours.model.to_dict() == theirs.model.to_dict()
