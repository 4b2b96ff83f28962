"""A new survey edition is a data-only change, and every gate applies to it.

A synthetic 2026 edition reprints figures 6, 7, 9, 10, 12 and 13 (the ones whose headers do
not name a year) with survey year 2026: new rows in the published-table seeds, the layout
seeds, survey_editions and claims. No SQL, YAML or Python changes. The edition is built and
published once; each gate test breaks one of its seeds and rebuilds what that seed reaches.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from tests.conftest import build_selected, reached_by, restore_project
from uwv_ai.build import BuildResult, build

FIGURES = {"6", "7", "9", "10", "12", "13"}
FIG09 = "seeds/publication/fig09_expected_ai_use.csv"
FIG10 = "seeds/publication/fig10_expected_consequences.csv"


def _append_rows(path: Path, rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(buffer.getvalue())


def _read(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    return header, rows


def add_edition_2026(project: Path) -> None:
    """Reprint the 2025 numbers of FIGURES as a 2026 edition about survey year 2026."""
    reference = project / "seeds" / "reference"
    header, figures = _read(reference / "publication_figures.csv")
    column = {name: i for i, name in enumerate(header)}
    reprinted = [row for row in figures if row[column["figure"]] in FIGURES]
    new_figures = []
    for row in reprinted:
        row = list(row)
        row[column["edition"]] = "2026"
        row[column["survey_year"]] = "2026"
        new_figures.append(row)
        seed = project / "seeds" / "publication" / f"{row[column['seed_name']]}.csv"
        _, printed = _read(seed)
        _append_rows(seed, [["2026", *line[1:]] for line in printed if line[0] == "2025"])
    _append_rows(reference / "publication_figures.csv", new_figures)
    for layout in ("publication_rows.csv", "publication_columns.csv"):
        _, rows = _read(reference / layout)
        _append_rows(
            reference / layout,
            [["2026", *row[1:]] for row in rows if row[0] == "2025" and row[1] in FIGURES],
        )
    _append_rows(
        reference / "survey_editions.csv",
        [
            [
                "2026",
                "2026",
                "Synthetic test edition",
                "2027",
                "UWV",
                "",
                "najaar 2026",
                "",
                "",
                "1000",
                "",
                "",
                "",
                "",
                "",
                "",
                "synthetic",
                "synthetic",
            ]
        ],
    )
    _append_rows(
        project / "seeds" / "quality" / "claims.csv",
        [
            [
                "C900",
                "use_in_5y",
                "9",
                "value",
                "Synthetic: high expected use in 2026",
                "Synthetisch: veel verwacht gebruik in 2026",
                "2026",
                "AI_USE_5Y",
                "HIGH",
                "ALL",
                "_T",
                "_T",
                "2026",
                "",
                "",
                "",
                "",
                "",
                "",
                "23",
                "",
                "",
                "",
                "",
                "",
            ]
        ],
    )


@pytest.fixture(scope="module")
def built_2026(
    scratch_project: Path, built: BuildResult, tmp_path_factory: pytest.TempPathFactory
) -> BuildResult:
    """The warehouse built and published once from the project with the 2026 edition."""
    restore_project(scratch_project)
    add_edition_2026(scratch_project)
    try:
        return build(scratch_project, tmp_path_factory.mktemp("built_2026") / "published.duckdb")
    finally:
        restore_project(scratch_project)


@pytest.fixture
def project_2026(project_copy: Path) -> Path:
    add_edition_2026(project_copy)
    return project_copy


def test_new_edition_builds_and_is_queryable(built_2026: BuildResult):
    result = built_2026
    assert result.published, result.outcome.problems
    with duckdb.connect(str(result.warehouse), read_only=True) as connection:
        cells = connection.execute(
            "select count(*) from marts.publication_cells where edition = 2026"
        ).fetchone()[0]
        observations = connection.execute(
            "select count(*) from marts.fct_survey_share where survey_year = 2026"
        ).fetchone()[0]
        claim = connection.execute(
            "select status from quality.claim_checks where claim_id = 'C900'"
        ).fetchone()[0]
    # Figures 9, 10, 12, 13, 6 and 7 print 76 + 114 + 114 + 15 + 4 + 6 numbers; figure 7
    # and figure 13's total column repeat figure 12's total row (6 + 5 observations).
    assert cells == 76 + 114 + 114 + 15 + 4 + 6
    assert observations == cells - 6 - 5
    assert claim == "match"


# The gates: one seed of the new edition broken, and what it reaches rebuilt on a copy of
# the warehouse built with the edition.


def test_sum_rule_applies_to_the_new_edition(
    project_2026: Path, built_2026: BuildResult, edit_file: Callable[[Path, str, str], None]
):
    edit_file(project_2026 / FIG09, "2026,Horeca,7%,33%,33%,27%", "2026,Horeca,17%,33%,33%,27%")
    outcome = build_selected(project_2026, built_2026.warehouse, *reached_by(FIG09))
    assert not outcome.success
    [problem] = outcome.problems
    assert "exclusive_shares_sum_to_100" in problem and "survey_year=2026" in problem


def test_claim_gate_applies_to_the_new_edition(
    project_2026: Path, built_2026: BuildResult, edit_file: Callable[[Path, str, str], None]
):
    edit_file(project_2026 / FIG09, "2026,Totaal,23%,39%,25%,14%", "2026,Totaal,24%,38%,25%,14%")
    outcome = build_selected(project_2026, built_2026.warehouse, *reached_by(FIG09))
    assert not outcome.success
    assert any(
        "assert_claim_mismatches_are_explained" in p and "claim_id=C900" in p
        for p in outcome.problems
    ), outcome.problems


def test_row_label_check_applies_to_the_new_edition(
    project_2026: Path, built_2026: BuildResult, edit_file: Callable[[Path, str, str], None]
):
    edit_file(project_2026 / FIG10, "2026,Bouw,", "2026,Bouwnijverheid,")
    outcome = build_selected(project_2026, built_2026.warehouse, *reached_by(FIG10))
    assert not outcome.success and outcome.input_rejected
    assert any('unknown row label "Bouwnijverheid"' in p for p in outcome.problems), (
        outcome.problems
    )
