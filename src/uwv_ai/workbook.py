"""The export's Excel workbook: a sheet per table, a sheet describing every column, and a first
sheet saying what the workbook is.

The workbook is the export for spreadsheets (the CSVs stay RFC 4180 for tools). Fractions get a
percent format, so 0.78 shows as 78% in Excel and LibreOffice; a table that carries codes only
(the fact table, the quality tables) gets the Dutch and English labels of its dimensions beside
the codes, looked up by the dimension's key. Nothing here reads the warehouse: the export hands
over the rows.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

# Excel refuses longer sheet names.
MAX_SHEET_NAME = 31
ABOUT_SHEET, COLUMNS_SHEET = "about", "columns"
# The unit of the columns shown as percentages, and the one of the export's other units.
FRACTION_UNIT = "fraction"
_WIDEST = 60  # characters; longer texts wrap in the columns sheet and are cut off elsewhere
_BOLD = Font(bold=True)
_WRAPPED = Alignment(wrap_text=True, vertical="top")


@dataclass(frozen=True)
class Labels:
    """A dimension's labels that come in Dutch and English, and the key that finds them."""

    dimension: str
    key: tuple[str, ...]
    columns: tuple[str, ...]

    @property
    def stem(self) -> str:
        """What the dimension is about, as column names spell it: dim_size_class -> size_class."""
        return self.dimension.removeprefix("dim_")


@dataclass
class SheetColumn:
    name: str
    data_type: str
    unit: str | None
    description: str


@dataclass
class Sheet:
    name: str
    table: str  # schema.table
    description: str
    columns: list[SheetColumn]
    rows: list[tuple[Any, ...]]


def label_pairs(columns: Sequence[str]) -> tuple[str, ...]:
    """The columns that come in both languages (`<x>_nl` and `<x>_en`), Dutch first, in the
    order of the Dutch ones; a label in one language only is left out."""
    present = set(columns)
    pairs: list[str] = []
    for column in columns:
        english = column.removesuffix("_nl") + "_en"
        if column.endswith("_nl") and english in present:
            pairs += [column, english]
    return tuple(pairs)


def labels_for(table: str, columns: Sequence[str], dimensions: Sequence[Labels]) -> list[Labels]:
    """The dimensions whose labels a table's sheet gets: every one whose whole key the table
    has, unless the table is that dimension or has Dutch labels of its own for it (a column
    `<stem>_..._nl`, such as the analysis marts' `sector_label_nl`)."""
    present = set(columns)
    chosen = []
    for labels in dimensions:
        own = any(c.startswith(labels.stem + "_") and c.endswith("_nl") for c in columns)
        if (
            labels.columns
            and table != labels.dimension
            and set(labels.key) <= present
            and not own
            and not set(labels.columns) & present
        ):
            chosen.append(labels)
    return chosen


def sheet_layout(columns: Sequence[str], joins: Sequence[Labels]) -> list[tuple[int | None, str]]:
    """A sheet's columns in order: the table's own (None, column), with each joined dimension's
    labels (index in `joins`, column) right after the last of its key columns."""
    after: dict[str, list[tuple[int | None, str]]] = {}
    for index, labels in enumerate(joins):
        last_key = max(labels.key, key=list(columns).index)
        after.setdefault(last_key, []).extend((index, label) for label in labels.columns)
    layout: list[tuple[int | None, str]] = []
    for column in columns:
        layout.append((None, column))
        layout += after.get(column, [])
    return layout


def sheet_names(tables: Sequence[str]) -> dict[str, str]:
    """A sheet name per table (`schema.table`): a marts table's own name, `quality.<name>`
    for the others; a name too long for Excel loses its `mart_` prefix, or is cut."""
    names: dict[str, str] = {}
    for table in tables:
        schema, name = table.split(".", 1)
        sheet = name if schema == "marts" else table
        if len(sheet) > MAX_SHEET_NAME:
            sheet = sheet.removeprefix("mart_")[:MAX_SHEET_NAME]
        if sheet in names.values() or sheet in (ABOUT_SHEET, COLUMNS_SHEET):
            raise ValueError(f"two tables would share the sheet name {sheet!r}")
        names[table] = sheet
    return names


def write_workbook(path: Path, sheets: Sequence[Sheet], about: Sequence[tuple[str, str]]) -> None:
    """Write the workbook: the about sheet, the columns sheet, then one sheet per table.

    openpyxl's write-only mode streams each row to the file instead of keeping an object per
    cell: a workbook of the fact table and its marts grows with the rows (about 1.5 ms and
    a few kB of memory per observation in the normal mode, measured up to 100 editions), so
    each sheet's layout (widths, frozen header, filter) is set before its first row.
    """
    workbook = Workbook(write_only=True)
    _write_about(workbook.create_sheet(ABOUT_SHEET), sheets, about)
    _write_columns(workbook.create_sheet(COLUMNS_SHEET), sheets)
    for sheet in sheets:
        _write_table(workbook.create_sheet(sheet.name), sheet)
    workbook.save(path)


