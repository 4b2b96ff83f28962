"""Export the marts as Parquet and CSV with a Frictionless Data Package describing them.

`<output>/parquet/<table>.parquet` keeps DuckDB's types exactly; `<output>/csv/<table>.csv` is
described by `<output>/datapackage.json` (Table Schema: types, descriptions, units, primary and
foreign keys), so `frictionless validate` checks the CSVs without the warehouse or dbt.

Keys come from the dbt manifest, where the warehouse's key tests are declared: a key in the
package is a key the build has tested. The export is written to a sibling folder and swapped
into place, so the output folder always holds one complete export; the next export removes the
scratch folders of one that was killed (uwv_ai.scratch).

Only the tables the manifest names as the project's marts models are exported, and each file is
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

from uwv_ai import scratch
from uwv_ai.dbt_invocation import PUBLISH_TARGET
from uwv_ai.fault_injection import stop_here_if_asked
from uwv_ai.paths import project_dir
from uwv_ai.publish import read_status
from uwv_ai.read_only import open_read_only

SCHEMA = "marts"
# The manifest of the last `uwv-ai build`, which wrote the published file.
MANIFEST = PUBLISH_TARGET / "manifest.json"
PACKAGE_FILE = "datapackage.json"
# DuckDB writes NULL as an empty field and an empty string as `""`; CSV readers (Python's
# csv module, hence frictionless) cannot tell the two apart, so "" is the one missing value.
# The marts use NULL, never '', for "nothing"; the export tests would catch a ''.
MISSING_VALUES = [""]
# Column-name suffixes whose unit a reader cannot guess from the type alone.
UNITS = {"_pct": "percent", "_pp": "percentage points"}
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
    """What the dbt manifest says about schema marts: its tables and their tested keys."""

    tables: set[str] = field(default_factory=set)
    keys: Keys = field(default_factory=Keys)


@dataclass
class Column:
    name: str
    data_type: str
    comment: str | None


def export_warehouse(warehouse: Path, output: Path) -> Path:
    """Export every table of schema marts; return the path of the written datapackage.json.

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
    tables = {
        unique_id: node.get("alias") or node["name"]
        for unique_id, node in nodes.items()
        if node["resource_type"] in ("model", "seed", "snapshot") and node["schema"] == SCHEMA
    }
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
    return Manifest(tables=set(tables.values()), keys=keys)


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


