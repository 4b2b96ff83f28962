"""The consumer contract of the candidate marts, checked with Great Expectations after dbt.

What a BI tool or analyst relies on, value by value: every figure holds as many cells as the
publication prints, shares lie in 0..100 (in the analysis marts too, where changes in
percentage points lie in -100..100), status and origin codes come from their code lists,
every question and survey year of the editions has data, claim statuses are known. Keys,
relationships, sums and claims are dbt's (see README, "Who checks what").
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from uwv_ai.gx_validation import Check, Suite


def mart_suites(warehouse: Path) -> list[Suite]:
    import great_expectations as gx

    with duckdb.connect(str(warehouse), read_only=True) as connection:
        frames = {name: connection.execute(sql).df() for name, sql in _QUERIES.items()}
        measures = _analysis_measures(connection)
    statuses = frames["obs_statuses"]["obs_status"].tolist()
    questions = frames["questions"]["question_code"].tolist()
    years = frames["editions"]["survey_year"].tolist()
    fact = frames["fct_survey_share"]
    return [
        Suite(
            name="mart_publication_cells_per_figure",
            frame=frames["cells_per_figure"],
            checks=[
                Check(
                    gx.expectations.ExpectColumnPairValuesToBeEqual(
                        column_A="cells", column_B="printed_cells"
                    ),
                    _cells_per_figure,
                )
            ],
        ),
        Suite(
            name="mart_fct_survey_share",
            frame=fact,
            checks=[
                Check(
                    gx.expectations.ExpectColumnValuesToBeBetween(
                        column="share_pct", min_value=0, max_value=100
                    ),
                    _rows_outside("share_pct", "outside 0..100"),
                ),
                Check(
                    gx.expectations.ExpectColumnValuesToBeInSet(
                        column="obs_status", value_set=statuses
                    ),
                    _rows_outside("obs_status", "not in dim_observation_status"),
                ),
                Check(
                    gx.expectations.ExpectColumnValuesToBeInSet(
                        column="value_origin", value_set=["published", "derived"]
                    ),
                    _rows_outside("value_origin", "not published or derived"),
                ),
                Check(
                    gx.expectations.ExpectColumnValuesToBeInSet(
                        column="quality_flag", value_set=["contradicted_by_text"]
                    ),
                    _rows_outside("quality_flag", "not a known quality flag"),
                ),
                Check(
                    gx.expectations.ExpectColumnDistinctValuesToEqualSet(
                        column="question_code", value_set=questions
                    ),
                    _set_differs("question_code", questions),
                ),
                Check(
                    gx.expectations.ExpectColumnDistinctValuesToEqualSet(
                        column="survey_year", value_set=years
                    ),
                    _set_differs("survey_year", years),
                ),
            ],
        ),
        Suite(
            name="mart_analysis_measures",
            frame=measures,
            checks=[
                Check(
                    gx.expectations.ExpectColumnValuesToBeBetween(
                        column="share_pct", min_value=0, max_value=100
                    ),
                    _measures_outside("share_pct", "outside 0..100"),
                ),
                Check(
                    gx.expectations.ExpectColumnValuesToBeBetween(
                        column="change_pp", min_value=-100, max_value=100
                    ),
                    _measures_outside("change_pp", "outside -100..100"),
                ),
            ],
        ),
        Suite(
            name="mart_claim_checks",
            frame=frames["claim_checks"],
            checks=[
                Check(
                    gx.expectations.ExpectColumnValuesToBeInSet(
                        column="status", value_set=["match", "mismatch", "not_checkable"]
                    ),
                    _rows_outside("status", "not a claim status", table="quality.claim_checks"),
                )
            ],
        ),
    ]


_QUERIES = {
    "cells_per_figure": """
        select figures.edition, figures.figure, figures.printed_cells, count(cells.figure) as cells
        from raw.publication_figures as figures
        left join marts.publication_cells as cells
            on figures.edition = cells.edition and figures.figure = cells.figure
        group by all order by figures.edition, figures.figure
    """,
    # Only the columns checked or named in messages: at 1,000 editions `select *` costs
    # hundreds of MiB in pandas.
    "fct_survey_share": """
        select survey_year, sector_code, question_code, answer_code, share_pct, obs_status,
            value_origin, quality_flag
        from marts.fct_survey_share
    """,
    "obs_statuses": "select obs_status from marts.dim_observation_status",
    "questions": "select question_code from marts.dim_question",
    "editions": "select survey_year from marts.dim_survey_edition",
    "claim_checks": "select claim_id, status from quality.claim_checks",
}


def _analysis_measures(connection: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every percentage (`*_pct`) and change (`*_pp`) of the analysis marts in one long frame.

    Found by column name, so a new mart_ai_* table or column is checked without editing this.
    """
    columns = connection.execute("""
        select table_name, column_name
        from duckdb_columns()
        where schema_name = 'marts' and table_name like 'mart\\_ai\\_%' escape '\\'
            and (column_name like '%\\_pct' escape '\\' or column_name like '%\\_pp' escape '\\')
        order by all
    """).fetchall()
    selects = [
        f"select '{table}' as table_name, '{column}' as column_name, "
        + (
            f"{column} as share_pct, null as change_pp"
            if column.endswith("_pct")
            else f"null as share_pct, {column} as change_pp"
        )
        + f" from marts.{table}"
        for table, column in columns
    ]
    if not selects:
        return pd.DataFrame({"table_name": [], "column_name": [], "share_pct": [], "change_pp": []})
    return connection.execute(" union all ".join(selects)).df()


def _measures_outside(column: str, what: str):
    def describe(frame: pd.DataFrame, result: dict) -> list[str]:
        indexes = result.get("unexpected_index_list") or []
        if not indexes:
            return [f"analysis marts: {column} values {what}"]
        first = frame.loc[indexes[0]]
        return [
            f"marts.{first['table_name']}.{first['column_name']}: {len(indexes)} value(s) "
            f"{what}; first: {first[column]}"
        ]

    return describe


def _cells_per_figure(frame: pd.DataFrame, _result: dict) -> list[str]:
    wrong = frame[frame["cells"] != frame["printed_cells"]]
    return [
        f"marts.publication_cells: edition {row.edition} figure {row.figure} holds "
        f"{row.cells} cells, the publication prints {row.printed_cells}"
        for row in wrong.itertuples()
    ]


def _rows_outside(column: str, what: str, table: str = "marts.fct_survey_share"):
    def describe(frame: pd.DataFrame, result: dict) -> list[str]:
        indexes = result.get("unexpected_index_list") or []
        if not indexes:
            return [f"{table}.{column}: values {what}"]
        first = frame.loc[indexes[0]]
        key = ", ".join(
            f"{name}={first[name]}"
            for name in ("claim_id", "survey_year", "sector_code", "question_code", "answer_code")
            if name in frame.columns
        )
        return [
            f"{table}.{column}: {len(indexes)} value(s) {what}; first: {key}, "
            f"{column}={first[column]}"
        ]

    return describe


def _set_differs(column: str, expected: list) -> callable:
    def describe(frame: pd.DataFrame, _result: dict) -> list[str]:
        actual = set(frame[column].dropna().tolist())
        missing = sorted(str(value) for value in set(expected) - actual)
        extra = sorted(str(value) for value in actual - set(expected))
        return [
            f"marts.fct_survey_share.{column}: no data for {missing or 'none'}; "
            f"unknown {extra or 'none'}"
        ]

    return describe
