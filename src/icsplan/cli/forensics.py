"""`icsplan forensics`: does a published plan add up?  Checks the built-in seed documents'
figures (or a folder with figures.csv and rules.csv) against their arithmetic rules."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from icsplan.cli.common import out_console, output_folder

PlanArg = Annotated[list[str] | None, typer.Argument(
    help="Built-in documents (000 ... 004) or folders with figures.csv and rules.csv; "
         "all built-in documents when none is given.", show_default=False)]


def forensics(
    plans: PlanArg = None,
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", help="Also write forensics.csv (one row per rule) to this folder.")]
    = None,
    all_rules: Annotated[bool, typer.Option(
        "--all", help="List every rule, not only those that fail.")] = False,
) -> None:
    """Check a published plan's own arithmetic (parts add up to totals, net = savings -
    investment, growth agrees with the amounts, repeated figures agree, targets are
    reachable) and propose the reading of a figure that would make a failing rule hold.

    Exits 0 whatever the rules find; 2 when the figures or rules cannot be read.
    """
    import pandas as pd

    from icsplan.forensics import (
        builtin_documents,
        check_plan,
        explain,
        load_plan,
        plan_summary,
        results_frame,
    )
    from icsplan.report.files import write_forensics

    names = plans or builtin_documents()
    if out is not None:
        output_folder(out)
    loaded = [load_plan(n) for n in names]  # every plan read (and its problems) first
    checked = [(p, check_plan(p)) for p in loaded]
    table = Table(title="Plan forensics: does the plan add up?")
    for col in ("plan", "figures", "figures checked", "rules", "passed", "failed"):
        table.add_column(col, justify="left" if col == "plan" else "right")
    for plan, results in checked:
        s = plan_summary(plan, results)
        table.add_row(s["plan"], str(s["figures"]), str(s["figures_checked"]), str(s["rules"]),
                      str(s["passed"]), str(s["failed"]))
    out_console.print(table)
    for plan, results in checked:
        shown = [r for r in results if all_rules or not r.passed]
        if shown:
            what = "every rule" if all_rules else "rules that fail"
            out_console.print(f"\n[bold]{plan.name}[/]: {what} ({len(shown)})",
                              highlight=False)
        for r in shown:
            mark = "[green]pass[/]" if r.passed else "[yellow]fail[/]"
            out_console.print(f"\n{mark}  {r.rule.rule} ({r.rule.kind}), {r.rule.section}: "
                              f"[bold]{r.rule.description or r.rule.check.text}[/]",
                              highlight=False)
            if not r.passed:
                out_console.print(f"   {explain(plan, r)}", highlight=False, markup=False)
    if out is not None:
        frame = pd.concat([results_frame(p, r) for p, r in checked], ignore_index=True)
        written = write_forensics(frame, out)
        out_console.print(f"\nWrote {', '.join(str(w) for w in written)}")
