"""Run dbt commands in this process and condense their outcome into short messages.

Importing dbt costs about two seconds, so every dbt step runs through one dbtRunner in this
process instead of one `dbt` process per step.

Input problems (a seed a maintainer must fix) are told apart from failed invariants: their
messages start with the seed file's path (raised by the on-run-start seed-file check or by
DuckDB's error() in a model), or they come from a data test tagged `input`, whose failing
rows carry the message in a `problem` column. `uwv-ai build` exits 2 for those, 1 otherwise.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dbt.contracts.graph.manifest import Manifest

# No network here: dbt must not try to send usage statistics.
os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")

# The environment variable the dbt profile reads for the database file (profiles/profiles.yml).
DATABASE_ENV = "UWV_AI_DBT_DATABASE"
INPUT_TAG = "input"
_INPUT_ERROR = re.compile(r"(?:Invalid Input Error|Conversion Error|Binder Error): (.+)")
# A failed test lists at most this many of its problems; the rest are counted.
_PROBLEMS_SHOWN = 20
# DuckDB's errors reading a CSV file name it so (its own line numbers count records).
_CSV_FILE_ERROR = re.compile(
    r'(?:Error when sniffing file "([^"\n]+\.csv)"'
    r"|^(seeds/[^:]+\.csv): (?:not a well-formed CSV file|column))"
)
# Messages quote values; a value beyond 200 characters is cut, and a line beyond 1,000.
_LONG_QUOTED = re.compile(r'"([^"]{200})[^"]{2,}"')
_LONGEST_LINE = 1000
# Where dbt writes its artifacts and its partial-parse state, relative to the project. Plain
# dbt and `uwv-ai dev` use TARGET; `uwv-ai build` has its own, so that a plain dbt run in
# between (its profile names dev.duckdb, not the candidate) does not cost the next build a full
# parse, and so that the export reads the manifest of the build that published.
TARGET = Path("build") / "dbt" / "target"
PUBLISH_TARGET = Path("build") / "dbt" / "publish"
# dbt's file log: warnings and errors, unless DBT_LOG_LEVEL_FILE says otherwise. Each line
# written costs dbt about 0.2 ms of formatting and secret scrubbing (info: ~2,000 lines, about
# 0.5 s a build); run_results.json keeps every node's status and timing.
_LOG_LEVEL_FILE = "warn"


# Told when dbt starts a node: its index, the number of nodes, and dbt's description of it.
NodeStarted = Callable[[int, int, str], None]


@dataclass
class DbtOutcome:
    """What a dbt invocation did: whether it succeeded and, if not, why, in short lines."""

    success: bool
    problems: list[str] = field(default_factory=list)
    nodes_run: int = 0
    warnings: list[str] = field(default_factory=list)
    # True when a problem is in the input (seeds), not in an invariant of the data.
    input_rejected: bool = False


def run_dbt(
    args: Sequence[str],
    project: Path,
    database: Path,
    manifest: Manifest | None = None,
    target: Path = TARGET,
    on_node: NodeStarted | None = None,
) -> DbtOutcome:
    """Run one dbt command against the DuckDB file `database` and release it afterwards.

    With `manifest` (from `parse_project`), dbt does not parse the project again; `target` is
    the artifacts' folder, relative to the project; `on_node(index, total, description)` is
    called as dbt starts each node (for a progress display)."""
    result = _invoke(args, project, database, manifest, target, on_node)
    return _outcome(result, project, database)


def parse_project(project: Path, database: Path) -> tuple[Manifest | None, DbtOutcome]:
    """The project's manifest (dbt parse, partial where it can), or None and why not."""
    result = _invoke(["parse"], project, database, None, TARGET)
    outcome = _outcome(result, project, database)
    if outcome.success and result.result is not None:
        return result.result, outcome
    outcome.success = False
    return None, outcome


def _outcome(result, project: Path, database: Path) -> DbtOutcome:
    if isinstance(result.exception, KeyboardInterrupt):
        # Ctrl-C or SIGTERM (uwv_ai.build turns it into a KeyboardInterrupt): dbt stopped its
        # nodes; the caller cleans up and exits.
        raise result.exception
    outcome, failed_tests = _summarise(result, project)
    _add_failing_rows(outcome, failed_tests, database)
    outcome.problems = [
        _readable(_locate_csv_error(problem, project)) for problem in outcome.problems
    ]
    outcome.input_rejected = any(test.is_input for test in failed_tests.values()) or any(
        problem.startswith("seeds/") for problem in outcome.problems
    )
    return outcome


