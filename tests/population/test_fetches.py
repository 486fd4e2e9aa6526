"""Only aggregates, the fit sample and the cohort lists leave the engine: what Python holds
does not grow with the number of people (the route to England's 57M)."""

from __future__ import annotations

import pytest


@pytest.mark.functional
def test_no_fetch_grows_with_the_population(duck_counted):
    result, rows = duck_counted
    assert result.people > 10_000 and len(rows) > 5
    # the fit sample: 1,000 people, fetched as a frequency table of their distinct rows
    assert result.model.fitted_on["people"] == 1000
    assert max(rows) <= max(1000, len(result.costs)) < result.people / 4


@pytest.mark.unit
def test_a_duckdb_connection_loads_only_the_duckdb_sql_compiler(small_pop):
    # a fresh interpreter (the test process has Ibis' compilers loaded already): connect()
    # leaves the other nineteen compilers unloaded, and the pipeline still compiles and runs
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from icsplan.population.engine import connect\n"
        "from icsplan.population.schema import read_population\n"
        "con = connect('duckdb')\n"
        f"tables = read_population({str(small_pop)!r}, con)\n"
        "people = int(tables['patients'].count().to_pandas())\n"
        "import ibis.backends.sql.compilers as sc\n"
        "assert sc.SQLiteCompiler.__name__ == 'SQLiteCompiler'\n"
        "loaded = sorted(m.rsplit('.', 1)[1] for m in sys.modules\n"
        "                if m.startswith('ibis.backends.sql.compilers.'))\n"
        "print(people, ' '.join(loaded))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    people, *loaded = done.stdout.split()
    assert int(people) > 10_000
    assert "duckdb" in loaded and "sqlite" in loaded
    assert not {"trino", "athena", "mssql", "snowflake", "bigquery"} & set(loaded)
