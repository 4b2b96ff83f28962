"""The `uwv-ai` command (built on click; `uwv-ai --help` lists the commands).

Exit codes: 0 ok; 1 a gate inside the build failed (or the build could not run: the
environment, such as a warehouse folder we cannot write in); 2 bad usage or input (including
seeds the seed-file checks reject; nothing built from them is kept); 130 stopped by Ctrl-C and
143 by SIGTERM (the build's candidate is removed first); 141 when the reader of the output went
away (a closed pipe), without a message. Every error starts with one `error:` line; `query`
adds the rest of DuckDB's message (its hint, the caret under the SQL) below it.

Start-up matters (`uwv-ai query` is used like the DuckDB CLI): this module imports only click
and the standard library; each command imports what it needs (dbt, pandas and plotly never
load for `query`, `status` or `claims`).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import click

from uwv_ai.paths import project_dir, published_warehouse

EXIT_OK = 0
EXIT_GATE_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141
EXIT_TERMINATED = 143

# Shell completion: click answers when the shell sets this variable (`uwv-ai completion`).
COMPLETE_VAR = "_UWV_AI_COMPLETE"
SHELLS = ("bash", "zsh", "fish")
# The data test that lists the contradictions the project knows of and explains: it warns by
# design, so its rows are information, not a warning (see `uwv-ai claims --known`).
KNOWN_CONTRADICTIONS_TEST = "warn_known_claim_discrepancies"
# The data test that checks the seeds against the publication's text warns when it has none.
SOURCE_TEXT_TEST = "assert_seeds_match_the_source_text"
_CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
_WAREHOUSE_KEY = "uwv_ai.warehouse"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else list(argv)
    if COMPLETE_VAR in os.environ:
        return _complete(args)
    try:
        code = _run(args)
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


def _run(args: list[str]) -> int:
    """Parse `args` and run the command; usage errors become one `error:` line and exit 2.

    (click's own `main` would print usage errors on three lines and turn Ctrl-C into an
    exception of its own; the exit codes above are ours.)"""
    try:
        with cli.make_context("uwv-ai", args) as context:
            return cli.invoke(context)
    except click.exceptions.Exit as done:  # --help, --version
        return done.exit_code
    except click.UsageError as error:
        where = error.ctx.command_path if error.ctx is not None else "uwv-ai"
        message = " ".join(error.format_message().split())
        print(f"error: {message} (see {where} --help)", file=sys.stderr)
        return EXIT_USAGE
    except click.ClickException as error:
        print(f"error: {' '.join(error.format_message().split())}", file=sys.stderr)
        return EXIT_USAGE


def _complete(args: list[str]) -> int:
    """Answer the shell's completion request (click prints the candidates)."""
    try:
        cli.main(args, prog_name="uwv-ai", complete_var=COMPLETE_VAR)
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else EXIT_OK
    return EXIT_OK


def _remember_warehouse(context: click.Context, _param: click.Parameter, value: Path | None):
    # Given before or after the command name: the last one given wins.
    if value is not None:
        context.find_root().meta[_WAREHOUSE_KEY] = value


def _warehouse_option(function):
    return click.option(
        "--warehouse",
        type=click.Path(path_type=Path),
        expose_value=False,
        callback=_remember_warehouse,
        metavar="PATH",
        help="The published warehouse file (default: $UWV_AI_WAREHOUSE, else"
        " build/warehouse.duckdb in the project).",
    )(function)


def _output_option(default: str):
    """`--output FOLDER` for a command that writes a folder; `default` is the folder it names."""
    return click.option(
        "--output",
        type=click.Path(path_type=Path, file_okay=False),
        help=f"Folder to write to (default: {default}).",
    )


def _format_option(help_text: str):
    # The formats of uwv_ai.render (not imported here: it is only needed once a query runs).
    return click.option(
        "--format",
        "output",
        type=click.Choice(["table", "csv", "json", "markdown"]),
        default="table",
        show_default=True,
        help=help_text,
    )


def _warehouse() -> Path:
    chosen = click.get_current_context().find_root().meta.get(_WAREHOUSE_KEY)
    return (chosen or published_warehouse()).resolve()


