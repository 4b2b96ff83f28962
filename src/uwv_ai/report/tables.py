"""Each chart's numbers as a table: read on the page, downloaded as CSV, sorted by value.

A table is built from the same query rows as its chart, one row per bar, band or cell row and
one column per plotted series. The page shows it as an HTML table (readable without the
chart, small segments and figure 14's dots included), and the page's script writes the CSV
download from that table. Values taken from the running text rather than read from the
printed figure (`marts.publication_cells.cell_source = 'recovered'`) are marked.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from uwv_ai.report.model import EDITION, Text, records

if TYPE_CHECKING:
    import duckdb

Key = tuple[str, int, str, str, str]
"""question_code, survey_year, sector_code, size_class_code, answer_code."""

RECOVERED_MARK = "*"
RECOVERED = Text(
    "niet in de figuur afgedrukt; overgenomen uit de lopende tekst",
    "not printed in the figure; taken from the running text",
)
SHARE = Text("Aandeel", "Share")

_RECOVERED_SQL = """\
select
    question_code,
    survey_year,
    sector_code,
    size_class_code,
    answer_code
from marts.publication_cells
where edition = ? and figure = ? and cell_source = 'recovered'"""


@dataclass(frozen=True)
class Recovered:
    """The numbers of one publication figure that were recovered from the text."""

    keys: frozenset[Key]

    def any(
        self, question: str, year: int, sector: str, size_class: str, answers: Iterable[str]
    ) -> bool:
        """Whether any of `answers` of one row was recovered: a plotted sum carries its parts'."""
        return any((question, year, sector, size_class, answer) in self.keys for answer in answers)


def recovered_cells(connection: duckdb.DuckDBPyConnection, figure: int) -> Recovered:
    """The cells of publication figure `figure` that were not legible in it as printed.

    Per figure: figure 7's 79% was recovered, while figure 12 prints the same number.
    """
    rows = records(connection, _RECOVERED_SQL, EDITION, figure)
    return Recovered(
        frozenset(
            (
                row["question_code"],
                row["survey_year"],
                row["sector_code"],
                row["size_class_code"],
                row["answer_code"],
            )
            for row in rows
        )
    )


@dataclass(frozen=True)
class Column:
    """One plotted series: an answer, a year, a measure."""

    code: str
    label: Text


@dataclass(frozen=True)
class TableRow:
    """One bar, band or row of cells; `ranked` rows take part in the sort by value."""

    code: str
    label: Text
    values: tuple[float, ...]
    recovered: tuple[bool, ...]
    ranked: bool = False


@dataclass(frozen=True)
class DataTable:
    """A chart's numbers: rows as the chart lists them (printed order), a column per series."""

    row_header: Text
    columns: tuple[Column, ...]
    rows: tuple[TableRow, ...]

    @property
    def has_recovered(self) -> bool:
        return any(any(row.recovered) for row in self.rows)


def table_row(
    code: str,
    label: Text,
    values: Sequence[float],
    recovered: Sequence[bool] | None = None,
    ranked: bool = False,
) -> TableRow:
    return TableRow(
        code=code,
        label=label,
        values=tuple(values),
        recovered=tuple(recovered) if recovered is not None else (False,) * len(values),
        ranked=ranked,
    )


def by_value(values: Sequence[float], ranked: Sequence[bool]) -> list[int]:
    """Positions in the order 'by value': ranked rows highest first, the others in place.

    Rows that are not ranked (the total, the size classes) keep their positions; the ranked
    ones fill the rest, highest value first, equal values in printed order.
    """
    order = iter(
        sorted(
            (index for index, rank in enumerate(ranked) if rank),
            key=lambda index: -values[index],
        )
    )
    return [next(order) if rank else index for index, rank in enumerate(ranked)]


def value_text(value: float, recovered: bool = False) -> str:
    """A share as a chart or table shows it: `79%`, with the mark when it was recovered."""
    return f"{value:g}%{RECOVERED_MARK if recovered else ''}"


@dataclass(frozen=True)
class Sort:
    """How the page's 'by value' toggle reorders a chart's category axes.

    `order` lists positions of the axes' printed categories (their `categoryarray`, the same
    on every axis named), in the order by value; `key` says which value, in both languages.
    """

    axes: tuple[str, ...]
    order: tuple[int, ...]
    key: Text


def sort_by_value(
    axes: Sequence[str], values: Sequence[float], ranked: Sequence[bool], key: Text
) -> Sort:
    return Sort(axes=tuple(axes), order=tuple(by_value(values, ranked)), key=key)
