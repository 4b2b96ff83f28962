"""The analysis marts give the numbers the publication quotes, and derive the rest correctly.

Expected values are numbers printed in the publication's text or tables (facts of the source,
not outputs of our code); derived columns are recomputed here from the fact table.
"""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

KEY = ["edition", "survey_year", "sector_code", "size_class_code"]


def _frame(warehouse: duckdb.DuckDBPyConnection, sql: str) -> pd.DataFrame:
    return warehouse.execute(sql).df()


def _row(warehouse: duckdb.DuckDBPyConnection, table: str, **where: object) -> dict:
    condition = " and ".join(f"{column} = ?" for column in where)
    frame = warehouse.execute(
        f"select * from marts.{table} where {condition}", list(where.values())
    ).df()
    assert len(frame) == 1, f"{table} {where}: {len(frame)} rows"
    return frame.iloc[0].to_dict()


@pytest.mark.parametrize(
    ("year", "size", "any_use", "not_at_all"),
    [
        # Figure 1 and its text: any use 16% -> 32%, no use 60% -> 34%.
        (2024, "_T", 16, 60),
        (2025, "_T", 32, 34),
        # The text on size: 100+ employees 48% any use and 13% none; 2 to 19 employees 30%.
        (2025, "GE100", 48, 13),
        (2025, "2-19", 30, None),
    ],
)
def test_current_use_gives_the_numbers_the_text_quotes(
    warehouse: duckdb.DuckDBPyConnection, year: int, size: str, any_use: int, not_at_all: int
):
    row = _row(
        warehouse, "mart_ai_use_current", survey_year=year, sector_code="_T", size_class_code=size
    )
    assert row["any_use_pct"] == any_use
    if not_at_all is not None:
        assert row["not_at_all_pct"] == not_at_all


def test_expected_use_gives_the_numbers_the_text_quotes(warehouse: duckdb.DuckDBPyConnection):
    total = _row(
        warehouse, "mart_ai_use_current_vs_expected", sector_code="_T", size_class_code="_T"
    )
    # In five years: reasonable 39%, (very) high 23%, not at all 14% (against 34% now).
    assert (total["expected_reasonable_pct"], total["expected_high_pct"]) == (39, 23)
    assert (total["expected_not_at_all_pct"], total["current_not_at_all_pct"]) == (14, 34)
    government = _row(
        warehouse, "mart_ai_use_current_vs_expected", sector_code="O", size_class_code="_T"
    )
    assert government["expected_high_pct"] == 41  # figure 9, row "Openbaar bestuur"


def test_use_columns_and_changes_are_derived_from_the_fact_table(
    warehouse: duckdb.DuckDBPyConnection,
):
    facts = _frame(
        warehouse,
        "select * from marts.fct_survey_share where question_code = 'AI_USE_NOW'",
    )
    wide = facts.pivot_table(index=KEY, columns="answer_code", values="share_pct", aggfunc="first")
    wide["any_use"] = wide["HIGH"] + wide["REASONABLE"]
    previous = wide.reset_index()
    previous["survey_year"] += 1
    changes = wide.reset_index().merge(previous, on=KEY, suffixes=("", "_previous"))
    changes["any_use_change"] = changes["any_use"] - changes["any_use_previous"]

    mart = _frame(warehouse, "select * from marts.mart_ai_use_current").set_index(KEY)
    assert len(mart) == len(wide)
    assert (mart["any_use_pct"] == wide["any_use"].reindex(mart.index)).all()
    assert (mart["not_at_all_pct"] == wide["NOT_AT_ALL"].reindex(mart.index)).all()
    with_change = mart.dropna(subset=["any_use_change_pp"])
    assert len(with_change) == len(changes) > 0
    expected = changes.set_index(KEY)["any_use_change"].reindex(with_change.index)
    assert (with_change["any_use_change_pp"] == expected).all()


@pytest.mark.parametrize(
    ("table", "question", "answer_column"),
    [
        ("mart_ai_use_current", "AI_USE_NOW", None),
        ("mart_ai_consequences", "AI_IMPACT_5Y", "consequence_code"),
        ("mart_ai_support_measures", "AI_SUPPORT_MEASURES", "measure_code"),
    ],
)
def test_quality_flags_follow_the_observation_flags(
    warehouse: duckdb.DuckDBPyConnection, table: str, question: str, answer_column: str | None
):
    """A mart row carries the first flag, in the code list's order, of the observations it is
    built from, and its number is in doubt when one of theirs is."""
    key = KEY + ([answer_column] if answer_column else [])
    facts = _frame(
        warehouse,
        f"""
        select
            shares.*,
            flags.quality_flag,
            flags.number_in_doubt,
            code_list.quality_flag_sort_order
        from marts.fct_survey_share as shares
        left join quality.observation_flags as flags
            using (edition, survey_year, population_code, sector_code, size_class_code,
                question_code, answer_code)
        left join marts.dim_quality_flag as code_list using (quality_flag)
        where shares.question_code = '{question}'
        """,
    )
    if answer_column:
        facts = facts.rename(columns={"answer_code": answer_column})
    if table == "mart_ai_support_measures":
        key = [*key, "population_code"]
    groups = facts.sort_values("quality_flag_sort_order").groupby(key)
    first_flag = groups["quality_flag"].first()  # the first non-null, in the code list's order
    in_doubt = groups["number_in_doubt"].agg(lambda flags: flags.fillna(False).any())
    mart = _frame(warehouse, f"select * from marts.{table}").set_index(key)
    assert first_flag.notna().any(), "no flagged observation to follow"
    expected = first_flag.reindex(mart.index)
    assert (mart["quality_flag"].fillna("-") == expected.fillna("-")).all()
    assert (mart["number_in_doubt"] == in_doubt.reindex(mart.index).astype(bool)).all()
    assert mart["obs_status"].notna().all()


def test_measures_compare_each_sector_with_its_population_total(
    warehouse: duckdb.DuckDBPyConnection,
):
    # Figure 12: public administration sets guidelines 95%; the total (figure 7) is 68%.
    row = _row(
        warehouse,
        "mart_ai_support_measures",
        population_code="GUIDE_OR_PREPARE",
        sector_code="O",
        size_class_code="_T",
        measure_code="GUIDELINES",
    )
    assert (row["share_pct"], row["total_share_pct"]) == (95, 68)
    assert row["difference_from_total_pp"] == 27
