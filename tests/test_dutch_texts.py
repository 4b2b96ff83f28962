"""Every claim and every known discrepancy reads in Dutch too, in our own words.

For the report's Dutch page, quality.claim_checks has `paraphrase_nl` and
quality.known_discrepancies `discrepancy_explanation_nl` (from seeds/quality/). The build
requires both; here they must not be the English text, and must not copy the publication:
numbers, codes and labels are facts and may repeat, but no text may repeat a run of
COPIED_RUN or more consecutive words of the publication's text. That last check needs the
text, which is not part of the project: it skips when the text is absent.
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

import duckdb
import pytest

from tests.conftest import REPO
from uwv_ai.build import SOURCE_TEXT_ENV

SOURCE = REPO.parent / "shared" / "source" / "uwv-ai-werkgevers-2025.txt"

# A run of this many words shared with the publication counts as a copied sentence.
COPIED_RUN = 8

# A word is a number (3.551, 0,57 and 38% are one word each) or a run of letters.
WORD = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+")
# A footnote number glued to a word ("werkgevers2") is not a word of the sentence.
FOOTNOTE = re.compile(r"(?<=[^\W\d_])\d+")


def words(text: str) -> list[str]:
    """The words of `text`: case, punctuation, accents' encoding and whitespace (line breaks
    included) normalised away; numbers kept."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return WORD.findall(FOOTNOTE.sub("", text))


def word_runs(text: str, length: int = COPIED_RUN) -> set[tuple[str, ...]]:
    """Every run of `length` consecutive words of `text`."""
    found = words(text)
    return {tuple(found[i : i + length]) for i in range(len(found) - length + 1)}


def copied_run(text: str, source_runs: set[tuple[str, ...]]) -> str | None:
    """The first run of COPIED_RUN words of `text` that the source has too, or None."""
    found = words(text)
    for i in range(len(found) - COPIED_RUN + 1):
        run = tuple(found[i : i + COPIED_RUN])
        if run in source_runs:
            return " ".join(run)
    return None


def source_path() -> Path:
    """Where the publication's text is: $UWV_AI_SOURCE_TEXT, else beside the clone.

    (tests/conftest.py clears $UWV_AI_SOURCE_TEXT for the builds, so under pytest the text
    is looked for beside the clone.)"""
    given = os.environ.get(SOURCE_TEXT_ENV, "").strip()
    return Path(given) if given else SOURCE


def dutch_texts(warehouse: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str]]:
    """(claim id, column, text) of every Dutch text the warehouse holds for the claims."""
    return warehouse.execute(
        """
        select claim_id, 'paraphrase_nl', paraphrase_nl from quality.claim_checks
        union all
        select claim_id, 'discrepancy_explanation_nl', discrepancy_explanation_nl
        from quality.known_discrepancies
        order by 1, 2
        """
    ).fetchall()


# The helper itself: a copied sentence is caught, our own words are not.

PUBLICATION = (
    "Bij werkgevers met meer dan 100 werknemers in dienst wordt AI meestal al ingezet. Het "
    "aandeel van deze werkgevers waar AI\nhelemaal niet wordt ingezet is met 13% beduidend "
    "lager dan het gemiddelde van 34%. Zie de methode2 in bijlage 2."
)


def test_a_copied_sentence_is_caught():
    copied = "Bij werkgevers met meer dan 100 werknemers in dienst wordt AI meestal al ingezet."
    assert copied_run(copied, word_runs(PUBLICATION)) == (
        "bij werkgevers met meer dan 100 werknemers in"
    )


def test_a_copy_is_caught_whatever_its_case_punctuation_and_line_breaks():
    # Across the source's line break, in capitals, with other punctuation.
    copied = "HET AANDEEL van deze werkgevers, waar AI helemaal niet wordt ingezet..."
    assert copied_run(copied, word_runs(PUBLICATION)) == (
        "het aandeel van deze werkgevers waar ai helemaal"
    )


def test_a_footnote_number_does_not_hide_a_copy():
    assert words("de methode2 in bijlage 2") == ["de", "methode", "in", "bijlage", "2"]


def test_own_words_with_the_same_numbers_pass():
    own = "Maar 13% van de grote werkgevers gebruikt helemaal geen AI; gemiddeld is dat 34%."
    assert copied_run(own, word_runs(PUBLICATION)) is None


def test_seven_shared_words_pass_and_eight_do_not():
    source_runs = word_runs(PUBLICATION)
    seven = "Kortom: bij werkgevers met meer dan 100 werknemers zien we dat."
    eight = "Kortom: bij werkgevers met meer dan 100 werknemers in beeld."
    assert copied_run(seven, source_runs) is None
    assert copied_run(eight, source_runs) is not None


def test_numbers_are_one_word_each():
    assert words("3.551 werkgevers, 0,57 keer, 38%") == [
        "3.551",
        "werkgevers",
        "0,57",
        "keer",
        "38",
    ]


# The warehouse.


# That every claim and known discrepancy has a Dutch text is the build's to check (the
# column_contract of stg_uwv__claims and stg_uwv__known_claim_discrepancies: not_null).


def test_no_dutch_text_is_the_english_one(warehouse: duckdb.DuckDBPyConnection):
    same = warehouse.execute(
        """
        select claim_id || ' paraphrase_nl' from quality.claim_checks
        where lower(trim(paraphrase_nl)) = lower(trim(paraphrase_en))
        union all
        select claim_id || ' discrepancy_explanation_nl' from quality.known_discrepancies
        where lower(trim(discrepancy_explanation_nl)) = lower(trim(discrepancy_explanation))
        order by 1
        """
    ).fetchall()
    assert [text for (text,) in same] == [], "Dutch texts equal to the English ones"


def test_no_dutch_text_copies_the_publication(warehouse: duckdb.DuckDBPyConnection):
    path = source_path()
    if not path.is_file():
        pytest.skip(f"the publication's text is not at {path} (only developers and CI have it)")
    source_runs = word_runs(path.read_text(encoding="utf-8"))
    texts = dutch_texts(warehouse)
    copies = [
        f"{claim_id} {column}: {run!r}"
        for claim_id, column, text in texts
        if (run := copied_run(text or "", source_runs))
    ]
    assert len(texts) > 0
    assert copies == [], f"runs of {COPIED_RUN} words copied from the publication: {copies}"
