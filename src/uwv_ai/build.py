"""Build the warehouse into a candidate file and publish it only when `dbt build` passed.

`dbt build` is the one gate: it checks the seed files (an on-run-start hook), loads and
parses them, and runs every data test. This module adds no data check of its own; it points
dbt at a candidate file beside the published one and, when every node passed, publishes the
candidate by rename (uwv_ai.publish). A failed build leaves the published file untouched.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from uwv_ai.dbt_invocation import PUBLISH_TARGET, DbtOutcome, NodeStarted, run_dbt
from uwv_ai.fault_injection import stop_here_if_asked as _stop_here_if_asked
from uwv_ai.preflight import check_before_build, lock_timeout
from uwv_ai.publish import build_lock, build_status, publish

# The publication's extracted text: when set, the build checks every seed row against it.
SOURCE_TEXT_ENV = "UWV_AI_SOURCE_TEXT"


@dataclass
class BuildResult:
    """The outcome of a build: whether it was published and what stopped it if not."""

    published: bool
    warehouse: Path
    outcome: DbtOutcome

    @property
    def input_rejected(self) -> bool:
        """True when the seeds are at fault (exit 2), not an invariant of the data (exit 1)."""
        return self.outcome.input_rejected


def build(
    project: Path,
    warehouse: Path,
    publish_result: bool = True,
    report: Callable[[str], None] = lambda _message: None,
    on_node: NodeStarted | None = None,
) -> BuildResult:
    """Run `dbt build` into a candidate file and publish it if every node passed.

    The published file is replaced, with an atomic rename, only when the build passed;
    a failed build leaves it untouched. Builds of the same warehouse take turns (a lock).
    `report` is told each step as it starts, `on_node` each dbt node.
    """
    check_before_build(project, warehouse)
    with _sigterm_as_interrupt(), build_lock(warehouse, lock_timeout()):
        try:
            return _build(project, warehouse, publish_result, report, on_node)
        except KeyboardInterrupt:
            # Ctrl-C or SIGTERM: the candidate is this build's alone (we hold the lock); a
            # published candidate was renamed away and is not touched.
            remove_database(warehouse.with_name(warehouse.name + ".candidate"))
            raise


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C's KeyboardInterrupt so that dbt stops its nodes the same way
    (dbt treats any other exception in a node as that node's error and carries on)."""


@contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers can only be set from the main thread
        return

    def interrupt(_signum, _frame):
        raise Terminated

    before = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, before)


def _build(
    project: Path,
    warehouse: Path,
    publish_result: bool,
    report: Callable[[str], None],
    on_node: NodeStarted | None,
) -> BuildResult:
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    candidate = warehouse.with_name(warehouse.name + ".candidate")
    remove_database(candidate)
    # Without the text, the data test assert_seeds_match_the_source_text warns that the seeds
    # were not verified (and the status records it).
    source_text = os.environ.get(SOURCE_TEXT_ENV) or None
    report("running dbt build (seed files, seeds, models, every data test)")
    outcome = _run_build(project, candidate, on_node)
    _stop_here_if_asked("gates")
    if not outcome.success:
        remove_database(candidate)
        return BuildResult(False, warehouse, outcome)
    if publish_result:
        _stop_here_if_asked("publish")
        report("publishing")
        publish(candidate, warehouse, build_status(project, outcome.warnings, source_text))
        remove_database(candidate)
    return BuildResult(publish_result, warehouse if publish_result else candidate, outcome)


# Unit tests check the models' SQL on fixed inputs, not the data: their outcome is the
# commit's, which CI settles (plain `dbt build` and `uwv-ai dev` run them), so publishing does
# not pay for them again (dbt's own advice for production builds).
BUILD = ["build", "--exclude-resource-type", "unit_test"]


def _run_build(project: Path, candidate: Path, on_node: NodeStarted | None) -> DbtOutcome:
    outcome = run_dbt(BUILD, project, candidate, target=PUBLISH_TARGET, on_node=on_node)
    if not outcome.success and outcome.nodes_run == 0 and not outcome.input_rejected:
        # Nothing ran: dbt failed while parsing. Partial parsing can keep stale references
        # after a renamed file; a full parse settles whether the project itself is broken.
        remove_database(candidate)
        outcome = run_dbt(
            [*BUILD, "--no-partial-parse"],
            project,
            candidate,
            target=PUBLISH_TARGET,
            on_node=on_node,
        )
    return outcome


def remove_database(path: Path) -> None:
    for leftover in (path, path.with_name(path.name + ".wal")):
        leftover.unlink(missing_ok=True)
