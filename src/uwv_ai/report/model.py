"""The report's building blocks: texts in two languages, query results, and a chart."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from uwv_ai.report.escaping import chart_text

if TYPE_CHECKING:
    import duckdb

    from uwv_ai.report.findings import Findings
    from uwv_ai.report.tables import DataTable, Sort

LANGUAGES = ("nl", "en")
"""Dutch first: the publication is Dutch and the page opens in Dutch."""

EDITION = 2025
"""The publication this report redraws; its tables also carry the 2024 survey results."""

Row = dict[str, Any]


@dataclass(frozen=True)
class Text:
    """A text in Dutch and English."""

    nl: str
    en: str

    def __getitem__(self, language: str) -> str:
        return self.nl if language == "nl" else self.en


@dataclass(frozen=True)
class Chart:
    """One redrawn figure: its query, what the text's claims say about it, both specs, and its
    numbers as a table (with, where it lists sectors, their order by value)."""

    figure: int
    title: Text
    description: Text
    mart: str
    sql: str
    findings: Findings
    specs: dict[str, dict[str, Any]]
    table: DataTable
    note: Text | None = None
    sort: Sort | None = None
    narrow: dict[str, Any] = field(default_factory=dict)
    """On a phone-sized screen: the spec's settings to change, by path (`layout.height`,
    `data.0.domain`), after the script has rewrapped its labels for the width."""
    numbered_columns: bool = False
    """On a phone-sized screen, columns headed 1, 2, 3 ... with a key under the chart."""

    @property
    def element_id(self) -> str:
        return f"chart-fig-{self.figure}"


def records(connection: duckdb.DuckDBPyConnection, sql: str, *params: object) -> list[Row]:
    """Rows as dicts; decimals become floats so they serialise as plain JSON numbers."""
    cursor = connection.execute(sql, list(params))
    names = [column[0] for column in cursor.description]
    return [
        {
            name: float(value) if isinstance(value, Decimal) else value
            for name, value in zip(names, row, strict=True)
        }
        for row in cursor.fetchall()
    ]


def require(rows: list[Row], what: str) -> list[Row]:
    """Fail with a one-line message when a query the report needs returns nothing."""
    if not rows:
        raise ValueError(f"the warehouse has no rows for {what}")
    return rows


def label(row: Row, column: str, language: str) -> str:
    """The `<column>_label_<language>` value of a mart row, as chart text (tags escaped)."""
    return chart_text(row[f"{column}_label_{language}"])