def _invoke(
    args: Sequence[str],
    project: Path,
    database: Path,
    manifest: Manifest | None,
    target: Path,
    on_node: NodeStarted | None = None,
):
    from dbt.cli.main import dbtRunner

    if manifest is not None:
        _forget_compilation(manifest)

    env_before = os.environ.get(DATABASE_ENV)
    os.environ[DATABASE_ENV] = str(database)
    try:
        callbacks = [*_fault_injection(), *_progress(on_node)]
        return dbtRunner(manifest=manifest, callbacks=callbacks).invoke(
            [
                *args,
                "--project-dir",
                str(project),
                "--profiles-dir",
                str(project / "profiles"),
                "--target-path",
                str(project / target),
                "--log-path",
                str(project / "build" / "dbt" / "logs"),
                # Problems are reported by this package in one line each; dbt's own
                # console output would repeat them once per failing node. The file log
                # (build/dbt/logs/dbt.log) keeps dbt's warnings and errors.
                "--log-level",
                "none",
                "--log-level-file",
                os.environ.get("DBT_LOG_LEVEL_FILE") or _LOG_LEVEL_FILE,
            ]
        )
    finally:
        _release_duckdb()
        if env_before is None:
            os.environ.pop(DATABASE_ENV, None)
        else:
            os.environ[DATABASE_ENV] = env_before


def _forget_compilation(manifest: Manifest) -> None:
    """Let dbt compile every node again when it runs on a manifest it has run before: dbt
    marks a node whose ephemeral models it has inlined and, seeing the mark, would not inline
    them into the freshly rendered SQL ("Table with name __dbt__cte__… does not exist")."""
    for node in [*manifest.nodes.values(), *manifest.unit_tests.values()]:
        # (A field of compiled nodes; seeds have a read-only property of that name.)
        if "extra_ctes_injected" in getattr(node, "__dataclass_fields__", {}):
            node.compiled = False
            node.extra_ctes_injected = False
            node.extra_ctes = []
            node._pre_injected_sql = None


def _fault_injection() -> list:
    """With UWV_AI_STOP_AT=dbt-node the process stops itself (SIGSTOP) when dbt finishes its
    first node, so a test can interrupt a build in the middle of dbt, whatever the machine's
    speed (as uwv_ai.build's stop points do between steps)."""
    if os.environ.get("UWV_AI_STOP_AT") != "dbt-node":
        return []
    from uwv_ai.fault_injection import stop_here_if_asked

    def stop_after_first_node(event) -> None:
        if event.info.name == "NodeFinished" and not stopped:
            stopped.append(True)
            stop_here_if_asked("dbt-node")

    stopped: list[bool] = []
    return [stop_after_first_node]


def _progress(on_node: NodeStarted | None) -> list:
    """dbt's "3 of 97 START ..." lines (which --log-level none keeps off the console) as calls
    of `on_node(3, 97, "sql view model staging.x")`."""
    if on_node is None:
        return []

    def started(event) -> None:
        if event.info.name == "LogStartLine":
            on_node(event.data.index, event.data.total, event.data.description)

    return [started]


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


def _locate_csv_error(problem: str, project: Path) -> str:
    """DuckDB's CSV reader, meeting a malformed seed (a row with too many or too few fields,
    an unclosed quote), names the file at best and never the line, or takes a later row for
    the header (the seed-file hook then reports columns): find the line."""
    match = _CSV_FILE_ERROR.search(problem)
    if not match:
        return problem
    path = Path(match.group(1) or match.group(2))
    if not path.is_absolute():
        path = project / path
    seeds = (project / "seeds").resolve()
    if not path.resolve().is_relative_to(seeds):
        return problem
    relative = path.resolve().relative_to(seeds.parent).as_posix()
    malformed = _malformed_csv_line(path)
    if malformed:
        return relative + malformed
    # Every row has the header's length: a header problem stands as the hook worded it.
    return f"{relative}: not a well-formed CSV file" if match.group(1) else problem


def _malformed_csv_line(path: Path) -> str | None:
    """' line N: <what is wrong>' for the first malformed record of a CSV file, or None."""
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError:
        return None
    with handle:
        reader = csv.reader(handle, strict=True)
        header_fields = None
        line = 1
        try:
            for row in reader:
                if header_fields is None:
                    header_fields = len(row)
                elif len(row) != header_fields:
                    return (
                        f" line {line}: {len(row)} fields, the header has {header_fields}"
                        " (a missing or extra comma, or a value with a comma not in quotes)"
                    )
                line = reader.line_num + 1
        except UnicodeDecodeError:
            return None
        except csv.Error as error:
            return f" line {line}: {error} (a quote opened and not closed?)"
    return None


def _readable(problem: str) -> str:
    """One line of readable length: long quoted values are cut, line breaks become spaces."""
    problem = _LONG_QUOTED.sub(
        lambda match: f'"{match.group(1)}…" ({len(match.group(0)) - 2} characters)', problem
    )
    problem = " ".join(problem.split())
    if len(problem) > _LONGEST_LINE:
        problem = problem[:_LONGEST_LINE] + f"… ({len(problem)} characters)"
    return problem


def _first_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    meaningful = [line for line in lines if not line.startswith(("Runtime Error", "Compilation"))]
    return (meaningful or lines or ["unknown error"])[0]
