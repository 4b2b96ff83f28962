"""The maintainer's edit loop: rebuild only what an edit touches, in a development warehouse.

`uwv-ai dev` runs `dbt build --select state:modified+` against the manifest of its previous
successful run, in `build/dev.duckdb` (the database plain dbt builds too): after one seed
cell changes, dbt rebuilds that seed and what depends on it and runs their tests, nothing
else. The first run (or `--full`) builds everything. Nothing is published here: `uwv-ai
build` runs the same checks on everything and publishes.

`uwv-ai dev --watch` stays running and rebuilds after every saved change. It pays dbt's start
(the import, about two seconds) once, and keeps the parsed project between rebuilds: an edit
to seed files only rebuilds `path:<file>+` without parsing again (a seed's rows are not part
of the parsed project); any other edit parses again (partially, as dbt does) and rebuilds
`state:modified+`.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from uwv_ai.dbt_invocation import DbtOutcome, NodeStarted, parse_project, run_dbt

# What a rebuild depends on, relative to the project; build/ and the rest are not watched.
WATCHED = ("dbt_project.yml", "profiles", "seeds", "models", "macros", "tests/dbt", "analyses")
POLL_SECONDS = 0.2


def dev_warehouse(project: Path) -> Path:
    return project / "build" / "dev.duckdb"


def dev_build(
    project: Path, warehouse: Path, full: bool = False, on_node: NodeStarted | None = None
) -> DbtOutcome:
    """Build what changed since the last successful dev build (everything the first time)."""
    return _state_build(project, warehouse, full, manifest=None, on_node=on_node)


def _state_build(
    project: Path, warehouse: Path, full: bool, manifest, on_node: NodeStarted | None = None
) -> DbtOutcome:
    state = _state(project)
    incremental = not full and (state / "manifest.json").is_file() and warehouse.is_file()
    selection = ["--select", "state:modified+", "--state", str(state)] if incremental else []
    outcome = run_dbt(["build", *selection], project, warehouse, manifest, on_node=on_node)
    if outcome.success:
        # The state to compare with next time is what is now in the dev warehouse.
        state.mkdir(parents=True, exist_ok=True)
        target = project / "build" / "dbt" / "target" / "manifest.json"
        shutil.copy2(target, state / "manifest.json")
    return outcome


def _state(project: Path) -> Path:
    return project / "build" / "dbt" / "dev-state"


@dataclass
class Rebuild:
    """One rebuild of the watch loop: what changed, what dbt did, how long it took."""

    changed: list[str]
    outcome: DbtOutcome
    seconds: float


def watch(
    project: Path,
    warehouse: Path,
    on_ready: Callable[[], None] = lambda: None,
    poll_seconds: float = POLL_SECONDS,
) -> Iterator[Rebuild]:
    """Build what changed since the last dev build, then rebuild after every change to the
    project's files, forever (Ctrl-C stops it). `on_ready` is called once watching starts."""
    before = _snapshot(project)
    start = time.perf_counter()
    manifest, outcome = parse_project(project, warehouse)
    if manifest is not None:
        outcome = _state_build(project, warehouse, full=False, manifest=manifest)
    yield Rebuild([], outcome, time.perf_counter() - start)
    on_ready()
    while True:
        time.sleep(poll_seconds)
        now = _snapshot(project)
        if now == before:
            continue
        changed = sorted(
            path for path in now.keys() | before.keys() if now.get(path) != before.get(path)
        )
        before = now
        start = time.perf_counter()
        seeds_only = all(path.startswith("seeds/") and path.endswith(".csv") for path in changed)
        if manifest is not None and seeds_only and all(path in now for path in changed):
            # The parsed project still holds: only rows changed. Rebuild each file's seed and
            # everything reading it (the dev state is left as it was, so the next `uwv-ai dev`
            # sees these seeds as changed and rebuilds them once more: never less than needed).
            selection = [f"path:{path}+" for path in changed]
            outcome = run_dbt(["build", "--select", *selection], project, warehouse, manifest)
        else:
            manifest, outcome = parse_project(project, warehouse)
            if manifest is not None:
                outcome = _state_build(project, warehouse, full=False, manifest=manifest)
        yield Rebuild(changed, outcome, time.perf_counter() - start)
        # Files saved while dbt ran are seen at the next poll.


def _snapshot(project: Path) -> dict[str, tuple[int, int]]:
    """Modification time and size of every watched file, by its path in the project."""
    files = {}
    for name in WATCHED:
        root = project / name
        paths = [root] if root.is_file() else sorted(root.rglob("*")) if root.is_dir() else []
        for path in paths:
            if path.is_file():
                stat = path.stat()
                files[path.relative_to(project).as_posix()] = (stat.st_mtime_ns, stat.st_size)
    return files
