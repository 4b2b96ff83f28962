"""The export's Excel workbook: its rules on small inputs, then the exported workbook read back
with openpyxl and opened in LibreOffice Calc, compared with the warehouse."""

from __future__ import annotations

import csv
import datetime
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import duckdb
import pytest
from openpyxl import load_workbook

from tests.conftest import sha256_of
from uwv_ai.build import BuildResult
from uwv_ai.workbook import (
    Labels,
    Sheet,
    SheetColumn,
    label_pairs,
    labels_for,
    number_format,
    sheet_layout,
    sheet_names,
    write_workbook,
)

SECTOR = Labels("dim_sector", ("sector_code",), ("sector_name_nl", "sector_name_en"))
ANSWER = Labels(
    "dim_answer", ("question_code", "answer_code"), ("answer_label_nl", "answer_label_en")
)


def test_label_pairs_are_the_labels_in_both_languages():
    columns = ["sector_code", "sector_name_nl", "table_label_nl", "sector_name_en", "sort_order"]
    assert label_pairs(columns) == ("sector_name_nl", "sector_name_en")
    assert label_pairs(["obs_status", "obs_status_label_en"]) == ()


def test_a_table_gets_the_labels_of_the_dimensions_whose_key_it_carries():
    fact = ["sector_code", "question_code", "answer_code", "share_pct"]
    assert labels_for("fct_survey_share", fact, [SECTOR, ANSWER]) == [SECTOR, ANSWER]
    # Half a key finds nothing; a table with its own Dutch labels keeps them; a dimension
    # does not look itself up.
    assert labels_for("figure_5", ["answer_code", "answer_label_nl"], [ANSWER]) == []
    assert labels_for("mart", ["sector_code", "sector_label_nl"], [SECTOR]) == []
    assert labels_for("dim_sector", ["sector_code"], [SECTOR]) == []


def test_labels_follow_the_last_column_of_their_key():
    layout = sheet_layout(["answer_code", "sector_code", "question_code", "x"], [SECTOR, ANSWER])
    assert layout == [
        (None, "answer_code"),
        (None, "sector_code"),
        (0, "sector_name_nl"),
        (0, "sector_name_en"),
        (None, "question_code"),
        (1, "answer_label_nl"),
        (1, "answer_label_en"),
        (None, "x"),
    ]


def test_sheet_names_fit_excel():
    names = sheet_names(
        ["marts.dim_sector", "marts.mart_figure_5_sector_differences", "quality.claim_checks"]
    )
    assert names == {
        "marts.dim_sector": "dim_sector",
        "marts.mart_figure_5_sector_differences": "figure_5_sector_differences",
        "quality.claim_checks": "quality.claim_checks",
    }
    assert all(len(name) <= 31 for name in names.values())
    long = "marts.mart_" + "x" * 40
    with pytest.raises(ValueError, match="share the sheet name"):
        sheet_names([long + "_2024", long + "_2025"])  # cut to the same 31 characters
    with pytest.raises(ValueError, match="share the sheet name"):
        sheet_names(["marts.columns"])  # the sheet describing the columns


def test_fractions_get_a_percent_format_with_the_decimals_they_need():
    assert number_format("fraction", [0.78, None, 0.07]) == "0%"
    assert number_format("fraction", [0.78, 0.025]) == "0.0%"
    assert number_format("percent", [78.0]) is None


def test_a_text_that_looks_like_a_formula_stays_text(tmp_path: Path):
    path = tmp_path / "book.xlsx"
    columns = [SheetColumn("claim", "VARCHAR", None, "a claim"), SheetColumn("x", "INT", None, "")]
    write_workbook(path, [Sheet("t", "marts.t", "", columns, [("=1+1", 1)])], [("title", "t")])
    cell = load_workbook(path)["t"]["A2"]
    assert (cell.value, cell.data_type) == ("=1+1", "s")


# --- The exported workbook -------------------------------------------------------------------


@pytest.fixture(scope="module")
def exported(exported_package: Path) -> Path:
    """The shared export of the built warehouse (tests/conftest.py); its folder."""
    return exported_package.parent


@pytest.fixture(scope="module")
def expected(built: BuildResult, exported: Path) -> dict[str, Expected]:
    """Per sheet, what the warehouse says it must hold (computed here, not by the export)."""
    package = json.loads((exported / "datapackage.json").read_text(encoding="utf-8"))
    keys = {res["name"]: res["schema"].get("primaryKey", []) for res in package["resources"]}
    with duckdb.connect(str(built.warehouse), read_only=True) as connection:
        return _expected_sheets(connection, keys)


