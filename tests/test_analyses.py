"""The example analyses (`analyses/figNN_*.sql`) reproduce the published figures.

dbt compiles every analysis once for this module (against a copy of the built warehouse: compile
opens the file for writing); each compiled query then runs on the built warehouse read-only.
A figure with printed numbers must give exactly the printed cells of `marts.publication_cells`,
row by row and column by column, in the printed row order. A chart without printed numbers is
checked against `marts.fct_survey_share`, the observations the marts are made of.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from tests.conftest import dbt_database
from uwv_ai.build import BuildResult
from uwv_ai.dbt_invocation import PUBLISH_TARGET, run_dbt

REPO = Path(__file__).resolve().parents[1]
EDITION = 2025

# Every figure of the 2025 publication that shows data, chosen independently of the files:
# figure 5 is a text box drawn from figure 10 (it has its own mart), figure 11 prints nothing
# the extraction kept, figure 15 is the list of sector names.
FIGURES_WITH_DATA = (1, 2, 3, 4, 6, 7, 8, 9, 10, 12, 13, 14)
ANALYSIS_FILE = re.compile(r"fig(\d{2})_[a-z0-9_]+\.sql")

USE_LEVELS = {
    "high": ("In (zeer) hoge mate", "HIGH"),
    "reasonable": ("In redelijke mate", "REASONABLE"),
    "hardly": ("Nauwelijks", "HARDLY"),
    "not_at_all": ("Helemaal niet", "NOT_AT_ALL"),
}
MEASURES_POPULATION = (
    "Werkgevers die werknemers begeleiden bij huidig gebruik óf voorbereiden op toekomstig "
    "gebruik van AI"
)


@dataclass(frozen=True)
class PrintedLayout:
    """How an analysis lays out a printed figure.

    `row_key` is the analysis column that names the printed row, `cells_row_key` the column of
    `publication_cells` it matches; `columns` maps each value column of the analysis to the
    printed (column group label, column label).
    """

    row_key: str
    columns: dict[str, tuple[str | None, str]]
    cells_row_key: str = "row_label"


PRINTED = {
    4: PrintedLayout(
        "consequence_label_nl",
        {"share_2025_pct": (None, "2025"), "share_2024_pct": (None, "2024")},
    ),
    # The pies print no stub; the seed names them by the title, the analysis by its question.
    6: PrintedLayout(
        "question_code", {"yes_pct": (None, "Ja"), "no_pct": (None, "Nee")}, "question_code"
    ),
    7: PrintedLayout("measure_label_nl", {"share_pct": (None, MEASURES_POPULATION)}),
    8: PrintedLayout(
        "row_label_nl",
        {
            f"{level}_{year}_pct": (str(year), label)
            for year in (2025, 2024)
            for level, (label, _) in USE_LEVELS.items()
        },
    ),
    9: PrintedLayout(
        "row_label_nl", {f"{level}_pct": (None, label) for level, (label, _) in USE_LEVELS.items()}
    ),
    10: PrintedLayout(
        "row_label_nl",
        {
            "training_needs_change_pct": (None, "scholingsbehoeftes zullen veranderen"),
            "other_skills_needed_pct": (None, "andere vaardigheden nodig zijn bij medewerkers"),
            "jobs_change_strongly_pct": (None, "functies sterk zullen veranderen"),
            "shortages_reduced_pct": (None, "personeelstekorten worden voorkómen of verminderd"),
            "new_jobs_pct": (None, "nieuwe banen zullen bijkomen"),
            "jobs_lost_pct": (None, "banen zullen verdwijnen"),
        },
    ),
    12: PrintedLayout(
        "row_label_nl",
        {
            "peer_learning_pct": (None, "Werknemers van elkaar laten leren over AI"),
            "experimenting_pct": (
                None,
                "Werknemers stimuleren om zelf te gaan experimenteren met AI",
            ),
            "guidelines_pct": (None, "Richtlijnen of afspraken opstellen over het gebruik van AI"),
            "training_pct": (None, "Aanbieden van trainingen en cursussen over AI"),
            "pilots_pct": (None, "Pilotprojecten om het gebruik van AI te testen"),
            "other_pct": (None, "Anders"),
        },
    ),
    13: PrintedLayout(
        "measure_label_nl",
        {
            "total_pct": (None, "Totaal"),
            "guiding_pct": (
                None,
                "Werkgevers die hun werknemers begeleiden bij het huidige gebruik van AI",
            ),
            "preparing_pct": (
                None,
                "Werkgevers die hun werknemers voorbereiden op het toekomstige gebruik van AI",
            ),
        },
    ),
}


@dataclass(frozen=True)
class ChartLayout:
    """How an analysis lays out a chart that prints no numbers.

    One row per bar: the bar's survey year (`year_column`, else 2025), sector and size class
    (`size_column`, else '_T'). `columns` maps each segment column to its (question, answer);
    `sums` each "any use" column to the two segments it adds; `differences` each change column
    to the two columns it subtracts. `bars` selects the chart's bars in `fct_survey_share`.
    """

    label_column: str
    columns: dict[str, tuple[str, str]]
    sums: dict[str, tuple[str, str]]
    bars: str
    year_column: str | None = None
    size_column: str | None = "size_class_code"
    differences: tuple[tuple[str, str, str], ...] = ()


def _use_columns(question: str, prefix: str = "") -> dict[str, tuple[str, str]]:
    return {f"{prefix}{level}_pct": (question, code) for level, (_, code) in USE_LEVELS.items()}


CHARTS = {
    1: ChartLayout(
        "row_label_nl",
        _use_columns("AI_USE_NOW"),
        {"any_use_pct": ("high_pct", "reasonable_pct")},
        "sector_code = '_T' and size_class_code = '_T'",
        year_column="survey_year",
    ),
    2: ChartLayout(
        "row_label_nl",
        _use_columns("AI_USE_NOW"),
        {"any_use_pct": ("high_pct", "reasonable_pct")},
        "survey_year = 2025",
    ),
    3: ChartLayout(
        "row_label_nl",
        _use_columns("AI_USE_5Y"),
        {"any_use_pct": ("high_pct", "reasonable_pct")},
        "survey_year = 2025",
    ),
    14: ChartLayout(
        "sector_label_nl",
        _use_columns("AI_USE_NOW", "current_") | _use_columns("AI_USE_5Y", "expected_"),
        {
            "current_any_use_pct": ("current_high_pct", "current_reasonable_pct"),
            "expected_any_use_pct": ("expected_high_pct", "expected_reasonable_pct"),
        },
        "survey_year = 2025 and size_class_code = '_T'",
        size_column=None,
        differences=(
            ("high_change_pp", "expected_high_pct", "current_high_pct"),
            ("any_use_change_pp", "expected_any_use_pct", "current_any_use_pct"),
        ),
    ),
}


def analysis_files() -> list[Path]:
    return sorted((REPO / "analyses").glob("fig*.sql"))


def figure_of(path: Path) -> int:
    match = ANALYSIS_FILE.fullmatch(path.name)
    assert match, f"{path.name} is not named figNN_<what>.sql"
    return int(match.group(1))


@pytest.fixture(scope="module")
def compiled_sql(built: BuildResult, scratch_project: Path) -> dict[str, str]:
    """Every analysis compiled by dbt, by file stem (one dbt invocation for the module)."""
    # The compiled SQL names no catalog (macros/ref.sql): it runs unchanged on the built file.
    copy = dbt_database(scratch_project)
    shutil.copy2(built.warehouse, copy)
    # The build's target, whose partial-parse state fits this database path: no full parse.
    outcome = run_dbt(
        ["compile", "--select", "path:analyses"], scratch_project, copy, target=PUBLISH_TARGET
    )
    copy.unlink()
    assert outcome.success, outcome.problems
    compiled = scratch_project / PUBLISH_TARGET / "compiled" / "uwv_ai" / "analyses"
    return {path.stem: path.read_text(encoding="utf-8") for path in compiled.glob("*.sql")}


@pytest.fixture(scope="module")
def connection(built: BuildResult):
    connection = duckdb.connect(str(built.warehouse), read_only=True)
    try:
        yield connection
    finally:
        connection.close()


@pytest.fixture(scope="module")
def outputs(
    compiled_sql: dict[str, str], connection: duckdb.DuckDBPyConnection
) -> dict[int, list[dict]]:
    """The rows each figure's analysis returns, in its order, by figure number."""
    results = {}
    for path in analysis_files():
        cursor = connection.execute(compiled_sql[path.stem])
        names = [column[0] for column in cursor.description]
        results[figure_of(path)] = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    return results


