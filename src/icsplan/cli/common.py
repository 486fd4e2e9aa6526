"""What every command shares: the consoles, the scenario argument, and the one error path —
any `InputError` raised by any command is printed as one line per problem, exit status 2."""

from __future__ import annotations

import gc
import logging
import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from typer.core import TyperGroup

from icsplan.errors import InputError, Problem

if TYPE_CHECKING:
    from icsplan.scenario.model import Scenario

console = Console(stderr=True, soft_wrap=True)  # progress, problems
out_console = Console()  # results

ScenarioArg = Annotated[str, typer.Argument(
    help="A built-in scenario name (see `icsplan scenarios`) or a scenario folder.")]


#: at most this many problems are printed; a longer list is written in full to a file
SHOWN_PROBLEMS = 50


def report_problems(error: InputError) -> None:
    """Print an input error's title and one line per problem to standard error; past
    `SHOWN_PROBLEMS`, the rest go to a file (readable by the user only) the last line names."""
    problems = error.problems
    console.print(f"[bold red]{error.title}[/] ({len(problems):,} problem"
                  f"{'s' * (len(problems) != 1)}):")
    for p in problems[:SHOWN_PROBLEMS]:
        console.print(f"  - {p}", highlight=False, markup=False)
    if len(problems) > SHOWN_PROBLEMS:
        from icsplan.safety.problems import write_problem_list

        path = write_problem_list(error.title, problems)
        console.print(f"  ... and {len(problems) - SHOWN_PROBLEMS:,} more; the full list is in "
                      f"{path}", highlight=False, markup=False)


#: set by a command whose process has nothing left to release when it ends (`no_teardown`)
_TEARDOWN_NEEDLESS: list[bool] = []


def no_teardown() -> None:
    """Say that this command, once it has ended, leaves nothing that needs the interpreter's
    teardown (no files, connections or servers of its own still open): the program then ends
    the process at once (`Program`).  `icsplan run` says so after writing its results."""
    _TEARDOWN_NEEDLESS.append(True)


class Program(typer.Typer):
    """The `icsplan` program as its console script calls it (`app()`): when a command that
    said `no_teardown` has ended and nothing else runs (no other thread, no child process),
    the process leaves at once (`leave`) instead of tearing the interpreter down: freeing the
    million objects of pandas, NumPy and Plotly one by one cost `icsplan run` ~0.2 s of its
    CPU.  Tests invoke the command itself (typer's CliRunner), not this, and end as before."""

    def __call__(self, *args: object, **kwargs: object) -> object:
        """Run the command line; on its exit, leave without the teardown when said and safe."""
        try:
            return super().__call__(*args, **kwargs)
        except SystemExit as done:
            if _TEARDOWN_NEEDLESS:
                leave(done.code)
            raise


def leave(code: object) -> None:
    """End the process with exit status `code` without the interpreter's teardown, output
    flushed and logging shut down first; returns (the caller exits as usual) when the status is
    not a number, another thread or a child process still runs, or the output cannot be
    flushed (a closed pipe)."""
    if not (code is None or isinstance(code, int)) or threading.active_count() > 1:
        return
    processes = sys.modules.get("multiprocessing")
    if processes is not None and processes.active_children():
        return
    logging.shutdown()
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        return
    os._exit(code or 0)


class Group(TyperGroup):
    """The root command group: turns every `InputError` into its problems and exit code 2."""

    def invoke(self, ctx: typer.Context) -> object:
        """Run the command; bad input is reported, never shown as a traceback."""
        try:
            return super().invoke(ctx)
        except InputError as exc:
            report_problems(exc)
            raise typer.Exit(code=2) from None
        except KeyboardInterrupt:  # Ctrl-C: one sentence; staged output was never swapped in
            console.print("Interrupted: nothing was changed (any earlier results are as they "
                          "were).", highlight=False)
            raise typer.Exit(code=130) from None
        except Exception as exc:  # a fault of icsplan's, not the user's: say so in one line
            if isinstance(exc, typer.Exit | typer.Abort) or hasattr(exc, "exit_code"):
                raise  # the command line's own exits and usage errors
            if logging.getLogger().isEnabledFor(logging.DEBUG):
                raise
            logging.getLogger("icsplan").debug("internal error", exc_info=True)
            console.print(f"[bold red]icsplan could not finish[/]: an internal error "
                          f"({type(exc).__name__}: {exc}). Nothing was written. Please "
                          "report it with the command you ran; `icsplan -vv ...` shows "
                          "the details.", highlight=False)
            raise typer.Exit(code=1) from None


