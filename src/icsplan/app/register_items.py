"""Add and close register items, and upload a month's KPI actuals, from the app.

Every write goes through the register store's own audited API (`register.edits.add`,
`register.edits.update`, `register.actuals.save_actuals`) in one transaction by the logged-in
user: a field is validated on the server by the register's row model, and each bad field is
one plain sentence in the form's own words ("Impact (1 to 5): must be 5 or less (got '7')");
closing an item states the version read and is refused if someone saved it since.

An uploaded actuals file is treated as hostile: at most `MAX_UPLOAD_BYTES`, written to a
private temporary folder (removed afterwards) and read by `delivery.actuals.read_actuals`,
the code `icsplan delivery import` runs, so it gives the same problems (UTF-16, NUL bytes,
stray header cells, unknown measure or organisation, bad dates and numbers, duplicates);
a cell that could run as a spreadsheet formula is refused (`safety.cells.needs_escape`).
Nothing is stored unless the whole file is valid.
"""

from __future__ import annotations

import base64
import binascii
import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from icsplan.errors import Problem

if TYPE_CHECKING:
    from icsplan.app.context import AppContext

#: the largest actuals file accepted from the browser (a month of every KPI is a few kB)
MAX_UPLOAD_BYTES = 1_000_000

#: what a new item of each register needs: field -> (label, input type); ids are keys
ADD_FIELDS: dict[str, dict[str, tuple[str, str]]] = {
    "risks": {
        "id": ("Key (letters, digits and _ - . : /)", "text"),
        "category": ("Category", "text"),
        "description": ("Description", "text"),
        "impact": ("Impact (1 to 5)", "number"),
        "likelihood": ("Likelihood (1 to 5)", "number"),
        "mitigation": ("Mitigation", "text"),
        "owner": ("Owner", "text"),
    },
    "schemes": {
        "id": ("Key (letters, digits and _ - . : /)", "text"),
        "name": ("Name", "text"),
        "programme": ("Programme", "text"),
        "organisation": ("Organisation", "text"),
        "status": ("Status (scoping, in progress, delivered or stopped)", "text"),
        "year": ("Year it saves in (e.g. 2018/19)", "text"),
        "planned_net_saving_gbp": ("Planned net saving (£)", "number"),
        "forecast_net_saving_gbp": ("Forecast net saving (£)", "number"),
        "investment_gbp": ("Investment (£)", "number"),
        "owner": ("Owner", "text"),
    },
    "milestones": {
        "id": ("Key (letters, digits and _ - . : /)", "text"),
        "scheme_id": ("Key of its scheme", "text"),
        "name": ("Name", "text"),
        "planned_date": ("Planned date (YYYY-MM-DD)", "text"),
        "forecast_date": ("Forecast date (YYYY-MM-DD)", "text"),
        "status": ("Status (planned, on track, at risk or delayed)", "text"),
    },
}
#: how an item of each register is closed: the statuses that close it, in words
CLOSING: dict[str, dict[str, str]] = {
    "risks": {"closed": "Closed"},
    "schemes": {"delivered": "Delivered", "stopped": "Stopped"},
    "milestones": {"complete": "Complete", "cancelled": "Cancelled"},
}
#: statuses as a person types them ("in progress") and as the register stores them
STATUS_CODES = {"in progress": "in_progress", "on track": "on_track", "at risk": "at_risk"}


def plain(message: str) -> str:
    """A row model's message in plain words: 'Input should be less than or equal to 5' ->
    'must be 5 or less'."""
    rules = [
        (r"^Value error, ", ""),
        (r"^Input should be less than or equal to (\S+)$", r"must be \1 or less"),
        (r"^Input should be greater than or equal to (\S+)$", r"must be \1 or more"),
        (r"^Input should be a valid integer.*$", "must be a whole number"),
        (r"^Input should be a valid number.*$", "must be a number"),
        (r"^Input should be a valid date.*$", "must be a date written YYYY-MM-DD"),
        (r"^String should match pattern.*$", "has a character that is not allowed"),
        (r"^String should have at least 1 character$", "is required"),
        (r"^String should have at most (\d+) characters?$", r"must be at most \1 characters"),
        (r"^Input should be (.*)$", r"must be \1"),
    ]
    for pattern, replacement in rules:
        message = re.sub(pattern, replacement, message)
    return message


