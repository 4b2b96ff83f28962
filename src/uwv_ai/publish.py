"""Publishing a candidate warehouse, keeping the previous version, and rolling back.

The published file is only ever replaced by a rename, so it always exists and is always a
complete warehouse: readers that opened the old file keep reading it, new readers see the
new one.

Every version is recorded by its SHA-256 in one record file beside the warehouse
(`<name>.status.json`): its size, when, from which commit and seeds it was built, and what
its gates reported. Records are keyed by digest, not by file name, so a rename never makes a
record describe another file: `status` and `rollback` digest the file and look its record up.
The record is written (and fsynced) before the rename that publishes the file.

Publish and rollback each have one commit point, a rename; a second hard link keeps the
version that leaves the published name until it is renamed to `<name>.previous`. A process
killed at any step leaves either that link (`<name>.outgoing` after a publish, `<name>.swap`
after a rollback) or nothing; the next holder of the build lock finishes or undoes the step
(`recover`).
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from uwv_ai.fault_injection import stop_here_if_asked

RECORD_FORMAT = "uwv-ai versions 1"


def previous_of(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.name + ".previous")


def status_of(warehouse: Path) -> Path:
    """The record file of `warehouse` (it also holds the record of `<name>.previous`)."""
    return warehouse.with_name(warehouse.name + ".status.json")


def outgoing_of(warehouse: Path) -> Path:
    """The second name of the version a publish moves to `.previous`, while it does so."""
    return warehouse.with_name(warehouse.name + ".outgoing")


def swap_of(warehouse: Path) -> Path:
    """The second name of the version a rollback moves to `.previous`, while it does so."""
    return warehouse.with_name(warehouse.name + ".swap")


class BuildLockTimeout(Exception):
    """Another build held the lock for longer than we were willing to wait."""


class RecordError(ValueError):
    """The record file exists but cannot be read (not JSON, or not written by uwv-ai)."""


class UnverifiedVersion(Exception):
    """A file is not a version the record vouches for: not a warehouse, no record, or a
    record of another file."""


class InterruptedOperation(Exception):
    """Leftovers of a killed publish or rollback that cannot be settled automatically."""


@contextmanager
def build_lock(
    warehouse: Path, timeout_s: float | None = None, on_wait: Callable[[], None] | None = None
) -> Iterator[list[str]]:
    """Hold the build lock of `warehouse`; a second build (or rollback) waits for the first.

    Once held, whatever a killed publish or rollback left is settled first (`recover`); the
    `with` value lists what was repaired. `on_wait` is called once if the lock is busy.
    """
    if timeout_s is None:
        timeout_s = float(os.environ.get("UWV_AI_LOCK_TIMEOUT", "900"))
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    lock_path = warehouse.with_name(warehouse.name + ".lock")
    with lock_path.open("a+") as handle:
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise BuildLockTimeout(
                        f"another build of {warehouse} is still running (lock {lock_path})"
                    ) from None
                if on_wait is not None:
                    on_wait()
                    on_wait = None
                time.sleep(0.2)
        try:
            yield recover(warehouse)
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def publish(candidate: Path, warehouse: Path, status: dict) -> None:
    """Replace `warehouse` by `candidate`, keeping the old one as `<name>.previous`.

    Call with the build lock held. The current file becomes `.previous` only when it is a
    verified version: a damaged or foreign file under the published name is replaced without
    displacing the last good rollback point.
    """
    records = _records_to_update(warehouse)
    digest = file_digest(candidate)
    _fsync_file(candidate)
    records[digest] = {"size": candidate.stat().st_size, **status}
    current = file_digest(warehouse) if warehouse.is_file() else None
    keep_current = current is not None and _passed(records.get(current))
    _write_records(warehouse, records)
    stop_here_if_asked("publish.recorded")
    if keep_current:
        os.link(warehouse, outgoing_of(warehouse))
        _fsync_directory(warehouse)
        stop_here_if_asked("publish.linked")
    os.replace(candidate, warehouse)  # the commit point
    _fsync_directory(warehouse)
    stop_here_if_asked("publish.renamed")
    if keep_current:
        os.replace(outgoing_of(warehouse), previous_of(warehouse))
        _fsync_directory(warehouse)
        stop_here_if_asked("publish.rotated")
    kept = {digest, current if keep_current else _digest_if_file(previous_of(warehouse))}
    _write_records(warehouse, {key: value for key, value in records.items() if key in kept})


def rollback(warehouse: Path) -> dict:
    """Swap the published warehouse with the previous one (a second rollback undoes it).

    Call with the build lock held. Refuses (UnverifiedVersion) a `.previous` that is not a
    warehouse whose record says its gates passed. Returns the record of the version now
    published. The record file is not touched: records follow their files by digest.
    """
    previous = previous_of(warehouse)
    if not previous.exists():
        raise FileNotFoundError(f"no previous version of {warehouse} to roll back to")
    record = verified_record(warehouse, previous)
    _fsync_file(previous)
    stop_here_if_asked("rollback.checked")
    if warehouse.is_file():
        os.link(warehouse, swap_of(warehouse))
        _fsync_directory(warehouse)
        stop_here_if_asked("rollback.linked")
    os.replace(previous, warehouse)  # the commit point
    _fsync_directory(warehouse)
    stop_here_if_asked("rollback.renamed")
    if swap_of(warehouse).exists():
        os.replace(swap_of(warehouse), previous)
        _fsync_directory(warehouse)
    return record


def recover(warehouse: Path) -> list[str]:
    """Finish or undo what a killed publish or rollback left; say what was done.

    Call with the build lock held. Before its commit rename, an operation has only added a
    second name of the published file (undo: remove it); after it, that name holds the
    version that belongs at `.previous` (finish: rename it there).
    """
    repaired = []
    _staging(status_of(warehouse)).unlink(missing_ok=True)
    for leftover, operation in (
        (outgoing_of(warehouse), "publish"),
        (swap_of(warehouse), "rollback"),
    ):
        if not leftover.exists():
            continue
        if warehouse.exists() and os.path.samefile(leftover, warehouse):
            leftover.unlink()
            repaired.append(
                f"removed {leftover.name}, left by a {operation} killed before it published"
            )
        elif not warehouse.exists():
            os.replace(leftover, warehouse)
            repaired.append(
                f"restored {warehouse.name} from {leftover.name}, left by a killed {operation}"
            )
        elif operation == "publish" or not previous_of(warehouse).exists():
            # After a publish's commit the old `.previous` is the one being displaced; after a
            # rollback's commit `.previous` was renamed away.
            os.replace(leftover, previous_of(warehouse))
            repaired.append(
                f"finished a {operation} killed after it published:"
                f" {leftover.name} is now {previous_of(warehouse).name}"
            )
        else:
            raise InterruptedOperation(
                f"{leftover} and {previous_of(warehouse)} both exist and differ from"
                f" {warehouse}; keep the one you want as {previous_of(warehouse).name}"
                f" and remove {leftover.name}"
            )
        _fsync_directory(warehouse)
    return repaired


def leftovers(warehouse: Path) -> list[Path]:
    """What a killed publish or rollback left beside `warehouse` (settled by `recover`)."""
    return [path for path in (outgoing_of(warehouse), swap_of(warehouse)) if path.exists()]


def verified_record(warehouse: Path, path: Path) -> dict:
    """The record of `path` (the published file or its `.previous`), with its `sha256`.

    Raises UnverifiedVersion, with a one-line reason, when `path` is not a DuckDB warehouse,
    has no record, matches no record (changed, truncated or replaced after publishing), or its
    record does not say its gates passed; RecordError when the record file is unreadable.
    """
    if not path.is_file():
        raise UnverifiedVersion(f"{path} is not a file")
    records = read_records(warehouse)
    digest = file_digest(path)
    record = records.get(digest)
    if record is None:
        # Only a file that matches no record can be something else than a warehouse: a
        # record is written for a file dbt built, and the digest says this is that file (so
        # `status`, run like a query, does not pay for opening both versions).
        _check_is_duckdb(path)
        if not records:
            raise UnverifiedVersion(f"{path} has no record: {status_of(warehouse)} is missing")
        raise UnverifiedVersion(
            f"{path} ({path.stat().st_size:,} bytes) matches no record in"
            f" {status_of(warehouse).name}: it was changed, truncated or replaced after it was"
            " published"
        )
    if not _passed(record):
        raise UnverifiedVersion(f"the record of {path} does not say its gates passed")
    return {"sha256": digest, **record}


def read_status(warehouse: Path) -> dict | None:
    """The record of the published file, or None if it has none (or none that matches).

    Raises RecordError, naming the file, when the record file is unreadable.
    """
    if not warehouse.is_file():
        return None
    digest = file_digest(warehouse)
    record = read_records(warehouse).get(digest)
    return None if record is None else {"sha256": digest, **record}


def read_records(warehouse: Path) -> dict[str, dict]:
    """Every recorded version of `warehouse`, by SHA-256; empty when there is no record file."""
    path = status_of(warehouse)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as error:
        raise RecordError(f"cannot read {path}: {error}") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise RecordError(f"{path} is not valid JSON ({error}); run uwv-ai build") from None
    if not isinstance(document, dict):
        document = {}
    versions = document.get("versions")
    if (
        document.get("format") != RECORD_FORMAT
        or not isinstance(versions, dict)
        or not all(isinstance(record, dict) for record in versions.values())
    ):
        raise RecordError(f"{path} is not a record written by this uwv-ai; run uwv-ai build")
    return versions


def build_status(project: Path, warnings: list[str], source_text: str | None = None) -> dict:
    """What a published warehouse was built from, and whether its seeds were compared with
    the publication's extracted text (`source_text`, the path the build was given)."""
    return {
        "published_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "git_commit": _git_commit(project),
        "seeds_sha256": _seeds_digest(project),
        "gates": "passed",
        "source_verification": (
            f"verified against {source_text}" if source_text else "not verified against the source"
        ),
        "warnings": warnings,
    }


