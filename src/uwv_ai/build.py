"""Build the warehouse into a scratch file and publish it only when every gate passed.

Gates: the seed contract (Great Expectations on the seed files), `dbt build` (parsing, keys,
relationships, sums, round trip, claims), the mart contract (Great Expectations on the
candidate). Data Docs of both contracts go to build/gx/.

The seed contract and `dbt build` run at the same time, dbt in a child process: they read the
same seed files and neither writes anything the other reads, and on two cores this takes the
seed contract (Great Expectations' import alone is ~4.5 s) off the build's critical path. When
the seed contract rejects the input, the child is killed and its candidate removed, so bad
input is reported as before and nothing built from it survives.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from uwv_ai.dbt_invocation import DbtOutcome
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
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    candidate = warehouse.with_name(warehouse.name + ".candidate")
    remove_database(candidate)
    report("running dbt build (seeds, models, tests, claims) and checking the seeds")
    dbt_build = _DbtBuildProcess(project, candidate)
    try:
        seed_problems = run_suites(seed_suites(project), docs_dir / "seeds")
    except SeedError as error:
        seed_problems = [str(error)]
    except BaseException:
        dbt_build.kill()
        raise
    if seed_problems:
        dbt_build.kill()
        remove_database(candidate)
        return BuildResult(False, warehouse, DbtOutcome(False, seed_problems), input_rejected=True)
    outcome = dbt_build.result()
    _stop_here_if_asked("gates")
    if outcome.success:
        report("checking the marts (Great Expectations)")
        outcome.problems.extend(run_suites(mart_suites(candidate), docs_dir / "marts"))
        outcome.success = not outcome.problems
    if not outcome.success:
        remove_database(candidate)
        return BuildResult(False, warehouse, outcome)
    if publish_result:
        _stop_here_if_asked("publish")
        publish(candidate, warehouse, build_status(project, outcome.warnings))
        remove_database(candidate)
    return BuildResult(publish_result, warehouse if publish_result else candidate, outcome)


class _DbtBuildProcess:
    """`dbt build` of the candidate in a child process (`python -m uwv_ai.dbt_child`).

    A plain subprocess, not multiprocessing: its spawn method re-imports the caller's
    __main__, which would start a second build from any script without a __main__ guard.
    """

    def __init__(self, project: Path, candidate: Path) -> None:
        self._outcome_file = candidate.with_name(candidate.name + ".outcome.json")
        self._outcome_file.unlink(missing_ok=True)
        command = [sys.executable, "-m", "uwv_ai.dbt_child"]
        command += [str(project), str(candidate), str(self._outcome_file)]
        self._process = subprocess.Popen(command, stdin=subprocess.DEVNULL)

    def result(self) -> DbtOutcome:
        self._process.wait()
        try:
            outcome = DbtOutcome(**json.loads(self._outcome_file.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            exit_code = self._process.returncode
            outcome = DbtOutcome(False, [f"dbt build stopped without a result (exit {exit_code})"])
        self._outcome_file.unlink(missing_ok=True)
        return outcome

    def kill(self) -> None:
        self._process.kill()
        self._process.wait()
        self._outcome_file.unlink(missing_ok=True)


def _stop_here_if_asked(step: str) -> None:
    """A fault-injection point: with UWV_AI_STOP_AT=<step> the build stops itself (SIGSTOP)
    when it reaches `step`, so a test can kill it exactly there, whatever the machine's speed.
    """
    if os.environ.get("UWV_AI_STOP_AT") == step:
        os.kill(os.getpid(), signal.SIGSTOP)


def remove_database(path: Path) -> None:
    for leftover in (path, path.with_name(path.name + ".wal")):
        leftover.unlink(missing_ok=True)
