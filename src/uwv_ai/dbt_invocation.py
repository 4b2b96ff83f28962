"""Run dbt commands in this process and condense their outcome into short messages.

Importing dbt costs about two seconds, so every dbt step runs through one dbtRunner in this
process instead of one `dbt` process per step.

Input problems (a seed a maintainer must fix) are told apart from failed invariants: their
messages start with the seed file's path (raised by the on-run-start seed-file check or by
DuckDB's error() in a model), or they come from a data test tagged `input`, whose failing
rows carry the message in a `problem` column. `uwv-ai build` exits 2 for those, 1 otherwise.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

# No network here: dbt must not try to send usage statistics.
os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")

# The environment variable the dbt profile reads for the database file (profiles/profiles.yml).
DATABASE_ENV = "UWV_AI_DBT_DATABASE"
INPUT_TAG = "input"
_INPUT_ERROR = re.compile(r"(?:Invalid Input Error|Conversion Error|Binder Error): (.+)")
# A failed test lists at most this many of its problems; the rest are counted.
_PROBLEMS_SHOWN = 20


@dataclass
class DbtOutcome:
    """What a dbt invocation did: whether it succeeded and, if not, why, in short lines."""

    success: bool
    problems: list[str] = field(default_factory=list)
    nodes_run: int = 0
    warnings: list[str] = field(default_factory=list)
    # True when a problem is in the input (seeds), not in an invariant of the data.
    input_rejected: bool = False


def run_dbt(args: Sequence[str], project: Path, database: Path) -> DbtOutcome:
    """Run one dbt command against the DuckDB file `database` and release it afterwards."""
    from dbt.cli.main import dbtRunner

    env_before = os.environ.get(DATABASE_ENV)
    os.environ[DATABASE_ENV] = str(database)
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
            os.environ.pop(DATABASE_ENV, None)
        else:
            os.environ[DATABASE_ENV] = env_before
    outcome, failed_tests = _summarise(result, project)
    _add_failing_rows(outcome, failed_tests, database)
    outcome.input_rejected = any(test.is_input for test in failed_tests.values()) or any(
        problem.startswith("seeds/") for problem in outcome.problems
    )
    return outcome


def _release_duckdb() -> None:
    """dbt-duckdb keeps its DuckDB instance open after a run; close it so the file is free."""
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    environment = DuckDBConnectionManager._ENV
    if environment is not None:
        environment.close()
        DuckDBConnectionManager._ENV = None


@dataclass
class _FailedTest:
    sql: str
    is_input: bool


def _summarise(result, project: Path) -> tuple[DbtOutcome, dict[int, _FailedTest]]:
    """The outcome, and each failed data test (its compiled SQL) by its problem's index."""
    if result.exception is not None:
        return DbtOutcome(False, [_exception_message(result.exception, project)]), {}
    run_results = result.result
    if run_results is None or not hasattr(run_results, "results"):
        return DbtOutcome(bool(result.success)), {}
    outcome = DbtOutcome(bool(result.success), nodes_run=len(run_results.results))
    failed_tests: dict[int, _FailedTest] = {}
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
            is_input = INPUT_TAG in (node_result.node.tags or [])
            failed_tests[len(outcome.problems)] = _FailedTest(
                node_result.node.compiled_code, is_input
            )
        outcome.problems.append(problem)
    return outcome, failed_tests


def _add_failing_rows(
    outcome: DbtOutcome, failed_tests: dict[int, _FailedTest], database: Path
) -> None:
    """Name the failing cells: an input test's `problem` lines replace its summary; other
    tests get their first failing row appended."""
    if not failed_tests or not database.exists():
        return
    import duckdb

    replacements: dict[int, list[str]] = {}
    with duckdb.connect(str(database), read_only=True) as connection:
        for index, test in failed_tests.items():
            try:
                cursor = connection.execute(f"select * from ({test.sql}) as failing")
                columns = [column[0] for column in cursor.description]
                rows = cursor.fetchmany(_PROBLEMS_SHOWN + 1)
            except duckdb.Error:
                continue
            if not rows:
                continue
            if "problem" in columns:
                at = columns.index("problem")
                lines = [str(row[at]) for row in rows[:_PROBLEMS_SHOWN]]
                if len(rows) > _PROBLEMS_SHOWN:
                    lines.append(f"... and more: {outcome.problems[index]}")
                replacements[index] = lines
            else:
                example = ", ".join(f"{c}={v}" for c, v in zip(columns, rows[0], strict=True))
                outcome.problems[index] += f"; first: {example}"
    for index in sorted(replacements, reverse=True):
        outcome.problems[index : index + 1] = replacements[index]


def _describe(node_result, status: str) -> str:
    node = node_result.node
    message = node_result.message or ""
    match = _INPUT_ERROR.search(message)
    if match:
        return match.group(1).strip()
    if status == "fail":
        # dbt's own words ("Got 3 results, configured to fail if != 0"), as plain dbt says them.
        return f"{node.resource_type} {node.name} failed: {_first_line(message)}"
    return f"{node.resource_type} {node.name}: {_first_line(message)}"


def _exception_message(exception: BaseException, project: Path) -> str:
    if isinstance(exception, UnicodeDecodeError):
        # dbt's parser reads every seed as UTF-8 before anything runs, and its error names
        # no file: find the file and line it stopped at.
        located = _locate_invalid_utf8(project)
        if located:
            return located
    return _first_line(str(exception))


def _locate_invalid_utf8(project: Path) -> str | None:
    for path in sorted((project / "seeds").rglob("*.csv")):
        content = path.read_bytes()
        try:
            content.decode("utf-8")
        except UnicodeDecodeError as error:
            line = content[: error.start].count(b"\n") + 1
            relative = path.relative_to(project).as_posix()
            return f"{relative} line {line}: not UTF-8 ({error.reason}); save the file as UTF-8"
    return None


def _first_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    meaningful = [line for line in lines if not line.startswith(("Runtime Error", "Compilation"))]
    return (meaningful or lines or ["unknown error"])[0]
