"""Reference-data errors that used to publish silently are stopped by the input gates.

The gates are dbt tests tagged `input` (tests/dbt/assert_printed_labels_are_the_published_names
and assert_exclusive_answers_are_declared); they need no source text. Most cases break one
reference seed in the scratch copy of the project and run `dbt build` on that seed and the
input gates, against a copy of the session's built warehouse (a few seconds each); the two
cases the issue names also go through `uwv-ai build`, which must exit 2 with one line each.
"""

from __future__ import annotations

import contextlib
import io
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from tests.conftest import build_selected, sha256_of
from uwv_ai import cli
from uwv_ai.build import BuildResult
from uwv_ai.dbt_invocation import DbtOutcome

ROWS = "seeds/reference/publication_rows.csv"
COLUMNS = "seeds/reference/publication_columns.csv"
SECTORS = "seeds/reference/sectors.csv"
RESPONSE_TYPES = "seeds/reference/response_types.csv"
QUESTIONS = "seeds/reference/questions.csv"
EXIT_INPUT = 2


def run_gates(
    project: Path, built: BuildResult, seeds: Sequence[str], gates: str = "tag:input"
) -> DbtOutcome:
    """`dbt build` of the given seeds and the gates, on a copy of the built warehouse."""
    return build_selected(project, built.warehouse, *seeds, gates)


def uwv_ai_build(project: Path, published_source: Path) -> tuple[int, list[str]]:
    """`uwv-ai build` over a published copy of `published_source` beside the project: exit
    code and error lines. The published copy must not change."""
    published = project.parent / "published.duckdb"
    shutil.copy2(published_source, published)
    before = sha256_of(published)
    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr):
        code = cli.main(["--warehouse", str(published), "build"])
    assert sha256_of(published) == before
    prefix = "error: "
    errors = [
        line[len(prefix) :] for line in stderr.getvalue().splitlines() if line.startswith(prefix)
    ]
    return code, errors


def assert_rejected(outcome: DbtOutcome, *expected: str) -> None:
    assert not outcome.success
    assert outcome.input_rejected, outcome.problems
    for problem in expected:
        assert problem in outcome.problems, outcome.problems


def test_the_committed_reference_data_passes_the_gates(project_copy: Path, built: BuildResult):
    outcome = run_gates(project_copy, built, ["publication_rows", "publication_columns"])
    assert outcome.success, outcome.problems


SECTOR_SWAP = [
    ("2025,8,Bouw,F,", "2025,8,Bouw,I,"),
    ("2025,8,Horeca,I,", "2025,8,Horeca,F,"),
]
SECTOR_SWAP_PROBLEMS = [
    f'{ROWS} line 21, column "sector_code": row "Bouw" maps to sector I, published as "Horeca"',
    f'{ROWS} line 25, column "sector_code": row "Horeca" maps to sector F, published as "Bouw"',
]


def test_sector_codes_swapped_between_two_rows_fail_uwv_ai_build(
    project_copy: Path,
    built: BuildResult,
    edit_file: Callable[[Path, str, str], None],
    monkeypatch: pytest.MonkeyPatch,
):
    for old, new in SECTOR_SWAP:
        edit_file(project_copy / ROWS, old, new)
    monkeypatch.setenv("UWV_AI_PROJECT_DIR", str(project_copy))
    code, errors = uwv_ai_build(project_copy, built.warehouse)
    assert code == EXIT_INPUT, errors
    assert sorted(errors) == SECTOR_SWAP_PROBLEMS


def test_single_choice_switched_to_not_exclusive_fails_uwv_ai_build(
    project_copy: Path,
    built: BuildResult,
    edit_file: Callable[[Path, str, str], None],
    monkeypatch: pytest.MonkeyPatch,
):
    edit_file(project_copy / RESPONSE_TYPES, "single_choice,true", "single_choice,false")
    monkeypatch.setenv("UWV_AI_PROJECT_DIR", str(project_copy))
    code, errors = uwv_ai_build(project_copy, built.warehouse)
    assert code == EXIT_INPUT, errors
    assert (
        f'{RESPONSE_TYPES} line 2, column "answers_are_exclusive": single_choice has exclusive '
        "answers by definition (each respondent gives exactly one answer), so it must be true, "
        "not false"
    ) in errors
    # The questions it switched off are named too, by their line in questions.csv.
    assert any(error.startswith(f'{QUESTIONS} line 2, column "response_type"') for error in errors)


