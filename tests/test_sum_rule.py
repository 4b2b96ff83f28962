"""The design's central rule: exclusive answers sum to 100 within rounding, others are exempt."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from uwv_ai.build import build


def test_single_choice_row_that_no_longer_sums_to_100_fails_the_build(
    project_copy: Path, edit_file: Callable[[Path, str, str], None]
):
    # Horeca, expected use in 5 years: 7 + 33 + 33 + 27 = 100. With 17 the sum is 110,
    # beyond the tolerance of 4 answers x 0.5 = 2 points.
    edit_file(
        project_copy / "seeds/publication/fig09_expected_ai_use.csv",
        "Horeca,7%,33%,33%,27%",
        "Horeca,17%,33%,33%,27%",
    )
    result = build(project_copy, project_copy.parent / "warehouse.duckdb")
    assert not result.published
    assert len(result.outcome.problems) == 1, result.outcome.problems
    assert result.outcome.problems[0].startswith(
        "test exclusive_shares_sum_to_100_fct_survey_share_"
    )


def test_sum_within_rounding_tolerance_passes(
    project_copy: Path, edit_file: Callable[[Path, str, str], None]
):
    # 9 + 33 + 33 + 27 = 102: exactly the tolerance of 4 x 0.5, which rounding can explain.
    edit_file(
        project_copy / "seeds/publication/fig09_expected_ai_use.csv",
        "Horeca,7%,33%,33%,27%",
        "Horeca,9%,33%,33%,27%",
    )
    result = build(project_copy, project_copy.parent / "warehouse.duckdb")
    assert result.published, result.outcome.problems


def test_same_change_in_a_multi_response_table_does_not_trip_the_rule(
    project_copy: Path, edit_file: Callable[[Path, str, str], None]
):
    # Horeca, expected consequences (multi-response): +10 points on one item.
    edit_file(
        project_copy / "seeds/publication/fig10_expected_consequences.csv",
        "Horeca,31%,19%,13%,14%,12%,6%",
        "Horeca,41%,19%,13%,14%,12%,6%",
    )
    result = build(project_copy, project_copy.parent / "warehouse.duckdb")
    assert result.published, result.outcome.problems
