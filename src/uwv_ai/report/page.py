"""The HTML page: header, one section per chart with its findings and SQL, inlined plotly.js.

Our own texts (uwv_ai.report.texts) are markup; every value from the warehouse or a chart
(titles, ids, labels, SQL) passes through uwv_ai.report.escaping on its way in.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from uwv_ai.derived import report_meta
from uwv_ai.report import texts
from uwv_ai.report.assets import (
    CONTENT_SECURITY_POLICY,
    PLOTLY_CONFIG,
    PLOTLY_DUTCH,
    SCRIPT,
    STYLE,
)
from uwv_ai.report.escaping import element_id, html_text, script_json
from uwv_ai.report.findings import Claim, Discrepancy, Findings
from uwv_ai.report.model import LANGUAGES, Chart, Row, Text
from uwv_ai.report.tables import RECOVERED, DataTable, value_text


@dataclass(frozen=True)
class Context:
    """What the page says about its source besides the charts."""

    editions: list[Row]
    status: dict[str, Any] | None
    claim_totals: dict[str, int]
    generated_at: str
    plotly_js: str


def render(charts: list[Chart], context: Context) -> str:
    """The whole page as one string; identical input gives identical output."""
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="nl">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            # The warehouse version shown, so that `uwv-ai status` can tell a stale page.
            *([report_meta(context.status["sha256"])] if context.status else []),
            # Defence in depth: even a stray URL in a spec could not make the page fetch it.
            f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">',
            f"<title>{html_text(texts.PAGE_TITLE.nl)}</title>",
            f"<style>{STYLE}</style>",
            "</head>",
            "<body>",
            '<div class="page">',
            _header(context),
            f'<noscript><p class="noscript">{bilingual(texts.NOSCRIPT)}</p></noscript>',
            _contents(charts),
            _summary(charts, context),
            '<main id="charts">',
            *(_section(chart) for chart in charts),
            "</main>",
            f"<footer><h2>{_t('Over deze pagina', 'About this page')}</h2>"
            f"{bilingual(texts.FOOTER, 'p')}</footer>",
            "</div>",
            '<script type="application/json" id="report-data">',
            script_json(_data(charts)),
            "</script>",
            f"<script>{context.plotly_js}</script>",
            f"<script>{SCRIPT}</script>",
            "</body>",
            "</html>",
            "",
        ]
    )


def bilingual(text: Text, tag: str = "span") -> str:
    """Both languages in the page; CSS shows the one `<html lang>` names. `text` is markup."""
    return "".join(
        f'<{tag} class="l-{language}" lang="{language}">{text[language]}</{tag}>'
        for language in LANGUAGES
    )


def _t(nl: str, en: str, tag: str = "span") -> str:
    return bilingual(Text(nl, en), tag)


def _header(context: Context) -> str:
    current = context.editions[0]
    samples = ", ".join(
        f"{html_text(edition['survey_year'])}: n&nbsp;=&nbsp;{_number(edition['respondents'])}"
        for edition in context.editions
    )
    publication = (
        f"{html_text(current['publisher'] or '')},"
        f' <q lang="nl">{html_text(current["publication_title"])}</q>'
        f" ({html_text(current['publication_year'])})"
    )
    switch = (
        '<button id="language-switch" type="button">'
        '<span class="l-nl" lang="en">English</span>'
        '<span class="l-en" lang="nl">Nederlands</span></button>'
    )
    facts = [
        (_t("Publicatie", "Publication"), publication),
        (_t("Werkgevers ondervraagd", "Employers surveyed"), samples),
        (_t("Warehouse-build", "Warehouse build"), _status(context.status)),
        (
            _t("Pagina gemaakt", "Page generated"),
            f'<time datetime="{html_text(context.generated_at)}">'
            f"{html_text(context.generated_at)}</time>",
        ),
    ]
    return "\n".join(
        [
            '<header class="intro">',
            f'<div class="topline"><h1>{bilingual(texts.PAGE_TITLE)}</h1>{switch}</div>',
            bilingual(texts.INTRO, "p"),
            '<dl class="facts">',
            *(f"<dt>{term}</dt><dd>{value}</dd>" for term, value in facts),
            "</dl>",
            "</header>",
        ]
    )


def _status(status: dict[str, Any] | None) -> str:
    """When and from which commit the warehouse was published, as its status file says."""
    if not status:
        return bilingual(texts.NO_STATUS)
    commit = html_text(status.get("git_commit", "?"))
    published = html_text(status.get("published_at", "?"))
    gates = html_text(status.get("gates", "?"))
    return (
        f'{_t("gepubliceerd", "published")} <time datetime="{published}">{published}</time>,'
        f" commit <code>{commit}</code>, {_t('controles', 'gates')}: {gates}"
    )


def _contents(charts: list[Chart]) -> str:
    items = "".join(
        f'<li><a href="#fig-{chart.figure}">'
        f"{_t(f'Figuur {chart.figure}', f'Figure {chart.figure}')}</a></li>"
        for chart in charts
    )
    return f'<nav class="contents" aria-label="Figuren / Figures"><ol>{items}</ol></nav>'


def _summary(charts: list[Chart], context: Context) -> str:
    totals = context.claim_totals
    on_page = {
        claim.claim_id
        for chart in charts
        for claim in (*chart.findings.matched, *chart.findings.contradicted)
    }
    text = texts.summary(
        total=sum(totals.values()),
        match=totals.get("match", 0),
        mismatch=totals.get("mismatch", 0),
        unchecked=totals.get("not_checkable", 0),
        on_page=len(on_page),
    )
    title = _t("De tekst getoetst aan de tabellen", "The text checked against its tables")
    return "\n".join(
        [
            '<section class="summary" aria-labelledby="summary-title">',
            f'<h2 id="summary-title">{title}</h2>',
            bilingual(text, "p"),
            bilingual(texts.LINKING, "p"),
            "</section>",
        ]
    )


def _section(chart: Chart) -> str:
    number = chart.figure
    title = Text(
        f"Figuur {number}. {html_text(chart.title.nl)}",
        f"Figure {number}. {html_text(chart.title.en)}",
    )
    caption = [bilingual(_plain(chart.note))] if chart.note else []
    if chart.findings.marks_numbers:
        caption.append(bilingual(texts.MARKED))
    if chart.table.has_recovered:
        caption.append(bilingual(texts.RECOVERED_NOTE))
    caption.append(f"{bilingual(texts.SOURCE)} <code>{html_text(chart.mart)}</code>.")
    # The script replaces the label when the language changes; Dutch is the page's default.
    aria = html_text(f"{chart.title.nl}. {chart.description.nl}")
    return "\n".join(
        [
            f'<section class="figure" id="fig-{number}" aria-labelledby="fig-{number}-title">',
            f'<h2 id="fig-{number}-title">{bilingual(title)}</h2>',
            '<div class="figure-body">',
            "<figure>",
            f'<div class="chart" id="{html_text(chart.element_id)}" data-figure="{number}"'
            ' role="img"'
            f' aria-label="{aria}"></div>',
            *([_column_key(chart.table)] if chart.numbered_columns else []),
            _tools(chart),
            f"<figcaption>{' '.join(caption)}</figcaption>",
            "</figure>",
            _findings(chart.findings, f"fig-{number}-"),
            "</div>",
            _table(chart.table, f"fig-{number}-table", number),
            _sql(chart),
            "</section>",
        ]
    )


def _tools(chart: Chart) -> str:
    """Under the chart: the order toggle where it lists sectors, and the CSV download.

    Both need the script, which unhides them; without it the table below still reads.
    """
    parts = ['<div class="chart-tools" hidden>']
    if chart.sort:
        label = f"fig-{chart.figure}-order"
        buttons = "".join(
            f'<button type="button" data-order="{order}" aria-pressed="{pressed}">'
            f"{bilingual(text)}</button>"
            for order, text, pressed in (
                ("printed", texts.ORDER_PRINTED, "true"),
                ("value", texts.ORDER_BY_VALUE, "false"),
            )
        )
        key = Text(html_text(chart.sort.key.nl), html_text(chart.sort.key.en))
        parts.append(
            f'<div class="order" role="group" aria-labelledby="{label}">'
            f'<span id="{label}">{bilingual(texts.ORDER)}:</span>{buttons}</div>'
            f'<span class="order-key">{bilingual(texts.order_key(key))}</span>'
        )
    parts.append(
        f'<button type="button" class="download" data-table="fig-{chart.figure}-table">'
        f"{bilingual(texts.DOWNLOAD_CSV)}</button>"
    )
    parts.append("</div>")
    return "".join(parts)


def _column_key(table: DataTable) -> str:
    """What columns 1, 2, 3 ... are, for a phone-sized screen (CSS shows it only there)."""
    items = "".join(f"<li>{bilingual(_plain(column.label))}</li>" for column in table.columns)
    return f'<div class="column-key"><span>{bilingual(texts.COLUMNS)}</span><ol>{items}</ol></div>'


def _table(table: DataTable, table_id: str, figure: int) -> str:
    """The chart's numbers, a row per bar or band; the CSV download is written from it."""
    head = "".join(
        f'<th scope="col" data-code="{html_text(column.code)}">{bilingual(_plain(column.label))}'
        "</th>"
        for column in table.columns
    )
    rows = "".join(
        f'<tr data-code="{html_text(row.code)}"><th scope="row">{bilingual(_plain(row.label))}</th>'
        + "".join(
            f'<td data-value="{value:g}"{" data-recovered" if recovered else ""}>'
            f"{html_text(value_text(value, recovered))}</td>"
            for value, recovered in zip(row.values, row.recovered, strict=True)
        )
        + "</tr>"
        for row in table.rows
    )
    note = [bilingual(texts.RECOVERED_NOTE, "p")] if table.has_recovered else []
    return "\n".join(
        [
            '<details class="data">',
            f"<summary>{bilingual(texts.TABLE)}</summary>",
            bilingual(texts.TABLE_INTRO, "p"),
            '<div class="table-scroll">',
            f'<table id="{table_id}" data-figure="{figure}">',
            f'<thead><tr><th scope="col">{bilingual(_plain(table.row_header))}</th>{head}</tr>'
            "</thead>",
            f"<tbody>{rows}</tbody>",
            "</table>",
            "</div>",
            *note,
            "</details>",
        ]
    )


