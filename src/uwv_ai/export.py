"""Export the marts and the quality tables as Parquet and CSV, with a Frictionless Data Package
describing them.

`<output>/parquet/<table>.parquet` and `<output>/csv/<table>.csv` hold a marts table, and
`parquet/quality/<table>.parquet` and `csv/quality/<table>.csv` a table of schema quality. Every
column keeps its DuckDB type except the percentages: each `*_pct` and `*_pp` column is DOUBLE
(DECIMAL reaches pandas as `object` columns of `Decimal`), and every `*_pct` (0 to 100) has a
`*_fraction` column beside it (0 to 1), the scale percent formats expect. The Parquet files
carry each column's description and unit in their Arrow schema; the CSVs are described by
`<output>/datapackage.json` (Table Schema: types, descriptions, units, primary and foreign keys),
so `frictionless validate` checks them without the warehouse or dbt. The same tables go into
one Excel workbook (uwv_ai.workbook), the export for spreadsheets.

Keys come from the dbt manifest, where the warehouse's key tests are declared: a key in the
package is a key the build has tested. The export is written to a sibling folder and swapped
into place, so the output folder always holds one complete export; the next export removes the
scratch folders of one that was killed (uwv_ai.scratch).

Only the tables the manifest names as the project's models are exported, and each file is
named after its table: a table that is not the project's (say one named `../../escaped`) stops
the export before anything is written, so no file name comes from the warehouse alone.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from uwv_ai import scratch, sdmx
from uwv_ai.dbt_invocation import PUBLISH_TARGET
from uwv_ai.fault_injection import stop_here_if_asked
from uwv_ai.paths import project_dir
from uwv_ai.publish import read_status
from uwv_ai.read_only import open_read_only
from uwv_ai.workbook import (
    FRACTION_UNIT,
    Labels,
    Sheet,
    SheetColumn,
    label_pairs,
    labels_for,
    sheet_layout,
    sheet_names,
    write_workbook,
)

SCHEMA = "marts"
# The published data-quality findings (claim checks, known discrepancies, flags), exported
# beside the marts in a folder of their own.
QUALITY_SCHEMA = "quality"
# The manifest of the last `uwv-ai build`, which wrote the published file.
MANIFEST = PUBLISH_TARGET / "manifest.json"
PACKAGE_FILE = "datapackage.json"
# Every table in one Excel workbook: the export for spreadsheets (README, "Exports").
WORKBOOK_FILE = "uwv-ai-employer-survey.xlsx"
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_TITLE = "UWV employer survey on AI at work: the marts and quality findings of uwv-ai"
# DuckDB writes NULL as an empty field and an empty string as `""`; CSV readers (Python's
# csv module, hence frictionless) cannot tell the two apart, so "" is the one missing value.
# The marts use NULL, never '', for "nothing"; the export tests would catch a ''.
MISSING_VALUES = [""]
# Column-name suffixes whose unit a reader cannot guess from the type alone. These columns are
# exported as DOUBLE whatever their type in the warehouse.
UNITS = {"_pct": "percent", "_pp": "percentage points"}
# Beside every `<name>_pct` (0 to 100) the export adds `<name>_fraction` (0 to 1).
# (FRACTION_UNIT: the workbook shows the columns of this unit as percentages.)
PERCENT_SUFFIX, FRACTION_SUFFIX = "_pct", "_fraction"
# What this project adds to the numbers is licensed as LICENSE says; the numbers themselves are
# the publication's, under its own terms, which this project does not restate.
DATA_LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": (
        "Creative Commons Attribution 4.0 International, for what the uwv-ai project adds"
        " (structure, codes, English labels, checks); the publication's own terms apply to"
        " its numbers"
    ),
}
# A table's file name is its name: letters, digits and underscores only.
_PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_INTEGER_TYPES = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT"}
_INTEGER_TYPES |= {"U" + name for name in _INTEGER_TYPES}
_TABLE_SCHEMA_TYPES = {
    "VARCHAR": "string",
    "UUID": "string",
    "BOOLEAN": "boolean",
    "DECIMAL": "number",
    "FLOAT": "number",
    "DOUBLE": "number",
    "DATE": "date",
    "TIME": "time",
    "TIMESTAMP": "datetime",
    "TIMESTAMP WITH TIME ZONE": "datetime",
    **dict.fromkeys(_INTEGER_TYPES, "integer"),
}


@dataclass
class Keys:
    """Primary and foreign keys per table, as the dbt project tests them."""

    primary: dict[str, list[str]] = field(default_factory=dict)
    # table -> [(columns, referenced table, referenced columns)]
    foreign: dict[str, list[tuple[list[str], str, list[str]]]] = field(default_factory=dict)


@dataclass
class Manifest:
    """What the dbt manifest says: the tables of schema marts and their tested keys, and the
    tables of schema quality."""

    tables: set[str] = field(default_factory=set)
    keys: Keys = field(default_factory=Keys)
    quality_tables: set[str] = field(default_factory=set)


@dataclass
class Column:
    name: str
    data_type: str
    comment: str | None
    # Set on exported columns: the column's unit (percent, percentage points, fraction).
    unit: str | None = None


@dataclass
class Table:
    """A warehouse table to export, with its columns as they are in the warehouse."""

    schema: str
    name: str
    comment: str | None
    columns: list[Column]

    @property
    def resource_name(self) -> str:
        """Its name in datapackage.json: a marts table's own name, `quality.<name>` otherwise."""
        return self.name if self.schema == SCHEMA else f"{self.schema}.{self.name}"

    def path(self, kind: str) -> Path:
        """Where its file of `kind` (parquet, csv) goes, relative to the export folder."""
        folder = Path(kind) if self.schema == SCHEMA else Path(kind) / self.schema
        return folder / f"{self.name}.{kind}"

    def relation(self) -> str:
        return f"{_quote(self.schema)}.{_quote(self.name)}"


