"""`uwv-ai dev`: after an edit, only what depends on it is rebuilt, and its tests still run.

The first `uwv-ai dev` (a full build of the development warehouse) runs once for the module;
each test puts that warehouse and its saved state back into the scratch project, edits a
seed and runs `uwv-ai dev` again.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest

from tests.conftest import restore_project
from uwv_ai.dbt_invocation import DbtOutcome
from uwv_ai.dev import dev_build, dev_warehouse

SEED = "seeds/publication/fig12_measures.csv"
# What a dev build leaves for the next one: the warehouse and the manifest it compares with.
STATE = "build/dbt/dev-state/manifest.json"


@pytest.fixture(scope="module")
def first_dev_build(
    scratch_project: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[DbtOutcome, Path]:
    """The first `uwv-ai dev` of the project as committed, and a folder with what it left."""
    restore_project(scratch_project)
    warehouse = dev_warehouse(scratch_project)
    for leftover in (warehouse, scratch_project / STATE):
        leftover.unlink(missing_ok=True)
    full = dev_build(scratch_project, warehouse, full=True)
    saved = tmp_path_factory.mktemp("dev")
    if full.success:
        shutil.copy2(warehouse, saved / "dev.duckdb")
        shutil.copy2(scratch_project / STATE, saved / "manifest.json")
    return full, saved


@pytest.fixture
def after_first_dev_build(
    project_copy: Path, first_dev_build: tuple[DbtOutcome, Path]
) -> Iterator[DbtOutcome]:
    """The scratch project as committed, as the first `uwv-ai dev` left it."""
    full, saved = first_dev_build
    assert full.success, full.problems
    shutil.copy2(saved / "dev.duckdb", dev_warehouse(project_copy))
    (project_copy / STATE).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(saved / "manifest.json", project_copy / STATE)
    yield full


def _horeca_training(warehouse: Path) -> float:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return connection.execute("""
            select share_pct from marts.fct_survey_share
            where question_code = 'AI_SUPPORT_MEASURES' and sector_code = 'I'
              and answer_code = 'EXPERIMENTING' and survey_year = 2025
        """).fetchone()[0]


def test_an_edited_cell_rebuilds_its_dependants_only(
    project_copy: Path,
    after_first_dev_build: DbtOutcome,
    edit_file: Callable[[Path, str, str], None],
):
    full = after_first_dev_build
    warehouse = dev_warehouse(project_copy)
    assert _horeca_training(warehouse) == 75

    unchanged = dev_build(project_copy, warehouse)
    assert unchanged.success and unchanged.nodes_run == 0

    edit_file(project_copy / SEED, "2025,Horeca,94%,75%,", "2025,Horeca,94%,76%,")
    edited = dev_build(project_copy, warehouse)
    assert edited.success, edited.problems
    assert 0 < edited.nodes_run < full.nodes_run
    assert _horeca_training(warehouse) == 76


def test_an_edit_that_breaks_a_test_fails_the_dev_build(
    project_copy: Path,
    after_first_dev_build: DbtOutcome,
    edit_file: Callable[[Path, str, str], None],
):
    warehouse = dev_warehouse(project_copy)
    # Figure 7 repeats figure 12's total row: a different total breaks that agreement.
    edit_file(project_copy / SEED, "2025,Totaal,89%,79%,", "2025,Totaal,88%,79%,")
    outcome = dev_build(project_copy, warehouse)
    assert not outcome.success
    assert any("single_value_per_group" in problem for problem in outcome.problems)


def test_dev_exits_as_build_does_for_a_bad_cell(
    project_copy: Path,
    after_first_dev_build: DbtOutcome,
    edit_file: Callable[[Path, str, str], None],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
):
    """The same bad cell tests/test_cli.py gives `uwv-ai build`: exit 2 and the same line."""
    from uwv_ai.cli import main

    monkeypatch.setenv("UWV_AI_PROJECT_DIR", str(project_copy))
    edit_file(project_copy / SEED, "Horeca,94%,75%", "Horeca,94%,75 %")
    code = main(["dev"])
    err = capsys.readouterr().err.splitlines()
    assert code == 2, err
    assert [line for line in err if line.startswith("error: ")] == [
        f'error: {SEED} line 11, column "Werknemers stimuleren om zelf te gaan experimenteren'
        ' met AI", row "Horeca": "75 %" is not a percentage (expected a whole number from 0'
        " to 100 followed by %)"
    ]
    # The last line says it failed, and no count of nodes that reads like a success.
    assert err[-1].startswith("FAILED: ") and "nodes" not in err[-1], err


class _Watcher:
    """`uwv-ai dev --watch` in its own process, read line by line as a user would see it."""

    def __init__(self, project: Path):
        env = {**os.environ, "UWV_AI_PROJECT_DIR": str(project)}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "uwv_ai.cli", "dev", "--watch"],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: list[str] = []

    def read_until(self, prefix: str | tuple[str, ...]) -> list[str]:
        """The lines up to and including the next one starting with `prefix` (or any of them)."""
        prefixes = (prefix,) if isinstance(prefix, str) else prefix
        read = []
        # A step, not a clock: the watcher prints each line when the step is done. (The pipe
        # ends if it dies, which fails the test instead of hanging it.)
        for line in self.process.stderr:
            read.append(line.rstrip("\n"))
            if line.startswith(prefixes):
                self.lines += read
                return read
        raise AssertionError(f"the watcher ended ({self.process.wait()}): {self.lines + read}")


@pytest.fixture
def watcher(project_copy: Path, after_first_dev_build: DbtOutcome) -> Iterator[_Watcher]:
    watching = _Watcher(project_copy)
    yield watching
    if watching.process.poll() is None:
        watching.process.kill()
        watching.process.wait()


def test_watch_rebuilds_each_saved_edit_and_survives_a_bad_one(
    project_copy: Path, watcher: _Watcher, edit_file: Callable[[Path, str, str], None]
):
    warehouse = dev_warehouse(project_copy)
    started = watcher.read_until("watching ")
    assert any(line.startswith("passed: 0 dbt nodes") for line in started), started

    # A seed-only edit rebuilds without parsing again: what the seed reaches, and its tests.
    edit_file(project_copy / SEED, "2025,Horeca,94%,75%,", "2025,Horeca,94%,76%,")
    rebuilt = watcher.read_until(("passed:", "FAILED:"))
    assert rebuilt[0] == f"changed: {SEED}" and rebuilt[-1].startswith("passed: "), rebuilt
    assert _horeca_training(warehouse) == 76

    # A second rebuild on the same parsed project (dbt must inline the ephemeral models again).
    edit_file(project_copy / SEED, "2025,Horeca,94%,76%,", "2025,Horeca,94%,77%,")
    assert watcher.read_until(("passed:", "FAILED:"))[-1].startswith("passed: ")
    assert _horeca_training(warehouse) == 77

    # Any other edit parses the project again and rebuilds what it changed (state:modified+).
    model = project_copy / "models/marts/dim_size_class.sql"
    model.write_text(model.read_text(encoding="utf-8") + "-- edited\n", encoding="utf-8")
    model_edit = watcher.read_until(("passed:", "FAILED:"))
    assert model_edit[0] == "changed: models/marts/dim_size_class.sql", model_edit
    assert model_edit[-1].startswith("passed: ") and not model_edit[-1].startswith("passed: 0 ")

    # A bad cell: the input error in the words of `uwv-ai build`, and the watcher goes on.
    edit_file(project_copy / SEED, "2025,Horeca,94%,77%,", "2025,Horeca,94%,77 %,")
    failed = watcher.read_until(("passed:", "FAILED:"))
    assert failed[-1].startswith("FAILED: "), failed
    assert any(line.startswith(f"error: {SEED} line ") for line in failed), failed
    assert watcher.process.poll() is None

    watcher.process.send_signal(signal.SIGINT)
    assert watcher.process.wait() == 130
    rest = watcher.process.stderr.read()
    assert "Traceback" not in rest and "Traceback" not in "\n".join(watcher.lines), rest
