"""The seeds say what the publication prints: checked against the extracted source text.

The build never reads the source; this test does, with its own simple reading of the text,
so a typo in a seed is caught independently of the warehouse code.
"""

from __future__ import annotations

import csv
import re

import pytest

from tests.conftest import REPO

SOURCE = REPO.parent / "shared" / "source" / "uwv-ai-werkgevers-2025.txt"
SEEDS = REPO / "seeds" / "publication"
APPENDIX_TABLES = [
    "fig08_current_ai_use",
    "fig09_expected_ai_use",
    "fig10_expected_consequences",
    "fig12_measures",
    "fig13_measures_by_population",
]


@pytest.fixture(scope="module")
def source_text() -> str:
    assert SOURCE.is_file(), f"the source document is expected at {SOURCE}"
    return SOURCE.read_text(encoding="utf-8")


def _flat(text: str) -> str:
    """Whitespace (line breaks included) collapsed to single spaces; a hyphen at the end
    of a line is joined to the next line's word, as the seeds join wrapped labels."""
    text = re.sub(r"-[ \t]*\n\s*", "-", text)
    return re.sub(r"\s+", " ", text)


def _rows(seed: str) -> tuple[list[str], list[list[str]]]:
    """Header and rows of a seed as printed: the 2025 edition's rows, without the edition."""
    with (SEEDS / f"{seed}.csv").open(encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    if header[0] == "edition":
        return header[1:], [row[1:] for row in rows if row[0] == "2025"]
    return header, rows


def _percent_tokens(text: str) -> list[str]:
    return re.findall(r"\d+%", text)


def _contains_run(tokens: list[str], run: list[str]) -> bool:
    return any(tokens[i : i + len(run)] == run for i in range(len(tokens) - len(run) + 1))


@pytest.mark.parametrize("seed", APPENDIX_TABLES)
def test_every_appendix_row_is_printed_as_in_the_seed(seed: str, source_text: str):
    flat = _flat(source_text)
    _, rows = _rows(seed)
    missing = [row for row in rows if " ".join(row) not in flat]
    assert not missing, f"{seed}: rows not found in the source: {missing}"


def test_figure_4_chart_labels_are_the_seed_columns_in_order(source_text: str):
    _, rows = _rows("fig04_consequences_trend")
    values_2025 = [row[1] for row in rows]
    values_2024 = [row[2] for row in rows]
    assert _contains_run(_percent_tokens(source_text), values_2025 + values_2024)


def test_figure_6_pies_are_the_seed_rows(source_text: str):
    _, rows = _rows("fig06_guidance_and_preparation")
    tokens = _percent_tokens(source_text)
    for _, yes, no in rows:
        assert _contains_run(tokens, [yes, no])


def test_figure_7_bars_are_the_seed_except_the_recovered_one(source_text: str):
    _, rows = _rows("fig07_measures_total")
    _, recovered = _rows("../reference/publication_cell_sources")
    recovered_labels = {row[1] for row in recovered if row[0] == "7"}
    assert recovered_labels, "publication_cell_sources lists the recovered bar of figure 7"
    printed = [value for label, value in rows if label not in recovered_labels]
    assert len(printed) == len(rows) - 1
    assert _contains_run(_percent_tokens(source_text), printed)
    # The recovered value is quoted in the running text in parentheses.
    for label, value in rows:
        if label in recovered_labels:
            assert f"({value})" in source_text


def test_figure_15_sector_names_are_printed(source_text: str):
    flat = _flat(source_text)
    _, rows = _rows("fig15_sector_names")
    missing = [row for row in rows if " ".join(row) not in flat]
    assert not missing, missing
