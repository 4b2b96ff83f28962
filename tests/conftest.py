"""Shared fixtures: copies of the dbt project and one warehouse built from the real seeds."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest

from uwv_ai.build import BuildResult, build
from uwv_ai.dbt_invocation import PUBLISH_TARGET, DbtOutcome, run_dbt

REPO = Path(__file__).resolve().parents[1]

# Builds in tests edit seeds on purpose; only the tests of source verification compare the
# seeds with the publication's text, and they set the path themselves.
os.environ.pop("UWV_AI_SOURCE_TEXT", None)


def sha256_of(path: Path) -> str:
    """The file's SHA-256, to prove it was left untouched."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def folder_snapshot(folder: Path) -> dict[str, str]:
    """Every file under `folder` with its SHA-256, to prove a folder was left untouched."""
    return {
        path.relative_to(folder).as_posix(): sha256_of(path)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def published_copy(built: BuildResult, warehouse: Path) -> Path:
    """The built warehouse copied to `warehouse`, with its rollback copy (`.previous`) beside
    it, as `uwv-ai build` leaves them after two builds: a published file to attack or read."""
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(built.warehouse, warehouse)
    shutil.copy2(built.warehouse, f"{warehouse}.previous")
    return warehouse


def _tracked_files() -> list[str]:
    """Files of the project as committed or about to be (git's view, build output excluded)."""
    listing = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    return [name for name in listing.stdout.splitlines() if (REPO / name).is_file()]


def copy_project(destination: Path) -> Path:
    """Copy the dbt project (not its build output or virtualenv) to `destination`."""
    for name in _tracked_files():
        target = destination / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, target)
    return destination


# Modules whose tests are independent of each other and slow (each builds or runs dbt): under
# `--dist loadfile` their tests go one by one to whichever worker is free, so that both
# workers stay busy to the end. Every other module stays whole on one worker, as loadfile
# keeps it, so that its module fixtures (a browser, a dbt compile) are set up once.
# (pytest-xdist's own `--dist loadgroup` cannot do this: with pytest 9.2 it ignores its
# groups, pytest-xdist issue 1386.)
SPREAD_MODULES = {
    f"tests/{name}.py"
    for name in (
        "test_bad_input",
        "test_environment_errors",
        "test_input_gates",
        "test_plain_dbt",
        "test_publish",
        "test_quality_gates",
        "test_sum_rule",
        "test_transcription",
    )
}


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log):
    if config.getoption("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class SpreadSlowModules(LoadFileScheduling):
        """loadfile, except that each test of SPREAD_MODULES is a work unit of its own."""

        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            return nodeid if module in SPREAD_MODULES else module

    return SpreadSlowModules(config, log)


@pytest.fixture(scope="session")
def scratch_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy of the project for the whole session.

    Tests that break a file get it through `project_copy`, which restores the copy first:
    reusing one directory keeps dbt's partial parsing (0.4 s instead of 4 s per build).
    """
    return copy_project(tmp_path_factory.mktemp("scratch") / "project")


def restore_project(project: Path) -> None:
    """Put every project file back as committed and remove files a test added (a stray CSV
    under seeds/ is loaded as a seed); build output stays, for dbt's partial parsing."""
    tracked = _tracked_files()
    for name in tracked:
        original, copy = REPO / name, project / name
        if copy.is_dir():
            shutil.rmtree(copy)  # a test may replace a file by a folder
        if not copy.is_file() or copy.read_bytes() != original.read_bytes():
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(original, copy)
    known = set(tracked)
    for path in project.rglob("*"):
        relative = path.relative_to(project)
        if relative.parts[0] != "build" and path.is_file() and relative.as_posix() not in known:
            path.unlink()


@pytest.fixture
def project_copy(scratch_project: Path) -> Iterator[Path]:
    """The scratch copy of the project, as committed, for a test that may break it."""
    restore_project(scratch_project)
    for leftover in scratch_project.parent.glob("*.duckdb*"):
        leftover.unlink()
    yield scratch_project
    restore_project(scratch_project)


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory, scratch_project: Path) -> BuildResult:
    """The warehouse built once from the project as committed, with every test run.

    Named as the tests publish it (`published.duckdb`), like the copies that `build_selected`
    rebuilds in part at `dbt_database`. (The compiled SQL names no catalog, macros/ref.sql, so
    the name no longer matters to what runs; tests/test_compiled_sql.py checks that.)
    """
    restore_project(scratch_project)
    warehouse = tmp_path_factory.mktemp("built") / "published.duckdb"
    result = build(scratch_project, warehouse)
    assert result.published, result.outcome.problems
    return result