class _SqlCommand(click.Command):
    """A command whose argument is SQL: an argument that starts with `-` but holds a space or
    a line break (`"-- a comment\\nselect 1"`) is SQL, not an option, wherever it stands."""

    def parse_args(self, context: click.Context, args: list[str]) -> list[str]:
        if "--" not in args:
            sql = [arg for arg in args if arg.startswith("-") and any(c.isspace() for c in arg)]
            if sql:
                args = [arg for arg in args if arg not in sql] + ["--", *sql]
        return super().parse_args(context, args)


def _terminal_width() -> int:
    """The terminal's width ($COLUMNS first); 120 when the output is not a terminal."""
    return shutil.get_terminal_size((120, 24)).columns


@click.group(context_settings=_CONTEXT, invoke_without_command=True)
@click.version_option(package_name="uwv-ai", prog_name="uwv-ai", message="%(prog)s %(version)s")
@_warehouse_option
@click.pass_context
def cli(context: click.Context) -> int:
    """Build, check and query the warehouse of the UWV employer survey on AI at work.

    \b
    Start here:
      uwv-ai build                      check, build, test; publish if every gate passes
      uwv-ai query "from marts.dim_sector"
      uwv-ai claims --known             the contradictions between the text and its tables

    Errors are one `error:` line on stderr; exit 0 ok, 1 a gate or check failed, 2 bad usage
    or input, 130/143 stopped, 141 the reader of the output went away.
    """
    if context.invoked_subcommand is None:
        click.echo(context.get_help(), err=True)
        return EXIT_USAGE
    return EXIT_OK


@cli.command(
    context_settings=_CONTEXT,
    short_help="Check, build and test; publish only if every gate passes.",
)
@_warehouse_option
def build() -> int:
    """Check the seeds, build the warehouse, run every data test, and publish it only if all
    of them pass.

    The build runs `dbt build` into a candidate file beside the published one; a failed
    build leaves the published file as it was. On a terminal a live line shows the step, dbt's
    node and the time; piped or in CI, plain lines.

    \b
    Examples:
      uwv-ai build
      uwv-ai build --warehouse /srv/uwv/warehouse.duckdb
      UWV_AI_SOURCE_TEXT=../shared/source/uwv-ai-werkgevers-2025.txt uwv-ai build
    """
    from uwv_ai.preflight import lock_timeout

    lock_timeout()  # a bad $UWV_AI_LOCK_TIMEOUT is refused before any waiting
    return _build(_warehouse())


@cli.command(
    context_settings=_CONTEXT, short_help="Edit loop: rebuild what changed, in build/dev.duckdb."
)
@click.option("--full", is_flag=True, help="Rebuild everything, not only what changed.")
@click.option("--watch", is_flag=True, help="Keep running: rebuild what each saved change touches.")
def dev(full: bool, watch: bool) -> int:
    """The edit loop: rebuild only what changed since the last dev build, in build/dev.duckdb.

    Runs `dbt build --select state:modified+` (contracts and tests included); nothing is
    published. Exit codes are those of `uwv-ai build` for the same input.

    \b
    Examples:
      uwv-ai dev              after editing a seed, a model or a test
      uwv-ai dev --full       everything
      uwv-ai dev --watch      rebuild after every save, until Ctrl-C
    """
    return _dev(full, watch)


@cli.command(
    context_settings=_CONTEXT, short_help="Swap the published warehouse with the previous version."
)
@_warehouse_option
def rollback() -> int:
    """Swap the published warehouse with the previous version.

    Only a previous version whose record says its gates passed is accepted; running it again
    swaps back.

    \b
    Example:
      uwv-ai rollback && uwv-ai status
    """
    from uwv_ai.preflight import lock_timeout

    lock_timeout()
    return _rollback(_warehouse())


@cli.command(
    context_settings=_CONTEXT, short_help="What is published, from what, with which gates."
)
@_warehouse_option
def status() -> int:
    """Which version is published, when, from which commit and seeds, with which gates;
    whether the report and exports show it.

    Exits 1 when the file is not the version its record describes.

    \b
    Example:
      uwv-ai status
    """
    return _status(_warehouse())


