"""Shared fixtures: copies of the dbt project and one warehouse built from the real seeds."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest

from uwv_ai.build import BuildResult, build
from uwv_ai.dbt_invocation import run_dbt

REPO = Path(__file__).resolve().parents[1]


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


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A private copy of the project that a test may break."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The warehouse built once, from a copy of the real project, with every test run."""
    root = tmp_path_factory.mktemp("built")
    project = copy_project(root / "project")
    result = build(project, root / "warehouse.duckdb")
    assert result.published, result.outcome.problems
    return result


@pytest.fixture(scope="session")
def built_project(built: BuildResult) -> Path:
    return built.warehouse.parent / "project"


@pytest.fixture
def warehouse(built: BuildResult) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to the built warehouse."""
    connection = duckdb.connect(str(built.warehouse), read_only=True)
    try:
        yield connection
    finally:
        connection.close()


@pytest.fixture
def edit_file() -> Callable[[Path, str, str], None]:
    """Replace exactly one occurrence of `old` in a file (fails loudly if absent)."""

    def edit(path: Path, old: str, new: str) -> None:
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
        path.write_text(text.replace(old, new), encoding="utf-8")

    return edit


__all__ = ["REPO", "copy_project", "run_dbt"]
