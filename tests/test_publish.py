"""Publishing: the previous version is kept, rollback swaps it back, readers keep working,
builds take turns, and `query` cannot write."""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tests.conftest import sha256_of
from uwv_ai.build import BuildResult, build
from uwv_ai.dbt_invocation import PUBLISH_TARGET
from uwv_ai.publish import (
    outgoing_of,
    previous_of,
    publish,
    read_status,
    status_of,
    swap_of,
)


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
    shutil.copy2(status_of(built.warehouse), status_of(published))  # its record, by digest
    original = sha256_of(published)
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
    assert sha256_of(previous_of(published)) == original
    status = read_status(published)
    assert status["gates"] == "passed" and len(status["seeds_sha256"]) == 64
    assert status["sha256"] == sha256_of(published) and status["size"] == published.stat().st_size
    assert any("warn_known_claim_discrepancies" in w for w in status["warnings"])
    rebuilt = sha256_of(published)

    rolled = _cli("rollback", warehouse=published, project=project_copy)
    assert rolled.returncode == 0, rolled.stderr
    assert sha256_of(published) == original and sha256_of(previous_of(published)) == rebuilt
    assert read_status(published)["sha256"] == original  # the record follows its file

    again = _cli("rollback", warehouse=published, project=project_copy)
    assert again.returncode == 0, again.stderr
    assert sha256_of(published) == rebuilt
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
    before = sha256_of(published)
    for sql in (
        "create table marts.x as select 1",
        "delete from marts.fct_survey_share",
        "drop table marts.dim_sector",
    ):
        result = _cli("query", sql, warehouse=published, project=tmp_path)
        assert result.returncode == 2, sql
        assert "read-only" in result.stderr, result.stderr
    assert sha256_of(published) == before


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
    before = sha256_of(published)
    lock = published.with_name(published.name + ".lock")
    with lock.open("a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # a build in progress
        result = _cli("build", warehouse=published, project=project_copy, UWV_AI_LOCK_TIMEOUT="1")
    assert result.returncode == 1
    assert "another build of" in result.stderr and "is still running" in result.stderr
    assert sha256_of(published) == before


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


# Killed at a step, never after a number of seconds: in the middle of dbt (after its first
# node, the candidate being written), after dbt but before the last gate, and just before the
# candidate is published. One test per step, so that they can run side by side.
@pytest.mark.parametrize("step", ["dbt-node", "gates", "publish"])
def test_killed_builds_leave_the_published_warehouse_intact(
    step: str, project_copy: Path, built: BuildResult
):
    published = project_copy.parent / "published.duckdb"
    shutil.copy2(built.warehouse, published)
    before = sha256_of(published)
    candidate = published.with_name(published.name + ".candidate")
    process = subprocess.Popen(
        [sys.executable, "-m", "uwv_ai.cli", "--warehouse", str(published), "build"],
        env={**os.environ, "UWV_AI_PROJECT_DIR": str(project_copy), "UWV_AI_STOP_AT": step},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _wait_until(lambda: _is_stopped(process.pid), process, f"step {step}")
    assert candidate.exists(), f"no candidate at step {step}"
    process.kill()
    process.wait(timeout=30)
    assert sha256_of(published) == before, f"changed by a build killed at step {step}"
    with duckdb.connect(str(published), read_only=True) as reader:
        assert reader.execute("select count(*) from marts.publication_cells").fetchone() == (493,)
    if step == "publish":
        # The next build cleans up what the killed one left (a whole candidate) and publishes.
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


# Verified versions and crash-safe rotation. Most tests work on copies of the built
# warehouse, each made distinct by a marker table and recorded by `publish` with a fake
# status whose `published_at` names the version; only kills need a second process.


TRUNCATED = "is not a DuckDB warehouse|matches no record"


def _version(built: BuildResult, folder: Path, name: str) -> Path:
    """A copy of the built warehouse that differs from every other version by a marker."""
    copy = folder / f"{name}.candidate"
    shutil.copy2(built.warehouse, copy)
    with duckdb.connect(str(copy)) as connection:
        connection.execute(f"create table main.version_marker as select '{name}' as version")
    return copy


def _fake_status(name: str) -> dict:
    return {"published_at": name, "git_commit": None, "gates": "passed", "warnings": []}


def _marker(path: Path) -> str:
    """Which version `path` is; opening it and reading the marts proves it complete."""
    with duckdb.connect(str(path), read_only=True) as connection:
        assert connection.execute("select count(*) from marts.publication_cells").fetchone() == (
            493,
        )
        return connection.execute("select version from main.version_marker").fetchone()[0]


@pytest.fixture
def two_versions(built: BuildResult, tmp_path: Path) -> Path:
    """A warehouse with v2 published and v1 as its previous version, both recorded."""
    warehouse = tmp_path / "w.duckdb"
    for name in ("v1", "v2"):
        publish(_version(built, tmp_path, name), warehouse, _fake_status(name))
    assert (_marker(warehouse), _marker(previous_of(warehouse))) == ("v2", "v1")
    return warehouse


def _state(warehouse: Path) -> dict[str, str]:
    """Every file beside the warehouse (lock aside), by SHA-256."""
    return {
        path.name: sha256_of(path)
        for path in sorted(warehouse.parent.iterdir())
        if path.is_file() and not path.name.endswith(".lock")
    }


def _one_line_error(result: subprocess.CompletedProcess) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]


def test_status_verifies_the_published_file_and_names_the_previous(two_versions: Path):
    result = _cli("status", warehouse=two_versions, project=two_versions.parent)
    assert result.returncode == 0, result.stderr
    assert f"sha256:              {sha256_of(two_versions)}" in result.stdout
    assert "published_at:        v2" in result.stdout
    assert "previous:            published at v1, gates passed" in result.stdout
    records = json.loads(status_of(two_versions).read_text("utf-8"))["versions"]
    assert set(records) == {sha256_of(two_versions), sha256_of(previous_of(two_versions))}


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (lambda path: path.write_bytes(os.urandom(100_000)), "is not a DuckDB warehouse"),
        # DuckDB notices some truncations itself; the digest catches every one.
        (lambda path: os.truncate(path, path.stat().st_size // 2), TRUNCATED),
        (lambda path: os.truncate(path, 5_000_000), TRUNCATED),
    ],
    ids=["random bytes", "truncated by half", "truncated to 5 MB"],
)
def test_status_refuses_a_damaged_published_file(two_versions: Path, damage, reason: str):
    damage(two_versions)
    result = _cli("status", warehouse=two_versions, project=two_versions.parent)
    assert result.returncode == 1
    assert re.search(reason, _one_line_error(result))


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        ("{not json", "is not valid JSON"),
        ('["a list"]', "is not a record written by this uwv-ai"),
        (None, "has no record"),
    ],
    ids=["not json", "not a record", "missing"],
)
def test_status_refuses_a_corrupt_or_missing_record(
    two_versions: Path, record: str | None, reason: str
):
    if record is None:
        status_of(two_versions).unlink()
    else:
        status_of(two_versions).write_text(record, encoding="utf-8")
    result = _cli("status", warehouse=two_versions, project=two_versions.parent)
    assert result.returncode == 1
    assert reason in _one_line_error(result)


