"""Build the warehouse into a scratch file and publish it only when every gate passed.

Gates, in order: the seed contract (Great Expectations, before dbt loads anything), `dbt
build` (parsing, keys, relationships, sums, round trip, claims), the mart contract (Great
Expectations on the candidate). Data Docs of both contracts go to build/gx/.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from uwv_ai.dbt_invocation import DbtOutcome, run_dbt
from uwv_ai.publish import build_lock, build_status, publish


@dataclass
class BuildResult:
    """The outcome of a build: whether it was published and what stopped it if not."""

    published: bool
    warehouse: Path
    outcome: DbtOutcome
    # True when the seed contract rejected the input before anything was built.
    input_rejected: bool = False


def build(
    project: Path,
    warehouse: Path,
    publish_result: bool = True,
    report: Callable[[str], None] = lambda _message: None,
) -> BuildResult:
    """Validate the seeds, run `dbt build` into a scratch file, validate the marts, publish.

    The published file is replaced, with an atomic rename, only when every gate passed;
    a failed build leaves it untouched. Builds of the same warehouse take turns (a lock).
    """
    with build_lock(warehouse):
        return _build(project, warehouse, publish_result, report)


def _build(
    project: Path, warehouse: Path, publish_result: bool, report: Callable[[str], None]
) -> BuildResult:
    from uwv_ai.gx_validation import run_suites
    from uwv_ai.mart_contract import mart_suites
    from uwv_ai.seed_contract import SeedError, seed_suites

    docs_dir = project / "build" / "gx"
    report("checking the seeds (Great Expectations)")
    try:
        seed_problems = run_suites(seed_suites(project), docs_dir / "seeds")
    except SeedError as error:
        seed_problems = [str(error)]
    if seed_problems:
        return BuildResult(False, warehouse, DbtOutcome(False, seed_problems), input_rejected=True)

    warehouse.parent.mkdir(parents=True, exist_ok=True)
    candidate = warehouse.with_name(warehouse.name + ".candidate")
    _remove_database(candidate)
    report("running dbt build (seeds, models, tests, claims)")
    outcome = run_dbt(["build"], project, candidate)
    if not outcome.success and outcome.nodes_run == 0:
        # Nothing ran: dbt failed while parsing. Partial parsing can keep stale references
        # after a renamed file; a full parse settles whether the project itself is broken.
        _remove_database(candidate)
        outcome = run_dbt(["build", "--no-partial-parse"], project, candidate)
    if outcome.success:
        report("checking the marts (Great Expectations)")
        outcome.problems.extend(run_suites(mart_suites(candidate), docs_dir / "marts"))
        outcome.success = not outcome.problems
    if not outcome.success:
        _remove_database(candidate)
        return BuildResult(False, warehouse, outcome)
    if publish_result:
        publish(candidate, warehouse, build_status(project, outcome.warnings))
        _remove_database(candidate)
    return BuildResult(publish_result, warehouse if publish_result else candidate, outcome)


def _remove_database(path: Path) -> None:
    for leftover in (path, path.with_name(path.name + ".wal")):
        leftover.unlink(missing_ok=True)