def number(value: Decimal | int | None) -> float | None:
    return None if value is None else float(value)


def test_every_figure_with_data_has_exactly_one_analysis():
    figures = [figure_of(path) for path in analysis_files()]
    assert sorted(figures) == sorted(FIGURES_WITH_DATA)
    assert set(PRINTED) | set(CHARTS) == set(FIGURES_WITH_DATA)


def test_dbt_compiles_every_analysis(compiled_sql: dict[str, str]):
    for path in analysis_files():
        assert path.stem in compiled_sql, f"dbt did not compile {path.name}"
        assert "{{" not in compiled_sql[path.stem]
        assert '"marts".' in compiled_sql[path.stem]


@pytest.mark.parametrize("figure", FIGURES_WITH_DATA)
def test_analysis_returns_labelled_rows_without_null_shares(
    figure: int, outputs: dict[int, list[dict]]
):
    rows = outputs[figure]
    assert rows, f"figure {figure}: no rows"
    columns = rows[0].keys()
    shares = [name for name in columns if name.endswith("_pct")]
    labels = [name for name in columns if name.endswith(("_label_nl", "_label_en"))]
    assert shares and {"quality_flag", "number_in_doubt"} <= set(columns)
    assert {name[-2:] for name in labels} == {"nl", "en"}, f"figure {figure}: {labels}"
    for row in rows:
        missing = [name for name in shares + labels if row[name] is None]
        assert not missing, f"figure {figure}: {missing} null in {row}"
        assert all(0 <= row[name] <= 100 for name in shares), row
        assert isinstance(row["number_in_doubt"], bool), row
        assert row["quality_flag"] is not None or not row["number_in_doubt"], row