@cli.command(
    cls=_SqlCommand,
    context_settings=_CONTEXT,
    short_help="Run one read-only SQL statement on the warehouse.",
)
@click.argument("sql")
@_format_option("How to print the result (DuckDB's own rendering of every value).")
@click.option(
    "--max-rows",
    type=click.IntRange(min=0),
    default=None,
    help="Rows shown in a table (default: 40 on a terminal, all when piped; 0 for all).",
)
@_warehouse_option
def query(sql: str, output: str, max_rows: int | None) -> int:
    """Run one SQL statement on the published warehouse and print the result.

    The connection is read-only and sandboxed: no other files, no ATTACH, no extensions, no
    SET. SQL with several statements is refused before any of it runs. Tables: `marts.*`
    (facts, dimensions, analysis marts) and `quality.*`.

    \b
    Examples:
      uwv-ai query "from marts.dim_sector"
      uwv-ai query "describe marts.fct_survey_share"
      uwv-ai query "select * from marts.mart_ai_use_by_sector" --format csv > use.csv
      uwv-ai query "from marts.dim_survey_edition" --format json
    """
    return _print_query(sql, output, _warehouse(), max_rows)


@cli.command(
    context_settings=_CONTEXT, short_help="The report's claims checked against its tables."
)
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=click.Choice(["mismatch", "not_checkable", "match"]),
    help="Only claims with this status (repeatable).",
)
@click.option("--figure", "figures", multiple=True, type=int, help="Only claims about this figure.")
@click.option(
    "--sector",
    "sectors",
    multiple=True,
    metavar="CODE",
    help="Only claims reading this sector's numbers (SBI 2008 code, e.g. J or G45_47).",
)
@click.option(
    "--known", is_flag=True, help="Only the known contradictions between text and tables."
)
@click.option(
    "--explain",
    is_flag=True,
    help="A block per claim: expected, observed and the explanation of a contradiction.",
)
@_format_option("table fits the terminal; the others print every column of quality.claim_checks.")
@_warehouse_option
def claims(
    statuses: tuple[str, ...],
    figures: tuple[int, ...],
    sectors: tuple[str, ...],
    known: bool,
    explain: bool,
    output: str,
) -> int:
    """The report's own statements checked against its tables, mismatches first.

    \b
    Examples:
      uwv-ai claims --known --explain     why each known contradiction is one
      uwv-ai claims --status mismatch --figure 8
      uwv-ai claims --sector J --format csv
    """
    from uwv_ai.claims import ClaimFilter

    claim_filter = ClaimFilter(statuses, figures, sectors, known)
    return _print_claims(claim_filter, explain, output, _warehouse())


@cli.command(context_settings=_CONTEXT, short_help="dbt's documentation site as one HTML page.")
@_warehouse_option
def docs() -> int:
    """Generate dbt's documentation site of the published warehouse as one static HTML page.

    \b
    Tables are named as SQL on the published file names them (`marts.fct_survey_share`).

    \b
    Example:
      uwv-ai docs && chromium build/dbt/docs/static_index.html
    """
    return _docs(_warehouse())


@cli.command(context_settings=_CONTEXT, short_help="The offline HTML report with the charts.")
@_output_option("build/report")
@_warehouse_option
def report(output: Path | None) -> int:
    """Write the offline HTML report with the publication's charts, in Dutch and English.

    \b
    Example:
      uwv-ai report && chromium build/report/index.html
    """
    from uwv_ai.report import write_report

    warehouse = _warehouse()
    folder = output or project_dir() / "build" / "report"
    return _write_output(lambda: write_report(warehouse, folder), warehouse, "writing the report")


@cli.command(
    context_settings=_CONTEXT, short_help="Parquet, CSV and Excel files with a datapackage.json."
)
@_output_option("build/exports")
@_warehouse_option
def export(output: Path | None) -> int:
    """Write Parquet, CSV and an Excel workbook of the marts and quality tables, with a
    datapackage.json describing them.

    \b
    Example:
      uwv-ai export && ls build/exports
    """
    from uwv_ai.export import export_warehouse

    warehouse = _warehouse()
    folder = output or project_dir() / "build" / "exports"
    return _write_output(
        lambda: export_warehouse(warehouse, folder), warehouse, "writing the exports"
    )


