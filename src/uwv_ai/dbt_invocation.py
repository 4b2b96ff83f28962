"""Run dbt commands in this process and condense their outcome into short messages.

Importing dbt costs about two seconds, so every dbt step of a build runs through one
dbtRunner in one process instead of one `dbt` process per step.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

# No network here: dbt must not try to send usage statistics.
os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")

_INPUT_ERROR = re.compile(r"(?:Invalid Input Error|Conversion Error|Binder Error): (.+)")


@dataclass
class DbtOutcome:
    """What a dbt invocation did: whether it succeeded and, if not, why, in short lines."""

    success: bool
    problems: list[str] = field(default_factory=list)
    nodes_run: int = 0


def run_dbt(args: Sequence[str], project: Path, warehouse: Path) -> DbtOutcome:
    """Run one dbt command against `warehouse` and release the DuckDB file afterwards."""
    from dbt.cli.main import dbtRunner

    env_before = os.environ.get("UWV_AI_WAREHOUSE")
    os.environ["UWV_AI_WAREHOUSE"] = str(warehouse)
    try:
        result = dbtRunner().invoke(
            [
                *args,
                "--project-dir",
                str(project),
                "--profiles-dir",
                str(project / "profiles"),
                # Problems are reported by this package in one line each; dbt's own
                # console output would repeat them once per failing node.
                "--log-level",
                "none",
            ]
        )
    finally:
        _release_duckdb()
        if env_before is None:
            os.environ.pop("UWV_AI_WAREHOUSE", None)
        else:
            os.environ["UWV_AI_WAREHOUSE"] = env_before
    return _summarise(result)


def _release_duckdb() -> None:
    """dbt-duckdb keeps its DuckDB instance open after a run; close it so the file is free."""
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    environment = DuckDBConnectionManager._ENV
    if environment is not None:
        environment.close()
        DuckDBConnectionManager._ENV = None


def _summarise(result) -> DbtOutcome:
    if result.exception is not None:
        return DbtOutcome(False, [_first_line(str(result.exception))])
    run_results = result.result
    if run_results is None or not hasattr(run_results, "results"):
        return DbtOutcome(bool(result.success))
    problems: list[str] = []
    for node_result in run_results.results:
        status = str(node_result.status)
        if status not in ("error", "fail"):
            continue
        problems.append(_describe(node_result, status))
    # The same input error surfaces in every node that reads the broken view: say it once.
    unique = list(dict.fromkeys(problems))
    return DbtOutcome(bool(result.success), unique, len(run_results.results))


def _describe(node_result, status: str) -> str:
    node = node_result.node
    message = node_result.message or ""
    match = _INPUT_ERROR.search(message)
    if match:
        return match.group(1).strip()
    if status == "fail":
        failures = node_result.failures or 0
        return f"{node.resource_type} {node.name} failed: {failures} failing row(s)"
    return f"{node.resource_type} {node.name}: {_first_line(message)}"


def _first_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    meaningful = [line for line in lines if not line.startswith(("Runtime Error", "Compilation"))]
    return (meaningful or lines or ["unknown error"])[0]
