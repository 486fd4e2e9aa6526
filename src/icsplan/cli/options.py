"""`icsplan options [SCENARIO] --out DIR`: appraise a scenario's hospital site options."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from icsplan.cli.common import ScenarioArg, fail, load, out_console

if TYPE_CHECKING:
    from icsplan.appraisal.appraise import Appraisal


def options(
    scenario: ScenarioArg = "mse-2016",
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the results.")
                   ] = Path("out/options"),
) -> None:
    """Appraise the scenario's options on the horizon year's planned activity.

    Writes access, flows, beds_by_site, economics, scores and sensitivity CSVs and
    appraisal.html.
    """
    from datetime import UTC, datetime

    import icsplan
    from icsplan.appraisal.appraise import appraise, horizon_activity
    from icsplan.appraisal.reference import road_minutes_for
    from icsplan.model.demand import project
    from icsplan.report.files import write_appraisal

    s = load(scenario)
    if s.options.empty:
        fail([f"scenario '{s.name}' has no options.csv"], "Nothing to appraise")
    projection = project(s)
    activity = horizon_activity(projection.activity(), projection.horizon)
    # AppraisalError: exit 2, one line each
    result = appraise(s, activity, projection.horizon, road_minutes_for(s))
    manifest = {"icsplan_version": icsplan.__version__, "scenario": s.name,
                "scenario_hash": s.content_hash(), "activity_year": projection.horizon,
                "created": datetime.now(UTC).isoformat(timespec="seconds")}
    written = write_appraisal(result, s, out, manifest)
    out_console.print(f"Wrote {len(written)} files to [bold]{out}[/]:")
    for path in written:
        out_console.print(f"  {path.name}")
    out_console.print(f"\nOptions appraisal on {result.activity_year} planned activity:")
    for line in closing_note(result):
        out_console.print(f"  {line}", highlight=False, markup=False)


def closing_note(a: Appraisal) -> list[str]:
    """One line per option summarising its appraisal.

    Its specialist emergency hospital, the share of the population within 30 and 45 minutes
    of it, beds by site at 85% occupancy, its rank and the weight its place is most sensitive
    to (with the switching value).
    """
    from icsplan.appraisal.scoring import most_sensitive

    acc = a.access[(a.access["service"] == "specialist_emergency")
                   & (a.access["locality"] == "all")].set_index("option")
    beds = a.beds.set_index(["option", "site"])["beds_85"]
    sites = list(a.option_set.sites["site"])
    ranks = sens = None
    if a.scores is not None:
        ranks = a.scores[a.scores["criterion"] == "total"].set_index("option")["rank"]
        sens = most_sensitive(a.sensitivity)
    lines = []
    for o in a.option_set.options:
        seh = ", ".join(o.services.get("specialist_emergency", ())) or "none"
        parts = [f"{o.option}: specialist emergency hospital {seh}"]
        if o.option in acc.index:
            parts.append(f"{acc.loc[o.option, 'within_30_pct']:.1f}% within 30 min, "
                         f"{acc.loc[o.option, 'within_45_pct']:.1f}% within 45 min")
        parts.append("beds at 85% " + ", ".join(
            f"{s} {beds.get((o.option, s), float('nan')):,.0f}" for s in sites))
        if ranks is not None and o.option in ranks.index:
            row = sens.loc[o.option]
            if row["criterion"] != row["criterion"] or row["criterion"] is None:
                weight = "no single weight change alters whether it ranks first"
            else:
                weight = (f"most sensitive weight {row['criterion']}: "
                          f"{row['weight_pct']:.0f}% -> {row['switch_at_pct']:.1f}%")
            parts.append(f"rank {int(ranks[o.option])}; {weight}")
        elif o.current:
            parts.append("today (not ranked)")
        lines.append("; ".join(parts))
    return lines
