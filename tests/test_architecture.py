"""The house rules of the layout (docs/architecture.md): no import circles in src/, one
computation of each output table per run, and a report that reads only the plan, never the
disk."""

from __future__ import annotations

import ast
import json
import os
import pkgutil
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

import icsplan

SRC = Path(icsplan.__file__).parent


@cache
def module_names() -> tuple[str, ...]:
    """Every module of the package, by dotted name."""
    names = ["icsplan"]
    for info in pkgutil.walk_packages([str(SRC)], prefix="icsplan."):
        names.append(info.name)
    return tuple(sorted(names))


def source_of(name: str) -> Path:
    """The file of a module or package."""
    rel = Path(*name.split(".")[1:])
    package = SRC / rel / "__init__.py"
    return package if package.is_file() else (SRC / rel).with_suffix(".py")


def imports_of(name: str, known: set[str]) -> set[str]:
    """The icsplan modules a module imports anywhere in it: functions included, and imports
    under `if TYPE_CHECKING:` too (a circle a type checker needs is still a circle of
    concepts, and the first import moved out of the guard would close it at run time)."""
    tree = ast.parse(source_of(name).read_text())
    package = name if source_of(name).name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("icsplan"))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parts + ([base] if base else []))
            if base.startswith("icsplan"):
                for alias in node.names:
                    full = f"{base}.{alias.name}"
                    found.add(full if full in known else base)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return (found & known) - {name}


@pytest.mark.unit
def test_no_module_imports_one_that_imports_it_back():
    names = module_names()
    known = set(names)
    graph = {n: imports_of(n, known) for n in names}
    cycles = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def walk(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in state:
                walk(nxt)
        stack.pop()
        state[node] = 2

    for n in names:
        if n not in state:
            walk(n)
    assert not cycles, "import circles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def imported_alone(names: list[str] | tuple[str, ...], path: str | None = None) -> dict[str, str]:
    """Each module imported with no other module of its package loaded (a fresh interpreter
    state per module, tests/import_alone.py): module -> "" or the traceback."""
    env = {**os.environ, **({"PYTHONPATH": path} if path else {})}
    done = subprocess.run([sys.executable, str(Path(__file__).with_name("import_alone.py")),
                           *names], capture_output=True, text=True, env=env, check=True)
    return json.loads(done.stdout.splitlines()[-1])


#: The modules are checked in this many batches, one child process each (it loads the
#: third-party libraries once, then forks a child per module).  Each batch is an xdist group,
#: so the batches run in different workers; one batch of 247 modules was ~35 s on one worker.
IMPORT_BATCHES = 2
_batch_results: dict[int, dict[str, str]] = {}


def _batch(name: str) -> int:
    return module_names().index(name) % IMPORT_BATCHES


def imported_alone_batch(batch: int) -> dict[str, str]:
    """`imported_alone` of one batch of the modules, run once per test process."""
    if batch not in _batch_results:
        _batch_results[batch] = imported_alone([n for n in module_names()
                                                 if _batch(n) == batch])
    return _batch_results[batch]


@pytest.mark.unit
@pytest.mark.parametrize("name", [
    pytest.param(n, marks=pytest.mark.xdist_group(f"imports-alone-{_batch(n)}"))
    for n in module_names()])
def test_every_module_imports_on_its_own(name):
    result = imported_alone_batch(_batch(name))
    assert result[name] == "", result[name]


@pytest.mark.unit
def test_an_import_circle_fails_the_import_check(tmp_path):
    """The check above can fail: a circle that a warm process would hide is caught."""
    (tmp_path / "circle").mkdir()
    (tmp_path / "circle" / "__init__.py").write_text("")
    (tmp_path / "circle" / "a.py").write_text("from circle.b import B\nA = 1\n")
    (tmp_path / "circle" / "b.py").write_text("from circle.a import A\nB = 2\n")
    result = imported_alone(["circle.b", "circle.a"], path=str(tmp_path))
    assert "partially initialized" in result["circle.a"]
    assert "partially initialized" in result["circle.b"]


@pytest.mark.functional
def test_no_output_table_is_computed_twice_in_one_run(mse, monkeypatch):
    from icsplan import pipeline
    from icsplan.finance import result

    calls: dict[str, int] = {}

    def counting(module, attr):
        real = getattr(module, attr)

        def wrapper(*args, **kwargs):
            calls[attr] = calls.get(attr, 0) + 1
            return real(*args, **kwargs)

        monkeypatch.setattr(module, attr, wrapper)

    for attr in ("gp_capacity", "workforce", "org_budgets", "qipp", "cash_flow",
                 "investment_schedule", "investment_curve", "bridge_table"):
        counting(result, attr)
    counting(pipeline, "locality_targets")
    counting(pipeline, "plan_finance")
    pipeline.run_plan(mse)
    assert calls and all(n == 1 for n in calls.values()), calls


@pytest.mark.functional
def test_the_report_reads_the_plan_not_the_population_folder(mse, tmp_path):
    import shutil

    import pandas as pd

    from icsplan.pipeline import run_plan
    from icsplan.population.summary import PopulationSummary
    from icsplan.report.html import render_report
    from icsplan.run_options import RunOptions

    folder = tmp_path / "seg"
    folder.mkdir()
    summary = PopulationSummary(
        source=folder.name, baseline=mse.baseline, people=1_200_000, scale=1.0,
        segments=pd.DataFrame({"segment": ["high_risk"], "per_50000": [2500.0],
                               "share_pct": [5.0], "seeds_share_pct": [5.0]}),
        auc=0.8, evaluation_period="2015/16", risk_terms=3,
        calibration=pd.DataFrame({"decile": [1], "people": [10], "events": [1],
                                  "mean_predicted": [0.1], "observed_rate": [0.1]}))
    plan = run_plan(mse, RunOptions(appraise_options=False), population=summary)
    shutil.rmtree(folder)
    page = render_report(plan)
    assert "AUC 0.800" in page and "Population segments" in page