def problem_words(register: str, problem: Problem, fields: dict[str, tuple[str, str]]
                  ) -> str:
    """One problem as the form says it: the field's label, what is wrong, the value quoted."""
    label = fields.get(problem.field or "", (None,))[0]
    text = plain(problem.message)
    got = "" if problem.value is None or f"'{problem.value}'" in text \
        else f" (got '{problem.value}')"
    return f"{label}: {text}{got}." if label else f"{text[:1].upper()}{text[1:]}{got}."


def _cleaned(register: str, values: dict) -> dict:
    """The form's values as the register takes them: text trimmed, statuses as codes."""
    clean = {}
    for field, value in values.items():
        if field not in ADD_FIELDS[register]:
            continue
        if isinstance(value, str):
            value = value.strip()
            if field == "status":
                value = STATUS_CODES.get(value.lower(), value.lower())
        clean[field] = value
    return clean


def _reference_problem(session, register: str, values: dict) -> Problem | None:
    """A milestone must name a scheme that is in the register."""
    from icsplan.register.models import Scheme

    scheme = values.get("scheme_id")
    if register == "milestones" and scheme and session.get(Scheme, scheme) is None:
        return Problem(register, "there is no scheme with that key", field="scheme_id",
                       value=scheme)
    return None


def add_item(ctx: AppContext, user: str | None, register: str, values: dict
             ) -> tuple[list[str], bool]:
    """Add a new item: (sentences for the page, added?). Refused without a login (when the
    app has users), with one sentence per bad field, or if the key is taken."""
    from icsplan.register.edits import add
    from icsplan.register.rows import RegisterInputError

    if register not in ADD_FIELDS:
        return [f"Items cannot be added to '{register}' here."], False
    if ctx.login_required and not user:
        return ["Log in to add to the register: nothing was saved."], False
    fields = ADD_FIELDS[register]
    clean = _cleaned(register, values)
    author = user or "app user"
    try:
        with ctx.transaction(author) as session:
            wrong = _reference_problem(session, register, clean)
            if wrong is not None:
                raise RegisterInputError([wrong])
            row = add(session, register, {**clean, "source": f"added in the app by {author}"})
            key = row.id
    except RegisterInputError as exc:
        return ["Nothing was saved:", *(problem_words(register, p, fields)
                                        for p in exc.problems)], False
    return [f"Added {key} (version 1) by {author}."], True


def close_item(ctx: AppContext, user: str | None, register: str, key: str,  # noqa: PLR0913  (the close form's fields, one each)
               version: int | None, status: str) -> tuple[str, bool]:
    """Close an item read at `version` with a closing status: (sentence, closed?); refused
    if someone saved it since (the store says who changed what)."""
    from icsplan.register.edits import StaleEditError, update
    from icsplan.register.rows import RegisterInputError

    if register not in CLOSING or status not in CLOSING[register]:
        return "Pick how the item is closed.", False
    if ctx.login_required and not user:
        return "Log in to close an item: nothing was saved.", False
    if not key or version is None:
        return "Pick an item to close.", False
    author = user or "app user"
    try:
        with ctx.transaction(author) as session:
            row = update(session, register, key, {"status": status}, version)
            now = row.version
    except StaleEditError as exc:
        return f"Refused: {exc}", False
    except RegisterInputError as exc:
        return "Nothing was saved: " + " ".join(plain(p.message) for p in exc.problems), False
    return (f"Closed {key} as {CLOSING[register][status].lower()} (now version {now}) by "
            f"{author}.", True)


def item_status(ctx: AppContext, register: str, key: str) -> str | None:
    """An item's status code, or None when it has none or is not there."""
    from icsplan.register.models import REGISTER_MODELS

    with ctx.transaction("reader") as session:
        row = session.get(REGISTER_MODELS[register], key)
        return None if row is None else getattr(row, "status", None)


