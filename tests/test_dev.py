"""`uwv-ai dev`: after an edit, only what depends on it is rebuilt, and its tests still run."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb

from uwv_ai.dev import dev_build, dev_warehouse

SEED = "seeds/publication/fig12_measures.csv"


def _horeca_training(warehouse: Path) -> float:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return connection.execute("""
            select share_pct from marts.fct_survey_share
            where question_code = 'AI_SUPPORT_MEASURES' and sector_code = 'I'
              and answer_code = 'EXPERIMENTING' and survey_year = 2025
        """).fetchone()[0]


def test_an_edited_cell_rebuilds_its_dependants_only(
    project_copy: Path, edit_file: Callable[[Path, str, str], None]
):
    warehouse = dev_warehouse(project_copy)
    full = dev_build(project_copy, warehouse, full=True)
    assert full.success, full.problems
    assert _horeca_training(warehouse) == 75

    unchanged = dev_build(project_copy, warehouse)
    assert unchanged.success and unchanged.nodes_run == 0

    edit_file(project_copy / SEED, "2025,Horeca,94%,75%,", "2025,Horeca,94%,76%,")
    edited = dev_build(project_copy, warehouse)
    assert edited.success, edited.problems
    assert 0 < edited.nodes_run < full.nodes_run
    assert _horeca_training(warehouse) == 76


def test_an_edit_that_breaks_a_test_fails_the_dev_build(
    project_copy: Path, edit_file: Callable[[Path, str, str], None]
):
    warehouse = dev_warehouse(project_copy)
    assert dev_build(project_copy, warehouse, full=True).success
    # Figure 7 repeats figure 12's total row: a different total breaks that agreement.
    edit_file(project_copy / SEED, "2025,Totaal,89%,79%,", "2025,Totaal,88%,79%,")
    outcome = dev_build(project_copy, warehouse)
    assert not outcome.success
    assert any("single_value_per_group" in problem for problem in outcome.problems)
