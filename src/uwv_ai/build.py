"""Build the warehouse into a scratch file and publish it only when every gate passed."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from uwv_ai.dbt_invocation import DbtOutcome, run_dbt


@dataclass
class BuildResult:
    """The outcome of a build: whether it was published and what stopped it if not."""

    published: bool
    warehouse: Path
    outcome: DbtOutcome


def build(project: Path, warehouse: Path, publish: bool = True) -> BuildResult:
    """Run `dbt build` (seeds, models, unit and data tests) into a scratch file.

    The published file is replaced, with an atomic rename, only when the build passed;
    a failed build leaves it untouched.
    """
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    candidate = warehouse.with_name(warehouse.name + ".candidate")
    _remove_database(candidate)
    outcome = run_dbt(["build"], project, candidate)
    if not outcome.success and outcome.nodes_run == 0:
        # Nothing ran: dbt failed while parsing. Partial parsing can keep stale references
        # after a renamed file; a full parse settles whether the project itself is broken.
        _remove_database(candidate)
        outcome = run_dbt(["build", "--no-partial-parse"], project, candidate)
    if not outcome.success:
        _remove_database(candidate)
        return BuildResult(False, warehouse, outcome)
    if publish:
        os.replace(candidate, warehouse)
        _remove_database(candidate)
    return BuildResult(publish, warehouse if publish else candidate, outcome)


def _remove_database(path: Path) -> None:
    for leftover in (path, path.with_name(path.name + ".wal")):
        leftover.unlink(missing_ok=True)