def _safe_name(filename: str | None) -> str:
    """The uploaded file's own name as problems quote it (no folders, plain characters)."""
    name = Path(str(filename or "actuals.csv").replace("\\", "/")).name
    name = re.sub(r"[^A-Za-z0-9_. -]", "_", name)[:100].strip(" .")
    return name or "actuals.csv"


def decode_upload(contents: str | None, filename: str | None) -> tuple[bytes | None, str | None]:
    """The bytes of a browser upload (a data URL), or a sentence saying why not."""
    name = _safe_name(filename)
    if not contents or "," not in contents:
        return None, "Choose a CSV file to upload."
    if not name.lower().endswith(".csv"):
        return None, f"{name}: an actuals file must be a CSV file (its name ends .csv)."
    encoded = contents.split(",", 1)[1]
    if len(encoded) > MAX_UPLOAD_BYTES * 4 // 3 + 8:
        return None, (f"{name}: the file is larger than {MAX_UPLOAD_BYTES // 1000:,} kB; "
                      "upload one month of actuals at a time.")
    try:
        data = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        return None, f"{name}: the upload could not be read; choose the file again."
    if len(data) > MAX_UPLOAD_BYTES:
        return None, (f"{name}: the file is larger than {MAX_UPLOAD_BYTES // 1000:,} kB; "
                      "upload one month of actuals at a time.")
    return data, None


def read_upload(ctx: AppContext, data: bytes, filename: str | None):
    """The upload validated by `delivery.actuals.read_actuals` (the CLI's own reader) from a
    private temporary folder that is removed afterwards; `ActualsError` lists its problems,
    a text cell that could run as a spreadsheet formula among them (`safety.cells`)."""
    from icsplan.delivery.actuals import ActualsError, read_actuals

    name = _safe_name(filename)
    with tempfile.TemporaryDirectory(prefix="icsplan-upload-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        actuals = read_actuals(path, ctx.scenario.kpi_measures)
    formulas = formula_problems(actuals.rows, name)
    if formulas:
        raise ActualsError(formulas)
    return actuals


def formula_problems(rows, file: str) -> list[Problem]:
    """One problem per text cell that a spreadsheet could run as a formula (a measure or an
    organisation such as '=HYPERLINK(...)' when the scenario names no KPIs to check against)."""
    from icsplan.safety.cells import needs_escape

    out = []
    for column in ("measure", "org", "org_code"):
        if column not in rows:
            continue
        for i, value in rows[column].items():
            if isinstance(value, str) and needs_escape(value):
                out.append(Problem(file, "looks like a spreadsheet formula, which the register "
                                   "does not keep", row=int(i) + 2, field=column, value=value))
    return out


def upload_actuals(ctx: AppContext, user: str | None, contents: str | None,
                   filename: str | None) -> tuple[list[str], bool]:
    """Validate an uploaded actuals file and store it whole: (sentences for the page, stored?)."""
    from icsplan.delivery.actuals import ActualsError
    from icsplan.delivery.measures import actual_measures
    from icsplan.register.actuals import save_actuals
    from icsplan.register.rows import RegisterInputError

    if ctx.login_required and not user:
        return ["Log in to upload actuals: nothing was stored."], False
    data, refused = decode_upload(contents, filename)
    if refused:
        return [refused, "Nothing was stored."], False
    try:
        actuals = read_upload(ctx, data, filename)
    except ActualsError as exc:
        return ["Nothing was stored: the file has "
                f"{len(exc.problems)} problem{'s' * (len(exc.problems) != 1)}.",
                *(f"{p}." if not str(p).endswith(".") else str(p) for p in exc.problems)], False
    measures = actual_measures(actuals)
    author = user or "app user"
    try:
        with ctx.transaction(author) as session:
            saved = save_actuals(session, measures, f"{actuals.file}, uploaded by {author}")
    except RegisterInputError as exc:
        return ["Nothing was stored:", *(str(p) for p in exc.problems)], False
    months = sorted({f"{p:%B %Y}" for p in measures["period"]})
    return [f"Stored {actuals.file} by {author}: {saved.added} new, {saved.changed} changed, "
            f"{saved.unchanged} already as given ({', '.join(months)})."], True
