"""Problems of the environment or of paths and settings: one `error:` line, no traceback, a
documented exit code, and nothing left behind.

Most are found before dbt runs (uwv_ai.preflight), so these tests are fast; the interrupt
tests stop a real build in the middle of dbt (UWV_AI_STOP_AT=dbt-node) and signal it there.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import copy_project, sha256_of
from uwv_ai import cli
from uwv_ai.build import BuildResult

FIG09 = "seeds/publication/fig09_expected_ai_use.csv"


@pytest.fixture
def published(project_copy: Path, built: BuildResult, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A good warehouse published beside the project copy, which `uwv-ai` is pointed at."""
    monkeypatch.setenv("UWV_AI_PROJECT_DIR", str(project_copy))
    target = project_copy.parent / "published.duckdb"
    shutil.copy2(built.warehouse, target)
    return target


def _run(capsys: pytest.CaptureFixture, *args: str) -> tuple[int, list[str]]:
    code = cli.main(list(args))
    stderr = capsys.readouterr().err
    assert "Traceback" not in stderr
    return code, [line for line in stderr.splitlines() if line.startswith("error: ")]


def _assert_one_line(errors: list[str], expected: str) -> None:
    assert len(errors) == 1, errors
    assert expected in errors[0], errors


def _leftovers(folder: Path) -> list[str]:
    return sorted(
        path.name for path in folder.iterdir() if ".candidate" in path.name or "probe" in path.name
    )


def test_a_deleted_seed_file_is_named(
    project_copy: Path, published: Path, capsys: pytest.CaptureFixture
):
    (project_copy / FIG09).unlink()
    before = sha256_of(published)
    code, errors = _run(capsys, "--warehouse", str(published), "build")
    assert code == 2
    _assert_one_line(
        errors,
        'seeds/_seeds.yml declares seed "fig09_expected_ai_use" but there is no'
        " seeds/**/fig09_expected_ai_use.csv",
    )
    assert sha256_of(published) == before
    assert _leftovers(published.parent) == []


def test_a_seed_path_that_is_a_folder_is_named(
    project_copy: Path, published: Path, capsys: pytest.CaptureFixture
):
    (project_copy / FIG09).unlink()
    (project_copy / FIG09).mkdir()
    try:
        code, errors = _run(capsys, "--warehouse", str(published), "build")
    finally:
        (project_copy / FIG09).rmdir()
    assert code == 2
    _assert_one_line(errors, f"{FIG09} is not a file")


def test_dev_names_a_deleted_seed_file_too(
    project_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
):
    monkeypatch.setenv("UWV_AI_PROJECT_DIR", str(project_copy))
    (project_copy / FIG09).unlink()
    code, errors = _run(capsys, "dev")
    assert code == 2
    _assert_one_line(errors, 'declares seed "fig09_expected_ai_use"')


def test_a_warehouse_path_that_is_a_folder_is_refused_before_building(
    tmp_path: Path, project_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys
):
    monkeypatch.setenv("UWV_AI_PROJECT_DIR", str(project_copy))
    folder = tmp_path / "warehouse.duckdb"
    folder.mkdir()
    code, errors = _run(capsys, "--warehouse", str(folder), "build")
    assert code == 2
    _assert_one_line(errors, f"the warehouse path {folder} is a folder")
    # Refused up front: no candidate, no lock file, nothing.
    assert sorted(path.name for path in tmp_path.iterdir()) == ["warehouse.duckdb"]


def test_a_warehouse_folder_that_cannot_be_written_is_an_environment_error(
    project_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys
):
    monkeypatch.setenv("UWV_AI_PROJECT_DIR", str(project_copy))
    # /proc refuses new files even to root, where a read-only mode bit would not.
    code, errors = _run(capsys, "--warehouse", "/proc/uwv-ai-test/warehouse.duckdb", "build")
    assert code == 1
    _assert_one_line(errors, "cannot write in the warehouse's folder /proc/uwv-ai-test")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes in a read-only folder")
