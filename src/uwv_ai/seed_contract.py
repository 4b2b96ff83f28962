"""The contract of the raw seeds, checked with Great Expectations before dbt loads them.

Per seed: the columns declared in seeds/_seeds.yml, in order. Per published table, also: the
row labels its figure's layout declares (seeds/reference/publication_rows.csv), each once,
and every cell a whole percentage from 0 to 100 followed by '%'. Per claims seed: known claim
kinds and figure numbers that exist. Failures name the file, line and column.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd
import yaml

from uwv_ai.gx_validation import Check, Suite

PERCENTAGE = r"^(?:100|[1-9]?[0-9])%$"
CLAIM_KINDS = [
    "value",
    "change",
    "ratio",
    "increase",
    "decrease",
    "range",
    "ranking",
    "answer_ranking",
    "higher_than",
    "lower_than",
    "figure_5",
    "not_checkable",
]
# The publication numbers its figures 1 to 15.
FIGURES = range(1, 16)


class SeedError(Exception):
    """A seed file that cannot be read at all (not CSV, ragged rows)."""


def seed_suites(project: Path) -> list[Suite]:
    """One suite per seed declared in seeds/_seeds.yml."""
    import great_expectations as gx

    declarations = _declared_columns(project)
    layout = _layout(project)
    suites = []
    for name, (relative, columns) in declarations.items():
        frame = _read(project / relative, relative)
        checks = [_columns_check(gx, relative, columns)]
        if name in layout:
            stub, labels = layout[name]
            if stub in frame.columns:
                checks += _row_label_checks(gx, relative, stub, labels)
            for column in columns:
                if column not in (stub, "edition") and column in frame.columns:
                    checks += _percentage_checks(gx, relative, column, stub)
        if name == "claims":
            checks += _claim_checks(gx, relative)
        suites.append(Suite(name=f"seed_{name}", frame=frame, checks=checks))
    return suites


def _declared_columns(project: Path) -> dict[str, tuple[str, list[str]]]:
    document = yaml.safe_load((project / "seeds" / "_seeds.yml").read_text(encoding="utf-8"))
    files = {path.stem: path for path in (project / "seeds").rglob("*.csv")}
    declared = {}
    for seed in document["seeds"]:
        name = seed["name"]
        path = files[name].relative_to(project).as_posix()
        declared[name] = (path, list(seed["config"]["column_types"]))
    return declared


def _layout(project: Path) -> dict[str, tuple[str, dict[str, list[str]]]]:
    """Seed name -> (stub column, declared row labels by edition) for every published table."""
    reference = project / "seeds" / "reference"
    with (reference / "publication_figures.csv").open(encoding="utf-8", newline="") as handle:
        figures = list(csv.DictReader(handle))
    with (reference / "publication_rows.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    # Grouped in one pass: looking rows up per figure would grow with editions squared.
    labels: dict[tuple[str, str], list[str]] = {}
    for row in rows:
        labels.setdefault((row["figure"], row["edition"]), []).append(row["row_label"])
    layout: dict[str, tuple[str, dict[str, list[str]]]] = {}
    for figure in figures:
        _, by_edition = layout.setdefault(
            figure["seed_name"], (figure["stub_header"] or "row_label", {})
        )
        by_edition[figure["edition"]] = labels.get((figure["figure"], figure["edition"]), [])
    return layout


def _read(path: Path, relative: str) -> pd.DataFrame:
    _check_bytes(path.read_bytes(), relative)
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as error:
        raise SeedError(f"{relative}: {str(error).strip()}") from error


def _check_bytes(content: bytes, relative: str) -> None:
    """Reject what a CSV reader would silently accept or misread."""
    if not content.strip():
        raise SeedError(f"{relative}: the file is empty")
    if content.startswith(b"\xef\xbb\xbf"):
        raise SeedError(
            f"{relative} line 1: starts with a byte-order mark; save it as UTF-8 without BOM"
        )
    if b"\r" in content:
        line = content[: content.index(b"\r")].count(b"\n") + 1
        raise SeedError(
            f"{relative} line {line}: Windows line end (CR LF); seeds end lines with LF"
        )
    try:
        content.decode("utf-8")
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        raise SeedError(f"{relative} line {line}: not UTF-8 ({error.reason})") from error


def _line(index: int) -> int:
    """CSV line of a data row: the header is line 1."""
    return index + 2


def _columns_check(gx, relative: str, columns: list[str]) -> Check:
    def describe(frame: pd.DataFrame, _result: dict) -> list[str]:
        actual = list(frame.columns)
        missing = [c for c in columns if c not in actual]
        extra = [c for c in actual if c not in columns]
        parts = [f'column "{c}" is declared in seeds/_seeds.yml but missing' for c in missing]
        parts += [f'column "{c}" is not declared in seeds/_seeds.yml' for c in extra]
        if not parts:
            parts = ["columns are not in the declared order: " + ", ".join(columns)]
        return [f"{relative}: " + "; ".join(parts)]

    return Check(
        gx.expectations.ExpectTableColumnsToMatchOrderedList(column_list=columns), describe
    )


def _row_label_checks(gx, relative: str, stub: str, labels: dict[str, list[str]]) -> list[Check]:
    """Row labels as the layout declares them for each edition the file holds."""
    declared = {(edition, label) for edition, names in labels.items() for label in names}

    def key(frame: pd.DataFrame, i: int) -> tuple[str, str]:
        return (str(frame.at[i, "edition"]), frame.at[i, stub])

    def unknown(frame: pd.DataFrame, _result: dict) -> list[str]:
        return [
            f'{relative} line {_line(i)}, column "{stub}": unknown row label '
            f'"{frame.at[i, stub]}" (not in seeds/reference/publication_rows.csv'
            f" for edition {frame.at[i, 'edition']})"
            for i in frame.index
            if isinstance(frame.at[i, stub], str) and key(frame, i) not in declared
        ]

    def repeated(frame: pd.DataFrame, _result: dict) -> list[str]:
        counts = frame.groupby(["edition", stub]).size()
        messages, seen = [], set()
        for i in frame.index:
            if key(frame, i) in seen or counts.get(key(frame, i), 1) < 2:
                continue
            seen.add(key(frame, i))
            messages.append(
                f'{relative} line {_line(i)}, column "{stub}": row label "{frame.at[i, stub]}" '
                f"occurs {counts[key(frame, i)]} times (a printed row must occur once)"
            )
        return messages

    def empty(frame: pd.DataFrame, result: dict) -> list[str]:
        return [
            f'{relative} line {_line(i)}, column "{stub}": the row label is empty'
            for i in result.get("unexpected_index_list") or []
        ]

    def row_count(frame: pd.DataFrame, _result: dict) -> list[str]:
        present = {key(frame, i) for i in frame.index}
        missing = sorted(label for edition, label in declared - present)
        detail = f"; missing: {', '.join(missing)}" if missing else ""
        return [f"{relative}: {len(frame)} rows, the layout declares {len(declared)}{detail}"]

    return [
        Check(gx.expectations.ExpectColumnValuesToNotBeNull(column=stub), empty),
        Check(
            gx.expectations.ExpectColumnValuesToBeInSet(
                column=stub, value_set=sorted({label for _, label in declared})
            ),
            unknown,
        ),
        Check(
            gx.expectations.ExpectCompoundColumnsToBeUnique(column_list=["edition", stub]),
            repeated,
        ),
        Check(gx.expectations.ExpectTableRowCountToEqual(value=len(declared)), row_count),
    ]


def _percentage_checks(gx, relative: str, column: str, stub: str) -> list[Check]:
    def describe(frame: pd.DataFrame, _result: dict) -> list[str]:
        messages = []
        for i, value in frame[column].items():
            if isinstance(value, str) and re.fullmatch(PERCENTAGE, value):
                continue
            shown = "empty cell" if not isinstance(value, str) else f'"{value}"'
            row = frame.at[i, stub] if stub in frame.columns else ""
            messages.append(
                f'{relative} line {_line(i)}, column "{column}", row "{row}": {shown} is not '
                "a percentage (expected a whole number from 0 to 100 followed by %)"
            )
        return messages

    # GX's regex expectation skips empty cells, so emptiness is a second expectation; both
    # word their failure by scanning the column, and the runner drops repeated messages.
    return [
        Check(gx.expectations.ExpectColumnValuesToNotBeNull(column=column), describe),
        Check(
            gx.expectations.ExpectColumnValuesToMatchRegex(column=column, regex=PERCENTAGE),
            describe,
        ),
    ]


def _claim_checks(gx, relative: str) -> list[Check]:
    def kinds(frame: pd.DataFrame, result: dict) -> list[str]:
        return [
            f'{relative} line {_line(i)}, column "claim_kind": unknown kind '
            f'"{frame.at[i, "claim_kind"]}" (one of {", ".join(CLAIM_KINDS)})'
            for i in result.get("unexpected_index_list") or []
        ]

    def figures(frame: pd.DataFrame, result: dict) -> list[str]:
        return [
            f'{relative} line {_line(i)}, column "figure": figure {frame.at[i, "figure"]} '
            "does not exist (the publication has figures 1 to 15)"
            for i in result.get("unexpected_index_list") or []
        ]

    return [
        Check(
            gx.expectations.ExpectColumnValuesToBeInSet(column="claim_kind", value_set=CLAIM_KINDS),
            kinds,
        ),
        Check(
            gx.expectations.ExpectColumnValuesToBeInSet(
                column="figure", value_set=[str(figure) for figure in FIGURES]
            ),
            figures,
        ),
    ]