class Expected:
    """A table as its sheet must give it: columns and rows, and the dimensions' labels."""

    def __init__(self, table: str, columns: list[str], rows: list[tuple[Any, ...]]):
        self.table, self.columns, self.rows = table, columns, rows


def _expected_sheets(
    connection: duckdb.DuckDBPyConnection, keys: dict[str, list[str]]
) -> dict[str, Expected]:
    tables = connection.execute(
        "select schema_name, table_name from duckdb_tables()"
        " where schema_name in ('marts', 'quality') order by all"
    ).fetchall()
    result = {}
    for schema, table in tables:
        name = table if schema == "marts" else f"{schema}.{table}"
        # Excel allows 31 characters: the one longer table loses its mart_ prefix.
        sheet = name if len(name) <= 31 else name.removeprefix("mart_")
        columns = [
            column
            for (column,) in connection.execute(
                "select column_name from duckdb_columns() where schema_name = ?"
                " and table_name = ? order by column_index",
                [schema, table],
            ).fetchall()
        ]
        select = []
        for column in columns:
            # Percentages are numbers (DOUBLE), not DECIMAL.
            is_percentage = column.endswith(("_pct", "_pp"))
            select.append(
                f'cast("{column}" as double) as "{column}"' if is_percentage else f'"{column}"'
            )
            if column.endswith("_pct"):
                # The sheet shows the fraction beside the percent: 78 and 0.78 (as 78%).
                fraction = column.removesuffix("_pct") + "_fraction"
                select.append(f'cast("{column}" as double) / 100 as "{fraction}"')
        order = ", ".join(f'"{key}"' for key in keys[name]) or "all"
        query = f"select {', '.join(select)} from {schema}.{table}"
        described = connection.execute(f"describe {query}").fetchall()
        rows = connection.execute(f"select * from ({query}) order by {order}").fetchall()
        result[sheet] = Expected(name, [row[0] for row in described], rows)
    return result


# A dimension: its key, and its rows as dicts to look a label up by that key.
Dimension = tuple[list[str], list[dict[str, Any]]]


@pytest.fixture(scope="module")
def dimensions(built: BuildResult, exported: Path) -> dict[str, Dimension]:
    package = json.loads((exported / "datapackage.json").read_text(encoding="utf-8"))
    keys = {res["name"]: res["schema"].get("primaryKey", []) for res in package["resources"]}
    with duckdb.connect(str(built.warehouse), read_only=True) as connection:
        names = connection.execute(
            "select table_name from duckdb_tables() where schema_name = 'marts'"
            " and table_name like 'dim%' order by 1"
        ).fetchall()
        result = {}
        for (name,) in names:
            relation = connection.sql(f"select * from marts.{name}")
            rows = [dict(zip(relation.columns, row, strict=True)) for row in relation.fetchall()]
            result[name] = (keys[name], rows)
        return result


def _check_sheet(
    sheet: str,
    header: list[str],
    rows: list[list[Any]],
    wanted: Expected,
    dimensions: dict[str, Dimension],
    same: Any,
) -> int:
    """Compare a sheet read back (header, rows) with the warehouse; return the cells checked.

    The table's own columns, in their order, with their values; every other column is a label
    of exactly one dimension, equal to that dimension's value for the row's key.
    """
    assert [column for column in header if column in wanted.columns] == wanted.columns, sheet
    assert len(rows) == len(wanted.rows), sheet
    checked = 0
    for number, (row, expected_row) in enumerate(zip(rows, wanted.rows, strict=True)):
        values = dict(zip(header, row, strict=True))
        expected_values = dict(zip(wanted.columns, expected_row, strict=True))
        for column, value in values.items():
            if column in expected_values:
                wanted_value = expected_values[column]
            else:
                (key, dimension_rows) = _dimension_of(column, dimensions)
                assert all(part in values for part in key), (sheet, column, key)
                matches = [
                    dim_row
                    for dim_row in dimension_rows
                    if all(dim_row[part] == values[part] for part in key)
                ]
                # A code left empty (a row without a quality flag; LibreOffice reads "") has no
                # label.
                unset = any(values[part] in (None, "") for part in key)
                assert len(matches) == (0 if unset else 1), (sheet, number, column)
                wanted_value = None if unset else matches[0][column]
            assert same(value, wanted_value, column), (sheet, number, column, value, wanted_value)
            checked += 1
    return checked


