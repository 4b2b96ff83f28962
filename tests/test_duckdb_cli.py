"""The DuckDB CLI of the dev environment (duckdb-cli) opens the published file exactly as the
README tells users to: its shell block, run unchanged in a folder laid out like a clone after
`make build`. The session runs with the sandbox settings, answers as the project's Python
connection does, refuses the attack catalogue and writes nothing anywhere."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import folder_snapshot, published_copy
from tests.test_bi_connections import SECTOR_USE, bi_section
from tests.test_read_only import attack_catalogue
from uwv_ai.build import BuildResult
from uwv_ai.read_only import SANDBOX_SETTINGS, open_read_only

# Where pip puts the console script of duckdb-cli (a dev dependency).
DUCKDB_CLI = Path(sys.executable).parent / "duckdb"

# The one statement of the catalogue the CLI accepts, as the README says: it turns on a query
# profile printed to the screen; writing the profile to a file (profiling_output) stays locked.
ACCEPTED_BY_THE_CLI = ["pragma enable_profiling"]


def readme_cli_block() -> str:
    """The README's shell block for the DuckDB CLI: SANDBOX_SQL, then the duckdb command."""
    blocks = re.findall(r"```sh\n(.*?)\n```", bi_section(), flags=re.DOTALL)
    (block,) = [block for block in blocks if "SANDBOX_SQL=" in block]
    return block


def readme_sandbox_sql() -> str:
    """The SET lines the README gives the CLI (the value of SANDBOX_SQL)."""
    (sql,) = re.findall(r'SANDBOX_SQL="(.*?)"', readme_cli_block(), flags=re.DOTALL)
    return sql


def test_the_readme_gives_the_cli_the_settings_the_project_uses():
    statements = [statement.strip() for statement in readme_sandbox_sql().split(";")]
    assert statements.pop() == ""  # the last statement ends with a semicolon too
    settings = [re.fullmatch(r"SET (\w+) = (\w+)", statement) for statement in statements]
    assert all(settings), statements
    # In the CLI the order matters: every SET after lock_configuration would be refused.
    assert [match.groups() for match in settings] == [
        (name, str(value).lower()) for name, value in SANDBOX_SETTINGS.items()
    ]


@pytest.fixture(scope="module")
def duckdb_cli() -> Path:
    if not DUCKDB_CLI.exists():
        pytest.skip(f"no DuckDB CLI at {DUCKDB_CLI}: install the dev extra, pip install '.[dev]'")
    return DUCKDB_CLI


@pytest.fixture
def clone(built: BuildResult, tmp_path: Path) -> Path:
    """A folder laid out like a clone after `make build`: the published file and its rollback
    copy under build/ (copies of the session's build, which the attacks must not reach)."""
    root = tmp_path / "clone"
    published_copy(built, root / "build" / "warehouse.duckdb")
    return root


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """An empty home folder for the CLI (where it would keep a history or extensions)."""
    folder = tmp_path / "home"
    folder.mkdir()
    return folder


def run_readme_block(
    duckdb_cli: Path, clone: Path, home: Path, typed: str
) -> subprocess.CompletedProcess[str]:
    """Run the README's block unchanged in `clone`, with `typed` as what the user types."""
    env = {
        **os.environ,
        "PATH": f"{duckdb_cli.parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "HOME": str(home),
    }
    return subprocess.run(
        ["bash", "-euc", readme_cli_block()],
        cwd=clone,
        env=env,
        input=typed,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def query_json(duckdb_cli: Path, clone: Path, home: Path, sql: str) -> list[dict]:
    result = run_readme_block(duckdb_cli, clone, home, f".mode json\n{sql.strip()};\n")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_cli_session_runs_with_the_sandbox_settings(duckdb_cli: Path, clone: Path, home: Path):
    rows = query_json(
        duckdb_cli,
        clone,
        home,
        "select name, value from duckdb_settings() where name in "
        f"({', '.join(repr(name) for name in SANDBOX_SETTINGS)}) order by name",
    )
    assert {row["name"]: row["value"] for row in rows} == {
        name: str(value).lower() for name, value in SANDBOX_SETTINGS.items()
    }
    access_mode = query_json(duckdb_cli, clone, home, "select current_setting('access_mode') as m")
    assert access_mode == [{"m": "read_only"}]


def test_the_cli_answers_as_the_python_connection(duckdb_cli: Path, clone: Path, home: Path):
    with open_read_only(clone / "build" / "warehouse.duckdb") as connection:
        cursor = connection.execute(SECTOR_USE)
        names = [column[0] for column in cursor.description]
        expected = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    through_cli = query_json(duckdb_cli, clone, home, SECTOR_USE)
    # The CLI's JSON gives a decimal as text ("32.0"; 1.4 gave a number): compare the values.
    assert [
        {
            name: Decimal(str(value)) if name.endswith("_pct") else value
            for name, value in row.items()
        }
        for row in through_cli
    ] == expected
    assert len(expected) == 16
    assert all(isinstance(row["any_use_pct"], Decimal) for row in expected)


def test_the_cli_refuses_the_attack_catalogue_and_writes_nothing(
    duckdb_cli: Path, clone: Path, home: Path, tmp_path: Path
):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    before = folder_snapshot(tmp_path)
    accepted = []
    # One session per statement, as typed at the prompt: its exit code says whether it ran.
    for sql in attack_catalogue(clone / "build" / "warehouse.duckdb", scratch):
        result = run_readme_block(duckdb_cli, clone, home, f"{sql};\n")
        if result.returncode == 0:
            accepted.append(sql)
        else:
            assert "Error" in result.stderr, (sql, result.stderr)
    assert accepted == ACCEPTED_BY_THE_CLI
    # The published file and .previous byte-identical; nothing new in the clone, the scratch
    # folder or the CLI's home.
    assert folder_snapshot(tmp_path) == before
    assert {"clone/build/warehouse.duckdb", "clone/build/warehouse.duckdb.previous"} <= set(before)


@pytest.mark.parametrize("variant", ["init file", "safe"])
def test_the_ways_the_readme_warns_against_stop_the_cli(
    duckdb_cli: Path, clone: Path, home: Path, variant: str
):
    # The README: no -safe, and the SET lines not in an -init file; either way this CLI stops
    # at start-up, before the first query. (duckdb-cli 1.4.4 started either way.)
    (clone / "sandbox.sql").write_text(readme_sandbox_sql(), encoding="utf-8")
    options = (
        ["-init", "sandbox.sql"]
        if variant == "init file"
        else ["-safe", "-cmd", readme_sandbox_sql()]
    )
    result = subprocess.run(
        [str(duckdb_cli), "-readonly", *options, "build/warehouse.duckdb"],
        cwd=clone,
        env={**os.environ, "HOME": str(home)},
        input="select 'reached' as answer;\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "the configuration has been locked" in result.stderr
    assert "reached" not in result.stdout
