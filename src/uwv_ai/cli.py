"""The `uwv-ai` command.

Exit codes: 0 ok; 1 a gate inside the build failed (or the build could not run: the
environment, such as a warehouse folder we cannot write in); 2 bad usage or input (including
seeds the seed-file checks reject; nothing built from them is kept); 130 stopped by Ctrl-C and
143 by SIGTERM (the build's candidate is removed first); 141 when the reader of the output went
away (a closed pipe), without a message. Every error is one `error:` line.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from uwv_ai.paths import project_dir, published_warehouse

EXIT_OK = 0
EXIT_GATE_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141
EXIT_TERMINATED = 143


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        warehouse = (args.warehouse or published_warehouse()).resolve()
        if args.command in ("build", "rollback"):
            from uwv_ai.preflight import lock_timeout

            lock_timeout()  # a bad $UWV_AI_LOCK_TIMEOUT is refused before any waiting
        code = args.handler(args, warehouse)
        sys.stdout.flush()  # here, where a closed pipe can still be told apart
        return code
    except BrokenPipeError:
        # The reader went away (`uwv-ai status | head -1`): stop quietly, as `head`'s other
        # writers do (128 + SIGPIPE), and let nothing write to the closed pipe at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except KeyboardInterrupt as interrupt:
        # Ctrl-C (exit 130) or SIGTERM during a build (143, the shell's 128 + signal).
        from uwv_ai.build import Terminated

        name, code = (
            ("SIGTERM", EXIT_TERMINATED)
            if isinstance(interrupt, Terminated)
            else ("Ctrl-C", EXIT_INTERRUPTED)
        )
        print(f"error: stopped by {name}", file=sys.stderr)
        return code
    except Exception as error:  # the last resort: one line, never a traceback
        from uwv_ai.preflight import PreflightError

        if isinstance(error, PreflightError):
            print(f"error: {error}", file=sys.stderr)
            return error.exit_code
        message = " ".join(str(error).split())[:300] or "no message"
        print(
            f"error: unexpected {type(error).__name__}: {message}"
            " (dbt's log: build/dbt/logs/dbt.log)",
            file=sys.stderr,
        )
        return EXIT_GATE_FAILED


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="uwv-ai", description="Build and use the UWV AI employer survey warehouse."
    )
    parser.add_argument(
        "--warehouse",
        type=Path,
        help="the published warehouse file (default: $UWV_AI_WAREHOUSE or build/warehouse.duckdb)",
    )
    # --warehouse is also accepted after the command; SUPPRESS keeps a value given before it.
    shared = argparse.ArgumentParser(add_help=False)
    shared.add_argument("--warehouse", type=Path, default=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command")
    commands.add_parser(
        "build",
        parents=[shared],
        help="check the seeds, build, test and publish the warehouse if all gates pass",
    ).set_defaults(handler=_build)
    dev = commands.add_parser(
        "dev",
        help="edit loop: rebuild only what changed since the last dev build, in build/dev.duckdb"
        " (no contracts, nothing published)",
    )
    dev.add_argument("--full", action="store_true", help="rebuild everything")
    dev.add_argument(
        "--watch",
        action="store_true",
        help="keep running: rebuild what each saved change touches (Ctrl-C stops)",
    )
    dev.set_defaults(handler=_dev)
    commands.add_parser(
        "rollback", parents=[shared], help="swap the published warehouse with the previous one"
    ).set_defaults(handler=_rollback)
    commands.add_parser(
        "status",
        parents=[shared],
        help="which version is published, when, from what, with which gates",
    ).set_defaults(handler=_status)
    query = commands.add_parser(
        "query",
        parents=[shared],
        help="run one read-only SQL statement on the published warehouse",
        description="Run one SQL statement on the published warehouse and print its result."
        " The connection is read-only and sandboxed: no files other than the warehouse,"
        " no ATTACH, no extension install or load, no SET. SQL with several statements is"
        " refused (exit 2) before any of it runs.",
    )
    query.add_argument("sql", help="exactly one SQL statement (a trailing ; is fine)")
    query.add_argument("--format", choices=["table", "csv", "json"], default="table")
    query.set_defaults(handler=_query)
    commands.add_parser(
        "docs", parents=[shared], help="generate dbt's documentation site (one static HTML page)"
    ).set_defaults(handler=_docs)
    report = commands.add_parser(
        "report",
        parents=[shared],
        help="write the offline HTML report with the publication's charts (build/report/)",
    )
    report.add_argument("--output", type=Path, help="folder to write to (default build/report)")
    report.set_defaults(handler=_report)
    export = commands.add_parser(
        "export",
        parents=[shared],
        help=(
            "write Parquet, CSV and an Excel workbook of the marts and quality tables, with a"
            " datapackage.json (build/exports/)"
        ),
    )
    export.add_argument("--output", type=Path, help="folder to write to (default build/exports)")
    export.set_defaults(handler=_export)
    claims = commands.add_parser(
        "claims", parents=[shared], help="the report's claims checked against its tables"
    )
    claims.add_argument("--format", choices=["table", "csv", "json"], default="table")
    claims.set_defaults(handler=_claims)
    return parser


def _build(_args: argparse.Namespace, warehouse: Path) -> int:
    from uwv_ai.build import build
    from uwv_ai.publish import BuildLockTimeout

    print(f"building {warehouse} ...", file=sys.stderr)
    try:
        result = build(
            project_dir(), warehouse, report=lambda step: print(f"  {step} ...", file=sys.stderr)
        )
    except BuildLockTimeout as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_GATE_FAILED
    if not result.published:
        for problem in result.outcome.problems or ["dbt build failed"]:
            print(f"error: {problem}", file=sys.stderr)
        print("build failed: the published warehouse was not changed", file=sys.stderr)
        return EXIT_USAGE if result.input_rejected else EXIT_GATE_FAILED
    for warning in result.outcome.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(
        f"published {result.warehouse} ({result.outcome.nodes_run} dbt nodes passed)",
        file=sys.stderr,
    )
    _print_stale_outputs(warehouse)
    return EXIT_OK


def _dev(args: argparse.Namespace, _warehouse: Path) -> int:
    from uwv_ai.dev import dev_build, dev_warehouse
    from uwv_ai.preflight import check_project

    project = project_dir()
    check_project(project)
    if args.watch:
        if args.full:
            print("error: --full and --watch do not go together", file=sys.stderr)
            return EXIT_USAGE
        return _watch(project, dev_warehouse(project))
    outcome = dev_build(project, dev_warehouse(project), full=args.full)
    _print_dev_outcome(outcome, dev_warehouse(project))
    return _dev_exit_code(outcome)


def _watch(project: Path, warehouse: Path) -> int:
    """Rebuild after every saved change until Ctrl-C (which main turns into exit 130)."""
    from uwv_ai.dev import watch

    def ready() -> None:
        print(f"watching {project} for changes (Ctrl-C stops)", file=sys.stderr, flush=True)

    for rebuild in watch(project, warehouse, on_ready=ready):
        if rebuild.changed:
            shown = ", ".join(rebuild.changed[:5])
            more = len(rebuild.changed) - 5
            print(f"changed: {shown}{f' and {more} more' if more > 0 else ''}", file=sys.stderr)
        _print_dev_outcome(rebuild.outcome, warehouse, rebuild.seconds)
    return EXIT_OK  # not reached: watch runs until interrupted


def _print_dev_outcome(outcome, warehouse: Path, seconds: float | None = None) -> None:
    for problem in outcome.problems:
        print(f"error: {problem}", file=sys.stderr)
    for warning in outcome.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    took = f" in {seconds:.1f} s" if seconds is not None else ""
    verdict = "passed" if outcome.success else "FAILED"
    print(
        f"{verdict}: {outcome.nodes_run} dbt nodes run{took} in {warehouse}",
        file=sys.stderr,
        flush=True,
    )


def _dev_exit_code(outcome) -> int:
    if outcome.success:
        return EXIT_OK
    return EXIT_USAGE if outcome.input_rejected else EXIT_GATE_FAILED


def _rollback(_args: argparse.Namespace, warehouse: Path) -> int:
    from uwv_ai.publish import (
        BuildLockTimeout,
        InterruptedOperation,
        RecordError,
        UnverifiedVersion,
        build_lock,
        rollback,
    )

    waited = []

    def say_waiting() -> None:
        waited.append(True)
        print(f"waiting for a build or rollback of {warehouse} to finish ...", file=sys.stderr)

    try:
        with build_lock(warehouse, on_wait=say_waiting) as repaired:
            _print_repairs(repaired)
            record = rollback(warehouse)
    except FileNotFoundError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except (RecordError, UnverifiedVersion) as error:
        print(f"error: refusing to roll back: {error}; nothing was changed", file=sys.stderr)
        return EXIT_GATE_FAILED
    except (BuildLockTimeout, InterruptedOperation, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_GATE_FAILED
    # After a wait the previous version may be one the other build just displaced: name it.
    now = "now " if waited else ""
    print(
        f"rolled back {warehouse} {now}to the version published at"
        f" {record.get('published_at', 'an unknown time')} from commit"
        f" {record.get('git_commit') or 'unknown'} (sha256 {record['sha256'][:12]})",
        file=sys.stderr,
    )
    _print_stale_outputs(warehouse, record["sha256"])
    return EXIT_OK


def _print_stale_outputs(warehouse: Path, sha256: str | None = None) -> None:
    """Name the report or exports that show another version than the one now published."""
    from uwv_ai.derived import stale_outputs
    from uwv_ai.publish import read_status

    if sha256 is None:
        status = read_status(warehouse)
        if status is None:
            return
        sha256 = status["sha256"]
    for output in stale_outputs(project_dir(), sha256):
        print(f"note: {output.state(sha256)}", file=sys.stderr)


def _print_repairs(repaired: list[str]) -> None:
    for note in repaired:
        print(f"repaired: {note}", file=sys.stderr)


def _docs(_args: argparse.Namespace, warehouse: Path) -> int:
    import shutil

    from uwv_ai.dbt_invocation import run_dbt

    if not warehouse.exists():
        print(f"error: nothing is published at {warehouse}; run uwv-ai build", file=sys.stderr)
        return EXIT_USAGE
    project = project_dir()
    # dbt reads the catalog through a read-write connection: give it a copy, not the
    # published file that readers may hold open.
    copy = project / "build" / "docs.duckdb"
    copy.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(warehouse, copy)
    outcome = run_dbt(["docs", "generate", "--static"], project, copy)
    copy.unlink(missing_ok=True)
    if not outcome.success:
        for problem in outcome.problems:
            print(f"error: {problem}", file=sys.stderr)
        return EXIT_GATE_FAILED
    print(project / "build" / "dbt" / "target" / "static_index.html")
    return EXIT_OK


def _report(args: argparse.Namespace, warehouse: Path) -> int:
    from uwv_ai.report import write_report

    output = args.output or project_dir() / "build" / "report"
    return _write_output(lambda: write_report(warehouse, output), warehouse)


def _export(args: argparse.Namespace, warehouse: Path) -> int:
    from uwv_ai.export import export_warehouse

    output = args.output or project_dir() / "build" / "exports"
    return _write_output(lambda: export_warehouse(warehouse, output), warehouse)


def _write_output(write, warehouse: Path) -> int:
    """Run a writer of files derived from the published warehouse; print what it wrote."""
    import duckdb

    if not warehouse.exists():
        print(f"error: nothing is published at {warehouse}; run uwv-ai build", file=sys.stderr)
        return EXIT_USAGE
    try:
        written = write()
    except (duckdb.Error, OSError, ValueError) as error:
        message = str(error).strip().splitlines()[0]
        print(f"error: {message}", file=sys.stderr)
        return EXIT_GATE_FAILED
    print(written)
    return EXIT_OK


def _status(_args: argparse.Namespace, warehouse: Path) -> int:
    """Verify the published file against its record; exit 1 when they disagree."""
    from uwv_ai.derived import outputs
    from uwv_ai.publish import RecordError, UnverifiedVersion, previous_of, verified_record

    if warehouse.is_dir():
        print(f"error: {warehouse} is a directory, not a warehouse file", file=sys.stderr)
        return EXIT_USAGE
    if not warehouse.exists():
        print(f"error: nothing is published at {warehouse}", file=sys.stderr)
        return EXIT_USAGE
    settled = _settle_interrupted_operation(warehouse)
    try:
        status = verified_record(warehouse, warehouse)
    except (RecordError, UnverifiedVersion, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_GATE_FAILED
    print(f"{'warehouse:':20} {warehouse} ({warehouse.stat().st_size:,} bytes)")
    keys = ("sha256", "published_at", "git_commit", "seeds_sha256", "gates", "source_verification")
    for key in keys:
        print(f"{key + ':':20} {status.get(key, 'unknown')}")
    for warning in status.get("warnings", []):
        print(f"{'warning:':20} {warning}")
    print(f"{'previous:':20} {_describe_previous(warehouse, previous_of(warehouse))}")
    for output in outputs(project_dir()):
        print(f"{output.command + ':':20} {output.state(status['sha256'])}")
    return EXIT_OK if settled else EXIT_GATE_FAILED


def _describe_previous(warehouse: Path, previous: Path) -> str:
    from uwv_ai.publish import UnverifiedVersion, verified_record

    if not previous.exists():
        return "none"
    try:
        kept = verified_record(warehouse, previous)
    except (UnverifiedVersion, OSError) as error:
        return f"not a version rollback accepts ({error})"
    return f"published at {kept.get('published_at')}, gates {kept.get('gates')}"


def _settle_interrupted_operation(warehouse: Path) -> bool:
    """Finish or undo what a killed publish or rollback left, unless a build is running.

    Returns False when leftovers remain that no build or rollback in progress explains.
    """
    from uwv_ai.publish import BuildLockTimeout, InterruptedOperation, build_lock, leftovers

    if not leftovers(warehouse):
        return True
    try:
        with build_lock(warehouse, timeout_s=0) as repaired:
            _print_repairs(repaired)
    except BuildLockTimeout:
        names = ", ".join(path.name for path in leftovers(warehouse))
        print(f"note: a build or rollback of {warehouse} is in progress ({names})", file=sys.stderr)
    except (InterruptedOperation, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return False
    return True


def _query(args: argparse.Namespace, warehouse: Path) -> int:
    return _print_query(args.sql, args.format, warehouse)


def _claims(args: argparse.Namespace, warehouse: Path) -> int:
    sql = """
        select claim_id, status, claim_kind, figure, expected, observed, paraphrase_en
        from quality.claim_checks
        order by case status when 'mismatch' then 0 when 'match' then 2 else 1 end, claim_id
    """
    return _print_query(sql, args.format, warehouse)


def _print_query(sql: str, output: str, warehouse: Path) -> int:
    import duckdb

    from uwv_ai.read_only import open_read_only

    if not warehouse.exists():
        print(f"error: nothing is published at {warehouse}", file=sys.stderr)
        return EXIT_USAGE
    try:
        # Sandboxed (uwv_ai.read_only): the connection refuses writes, files other than the
        # warehouse, ATTACH, extensions and SET, whatever the SQL says.
        with open_read_only(warehouse) as connection:
            statements = connection.extract_statements(sql)
            if len(statements) != 1:
                print(f"error: {_not_one_statement(len(statements))}", file=sys.stderr)
                return EXIT_USAGE
            frame = connection.execute(statements[0]).df()
    except duckdb.Error as error:
        message = str(error).strip().splitlines()[0]
        print(f"error: {message}", file=sys.stderr)
        return EXIT_USAGE
    if output == "csv":
        sys.stdout.write(frame.to_csv(index=False))
    elif output == "json":
        sys.stdout.write(frame.to_json(orient="records", force_ascii=False) + "\n")
    else:
        sys.stdout.write(frame.to_string(index=False) + "\n")
    return EXIT_OK


def _not_one_statement(count: int) -> str:
    # Refused rather than run one by one: with several results only the last one printed,
    # so an earlier statement ran unseen (issue 11).
    if count == 0:
        return "no SQL statement given"
    return f"query runs one SQL statement; this SQL has {count} (run them one at a time)"


if __name__ == "__main__":
    sys.exit(main())