def test_status_refuses_a_record_of_another_file(two_versions: Path):
    """A record that describes another file, e.g. the previous version's, is not shown."""
    records = json.loads(status_of(two_versions).read_text("utf-8"))
    del records["versions"][sha256_of(two_versions)]
    status_of(two_versions).write_text(json.dumps(records), encoding="utf-8")
    result = _cli("status", warehouse=two_versions, project=two_versions.parent)
    assert result.returncode == 1
    assert "matches no record" in _one_line_error(result)


def test_status_of_a_directory_is_a_usage_error(tmp_path: Path):
    result = _cli("status", warehouse=tmp_path, project=tmp_path)
    assert result.returncode == 2
    assert _one_line_error(result) == f"error: {tmp_path} is a directory, not a warehouse file"


def _forge(previous: Path) -> None:
    previous.write_text("hello\n", encoding="utf-8")  # the 6-byte file of the attack


def _truncate(previous: Path) -> None:
    os.truncate(previous, previous.stat().st_size // 2)


def _edit(previous: Path) -> None:
    """A complete warehouse, changed after it was published: its record no longer matches."""
    with duckdb.connect(str(previous)) as connection:
        connection.execute("delete from marts.publication_cells where true")


@pytest.mark.parametrize(
    ("forge", "reason"),
    [
        (_forge, "is not a DuckDB warehouse"),
        (_truncate, TRUNCATED),
        (_edit, "matches no record"),
    ],
    ids=["6-byte text", "truncated", "edited"],
)
def test_rollback_refuses_a_previous_version_that_is_not_verified(
    two_versions: Path, forge, reason: str
):
    forge(previous_of(two_versions))
    before = _state(two_versions)
    result = _cli("rollback", warehouse=two_versions, project=two_versions.parent)
    assert result.returncode == 1
    line = _one_line_error(result)
    assert line.startswith("error: refusing to roll back: ") and re.search(reason, line)
    assert line.endswith("; nothing was changed")
    assert _state(two_versions) == before


def test_rollback_refuses_a_previous_version_whose_gates_did_not_pass(two_versions: Path):
    records = json.loads(status_of(two_versions).read_text("utf-8"))
    records["versions"][sha256_of(previous_of(two_versions))]["gates"] = "failed"
    status_of(two_versions).write_text(json.dumps(records), encoding="utf-8")
    result = _cli("rollback", warehouse=two_versions, project=two_versions.parent)
    assert result.returncode == 1
    assert "does not say its gates passed" in _one_line_error(result)


def test_publish_does_not_displace_a_good_previous_by_a_damaged_file(
    built: BuildResult, two_versions: Path
):
    two_versions.write_bytes(os.urandom(100_000))  # garbage under the published name
    publish(_version(built, two_versions.parent, "v3"), two_versions, _fake_status("v3"))
    assert (_marker(two_versions), _marker(previous_of(two_versions))) == ("v3", "v1")
    assert read_status(two_versions)["published_at"] == "v3"


def test_rollback_gives_up_with_one_line_when_the_lock_stays_busy(two_versions: Path):
    before = _state(two_versions)
    lock = two_versions.with_name(two_versions.name + ".lock")
    with lock.open("a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # a build in progress
        result = _cli(
            "rollback", warehouse=two_versions, project=two_versions.parent, UWV_AI_LOCK_TIMEOUT="1"
        )
    assert result.returncode == 1
    assert result.stderr.splitlines()[0].startswith("waiting for a build or rollback of ")
    assert "is still running" in result.stderr.splitlines()[-1]
    assert len(result.stderr.splitlines()) == 2
    assert _state(two_versions) == before


def test_rollback_waits_for_a_build_and_says_what_it_now_rolls_back_to(
    built: BuildResult, two_versions: Path
):
    """Deterministic: the test holds the lock (a build in progress), sees the rollback wait,
    publishes v3 as that build would, then lets the rollback go."""
    lock = two_versions.with_name(two_versions.name + ".lock")
    with lock.open("a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        rollback_process = subprocess.Popen(
            [sys.executable, "-m", "uwv_ai.cli", "--warehouse", str(two_versions), "rollback"],
            env={**os.environ, "UWV_AI_LOCK_TIMEOUT": "120"},
            stderr=subprocess.PIPE,
            text=True,
        )
        assert rollback_process.stderr.readline().startswith("waiting for a build or rollback")
        publish(_version(built, two_versions.parent, "v3"), two_versions, _fake_status("v3"))
    remaining = rollback_process.communicate(timeout=120)[1]
    assert rollback_process.returncode == 0, remaining
    assert f"rolled back {two_versions} now to the version published at v2 " in remaining
    # The rollback undid the build it waited for, and kept that build's version to go back to.
    assert (_marker(two_versions), _marker(previous_of(two_versions))) == ("v2", "v3")
    assert read_status(two_versions)["published_at"] == "v2"


KILLABLE = """
import sys
from pathlib import Path
from uwv_ai.publish import build_lock, publish, rollback
warehouse = Path(sys.argv[2])
with build_lock(warehouse):
    if sys.argv[1] == "publish":
        publish(Path(sys.argv[3]), warehouse, {"published_at": "v3", "gates": "passed"})
    else:
        rollback(warehouse)
"""


def _kill_at(step: str, *args: str) -> None:
    """Run publish or rollback until it stops itself at `step`, then kill it (SIGKILL)."""
    import signal

    process = subprocess.Popen(
        [sys.executable, "-c", KILLABLE, *args], env={**os.environ, "UWV_AI_STOP_AT": step}
    )
    _wait_until(lambda: _is_stopped(process.pid), process, f"step {step}")
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)


def _versions_present(warehouse: Path) -> set[str]:
    """Every version in the folder: published, previous, candidate or under a temporary name."""
    kinds = (".previous", ".outgoing", ".swap", ".candidate")
    return {
        _marker(path)
        for path in warehouse.parent.iterdir()
        if path == warehouse or path.suffix in kinds
    }


@pytest.mark.parametrize(
    ("step", "committed"),
    [
        ("publish.recorded", False),
        ("publish.linked", False),
        ("publish.renamed", True),
        ("publish.rotated", True),
    ],
)
def test_a_killed_publish_keeps_every_version_and_the_next_command_settles_it(
    built: BuildResult, two_versions: Path, step: str, committed: bool
):
    candidate = _version(built, two_versions.parent, "v3")
    _kill_at(step, "publish", str(two_versions), str(candidate))

    # Whatever the step: the published name holds a complete warehouse its record matches,
    # and no version is lost (v1 is dropped only once v3 is published).
    assert _marker(two_versions) == ("v3" if committed else "v2")
    assert read_status(two_versions)["published_at"] == _marker(two_versions)
    assert _versions_present(two_versions) >= ({"v2", "v3"} if committed else {"v1", "v2", "v3"})

    # The next command settles it: status takes the build lock's turn and finishes or undoes.
    result = _cli("status", warehouse=two_versions, project=two_versions.parent)
    assert result.returncode == 0, result.stderr
    expected = ("v3", "v2") if committed else ("v2", "v1")
    assert (_marker(two_versions), _marker(previous_of(two_versions))) == expected
    assert not outgoing_of(two_versions).exists()
    assert not status_of(two_versions).with_name(status_of(two_versions).name + ".tmp").exists()
    assert f"previous:            published at {expected[1]}, gates passed" in result.stdout


@pytest.mark.parametrize(
    ("step", "committed"),
    [("rollback.checked", False), ("rollback.linked", False), ("rollback.renamed", True)],
)
def test_a_killed_rollback_keeps_both_versions_and_the_next_rollback_settles_it(
    two_versions: Path, step: str, committed: bool
):
    _kill_at(step, "rollback", str(two_versions))

    assert _marker(two_versions) == ("v1" if committed else "v2")
    assert read_status(two_versions)["published_at"] == _marker(two_versions)
    assert _versions_present(two_versions) == {"v1", "v2"}
    if committed:  # the rollback point is still there, under its temporary name for now
        assert _marker(swap_of(two_versions)) == "v2" and not previous_of(two_versions).exists()
        status = _cli("status", warehouse=two_versions, project=two_versions.parent)
        assert status.returncode == 0 and "repaired: finished a rollback" in status.stderr
        assert _marker(previous_of(two_versions)) == "v2"

    # The next rollback finds a complete pair and swaps it.
    result = _cli("rollback", warehouse=two_versions, project=two_versions.parent)
    assert result.returncode == 0, result.stderr
    expected = ("v2", "v1") if committed else ("v1", "v2")
    assert (_marker(two_versions), _marker(previous_of(two_versions))) == expected
    assert not swap_of(two_versions).exists()
    assert read_status(two_versions)["published_at"] == expected[0]


def test_status_during_a_stopped_publish_reports_it_and_changes_nothing(
    built: BuildResult, two_versions: Path
):
    """While a publish holds the lock, status does not touch its files: it notes them."""
    import signal

    candidate = _version(built, two_versions.parent, "v3")
    process = subprocess.Popen(
        [sys.executable, "-c", KILLABLE, "publish", str(two_versions), str(candidate)],
        env={**os.environ, "UWV_AI_STOP_AT": "publish.renamed"},
    )
    try:
        _wait_until(lambda: _is_stopped(process.pid), process, "step publish.renamed")
        before = _state(two_versions)
        result = _cli("status", warehouse=two_versions, project=two_versions.parent)
        assert result.returncode == 0, result.stderr
        assert "is in progress (w.duckdb.outgoing)" in result.stderr
        assert _state(two_versions) == before
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)