@cli.command(context_settings=_CONTEXT, short_help="Shell completion for bash, zsh or fish.")
@click.argument("shell", type=click.Choice(SHELLS))
def completion(shell: str) -> int:
    """Print the shell code that completes uwv-ai's commands and options.

    \b
    Examples:
      eval "$(uwv-ai completion bash)"      in ~/.bashrc
      eval "$(uwv-ai completion zsh)"       in ~/.zshrc
      uwv-ai completion fish > ~/.config/fish/completions/uwv-ai.fish
    """
    from click.shell_completion import get_completion_class

    completer = get_completion_class(shell)
    click.echo(completer(cli, {}, "uwv-ai", COMPLETE_VAR).source())
    return EXIT_OK


def _build(warehouse: Path) -> int:
    from uwv_ai.build import build
    from uwv_ai.progress import Progress
    from uwv_ai.publish import BuildLockTimeout

    print(f"building {warehouse} ...", file=sys.stderr)
    with Progress() as progress:
        try:
            result = build(
                project_dir(),
                warehouse,
                report=progress.step,
                on_node=progress.node,
            )
        except BuildLockTimeout as error:
            progress.say(f"error: {error}")
            return EXIT_GATE_FAILED
    if not result.published:
        for problem in result.outcome.problems or ["dbt build failed"]:
            print(f"error: {problem}", file=sys.stderr)
        print("build failed: the published warehouse was not changed", file=sys.stderr)
        return EXIT_USAGE if result.input_rejected else EXIT_GATE_FAILED
    _print_warnings(result.outcome.warnings)
    print(
        f"published {result.warehouse} ({result.outcome.nodes_run} dbt nodes passed)",
        file=sys.stderr,
    )
    _print_stale_outputs(warehouse)
    return EXIT_OK


def _print_warnings(warnings: list[str]) -> None:
    for line in _warning_lines(warnings):
        print(line, file=sys.stderr)


def _warning_lines(warnings: list[str]) -> list[str]:
    """dbt's warnings as we say them: two of the project's data tests warn by design, and
    what they report is information (`info:`) or a reminder (`note:`), not a problem."""
    lines = []
    for warning in warnings:
        name, _, rows = warning.partition(": ")
        if name == KNOWN_CONTRADICTIONS_TEST:
            lines.append(
                f"info: {rows.split(' ')[0]} known contradictions between the report's text and"
                " its tables; see uwv-ai claims --known"
            )
        elif name == SOURCE_TEXT_TEST:
            lines.append(
                "note: the seeds were not verified against the publication's text"
                " (set $UWV_AI_SOURCE_TEXT to its path)"
            )
        else:
            lines.append(f"warning: {warning}")
    return lines


def _dev(full: bool, watch: bool) -> int:
    from uwv_ai.dev import dev_build, dev_warehouse
    from uwv_ai.preflight import check_project
    from uwv_ai.progress import Progress

    project = project_dir()
    check_project(project)
    if watch:
        if full:
            print("error: --full and --watch do not go together", file=sys.stderr)
            return EXIT_USAGE
        return _watch(project, dev_warehouse(project))
    with Progress() as progress:
        progress.step("running dbt build (what changed since the last dev build)")
        outcome = dev_build(project, dev_warehouse(project), full=full, on_node=progress.node)
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
    _print_warnings(outcome.warnings)
    took = f" in {seconds:.1f} s" if seconds is not None else ""
    if outcome.success:
        line = f"passed: {outcome.nodes_run} dbt nodes{took} in {warehouse}"
    else:
        # (Not how many nodes dbt ran: after a failure that count reads like a success.)
        line = f"FAILED: the dev build failed{took} (errors above) in {warehouse}"
    print(line, file=sys.stderr, flush=True)


def _dev_exit_code(outcome) -> int:
    if outcome.success:
        return EXIT_OK
    return EXIT_USAGE if outcome.input_rejected else EXIT_GATE_FAILED


def _rollback(warehouse: Path) -> int:
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


def _docs(warehouse: Path) -> int:
    from uwv_ai.docs import DocsError, NothingPublishedError, generate_docs
    from uwv_ai.progress import Progress

    try:
        with Progress(plain_lines=False) as progress:
            progress.step("generating dbt's documentation site")
            site = generate_docs(project_dir(), warehouse)
    except NothingPublishedError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except DocsError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_GATE_FAILED
    print(site)
    return EXIT_OK


