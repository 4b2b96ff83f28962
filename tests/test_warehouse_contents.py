"""What an analyst finds in the warehouse: every printed number, once, with its key."""

from __future__ import annotations

import duckdb

# Printed numbers per figure, as the publication lays them out (issue 2's table):
# 19 printed rows (total, 3 size classes, 15 sectors) times the columns of each table.
PRINTED_NUMBERS = {
    8: 19 * 8,
    9: 19 * 4,
    10: 19 * 6,
    12: 19 * 6,
    13: 5 * 3,
    4: 6 * 2,
    6: 2 * 2,
    7: 6,
}


def test_publication_cells_hold_every_printed_number(warehouse: duckdb.DuckDBPyConnection):
    counts = dict(
        warehouse.execute(
            "select figure, count(*) from marts.publication_cells group by figure"
        ).fetchall()
    )
    assert counts == PRINTED_NUMBERS
    assert sum(counts.values()) == 493


def test_fact_has_one_row_per_distinct_observation(warehouse: duckdb.DuckDBPyConnection):
    # Printed twice: figure 4's six 2025 bars (= figure 10's Totaal row), figure 7's six
    # bars (= figure 12's Totaal row) and figure 13's Totaal column (5 = figure 12 again).
    assert warehouse.execute("select count(*) from marts.fct_survey_share").fetchone()[0] == (
        493 - 6 - 6 - 5
    )
    duplicates = warehouse.execute(
        """
        select count(*) from (
            select 1 from marts.fct_survey_share
            group by edition, survey_year, population_code, sector_code, size_class_code,
                question_code, answer_code
            having count(*) > 1
        )
        """
    ).fetchone()[0]
    assert duplicates == 0


def test_no_key_column_is_null_and_totals_are_coded(warehouse: duckdb.DuckDBPyConnection):
    nulls = warehouse.execute(
        """
        select count(*) from marts.fct_survey_share
        where edition is null or survey_year is null or population_code is null
            or sector_code is null or size_class_code is null or question_code is null
            or answer_code is null
        """
    ).fetchone()[0]
    assert nulls == 0
    # A sector row has size class _T; a size-class row has sector _T.
    mixed = warehouse.execute(
        """
        select count(*) from marts.fct_survey_share
        where sector_code != '_T' and size_class_code != '_T'
        """
    ).fetchone()[0]
    assert mixed == 0


def test_a_printed_number_can_be_found_by_its_labels(warehouse: duckdb.DuckDBPyConnection):
    # Figure 8, row "Horeca", 2024, "Helemaal niet": 78% as printed.
    row = warehouse.execute(
        """
        select c.published_text, f.share_pct, f.sector_code, f.question_code, f.answer_code
        from marts.publication_cells as c
        join marts.fct_survey_share as f using (
            edition, survey_year, population_code, sector_code, size_class_code,
            question_code, answer_code
        )
        where c.figure = 8 and c.row_label = 'Horeca' and c.survey_year = 2024
            and c.column_label = 'Helemaal niet'
        """
    ).fetchall()
    assert row == [("78%", 78, "I", "AI_USE_NOW", "NOT_AT_ALL")]


def test_figure_7_missing_bar_is_recovered_and_documented(warehouse: duckdb.DuckDBPyConnection):
    rows = warehouse.execute(
        """
        select row_label, value_pct, cell_source, cell_source_note
        from marts.publication_cells where figure = 7 and cell_source != 'extracted'
        """
    ).fetchall()
    assert len(rows) == 1
    label, value, source, note = rows[0]
    assert label == "Werknemers stimuleren om zelf te gaan experimenteren met AI"
    assert (value, source) == (79, "recovered")
    assert "figure 12" in note


def test_dimensions_carry_codes_and_both_languages(warehouse: duckdb.DuckDBPyConnection):
    sectors = warehouse.execute(
        "select count(*) from marts.dim_sector where in_survey_scope and not is_total"
    ).fetchone()[0]
    assert sectors == 15
    missing = warehouse.execute(
        """
        select count(*) from marts.dim_sector
        where sector_name_nl is null or sector_name_en is null
            or (in_survey_scope and not is_total and sbi_2008_printed is null)
        """
    ).fetchone()[0]
    assert missing == 0
    editions = warehouse.execute(
        "select survey_year, respondents from marts.dim_survey_edition order by survey_year"
    ).fetchall()
    assert editions == [(2024, 2306), (2025, 3551)]


def test_exclusive_questions_sum_to_100_within_rounding(warehouse: duckdb.DuckDBPyConnection):
    # Recomputed here, independently of the dbt test: n printed shares, each off by <= 0.5.
    worst = warehouse.execute(
        """
        select max(abs(total - 100) - n * 0.5)
        from (
            select sum(share_pct) as total, count(*) as n
            from marts.fct_survey_share as f
            join marts.dim_question as q using (question_code)
            where q.response_type in ('single_choice', 'yes_no')
            group by f.edition, f.survey_year, f.population_code, f.sector_code,
                f.size_class_code, f.question_code
        )
        """
    ).fetchone()[0]
    assert worst <= 0
