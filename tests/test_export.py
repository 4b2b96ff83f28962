"""`uwv-ai export`: Parquet and CSV of every mart and quality table, described by a Frictionless
Data Package."""

from __future__ import annotations

import csv
import json
import re
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import frictionless
import pandas as pd
import pyarrow.parquet as pq
import pytest
import yaml

from tests.conftest import REPO, folder_snapshot, kill_cli_at_step, run_cli, sha256_of
from uwv_ai import export
from uwv_ai.build import BuildResult
from uwv_ai.read_only import open_read_only


@pytest.fixture(scope="module")
def package_path(exported_package: Path) -> Path:
    """The shared export of the built warehouse, for the read-only checks of this module."""
    return exported_package


@pytest.fixture(scope="module")
def package(package_path: Path) -> dict[str, Any]:
    return json.loads(package_path.read_text(encoding="utf-8"))


@pytest.fixture
def use_scratch_project(monkeypatch: pytest.MonkeyPatch, scratch_project: Path) -> None:
    """The built warehouse's dbt manifest is in the scratch project."""
    monkeypatch.setenv("UWV_AI_PROJECT_DIR", str(scratch_project))


def _marts_tables(connection: duckdb.DuckDBPyConnection) -> list[str]:
    return _tables_of(connection, "marts")


def _tables_of(connection: duckdb.DuckDBPyConnection, schema: str) -> list[str]:
    rows = connection.execute(
        "select table_name from duckdb_tables() where schema_name = ? order by 1", [schema]
    ).fetchall()
    return [name for (name,) in rows]


# (schema, table, resource name, path of its files below parquet/ and csv/ without suffix)
def _exported_tables(connection: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str, str]]:
    marts = [("marts", table, table, table) for table in _tables_of(connection, "marts")]
    quality = [
        ("quality", table, f"quality.{table}", f"quality/{table}")
        for table in _tables_of(connection, "quality")
    ]
    return marts + quality


def _as_exported(connection: duckdb.DuckDBPyConnection, schema: str, table: str) -> str:
    """A query giving the table as the export must: every `*_pct` and `*_pp` as DOUBLE, and
    after each `<name>_pct` a `<name>_fraction` that is the value divided by 100."""
    columns = connection.execute(
        "select column_name from duckdb_columns() where schema_name = ? and table_name = ?"
        " order by column_index",
        [schema, table],
    ).fetchall()
    select = []
    for (name,) in columns:
        if name.endswith(("_pct", "_pp")):
            select.append(f'cast("{name}" as double) as "{name}"')
        else:
            select.append(f'"{name}"')
        if name.endswith("_pct"):
            fraction = name.removesuffix("_pct") + "_fraction"
            select.append(f'cast("{name}" as double) / 100 as "{fraction}"')
    return f"(select {', '.join(select)} from {schema}.{table})"