def _findings(findings: Findings, id_prefix: str) -> str:
    """Beside the chart: how many of the text's claims match, and each one contradicted.

    A claim can concern several charts (C002: figures 1 and 2); `id_prefix` names the chart,
    so each listing of it has an id of its own.
    """
    classes = "findings has-discrepancies" if findings.contradicted else "findings"
    parts = [
        f'<aside class="{classes}">',
        f"<h3>{_t('Toetsing van de tekst', 'Checking the text')}</h3>",
    ]
    if not findings.checked:
        parts.append(bilingual(texts.NO_CLAIMS, "p"))
    else:
        score = texts.score(len(findings.matched), findings.checked)
        parts.append(f'<p class="score">{bilingual(score)}</p>')
    if findings.contradicted:
        parts.append(bilingual(texts.CONTRADICTED_INTRO, "p"))
        parts.append('<ul class="discrepancies">')
        parts.extend(_discrepancy(item, id_prefix) for item in findings.contradicted)
        parts.append("</ul>")
    elif findings.checked:
        parts.append(bilingual(texts.NONE_CONTRADICTED, "p"))
    if findings.matched:
        claims = "".join(_claim(claim) for claim in findings.matched)
        parts.append(
            f"<details><summary>{_t('Kloppende uitspraken', 'Matching claims')}"
            f' ({len(findings.matched)})</summary><ul class="matched">{claims}</ul></details>'
        )
    parts.append("</aside>")
    return "\n".join(parts)