def file_digest(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _digest_if_file(path: Path) -> str | None:
    return file_digest(path) if path.is_file() else None


def _passed(record: dict | None) -> bool:
    return record is not None and record.get("gates") == "passed"


def _check_is_duckdb(path: Path) -> None:
    import duckdb

    from uwv_ai.read_only import open_read_only

    try:
        with open_read_only(path) as connection:
            connection.execute("select count(*) from duckdb_tables()").fetchone()
    except duckdb.Error as error:
        reason = str(error).strip().splitlines()[0]
        raise UnverifiedVersion(f"{path} is not a DuckDB warehouse ({reason})") from None


def _records_to_update(warehouse: Path) -> dict[str, dict]:
    """The records a publish adds to; an unreadable record file is replaced, not kept."""
    try:
        return read_records(warehouse)
    except RecordError:
        return {}


def _write_records(warehouse: Path, versions: dict[str, dict]) -> None:
    """Replace the record file atomically and durably (file, then directory)."""
    path = status_of(warehouse)
    staging = _staging(path)
    document = {"format": RECORD_FORMAT, "versions": versions}
    with staging.open("w", encoding="utf-8") as handle:
        handle.write(json.dumps(document, indent=2) + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(staging, path)
    _fsync_directory(warehouse)


def _staging(path: Path) -> Path:
    return path.with_name(path.name + ".tmp")


def _fsync_file(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _fsync_directory(warehouse: Path) -> None:
    """Make the renames in the warehouse's folder durable."""
    _fsync_file(warehouse.parent)


def _git_commit(project: Path) -> str | None:
    result = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=project, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        return None
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--", "seeds", "models", "macros", "tests/dbt"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return result.stdout.strip() + ("+uncommitted" if dirty else "")


def _seeds_digest(project: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted((project / "seeds").rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(project).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()
