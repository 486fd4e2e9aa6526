"""Ibis backends for the population pipeline: DuckDB (embedded, default) or PySpark.

The same Ibis expressions run on both.  Spark runs in local mode (`local[2]`) unless a
cluster URL is given; its warehouse, scratch and Derby folders go in `tmp_dir`, never in the
working directory.
"""

from __future__ import annotations

import importlib.util
import logging
import re
import sys
import tempfile
from pathlib import Path

import ibis

from icsplan.population.settings import ENGINES

log = logging.getLogger(__name__)


def connect(engine: str = "duckdb", spark_master: str | None = None,
            tmp_dir: str | Path | None = None, threads: int | None = None,
            spark_memory: str = "4g", memory_limit: str | None = None,
            spill_dir: str | Path | None = None) -> ibis.BaseBackend:
    """An Ibis backend for `engine` ("duckdb" or "spark"); `spark_memory` is the driver's
    heap (in local mode it does all the work: 1.2M people need about 4g).

    On DuckDB, `memory_limit` (e.g. "4GB") caps the engine's memory and `spill_dir` is where
    it spills what does not fit (default: a folder under `tmp_dir`, else DuckDB's own), so a
    population larger than memory runs out of core."""
    if engine == "duckdb":
        _lazy_sql_compilers()
        con = ibis.duckdb.connect()
        if threads:
            con.raw_sql(f"SET threads = {int(threads)}")
        if memory_limit:
            if not re.fullmatch(r"\d+(\.\d+)?\s*[KMGT]i?B", memory_limit.strip(), re.I):
                raise ValueError(f"memory limit '{memory_limit}' should look like 4GB or "
                                 "512MB")
            con.raw_sql(f"SET memory_limit = '{memory_limit.strip()}'")
        spill = Path(spill_dir) if spill_dir else (Path(tmp_dir) / "spill" if tmp_dir else None)
        if spill is not None:
            spill.mkdir(parents=True, exist_ok=True)
            con.raw_sql("SET temp_directory = '{}'".format(str(spill).replace("'", "''")))
        con.raw_sql("SET preserve_insertion_order = false")
        if not memory_limit:
            # in memory, keep each join's hash table on the side the pipeline's queries put
            # it (the grouped conditions and activity) rather than DuckDB's choice by
            # estimated rows, which built the features pass's on the 1.2M patients with
            # their text columns (-0.3 CPU s of the pass at 1.2M); out of core (a memory
            # limit) DuckDB's own plan is kept: it was what the 57M run was measured with
            con.raw_sql("SET disabled_optimizers = 'build_side_probe_side'")
        return con
    if engine == "spark":
        return ibis.pyspark.connect(spark_session(spark_master or "local[2]", tmp_dir,
                                                  spark_memory))
    raise ValueError(f"unknown engine '{engine}' (choose from: {', '.join(ENGINES)})")


_COMPILERS = "ibis.backends.sql.compilers"


def _lazy_sql_compilers() -> None:
    """Let Ibis' DuckDB backend load only the SQL compiler it uses.

    Importing `ibis.backends.duckdb` imports the package `ibis.backends.sql.compilers`, whose
    __init__ imports all twenty of Ibis' compilers (Athena, Trino, MSSQL, ...: ~0.07 s of
    every `population run`); a backend reads only its own (`compilers.duckdb.compiler`).
    This registers the package without running its __init__: each compiler module is loaded
    when first read, as a submodule or as `<Name>Compiler`.  Nothing happens if the package
    is imported already (e.g. by another backend) or is not where Ibis 12 keeps it."""
    if _COMPILERS in sys.modules:
        return
    spec = importlib.util.find_spec(_COMPILERS)
    if spec is None or not spec.submodule_search_locations:
        return
    package = importlib.util.module_from_spec(spec)

    def __getattr__(attr: str):
        sub = attr[:-len("Compiler")].lower() if attr.endswith("Compiler") else attr
        try:
            module = importlib.import_module(f"{_COMPILERS}.{sub}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{_COMPILERS}.{sub}":
                raise
            raise AttributeError(f"module {_COMPILERS!r} has no attribute {attr!r}") from None
        return module if sub == attr else getattr(module, attr)

    package.__getattr__ = __getattr__
    sys.modules[_COMPILERS] = package
    importlib.import_module("ibis.backends.sql").compilers = package


def spark_session(master: str = "local[2]", tmp_dir: str | Path | None = None,
                  memory: str = "4g"):
    """A SparkSession configured for the pipeline (scratch files under `tmp_dir`)."""
    from pyspark.sql import SparkSession

    tmp = Path(tmp_dir) if tmp_dir else Path(tempfile.mkdtemp(prefix="icsplan-spark-"))
    tmp.mkdir(parents=True, exist_ok=True)
    log.info("starting Spark (%s)", master)
    session = (
        SparkSession.builder.master(master)
        .appName("icsplan-population")
        .config("spark.driver.memory", memory)
        .config("spark.sql.warehouse.dir", str(tmp / "warehouse"))
        .config("spark.local.dir", str(tmp / "scratch"))
        .config("spark.driver.extraJavaOptions", f"-Dderby.system.home={tmp / 'derby'}")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    return session


def materialise(con: ibis.BaseBackend, expr: ibis.Table, name: str) -> ibis.Table:
    """Compute `expr` once and return a table that reads the result (reused several times).

    On DuckDB this is a temporary table made with plain SQL: `Table.cache()` and
    `create_table` go through a DROP statement that sqlglot 30.19 renders without a name (the
    lock's ibis 12 + sqlglot 30.19 fail on it).  On Spark it is `Table.cache()`."""
    if con.name == "duckdb":
        sql = con.compile(expr)
        con.raw_sql(f'CREATE OR REPLACE TEMP TABLE "{name}" AS {sql}')
        return con.table(name)
    return expr.cache()