def _dimension_of(column: str, dimensions: dict[str, Dimension]) -> Dimension:
    """The one dimension that has `column` (a label the sheet looked up)."""
    (dimension,) = [dim for dim in dimensions.values() if column in dim[1][0]]
    return dimension


def _same_cell(value: Any, wanted: Any, _column: str) -> bool:
    """A cell as openpyxl reads it against a warehouse value."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(wanted, float) and isinstance(value, int | float):
        return abs(value - wanted) < 1e-12
    return value == wanted and type(value) is type(wanted)


def test_workbook_holds_every_table_with_labels_and_percent_formats(
    exported: Path,
    expected: dict[str, Expected],
    dimensions: dict[str, Dimension],
):
    package = json.loads((exported / "datapackage.json").read_text(encoding="utf-8"))
    workbook_path = exported / package["workbook"]["path"]
    assert package["workbook"]["bytes"] == workbook_path.stat().st_size
    digest = sha256_of(workbook_path)
    assert package["workbook"]["hash"] == f"sha256:{digest}"
    workbook = load_workbook(workbook_path)
    assert workbook.sheetnames[:2] == ["about", "columns"]
    assert sorted(workbook.sheetnames[2:]) == sorted(expected)
    checked = 0
    for sheet, wanted in expected.items():
        worksheet = workbook[sheet]
        header, *rows = [list(row) for row in worksheet.iter_rows(values_only=True)]
        checked += _check_sheet(sheet, header, rows, wanted, dimensions, _same_cell)
        for index, column in enumerate(header, start=1):
            formats = {worksheet.cell(row, index).number_format for row in range(2, len(rows) + 2)}
            if column.endswith("_fraction"):
                assert formats and formats <= {"0%", "0.0%"}, (sheet, column, formats)
            else:
                assert "%" not in "".join(formats), (sheet, column, formats)
    assert checked > 20_000
    # The fact table, which has codes only, shows its dimensions' Dutch and English labels.
    fact_header = next(workbook["fct_survey_share"].iter_rows(max_row=1, values_only=True))
    for label in ("sector_name_nl", "sector_name_en", "answer_label_nl", "answer_label_en"):
        assert label in fact_header
    # The columns sheet describes every column of every sheet.
    described = {
        (row[0], row[2])
        for row in workbook["columns"].iter_rows(min_row=2, values_only=True)
        if row[5]
    }
    for sheet in expected:
        header = next(workbook[sheet].iter_rows(max_row=1, values_only=True))
        assert {(sheet, column) for column in header} <= described, sheet


def _same_shown(shown: str, wanted: Any, column: str) -> bool:
    """A cell as LibreOffice shows it (its CSV with "as shown") against a warehouse value."""
    if wanted is None:
        return shown == ""
    if isinstance(wanted, bool):
        return shown == str(wanted).upper()
    if isinstance(wanted, int | float):
        if column.endswith("_fraction"):
            # Shown as a percentage: the format is there, and the value behind it.
            return shown.endswith("%") and abs(float(shown[:-1]) / 100 - wanted) < 1e-9
        return abs(float(shown) - wanted) < 1e-9
    if isinstance(wanted, datetime.date):
        return shown == wanted.isoformat()
    return shown == wanted


def _libreoffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(
    _libreoffice() is None,
    reason="LibreOffice is not installed (Debian: apt-get install libreoffice-calc-nogui)",
)
def test_workbook_opens_in_libreoffice_calc_with_the_same_values(
    exported: Path,
    expected: dict[str, Expected],
    dimensions: dict[str, Dimension],
    tmp_path: Path,
):
    workbook = exported / "uwv-ai-employer-survey.xlsx"
    # Every sheet to its own UTF-8 CSV (sheet -1), cells as shown (token 9), en-US (1033).
    csv_filter = "csv:Text - txt - csv (StarCalc):44,34,76,1,,1033,false,true,true,false,false,-1"
    result = subprocess.run(
        [
            _libreoffice() or "soffice",
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            csv_filter,
            "--outdir",
            str(tmp_path / "csv"),
            str(workbook),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    checked = 0
    for sheet, wanted in expected.items():
        path = tmp_path / "csv" / f"{workbook.stem}-{sheet}.csv"
        with path.open(encoding="utf-8", newline="") as handle:
            header, *rows = list(csv.reader(handle))
        checked += _check_sheet(sheet, header, rows, wanted, dimensions, _same_shown)
    assert checked > 20_000
    assert (tmp_path / "csv" / f"{workbook.stem}-columns.csv").is_file()
