"""The `uwv-ai` command as a user meets it: help, version, typos, completion, start-up,
progress, and what `query` and `claims` print.

`query` must print what DuckDB prints: the CSV is compared with DuckDB's own `COPY ... TO`,
the JSON with the values DuckDB returns, and errors keep DuckDB's hint and caret.
"""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import re
import shutil
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import duckdb
import pytest

from uwv_ai.build import BuildResult
from uwv_ai.cli import cli, main
from uwv_ai.progress import Progress

# Modules a read-only command must not load (each costs tenths of a second at start-up).
HEAVY = {"dbt", "pandas", "great_expectations", "plotly", "pyarrow", "openpyxl"}


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _query(capsys, warehouse: Path, sql: str, *options: str) -> tuple[int, str, str]:
    return _run(capsys, "--warehouse", str(warehouse), "query", sql, *options)


# --- help, version, typos, completion -------------------------------------------------------


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_describes_itself_with_an_example(
    command: str, capsys: pytest.CaptureFixture[str]
):
    code, out, err = _run(capsys, command, "--help")
    assert (code, err) == (0, "")
    description = out.split("\n\n")[1].strip()
    assert len(description.split()) >= 5, out
    assert re.search(r"^  Examples?:\n    .*uwv-ai ", out, re.MULTILINE), out


def test_the_list_of_commands_has_a_line_for_each(capsys: pytest.CaptureFixture[str]):
    code, out, _ = _run(capsys, "--help")
    assert code == 0
    listed = re.findall(r"^  (\w+) {2,}(\S.*)$", out.split("Commands:")[1], re.MULTILINE)
    assert sorted(name for name, _ in listed) == sorted(cli.commands)
    assert all(not text.endswith("...") for _, text in listed), listed


def test_version_is_the_installed_one(capsys: pytest.CaptureFixture[str]):
    assert _run(capsys, "--version") == (0, f"uwv-ai {version('uwv-ai')}\n", "")


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        (("staus",), "No such command 'staus'. Did you mean 'status'?"),
        (("query", "--fromat", "csv", "select 1"), "Did you mean '--format'?"),
        (("claims", "--status", "mismatches"), "'mismatches' is not one of"),
    ],
    ids=["command", "option", "choice"],
)
def test_a_typo_is_one_error_line_with_a_suggestion(
    args: tuple[str, ...], hint: str, capsys: pytest.CaptureFixture[str]
):
    code, out, err = _run(capsys, *args)
    assert (code, out) == (2, "")
    assert len(err.splitlines()) == 1 and err.startswith("error: ") and hint in err, err


def test_docs_without_a_warehouse_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    missing = tmp_path / "missing.duckdb"
    code, out, err = _run(capsys, "--warehouse", str(missing), "docs")
    assert (code, out) == (2, "")
    assert err == f"error: nothing is published at {missing}; run uwv-ai build\n"


def test_no_command_prints_the_help_and_exits_2(capsys: pytest.CaptureFixture[str]):
    code, out, err = _run(capsys)
    assert (code, out) == (2, "")
    assert "Commands:" in err


