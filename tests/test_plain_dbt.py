"""Plain dbt, run from the project root as the README says, is the gate and never publishes.

Each test runs `dbt` in a fresh shell that has activated the project's virtualenv (which sets
the profile, artifact and log paths), in a copy of the project with a published warehouse
beside its development database.
"""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from tests.conftest import REPO, build_selected, reached_by, sha256_of
from uwv_ai.build import BuildResult

ACTIVATE = Path(sys.executable).parent / "activate"
FIG08 = "seeds/publication/fig08_current_ai_use.csv"
HORECA_2025 = "2025,Horeca,3%,13%,35%,49%,"


def _dbt(project: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    """`dbt ARGS` typed into a shell at the project root after activating the virtualenv."""
    if not ACTIVATE.is_file():
        pytest.skip(f"no virtualenv activation script at {ACTIVATE} (make creates it)")
    settings = " ".join(
        f"{name}={value}" for name, value in {**env, "DBT_USE_COLORS": "false"}.items()
    )
    command = f'. "{ACTIVATE}" && cd "{project}" && {settings} dbt {" ".join(args)}'
    return subprocess.run(
        ["bash", "-c", command], capture_output=True, text=True, timeout=600, check=False
    )


@pytest.fixture
def published(project_copy: Path, built: BuildResult) -> Path:
    """The copy's own published warehouse, where `uwv-ai build` would put it."""
    (project_copy / "build").mkdir(exist_ok=True)
    path = project_copy / "build" / "warehouse.duckdb"
    shutil.copy2(built.warehouse, path)
    return path


def test_activation_sets_up_dbt_without_flags():
    if not ACTIVATE.is_file():
        pytest.skip(f"no virtualenv activation script at {ACTIVATE} (make creates it)")
    script = ACTIVATE.read_text(encoding="utf-8")
    for line in (
        "export DBT_PROFILES_DIR=profiles",
        "export DBT_TARGET_PATH=build/dbt/target",
        "export DBT_LOG_PATH=build/dbt/logs",
        "export DBT_SEND_ANONYMOUS_USAGE_STATS=false",
    ):
        assert line in script.splitlines(), line


def test_a_failing_check_fails_plain_dbt_and_the_published_file_is_untouched(
    project_copy: Path,
    published: Path,
    built: BuildResult,
    edit_file: Callable[[Path, str, str], None],
):
    edit_file(project_copy / FIG08, HORECA_2025, "2025,Horeca,3%,13%,35%,59%,")
    before = sha256_of(published)
    # The development database as a whole build left it, so that plain dbt need only rebuild
    # what the edited seed reaches (as a maintainer would after an edit).
    (project_copy / "build").mkdir(exist_ok=True)
    shutil.copy2(built.warehouse, project_copy / "build" / "dev.duckdb")

    plain = _dbt(project_copy, "build", "--select", *reached_by(FIG08))

    assert plain.returncode != 0
    assert sha256_of(published) == before
    assert (project_copy / "build" / "dev.duckdb").is_file()
    assert (project_copy / "build" / "dbt" / "target" / "run_results.json").is_file()
    assert (project_copy / "build" / "dbt" / "logs" / "dbt.log").is_file()
    assert not (project_copy / "target").exists() and not (project_copy / "logs").exists()
    # uwv-ai's dbt run (uwv_ai.dbt_invocation, as `uwv-ai build` runs it; here on what the
    # seed reaches, on a copy of the built warehouse) stops on the same test with dbt's own
    # words. tests/test_quality_gates.py runs a failing test through the whole `uwv-ai build`.
    outcome = build_selected(project_copy, built.warehouse, *reached_by(FIG08))
    assert not outcome.success and sha256_of(published) == before
    [problem] = [p for p in outcome.problems if "exclusive_shares_sum_to_100" in p]
    test_name, dbt_message = problem.removeprefix("test ").split(" failed: ")
    assert test_name.startswith("exclusive_shares_sum_to_100")
    assert f"Failure in test {test_name} " in plain.stdout
    assert dbt_message.split("; first: ")[0] in plain.stdout
    assert "sector_code=I" in dbt_message and "survey_year=2025" in dbt_message


def test_a_development_database_from_older_seeds_is_reloaded_without_full_refresh(
    project_copy: Path, built: BuildResult
):
    # A development database built before seeds changed their columns: one seed table has a
    # column fewer than its file, another an extra one. dbt's default would truncate and
    # refill both, and DuckDB's COPY then fails on the column count.
    (project_copy / "build").mkdir(exist_ok=True)
    database = project_copy / "build" / "dev.duckdb"
    shutil.copy2(built.warehouse, database)
    with duckdb.connect(str(database)) as connection:
        connection.execute("alter table raw.claims drop column paraphrase_nl")
        connection.execute("alter table raw.sectors add column retired varchar")

    loaded = _dbt(project_copy, "seed", "--select", "claims", "sectors")

    assert loaded.returncode == 0, loaded.stdout[-2000:]
    with duckdb.connect(str(database), read_only=True) as connection:
        for seed in ("seeds/quality/claims.csv", "seeds/reference/sectors.csv"):
            table = Path(seed).stem
            with (project_copy / seed).open(encoding="utf-8", newline="") as file:
                header, *rows = list(csv.reader(file))
            columns = connection.execute(
                "select column_name from information_schema.columns"
                " where table_schema = 'raw' and table_name = ? order by ordinal_position",
                [table],
            ).fetchall()
            assert [name for (name,) in columns] == header, table
            count = connection.execute(f"select count(*) from raw.{table}").fetchone()
            assert count == (len(rows),), table


def test_dbt_pointed_at_the_published_file_refuses_to_run(project_copy: Path, published: Path):
    before = sha256_of(published)
    refused = _dbt(project_copy, "build", UWV_AI_DBT_DATABASE="build/warehouse.duckdb")
    assert refused.returncode != 0
    assert "is the published warehouse" in refused.stdout
    assert sha256_of(published) == before


# One test per command, so that they can run side by side. `dbt compile` parses first and
# compiles every model, test and analysis, so it stands for `dbt parse` and for
# `dbt compile --select path:analyses` too (each a dbt start and parse, ~5 s).
@pytest.mark.parametrize("args", [("ls", "--resource-type", "model"), ("compile",)], ids=" ".join)
def test_compile_list_and_analyses_work_on_an_empty_database(
    args: tuple[str, ...], project_copy: Path
):
    # The scratch copy is shared: start from no development database at all.
    for leftover in (project_copy / "build").glob("dev.duckdb*"):
        leftover.unlink()
    compiled = project_copy / "build/dbt/target/compiled/uwv_ai/analyses"
    shutil.rmtree(compiled, ignore_errors=True)
    result = _dbt(project_copy, *args)
    assert result.returncode == 0, result.stdout[-2000:]
    if args[0] == "compile":
        analyses = list((REPO / "analyses").glob("fig*.sql"))
        assert len(list(compiled.glob("fig*.sql"))) == len(analyses)
    # Nothing was built: the development database, if the command opened one, holds no table.
    database = project_copy / "build" / "dev.duckdb"
    if args[0] == "compile":
        assert database.is_file()
    if database.is_file():
        with duckdb.connect(str(database), read_only=True) as connection:
            assert connection.execute("select count(*) from duckdb_tables()").fetchone() == (0,)
