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
    warnings: list[str] = field(default_factory=list)


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
                "--target-path",
                str(project / "build" / "dbt" / "target"),
                "--log-path",
                str(project / "build" / "dbt" / "logs"),
                # Problems are reported by this package in one line each; dbt's own
                # console output would repeat them once per failing node. The file log
                # (build/dbt/logs/dbt.log) keeps dbt's account for when that is not enough.
                "--log-level",
                "none",
                "--log-level-file",
                "info",
            ]
        )
    finally:
        _release_duckdb()
        if env_before is None:
            os.environ.pop("UWV_AI_WAREHOUSE", None)
        else:
            os.environ["UWV_AI_WAREHOUSE"] = env_before
    outcome, failed_tests = _summarise(result)
    _add_failing_examples(outcome, failed_tests, warehouse)
    return outcome


def _release_duckdb() -> None:
    """dbt-duckdb keeps its DuckDB instance open after a run; close it so the file is free."""
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    environment = DuckDBConnectionManager._ENV
    if environment is not None:
        environment.close()
        DuckDBConnectionManager._ENV = None


def _summarise(result) -> tuple[DbtOutcome, dict[int, str]]:
    """The outcome, and the compiled SQL of each failed data test by its problem's index."""
    if result.exception is not None:
        return DbtOutcome(False, [_first_line(str(result.exception))]), {}
    run_results = result.result
    if run_results is None or not hasattr(run_results, "results"):
        return DbtOutcome(bool(result.success)), {}
    outcome = DbtOutcome(bool(result.success), nodes_run=len(run_results.results))
    failed_tests: dict[int, str] = {}
    for node_result in run_results.results:
        status = str(node_result.status)
        if status == "warn":
            rows = node_result.failures or 0
            outcome.warnings.append(f"{node_result.node.name}: {rows} row(s)")
        if status not in ("error", "fail"):
            continue
        problem = _describe(node_result, status)
        # The same input error surfaces in every node that reads the broken view: say it once.
        if problem in outcome.problems:
            continue
        if status == "fail" and getattr(node_result.node, "compiled_code", None):
            failed_tests[len(outcome.problems)] = node_result.node.compiled_code
        outcome.problems.append(problem)
    return outcome, failed_tests


def _add_failing_examples(outcome: DbtOutcome, failed_tests: dict[int, str], warehouse: Path):
    """Append the first failing row of each failed test, so the message names the cell."""
    if not failed_tests or not warehouse.exists():
        return
    import duckdb

    with duckdb.connect(str(warehouse), read_only=True) as connection:
        for index, sql in failed_tests.items():
            try:
                cursor = connection.execute(f"select * from ({sql}) as failing limit 1")
                row = cursor.fetchone()
                columns = [column[0] for column in cursor.description]
            except duckdb.Error:
                continue
            if row is not None:
                example = ", ".join(f"{c}={v}" for c, v in zip(columns, row, strict=True))
                outcome.problems[index] += f"; first: {example}"


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