def printed_cells(connection: duckdb.DuckDBPyConnection, figure: int, row_key: str) -> list:
    return connection.execute(
        f"""
        select {row_key}, column_group_label, column_label, value_pct, source_line
        from marts.publication_cells
        where edition = ? and figure = ?
        """,
        [EDITION, figure],
    ).fetchall()


@pytest.mark.parametrize("figure", sorted(PRINTED))
def test_printed_figure_is_reproduced_cell_by_cell(
    figure: int, outputs: dict[int, list[dict]], connection: duckdb.DuckDBPyConnection
):
    layout = PRINTED[figure]
    expected = {
        (row, group, column): value
        for row, group, column, value, _ in printed_cells(connection, figure, layout.cells_row_key)
    }
    produced: dict[tuple, float | None] = {}
    for row in outputs[figure]:
        for name, (group, column) in layout.columns.items():
            key = (row[layout.row_key], group, column)
            assert key not in produced, f"figure {figure}: {key} produced twice"
            produced[key] = number(row[name])
    missing = sorted(set(expected) - set(produced))
    extra = sorted(set(produced) - set(expected))
    wrong = sorted(
        (key, produced[key], expected[key])
        for key in set(expected) & set(produced)
        if produced[key] != expected[key]
    )
    assert not (missing or extra or wrong), (
        f"figure {figure}: missing {missing[:3]}, not printed {extra[:3]}, "
        f"wrong (produced, printed) {wrong[:3]}"
    )


@pytest.mark.parametrize("figure", sorted(PRINTED))
def test_printed_figure_rows_come_in_printed_order(
    figure: int, outputs: dict[int, list[dict]], connection: duckdb.DuckDBPyConnection
):
    layout = PRINTED[figure]
    first_line: dict[str, int] = {}
    for row, *_, line in printed_cells(connection, figure, layout.cells_row_key):
        first_line[row] = min(line, first_line.get(row, line))
    printed_order = sorted(first_line, key=first_line.__getitem__)
    assert [row[layout.row_key] for row in outputs[figure]] == printed_order


@pytest.mark.parametrize("figure", sorted(PRINTED))
def test_printed_figure_flags_rows_with_a_contradicted_cell(
    figure: int, outputs: dict[int, list[dict]], connection: duckdb.DuckDBPyConnection
):
    layout = PRINTED[figure]
    flagged = connection.execute(
        f"""
        select cells.{layout.cells_row_key}, bool_or(flags.number_in_doubt)
        from marts.publication_cells as cells
        inner join quality.observation_flags as flags
            using (edition, survey_year, population_code, sector_code, size_class_code,
                question_code, answer_code)
        where cells.edition = ? and cells.figure = ?
        group by all
        """,
        [EDITION, figure],
    ).fetchall()
    produced = {
        row[layout.row_key]: row["number_in_doubt"]
        for row in outputs[figure]
        if row["quality_flag"] is not None
    }
    assert produced == dict(flagged)
    # A row without a flag has no number in doubt either.
    unflagged = [row for row in outputs[figure] if row["quality_flag"] is None]
    assert not [row for row in unflagged if row["number_in_doubt"]]


