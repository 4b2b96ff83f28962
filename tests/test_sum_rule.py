"""The design's central rule: exclusive answers sum to 100 within rounding, others are exempt."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from uwv_ai.build import BuildResult, build

FIG09 = "seeds/publication/fig09_expected_ai_use.csv"
FIG10 = "seeds/publication/fig10_expected_consequences.csv"


def _build_with_change(
    project: Path, edit_file: Callable[[Path, str, str], None], seed: str, old: str, new: str
) -> BuildResult:
    edit_file(project / seed, old, new)
    return build(project, project.parent / "warehouse.duckdb")


def test_single_choice_row_that_no_longer_sums_to_100_fails_the_build(
    project_copy: Path, edit_file: Callable[[Path, str, str], None]
):
    # Horeca, expected use in 5 years: 7 + 33 + 33 + 27 = 100. With 17 the sum is 110,
    # beyond the tolerance of 4 answers x 0.5 = 2 points.
    result = _build_with_change(
        project_copy, edit_file, FIG09, "Horeca,7%,33%,33%,27%", "Horeca,17%,33%,33%,27%"
    )
    assert not result.published
    assert len(result.outcome.problems) == 1, result.outcome.problems
    problem = result.outcome.problems[0]
    assert problem.startswith("test exclusive_shares_sum_to_100_fct_survey_share_")
    # The message names the offending group: Horeca (I), all sizes, question and sum.
    assert "sector_code=I, size_class_code=_T, question_code=AI_USE_5Y" in problem
    assert "total_pct=110" in problem


def test_sum_within_rounding_tolerance_passes(
    project_copy: Path, edit_file: Callable[[Path, str, str], None]
):
    # 9 + 33 + 33 + 27 = 102: exactly the tolerance of 4 x 0.5, which rounding can explain.
    result = _build_with_change(
        project_copy, edit_file, FIG09, "Horeca,7%,33%,33%,27%", "Horeca,9%,33%,33%,27%"
    )
    assert result.published, result.outcome.problems


def test_same_change_in_a_multi_response_table_does_not_trip_the_rule(
    project_copy: Path, edit_file: Callable[[Path, str, str], None]
):
    # Horeca, expected consequences (multi-response): +10 points on one item.
    result = _build_with_change(
        project_copy,
        edit_file,
        FIG10,
        "Horeca,31%,19%,13%,14%,12%,6%",
        "Horeca,41%,19%,13%,14%,12%,6%",
    )
    assert result.published, result.outcome.problems
