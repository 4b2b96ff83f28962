"""Malformed seeds stop the build with one line naming the file, row and column.

Each case breaks one thing in the scratch copy of the project. A problem in the bytes or the
shape of a seed file stops the on-run-start hook before any node, so those cases run the whole
`uwv-ai build` (in this process) over an already published warehouse and check the exit code
(2 for input the seed contract rejects), the one-line message, and that the published file did
not change: same bytes, still opens, same row counts. A problem that a model or an input test
finds is checked by rebuilding what the broken seed reaches on a copy of the built warehouse
(the same `run_dbt` and messages); one of them, an unknown row label, also goes through the
whole `uwv-ai build` (and tests/test_cli.py runs a bad cell through the command itself).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from tests.conftest import Rebuild, reached_by, sha256_of
from uwv_ai import cli
from uwv_ai.build import BuildResult
from uwv_ai.dbt_invocation import DbtOutcome

FIG08 = "seeds/publication/fig08_current_ai_use.csv"
FIG09 = "seeds/publication/fig09_expected_ai_use.csv"
FIG08_HORECA = "2025,Horeca,3%,13%,35%,49%"
FIG09_HORECA = "2025,Horeca,7%,33%,33%,27%"


def _cell_message(file: str, line: int, column: str, row: str, shown: str) -> str:
    return f'{file} line {line}, column "{column}", row "{row}": {shown} is not a percentage'


CELL_CASES = {
    "decimal comma": ('Horeca,"7,5%",13%', '"7,5%"'),
    "space before %": ("Horeca,7 %,13%", '"7 %"'),
    "not a number": ("Horeca,x,13%", '"x"'),
    "empty cell": ("Horeca,,13%", "empty cell"),
    "above 100": ("Horeca,120%,13%", '"120%"'),
    "negative": ("Horeca,-3%,13%", '"-3%"'),
    "no percent sign": ("Horeca,3,13%", '"3"'),
}


@dataclass
class CliRun:
    exit_code: int
    errors: list[str]


@pytest.fixture(autouse=True)
def _cli_project(project_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UWV_AI_PROJECT_DIR", str(project_copy))


def _row_counts(path: Path) -> tuple:
    with duckdb.connect(str(path), read_only=True) as connection:
        return tuple(
            connection.execute(f"select count(*) from {table}").fetchone()[0]
            for table in ("marts.fct_survey_share", "marts.publication_cells")
        )


def _build_over_published(project: Path, published_source: Path) -> tuple[CliRun, Path]:
    """Run `uwv-ai build` where a good warehouse is already published."""
    published = project.parent / "published.duckdb"
    shutil.copy2(published_source, published)
    import contextlib
    import io

    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr):
        code = cli.main(["--warehouse", str(published), "build"])
    errors = [
        line[len("error: ") :]
        for line in stderr.getvalue().splitlines()
        if line.startswith("error: ")
    ]
    return CliRun(code, errors), published


def _assert_rejected(
    result: CliRun, published: Path, before: str, expected: str, exit_code: int = 2
) -> None:
    assert result.exit_code == exit_code, result.errors
    assert any(expected in problem for problem in result.errors), result.errors
    assert all(len(problem) < 1000 for problem in result.errors), "an unreadably long line"
    assert sha256_of(published) == before, "the published warehouse changed"
    assert _row_counts(published) == (476, 493)
    assert not list(published.parent.glob(published.name + ".candidate*")), "candidate left"


def _assert_input_rejected(outcome: DbtOutcome, expected: str) -> None:
    """What `uwv-ai build` would report for `outcome`: exit 2 and the one-line message."""
    assert not outcome.success and outcome.input_rejected, outcome.problems
    assert any(expected in problem for problem in outcome.problems), outcome.problems
    assert all(len(problem) < 1000 for problem in outcome.problems), "an unreadably long line"


@pytest.mark.parametrize("case", CELL_CASES)
def test_malformed_cell_is_rejected_with_file_line_and_column(
    case: str,
    project_copy: Path,
    rebuild: Rebuild,
    edit_file: Callable[[Path, str, str], None],
):
    replacement, shown = CELL_CASES[case]
    edit_file(project_copy / FIG08, "Horeca,3%,13%", replacement)

    outcome = rebuild(*reached_by(FIG08))

    # Horeca is line 17 of the file; its first value column is 2025's first answer.
    expected = _cell_message(FIG08, 17, "2025 | In (zeer) hoge mate", "Horeca", shown)
    _assert_input_rejected(outcome, expected)


def test_unknown_row_label_is_rejected(
    project_copy: Path, built: BuildResult, edit_file: Callable[[Path, str, str], None]
):
    edit_file(project_copy / FIG09, FIG09_HORECA, FIG09_HORECA.replace("Horeca", "Horeka"))
    result, published = _build_over_published(project_copy, built.warehouse)
    _assert_rejected(
        result,
        published,
        sha256_of(built.warehouse),
        f'{FIG09} line 20, column "Toekomstig gebruik AI": unknown row label "Horeka"',
    )


def test_label_with_trailing_space_is_an_unknown_label(
    project_copy: Path, rebuild: Rebuild, edit_file: Callable[[Path, str, str], None]
):
    edit_file(project_copy / FIG09, FIG09_HORECA, FIG09_HORECA.replace("Horeca,", "Horeca ,"))
    _assert_input_rejected(rebuild(*reached_by(FIG09)), 'unknown row label "Horeca "')


def test_empty_row_label_is_rejected(
    project_copy: Path, rebuild: Rebuild, edit_file: Callable[[Path, str, str], None]
):
    edit_file(project_copy / FIG09, FIG09_HORECA, FIG09_HORECA.replace("Horeca", ""))
    _assert_input_rejected(
        rebuild(*reached_by(FIG09)),
        f'{FIG09} line 20, column "Toekomstig gebruik AI": the row label is empty',
    )


def test_duplicated_row_is_rejected(project_copy: Path, rebuild: Rebuild):
    with (project_copy / FIG09).open("a", encoding="utf-8") as seed:
        seed.write(FIG09_HORECA + "\n")
    _assert_input_rejected(
        rebuild(*reached_by(FIG09)),
        f'{FIG09} line 20, column "Toekomstig gebruik AI": row label "Horeca" occurs 2 times',
    )


def _rewrite_columns(path: Path, transform: Callable[[list[str]], list[str]]) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text(
        "\n".join(",".join(transform(line.split(","))) for line in lines) + "\n", encoding="utf-8"
    )


def test_missing_column_is_rejected(project_copy: Path, built: BuildResult):
    # fig09 has no quoted commas, so splitting on commas is exact.
    _rewrite_columns(project_copy / FIG09, lambda fields: fields[:-1])
    result, published = _build_over_published(project_copy, built.warehouse)
    _assert_rejected(
        result,
        published,
        sha256_of(built.warehouse),
        f'{FIG09}: column "Helemaal niet" is declared in seeds/_seeds.yml but missing',
    )


def test_extra_column_is_rejected(project_copy: Path, built: BuildResult):
    header = []

    def add_column(fields: list[str]) -> list[str]:
        value = "Extra" if not header else "1%"
        header.append(True)
        return [*fields, value]

    _rewrite_columns(project_copy / FIG09, add_column)
    result, published = _build_over_published(project_copy, built.warehouse)
    _assert_rejected(
        result,
        published,
        sha256_of(built.warehouse),
        f'{FIG09}: column "Extra" is not declared in seeds/_seeds.yml',
    )


def test_renamed_column_names_both_spellings(
    project_copy: Path, built: BuildResult, edit_file: Callable[[Path, str, str], None]
):
    edit_file(project_copy / FIG09, ",Nauwelijks,", ",Nauwelyks,")
    result, published = _build_over_published(project_copy, built.warehouse)
    _assert_rejected(result, published, sha256_of(built.warehouse), 'column "Nauwelyks"')
    assert any('column "Nauwelijks"' in problem for problem in result.errors)


def test_deleted_row_is_rejected(
    project_copy: Path, rebuild: Rebuild, edit_file: Callable[[Path, str, str], None]
):
    edit_file(project_copy / FIG09, FIG09_HORECA + "\n", "")
    _assert_input_rejected(
        rebuild(*reached_by(FIG09)), f"{FIG09}: 18 rows, the layout declares 19; missing: Horeca"
    )


def test_byte_order_mark_is_rejected(project_copy: Path, built: BuildResult):
    seed = project_copy / FIG09
    seed.write_bytes(b"\xef\xbb\xbf" + seed.read_bytes())
    result, published = _build_over_published(project_copy, built.warehouse)
    _assert_rejected(
        result,
        published,
        sha256_of(built.warehouse),
        f"{FIG09} line 1: starts with a byte-order mark",
    )


def test_windows_line_ends_are_rejected(project_copy: Path, built: BuildResult):
    seed = project_copy / FIG09
    seed.write_bytes(seed.read_bytes().replace(b"\n", b"\r\n"))
    result, published = _build_over_published(project_copy, built.warehouse)
    _assert_rejected(
        result, published, sha256_of(built.warehouse), f"{FIG09} line 1: Windows line end (CR LF)"
    )


def test_empty_file_is_rejected(project_copy: Path, built: BuildResult):
    (project_copy / FIG09).write_text("", encoding="utf-8")
    result, published = _build_over_published(project_copy, built.warehouse)
    _assert_rejected(result, published, sha256_of(built.warehouse), f"{FIG09}: the file is empty")


def test_claim_about_an_unknown_sector_is_rejected(
    project_copy: Path, rebuild: Rebuild, edit_file: Callable[[Path, str, str], None]
):
    edit_file(
        project_copy / "seeds/quality/claims.csv",
        "ALL,P,_T,2025,,,,,,,83,",
        "ALL,XYZ,_T,2025,,,,,,,83,",
    )
    _assert_input_rejected(
        rebuild(*reached_by("seeds/quality/claims.csv")),
        'seeds/quality/claims.csv line 86, column "sector_codes": unknown sector "XYZ"',
    )


CLAIMS = "seeds/quality/claims.csv"
CLAIM_86 = "ALL,P,_T,2025,,,,,,,83,"

# Each breaks one file; the seed-file hook (macros/check_seed_files.sql) names the file, the
# line as an editor counts it, the column and the problem, in one line.
SEED_FILE_CASES = {
    "edition not a number": (
        FIG09,
        FIG09_HORECA,
        FIG09_HORECA.replace("2025,", "x,", 1),
        f'{FIG09} line 20, column "edition": "x" is not a whole number;'
        " seeds/_seeds.yml declares the column integer",
    ),
    "expected value with a percent sign": (
        CLAIMS,
        CLAIM_86,
        CLAIM_86.replace(",83,", ",83%,"),
        f'{CLAIMS} line 86, column "expected_value": "83%" is not a number',
    ),
    "value ending in a line break": (
        FIG09,
        FIG09_HORECA,
        FIG09_HORECA.replace(",7%,", ',"7%\n",'),
        f'{FIG09} line 20, column "In (zeer) hoge mate": "7%" continues on the next line',
    ),
    "note spanning two lines": (
        CLAIMS,
        CLAIM_86 + ",,,,\n",
        CLAIM_86 + ',,,,"first line\nsecond line"\n',
        f'{CLAIMS} line 86, column "note": "first line" continues on the next line',
    ),
    "blank line": (
        FIG09,
        FIG09_HORECA,
        "\n" + FIG09_HORECA,
        f"{FIG09} line 20: blank line",
    ),
    "lone carriage return": (
        FIG09,
        FIG09_HORECA,
        FIG09_HORECA.replace("Horeca", "Hor\reca"),
        f"{FIG09} line 20: a carriage return (CR) not followed by a line feed",
    ),
    "a cell of a million characters": (
        FIG09,
        FIG09_HORECA,
        FIG09_HORECA.replace(",7%,", "," + "7" * 1_000_000 + "%,"),
        f'{FIG09} line 20, column "In (zeer) hoge mate": "{"7" * 200}…"'
        " (1000001 characters) is longer than dbt loads",
    ),
    "a row with an extra field": (
        FIG09,
        FIG09_HORECA,
        FIG09_HORECA + ",1%",
        f"{FIG09} line 20: 7 fields, the header has 6",
    ),
    "an unclosed quote": (
        FIG09,
        FIG09_HORECA,
        FIG09_HORECA.replace("Horeca", '"Horeca'),
        f"{FIG09} line 20: ",
    ),
}


@pytest.mark.parametrize("case", SEED_FILE_CASES)
def test_seed_file_problem_is_one_line_with_file_line_and_column(
    case: str, project_copy: Path, built: BuildResult
):
    file, old, new, expected = SEED_FILE_CASES[case]
    seed = project_copy / file
    text = seed.read_text(encoding="utf-8")
    assert text.count(old) == 1
    seed.write_bytes(text.replace(old, new).encode("utf-8"))

    result, published = _build_over_published(project_copy, built.warehouse)

    _assert_rejected(result, published, sha256_of(built.warehouse), expected)
    assert len(result.errors) == 1, result.errors


def test_a_long_printed_cell_is_cut_in_the_message(
    project_copy: Path, rebuild: Rebuild, edit_file: Callable[[Path, str, str], None]
):
    # Short enough for dbt to load; stg_uwv__printed_cells's parse rejects it.
    edit_file(project_copy / FIG08, "Horeca,3%,13%", "Horeca," + "3" * 100_000 + "%,13%")
    expected = _cell_message(
        FIG08, 17, "2025 | In (zeer) hoge mate", "Horeca", f'"{"3" * 200}…" (100001 characters)'
    )
    _assert_input_rejected(rebuild(*reached_by(FIG08)), expected)


def test_an_undeclared_seed_file_is_rejected(project_copy: Path, built: BuildResult):
    (project_copy / "seeds/reference/extra.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    result, published = _build_over_published(project_copy, built.warehouse)
    _assert_rejected(
        result,
        published,
        sha256_of(built.warehouse),
        "seeds/reference/extra.csv: not declared in seeds/_seeds.yml",
    )