def _figure_reference(figure: int | None) -> str:
    """The publication figure a claim names: it may differ from the chart it lands with."""
    if figure is None:
        return ""
    number = html_text(figure)
    return f' <span class="claim-figure">({_t(f"figuur {number}", f"figure {number}")})</span>'


def _escaped(text: Text) -> Text:
    """A text from the warehouse, as markup (data never becomes markup)."""
    return Text(html_text(text.nl), html_text(text.en))


def _claim(claim: Claim) -> str:
    return (
        f"<li><strong>{html_text(claim.claim_id)}</strong>"
        f"{_figure_reference(claim.publication_figure)}"
        f" {bilingual(_escaped(claim.paraphrase))}</li>"
    )


def _discrepancy(item: Discrepancy, id_prefix: str) -> str:
    """One contradicted claim: its quality flag and the claim in a line; when opened, our
    explanation and (on the English page) the check's own terms."""
    # The check's terms (expected, observed) are written in English by the claim checks.
    check = f"text: {html_text(item.expected)} · tables: {html_text(item.observed)}"
    kind = "in-doubt" if item.number_in_doubt else "about-text"
    return (
        f'<li id="{element_id(f"{id_prefix}claim-", item.claim_id)}" class="{kind}">'
        "<details><summary>"
        f'<span class="claim-id">{html_text(item.claim_id)}</span>'
        f"{_figure_reference(item.publication_figure)}"
        f' <span class="flag {kind}">{bilingual(_escaped(item.flag_label))}</span>'
        f" {bilingual(_escaped(item.paraphrase), 'q')}</summary>"
        f'<span class="check l-en" lang="en">{check}</span>'
        f'<div class="explanation">{bilingual(_escaped(item.explanation), "p")}</div>'
        "</details></li>"
    )


