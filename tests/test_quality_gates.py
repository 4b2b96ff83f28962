"""Each quality gate stops the build, naming the check and the cell or claim.

Gates: a wrong number in a seed, a claim whose expected value is wrong, a number printed in
two places that disagrees, a new undocumented mismatch, and a stale known discrepancy.
Each case breaks a seed of the scratch project and rebuilds what that seed reaches on a copy
of the built warehouse (`rebuild`); the first goes through the whole `uwv-ai build`, which
must exit 1, leave the published file as it was and no candidate behind.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from tests.conftest import Rebuild, dbt_database, reached_by
from tests.test_input_gates import uwv_ai_build
from uwv_ai.build import BuildResult
from uwv_ai.dbt_invocation import PUBLISH_TARGET, DbtOutcome, run_dbt

CLAIMS = "seeds/quality/claims.csv"
KNOWN = "seeds/quality/known_claim_discrepancies.csv"
FIG04 = "seeds/publication/fig04_consequences_trend.csv"
FIG10 = "seeds/publication/fig10_expected_consequences.csv"


def _problem(outcome: DbtOutcome, check: str) -> str:
    assert not outcome.success
    matching = [problem for problem in outcome.problems if check in problem]
    assert matching, outcome.problems
    return matching[0]


def test_wrong_number_in_a_seed_is_caught_by_the_claim_that_quotes_it(
    project_copy: Path,
    built: BuildResult,
    edit_file: Callable[[Path, str, str], None],
    monkeypatch: pytest.MonkeyPatch,
):
    # Figure 10, Onderwijs, training needs: printed 83%, quoted by the figure 5 box.
    edit_file(project_copy / FIG10, "Onderwijs,83%", "Onderwijs,84%")
    # The whole `uwv-ai build` over a published warehouse: a failed invariant exits 1 and
    # leaves the published file as it was (uwv_ai_build checks its bytes), and no candidate.
    monkeypatch.setenv("UWV_AI_PROJECT_DIR", str(project_copy))
    code, errors = uwv_ai_build(project_copy, built.warehouse)
    assert code == 1, errors
    assert not list(project_copy.parent.glob("published.duckdb.candidate*"))
    [problem] = [error for error in errors if "assert_claim_mismatches_are_explained" in error]
    assert "claim_id=C085" in problem
    assert "expected=83" in problem and "observed=P 84" in problem


def test_claim_with_a_wrong_expected_value_fails(
    project_copy: Path, edit_file: Callable[[Path, str, str], None], rebuild: Rebuild
):
    edit_file(
        project_copy / CLAIMS,
        "ALL,P,_T,2025,,,,,,,83,",
        "ALL,P,_T,2025,,,,,,,85,",
    )
    problem = _problem(rebuild(*reached_by(CLAIMS)), "assert_claim_mismatches_are_explained")
    assert "claim_id=C085" in problem and "expected=85" in problem


def test_a_repeated_number_that_disagrees_fails(
    project_copy: Path, edit_file: Callable[[Path, str, str], None], rebuild: Rebuild
):
    # Figure 4's 2025 bar for job losses repeats figure 10's Totaal (10%).
    edit_file(
        project_copy / FIG04, "banen zullen verdwijnen,10%,6%", "banen zullen verdwijnen,11%,6%"
    )
    problem = _problem(rebuild(*reached_by(FIG04)), "single_value_per_group")
    assert "answer_code=JOBS_LOST" in problem and "values_seen=10, 11" in problem


def test_a_new_claim_the_tables_contradict_fails_until_explained(
    project_copy: Path, rebuild: Rebuild
):
    new_claim = (
        "C999,impact,10,value,Synthetic claim that half expect new jobs,"
        "Synthetische bewering dat de helft nieuwe banen verwacht,2025,AI_IMPACT_5Y,"
        "NEW_JOBS,ALL,_T,_T,2025,,,,,,,50,,,,,\n"
    )
    with (project_copy / CLAIMS).open("a", encoding="utf-8") as claims:
        claims.write(new_claim)
    problem = _problem(rebuild(*reached_by(CLAIMS)), "assert_claim_mismatches_are_explained")
    assert "claim_id=C999" in problem and "observed=_T 15" in problem

    with (project_copy / KNOWN).open("a", encoding="utf-8") as known:
        known.write("C999,wording,A synthetic claim that is wrong on purpose.,Een testregel.\n")
    explained = rebuild(*reached_by(CLAIMS, KNOWN))
    assert explained.success, explained.problems
    assert any("warn_known_claim_discrepancies: 23" in w for w in explained.warnings)


def test_a_known_discrepancy_that_no_longer_applies_fails(project_copy: Path, rebuild: Rebuild):
    # C085 matches the tables; listing it as a known discrepancy is stale.
    with (project_copy / KNOWN).open("a", encoding="utf-8") as known:
        known.write("C085,wording,A test entry for a claim that matches.,Een testregel.\n")
    problem = _problem(rebuild(*reached_by(KNOWN)), "assert_known_discrepancies_still_apply")
    assert "claim_id=C085" in problem and "status=match" in problem


def test_the_claims_are_a_side_branch_of_the_fact_table(built: BuildResult, scratch_project: Path):
    """Editing a claim or a known discrepancy rebuilds the quality models and the flags, never
    the fact table: nothing upstream of fct_survey_share reads seeds/quality/."""
    manifest = json.loads((scratch_project / PUBLISH_TARGET / "manifest.json").read_text())
    nodes = {**manifest["nodes"], **manifest["sources"]}
    ancestors, todo = set(), ["model.uwv_ai.fct_survey_share"]
    while todo:
        for parent in manifest["parent_map"].get(todo.pop(), []):
            if parent not in ancestors:
                ancestors.add(parent)
                todo.append(parent)
    paths = {nodes[node]["original_file_path"] for node in ancestors}
    assert "seeds/publication/fig08_current_ai_use.csv" in paths
    assert not [path for path in paths if path.startswith("seeds/quality/") or "claim" in path]


def test_a_figure_holding_fewer_cells_than_printed_stops_publication(
    project_copy: Path, edit_file: Callable[[Path, str, str], None], rebuild: Rebuild
):
    # Declare one cell more for figure 6 than its layout and seed give: every other check
    # passes, the printed-cell count does not.
    figures = "seeds/reference/publication_figures.csv"
    edit_file(project_copy / figures, "(right),2025,2025,,,_T,_T,4", "(right),2025,2025,,,_T,_T,5")
    outcome = rebuild(*reached_by(figures))
    assert outcome.problems == [
        f'{figures}, figure 6 of edition 2025, column "printed_cells":'
        " the publication prints 5 cells, the warehouse holds 4"
    ]
    assert outcome.input_rejected and not outcome.success


def test_a_claim_naming_a_figure_that_does_not_exist_is_an_input_error(
    project_copy: Path, edit_file: Callable[[Path, str, str], None], rebuild: Rebuild
):
    edit_file(project_copy / CLAIMS, "C085,impact_by_sector,10,", "C085,impact_by_sector,16,")
    outcome = rebuild(*reached_by(CLAIMS))
    assert outcome.problems == [
        f'{CLAIMS} line 86, column "figure": figure 16 does not exist'
        " (the publication has figures 1 to 15)"
    ]
    assert outcome.input_rejected and not outcome.success


def test_a_claim_of_an_unknown_kind_is_an_input_error(
    project_copy: Path, edit_file: Callable[[Path, str, str], None], rebuild: Rebuild
):
    edit_file(
        project_copy / CLAIMS, "C085,impact_by_sector,10,value,", "C085,impact_by_sector,10,valeu,"
    )
    outcome = rebuild(*reached_by(CLAIMS))
    assert outcome.problems[0].startswith(
        f'{CLAIMS} line 86, column "claim_kind": unknown kind "valeu" (one of value, change,'
    )
    assert outcome.input_rejected and not outcome.success


def test_every_percentage_of_the_analysis_marts_is_checked(
    built: BuildResult, scratch_project: Path
):
    # A writable copy with one impossible change, as a wrong model would produce it; then the
    # marts' own tests, without rebuilding them.
    copy = dbt_database(scratch_project)
    shutil.copy2(built.warehouse, copy)
    with duckdb.connect(str(copy)) as connection:
        connection.execute("""
            update marts.mart_ai_use_current_vs_expected set high_change_pp = 130
            where sector_code = 'J' and size_class_code = '_T'
        """)
    selected = "test_name:column_contract,path:models/marts/analysis"
    outcome = run_dbt(["test", "--select", selected], scratch_project, copy)
    copy.unlink()
    manifest = json.loads((scratch_project / "build/dbt/target/manifest.json").read_text())
    nodes = manifest["nodes"].values()
    analysis_marts = {
        node["unique_id"]
        for node in nodes
        if node["resource_type"] == "model"
        and node["original_file_path"].startswith("models/marts/analysis/")
        and node["config"]["materialized"] == "table"
    }
    measured = {
        node["attached_node"]
        for node in nodes
        if (node.get("test_metadata") or {}).get("kwargs", {}).get("measures_in_range") is True
    }
    assert len(analysis_marts) >= 5 and analysis_marts <= measured
    assert outcome.nodes_run >= 5, outcome.problems
    assert outcome.problems == [
        "test column_contract_mart_ai_use_current_vs_expected failed: Got 1 result,"
        " configured to fail if != 0; first: failed_check=measure_range,"
        " column_names=high_change_pp, failing_value=130.0, expected=from -100 to 100,"
        " failing_rows=1, row_key=None"
    ]


def test_a_discrepancy_category_that_sets_no_quality_flag_fails(
    project_copy: Path, edit_file: Callable[[Path, str, str], None], rebuild: Rebuild
):
    """A category without a flag in the code list would flag nothing: the build stops."""
    edit_file(project_copy / KNOWN, "C002,wording,", "C002,wordng,")
    problem = _problem(
        rebuild(*reached_by(KNOWN)), "column_contract_stg_uwv__known_claim_discrepancies"
    )
    assert "failed_check=foreign_key" in problem and "failing_value=wordng" in problem
