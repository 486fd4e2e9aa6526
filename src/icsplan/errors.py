"""Problems with a user's input, and the one error base every stage's input errors share.

A `Problem` locates one thing wrong as the user sees it (the file or sheet, the row, the
column, the bad value); an `InputError` carries every problem found, so the command line and
the app can report them all at once in one place (exit status 2, never a traceback).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located as precisely as it can be."""

    file: str
    message: str
    row: int | None = None  # line number in the file (the header is line 1) or spreadsheet row
    field: str | None = None  # the column (or YAML key) as the user sees it
    value: object | None = None  # the bad value, quoted in the message when given
    sheet: str | None = None  # in a workbook: the sheet (then row is the spreadsheet row)
    # Where a scenario's rules found it, before a reader says where that is for the user:
    table: str | None = None  # the scenario table ("growth", "initiatives", "published/x")
    key: int | str | None = None  # the row's position in the table, or an initiative's id

    @classmethod
    def at(cls, table: str, message: str, key: int | str | None = None,
           field: str | None = None, value: object | None = None) -> Problem:
        """A problem located in a scenario's table (row position or id, field); the folder
        reader, the workbook reader or the app turns that into what the user sees."""
        return cls("", message, field=field, value=value, table=table, key=key)

    def __str__(self) -> str:
        """The problem as one sentence: where, then what is wrong."""
        where = self.file
        if self.table is not None and not where:  # not located by a reader: the table's terms
            where = f"table '{self.table}'"
            if self.key is not None:
                where += f", row {self.key}" if isinstance(self.key, int) else f", '{self.key}'"
        if self.sheet is not None:
            where += f", sheet '{self.sheet}'"
            if self.row is not None:
                where += f", row {self.row}"
            if self.field:
                where += f", column '{self.field}'"
        else:
            if self.row is not None:
                where += f", line {self.row}"
            if self.field:
                where += f", field '{self.field}'"
        message = self.message
        if self.value is not None and f"'{self.value}'" not in message:
            message = f"{message} (got '{self.value}')"
        return f"{where}: {message}" if where else message


class InputError(Exception):
    """Input that cannot be used; `problems` lists every reason found."""

    #: what the command line says before listing the problems
    title = "The input is not valid"

    def __init__(self, problems: list[Problem] | Problem | str, title: str | None = None):
        """Wrap one or more problems (a plain string becomes a problem with no location)."""
        if isinstance(problems, Problem | str):
            problems = [problems]
        self.problems = [p if isinstance(p, Problem) else Problem("", p) for p in problems]
        if title:
            self.title = title
        super().__init__("\n".join(str(p) for p in self.problems))
