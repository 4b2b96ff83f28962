"""Query results printed the way DuckDB prints them, not the way pandas would.

Every value is turned into text by DuckDB itself (a cast to VARCHAR, or `to_json`), so dates
are ISO dates, NULL is NULL (empty in CSV and Markdown, `null` in JSON), booleans are `true`,
and decimals keep their scale, exactly as the DuckDB CLI and the exports show them. The table
is DuckDB's own box rendering. Nothing here imports pandas.
"""

from __future__ import annotations

import contextlib
import io
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    import duckdb

FORMATS = ("table", "csv", "json", "markdown")
# The DuckDB CLI shows this many rows of a long result on a terminal (its `.maxrows`).
TERMINAL_ROWS = 40
# "No limit" for DuckDB's box rendering, which takes only numbers.
_UNLIMITED = 2**31 - 1
_CSV_SPECIAL = (",", '"', "\n", "\r")
_NUMERIC = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "FLOAT", "DOUBLE", "DECIMAL")


def render(
    relation: duckdb.DuckDBPyRelation,
    output: str,
    out: TextIO,
    max_rows: int | None = None,
    width: int | None = None,
) -> None:
    """Print `relation` to `out` as `output` (one of FORMATS).

    `max_rows` and `width` only apply to the table: None shows every row, at any width.
    """
    if output == "table":
        _table(relation, out, max_rows, width)
    elif output == "json":
        _json(relation, out)
    else:
        rows = relation.query("result", "select columns(*)::varchar from result").iter_rows()
        if output == "csv":
            _csv(relation.columns, rows, out)
        else:
            _markdown(relation.columns, [str(t) for t in relation.types], rows, out)


def _table(relation, out: TextIO, max_rows: int | None, width: int | None) -> None:
    # DuckDB's Python relation prints its box with print(); catch it to drop the blank line
    # it ends with (the DuckDB CLI prints none).
    box = io.StringIO()
    with contextlib.redirect_stdout(box):
        relation.show(max_width=width or _UNLIMITED, max_rows=max_rows or _UNLIMITED)
    out.write(box.getvalue().rstrip("\n") + "\n")


def _json(relation, out: TextIO) -> None:
    """A JSON array of one object per row, as `duckdb -json` prints it (one row a line)."""
    rows = relation.query("result", "select to_json(result)::varchar from result").iter_rows()
    separator = "["
    for (row,) in rows:
        out.write(f"{separator}{row}")
        separator = ",\n"
    out.write("[]\n" if separator == "[" else "]\n")


def _csv(columns: list[str], rows, out: TextIO) -> None:
    """CSV with a header, quoted as DuckDB's COPY quotes it: NULL is an empty field and an
    empty string is `""`, so the two stay apart (Python's csv module cannot do that)."""
    out.write(",".join(_csv_field(name) for name in columns) + "\n")
    for row in rows:
        out.write(",".join(_csv_field(value) for value in row) + "\n")


def _csv_field(value: str | None) -> str:
    if value is None:
        return ""
    if value == "" or any(special in value for special in _CSV_SPECIAL):
        return '"' + value.replace('"', '""') + '"'
    return value


def _markdown(columns: list[str], types: list[str], rows, out: TextIO) -> None:
    """A pipe table; numbers aligned right, NULL empty (as `duckdb -markdown` prints it)."""
    out.write("| " + " | ".join(_cell(name) for name in columns) + " |\n")
    rules = ["---:" if kind.upper().startswith(_NUMERIC) else "---" for kind in types]
    out.write("|" + "|".join(rules) + "|\n")
    for row in rows:
        out.write("| " + " | ".join(_cell(value) for value in row) + " |\n")


def _cell(value: str | None) -> str:
    if value is None:
        return ""
    return (
        value.replace("\\", "\\\\")
        .replace("|", "\\|")
        .replace("\r\n", "<br>")
        .replace("\n", "<br>")
    )
