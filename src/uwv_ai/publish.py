"""Publishing a candidate warehouse, keeping the previous version, and rolling back.

The published file is only ever replaced by a rename, so it always exists and is always a
complete warehouse: readers that opened the old file keep reading it, new readers see the
new one. Each published file has a status sidecar (`<name>.status.json`) saying when, from
which commit and seeds it was built, and what its gates reported.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path


def previous_of(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.name + ".previous")


def status_of(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.name + ".status.json")


class BuildLockTimeout(Exception):
    """Another build held the lock for longer than we were willing to wait."""


@contextmanager
def build_lock(warehouse: Path, timeout_s: float | None = None) -> Iterator[None]:
    """Hold the build lock of `warehouse`; a second build waits for the first to finish."""
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
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def publish(candidate: Path, warehouse: Path, status: dict) -> None:
    """Replace `warehouse` by `candidate`, keeping the old one as `<name>.previous`."""
    if warehouse.exists():
        _replace_keeping_source(warehouse, previous_of(warehouse))
        if status_of(warehouse).exists():
            _replace_keeping_source(status_of(warehouse), status_of(previous_of(warehouse)))
    os.replace(candidate, warehouse)
    _write_json(status_of(warehouse), status)


def rollback(warehouse: Path) -> None:
    """Swap the published warehouse with the previous one (a second rollback undoes it)."""
    previous = previous_of(warehouse)
    if not previous.exists():
        raise FileNotFoundError(f"no previous version of {warehouse} to roll back to")
    # The warehouse first: each step leaves a complete file under the published name.
    for current, kept in ((warehouse, previous), (status_of(warehouse), status_of(previous))):
        swap = current.with_name(current.name + ".swap")
        swap.unlink(missing_ok=True)
        had_current = current.exists()
        if had_current:
            os.link(current, swap)
        if kept.exists():
            os.replace(kept, current)
        else:
            current.unlink(missing_ok=True)  # a version published without a status sidecar
        if had_current:
            os.replace(swap, kept)


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


def read_status(warehouse: Path) -> dict | None:
    path = status_of(warehouse)
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def _replace_keeping_source(source: Path, target: Path) -> None:
    """Make `target` a second name of `source` atomically; `source` stays in place."""
    staging = target.with_name(target.name + ".tmp")
    staging.unlink(missing_ok=True)
    os.link(source, staging)
    os.replace(staging, target)


def _write_json(path: Path, document: dict) -> None:
    staging = path.with_name(path.name + ".tmp")
    staging.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    os.replace(staging, path)


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