def _resources(package: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {resource["name"]: resource for resource in package["resources"]}


def test_every_marts_and_quality_table_round_trips_through_parquet(
    package_path: Path, package: dict[str, Any], warehouse: duckdb.DuckDBPyConnection
):
    tables = _exported_tables(warehouse)
    output = package_path.parent
    assert {"fct_survey_share", "publication_cells", "dim_sector"} <= set(_marts_tables(warehouse))
    assert {"claim_checks", "known_discrepancies"} <= set(_tables_of(warehouse, "quality"))
    assert sorted(
        path.relative_to(output / "parquet").with_suffix("").as_posix()
        for path in (output / "parquet").rglob("*.parquet")
    ) == sorted(path for _schema, _table, _name, path in tables)
    resources = _resources(package)
    for schema, table, name, path in tables:
        parquet = output / "parquet" / f"{path}.parquet"
        assert resources[name]["parquet"]["path"] == f"parquet/{path}.parquet"
        exported = f"read_parquet('{parquet}')"
        original = _as_exported(warehouse, schema, table)
        describe = "select column_name, column_type from (describe select * from {})"
        assert (
            warehouse.execute(describe.format(exported)).fetchall()
            == warehouse.execute(describe.format(original)).fetchall()
        ), table
        for left, right in ((exported, original), (original, exported)):
            difference = f"select * from {left} except all select * from {right}"
            assert warehouse.execute(difference).fetchall() == [], (table, left)
        count = "select count(*) from {}"
        assert (
            warehouse.execute(count.format(exported)).fetchone()
            == warehouse.execute(count.format(original)).fetchone()
        ), table


def test_package_is_valid_including_types_and_keys(package_path: Path):
    report = frictionless.validate(package_path)
    assert report.valid, report.flatten(["resource", "type", "message"])[:10]


def test_invalid_data_makes_the_package_invalid(package_path: Path, tmp_path: Path):
    """The validation above can fail: a dangling foreign key in a copy is reported."""
    copy = tmp_path / "copy"
    shutil.copytree(package_path.parent, copy)
    # Drop from dim_sector the sector of the fact table's first row.
    with (copy / "csv" / "fct_survey_share.csv").open(encoding="utf-8", newline="") as fact:
        sector = next(csv.DictReader(fact))["sector_code"]
    dim_sector = copy / "csv" / "dim_sector.csv"
    with dim_sector.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    kept = [row for row in rows if row[rows[0].index("sector_code")] != sector]
    assert len(kept) == len(rows) - 1
    with dim_sector.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(kept)
    document = json.loads((copy / "datapackage.json").read_text(encoding="utf-8"))
    for resource in document["resources"]:
        resource.pop("hash")  # the edit is meant to break a key, not the checksum
        resource.pop("bytes")
    (copy / "datapackage.json").write_text(json.dumps(document), encoding="utf-8")

    report = frictionless.validate(copy / "datapackage.json")

    assert not report.valid
    assert "foreign-key" in {error[0] for error in report.flatten(["type"])}


def _same(from_csv: Any, from_warehouse: Any) -> bool:
    """Equal and of the same Python type (so True is not 1); CSV numbers read as Decimal."""
    if isinstance(from_warehouse, float):
        return isinstance(from_csv, Decimal) and float(from_csv) == from_warehouse
    return type(from_csv) is type(from_warehouse) and from_csv == from_warehouse


def test_csv_read_with_declared_types_gives_the_warehouse_values(
    package_path: Path, package: dict[str, Any], warehouse: duckdb.DuckDBPyConnection
):
    tables = _exported_tables(warehouse)
    assert sorted(_resources(package)) == sorted(name for _schema, _table, name, _path in tables)
    data_package = frictionless.Package(package_path)
    resources = _resources(package)
    for schema_name, table, name, path in tables:
        resource = resources[name]
        assert resource["path"] == f"csv/{path}.csv"
        schema = resource["schema"]
        exported = _as_exported(warehouse, schema_name, table)
        columns = [row[0] for row in warehouse.execute(f"describe {exported}").fetchall()]
        assert [field["name"] for field in schema["fields"]] == columns
        # Rows come in key order: the same warehouse always gives the same files.
        order = ", ".join(schema.get("primaryKey", [])) or "all"
        expected = warehouse.execute(f"select * from {exported} order by {order}").fetchall()
        with data_package.get_resource(name) as reader:
            rows = [tuple(row.values()) for row in reader.row_stream]
        assert len(rows) == len(expected), table
        for number, (row, wanted) in enumerate(zip(rows, expected, strict=True)):
            assert all(map(_same, row, wanted)), (table, number, row, wanted)


def _primary_key_in_yaml(project: Path, model: str) -> list[str]:
    document = yaml.safe_load((project / "models/marts/_marts__models.yml").read_text("utf-8"))
    (node,) = [node for node in document["models"] if node["name"] == model]
    (test,) = [test for test in node["data_tests"] if "column_contract" in test]
    return test["column_contract"]["arguments"]["primary_key"]


def _node(unique_id: str, **fields: Any) -> dict[str, Any]:
    resource_type, _, name = unique_id.split(".")[:3]
    return {"unique_id": unique_id, "resource_type": resource_type, "name": name, **fields}


def _key_test(name: str, model: str, config: dict, **kwargs: Any) -> dict[str, Any]:
    parents = [f"model.p.{model}", "model.p.dim_a"]
    return _node(
        f"test.p.{name}.0",
        schema="marts",
        attached_node=f"model.p.{model}",
        test_metadata={"name": name.split("__")[0], "kwargs": kwargs},
        config={"severity": "ERROR", "where": None, **config},
        depends_on={"nodes": parents},
    )


def test_keys_come_from_column_contract_and_the_single_key_tests(tmp_path: Path):
    """Keys from column_contract (its primary_key and foreign_keys arguments) and from the
    primary_key and foreign_keys tests; none from a test that holds for only some rows."""
    reference = {"columns": ["a_code"], "to": "ref('dim_a')"}
    nodes = [
        _node("model.p.fct_x", schema="marts"),
        _node("model.p.fct_y", schema="marts"),
        _node("model.p.fct_warned", schema="marts"),
        _node("model.p.dim_a", schema="marts", alias="dim_a"),
        _node("model.p.stg_z", schema="staging"),
        _key_test(
            "column_contract__x",
            "fct_x",
            {},
            primary_key=["id"],
            foreign_keys=[reference, {**reference, "columns": ["b"], "fields": ["a_code"]}],
            accepted_values={"status": ["ok"]},
        ),
        _key_test("primary_key__y", "fct_y", {}, columns=["id", "part"]),
        _key_test("foreign_keys__y", "fct_y", {}, keys=[reference]),
        _key_test("column_contract__w", "fct_warned", {"severity": "warn"}, primary_key=["id"]),
        _key_test("column_contract__z", "stg_z", {}, primary_key=["id"]),
    ]
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps({"nodes": {node["unique_id"]: node for node in nodes}}), "utf-8")

    manifest = export.read_manifest(path)

    assert manifest.tables == {"fct_x", "fct_y", "fct_warned", "dim_a"}
    assert manifest.keys.primary == {"fct_x": ["id"], "fct_y": ["id", "part"]}
    assert manifest.keys.foreign == {
        "fct_x": [(["a_code"], "dim_a", ["a_code"]), (["b"], "dim_a", ["a_code"])],
        "fct_y": [(["a_code"], "dim_a", ["a_code"])],
    }