def _write_output(write, warehouse: Path, step: str) -> int:
    """Run a writer of files derived from the published warehouse; print what it wrote.

    Its progress shows on a terminal only: scripts read the path it prints."""
    import duckdb

    from uwv_ai.progress import Progress

    if not warehouse.exists():
        print(f"error: nothing is published at {warehouse}; run uwv-ai build", file=sys.stderr)
        return EXIT_USAGE
    try:
        with Progress(plain_lines=False) as progress:
            progress.step(step)
            written = write()
    except (duckdb.Error, OSError, ValueError) as error:
        message = str(error).strip().splitlines()[0]
        print(f"error: {message}", file=sys.stderr)
        return EXIT_GATE_FAILED
    print(written)
    return EXIT_OK


def _status(warehouse: Path) -> int:
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
    for line in _warning_lines(status.get("warnings", [])):
        label, _, text = line.partition(": ")
        print(f"{label + ':':20} {text}")
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


def _print_query(sql: str, output: str, warehouse: Path, max_rows: int | None) -> int:
    import duckdb

    from uwv_ai.read_only import open_read_only
    from uwv_ai.render import TERMINAL_ROWS, render

    if not warehouse.is_file():
        print(f"error: nothing is published at {warehouse}", file=sys.stderr)
        return EXIT_USAGE
    on_terminal = sys.stdout.isatty()
    if max_rows is None and on_terminal:
        max_rows = TERMINAL_ROWS
    try:
        # Sandboxed (uwv_ai.read_only): the connection refuses writes, files other than the
        # warehouse, ATTACH, extensions and SET, whatever the SQL says.
        with open_read_only(warehouse) as connection:
            statements = connection.extract_statements(sql)
            if len(statements) != 1:
                print(f"error: {_not_one_statement(len(statements))}", file=sys.stderr)
                return EXIT_USAGE
            result = connection.sql(statements[0].query)
            if result is not None:
                # Run the statement as written, once: an error then points into the user's
                # SQL (LINE 1), not into the SQL that renders the result around it.
                result = result.materialize()
                width = _terminal_width() if on_terminal else None
                render(result, output, sys.stdout, max_rows=max_rows or None, width=width)
    except duckdb.Error as error:
        _print_duckdb_error(error)
        return EXIT_USAGE
    return EXIT_OK


def _print_duckdb_error(error: Exception) -> None:
    """DuckDB's whole message: the error on the `error:` line, then its hint ("Did you mean
    ...?", candidate columns) and the SQL with a caret, as DuckDB wrote them."""
    first, _, rest = str(error).strip().partition("\n")
    print(f"error: {first}", file=sys.stderr)
    if rest.strip():
        print(rest.rstrip(), file=sys.stderr)


def _print_claims(claim_filter, explain: bool, output: str, warehouse: Path) -> int:
    import duckdb

    from uwv_ai.claims import UnknownSector, select_claims, write_explained, write_table
    from uwv_ai.read_only import open_read_only
    from uwv_ai.render import render

    if not warehouse.is_file():
        print(f"error: nothing is published at {warehouse}", file=sys.stderr)
        return EXIT_USAGE
    try:
        with open_read_only(warehouse) as connection:
            selected = select_claims(connection, claim_filter)
            if output != "table":
                render(selected, output, sys.stdout)
                return EXIT_OK
            columns = selected.columns
            rows = [dict(zip(columns, row, strict=True)) for row in selected.fetchall()]
    except UnknownSector as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except duckdb.Error as error:
        _print_duckdb_error(error)
        return EXIT_GATE_FAILED
    write = write_explained if explain else write_table
    write(rows, sys.stdout, _terminal_width())
    return EXIT_OK


def _not_one_statement(count: int) -> str:
    # Refused rather than run one by one: with several results only the last one printed,
    # so an earlier statement ran unseen (issue 11).
    if count == 0:
        return "no SQL statement given"
    return f"query runs one SQL statement; this SQL has {count} (run them one at a time)"


if __name__ == "__main__":
    sys.exit(main())
