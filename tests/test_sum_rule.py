"""The design's central rule: exclusive answers sum to 100 within rounding, others are exempt.

Each case changes one seed and rebuilds what it reaches (the fact table, the marts and their
tests) on a copy of the built warehouse.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import Rebuild, reached_by

FIG09 = "seeds/publication/fig09_expected_ai_use.csv"
FIG10 = "seeds/publication/fig10_expected_consequences.csv"


def test_single_choice_row_that_no_longer_sums_to_100_fails_the_build(
    project_copy: Path, edit_file: Callable[[Path, str, str], None], rebuild: Rebuild
):
    # Horeca, expected use in 5 years: 7 + 33 + 33 + 27 = 100. With 17 the sum is 110,
    # beyond the tolerance of 4 answers x 0.5 = 2 points.
    edit_file(project_copy / FIG09, "Horeca,7%,33%,33%,27%", "Horeca,17%,33%,33%,27%")
    outcome = rebuild(*reached_by(FIG09))
    assert not outcome.success
    assert len(outcome.problems) == 1, outcome.problems
    problem = outcome.problems[0]
    assert problem.startswith("test exclusive_shares_sum_to_100_fct_survey_share_")
    # The message names the offending group: Horeca (I), all sizes, question and sum.
    assert "sector_code=I, size_class_code=_T, question_code=AI_USE_5Y" in problem
    assert "total_pct=110" in problem


def test_sum_within_rounding_tolerance_passes(
    project_copy: Path, edit_file: Callable[[Path, str, str], None], rebuild: Rebuild
):
    # 9 + 33 + 33 + 27 = 102: exactly the tolerance of 4 x 0.5, which rounding can explain.
    edit_file(project_copy / FIG09, "Horeca,7%,33%,33%,27%", "Horeca,9%,33%,33%,27%")
    outcome = rebuild(*reached_by(FIG09))
    assert outcome.success, outcome.problems


def test_same_change_in_a_multi_response_table_does_not_trip_the_rule(
    project_copy: Path, edit_file: Callable[[Path, str, str], None], rebuild: Rebuild
):
    # Horeca, expected consequences (multi-response): +10 points on one item.
    edit_file(
        project_copy / FIG10, "Horeca,31%,19%,13%,14%,12%,6%", "Horeca,41%,19%,13%,14%,12%,6%"
    )
    outcome = rebuild(*reached_by(FIG10))
    assert outcome.success, outcome.problems
