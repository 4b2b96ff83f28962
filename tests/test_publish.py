"""Publishing: the previous version is kept, rollback swaps it back, readers keep working,
builds take turns, and `query` cannot write."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb

from uwv_ai.build import BuildResult, build
from uwv_ai.publish import previous_of, read_status, status_of


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _cli(*args: str, warehouse: Path, project: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "uwv_ai.cli", "--warehouse", str(warehouse), *args],
        env={**os.environ, "UWV_AI_PROJECT_DIR": str(project), **env},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


READER = """
import sys, duckdb
connection = duckdb.connect(sys.argv[1], read_only=True)
query = "select count(*) from marts.fct_survey_share"
print(connection.execute(query).fetchone()[0], flush=True)
sys.stdin.readline()  # hold the file open until the test has rebuilt it
print(connection.execute(query).fetchone()[0], flush=True)
"""


def test_rebuild_keeps_previous_version_and_readers_keep_working(
    project_copy: Path, built: BuildResult
):
    published = project_copy.parent / "published.duckdb"
    shutil.copy2(built.warehouse, published)
    original = _sha(published)
    original_inode = published.stat().st_ino
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(published)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert reader.stdout.readline().strip() == "476"
        # Another process holds the published file open: the rebuild neither waits for it
        # nor disturbs it.
        result = build(project_copy, published)
        assert result.published, result.outcome.problems
        reader.stdin.write("\n")
        reader.stdin.flush()
        assert reader.stdout.readline().strip() == "476"
    finally:
        reader.kill()
        reader.wait(timeout=30)
    assert published.stat().st_ino != original_inode
    assert _sha(previous_of(published)) == original
    status = read_status(published)
    assert status["gates"] == "passed" and len(status["seeds_sha256"]) == 64
    assert any("warn_known_claim_discrepancies" in w for w in status["warnings"])
    rebuilt = _sha(published)

    rolled = _cli("rollback", warehouse=published, project=project_copy)
    assert rolled.returncode == 0, rolled.stderr
    assert _sha(published) == original and _sha(previous_of(published)) == rebuilt
    assert not status_of(published).exists()  # the original was published without a status

    again = _cli("rollback", warehouse=published, project=project_copy)
    assert again.returncode == 0, again.stderr
    assert _sha(published) == rebuilt
    assert read_status(published)["gates"] == "passed"


def test_rollback_without_previous_version_is_a_usage_error(tmp_path: Path):
    result = _cli("rollback", warehouse=tmp_path / "w.duckdb", project=tmp_path)
    assert result.returncode == 2
    assert (
        result.stderr.strip()
        == f"error: no previous version of {tmp_path / 'w.duckdb'} to roll back to"
    )


def test_query_cannot_write(built: BuildResult, tmp_path: Path):
    published = tmp_path / "published.duckdb"
    shutil.copy2(built.warehouse, published)
    before = _sha(published)
    for sql in (
        "create table marts.x as select 1",
        "delete from marts.fct_survey_share",
        "drop table marts.dim_sector",
    ):
        result = _cli("query", sql, warehouse=published, project=tmp_path)
        assert result.returncode == 2, sql
        assert "read-only" in result.stderr, result.stderr
    assert _sha(published) == before


def test_query_and_claims_output_formats(built: BuildResult, tmp_path: Path):
    rows = _cli(
        "query",
        "select sector_code, share_pct from marts.fct_survey_share "
        "where survey_year = 2025 and question_code = 'AI_USE_NOW' and answer_code = 'HIGH' "
        "and sector_code = 'J'",
        "--format",
        "json",
        warehouse=built.warehouse,
        project=tmp_path,
    )
    assert rows.returncode == 0, rows.stderr
    assert json.loads(rows.stdout) == [{"sector_code": "J", "share_pct": 42.0}]
    claims = _cli("claims", "--format", "csv", warehouse=built.warehouse, project=tmp_path)
    assert claims.returncode == 0, claims.stderr
    lines = claims.stdout.splitlines()
    assert lines[0].startswith("claim_id,status,")
    statuses = [line.split(",")[1] for line in lines[1:]]
    assert statuses[0] == "mismatch" and statuses.index("match") > statuses.index("mismatch")


def test_second_build_waits_for_the_first_and_gives_up_with_a_message(
    project_copy: Path, built: BuildResult
):
    published = project_copy.parent / "published.duckdb"
    shutil.copy2(built.warehouse, published)
    before = _sha(published)
    lock = published.with_name(published.name + ".lock")
    with lock.open("a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # a build in progress
        result = _cli("build", warehouse=published, project=project_copy, UWV_AI_LOCK_TIMEOUT="1")
    assert result.returncode == 1
    assert "another build of" in result.stderr and "is still running" in result.stderr
    assert _sha(published) == before


def _wait_until(condition, process: subprocess.Popen, what: str) -> None:
    """Poll until `condition()`; the build must still be running (a step, not a clock)."""
    import time

    while not condition():
        assert process.poll() is None, f"the build ended before {what}"
        time.sleep(0.05)


def _is_stopped(pid: int) -> bool:
    """The process stopped itself (state T in /proc/PID/stat)."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    return stat.rsplit(")", 1)[1].split()[0] == "T"


def test_killed_builds_leave_the_published_warehouse_intact(project_copy: Path, built: BuildResult):
    import signal

    published = project_copy.parent / "published.duckdb"
    shutil.copy2(built.warehouse, published)
    before = _sha(published)
    candidate = published.with_name(published.name + ".candidate")
    # Killed at a step, never after a number of seconds: while dbt writes the candidate,
    # after dbt but before the last gate, and just before the candidate is published.
    for step in ("dbt", "gates", "publish"):
        process = subprocess.Popen(
            [sys.executable, "-m", "uwv_ai.cli", "--warehouse", str(published), "build"],
            env={**os.environ, "UWV_AI_PROJECT_DIR": str(project_copy), "UWV_AI_STOP_AT": step},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if step == "dbt":
            _wait_until(lambda: candidate.exists(), process, "dbt wrote its candidate")
        else:
            _wait_until(lambda pid=process.pid: _is_stopped(pid), process, f"step {step}")
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        assert _sha(published) == before, f"changed by a build killed at step {step}"
        with duckdb.connect(str(published), read_only=True) as reader:
            assert reader.execute("select count(*) from marts.publication_cells").fetchone() == (
                493,
            )
    # The next build cleans up what the killed ones left and publishes.
    result = build(project_copy, published)
    assert result.published, result.outcome.problems
    assert not candidate.exists()


def test_two_builds_at_once_take_turns_and_publish_a_good_warehouse(
    project_copy: Path, built: BuildResult
):
    published = project_copy.parent / "published.duckdb"
    shutil.copy2(built.warehouse, published)
    command = [sys.executable, "-m", "uwv_ai.cli", "--warehouse", str(published), "build"]
    env = {**os.environ, "UWV_AI_PROJECT_DIR": str(project_copy)}
    first = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)
    second = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)
    outputs = [process.communicate(timeout=600)[1] for process in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], outputs
    with duckdb.connect(str(published), read_only=True) as reader:
        assert reader.execute("select count(*) from marts.publication_cells").fetchone() == (493,)
    with duckdb.connect(str(previous_of(published)), read_only=True) as reader:
        assert reader.execute("select count(*) from marts.publication_cells").fetchone() == (493,)