def _complete(words: str, shell: str = "bash") -> list[str]:
    env = {
        **os.environ,
        "_UWV_AI_COMPLETE": f"{shell}_complete",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1)),
    }
    result = subprocess.run(
        [sys.executable, "-m", "uwv_ai.cli"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    # bash's protocol: one "type,value" line per candidate.
    return [line.split(",", 1)[1] for line in result.stdout.splitlines()]


def test_the_shell_completes_commands_and_options(capsys: pytest.CaptureFixture[str]):
    assert _complete("uwv-ai sta") == ["status"]
    assert "--format" in _complete("uwv-ai query --f")
    assert _complete("uwv-ai claims --status m") == ["mismatch", "match"]
    code, script, _ = _run(capsys, "completion", "bash")
    assert code == 0 and "_UWV_AI_COMPLETE=bash_complete" in script


# --- start-up --------------------------------------------------------------------------------

LOADED = """
import contextlib, io, sys
from uwv_ai.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    code = main(sys.argv[1:])
print(code, " ".join(sorted({name.split(".")[0] for name in sys.modules})))
"""


@pytest.mark.parametrize(
    "args",
    [("query", "select 1"), ("status",), ("claims",), ("claims", "--explain"), ("--help",)],
    ids=" ".join,
)
def test_reading_commands_load_nothing_heavy(args: tuple[str, ...], built: BuildResult):
    """What `uwv-ai query` imports is what its start-up costs (timed by `make bench`)."""
    result = subprocess.run(
        [sys.executable, "-c", LOADED, "--warehouse", str(built.warehouse), *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    code, modules = result.stdout.split(" ", 1)
    assert code == "0", result.stderr
    assert HEAVY.isdisjoint(modules.split()), HEAVY & set(modules.split())


# --- query -----------------------------------------------------------------------------------

TRICKY = """
select * from (values
    (1, 'a,b', '', null, 'say "hi"', 'two' || chr(10) || 'lines', ' padded ', true,
     date '2025-09-15', 78.0::decimal(5, 1), 1.5::double, [1, 2], 'NULL'),
    (2, 'x', 'y', 'z', '', '', '', false, null, null, null, null, null)
) as t(n, comma, empty, missing, quote, newline, padded, flag, day, pct, ratio, list, text_null)
"""


def test_csv_is_what_duckdbs_copy_writes(
    built: BuildResult, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    code, out, err = _query(capsys, built.warehouse, TRICKY, "--format", "csv")
    assert (code, err) == (0, "")
    with duckdb.connect() as connection:
        connection.execute(f"copy ({TRICKY}) to '{tmp_path / 'duckdb.csv'}' (header)")
    assert out == (tmp_path / "duckdb.csv").read_text(encoding="utf-8")


def test_json_has_iso_dates_null_and_true(built: BuildResult, capsys: pytest.CaptureFixture[str]):
    sql = "select * from marts.dim_survey_edition order by edition"
    code, out, err = _query(capsys, built.warehouse, sql, "--format", "json")
    assert (code, err) == (0, "")
    printed = json.loads(out)
    with duckdb.connect(str(built.warehouse), read_only=True) as connection:
        cursor = connection.execute(sql)
        columns = [column[0] for column in cursor.description]
        rows = cursor.fetchall()
    assert [list(row) for row in printed] == [columns] * len(rows)
    for shown, row in zip(printed, rows, strict=True):
        for column, value in zip(columns, row, strict=True):
            if hasattr(value, "isoformat"):
                assert shown[column] == value.isoformat(), column
            elif value is None or isinstance(value, bool | int | str):
                assert shown[column] == value, column
            else:
                assert shown[column] == float(value), column
    assert '"fieldwork_start":"2025-09-15"' in out and '"fieldwork_start":null' in out
    assert '"establishments_approached_is_minimum":true' in out


def test_markdown_is_a_pipe_table_of_every_row(
    built: BuildResult, capsys: pytest.CaptureFixture[str]
):
    sql = "select sector_code, sort_order, sbi_2008_codes from marts.dim_sector order by 2"
    code, out, err = _query(capsys, built.warehouse, sql, "--format", "markdown")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[:2] == ["| sector_code | sort_order | sbi_2008_codes |", "|---|---:|---|"]
    with duckdb.connect(str(built.warehouse), read_only=True) as connection:
        rows = connection.execute(sql).fetchall()
    cells = [[cell.strip() for cell in line.strip("|").split("|")] for line in lines[2:]]
    assert cells == [[code, str(order), codes or ""] for code, order, codes in rows]


def test_the_table_shows_every_row_when_piped_unless_limited(
    built: BuildResult, capsys: pytest.CaptureFixture[str]
):
    with duckdb.connect(str(built.warehouse), read_only=True) as connection:
        (count,) = connection.execute("select count(*) from marts.fct_survey_share").fetchone()
    sql = "select edition, share_pct from marts.fct_survey_share"
    code, out, _ = _query(capsys, built.warehouse, sql)
    assert code == 0
    assert len([line for line in out.splitlines() if line.startswith("│    2025 │")]) == count
    code, out, _ = _query(capsys, built.warehouse, sql, "--max-rows", "6")
    assert code == 0 and f"{count} rows" in out and "(6 shown)" in out
    assert len([line for line in out.splitlines() if line.startswith("│    2025 │")]) == 6


@pytest.mark.parametrize(
    ("sql", "hint"),
    [
        ("select * from marts.dim_sectors", 'Did you mean "dim_sector"?'),
        ("select sector_cod from marts.dim_sector", 'Candidate bindings: "sector_code"'),
        ("select 'x'::int", "LINE 1: select 'x'::int"),
    ],
    ids=["table", "column", "runtime"],
)
def test_duckdbs_error_keeps_its_hint(
    sql: str, hint: str, built: BuildResult, capsys: pytest.CaptureFixture[str]
):
    code, out, err = _query(capsys, built.warehouse, sql)
    assert (code, out) == (2, "")
    assert err.startswith("error: ") and hint in err, err
    assert len([line for line in err.splitlines() if line.startswith("error: ")]) == 1


def test_sql_starting_with_a_comment_is_not_an_option(
    built: BuildResult, capsys: pytest.CaptureFixture[str]
):
    code, out, err = _query(
        capsys, built.warehouse, "-- the answer\nselect 42 as x", "--format", "csv"
    )
    assert (code, out, err) == (0, "x\n42\n", "")


# --- claims ----------------------------------------------------------------------------------


def _ids(out: str) -> list[str]:
    return re.findall(r"^(C\d{3}) ", out, re.MULTILINE)


def _sql_ids(warehouse: Path, sql: str) -> list[str]:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return sorted(claim_id for (claim_id,) in connection.execute(sql).fetchall())


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("explain", [False, True], ids=["table", "explain"])
def test_claims_fit_the_terminal(
    width: int,
    explain: bool,
    built: BuildResult,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
):
    monkeypatch.setenv("COLUMNS", str(width))
    args = ["--explain"] if explain else []
    code, out, err = _run(capsys, "--warehouse", str(built.warehouse), "claims", *args)
    assert (code, err) == (0, "")
    assert max(len(line) for line in out.splitlines()) <= width
    every = _sql_ids(built.warehouse, "select claim_id from quality.claim_checks")
    assert sorted(_ids(out)) == every


def test_claims_explain_the_known_contradictions(
    built: BuildResult, capsys: pytest.CaptureFixture[str]
):
    code, out, _ = _run(
        capsys, "--warehouse", str(built.warehouse), "claims", "--known", "--explain"
    )
    assert code == 0
    with duckdb.connect(str(built.warehouse), read_only=True) as connection:
        known = connection.execute(
            "select claim_id, discrepancy_explanation from quality.known_discrepancies"
        ).fetchall()
    assert sorted(_ids(out)) == sorted(claim_id for claim_id, _ in known)
    flat = " ".join(out.split())
    for claim_id, explanation in known:
        assert " ".join(explanation.split()) in flat, claim_id


@pytest.mark.parametrize(
    ("options", "where"),
    [
        (("--status", "mismatch"), "status = 'mismatch'"),
        (("--status", "not_checkable", "--status", "match"), "status <> 'mismatch'"),
        (("--figure", "8"), "figure = 8"),
        (
            ("--sector", "J"),
            "claim_id in (select claim_id from quality.claim_observations where sector_code = 'J')",
        ),
        (
            ("--sector", "I", "--figure", "9"),
            "figure = 9 and claim_id in (select claim_id from quality.claim_observations"
            " where sector_code = 'I')",
        ),
    ],
    ids=["status", "two statuses", "figure", "sector", "sector and figure"],
)
def test_claims_filter(
    options: tuple[str, ...], where: str, built: BuildResult, capsys: pytest.CaptureFixture[str]
):
    code, out, err = _run(capsys, "--warehouse", str(built.warehouse), "claims", *options)
    assert (code, err) == (0, "")
    expected = _sql_ids(built.warehouse, f"select claim_id from quality.claim_checks where {where}")
    assert expected and sorted(_ids(out)) == expected


def test_claims_as_csv_have_every_column(built: BuildResult, capsys: pytest.CaptureFixture[str]):
    code, out, _ = _run(
        capsys, "--warehouse", str(built.warehouse), "claims", "--known", "--format", "csv"
    )
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    with duckdb.connect(str(built.warehouse), read_only=True) as connection:
        columns = [row[0] for row in connection.execute("describe quality.claim_checks").fetchall()]
    assert list(rows[0])[:2] == ["claim_id", "status"]
    assert sorted(rows[0]) == sorted(columns)
    assert {row["is_known_discrepancy"] for row in rows} == {"true"}


def test_an_unknown_sector_is_one_line_naming_the_codes(
    built: BuildResult, capsys: pytest.CaptureFixture[str]
):
    code, out, err = _run(capsys, "--warehouse", str(built.warehouse), "claims", "--sector", "XX")
    assert (code, out) == (2, "")
    assert len(err.splitlines()) == 1 and "no sector 'XX'" in err and " J, " in err, err


# --- progress --------------------------------------------------------------------------------


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_on_a_terminal_is_one_live_line(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("UWV_AI_PROGRESS", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    screen = _Terminal()
    with Progress(screen) as progress:
        progress.step("running dbt build")
        progress.node(3, 97, "sql view model staging.stg_x")
        shown = screen.getvalue()
        progress.say("note: a message")
    assert "running dbt build" in shown and "3/97 sql view model staging.stg_x" in shown
    assert "\x1b[" in shown  # drawn and redrawn in place, not printed line by line
    assert re.search(r"running dbt build: \d+\.\d s", screen.getvalue())


def test_progress_piped_or_in_ci_is_plain_lines(monkeypatch: pytest.MonkeyPatch):
    for environment in ({"CI": "true"}, {}):
        monkeypatch.delenv("CI", raising=False)
        monkeypatch.delenv("UWV_AI_PROGRESS", raising=False)
        for name, value in environment.items():
            monkeypatch.setenv(name, value)
        screen = _Terminal() if environment else io.StringIO()
        with Progress(screen) as progress:
            progress.step("running dbt build")
            progress.node(3, 97, "sql view model staging.stg_x")
        lines = screen.getvalue().splitlines()
        assert lines[0] == "  running dbt build ..."
        assert re.fullmatch(r"  running dbt build: \d+\.\d s", lines[1]), lines
        assert "\x1b[" not in screen.getvalue()
    # For commands whose output scripts read (report, export): progress on a terminal only.
    screen = io.StringIO()
    with Progress(screen, plain_lines=False) as progress:
        progress.step("writing the report")
    assert screen.getvalue() == ""


def test_a_build_on_a_terminal_shows_live_progress_and_no_warning(
    project_copy: Path, built: BuildResult, tmp_path: Path
):
    """The whole command on a pseudo-terminal, as a maintainer sees it."""
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copy2(built.warehouse, warehouse)
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "UWV_AI_PROGRESS")}
    env.update(UWV_AI_PROJECT_DIR=str(project_copy), TERM="xterm", COLUMNS="120")
    main_end, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "uwv_ai.cli", "build", "--warehouse", str(warehouse)],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=terminal,
        stderr=terminal,
    )
    os.close(terminal)
    screen = b""
    while True:
        try:
            chunk = os.read(main_end, 65536)
        except OSError:  # the terminal closed: the command ended
            break
        if not chunk:
            break
        screen += chunk
    os.close(main_end)
    assert process.wait(timeout=600) == 0, screen.decode(errors="replace")
    text = screen.decode("utf-8", errors="replace")
    assert re.search(r"running dbt build \(.*\) · \d+ s · \d+/\d+ ", text), text[-2000:]
    lines = [re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", line) for line in text.splitlines()]
    assert any(line.startswith("published ") for line in lines), lines[-10:]
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        (known,) = connection.execute("select count(*) from quality.known_discrepancies").fetchone()
    assert any(line.startswith(f"info: {known} known contradictions") for line in lines), lines
    assert not any(line.lstrip("\r").startswith("warning:") for line in lines), lines
    assert "leaked" not in text and "Traceback" not in text