@dataclass
class ExportedColumn:
    """A column as exported: its name, the SQL that gives it from the table, type and unit."""

    column: Column
    expression: str


def export_warehouse(warehouse: Path, output: Path) -> Path:
    """Export every table of schemas marts and quality; return the path of the written
    datapackage.json.

    Everything is written to a temporary sibling of `output` first and then swapped in: a
    failing export leaves the previous one as it was and no half-written folder behind.
    """
    output = output.absolute()
    _clean_up_after_a_killed_export(output)
    manifest = read_manifest(project_dir() / MANIFEST)
    _check_replaceable(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    # mkdir, not tempfile.mkdtemp: the folder becomes the export, so it gets the umask's
    # permissions rather than mkdtemp's owner-only ones.
    staging = scratch.scratch_path(output, "tmp")
    staging.mkdir()
    try:
        _write_export(warehouse, manifest, staging)
        stop_here_if_asked("export.staged")
        _swap_into_place(staging, output)
    finally:
        shutil.rmtree(staging, ignore_errors=True)  # gone already after a successful swap
    return output / PACKAGE_FILE


# The generic tests that declare keys, and the arguments holding a primary key (a list of
# columns) and foreign keys (a list of {columns, to, fields}): column_contract, which holds a
# model's whole column-level contract, and the single-purpose tests it calls.
_KEY_ARGUMENTS = {
    "column_contract": ("primary_key", "foreign_keys"),
    "primary_key": ("columns", None),
    "foreign_keys": (None, "keys"),
}


def read_manifest(manifest_path: Path) -> Manifest:
    """The marts tables of the manifest, and their keys from its key tests
    (`column_contract`, or `primary_key` and `foreign_keys`).

    Tables are named by their relation (schema, alias), so only keys of marts tables are
    returned. Tests with a `where` filter or severity warn do not hold for every row of a
    published warehouse and are left out.
    """
    if not manifest_path.is_file():
        raise ValueError(f"no dbt manifest at {manifest_path}; run uwv-ai build first")
    nodes = json.loads(manifest_path.read_text(encoding="utf-8"))["nodes"]
    tables = _relations(nodes, SCHEMA)
    keys = Keys()
    for _unique_id, test in sorted(nodes.items()):
        metadata = test.get("test_metadata") or {}
        config = test.get("config") or {}
        table = tables.get(test.get("attached_node") or "")
        if table is None or config.get("where") or str(config.get("severity")).lower() == "warn":
            continue
        kwargs = metadata.get("kwargs") or {}
        primary, foreign = _KEY_ARGUMENTS.get(metadata.get("name"), (None, None))
        if primary and kwargs.get(primary):
            keys.primary.setdefault(table, list(kwargs[primary]))
        if foreign:
            for key in kwargs.get(foreign) or []:
                columns = list(key["columns"])
                referenced = _referenced_table(key.get("to", ""), test, nodes, tables)
                if referenced is not None:
                    referenced_columns = list(key.get("fields") or columns)
                    keys.foreign.setdefault(table, []).append(
                        (columns, referenced, referenced_columns)
                    )
    return Manifest(
        tables=set(tables.values()),
        keys=keys,
        quality_tables=set(_relations(nodes, QUALITY_SCHEMA).values()),
    )


def _referenced_table(
    to: str, test: dict[str, Any], nodes: dict[str, Any], tables: dict[str, str]
) -> str | None:
    """The marts table `to` (like "ref('dim_sector')") names, found among the test's parents."""
    # ref('model') or ref('package', 'model'): the model is the last quoted name.
    names = re.findall(r"""['"]([^'"]+)['"]""", to) if to.strip().startswith("ref(") else []
    if not names:
        return None
    for parent in test.get("depends_on", {}).get("nodes", []):
        if parent in tables and nodes[parent]["name"] == names[-1]:
            return tables[parent]
    return None


def _check_replaceable(output: Path) -> None:
    """Refuse to replace anything but an earlier export: `--output ~` must not delete home."""
    if not output.exists():
        return
    if not output.is_dir():
        raise ValueError(f"{output} exists and is not a folder")
    if any(output.iterdir()) and not (output / PACKAGE_FILE).is_file():
        raise ValueError(f"refusing to replace {output}: it is not an earlier export")


def _clean_up_after_a_killed_export(output: Path) -> None:
    """Remove the scratch folders of exports that were killed; restore a lost export first.

    An export killed between the two renames of `_swap_into_place` leaves no `output`, only
    the previous export under its `.old` name: that one is put back before anything is removed.
    """
    old = scratch.leftovers(output, "old")
    if old and not output.exists():
        old.pop().rename(output)
    for leftover in (*old, *scratch.leftovers(output, "tmp")):
        scratch.remove(leftover)


def _swap_into_place(staging: Path, output: Path) -> None:
    """Rename the finished export to `output`; the previous export is deleted only after.

    Two renames: between them `output` is briefly absent (a reader sees no folder rather
    than a mixed one), and readers holding files of the old export open keep reading them.
    """
    if not output.exists():
        staging.rename(output)
        return
    old = staging.with_suffix(".old")
    output.rename(old)
    stop_here_if_asked("export.rotated")
    try:
        staging.rename(output)
    except OSError:
        old.rename(output)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _relations(nodes: dict[str, Any], schema: str) -> dict[str, str]:
    """The tables (models, seeds, snapshots) the manifest puts in `schema`: relation name by
    unique id."""
    return {
        unique_id: node.get("alias") or node["name"]
        for unique_id, node in nodes.items()
        if node["resource_type"] in ("model", "seed", "snapshot") and node["schema"] == schema
    }


def _write_export(warehouse: Path, manifest: Manifest, folder: Path) -> None:
    # Sandboxed like every reader, except that COPY may write inside this export's folder:
    # whatever a table is called, nothing lands outside it.
    connection = open_read_only(warehouse, writable_folder=folder)
    try:
        tables = _tables(connection, SCHEMA)
        _require_project_tables(tables, SCHEMA, manifest.tables)
        quality = _tables(connection, QUALITY_SCHEMA)
        _require_project_tables(quality, QUALITY_SCHEMA, manifest.quality_tables)
        marts = {table.name for table in tables}
        resources = [
            _export_table(connection, folder, table, manifest.keys, marts)
            for table in (*tables, *quality)
        ]
        sources = _sources(connection) if "dim_survey_edition" in marts else []
        sheets = _sheets(connection, [*tables, *quality], manifest.keys)
        statistics = _write_sdmx(connection, folder, tables, manifest.keys)
    finally:
        connection.close()
    package: dict[str, Any] = {
        "name": "uwv-ai-employer-survey",
        "title": _TITLE,
        "description": (
            f"Every table of schemas {SCHEMA} and {QUALITY_SCHEMA} of the uwv-ai DuckDB warehouse"
            " as CSV (described here) and Parquet (each resource's `parquet` property). Shares"
            " are percentages of employers as printed by UWV: every `*_pct` column is 0 to 100,"
            " and the `*_fraction` column beside it is the same share as a fraction of 1 (0.78"
            " is 78%), for percent formats. The numbers are UWV's: the publication's own terms"
            " apply to them, and the licence below covers only what the uwv-ai project adds."
            f" {WORKBOOK_FILE} (the `workbook` property) holds every table for spreadsheets."
        ),
        "sources": sources,
        "licenses": [DATA_LICENSE],
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "resources": resources,
    }
    status = read_status(warehouse)
    if status is not None:
        # Custom property (Data Package allows them): which build the export was taken from.
        package["warehouse"] = {"file": warehouse.name, "status": status}
    if statistics is not None:
        # Custom property: fct_survey_share as SDMX (uwv_ai.sdmx), for statistics tools.
        package["sdmx"] = statistics
    write_workbook(folder / WORKBOOK_FILE, sheets, _about(package))
    # Custom property, like `parquet`: not a resource, since a workbook is many tables.
    package["workbook"] = {"path": WORKBOOK_FILE, "mediatype": _XLSX} | _integrity(
        folder / WORKBOOK_FILE
    )
    (folder / PACKAGE_FILE).write_text(
        json.dumps(package, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )


def _tables(connection: duckdb.DuckDBPyConnection, schema: str) -> list[Table]:
    """Base tables of the schema with their comments and columns, discovered, not listed."""
    tables = connection.execute(
        """
        select table_name, comment
        from duckdb_tables()
        where database_name = current_database() and schema_name = ? and not temporary
        order by table_name
        """,
        [schema],
    ).fetchall()
    columns = connection.execute(
        """
        select table_name, column_name, data_type, comment
        from duckdb_columns()
        where database_name = current_database() and schema_name = ?
        order by table_name, column_index
        """,
        [schema],
    ).fetchall()
    result = {name: Table(schema, name, comment, []) for name, comment in tables}
    for table, name, data_type, comment in columns:
        if table in result:
            result[table].columns.append(Column(name, data_type, comment))
    return list(result.values())


def exported_columns(columns: list[Column]) -> list[ExportedColumn]:
    """The columns as the export writes them, each with the SQL that gives it from the table.

    Percentages (`*_pct`, `*_pp`) become DOUBLE with their unit; every `<name>_pct` is
    followed by `<name>_fraction`, the same number divided by 100. Other columns are as they are.
    """
    names = {column.name for column in columns}
    exported = []
    for column in columns:
        unit = unit_of(column.name)
        if unit is None:
            exported.append(ExportedColumn(column, _quote(column.name)))
            continue
        as_double = f"cast({_quote(column.name)} as double)"
        exported.append(
            ExportedColumn(Column(column.name, "DOUBLE", column.comment, unit), as_double)
        )
        if column.name.endswith(PERCENT_SUFFIX):
            fraction = column.name.removesuffix(PERCENT_SUFFIX) + FRACTION_SUFFIX
            if fraction in names:
                raise ValueError(f"column {fraction} is in the warehouse and in the export")
            description = (
                f"`{column.name}` divided by 100: the same share as a fraction of 1 (0.78 is"
                " 78%), for percent formats in spreadsheets and BI tools."
            )
            if column.comment and column.comment.strip():
                description += f" {column.name}: {column.comment.strip()}"
            exported.append(
                ExportedColumn(
                    Column(fraction, "DOUBLE", description, FRACTION_UNIT), f"{as_double} / 100"
                )
            )
    return exported


def unit_of(column_name: str) -> str | None:
    """The unit a column's name declares (`_pct`, `_pp`), or None."""
    for suffix, unit in UNITS.items():
        if column_name.endswith(suffix):
            return unit
    return None


def _export_table(
    connection: duckdb.DuckDBPyConnection,
    folder: Path,
    table: Table,
    keys: Keys,
    marts: set[str],
) -> dict[str, Any]:
    """Write the table's Parquet and CSV files; return its Data Package resource.

    Keys are the manifest's, which names marts tables only: a table of another schema has
    none, and a marts key that references a table not exported is left out.
    """
    names = {column.name for column in table.columns}
    own_keys = table.schema == SCHEMA
    primary_key = _primary_key(table, keys)
    columns = exported_columns(table.columns)
    parquet, csv = table.path("parquet"), table.path("csv")
    for path in (parquet, csv):
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
    query = f"select * from {_exported(table, columns)} order by {_order(primary_key)}"
    _write_parquet(connection.sql(query).to_arrow_table(), table, columns, folder / parquet)
    csv_columns = ", ".join(_csv_expression(column.column) for column in columns)
    connection.execute(
        f"copy (select {csv_columns} from ({query})) "
        f"to {_literal(folder / csv)} (format csv, header true)"
    )
    schema: dict[str, Any] = {
        "fields": [_field(column.column) for column in columns],
        "missingValues": MISSING_VALUES,
    }
    if primary_key:
        schema["primaryKey"] = primary_key
    foreign_keys = []
    for fields, referenced, referenced_fields in (
        keys.foreign.get(table.name, []) if own_keys else []
    ):
        if referenced not in marts:
            continue
        _require_columns(table, fields, names)
        foreign_keys.append(
            # Table Schema names a reference to the same resource "".
            {
                "fields": fields,
                "reference": {
                    "resource": "" if referenced == table.name else referenced,
                    "fields": referenced_fields,
                },
            }
        )
    if foreign_keys:
        schema["foreignKeys"] = foreign_keys
    resource: dict[str, Any] = {
        "name": table.resource_name,
        "path": csv.as_posix(),
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
    }
    title, description = _title_and_description(table.comment)
    if description:
        resource["title"], resource["description"] = title, description
    resource |= _integrity(folder / csv)  # frictionless checks size and hash on validation
    resource["schema"] = schema
    # Custom property: the same rows, typed for tools that read Parquet.
    resource["parquet"] = {
        "path": parquet.as_posix(),
        "format": "parquet",
        "mediatype": "application/vnd.apache.parquet",
        **_integrity(folder / parquet),
    }
    return resource


def _primary_key(table: Table, keys: Keys) -> list[str]:
    """The table's tested primary key (the manifest's keys are of marts tables only)."""
    primary_key = keys.primary.get(table.name, []) if table.schema == SCHEMA else []
    _require_columns(table, primary_key, {column.name for column in table.columns})
    return primary_key


def _order(primary_key: list[str], alias: str = "") -> str:
    """Rows in key order (all columns without a key): the same warehouse gives the same files."""
    return ", ".join(alias + _quote(column) for column in primary_key) or "all"


def _exported(table: Table, columns: list[ExportedColumn]) -> str:
    """A subquery giving the table's rows with its columns as exported."""
    select = ", ".join(f"{column.expression} as {_quote(column.column.name)}" for column in columns)
    return f"(select {select} from {table.relation()})"


def _sheets(connection: duckdb.DuckDBPyConnection, tables: list[Table], keys: Keys) -> list[Sheet]:
    """Each table as a workbook sheet: its exported columns, and where it carries a
    dimension's key but not its labels, the Dutch and English labels looked up beside it."""
    dimensions = {
        table.name: table
        for table in tables
        if table.schema == SCHEMA and table.name.startswith("dim_") and _primary_key(table, keys)
    }
    labels = [
        Labels(name, tuple(_primary_key(dim, keys)), label_pairs([c.name for c in dim.columns]))
        for name, dim in dimensions.items()
    ]
    names = sheet_names([f"{table.schema}.{table.name}" for table in tables])
    sheets = []
    for table in tables:
        columns = exported_columns(table.columns)
        joins = labels_for(table.name, [column.column.name for column in columns], labels)
        layout = sheet_layout([column.column.name for column in columns], joins)
        own = {column.column.name: column.column for column in columns}
        select, sheet_columns = [], []
        for join, name in layout:
            if join is None:
                select.append(f"exported.{_quote(name)}")
                column = own[name]
                description = (column.comment or "").strip()
            else:
                dimension = dimensions[joins[join].dimension]
                select.append(f"j{join}.{_quote(name)}")
                (column,) = [c for c in dimension.columns if c.name == name]
                description = f"From {SCHEMA}.{dimension.name}: {(column.comment or '').strip()}"
            sheet_columns.append(SheetColumn(name, column.data_type, column.unit, description))
        joined = "".join(
            f" left join {SCHEMA}.{_quote(labels.dimension)} as j{index} on "
            + " and ".join(f"j{index}.{_quote(k)} = exported.{_quote(k)}" for k in labels.key)
            for index, labels in enumerate(joins)
        )
        order = _order(_primary_key(table, keys), "exported.")
        rows = connection.execute(
            f"select {', '.join(select)} from {_exported(table, columns)} as exported{joined}"
            f" order by {order}"
        ).fetchall()
        table_name = f"{table.schema}.{table.name}"
        description = (table.comment or "").strip()
        sheets.append(Sheet(names[table_name], table_name, description, sheet_columns, rows))
    return sheets


def _write_sdmx(
    connection: duckdb.DuckDBPyConnection, folder: Path, tables: list[Table], keys: Keys
) -> dict[str, Any] | None:
    """The fact table as an SDMX structure message and SDMX-CSV, read back and checked
    (uwv_ai.sdmx); the package's entry describing the two files."""
    (fact,) = [table for table in tables if table.name == sdmx.FACT] or [None]
    if fact is None:
        return None
    entry = sdmx.write_sdmx(connection, folder, _primary_key(fact, keys))
    for part in ("structure", "data"):
        entry[part] |= _integrity(folder / entry[part]["path"])
    return entry


def _about(package: dict[str, Any]) -> list[tuple[str, str]]:
    """The workbook's first sheet: what it is, where the numbers come from, their terms."""
    about = [
        ("title", package["title"]),
        (
            "contents",
            f"Every table of schemas {SCHEMA} and {QUALITY_SCHEMA} of the uwv-ai DuckDB warehouse,"
            " one sheet each (listed below), with the same rows as the Parquet and CSV files"
            " beside this workbook; the columns sheet describes every column.",
        ),
        (
            "percentages",
            "Columns ending _pct are 0 to 100; the _fraction column beside each is the same"
            " share as a fraction of 1, shown with a percent format (0.78 shows as 78%). Columns"
            " ending _pp are differences in percentage points.",
        ),
        (
            "labels",
            "Columns ending _nl are Dutch, _en English. Sheets of tables that carry codes only"
            " (such as fct_survey_share) show the Dutch and English labels of the dimension"
            " beside each code; the columns sheet says where each column comes from.",
        ),
        (
            "terms",
            "The numbers are UWV's: the publication's own terms apply to them. The licence below"
            " covers only what the uwv-ai project adds.",
        ),
    ]
    for source in package["sources"]:
        about.append(
            (
                "source",
                f"{source['publisher']}, {source['title']} ({source['year']}),"
                f" survey year {source['survey_year']}",
            )
        )
    for licence in package["licenses"]:
        about.append(("licence", f"{licence['name']}: {licence['title']} ({licence['path']})"))
    status = (package.get("warehouse") or {}).get("status") or {}
    if status.get("sha256"):
        about.append(("warehouse version", f"sha256:{status['sha256']}"))
    about.append(("exported", package["created"]))
    return about


def _title_and_description(comment: str | None) -> tuple[str, str]:
    """The first sentence of a dbt description as title, the whole description as description."""
    if not comment or not comment.strip():
        return "", ""
    return " ".join(re.split(r"(?<=\.)\s", comment.strip())[0].split()), comment.strip()


def _write_parquet(rows: pa.Table, table: Table, columns: list[ExportedColumn], path: Path) -> None:
    """Write `rows` as Parquet with each column's description and unit, and the table's
    description, in the file's Arrow schema (pyarrow, R's arrow and Polars read them back)."""
    fields = []
    for arrow_field, column in zip(rows.schema, columns, strict=True):
        metadata = {}
        if column.column.comment and column.column.comment.strip():
            metadata["description"] = column.column.comment.strip()
        if column.column.unit:
            metadata["unit"] = column.column.unit
        fields.append(arrow_field.with_metadata(metadata))
    title, description = _title_and_description(table.comment)
    metadata = {"table": f"{table.schema}.{table.name}"}
    if description:
        metadata |= {"title": title, "description": description}
    schema = pa.schema(fields, metadata=metadata)
    pq.write_table(pa.Table.from_arrays(rows.columns, schema=schema), path)


def _field(column: Column) -> dict[str, Any]:
    """A Table Schema field; `unit` is an extra property, which Table Schema permits."""
    descriptor: dict[str, Any] = {"name": column.name, "type": table_schema_type(column.data_type)}
    if column.comment and column.comment.strip():
        descriptor["description"] = column.comment.strip()
    if column.unit:
        descriptor["unit"] = column.unit
    return descriptor


def table_schema_type(data_type: str) -> str:
    """The Table Schema type of a DuckDB type.

    Lists and arrays become `array` and structs and maps `object`: their CSV cells are
    written as JSON, which is how Table Schema reads these types (DuckDB's own list syntax,
    `[a, b]`, is not JSON). A type without a Table Schema counterpart (interval, blob) is
    `string`, its text as DuckDB prints it.
    """
    if data_type.endswith("]"):
        return "array"
    if data_type.startswith(("STRUCT", "MAP")):
        return "object"
    return _TABLE_SCHEMA_TYPES.get(data_type.split("(")[0], "string")


def _csv_expression(column: Column) -> str:
    if table_schema_type(column.data_type) in ("array", "object"):
        return f"to_json({_quote(column.name)}) as {_quote(column.name)}"
    return _quote(column.name)


def _sources(connection: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """The publications the numbers come from, one per survey edition, as the warehouse has them:
    title, publisher and year (`publisher`, `year` and `survey_year` are extra properties, which
    Data Package permits). The warehouse records no address of a publication, so none is given.
    """
    rows = connection.execute(
        f"""
        select publisher, publication_title, publication_year, survey_year
        from {SCHEMA}.dim_survey_edition
        where publication_title is not null
        order by edition
        """
    ).fetchall()
    return [
        {"title": title, "publisher": who, "year": year, "survey_year": survey_year}
        for who, title, year, survey_year in rows
    ]


def _require_project_tables(tables: list[Table], schema: str, project: set[str]) -> None:
    """Every table to export is one of the project's models, with a plain name for its files.

    The names of the export's files come from here; a table the project does not build, or
    a name that is not a plain identifier, could name a file outside the export folder.
    """
    for table in tables:
        if table.name not in project:
            raise ValueError(
                f"{schema} table {table.name!r} is not a model of the project; the warehouse and"
                " the project differ (run uwv-ai build)"
            )
        if not _PLAIN_NAME.fullmatch(table.name):
            raise ValueError(f"{schema} table {table.name!r} cannot name a file: not a plain name")


def _require_columns(table: Table, columns: list[str], present: set[str]) -> None:
    missing = [column for column in columns if column not in present]
    if missing:
        raise ValueError(
            f"the dbt manifest names columns {missing} that {table.schema}.{table.name} lacks; "
            "the warehouse and the project differ (run uwv-ai build)"
        )


def _integrity(path: Path) -> dict[str, Any]:
    return {"bytes": path.stat().st_size, "hash": "sha256:" + _sha256(path)}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _literal(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"