def test_package_declares_keys_descriptions_and_units(
    package: dict[str, Any], scratch_project: Path, warehouse: duckdb.DuckDBPyConnection
):
    fact = _resources(package)["fct_survey_share"]["schema"]
    assert fact["primaryKey"] == _primary_key_in_yaml(scratch_project, "fct_survey_share")
    assert {
        "fields": ["sector_code"],
        "reference": {"resource": "dim_sector", "fields": ["sector_code"]},
    } in fact["foreignKeys"]
    assert {field["name"]: field.get("unit") for field in fact["fields"]}["share_pct"] == "percent"

    comments = _column_comments(warehouse)
    undescribed = []
    for resource in package["resources"]:
        for field in resource["schema"]["fields"]:
            description = field.get("description", "")
            if not description.strip():
                undescribed.append(f"{resource['name']}.{field['name']}")
            _check_description(comments, resource["name"], field["name"], description)
            assert field.get("unit") == _expected_unit(field["name"]), (resource["name"], field)
    assert not undescribed


def _column_comments(connection: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], str]:
    """(resource name, column) -> the column's comment in the warehouse."""
    rows = connection.execute(
        "select schema_name, table_name, column_name, comment from duckdb_columns()"
        " where schema_name in ('marts', 'quality')"
    ).fetchall()
    return {
        (table if schema == "marts" else f"{schema}.{table}", column): (comment or "").strip()
        for schema, table, column, comment in rows
    }


def _check_description(
    comments: dict[tuple[str, str], str], table: str, column: str, description: str
) -> None:
    """A warehouse column keeps its comment; a fraction column names its percent column, says
    it is that divided by 100, and carries the percent column's comment too."""
    if (table, column) in comments:
        assert description == comments[table, column], (table, column)
        return
    percent = column.removesuffix("_fraction") + "_pct"
    assert column.endswith("_fraction") and (table, percent) in comments, (table, column)
    assert f"`{percent}` divided by 100" in description, (table, column)
    assert "fraction" in description and comments[table, percent] in description


