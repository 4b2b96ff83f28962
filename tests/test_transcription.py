"""The build verifies the seeds against the publication's extracted text, and this proves it.

The check itself is the dbt test tests/dbt/assert_seeds_match_the_source_text.sql, run by
every `dbt build` when UWV_AI_SOURCE_TEXT names the text. Here: the committed seeds pass it,
each plausible transcription error fails it with a line naming the seed, its line and the
source line, and without the variable the build still runs and says so. The text is not
part of the project: the tests that need it skip when it is not beside the clone.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.test_input_gates import EXIT_INPUT, assert_rejected, run_gates, uwv_ai_build
from uwv_ai.build import SOURCE_TEXT_ENV, BuildResult, build
from uwv_ai.publish import read_status

SOURCE = REPO.parent / "shared" / "source" / "uwv-ai-werkgevers-2025.txt"
GATE = "assert_seeds_match_the_source_text"
FIG08 = "seeds/publication/fig08_current_ai_use.csv"
FIG09 = "seeds/publication/fig09_expected_ai_use.csv"
FIG12 = "seeds/publication/fig12_measures.csv"


@pytest.fixture
def source_text(monkeypatch: pytest.MonkeyPatch) -> Path:
    """The path of the publication's text, given to the build; skips when it is absent."""
    if not SOURCE.is_file():
        pytest.skip(f"the publication's text is not at {SOURCE} (only developers and CI have it)")
    monkeypatch.setenv(SOURCE_TEXT_ENV, str(SOURCE))
    return SOURCE


def test_a_build_with_the_source_text_passes_and_records_it(source_text: Path, project_copy: Path):
    result = build(project_copy, project_copy.parent / "published.duckdb")
    assert result.published, result.outcome.problems
    status = read_status(result.warehouse)
    assert status["source_verification"] == f"verified against {source_text}"
    assert not any(warning.startswith(GATE) for warning in status["warnings"])


# Each error keeps the shape of the table (and, for figure 8's Totaal, its sums).
TRANSCRIPTION_ERRORS = {
    "figure 8 Horeca's 2025 and 2024 blocks swapped": (
        [(FIG08, "Horeca,3%,13%,35%,49%,1%,4%,18%,78%", "Horeca,1%,4%,18%,78%,3%,13%,35%,49%")],
        [
            f'{FIG08} line 17: row "Horeca 1% 4% 18% 78% 3% 13% 35% 49%" is not in the source; '
            'the source prints "Horeca 3% 13% 35% 49% 1% 4% 18% 78%" (line 588)'
        ],
    ),
    "figure 9 Horeca and Bouw values swapped": (
        [
            (FIG09, "Bouw,13%,33%,30%,23%", "Bouw,7%,33%,33%,27%"),
            (FIG09, "Horeca,7%,33%,33%,27%", "Horeca,13%,33%,30%,23%"),
        ],
        [
            f'{FIG09} line 17: row "Bouw 7% 33% 33% 27%" is not in the source; '
            'the source prints "Bouw 13% 33% 30% 23%" (line 643)',
            f'{FIG09} line 20: row "Horeca 13% 33% 30% 23%" is not in the source; '
            'the source prints "Horeca 7% 33% 33% 27%" (line 649)',
        ],
    ),
    "figure 8 Totaal 2025 7 to 8 and 25 to 24": (
        [(FIG08, "2025,Totaal,7%,25%,", "2025,Totaal,8%,24%,")],
        [
            f'{FIG08} line 2: row "Totaal 8% 24% 34% 34% 3% 13% 23% 60%" is not in the source; '
            'the source prints "Totaal 7% 25% 34% 34% 3% 13% 23% 60%" (line 554)'
        ],
    ),
    "one value +2": (
        [(FIG09, "Horeca,7%,33%,33%,27%", "Horeca,9%,33%,33%,27%")],
        [
            f'{FIG09} line 20: row "Horeca 9% 33% 33% 27%" is not in the source; '
            'the source prints "Horeca 7% 33% 33% 27%" (line 649)'
        ],
    ),
    "figure 12 value off by 10": (
        [(FIG12, "2025,Totaal,89%,", "2025,Totaal,99%,")],
        [
            f'{FIG12} line 2: row "Totaal 99% 79% 68% 65% 56% 7%" is not in the source; '
            'the source prints "Totaal 89% 79% 68% 65% 56% 7%" (line 785)'
        ],
    ),
}


