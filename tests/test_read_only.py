"""Reading the published warehouse is read-only and sandboxed, through `uwv-ai query` and through
the helper every reader uses (uwv_ai.read_only): the attack catalogue of issue 11 is refused in
one line and leaves the published file and its rollback copy byte-identical."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from tests.conftest import published_copy, sha256_of
from uwv_ai.build import BuildResult
from uwv_ai.cli import main
from uwv_ai.read_only import SANDBOX_SETTINGS, open_read_only

# What an analyst asks first: current AI use by sector, 2025, in the printed order.
SECTOR_USE = """
    select sector_label_en, any_use_pct, high_pct
    from marts.mart_ai_use_current
    where survey_year = 2025 and size_class_code = '_T'
    order by sector_sort_order
"""


def attack_catalogue(warehouse: Path, scratch: Path) -> list[str]:
    """Every statement issue 11 found to get past a read-only connection, and its neighbours.

    `scratch` is a folder the attacks try to write into; nothing may appear there.
    """
    previous = f"{warehouse}.previous"
    return [
        f"copy (select 1) to '{scratch}/x.csv'",
        f"copy (select 99 as share_pct) to '{previous}'",
        f"copy marts.dim_sector to '{warehouse}.status.json' (format json)",
        f"attach '{previous}' as prev (read_write)",
        f"attach '{previous}' as prev (read_only)",
        f"attach '{previous}' as prev",
        "attach ':memory:' as scratch_memory",
        "select * from read_text('/etc/hostname')",
        "select * from read_csv('/etc/passwd', sep = ':')",
        f"select * from read_blob('{previous}')",
        "select * from glob('/etc/*')",
        f"select * from glob('{scratch}/*')",
        "select * from read_parquet('https://example.com/data.parquet')",
        f"export database '{scratch}/dump'",
        "install httpfs",
        "load httpfs",
        "set enable_external_access = true",
        "set lock_configuration = false",
        "reset lock_configuration",
        "set threads = 1",
        "pragma threads = 1",
        "pragma enable_profiling",
        f"set profiling_output = '{scratch}/profile.json'",
        "create table marts.planted as select 1 as x",
        "create table planted (x integer)",
        "delete from marts.dim_sector",
        "update marts.fct_survey_share set share_pct = 99",
        "drop table marts.dim_sector",
    ]


@pytest.fixture
def published(built: BuildResult, tmp_path: Path) -> Path:
    """A copy of the built warehouse with a rollback copy beside it, to attack."""
    return published_copy(built, tmp_path / "published" / "warehouse.duckdb")


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    folder = tmp_path / "scratch"
    folder.mkdir()
    return folder


def _query(capsys: pytest.CaptureFixture[str], warehouse: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--warehouse", str(warehouse), "query", *args])
    out, err = capsys.readouterr()
    return code, out, err


def _files(folder: Path) -> dict[str, str]:
    return {path.name: sha256_of(path) for path in sorted(folder.iterdir()) if path.is_file()}


def test_query_refuses_every_attack_in_one_line_and_changes_nothing(
    published: Path, scratch: Path, capsys: pytest.CaptureFixture[str]
):
    before = _files(published.parent)
    for sql in attack_catalogue(published, scratch):
        code, out, err = _query(capsys, published, sql)
        assert code == 2, sql
        assert out == "", sql
        lines = err.splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), (sql, err)
    assert _files(published.parent) == before
    assert list(scratch.iterdir()) == []


def test_the_helper_refuses_every_attack_and_changes_nothing(published: Path, scratch: Path):
    before = _files(published.parent)
    with open_read_only(published) as connection:
        for sql in attack_catalogue(published, scratch):
            with pytest.raises(duckdb.Error):
                connection.execute(sql).fetchall()
            # A refused statement inside an explicit transaction would poison the next one.
            assert connection.execute("select 1").fetchall() == [(1,)], sql
        settings = {
            name: connection.execute("select current_setting(?)", [name]).fetchone()[0]
            for name in SANDBOX_SETTINGS
        }
    assert settings == SANDBOX_SETTINGS
    assert _files(published.parent) == before
    assert list(scratch.iterdir()) == []


def test_several_statements_are_refused_before_any_runs(
    published: Path, scratch: Path, capsys: pytest.CaptureFixture[str]
):
    # The first statement alone would be refused too; the point is that it never runs.
    code, out, err = _query(capsys, published, f"select 1; copy (select 1) to '{scratch}/x.csv'")
    assert (code, out) == (2, "")
    assert err == ("error: query runs one SQL statement; this SQL has 2 (run them one at a time)\n")
    code, _, err = _query(capsys, published, "select 1; select 2; select 3")
    assert code == 2 and "this SQL has 3" in err
    assert list(scratch.iterdir()) == []


@pytest.mark.parametrize("sql", ["", "   ", ";", "-- only a comment\n"])
def test_an_empty_query_is_a_usage_error(
    published: Path, capsys: pytest.CaptureFixture[str], sql: str
):
    assert _query(capsys, published, sql) == (2, "", "error: no SQL statement given\n")


def test_a_syntax_error_shows_duckdbs_whole_message(
    published: Path, capsys: pytest.CaptureFixture[str]
):
    code, out, err = _query(capsys, published, "selec 1")
    assert (code, out) == (2, "")
    # The error on the `error:` line, then the SQL with DuckDB's caret under the mistake.
    assert err.splitlines() == [
        'error: Parser Error: syntax error at or near "selec"',
        "",
        "LINE 1: selec 1",
        "        ^^^^^",
    ]


def test_analyst_queries_still_work(published: Path, capsys: pytest.CaptureFixture[str]):
    code, out, err = _query(capsys, published, SECTOR_USE + ";", "--format", "csv")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "sector_label_en,any_use_pct,high_pct"
    assert len(lines) == 1 + 16
    for sql, expected in [
        # dbt's descriptions, persisted as DuckDB comments, are what BI tools show.
        (
            "select count(*) > 100 as ok from duckdb_columns()"
            " where schema_name = 'marts' and comment is not null",
            "ok\ntrue\n",
        ),
        (
            "select count(*) > 0 as ok from information_schema.tables"
            " where table_schema = 'marts' and table_name = 'fct_survey_share'",
            "ok\ntrue\n",
        ),
        (
            "select comment is not null as ok from duckdb_tables()"
            " where schema_name = 'marts' and table_name = 'fct_survey_share'",
            "ok\ntrue\n",
        ),
        ("describe marts.dim_sector", None),
        ("summarize marts.dim_sector", None),
    ]:
        code, out, err = _query(capsys, published, sql, "--format", "csv")
        assert (code, err) == (0, ""), sql
        if expected is not None:
            assert out == expected, sql


def test_claims_reads_through_the_sandbox(published: Path, capsys: pytest.CaptureFixture[str]):
    code = main(["--warehouse", str(published), "claims", "--format", "csv"])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    assert out.startswith("claim_id,") and ",status," in out.splitlines()[0]


def test_a_writable_folder_takes_copies_inside_it_and_nowhere_else(published: Path, tmp_path: Path):
    output = tmp_path / "out"
    output.mkdir()
    neighbour = tmp_path / "out-neighbour"
    neighbour.mkdir()
    before = _files(published.parent)
    with open_read_only(published, writable_folder=output) as connection:
        connection.execute(f"copy marts.dim_sector to '{output}/dim_sector.parquet'")
        for sql in [
            f"copy (select 1) to '{output}/../escaped.csv'",
            # allowed_directories matches prefixes: "out" must not let "out-neighbour" in.
            f"copy (select 1) to '{neighbour}/x.csv'",
            *attack_catalogue(published, neighbour),
        ]:
            with pytest.raises(duckdb.Error):
                connection.execute(sql).fetchall()
    assert [path.name for path in output.iterdir()] == ["dim_sector.parquet"]
    assert not (tmp_path / "escaped.csv").exists()
    assert list(neighbour.iterdir()) == []
    assert _files(published.parent) == before
