"""Which of the text's claims concern the numbers a chart plots, and which contradict them.

A claim concerns a chart when one of the observations it was checked against is a number the
chart plots. `quality.claim_observations` lists those observations per claim; it is
the same link that sets `quality_flag` on the marts' rows, but at the level of one answer, so a
claim about non-use does not mark a bar of high use in the same row. A contradicted claim marks
its numbers in the chart only when its quality flag (marts.dim_quality_flag, by the known
discrepancy's category) puts the number itself in doubt; the others are findings about the
text, listed beside the chart.
Claim figure numbers name the publication's figures (appendix figure 8 holds the numbers of
figures 1 and 2, figure 9 those of 3 and 14, figure 10 those of 4): linking through the data
maps them without a hand-made table.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from uwv_ai.report.model import EDITION, Text, records

if TYPE_CHECKING:
    import duckdb

Cell = tuple[str, int, str, str, str]
"""question_code, survey_year, sector_code, size_class_code, answer_code."""

_CLAIMS_SQL = """\
select distinct
    checks.claim_id,
    checks.status,
    checks.figure,
    checks.paraphrase_en,
    checks.paraphrase_nl,
    observations.question_code,
    observations.survey_year,
    observations.sector_code,
    observations.size_class_code,
    observations.answer_code
from quality.claim_checks as checks
inner join quality.claim_observations as observations
    on checks.claim_id = observations.claim_id
where
    checks.status in ('match', 'mismatch')
    and observations.edition = {edition}
    and {scope}
order by all"""

_DISCREPANCIES_SQL = """\
select
    known.claim_id,
    known.figure,
    known.paraphrase_en,
    known.paraphrase_nl,
    known.expected,
    known.observed,
    known.discrepancy_explanation,
    known.discrepancy_explanation_nl,
    flags.quality_flag,
    flags.number_in_doubt,
    flags.quality_flag_label_nl,
    flags.quality_flag_label_en
from quality.known_discrepancies as known
inner join marts.dim_quality_flag as flags
    on known.discrepancy_category = flags.discrepancy_category
order by known.claim_id"""


@dataclass(frozen=True)
class Claim:
    """A checkable claim of the text: which publication figure it names, in our words."""

    claim_id: str
    publication_figure: int | None
    paraphrase: Text


@dataclass(frozen=True)
class Discrepancy:
    """A claim of the text that the tables contradict, as `quality.known_discrepancies` has it,
    with its quality flag: whether it puts the numbers in doubt (then they are marked)."""

    claim_id: str
    publication_figure: int | None
    paraphrase: Text
    expected: str
    observed: str
    explanation: Text
    quality_flag: str
    flag_label: Text
    number_in_doubt: bool


@dataclass(frozen=True)
class Findings:
    """The checkable claims about one chart's numbers."""

    sql: str
    matched: tuple[Claim, ...]
    contradicted: tuple[Discrepancy, ...]
    cells: dict[Cell, tuple[str, ...]] = field(default_factory=dict)

    @property
    def checked(self) -> int:
        return len(self.matched) + len(self.contradicted)

    @property
    def marks_numbers(self) -> bool:
        """Whether a contradicted claim puts a number of the chart in doubt (it is marked)."""
        return any(item.number_in_doubt for item in self.contradicted)

    def flagged(
        self, question: str, year: int, sector: str, size_class: str, answers: Iterable[str]
    ) -> tuple[str, ...]:
        """Claims contradicting any of `answers` of one row: a plotted sum carries its parts'."""
        found: set[str] = set()
        for answer in answers:
            found.update(self.cells.get((question, year, sector, size_class, answer), ()))
        return tuple(sorted(found))


def claims_sql(scope: str) -> str:
    """The query linking claims to a chart, `scope` being its numbers on the observation key."""
    # One condition a line, as an analyst would write it.
    return _CLAIMS_SQL.format(edition=EDITION, scope=scope.replace(" and ", "\n    and "))


def chart_findings(connection: duckdb.DuckDBPyConnection, scope: str) -> Findings:
    """Claims whose checked observations fall inside `scope` (SQL on the observation key)."""
    sql = claims_sql(scope)
    rows = records(connection, sql)
    known = {row["claim_id"]: row for row in records(connection, _DISCREPANCIES_SQL)}
    matched = {
        row["claim_id"]: Claim(
            row["claim_id"], row["figure"], Text(row["paraphrase_nl"], row["paraphrase_en"])
        )
        for row in rows
        if row["status"] == "match"
    }
    mismatched = sorted({row["claim_id"] for row in rows if row["status"] == "mismatch"})
    unexplained = [claim for claim in mismatched if claim not in known]
    if unexplained:
        # The build refuses unexplained mismatches; meeting one means a foreign warehouse.
        raise ValueError(f"claims {', '.join(unexplained)} mismatch without a known discrepancy")
    # Only claims that put a number in doubt mark it; findings about the text do not.
    cells: dict[Cell, set[str]] = {}
    for row in rows:
        if row["status"] == "mismatch" and known[row["claim_id"]]["number_in_doubt"]:
            key = (
                row["question_code"],
                row["survey_year"],
                row["sector_code"],
                row["size_class_code"],
                row["answer_code"],
            )
            cells.setdefault(key, set()).add(row["claim_id"])
    return Findings(
        sql=sql,
        matched=tuple(matched[claim] for claim in sorted(matched)),
        contradicted=tuple(_discrepancy(known[claim]) for claim in mismatched),
        cells={key: tuple(sorted(claims)) for key, claims in sorted(cells.items())},
    )


def _discrepancy(row: dict) -> Discrepancy:
    return Discrepancy(
        claim_id=row["claim_id"],
        publication_figure=row["figure"],
        paraphrase=Text(row["paraphrase_nl"], row["paraphrase_en"]),
        expected=row["expected"],
        observed=row["observed"],
        explanation=Text(row["discrepancy_explanation_nl"], row["discrepancy_explanation"]),
        quality_flag=row["quality_flag"],
        flag_label=Text(row["quality_flag_label_nl"], row["quality_flag_label_en"]),
        number_in_doubt=bool(row["number_in_doubt"]),
    )


def claim_totals(connection: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """How many claims of the whole text match, mismatch, or cannot be checked."""
    rows = records(
        connection, "select status, count(*) as claims from quality.claim_checks group by status"
    )
    return {row["status"]: int(row["claims"]) for row in rows}
