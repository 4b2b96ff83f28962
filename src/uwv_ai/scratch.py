"""Scratch files beside an output, named so a later run can find and remove what a killed one left.

`report` and `export` write to a hidden sibling of their output and rename it into place. A run
killed before its own clean-up leaves that sibling behind; the name carries the writer's
process id, so the next run removes exactly the leftovers of processes that are gone and never
the scratch of a run still going.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
from pathlib import Path


def scratch_path(target: Path, kind: str) -> Path:
    """A fresh hidden sibling of `target`: `.<name>.<pid>-<random>.<kind>`."""
    return target.with_name(f".{target.name}.{os.getpid()}-{secrets.token_hex(4)}.{kind}")


def leftovers(target: Path, kind: str) -> list[Path]:
    """Scratch siblings of `target` of this `kind` whose writing process no longer runs."""
    pattern = re.compile(rf"\.{re.escape(target.name)}\.(\d+)-[0-9a-f]{{8}}\.{re.escape(kind)}")
    found = []
    if target.parent.is_dir():
        for path in target.parent.iterdir():
            match = pattern.fullmatch(path.name)
            if match and not _running(int(match[1])):
                found.append(path)
    return sorted(found)


def remove(path: Path) -> None:
    """Remove a scratch file or folder, whichever it is."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _running(pid: int) -> bool:
    if pid == os.getpid():
        # Our own pid on a leftover: an earlier process had it; we have no scratch yet.
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True
