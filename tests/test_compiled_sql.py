"""SQL that dbt compiles names tables as the published warehouse does: `"marts"."x"`, no catalog.

DuckDB names a file's catalog after the file, so SQL naming `"dev"."marts"."x"` runs only in a
file called dev.duckdb. macros/ref.sql leaves the catalog out; these tests run what dbt wrote
on the built warehouse under another file name, read-only and sandboxed as analysts open it.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from uwv_ai.build import BuildResult
from uwv_ai.dbt_invocation import PUBLISH_TARGET, TARGET, run_dbt
from uwv_ai.read_only import open_read_only

REPO = Path(__file__).resolve().parents[1]
SCHEMAS = ("raw", "staging", "intermediate", "marts", "quality")
# A relation named with its catalog: "<catalog>"."<schema>"."<table>", quoted as dbt writes it.
CATALOG_QUALIFIED = re.compile(rf'"[^"\s]+"\."(?:{"|".join(SCHEMAS)})"\."')


def analysis_count() -> int:
    return len(list((REPO / "analyses").glob("*.sql")))


def compiled_analyses(target: Path) -> list[Path]:
    """Every compiled analysis under a dbt target folder (`compiled/**/analyses/*.sql`)."""
    return sorted(path for path in (target / "compiled").rglob("*.sql") if "analyses" in path.parts)


def run_on_published_file(files: list[Path], warehouse: Path) -> dict[str, int]:
    """Run each file unchanged on `warehouse`, opened read-only and sandboxed; rows by file."""
    rows = {}
    with open_read_only(warehouse) as connection:
        for path in files:
            rows[path.name] = len(connection.execute(path.read_text(encoding="utf-8")).fetchall())
    return rows


@pytest.fixture(scope="module")
def renamed_warehouse(built: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built warehouse under another name (its catalog is then `other`), as a user may
    keep it (UWV_AI_WAREHOUSE=/somewhere/other.duckdb)."""
    path = tmp_path_factory.mktemp("renamed") / "other.duckdb"
    shutil.copy2(built.warehouse, path)
    return path


def test_plain_dbt_compile_writes_analyses_that_run_on_the_published_file(
    project_copy: Path, renamed_warehouse: Path
):
    # What `dbt compile --select path:analyses` does in the activated virtualenv: the profile's
    # development database, artifacts in build/dbt/target/.
    compiled = project_copy / TARGET / "compiled"
    shutil.rmtree(compiled, ignore_errors=True)
    outcome = run_dbt(
        ["compile", "--select", "path:analyses"],
        project_copy,
        project_copy / "build" / "dev.duckdb",
        target=TARGET,
    )
    assert outcome.success, outcome.problems
    files = compiled_analyses(project_copy / TARGET)
    assert len(files) == analysis_count()
    for path in files:
        assert not CATALOG_QUALIFIED.search(path.read_text(encoding="utf-8")), path.name
    rows = run_on_published_file(files, renamed_warehouse)
    assert all(rows.values()), rows


def test_the_published_view_reads_its_own_file_under_any_name(renamed_warehouse: Path):
    # stg_uwv__printed_cells is a view: its SQL is stored in the file as dbt compiled it.
    with open_read_only(renamed_warehouse) as connection:
        (definition,) = connection.execute(
            "select sql from duckdb_views() where view_name = 'stg_uwv__printed_cells'"
        ).fetchone()
        (cells,) = connection.execute(
            "select count(*) from staging.stg_uwv__printed_cells"
        ).fetchone()
    assert not CATALOG_QUALIFIED.search(definition)
    assert cells > 0


def test_the_builds_compiled_sql_names_no_catalog(built: BuildResult, scratch_project: Path):
    # Every model, test and analysis uwv-ai build compiled (built into published.duckdb.candidate).
    files = list((scratch_project / PUBLISH_TARGET / "compiled").rglob("*.sql"))
    assert len(files) > 50
    named = [path.name for path in files if CATALOG_QUALIFIED.search(path.read_text("utf-8"))]
    assert not named
