"""Benchmark the register: a validated, audited import against a bare INSERT of the same rows.

Usage: `python benchmarks/bench_register.py [--db URL] [--rows N]` (default: a temp SQLite
file, 5,000 risks). Prints rows per second for both and the ratio (the cost of validation,
the ORM and the audit trail, about 11 audit rows per risk), measured in the same run.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import pandas as pd
from sqlalchemy import insert, text

from icsplan.register import make_engine, transaction, upgrade
from icsplan.register.models import Risk
from icsplan.register.transfer import import_rows
from timing import finish, start


def _rows(n: int, prefix: str) -> list[dict]:
    return [{"id": f"{prefix}{i:06d}", "category": "Bulk", "description": f"risk {i}",
             "impact": 1 + i % 5, "likelihood": 1 + (i // 5) % 5, "mitigation": "",
             "source": "benchmark"} for i in range(n)]


def main() -> None:
    """Time both ways of loading N risks and print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--db")
    parser.add_argument("--rows", type=int, default=5000)
    args = parser.parse_args()
    start(f"register: validated and audited import of {args.rows:,} risks against a bare INSERT")
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(args.db or f"sqlite:///{Path(tmp) / 'bench.db'}")
        upgrade(engine)
        began = time.perf_counter()
        with transaction(engine, "bench") as s:
            import_rows(s, "risks", pd.DataFrame(_rows(args.rows, "I")), "bench.csv")
        audited = time.perf_counter() - began
        began = time.perf_counter()
        with engine.begin() as c:
            c.execute(insert(Risk.__table__),
                      [{**r, "version": 1} for r in _rows(args.rows, "B")])
        bare = time.perf_counter() - began
        with engine.begin() as c:
            audit = c.execute(text("select count(*) from audit")).scalar()
        print(f"database: {engine.dialect.name}; rows: {args.rows:,}")
        print(f"validated + audited import: {audited:.2f} s ({args.rows / audited:,.0f} rows/s, "
              f"{audit:,} audit rows)")
        print(f"bare INSERT (baseline):     {bare:.2f} s ({args.rows / bare:,.0f} rows/s)")
        print(f"ratio: {audited / bare:.1f}x the baseline's time")
        engine.dispose()
    finish()


if __name__ == "__main__":
    main()