def _write_export(warehouse: Path, manifest: Manifest, folder: Path) -> None:
    (folder / "parquet").mkdir()
    (folder / "csv").mkdir()
    # Sandboxed like every reader, except that COPY may write inside this export's folder:
    # whatever a table is called, nothing lands outside it.
    connection = open_read_only(warehouse, writable_folder=folder)
    try:
        tables = _tables(connection)
        _require_project_tables(tables, manifest)
        resources = [
            _export_table(connection, folder, table, comment, columns, manifest.keys, set(tables))
            for table, (comment, columns) in tables.items()
        ]
        sources = _sources(connection) if "dim_survey_edition" in tables else []
    finally:
        connection.close()
    package: dict[str, Any] = {
        "name": "uwv-ai-employer-survey",
        "title": "UWV employer survey on AI at work: the marts of the uwv-ai warehouse",
        "description": (
            f"Every table of schema {SCHEMA} of the uwv-ai DuckDB warehouse as CSV (described "
            "here) and Parquet (each resource's `parquet` property). Shares are percentages "
            "of employers as printed by UWV."
        ),
        # No licence: the numbers are UWV's; `sources` names the publications instead.
        "sources": sources,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "resources": resources,
    }
    status = read_status(warehouse)
    if status is not None:
        # Custom property (Data Package allows them): which build the export was taken from.
        package["warehouse"] = {"file": warehouse.name, "status": status}
    (folder / PACKAGE_FILE).write_text(
        json.dumps(package, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )


def _tables(connection: duckdb.DuckDBPyConnection) -> dict[str, tuple[str | None, list[Column]]]:
    """Base tables of the schema with their comments and columns, discovered, not listed."""
    tables = connection.execute(
        """
        select table_name, comment
        from duckdb_tables()
        where database_name = current_database() and schema_name = ? and not temporary
        order by table_name
        """,
        [SCHEMA],
    ).fetchall()
    columns = connection.execute(
        """
        select table_name, column_name, data_type, comment
        from duckdb_columns()
        where database_name = current_database() and schema_name = ?
        order by table_name, column_index
        """,
        [SCHEMA],
    ).fetchall()
    result: dict[str, tuple[str | None, list[Column]]] = {name: (c, []) for name, c in tables}
    for table, name, data_type, comment in columns:
        if table in result:
            result[table][1].append(Column(name, data_type, comment))
    return result


def _export_table(
    connection: duckdb.DuckDBPyConnection,
    folder: Path,
    table: str,
    comment: str | None,
    columns: list[Column],
    keys: Keys,
    exported: set[str],
) -> dict[str, Any]:
    """Write the table's Parquet and CSV files; return its Data Package resource."""
    names = {column.name for column in columns}
    primary_key = keys.primary.get(table, [])
    _require_columns(table, primary_key, names)
    # Rows in key order, so two exports of the same warehouse are the same files.
    order = ", ".join(map(_quote, primary_key)) or "all"
    source = f"{SCHEMA}.{_quote(table)}"
    parquet, csv = Path("parquet") / f"{table}.parquet", Path("csv") / f"{table}.csv"
    connection.execute(
        f"copy (select * from {source} order by {order}) "
        f"to {_literal(folder / parquet)} (format parquet)"
    )
    csv_columns = ", ".join(_csv_expression(column) for column in columns)
    connection.execute(
        f"copy (select {csv_columns} from {source} order by {order}) "
        f"to {_literal(folder / csv)} (format csv, header true)"
    )
    schema: dict[str, Any] = {
        "fields": [_field(column) for column in columns],
        "missingValues": MISSING_VALUES,
    }
    if primary_key:
        schema["primaryKey"] = primary_key
    foreign_keys = []
    for fields, referenced, referenced_fields in keys.foreign.get(table, []):
        if referenced not in exported:
            continue
        _require_columns(table, fields, names)
        foreign_keys.append(
            # Table Schema names a reference to the same resource "".
            {
                "fields": fields,
                "reference": {
                    "resource": "" if referenced == table else referenced,
                    "fields": referenced_fields,
                },
            }
        )
    if foreign_keys:
        schema["foreignKeys"] = foreign_keys
    resource: dict[str, Any] = {
        "name": table,
        "path": csv.as_posix(),
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
    }
    if comment and comment.strip():
        # The first sentence as title, the whole dbt description as description.
        resource["title"] = " ".join(re.split(r"(?<=\.)\s", comment.strip())[0].split())
        resource["description"] = comment.strip()
    resource |= _integrity(folder / csv)  # frictionless checks size and hash on validation
    resource["schema"] = schema
    # Custom property: the same rows with DuckDB's own types, for tools that read Parquet.
    resource["parquet"] = {
        "path": parquet.as_posix(),
        "format": "parquet",
        "mediatype": "application/vnd.apache.parquet",
        **_integrity(folder / parquet),
    }
    return resource


def _field(column: Column) -> dict[str, Any]:
    """A Table Schema field; `unit` is an extra property, which Table Schema permits."""
    descriptor: dict[str, Any] = {"name": column.name, "type": table_schema_type(column.data_type)}
    if column.comment and column.comment.strip():
        descriptor["description"] = column.comment.strip()
    for suffix, unit in UNITS.items():
        if column.name.endswith(suffix):
            descriptor["unit"] = unit
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


def _sources(connection: duckdb.DuckDBPyConnection) -> list[dict[str, str]]:
    """The publications the numbers come from, one per survey edition, as the warehouse has them."""
    rows = connection.execute(
        f"""
        select publisher, publication_title, publication_year
        from {SCHEMA}.dim_survey_edition
        where publication_title is not null
        order by edition
        """
    ).fetchall()
    return [{"title": f"{who}, {title} ({year})"} for who, title, year in rows]


def _require_project_tables(tables: dict[str, Any], manifest: Manifest) -> None:
    """Every table to export is one of the project's marts, with a plain name for its files.

    The names of the export's files come from here; a table the project does not build, or
    a name that is not a plain identifier, could name a file outside the export folder.
    """
    for table in tables:
        if table not in manifest.tables:
            raise ValueError(
                f"{SCHEMA} table {table!r} is not a model of the project; the warehouse and the"
                " project differ (run uwv-ai build)"
            )
        if not _PLAIN_NAME.fullmatch(table):
            raise ValueError(f"{SCHEMA} table {table!r} cannot name a file: not a plain name")


def _require_columns(table: str, columns: list[str], present: set[str]) -> None:
    missing = [column for column in columns if column not in present]
    if missing:
        raise ValueError(
            f"the dbt manifest names columns {missing} that {SCHEMA}.{table} lacks; "
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