def test_status_build_and_rollback_say_when_the_report_and_exports_are_stale(
    two_versions: Path, scratch_project: Path
):
    """The report and the exports name the version they were made from; after a rollback (or
    a build) publishes another, `rollback` notes it and `status` says which are stale."""
    project = two_versions.parent / "project"
    # The export takes the marts' keys from the manifest of the build that published.
    manifest = project / PUBLISH_TARGET / "manifest.json"
    manifest.parent.mkdir(parents=True)
    shutil.copy2(scratch_project / PUBLISH_TARGET / "manifest.json", manifest)

    def states() -> dict[str, str]:
        result = _cli("status", warehouse=two_versions, project=project)
        assert result.returncode == 0, result.stderr
        lines = dict(line.split(":", 1) for line in result.stdout.splitlines())
        return {name: lines[name].strip() for name in ("report", "export")}

    assert all(state.startswith("not written") for state in states().values())
    for command in ("report", "export"):
        assert _cli(command, warehouse=two_versions, project=project).returncode == 0
    v2 = sha256_of(two_versions)
    assert states() == {
        "report": f"current ({project / 'build/report/index.html'})",
        "export": f"current ({project / 'build/exports/datapackage.json'})",
    }

    back = _cli("rollback", warehouse=two_versions, project=project)
    assert back.returncode == 0, back.stderr
    assert _marker(two_versions) == "v1"
    notes = [line for line in back.stderr.splitlines() if line.startswith("note: stale: ")]
    assert len(notes) == 2, back.stderr
    for state in [*states().values(), *notes]:
        assert f"was made from version {v2[:12]}" in state
        assert f"the published file is {sha256_of(two_versions)[:12]}" in state
    assert states()["report"].endswith("run uwv-ai report")
    assert states()["export"].endswith("run uwv-ai export")

    # Back to the version they show: current again, and nothing to note.
    forth = _cli("rollback", warehouse=two_versions, project=project)
    assert forth.returncode == 0 and "note:" not in forth.stderr, forth.stderr
    assert all(state.startswith("current") for state in states().values())
