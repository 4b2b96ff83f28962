"""The page's own prose in Dutch and English (our wording, not the publication's)."""

from __future__ import annotations

from uwv_ai.report.model import Text

PAGE_TITLE = Text(
    "AI op het werk: de UWV-werkgeversenquête in grafieken",
    "AI at work: the UWV employer survey in charts",
)

INTRO = Text(
    "Deze pagina tekent acht figuren uit de publicatie van UWV over AI bij werkgevers"
    " opnieuw, met elk getal uit het datawarehouse en niet uit de pdf. Bij elke grafiek staat"
    " wat de toetsing van de lopende tekst aan de tabellen opleverde, en de SQL om de getallen"
    " zelf na te rekenen.",
    "This page redraws eight figures of UWV's publication on employers and AI, taking every"
    " number from the data warehouse rather than the PDF. Beside each chart is what checking"
    " the running text against the tables found, and the SQL to recompute the numbers.",
)

NOSCRIPT = Text(
    "De grafieken op deze pagina hebben JavaScript nodig. De bevindingen en de SQL hieronder"
    " zijn ook zonder JavaScript te lezen.",
    "The charts on this page need JavaScript. The findings and the SQL below can be read"
    " without it.",
)

SWATCH = '<span class="swatch" aria-hidden="true"></span>'

LINKING = Text(
    "Een uitspraak hoort bij een grafiek als een van de getallen waaraan ze is getoetst in"
    " die grafiek staat (de koppeling <code>quality.claim_observations</code>, per"
    " antwoord). Zo komen uitspraken over de tabel van figuur 8 bij de grafieken 1 en 2"
    " terecht, over figuur 9 bij 3 en 14 en over figuur 10 bij 4. Alleen getallen die een"
    " tegenspraak in twijfel trekt (de tekst noemt een ander getal, of de rijen lijken"
    f" verschoven) zijn in de grafiek gemarkeerd: {SWATCH}gearceerd en oranje omrand, of met"
    " een oranje ring; de muisaanwijzer noemt de uitspraken. Andere tegenspraken gaan over de"
    " tekst zelf (een ruime formulering, een rangorde, een grensgeval) en staan alleen naast"
    " de grafiek.",
    "A claim belongs to a chart when one of the numbers it was checked against is plotted"
    " in that chart (the link <code>quality.claim_observations</code>, per answer)."
    " That way claims about figure 8's table land with charts 1 and 2, those about figure 9"
    " with 3 and 14, and those about figure 10 with 4. Only numbers that a contradiction puts"
    " in doubt (the text gives another value, or the rows appear misplaced) are marked in the"
    f" chart: {SWATCH}hatched and outlined in orange, or ringed in orange; hovering names the"
    " claims. Other contradictions concern the text itself (loose wording, a ranking, an edge"
    " case) and are only listed beside the chart.",
)

MARKED = Text(
    f"{SWATCH}Gearceerd of oranje omrand: door de tekst in twijfel getrokken.",
    f"{SWATCH}Hatched or ringed in orange: put in doubt by the text.",
)

SOURCE = Text(
    "Bron: UWV, werkgeversenquête; getallen uit", "Source: UWV employer survey; numbers from"
)

FOOTER = Text(
    "Alle getallen zijn aandelen in hele procenten zoals UWV ze publiceerde, gewogen naar"
    " sector en grootteklasse. De pagina laadt niets van internet: plotly.js staat in het"
    " bestand zelf. <code>uwv-ai claims</code> toont alle uitspraken en hun toetsing in de"
    " terminal; <code>uwv-ai report</code> maakt deze pagina opnieuw.",
    "All numbers are shares in whole percents as UWV published them, weighted by sector and"
    " size class. The page loads nothing from the internet: plotly.js is inside the file."
    " <code>uwv-ai claims</code> lists every claim and its check in a terminal;"
    " <code>uwv-ai report</code> writes this page again.",
)

NO_CLAIMS = Text(
    "De tekst doet geen controleerbare uitspraken over deze getallen.",
    "The text makes no checkable claims about these numbers.",
)

NONE_CONTRADICTED = Text(
    "Geen van deze uitspraken wordt door de tabellen tegengesproken.",
    "None of these claims is contradicted by the tables.",
)

CONTRADICTED_INTRO = Text(
    "Door de tabellen tegengesproken (een getal in twijfel is in de grafiek gemarkeerd, een"
    " bevinding over de tekst niet; open een uitspraak voor de toelichting):",
    "Contradicted by the tables (a number in doubt is marked in the chart, a finding about the"
    " text is not; open a claim for the explanation):",
)

CLAIMS_SQL_INTRO = Text(
    "De controleerbare uitspraken van de tekst over deze getallen, per getoetst antwoord:",
    "The text's checkable claims about these numbers, per answer checked:",
)

NO_STATUS = Text(
    "onbekend: geen statusbestand naast het warehouse",
    "unknown: no status file beside the warehouse",
)


def score(matched: int, checked: int) -> Text:
    number = f"<strong>{matched}</strong>"
    return Text(
        f"{number} van {checked} controleerbare uitspraken over deze getallen kloppen.",
        f"{number} of {checked} checkable claims about these numbers match.",
    )


def summary(total: int, match: int, mismatch: int, unchecked: int, on_page: int) -> Text:
    return Text(
        f"De lopende tekst van de publicatie doet {total} uitspraken over de cijfers. {match}"
        f" kloppen met de tabellen, {mismatch} worden erdoor tegengesproken en {unchecked}"
        f" zijn niet te controleren. {on_page} controleerbare uitspraken gaan over getallen op"
        " deze pagina.",
        f"The publication's running text makes {total} claims about its numbers. {match} agree"
        f" with the tables, {mismatch} are contradicted by them and {unchecked} cannot be"
        f" checked. {on_page} checkable claims concern numbers on this page.",
    )


def data_sql_intro(mart: str) -> Text:
    return Text(
        f"De getallen van deze grafiek, uit <code>{mart}</code> (open het warehouse alleen-lezen):",
        f"This chart's numbers, from <code>{mart}</code> (open the warehouse read-only):",
    )


ORDER = Text("Volgorde", "Order")
ORDER_PRINTED = Text("zoals gedrukt", "as printed")
ORDER_BY_VALUE = Text("op waarde", "by value")


def order_key(key: Text) -> Text:
    """What 'by value' sorts on; `key` is markup."""
    return Text(f"Op waarde: {key.nl}.", f"By value: {key.en}.")


DOWNLOAD_CSV = Text("Getallen downloaden (CSV)", "Download the numbers (CSV)")

TABLE = Text("De getallen als tabel", "The numbers as a table")

TABLE_INTRO = Text(
    "Aandelen in %, in de volgorde van de grafiek. De download bevat dezelfde getallen, met de"
    " codes uit het warehouse (puntkomma als scheidingsteken).",
    "Shares in %, in the chart's order. The download holds the same numbers, with the"
    " warehouse's codes (comma-separated).",
)

RECOVERED_NOTE = Text(
    "* Dit getal staat niet leesbaar in de afgedrukte figuur; het is overgenomen uit de"
    " lopende tekst van de publicatie.",
    "* This number is not legible in the printed figure; it was taken from the publication's"
    " running text.",
)

CSV_CODE = Text("code", "code")
CSV_NOTE = Text("opmerking", "note")
CSV_FILE = Text("uwv-ai-figuur-{figure}.csv", "uwv-ai-figure-{figure}.csv")

COLUMNS = Text("Kolommen:", "Columns:")
