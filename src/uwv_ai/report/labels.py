"""Labels the charts take from the warehouse's dimensions rather than from code."""

from __future__ import annotations

from typing import TYPE_CHECKING

from uwv_ai.report.escaping import chart_text
from uwv_ai.report.model import Row, Text, records, require

if TYPE_CHECKING:
    import duckdb


def answer_labels(connection: duckdb.DuckDBPyConnection, question: str) -> list[Row]:
    """A question's answers in their printed order, with Dutch and English labels."""
    rows = records(
        connection,
        """
        select answer_code, answer_label_nl, answer_label_en
        from marts.dim_answer
        where question_code = ?
        order by answer_ordinal
        """,
        question,
    )
    return require(rows, f"the answers of {question} (marts.dim_answer)")


def question_subtitle(
    connection: duckdb.DuckDBPyConnection, question: str, population: str | None = None
) -> Text:
    """'<question> (<population>, %)': what a chart measures and among whom."""
    rows = records(
        connection,
        """
        select
            questions.question_wording_nl,
            questions.question_wording_en,
            populations.population_label_nl,
            populations.population_label_en
        from marts.dim_question as questions
        inner join marts.dim_population as populations
            on populations.population_code = coalesce(?, questions.population_code)
        where questions.question_code = ?
        """,
        population,
        question,
    )
    row = {
        name: chart_text(value)
        for name, value in require(rows, f"question {question} (marts.dim_question)")[0].items()
    }
    return Text(
        nl=f"{row['question_wording_nl']}<br><sup>{row['population_label_nl']}, in %</sup>",
        en=f"{row['question_wording_en']}<br><sup>{row['population_label_en']}, in %</sup>",
    )