def number_format(unit: str | None, values: Sequence[Any]) -> str | None:
    """The format of a column: fractions as percentages, with one decimal when a value needs
    it (0.025 is 2.5%, not 3%); None leaves Excel's General format."""
    if unit != FRACTION_UNIT:
        return None
    numbers = [value for value in values if isinstance(value, int | float)]
    whole = all(abs(value * 100 - round(value * 100)) < 1e-9 for value in numbers)
    return "0%" if whole else "0.0%"


def _write_about(worksheet: Any, sheets: Sequence[Sheet], about: Sequence[tuple[str, str]]) -> None:
    _set_widths(worksheet, [32, _WIDEST + 30, 8, _WIDEST * 2])
    for key, value in about:
        worksheet.append([_text_cell(worksheet, key, bold=True), _text_cell(worksheet, value)])
    worksheet.append([])
    worksheet.append(
        [
            _text_cell(worksheet, name, bold=True)
            for name in ("sheet", "table", "rows", "description")
        ]
    )
    for sheet in sheets:
        values = (sheet.name, sheet.table, len(sheet.rows), sheet.description)
        worksheet.append([_text_cell(worksheet, value) for value in values])


def _write_columns(worksheet: Any, sheets: Sequence[Sheet]) -> None:
    header = ["sheet", "table", "column", "type", "unit", "description"]
    rows = [
        (sheet.name, sheet.table, column.name, column.data_type, column.unit, column.description)
        for sheet in sheets
        for column in sheet.columns
    ]
    _set_widths(worksheet, [32, 34, 30, 14, 18, _WIDEST * 2])
    _finish_table(worksheet, len(header), len(rows))
    worksheet.append([_text_cell(worksheet, name, bold=True) for name in header])
    for row in rows:
        worksheet.append([_text_cell(worksheet, value) for value in row])


def _write_table(worksheet: Any, sheet: Sheet) -> None:
    formats: dict[int, str] = {}
    for index, column in enumerate(sheet.columns):
        values = [row[index] for row in sheet.rows]
        fmt = number_format(column.unit, values)
        if any(isinstance(value, datetime.date) for value in values):
            fmt = "yyyy-mm-dd"
        if fmt:
            formats[index] = fmt
    _set_widths(
        worksheet,
        [
            min(_WIDEST, max([len(column.name), *(len(str(row[i] or "")) for row in sheet.rows)]))
            + 2
            for i, column in enumerate(sheet.columns)
        ],
    )
    _finish_table(worksheet, len(sheet.columns), len(sheet.rows))
    worksheet.append([_header_cell(worksheet, column.name) for column in sheet.columns])
    for row in sheet.rows:
        worksheet.append(
            [_data_cell(worksheet, value, formats.get(index)) for index, value in enumerate(row)]
        )


def _header_cell(worksheet: Any, name: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(worksheet, name)
    cell.font = _BOLD
    return cell


def _data_cell(worksheet: Any, value: Any, fmt: str | None) -> Any:
    """The value itself where it needs nothing else (the fast path), else a styled cell."""
    value = _cell_value(value)
    formula_like = isinstance(value, str) and value.startswith("=")
    if fmt is None and not formula_like:
        return value
    cell = WriteOnlyCell(worksheet, value)
    if formula_like:
        cell.data_type = "s"  # text, not a formula: a value must never be run as one
    if fmt is not None:
        cell.number_format = fmt
    return cell


def _text_cell(worksheet: Any, value: Any, bold: bool = False) -> WriteOnlyCell:
    """A cell of the about and columns sheets: long texts wrap, at the top of the row."""
    cell = WriteOnlyCell(worksheet, value)
    cell.alignment = _WRAPPED
    if bold:
        cell.font = _BOLD
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"
    return cell


def _cell_value(value: Any) -> Any:
    """Lists (none today) as text: a cell holds one value."""
    if isinstance(value, list | tuple | dict):
        return str(value)
    return value


def _set_widths(worksheet: Any, widths: Sequence[int]) -> None:
    for index, width in enumerate(widths, start=1):
        worksheet.column_dimensions[get_column_letter(index)].width = width


def _finish_table(worksheet: Any, columns: int, rows: int) -> None:
    """Header row frozen and filterable (set before the first row, as write-only mode needs)."""
    worksheet.freeze_panes = "A2"
    worksheet.auto_filter.ref = f"A1:{get_column_letter(columns)}{rows + 1}"