@pytest.fixture(scope="session")
def exported_package(
    built: BuildResult, scratch_project: Path, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """One export of the built warehouse, for the tests that only read it: its datapackage.json."""
    from uwv_ai import export

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("UWV_AI_PROJECT_DIR", str(scratch_project))
        return export.export_warehouse(
            built.warehouse, tmp_path_factory.mktemp("export") / "exports"
        )


@pytest.fixture
def warehouse(built: BuildResult) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to the built warehouse."""
    connection = duckdb.connect(str(built.warehouse), read_only=True)
    try:
        yield connection
    finally:
        connection.close()


def dbt_database(project: Path) -> Path:
    """The one database path of a worker's dbt runs on the scratch project: the candidate of
    `uwv-ai build` over `published.duckdb` beside it, where the tests publish.

    dbt's partial parsing holds only while the profile, and so the database path in it, stays
    the same; any other path costs the next run a full parse (4 s).
    """
    return project.parent / "published.duckdb.candidate"


def build_selected(project: Path, warehouse: Path, *select: str) -> DbtOutcome:
    """`dbt build --select SELECT` of `project` against a copy of `warehouse`.

    A test that breaks one input rebuilds and checks only what that input reaches (for a seed,
    `<seed>+`); the rest stays as built. The on-run-start hooks and every test of a selected
    node run as in `uwv-ai build`, which reports the same problems through the same `run_dbt`.
    The copy is at `dbt_database(project)`.
    """
    database = dbt_database(project)
    database.with_name(database.name + ".wal").unlink(missing_ok=True)
    shutil.copy2(warehouse, database)
    try:
        return run_dbt(["build", "--select", *select], project, database, target=PUBLISH_TARGET)
    finally:
        # Nothing a later `uwv-ai build` of the test could take for its own leftover.
        for leftover in (database, database.with_name(database.name + ".wal")):
            leftover.unlink(missing_ok=True)


# `rebuild(*select)`: see the fixture.
Rebuild = Callable[..., DbtOutcome]


def reached_by(*seed_files: str) -> list[str]:
    """The selection of what the given seed files reach: each seed and all its dependants."""
    return [f"{Path(name).stem}+" for name in seed_files]


@pytest.fixture
def rebuild(project_copy: Path, built: BuildResult) -> Rebuild:
    """`rebuild(*select)`: `build_selected` of the scratch project on a copy of `built`."""

    def run(*select: str) -> DbtOutcome:
        return build_selected(project_copy, built.warehouse, *select)

    return run


@pytest.fixture
def edit_file() -> Callable[[Path, str, str], None]:
    """Replace exactly one occurrence of `old` in a file (fails loudly if absent)."""

    def edit(path: Path, old: str, new: str) -> None:
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
        path.write_text(text.replace(old, new), encoding="utf-8")

    return edit


def kill_cli_at_step(step: str, *args: str, project: Path, warehouse: Path) -> None:
    """Run `uwv-ai ARGS` until it stops itself at `step` (UWV_AI_STOP_AT), then SIGKILL it.

    A kill at a named step, whatever the machine's speed; fails if the command ends first.
    """
    env = {
        **os.environ,
        "UWV_AI_PROJECT_DIR": str(project),
        "UWV_AI_WAREHOUSE": str(warehouse),
        "UWV_AI_STOP_AT": step,
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "uwv_ai.cli", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    stat = Path(f"/proc/{process.pid}/stat")
    # State T: stopped by its own SIGSTOP at the step.
    while stat.read_text().rsplit(")", 1)[1].split()[0] != "T":
        assert process.poll() is None, f"uwv-ai {' '.join(args)} ended before step {step}"
        time.sleep(0.05)
    process.kill()
    process.wait(timeout=30)


def run_cli(*args: str, project: Path, warehouse: Path) -> subprocess.CompletedProcess:
    """`uwv-ai ARGS` in a fresh process, on `project` and `warehouse`, as a user runs it."""
    env = {**os.environ, "UWV_AI_PROJECT_DIR": str(project), "UWV_AI_WAREHOUSE": str(warehouse)}
    return subprocess.run(
        [sys.executable, "-m", "uwv_ai.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
