"""The `uwv-ai` command: exit codes and one-line messages."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import run_cli, sha256_of
from uwv_ai.build import BuildResult


def test_no_command_is_a_usage_error(tmp_path: Path):
    result = run_cli(project=tmp_path, warehouse=tmp_path / "w.duckdb")
    assert result.returncode == 2


def test_rejected_input_exits_2_names_the_cell_and_keeps_the_published_file(
    project_copy: Path, built: BuildResult, edit_file: Callable[[Path, str, str], None]
):
    published = project_copy.parent / "published.duckdb"
    shutil.copy2(built.warehouse, published)
    before = sha256_of(published)
    edit_file(
        project_copy / "seeds/publication/fig12_measures.csv",
        "Horeca,94%,75%",
        "Horeca,94%,75 %",
    )

    result = run_cli("build", project=project_copy, warehouse=published)

    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert errors == [
        'error: seeds/publication/fig12_measures.csv line 11, column "Werknemers stimuleren'
        ' om zelf te gaan experimenteren met AI", row "Horeca": "75 %" is not a percentage'
        " (expected a whole number from 0 to 100 followed by %)"
    ]
    assert "published warehouse was not changed" in result.stderr
    # No noise from the interpreter's shutdown (multiprocessing's resource tracker).
    assert "leaked" not in result.stderr and "Traceback" not in result.stderr
    assert sha256_of(published) == before
    assert not list(project_copy.parent.glob("published.duckdb.candidate*"))


@pytest.mark.parametrize(
    "args",
    [("status",), ("claims",), ("query", "select * from marts.fct_survey_share")],
    ids=" ".join,
)
def test_a_closed_pipe_ends_the_command_quietly(args: tuple[str, ...], built: BuildResult):
    """`uwv-ai status | head -1`: the reader is gone before the command writes (here the pipe's
    read end is closed before it starts, so every write fails, whatever the machine's speed)."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "uwv_ai.cli", "--warehouse", str(built.warehouse), *args],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=300,
            check=False,
        )
    finally:
        os.close(write_end)
    assert result.stderr == ""
    assert result.returncode == 141