LABEL_CASES = {
    "size class swapped": (
        ROWS,
        "2025,9,20 t/m 99 werkzame personen,_T,20-99",
        "2025,9,20 t/m 99 werkzame personen,_T,GE100",
        f'{ROWS} line 37, column "size_class_code": row "20 t/m 99 werkzame personen" maps to '
        'size class GE100, published as "100+ werkzame personen"',
    ),
    "answer of a column": (
        COLUMNS,
        "2025,8,2024,Nauwelijks,2024,,,HARDLY",
        "2025,8,2024,Nauwelijks,2024,,,NOT_AT_ALL",
        f'{COLUMNS} line 13, column "answer_code": column "Nauwelijks" maps to answer NOT_AT_ALL '
        'of AI_USE_NOW, published as "Helemaal niet"',
    ),
    "survey year of a column": (
        COLUMNS,
        "2025,8,2024,Nauwelijks,2024,",
        "2025,8,2024,Nauwelijks,2025,",
        f'{COLUMNS} line 13, column "survey_year": column "2024 | Nauwelijks" maps to survey '
        'year 2025, published as "2025"',
    ),
    "population of a column": (
        COLUMNS,
        "van AI,,GUIDING,,",
        "van AI,,PREPARING,,",
        f'{COLUMNS} line 32, column "population_code": column "Werkgevers die hun werknemers '
        'begeleiden bij het huidige gebruik van AI" maps to population PREPARING, published as '
        '"Werkgevers die hun werknemers voorbereiden op het toekomstige gebruik van AI"',
    ),
    "answer of a row": (
        ROWS,
        "2025,7,Anders,,,,,OTHER",
        "2025,7,Anders,,,,,PILOTS",
        f'{ROWS} line 15, column "answer_code": row "Anders" maps to answer PILOTS of '
        'AI_SUPPORT_MEASURES, published as "Pilotprojecten om het gebruik van AI te testen"',
    ),
    "sector name": (
        SECTORS,
        "F,F,Bouw,",
        "F,F,Horeca,",
        f'{SECTORS} line 4, column "name_nl": sector F is named "Horeca", which figure 15 '
        'gives to "I Horeca"',
    ),
}


@pytest.mark.parametrize("case", LABEL_CASES)
def test_a_label_that_is_not_the_name_of_its_code_is_rejected(
    case: str,
    project_copy: Path,
    built: BuildResult,
    edit_file: Callable[[Path, str, str], None],
):
    path, old, new, expected = LABEL_CASES[case]
    edit_file(project_copy / path, old, new)
    outcome = run_gates(project_copy, built, [Path(path).stem])
    assert_rejected(outcome, expected)


SWITCH_OFF_CASES = {
    "yes_no not exclusive": (
        RESPONSE_TYPES,
        "yes_no,true",
        "yes_no,false",
        f'{RESPONSE_TYPES} line 3, column "answers_are_exclusive": yes_no has exclusive answers '
        "by definition (each respondent answers either yes or no), so it must be true, not false",
    ),
    "single-choice question made multi_response": (
        QUESTIONS,
        "over vijf jaar?,single_choice",
        "over vijf jaar?,multi_response",
        f'{QUESTIONS} line 3, column "response_type": question AI_USE_5Y is multi_response, '
        f"declared not exclusive ({RESPONSE_TYPES} line 4), yet its shares add up to 100% in all "
        "19 printed groups: its answers exclude each other, so the sum rule must apply",
    ),
    "unknown response type": (
        QUESTIONS,
        "AI-gebruik?,yes_no",
        "AI-gebruik?,yes-no",
        f'{QUESTIONS} line 5, column "response_type": question AI_GUIDANCE has the unknown '
        f'response type "yes-no" ({RESPONSE_TYPES} defines single_choice, yes_no, multi_response)',
    ),
}


@pytest.mark.parametrize("case", SWITCH_OFF_CASES)
def test_reference_data_cannot_switch_the_sum_rule_off(
    case: str,
    project_copy: Path,
    built: BuildResult,
    edit_file: Callable[[Path, str, str], None],
):
    path, old, new, expected = SWITCH_OFF_CASES[case]
    edit_file(project_copy / path, old, new)
    outcome = run_gates(project_copy, built, [Path(path).stem])
    assert_rejected(outcome, expected)