def fail(problems: list[str | Problem], what: str) -> None:
    """Stop the command: bad input, reported through the one error path (exit status 2)."""
    raise InputError(list(problems), title=what)


def output_folder(path: Path, option: str = "--out",
                  inputs: dict[str, Path | None] | None = None) -> Path:
    """A folder results may be written to, or one clear problem: not a file, not the current
    folder or above it, not home or `/`, and not one that is, contains or lies inside any of
    `inputs` (label -> path), since the results replace the folder whole."""
    from icsplan.safety.folders import overlap_problems, protected_folder_problems

    problems = protected_folder_problems(path, option) + overlap_problems(path, inputs or {},
                                                                          option)
    if problems:
        fail(problems, "Cannot write the results")
    if path.exists() and not path.is_dir():
        fail([Problem(str(path), f"{option} names a file, not a folder; give a folder for the "
                      "results")], "Cannot write the results")
    probe = path if path.exists() else next((p for p in path.parents if p.exists()), Path("."))
    if not os.access(probe, os.W_OK):
        fail([Problem(str(path), f"cannot write here ({probe} is not writable); give another "
                      f"{option}")], "Cannot write the results")
    return path


def output_file(path: Path, suffix: str, what: str) -> Path:
    """A file that may be written (its folder created if missing), or one clear problem."""
    if path.suffix.lower() != suffix:
        fail([Problem(str(path), f"{what} must end in {suffix}")], "Cannot write the file")
    if path.is_dir():
        fail([Problem(str(path), f"is a folder; give a {suffix} file name")],
             "Cannot write the file")
    probe = next((p for p in [path.parent, *path.parent.parents] if p.exists()), Path("."))
    if not os.access(probe, os.W_OK):
        fail([Problem(str(path), f"cannot write here ({probe} is not writable)")],
             "Cannot write the file")
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


@contextmanager
def collector_paused() -> Iterator[None]:
    """No garbage collection inside the block: around a command's imports, whose objects live
    as long as the process, so collecting while they are made finds nothing to free.  At its
    end they are frozen (`gc.freeze`), or the first young collection after it walks all of
    them (~30 ms of `icsplan run`)."""
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


@contextmanager
def frozen_heap() -> Iterator[None]:
    """Leave every object alive now (a command's libraries, imported just before) out of the
    garbage collector's passes until the block ends (`gc.freeze`): they live as long as the
    process, and walking their million objects again in every full collection was a tenth of
    `icsplan run`'s time."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def load(name: str) -> Scenario:
    """Load and validate a scenario by built-in name or folder (problems exit 2)."""
    from icsplan.scenario.errors import ScenarioError
    from icsplan.scenario.folder import load_scenario

    try:
        return load_scenario(name)
    except ScenarioError as exc:
        raise ScenarioError(exc.problems, title=f"Scenario '{name}' is not valid") from None


def require_activity_model(s: Scenario, what: str) -> None:
    """Refuse (exit 2) a command that needs the activity model on a scenario without one
    (a programme, finance and KPI plan such as mse-2019)."""
    if not s.has_demand_model:
        from icsplan.errors import InputError, Problem

        raise InputError([Problem(s.name, "has no activity model (localities.csv, "
                                  f"baseline.csv, growth.csv, unit_costs.csv); {what} needs "
                                  "one")], title=f"Scenario '{s.name}' cannot be used here")
