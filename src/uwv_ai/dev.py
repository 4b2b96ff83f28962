"""The maintainer's edit loop: rebuild only what an edit touches, in a development warehouse.

`uwv-ai dev` runs `dbt build --select state:modified+` against the manifest of its previous
successful run, in `build/dev.duckdb` (the database plain dbt builds too): after one seed
cell changes, dbt rebuilds that seed and what depends on it and runs their tests, nothing
else. The first run (or `--full`) builds everything. Nothing is published here: `uwv-ai
build` runs the same checks on everything and publishes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from uwv_ai.dbt_invocation import DbtOutcome, run_dbt


def dev_warehouse(project: Path) -> Path:
    return project / "build" / "dev.duckdb"


def dev_build(project: Path, warehouse: Path, full: bool = False) -> DbtOutcome:
    """Build what changed since the last successful dev build (everything the first time)."""
    state = project / "build" / "dbt" / "dev-state"
    incremental = not full and (state / "manifest.json").is_file() and warehouse.is_file()
    selection = ["--select", "state:modified+", "--state", str(state)] if incremental else []
    outcome = run_dbt(["build", *selection], project, warehouse)
    if outcome.success:
        # The state to compare with next time is what is now in the dev warehouse.
        state.mkdir(parents=True, exist_ok=True)
        target = project / "build" / "dbt" / "target" / "manifest.json"
        shutil.copy2(target, state / "manifest.json")
    return outcome
