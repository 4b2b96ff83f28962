"""`dbt build` of a candidate warehouse, run by `uwv-ai build` as a child process.

    python -m uwv_ai.dbt_child PROJECT CANDIDATE OUTCOME_JSON

The build's parent process checks the seeds meanwhile and kills this one if they are rejected.
The outcome (uwv_ai.dbt_invocation.DbtOutcome) is written as JSON to OUTCOME_JSON.
"""

from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import json
import signal
import sys
from pathlib import Path

from uwv_ai.build import remove_database
from uwv_ai.dbt_invocation import DbtOutcome, run_dbt


def main(argv: list[str]) -> int:
    project, candidate, outcome_file = (Path(arg) for arg in argv)
    _die_with_parent()
    try:
        outcome = run_dbt(["build"], project, candidate)
        if not outcome.success and outcome.nodes_run == 0:
            # Nothing ran: dbt failed while parsing. Partial parsing can keep stale references
            # after a renamed file; a full parse settles whether the project itself is broken.
            remove_database(candidate)
            outcome = run_dbt(["build", "--no-partial-parse"], project, candidate)
    except Exception as error:  # reported like any dbt failure, in one line
        outcome = DbtOutcome(False, [f"dbt build failed: {str(error).strip().splitlines()[0]}"])
    outcome_file.write_text(json.dumps(dataclasses.asdict(outcome)), encoding="utf-8")
    return 0


def _die_with_parent() -> None:
    """Linux: when the build process is killed, this child dies too (PR_SET_PDEATHSIG)."""
    # Elsewhere a killed build leaves dbt to finish; the next build cleans up after it.
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
