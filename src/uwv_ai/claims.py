"""`uwv-ai claims`: the report's own statements checked against its tables, filtered and laid
out for a terminal.

On a terminal (and piped as text) each claim takes one row of a table that fits the width:
its id, status, figure and our paraphrase, wrapped at word boundaries. `--explain` prints a
block per claim instead, with the check's expected and observed values and the explanation of
a known contradiction. `--format csv|json|markdown` prints every column of
`quality.claim_checks` as DuckDB renders it, for other programs.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    import duckdb

STATUSES = ("mismatch", "not_checkable", "match")
# Mismatches first: they are what a reader of the claims is looking for.
_ORDER = "case status when 'mismatch' then 0 when 'not_checkable' then 1 else 2 end, claim_id"


@dataclass
class ClaimFilter:
    """Which claims to show; an empty tuple means no filter on that field."""

    statuses: tuple[str, ...] = ()
    figures: tuple[int, ...] = ()
    sectors: tuple[str, ...] = ()
    known_only: bool = False
    parameters: list = field(default_factory=list, init=False)

    def where(self) -> str:
        """The SQL condition on quality.claim_checks (with ? parameters in `parameters`)."""
        conditions = ["true"]
        self.parameters = []
        if self.statuses:
            conditions.append(f"status in ({_marks(self.statuses)})")
            self.parameters += list(self.statuses)
        if self.figures:
            conditions.append(f"figure in ({_marks(self.figures)})")
            self.parameters += list(self.figures)
        if self.sectors:
            # A claim is about a sector when one of the observations it reads is that sector's.
            conditions.append(
                "claim_id in (select claim_id from quality.claim_observations"
                f" where sector_code in ({_marks(self.sectors)}))"
            )
            self.parameters += list(self.sectors)
        if self.known_only:
            conditions.append("is_known_discrepancy")
        return " and ".join(conditions)


class UnknownSector(ValueError):
    """A --sector code that is not in marts.dim_sector."""


def select_claims(
    connection: duckdb.DuckDBPyConnection, claim_filter: ClaimFilter
) -> duckdb.DuckDBPyRelation:
    """The filtered claims, mismatches first, with every column of quality.claim_checks (the
    claim's id and status first)."""
    _check_sectors(connection, claim_filter.sectors)
    where = claim_filter.where()
    return connection.sql(
        # The claim and its verdict first, then every other column in the table's order.
        f"select claim_id, status, * exclude (claim_id, status) from quality.claim_checks"
        f" where {where} order by {_ORDER}",
        params=claim_filter.parameters,
    )


def write_table(rows: list[dict], out: TextIO, width: int) -> None:
    """One line (or a few, wrapped) per claim, within `width` columns."""
    widths = [8, 13, 3]  # claim_id, status, figure ("fig")
    text_width = max(width - sum(widths) - len(widths) * 2, 20)
    header = ["claim", "status", "fig", "what the report says (our paraphrase)"]
    out.write(_line(header, widths).rstrip() + "\n")
    out.write(_line(["-" * w for w in [*widths, text_width]], widths).rstrip() + "\n")
    for row in rows:
        figure = "" if row["figure"] is None else str(row["figure"])
        lines = textwrap.wrap(row["paraphrase_en"] or "", text_width) or [""]
        out.write(_line([row["claim_id"], row["status"], figure, lines[0]], widths) + "\n")
        for more in lines[1:]:
            out.write(_line(["", "", "", more], widths) + "\n")
    out.write(f"{len(rows)} claim(s)\n")


def write_explained(rows: list[dict], out: TextIO, width: int) -> None:
    """A block per claim: the paraphrase, expected, observed, and any explanation."""
    for index, row in enumerate(rows):
        if index:
            out.write("\n")
        figure = f"figure {row['figure']}" if row["figure"] is not None else "no figure"
        known = ", known contradiction" if row["is_known_discrepancy"] else ""
        out.write(f"{row['claim_id']}  {row['status']}{known}  ({figure}, {row['claim_kind']})\n")
        for label, value in [
            ("claim", row["paraphrase_en"]),
            ("expected", row["expected"]),
            ("observed", row["observed"]),
            ("why", row["explanation"]),
        ]:
            if value:
                out.write(
                    textwrap.fill(
                        value,
                        max(width, 40),
                        initial_indent=f"  {label + ':':10}",
                        subsequent_indent=" " * 12,
                    )
                    + "\n"
                )
    out.write(f"{'' if not rows else chr(10)}{len(rows)} claim(s)\n")


def _check_sectors(connection, sectors: tuple[str, ...]) -> None:
    if not sectors:
        return
    known = [
        code
        for (code,) in connection.sql(
            "select sector_code from marts.dim_sector order by sort_order"
        ).fetchall()
    ]
    unknown = [code for code in sectors if code not in known]
    if unknown:
        raise UnknownSector(
            f"no sector {', '.join(repr(code) for code in unknown)}; the sector codes are"
            f" {', '.join(known)}"
        )


def _line(cells: list[str], widths: list[int]) -> str:
    fixed = [cell.ljust(width) for cell, width in zip(cells, widths, strict=False)]
    return "  ".join([*fixed, *cells[len(widths) :]])


def _marks(values: tuple) -> str:
    return ", ".join("?" for _ in values)
