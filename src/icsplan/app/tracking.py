"""What the Delivery page tracks: the actuals file given at start-up (`--actuals`) together
with the KPI actuals stored in the register (uploaded on the Register page), in the long form
`delivery.actuals.read_actuals` gives (`delivery.measures.actual_measures`).  Where both give
a value for the same measure, organisation and month the register's wins (it was uploaded
later).  The register is asked on every render for a cheap mark of its actuals (their count,
the sum of their version counters and their latest audit entry); the tracking is recomputed
only when that mark has changed, so an upload shows on the next visit without a restart.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from icsplan.delivery.actuals import Actuals
from icsplan.delivery.measures import DERIVED, LONG, actual_measures

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from icsplan.app.context import AppContext
    from icsplan.delivery.track import DeliveryResult

FILE, REGISTER, BOTH = "file", "register", "both"
KEYS = ["measure", "org", "period"]
_lock = threading.Lock()


@dataclass(frozen=True)
class Tracked:
    """The delivery tracking the page shows and where each series' actuals came from."""

    result: DeliveryResult | None
    file: str | None = None  # the --actuals file's name
    sources: dict[tuple[str, str], str] = field(default_factory=dict)  # (measure, org) -> source


def merge_actuals(file: Actuals | None, stored: pd.DataFrame) -> tuple[pd.DataFrame, bool]:
    """The file's measures and the register's stored rows in one long table (measure, org,
    period, value, numerator, denominator, source), the register's row kept where both give
    the same measure, organisation and month; and whether A&E-derived measures are tracked
    (an NHS England A&E file, or derived A&E measures among the stored rows)."""
    frames = []
    if file is not None:
        frames.append(actual_measures(file)[LONG].assign(source=FILE))
    if not stored.empty:
        frames.append(stored[LONG].astype({c: float for c in LONG[3:]}).assign(source=REGISTER))
    if not frames:
        return pd.DataFrame(columns=[*LONG, "source"]), False
    rows = pd.concat(frames, ignore_index=True)
    rows["period"] = pd.to_datetime(rows["period"])
    rows = rows.drop_duplicates(KEYS, keep="last").sort_values(KEYS, ignore_index=True)
    derived = (file is not None and file.format == "nhse_ae") or bool(
        stored["measure"].isin(list(DERIVED)).any() if not stored.empty else False)
    return rows, derived


def series_sources(rows: pd.DataFrame) -> dict[tuple[str, str], str]:
    """Each series' source: the file, the register, or both (the register's months replacing
    the file's)."""
    out = {}
    for (measure, org), kinds in rows.groupby(["measure", "org"], sort=False)["source"]:
        seen = set(kinds)
        out[(measure, org)] = BOTH if len(seen) > 1 else seen.pop()
    return out


def register_mark(session: Session) -> tuple:
    """A cheap mark that changes whenever the register's actuals change."""
    from sqlalchemy import func, select

    from icsplan.register.models import AuditEntry, KpiActual

    count, versions = session.execute(select(
        func.count(KpiActual.id), func.coalesce(func.sum(KpiActual.version), 0))).one()
    audit = session.scalar(select(func.max(AuditEntry.id)).where(
        AuditEntry.entity == KpiActual.__tablename__))
    return int(count), int(versions), audit


def tracked(ctx: AppContext) -> Tracked:
    """The tracking of the --actuals file and the register's actuals together (the base
    plan's own tracking while the register holds none); recomputed when the register's
    actuals change."""
    file = ctx.actuals.file if ctx.actuals is not None else None
    if ctx.engine is None:
        return _file_only(ctx, file)
    with ctx.transaction("reader") as session:
        mark = register_mark(session)
    cache = ctx.tracking_cache
    if cache.get("mark") == mark:
        return cache["tracked"]
    with _lock:
        if cache.get("mark") == mark:
            return cache["tracked"]
        from icsplan.register.actuals import stored_actuals

        with ctx.transaction("reader") as session:
            stored = stored_actuals(session)
            mark = register_mark(session)
        out = _file_only(ctx, file) if stored.empty else _merged(ctx, stored, file)
        cache.update(mark=mark, tracked=out)
    return out


def _file_only(ctx: AppContext, file: str | None) -> Tracked:
    result = getattr(ctx.base_plan, "delivery", None)
    if result is None:
        return Tracked(None, file)
    keys = zip(result.kpi_summary["measure"], result.kpi_summary["org"], strict=True)
    return Tracked(result, file, {k: FILE for k in keys})


def _merged(ctx: AppContext, stored: pd.DataFrame, file: str | None) -> Tracked:
    from icsplan.delivery.track import track
    from icsplan.run_options import RunOptions

    rows, derived = merge_actuals(ctx.actuals, stored)
    name = f"{file} and the register" if file else "the register"
    actuals = Actuals(file=name, format="long", rows=rows[LONG])
    result = track(ctx.scenario, actuals, ctx.base_plan.activity.summary, derived_ae=derived,
                   **RunOptions().tracking.as_kwargs())
    return Tracked(result, file, series_sources(rows))


def sources_sentence(t: Tracked) -> str:
    """One sentence: which series' actuals come from the register, which from both, which
    from the --actuals file."""
    kpi = t.result.kpi_summary
    names = {(m, o): f"{n} at {on or o}" for m, o, n, on in
             zip(kpi["measure"], kpi["org"], kpi["name"], kpi["org_name"], strict=True)}
    by = {kind: [names[k] for k in names if t.sources.get(k) == kind]
          for kind in (REGISTER, BOTH, FILE)}
    where = "uploaded on the Register page"
    if not by[REGISTER] and not by[BOTH]:
        return f"Every series' actuals come from {t.file} (given at start-up with --actuals)."
    if not by[FILE] and not by[BOTH]:
        return f"Every series' actuals come from the register ({where})."
    parts = []
    if by[REGISTER]:
        parts.append(f"{'; '.join(by[REGISTER])} from the register ({where})")
    if by[BOTH]:
        parts.append(f"{'; '.join(by[BOTH])} from the register for the months it holds "
                     f"({where}; these replace the file's) and from {t.file} for the others")
    if by[FILE]:
        parts.append(f"every other series from {t.file} (given at start-up with --actuals)")
    return "Actuals: " + ", ".join(parts) + "."