def _expected_unit(column: str) -> str | None:
    units = {"_pct": "percent", "_pp": "percentage points", "_fraction": "fraction"}
    return next((unit for suffix, unit in units.items() if column.endswith(suffix)), None)


def test_package_records_the_warehouse_status(package: dict[str, Any], built: BuildResult):
    # The record of this very file (the record file holds one per version, by SHA-256).
    status_file = built.warehouse.with_name(built.warehouse.name + ".status.json")
    versions = json.loads(status_file.read_text("utf-8"))["versions"]
    status = package["warehouse"]["status"]
    assert status == {"sha256": status["sha256"], **versions[status["sha256"]]}
    assert status["sha256"] == sha256_of(built.warehouse)


def test_package_names_its_sources_and_licence(
    package: dict[str, Any], warehouse: duckdb.DuckDBPyConnection
):
    editions = warehouse.execute(
        "select publication_title, publisher, publication_year, survey_year"
        " from marts.dim_survey_edition order by edition"
    ).fetchall()
    assert [
        (source["title"], source["publisher"], source["year"], source["survey_year"])
        for source in package["sources"]
    ] == editions
    assert ("AI-gebruik blijft stijgen, begeleiding blijft achter", "UWV", 2026, 2025) in editions
    (licence,) = package["licenses"]
    assert licence["name"] == "CC-BY-4.0"
    assert licence["path"] == "https://creativecommons.org/licenses/by/4.0/"
    # The licence covers the project's additions; the publication's terms are not restated.
    assert "publication's own terms apply" in licence["title"]
    assert "publication's own terms apply" in package["description"]
    licence_file = (REPO / "LICENSE").read_text(encoding="utf-8")
    assert "MIT License" in licence_file and "CC BY 4.0" in licence_file
    assert licence["path"] in licence_file


def test_pandas_reads_every_percentage_as_a_number(
    package_path: Path, warehouse: duckdb.DuckDBPyConnection
):
    files = sorted((package_path.parent / "parquet").rglob("*.parquet"))
    assert len(files) == len(_exported_tables(warehouse))
    checked = 0
    for file in files:
        frame = pd.read_parquet(file)
        for column in frame.columns:
            if column.endswith(("_pct", "_pp", "_fraction")):
                assert pd.api.types.is_float_dtype(frame[column]), (file.name, column)
                checked += 1
        percentages = [column for column in frame.columns if column.endswith("_pct")]
        for column in percentages:
            fraction = frame[column.removesuffix("_pct") + "_fraction"]
            assert ((frame[column] / 100 - fraction).abs().dropna() < 1e-12).all()
        if percentages:
            # describe() summarises numeric columns only: the percentages are among them.
            assert set(percentages) <= set(frame.describe().columns), file.name
    assert checked > 60


def test_parquet_files_carry_descriptions_and_units(
    package_path: Path, warehouse: duckdb.DuckDBPyConnection
):
    comments = _column_comments(warehouse)
    tables = dict(
        warehouse.execute(
            "select case when schema_name = 'marts' then table_name"
            " else schema_name || '.' || table_name end, comment"
            " from duckdb_tables() where schema_name in ('marts', 'quality')"
        ).fetchall()
    )
    for schema_name, table, name, path in _exported_tables(warehouse):
        schema = pq.read_schema(package_path.parent / "parquet" / f"{path}.parquet")
        assert schema.metadata[b"table"].decode() == f"{schema_name}.{table}"
        assert schema.metadata[b"description"].decode() == tables[name].strip()
        for field in schema:
            metadata = {key.decode(): value.decode() for key, value in field.metadata.items()}
            _check_description(comments, name, field.name, metadata["description"])
            assert metadata.get("unit") == _expected_unit(field.name), (name, field.name)
    share = pq.read_schema(package_path.parent / "parquet" / "fct_survey_share.parquet")
    assert share.field("share_pct").metadata[b"unit"] == b"percent"
    assert share.field("share_fraction").metadata[b"unit"] == b"fraction"