def test_a_read_only_warehouse_folder_is_an_environment_error(
    tmp_path: Path, published: Path, capsys: pytest.CaptureFixture
):
    folder = tmp_path / "read-only"
    folder.mkdir()
    warehouse = folder / "warehouse.duckdb"
    shutil.copy2(published, warehouse)
    folder.chmod(0o555)
    try:
        code, errors = _run(capsys, "--warehouse", str(warehouse), "build")
    finally:
        folder.chmod(0o755)
    assert code == 1
    _assert_one_line(errors, f"cannot write in the warehouse's folder {folder}")
    assert sorted(path.name for path in folder.iterdir()) == ["warehouse.duckdb"]


@pytest.mark.parametrize("value", ["abc", "nan", "inf", "-1"])
@pytest.mark.parametrize("command", ["build", "rollback"])
def test_a_bad_lock_timeout_is_a_usage_error(
    value: str, command: str, published: Path, monkeypatch: pytest.MonkeyPatch, capsys
):
    monkeypatch.setenv("UWV_AI_LOCK_TIMEOUT", value)
    code, errors = _run(capsys, "--warehouse", str(published), command)
    assert code == 2
    _assert_one_line(errors, f"UWV_AI_LOCK_TIMEOUT='{value}' is not a number of seconds")


def test_a_quote_in_the_project_path_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
):
    project = copy_project(tmp_path / "it's here")
    monkeypatch.setenv("UWV_AI_PROJECT_DIR", str(project))
    code, errors = _run(capsys, "--warehouse", str(tmp_path / "w.duckdb"), "build")
    assert code == 2
    _assert_one_line(errors, f"the project folder {project} contains a ' (single quote)")
    assert not (tmp_path / "w.duckdb").exists()


def test_a_quote_in_the_warehouse_path_works(
    tmp_path: Path, project_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys
):
    # DuckDB gets the warehouse's path as a value, never inside SQL text: a full build.
    monkeypatch.setenv("UWV_AI_PROJECT_DIR", str(project_copy))
    warehouse = tmp_path / "it's" / "warehouse.duckdb"
    code, errors = _run(capsys, "--warehouse", str(warehouse), "build")
    assert (code, errors) == (0, [])
    assert warehouse.is_file()


def test_an_unexpected_error_is_one_line_pointing_at_the_log(
    published: Path, monkeypatch: pytest.MonkeyPatch, capsys
):
    import uwv_ai.build

    def broken(*_args, **_kwargs):
        raise RuntimeError("something nobody foresaw\nwith a second line")

    monkeypatch.setattr(uwv_ai.build, "build", broken)
    code, errors = _run(capsys, "--warehouse", str(published), "build")
    assert code == 1
    assert errors == [
        "error: unexpected RuntimeError: something nobody foresaw with a second line"
        " (dbt's log: build/dbt/logs/dbt.log)"
    ]


def _wait_until_stopped(process: subprocess.Popen) -> None:
    """Wait for the build to stop itself at its fault-injection point (state T)."""
    stat = Path(f"/proc/{process.pid}/stat")
    while process.poll() is None:
        if stat.read_text().rsplit(")", 1)[1].split()[0] in ("T", "t"):
            return
        time.sleep(0.05)
    pytest.fail(f"the build ended before its stop point: {process.communicate()}")


@pytest.mark.parametrize(
    ("signal_number", "exit_code", "name"),
    [(signal.SIGINT, 130, "Ctrl-C"), (signal.SIGTERM, 143, "SIGTERM")],
)
def test_an_interrupted_build_removes_its_candidate(
    signal_number: int, exit_code: int, name: str, published: Path, project_copy: Path
):
    before = sha256_of(published)
    env = {
        **os.environ,
        "UWV_AI_PROJECT_DIR": str(project_copy),
        "UWV_AI_WAREHOUSE": str(published),
        "UWV_AI_STOP_AT": "dbt-node",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "uwv_ai.cli", "build"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_until_stopped(process)
        # In the middle of dbt: the candidate exists and is being written.
        assert published.with_name("published.duckdb.candidate").exists()
        process.send_signal(signal_number)
        process.send_signal(signal.SIGCONT)
        _stdout, stderr = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == exit_code, stderr
    assert "Traceback" not in stderr
    assert [line for line in stderr.splitlines() if line.startswith("error: ")] == [
        f"error: stopped by {name}"
    ]
    assert sha256_of(published) == before
    assert _leftovers(published.parent) == []