def chart_observations(
    connection: duckdb.DuckDBPyConnection, layout: ChartLayout
) -> tuple[dict[tuple, tuple[float, str | None]], list[tuple]]:
    """The chart's observations by (year, sector, size, question, answer), and its bars in the
    order of the sector and size-class dimensions."""
    questions = sorted({question for question, _ in layout.columns.values()})
    observations = connection.execute(
        f"""
        select
            shares.survey_year, shares.sector_code, shares.size_class_code,
            shares.question_code, shares.answer_code, shares.share_pct,
            struct_pack(
                quality_flag := flags.quality_flag, number_in_doubt := flags.number_in_doubt
            ),
            sectors.sort_order, size_classes.sort_order
        from marts.fct_survey_share as shares
        left join quality.observation_flags as flags
            using (edition, survey_year, population_code, sector_code, size_class_code,
                question_code, answer_code)
        inner join marts.dim_sector as sectors using (sector_code)
        inner join marts.dim_size_class as size_classes using (size_class_code)
        where shares.edition = ? and shares.population_code = 'ALL'
            and shares.question_code in ({", ".join("?" for _ in questions)})
            and {layout.bars}
        """,
        [EDITION, *questions],
    ).fetchall()
    by_key = {tuple(row[:5]): (float(row[5]), row[6]) for row in observations}
    bars = sorted({(row[7], row[8], row[0], row[1], row[2]) for row in observations})
    return by_key, [bar[2:] for bar in bars]


@pytest.mark.parametrize("figure", sorted(CHARTS))
def test_chart_equals_the_fact_table(
    figure: int, outputs: dict[int, list[dict]], connection: duckdb.DuckDBPyConnection
):
    layout = CHARTS[figure]
    observations, bars = chart_observations(connection, layout)
    printed_labels = {
        (sector, size): label
        for sector, size, label in connection.execute(
            """
            select distinct sector_code, size_class_code, row_label
            from marts.publication_cells where edition = ? and figure = 8
            """,
            [EDITION],
        ).fetchall()
    }
    produced_bars = []
    for row in outputs[figure]:
        year = row[layout.year_column] if layout.year_column else 2025
        size = row[layout.size_column] if layout.size_column else "_T"
        bar = (year, row["sector_code"], size)
        produced_bars.append(bar)
        flags = []
        for name, (question, answer) in layout.columns.items():
            key = (*bar, question, answer)
            assert key in observations, f"figure {figure}: {key} is not an observation"
            share, flag = observations[key]
            assert number(row[name]) == share, f"figure {figure} {bar} {name}"
            flags.append(flag)
        for name, (high, reasonable) in layout.sums.items():
            assert row[name] == row[high] + row[reasonable], f"figure {figure} {bar} {name}"
        for name, minuend, subtrahend in layout.differences:
            assert row[name] == row[minuend] - row[subtrahend], f"figure {figure} {bar} {name}"
        flagged = [flag for flag in flags if flag["quality_flag"] is not None]
        assert (row["quality_flag"] is not None) == bool(flagged), f"figure {figure} {bar}"
        in_doubt = any(flag["number_in_doubt"] for flag in flagged)
        assert row["number_in_doubt"] == in_doubt, f"figure {figure} {bar}"
        # Labelled as the appendix table prints the same sector or size class.
        assert row[layout.label_column] == printed_labels[(bar[1], bar[2])]
    assert produced_bars == bars


def test_figure_1_gives_the_change_between_its_two_bars(outputs: dict[int, list[dict]]):
    before, after = outputs[1]
    assert (before["survey_year"], after["survey_year"]) == (2024, 2025)
    assert after["any_use_change_pp"] == after["any_use_pct"] - before["any_use_pct"]
    assert after["not_at_all_change_pp"] == after["not_at_all_pct"] - before["not_at_all_pct"]