@pytest.mark.usefixtures("use_scratch_project")
def test_failing_export_keeps_the_previous_export_and_leaves_nothing_behind(
    built: BuildResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    output = tmp_path / "exports"
    export.export_warehouse(built.warehouse, output)
    before = folder_snapshot(output)

    def fail(_warehouse: Path) -> None:
        # Called after every table is written, before datapackage.json: a failure midway.
        raise OSError("disk full")

    with monkeypatch.context() as patch:
        patch.setattr(export, "read_status", fail)
        with pytest.raises(OSError, match="disk full"):
            export.export_warehouse(built.warehouse, output)

    assert folder_snapshot(output) == before
    assert [path.name for path in tmp_path.iterdir()] == ["exports"]
    # A later export replaces the earlier one, again without leaving anything beside it.
    export.export_warehouse(built.warehouse, output)
    assert folder_snapshot(output).keys() == before.keys()
    assert [path.name for path in tmp_path.iterdir()] == ["exports"]


@pytest.mark.usefixtures("use_scratch_project")
def test_export_refuses_to_replace_a_folder_that_is_not_an_export(
    built: BuildResult, tmp_path: Path
):
    (tmp_path / "notes.txt").write_text("keep me", encoding="utf-8")

    with pytest.raises(ValueError, match="not an earlier export"):
        export.export_warehouse(built.warehouse, tmp_path)

    assert [path.name for path in tmp_path.iterdir()] == ["notes.txt"]


def test_missing_manifest_says_to_build(
    built: BuildResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("UWV_AI_PROJECT_DIR", str(tmp_path))
    with pytest.raises(ValueError, match="run uwv-ai build"):
        export.export_warehouse(built.warehouse, tmp_path / "exports")
    assert not (tmp_path / "exports").exists()


def test_cli_export_prints_the_package_path(
    built: BuildResult, scratch_project: Path, tmp_path: Path
):
    output = tmp_path / "exports"
    result = run_cli(
        "export", "--output", str(output), project=scratch_project, warehouse=built.warehouse
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(output / "datapackage.json")
    assert json.loads((output / "datapackage.json").read_text("utf-8"))["resources"]


def test_cli_export_without_a_warehouse_exits_2(scratch_project: Path, tmp_path: Path):
    result = run_cli(
        "export",
        "--output",
        str(tmp_path / "exports"),
        project=scratch_project,
        warehouse=tmp_path / "missing.duckdb",
    )
    assert result.returncode == 2
    assert not (tmp_path / "exports").exists()


def test_cli_failing_export_exits_1_with_one_error_line(
    built: BuildResult, scratch_project: Path, tmp_path: Path
):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    result = run_cli(
        "export",
        "--output",
        str(blocker / "exports"),
        project=scratch_project,
        warehouse=built.warehouse,
    )
    assert result.returncode == 1
    assert [line for line in result.stderr.splitlines() if line.startswith("error:")] == [
        result.stderr.strip()
    ]
    assert result.stdout == ""


@pytest.mark.usefixtures("use_scratch_project")
def test_cli_failing_export_leaves_the_previous_export_untouched(
    built: BuildResult, tmp_path: Path
):
    output = tmp_path / "exports"
    export.export_warehouse(built.warehouse, output)
    before = folder_snapshot(output)
    # A project without a manifest: the export must fail, and must not touch the old one.
    result = run_cli(
        "export", "--output", str(output), project=tmp_path / "empty", warehouse=built.warehouse
    )
    assert result.returncode == 1
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    assert "uwv-ai build" in result.stderr
    assert folder_snapshot(output) == before


def _files_under(folder: Path) -> set[Path]:
    return {path for path in folder.rglob("*") if path.is_file()}


def test_a_table_named_like_a_path_writes_nothing_outside_the_export(
    built: BuildResult, scratch_project: Path, tmp_path: Path
):
    copy = tmp_path / "warehouse.duckdb"
    shutil.copy2(built.warehouse, copy)
    output = tmp_path / "a" / "b" / "exports"
    first = run_cli("export", "--output", str(output), project=scratch_project, warehouse=copy)
    assert first.returncode == 0, first.stderr
    before = folder_snapshot(output)
    everything = _files_under(tmp_path)
    with duckdb.connect(str(copy)) as connection:
        # From <output>/parquet, three levels up is tmp_path/a: outside the export folder.
        connection.execute('create table marts."../../../escaped" as select 1 as x')

    result = run_cli("export", "--output", str(output), project=scratch_project, warehouse=copy)

    assert result.returncode == 1
    assert result.stderr == (
        "error: marts table '../../../escaped' is not a model of the project; the warehouse"
        " and the project differ (run uwv-ai build)\n"
    )
    assert _files_under(tmp_path) - everything == set()
    assert folder_snapshot(output) == before
    assert sorted(path.name for path in output.parent.iterdir()) == ["exports"]


def test_a_killed_export_is_cleaned_up_by_the_next(
    built: BuildResult, scratch_project: Path, tmp_path: Path
):
    output = tmp_path / "exports"
    run = ("export", "--output", str(output))
    # Killed before its swap: the finished export is left in a hidden .tmp folder.
    kill_cli_at_step("export.staged", *run, project=scratch_project, warehouse=built.warehouse)
    assert [path.suffix for path in tmp_path.iterdir()] == [".tmp"]
    assert run_cli(*run, project=scratch_project, warehouse=built.warehouse).returncode == 0
    assert [path.name for path in tmp_path.iterdir()] == ["exports"]
    before = folder_snapshot(output)

    # Killed between the swap's renames: the previous export is only under its .old name.
    kill_cli_at_step("export.rotated", *run, project=scratch_project, warehouse=built.warehouse)
    assert sorted(path.suffix for path in tmp_path.iterdir()) == [".old", ".tmp"]
    assert not output.exists()
    # The next export puts it back before anything else, then replaces it.
    blocked = run_cli(*run, project=tmp_path / "no-project", warehouse=built.warehouse)
    assert blocked.returncode == 1 and "run uwv-ai build" in blocked.stderr
    assert folder_snapshot(output) == before
    assert run_cli(*run, project=scratch_project, warehouse=built.warehouse).returncode == 0
    assert [path.name for path in tmp_path.iterdir()] == ["exports"]
    assert folder_snapshot(output).keys() == before.keys()


def _readme_block(language: str, first_line: str) -> str:
    """The README's fenced block of `language` that starts with `first_line`."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(rf"```{language}\n(.*?)```", readme, flags=re.DOTALL)
    (block,) = [block for block in blocks if block.startswith(first_line)]
    return block


def test_readme_evidence_source_shows_every_pct_column_as_a_fraction(built: BuildResult):
    connection = yaml.safe_load(_readme_block("yaml", "# sources/uwv/connection.yaml"))
    assert connection["type"] == "duckdb"
    filename = Path(connection["options"]["filename"])
    # Relative to the source folder sources/uwv/ of an Evidence project beside the clone.
    assert not filename.is_absolute() and filename.parts[:3] == ("..", "..", "..")
    assert filename.parts[-2:] == ("build", "warehouse.duckdb")

    query = _readme_block("sql", "-- sources/uwv/ai_use_current.sql")
    table = re.search(r"from (marts\.\w+)", query).group(1)
    with open_read_only(built.warehouse) as connection_:
        source = connection_.sql(query)
        original = connection_.sql(f"select * from {table}")
        columns = source.columns
        assert columns == original.columns
        rows, original_rows = source.fetchall(), original.fetchall()
    assert len(rows) == len(original_rows) > 0
    percent_columns = [column for column in columns if column.endswith("_pct")]
    assert len(percent_columns) == 5
    for row, original_row in zip(rows, original_rows, strict=True):
        for column, value, original_value in zip(columns, row, original_row, strict=True):
            if column in percent_columns:
                assert value == pytest.approx(float(original_value) / 100) and value <= 1
            else:
                assert value == original_value, column