@pytest.mark.parametrize("case", TRANSCRIPTION_ERRORS)
def test_a_transcription_error_fails_the_build_naming_seed_and_source_line(
    case: str,
    source_text: Path,
    project_copy: Path,
    built: BuildResult,
    edit_file: Callable[[Path, str, str], None],
):
    edits, expected = TRANSCRIPTION_ERRORS[case]
    for path, old, new in edits:
        edit_file(project_copy / path, old, new)
    seeds = sorted({Path(path).stem for path, _, _ in edits})
    outcome = run_gates(project_copy, built, seeds, GATE)
    assert_rejected(outcome, *expected)
    assert len(outcome.problems) == len(expected), outcome.problems


CHART_ERRORS = {
    "figure 4 years swapped in one row": (
        "seeds/publication/fig04_consequences_trend.csv",
        "49%,51%",
        "51%,49%",
        "seeds/publication/fig04_consequences_trend.csv lines 2-7: the chart values",
    ),
    "figure 6 yes and no swapped": (
        "seeds/publication/fig06_guidance_and_preparation.csv",
        "61%,39%",
        "39%,61%",
        "seeds/publication/fig06_guidance_and_preparation.csv line 2: the chart values",
    ),
    "figure 7 recovered value changed": (
        "seeds/publication/fig07_measures_total.csv",
        "79%",
        "78%",
        'seeds/publication/fig07_measures_total.csv line 3: the recovered value "78%"',
    ),
    "figure 15 name changed": (
        "seeds/publication/fig15_sector_names.csv",
        "F Bouwnijverheid,Bouw",
        "F Bouwnijverheid,Bouwen",
        'seeds/publication/fig15_sector_names.csv line 3: row "F Bouwnijverheid Bouwen" is not '
        "in the source",
    ),
}


@pytest.mark.parametrize("case", CHART_ERRORS)
def test_charts_and_sector_names_are_verified_too(
    case: str,
    source_text: Path,
    project_copy: Path,
    built: BuildResult,
    edit_file: Callable[[Path, str, str], None],
):
    path, old, new, expected = CHART_ERRORS[case]
    edit_file(project_copy / path, old, new)
    outcome = run_gates(project_copy, built, [Path(path).stem], GATE)
    assert not outcome.success
    assert outcome.input_rejected
    assert any(problem.startswith(expected) for problem in outcome.problems), outcome.problems


def test_uwv_ai_build_exits_2_on_a_transcription_error(
    source_text: Path,
    project_copy: Path,
    built: BuildResult,
    edit_file: Callable[[Path, str, str], None],
    monkeypatch: pytest.MonkeyPatch,
):
    edit_file(project_copy / FIG08, "2025,Totaal,7%,25%,", "2025,Totaal,8%,24%,")
    monkeypatch.setenv("UWV_AI_PROJECT_DIR", str(project_copy))
    code, errors = uwv_ai_build(project_copy, built.warehouse)
    assert code == EXIT_INPUT, errors
    assert errors == [TRANSCRIPTION_ERRORS["figure 8 Totaal 2025 7 to 8 and 25 to 24"][1][0]]


def test_a_source_path_that_does_not_exist_fails_with_one_line(
    project_copy: Path, built: BuildResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    missing = tmp_path / "no-such-text.txt"
    monkeypatch.setenv(SOURCE_TEXT_ENV, str(missing))
    outcome = run_gates(project_copy, built, [], GATE)
    assert_rejected(
        outcome,
        f'UWV_AI_SOURCE_TEXT names "{missing}", which does not exist: the seeds cannot be '
        "verified against the source",
    )


@pytest.mark.parametrize("value", [None, ""])
def test_without_the_source_text_the_build_runs_and_says_so_once(
    value: str | None,
    project_copy: Path,
    built: BuildResult,
    monkeypatch: pytest.MonkeyPatch,
):
    if value is None:
        monkeypatch.delenv(SOURCE_TEXT_ENV, raising=False)
    else:
        monkeypatch.setenv(SOURCE_TEXT_ENV, value)
    outcome = run_gates(project_copy, built, [], GATE)
    assert outcome.success, outcome.problems
    assert outcome.warnings == [f"{GATE}: 1 row(s)"]