def _sql(chart: Chart) -> str:
    """The queries an analyst runs to get the chart's numbers and the claims about them."""
    return "\n".join(
        [
            '<details class="sql">',
            f"<summary>{_t('Bron en SQL', 'Source and SQL')}</summary>",
            bilingual(texts.data_sql_intro(html_text(chart.mart)), "p"),
            f"<pre><code>{html_text(chart.sql)}</code></pre>",
            bilingual(texts.CLAIMS_SQL_INTRO, "p"),
            f"<pre><code>{html_text(chart.findings.sql)}</code></pre>",
            "</details>",
        ]
    )


def _data(charts: list[Chart]) -> dict[str, Any]:
    """What the script needs: both specs per chart, their labels, plotly's configuration."""
    return {
        "title": {language: texts.PAGE_TITLE[language] for language in LANGUAGES},
        "config": PLOTLY_CONFIG,
        "plotlyDutch": PLOTLY_DUTCH,
        "csv": {
            name: asdict(text)
            for name, text in (
                ("code", texts.CSV_CODE),
                ("note", texts.CSV_NOTE),
                ("file", texts.CSV_FILE),
                ("recovered", RECOVERED),
            )
        },
        "charts": [
            {
                "id": chart.element_id,
                "figure": chart.figure,
                "aria": {
                    language: f"{chart.title[language]}. {chart.description[language]}"
                    for language in LANGUAGES
                },
                "specs": chart.specs,
                "narrow": chart.narrow,
                "numbered": chart.numbered_columns,
                "sort": (
                    {"axes": list(chart.sort.axes), "order": list(chart.sort.order)}
                    if chart.sort
                    else None
                ),
            }
            for chart in charts
        ],
    }


def _plain(text: Text) -> Text:
    """A chart's own text (title, note) as HTML: it is text, not markup."""
    return Text(html_text(text.nl), html_text(text.en))


def _number(value: int) -> str:
    """3.551 in Dutch, 3,551 in English."""
    return bilingual(Text(f"{value:,}".replace(",", "."), f"{value:,}"))
