"""Figures 1, 2, 3 and 14: how much employers use AI now and expect to in five years."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from uwv_ai.report import plotting as p
from uwv_ai.report.findings import Findings, chart_findings
from uwv_ai.report.labels import answer_labels, question_subtitle
from uwv_ai.report.model import EDITION, LANGUAGES, Chart, Row, Text, label, records, require
from uwv_ai.report.tables import (
    Column,
    DataTable,
    Recovered,
    Sort,
    recovered_cells,
    sort_by_value,
    table_row,
    value_text,
)

if TYPE_CHECKING:
    import duckdb

USE_COLUMNS = {
    "HIGH": "high_pct",
    "REASONABLE": "reasonable_pct",
    "HARDLY": "hardly_pct",
    "NOT_AT_ALL": "not_at_all_pct",
}
ANY_USE = ("HIGH", "REASONABLE")
"""'Reasonable or (very) high use': the publication's headline measure, the sum of two answers."""

ANY_USE_LABEL = Text("redelijk tot zeer hoog gebruik", "reasonable to very high use")
GROUP = Text("Sector of grootteklasse", "Sector or size class")
SECTOR = Text("Sector", "Sector")

FIGURE_1_SQL = f"""\
select
    survey_year,
    high_pct,
    reasonable_pct,
    hardly_pct,
    not_at_all_pct,
    any_use_pct,
    discrepancy_claim_ids
from marts.mart_ai_use_current
where
    edition = {EDITION}
    and sector_code = '_T'
    and size_class_code = '_T'
order by survey_year"""

_BY_GROUP_COLUMNS = """\
    sector_code,
    sector_label_nl,
    sector_label_en,
    size_class_code,
    size_class_label_nl,
    size_class_label_en,"""

FIGURE_2_SQL = f"""\
select
{_BY_GROUP_COLUMNS}
    high_pct,
    reasonable_pct,
    hardly_pct,
    not_at_all_pct,
    discrepancy_claim_ids
from marts.mart_ai_use_current
where edition = {EDITION} and survey_year = {EDITION}
order by size_class_sort_order, sector_sort_order"""

FIGURE_3_SQL = f"""\
select
{_BY_GROUP_COLUMNS}
    expected_high_pct,
    expected_reasonable_pct,
    expected_hardly_pct,
    expected_not_at_all_pct,
    discrepancy_claim_ids
from marts.mart_ai_use_current_vs_expected
where edition = {EDITION} and survey_year = {EDITION}
order by size_class_sort_order, sector_sort_order"""

FIGURE_14_SQL = f"""\
select
    sector_code,
    sector_label_nl,
    sector_label_en,
    current_high_pct,
    expected_high_pct,
    current_any_use_pct,
    expected_any_use_pct,
    discrepancy_claim_ids
from marts.mart_ai_use_current_vs_expected
where edition = {EDITION} and survey_year = {EDITION} and size_class_code = '_T'
order by sector_sort_order"""


@dataclass(frozen=True)
class Band:
    """One horizontal bar of a stacked chart: a year, sector or size class and its row."""

    label: Text
    code: str
    year: int
    sector: str
    size_class: str
    row: Row
    plain_label: Text


def figure_1(connection: duckdb.DuckDBPyConnection) -> Chart:
    rows = require(records(connection, FIGURE_1_SQL), "figure 1 (marts.mart_ai_use_current)")
    findings = chart_findings(
        connection,
        "observations.question_code = 'AI_USE_NOW'"
        " and observations.sector_code = '_T' and observations.size_class_code = '_T'",
    )
    answers = answer_labels(connection, "AI_USE_NOW")
    subtitle = question_subtitle(connection, "AI_USE_NOW")
    recovered = recovered_cells(connection, 1)
    bands = [
        Band(
            label=Text(str(row["survey_year"]), str(row["survey_year"])),
            code=str(row["survey_year"]),
            year=row["survey_year"],
            sector="_T",
            size_class="_T",
            row=row,
            plain_label=Text(str(row["survey_year"]), str(row["survey_year"])),
        )
        for row in rows
    ]
    specs = {}
    for language in LANGUAGES:
        figure = go.Figure(
            _stacked("AI_USE_NOW", bands, USE_COLUMNS, answers, findings, recovered, language),
            p.base_layout(language, subtitle, 300),
        )
        figure.update_layout(
            barmode="stack",
            xaxis=p.percent_axis(language),
            yaxis=p.category_axis([band.label[language] for band in bands]),
            margin={"r": 150},
            annotations=[
                {
                    "x": 100,
                    # The category's index: a label like "2024" would be read as an index.
                    "y": index,
                    "xanchor": "left",
                    "xshift": 8,
                    "showarrow": False,
                    "align": "left",
                    "text": f"<b>{band.row['any_use_pct']:g}%</b>"
                    f" {p.wrap(ANY_USE_LABEL[language], 16)}",
                }
                for index, band in enumerate(bands)
            ],
        )
        specs[language] = p.spec(figure)
    first, last = rows[0], rows[-1]
    return Chart(
        figure=1,
        title=Text(
            f"Gebruik van AI nu, {first['survey_year']} en {last['survey_year']}",
            f"Current use of AI, {first['survey_year']} and {last['survey_year']}",
        ),
        description=Text(
            f"Gestapelde staven per jaar met de vier antwoorden. Redelijk tot zeer hoog gebruik:"
            f" {first['any_use_pct']:g}% in {first['survey_year']},"
            f" {last['any_use_pct']:g}% in {last['survey_year']}.",
            f"Stacked bars per year of the four answers. Reasonable to very high use:"
            f" {first['any_use_pct']:g}% in {first['survey_year']},"
            f" {last['any_use_pct']:g}% in {last['survey_year']}.",
        ),
        mart="marts.mart_ai_use_current",
        sql=FIGURE_1_SQL,
        findings=findings,
        specs=specs,
        table=_stacked_table(
            "AI_USE_NOW", Text("Jaar", "Year"), bands, USE_COLUMNS, answers, recovered
        ),
        # Room for the total beside the bars, less than on a wide screen.
        narrow={"layout.margin.r": 105, "layout.height": 380},
    )


def figure_2(connection: duckdb.DuckDBPyConnection) -> Chart:
    rows = require(records(connection, FIGURE_2_SQL), "figure 2 (marts.mart_ai_use_current)")
    findings = chart_findings(
        connection,
        f"observations.question_code = 'AI_USE_NOW' and observations.survey_year = {EDITION}",
    )
    specs, table, sort = _by_group(connection, 2, "AI_USE_NOW", rows, USE_COLUMNS, findings)
    return Chart(
        figure=2,
        title=Text(
            f"Gebruik van AI nu, naar sector en grootteklasse ({EDITION})",
            f"Current use of AI by sector and size class ({EDITION})",
        ),
        description=Text(
            "Gestapelde staven met de vier antwoorden voor het totaal, elke sector en elke"
            " grootteklasse.",
            "Stacked bars of the four answers for the total, each sector and each size class.",
        ),
        mart="marts.mart_ai_use_current",
        sql=FIGURE_2_SQL,
        findings=findings,
        specs=specs,
        table=table,
        sort=sort,
        narrow={"layout.height": 960},
    )


def figure_3(connection: duckdb.DuckDBPyConnection) -> Chart:
    rows = require(
        records(connection, FIGURE_3_SQL), "figure 3 (marts.mart_ai_use_current_vs_expected)"
    )
    findings = chart_findings(
        connection,
        f"observations.question_code = 'AI_USE_5Y' and observations.survey_year = {EDITION}",
    )
    columns = {code: f"expected_{column}" for code, column in USE_COLUMNS.items()}
    specs, table, sort = _by_group(connection, 3, "AI_USE_5Y", rows, columns, findings)
    return Chart(
        figure=3,
        title=Text(
            f"Verwacht gebruik van AI over vijf jaar, naar sector en grootteklasse ({EDITION})",
            f"Expected use of AI in five years by sector and size class ({EDITION})",
        ),
        description=Text(
            "Gestapelde staven met de vier antwoorden over het verwachte gebruik, voor het"
            " totaal, elke sector en elke grootteklasse.",
            "Stacked bars of the four answers on expected use for the total, each sector and"
            " each size class.",
        ),
        mart="marts.mart_ai_use_current_vs_expected",
        sql=FIGURE_3_SQL,
        findings=findings,
        specs=specs,
        table=table,
        sort=sort,
        narrow={"layout.height": 960},
    )


def figure_14(connection: duckdb.DuckDBPyConnection) -> Chart:
    rows = require(
        records(connection, FIGURE_14_SQL), "figure 14 (marts.mart_ai_use_current_vs_expected)"
    )
    # Only the answers the chart plots: a claim about non-use does not concern this chart.
    findings = chart_findings(
        connection,
        "observations.question_code in ('AI_USE_NOW', 'AI_USE_5Y')"
        f" and observations.survey_year = {EDITION} and observations.size_class_code = '_T'"
        " and observations.answer_code in ('HIGH', 'REASONABLE')",
    )
    high = answer_labels(connection, "AI_USE_NOW")[0]
    recovered = recovered_cells(connection, 14)
    panels = [
        (Text(*(label(high, "answer", language) for language in LANGUAGES)), "high", ("HIGH",)),
        (
            Text("In redelijke of (zeer) hoge mate", "To a reasonable, high or very high extent"),
            "any_use",
            ANY_USE,
        ),
    ]
    specs = {}
    for language in LANGUAGES:
        labels = [_group_label(row, "sector", language, 40) for row in rows]
        figure = make_subplots(
            rows=1,
            cols=2,
            shared_yaxes=True,
            horizontal_spacing=0.07,
            subplot_titles=[title[language] for title, _, _ in panels],
        )
        for column, (_, measure, answers) in enumerate(panels, start=1):
            traces = _dumbbell(
                rows, labels, measure, answers, findings, recovered, language, column
            )
            for trace in traces:
                figure.add_trace(trace, row=1, col=column)
        figure.update_layout(
            p.base_layout(
                language,
                Text(
                    "Aandeel werkgevers dat AI nu gebruikt en over 5 jaar verwacht te"
                    " gebruiken<br><sup>Alle werkgevers, in %</sup>",
                    "Share of employers using AI now and expecting to in five years"
                    "<br><sup>All employers, in %</sup>",
                ),
                640,
            )
        )
        figure.update_layout(margin={"t": 120}, legend={"y": 1.06})
        # A little room either side: a dot at 0% or 100% is drawn whole.
        figure.update_xaxes(p.percent_axis(language), range=[-4, 104], dtick=25)
        figure.update_yaxes(p.category_axis(labels))
        p.left_align_subplot_titles(figure)
        specs[language] = p.spec(figure)
    return Chart(
        figure=14,
        title=Text(
            f"Gebruik van AI nu en over vijf jaar, per sector ({EDITION})",
            f"Use of AI now and in five years, by sector ({EDITION})",
        ),
        description=Text(
            "Per sector twee punten, nu en over vijf jaar, verbonden door een lijn; links hoog"
            " gebruik, rechts redelijk tot zeer hoog gebruik.",
            "Per sector two dots, now and in five years, joined by a line; left high use, right"
            " reasonable to very high use.",
        ),
        mart="marts.mart_ai_use_current_vs_expected",
        sql=FIGURE_14_SQL,
        findings=findings,
        specs=specs,
        table=_dumbbell_table(rows, panels, recovered),
        # The two panels one above the other, each with the sector names.
        narrow={
            "layout.height": 1600,
            "layout.margin.t": 110,
            # The legend under the lower panel: above, it would cover the panel's title.
            "layout.margin.b": 120,
            "layout.legend.y": -0.05,
            "layout.legend.yanchor": "top",
            "layout.xaxis.domain": [0, 1],
            "layout.xaxis2.domain": [0, 1],
            "layout.yaxis.domain": [0.55, 1],
            "layout.yaxis2.domain": [0, 0.45],
            "layout.yaxis2.showticklabels": True,
            "layout.xaxis.title.text": "",
            "layout.annotations.1.x": 0,
            "layout.annotations.1.y": 0.45,
        },
        sort=sort_by_value(
            ["yaxis", "yaxis2"],
            [row["current_any_use_pct"] for row in rows],
            [row["sector_code"] != "_T" for row in rows],
            Text(
                "sectoren naar redelijk tot zeer hoog gebruik nu, hoogste eerst",
                "sectors by reasonable to very high use now, highest first",
            ),
        ),
        note=Text(
            "De publicatie drukt deze grafiek zonder getallen af; hier is hij gemaakt uit de"
            " tabellen van het huidige (figuur 8) en verwachte gebruik (figuur 9).",
            "The publication prints this chart without numbers; here it is drawn from the"
            " tables of current (figure 8) and expected use (figure 9).",
        ),
    )


def _by_group(
    connection: duckdb.DuckDBPyConnection,
    figure_number: int,
    question: str,
    rows: list[Row],
    columns: dict[str, str],
    findings: Findings,
) -> tuple[dict[str, dict], DataTable, Sort]:
    """Stacked answers in two panels: total and sectors above, size classes below.

    The sort by value orders the sectors by reasonable to very high use.
    """
    answers = answer_labels(connection, question)
    subtitle = question_subtitle(connection, question)
    recovered = recovered_cells(connection, figure_number)
    groups = [
        [_band(row, "sector") for row in rows if row["size_class_code"] == "_T"],
        [_band(row, "size_class") for row in rows if row["size_class_code"] != "_T"],
    ]
    specs = {}
    for language in LANGUAGES:
        figure = make_subplots(
            rows=2,
            cols=1,
            shared_xaxes=True,
            vertical_spacing=0.07,
            row_heights=[len(groups[0]), len(groups[1])],
            subplot_titles=[p.BY_SECTOR[language], p.BY_SIZE[language]],
        )
        for number, bands in enumerate(groups, start=1):
            traces = _stacked(
                question, bands, columns, answers, findings, recovered, language, number == 1
            )
            for trace in traces:
                figure.add_trace(trace, row=number, col=1)
            figure.update_yaxes(
                p.category_axis([band.label[language] for band in bands]), row=number, col=1
            )
        figure.update_layout(p.base_layout(language, subtitle, 720))
        figure.update_layout(barmode="stack", margin={"t": 120}, legend={"y": 1.05})
        figure.update_xaxes(p.percent_axis(language))
        figure.update_xaxes(title=None, row=1, col=1)
        p.left_align_subplot_titles(figure)
        specs[language] = p.spec(figure)
    table = _stacked_table(question, GROUP, groups[0] + groups[1], columns, answers, recovered)
    sort = sort_by_value(
        ["yaxis"],
        [sum(band.row[columns[code]] for code in ANY_USE) for band in groups[0]],
        [band.code != "_T" for band in groups[0]],
        Text(
            "sectoren naar redelijk tot zeer hoog gebruik, hoogste eerst",
            "sectors by reasonable to very high use, highest first",
        ),
    )
    return specs, table, sort


def _stacked_table(
    question: str,
    row_header: Text,
    bands: list[Band],
    columns: dict[str, str],
    answers: list[Row],
    recovered: Recovered,
) -> DataTable:
    """A row per bar, a column per answer."""
    codes = [answer["answer_code"] for answer in answers]
    return DataTable(
        row_header=row_header,
        columns=tuple(
            Column(
                answer["answer_code"], Text(answer["answer_label_nl"], answer["answer_label_en"])
            )
            for answer in answers
        ),
        rows=tuple(
            table_row(
                band.code,
                band.plain_label,
                [band.row[columns[code]] for code in codes],
                [
                    recovered.any(question, band.year, band.sector, band.size_class, [code])
                    for code in codes
                ],
                ranked=band.sector != "_T",
            )
            for band in bands
        ),
    )


def _band(row: Row, group: str) -> Band:
    """A sector row (its total is the overall total) or a size-class row as a bar."""
    return Band(
        label=Text(*(_group_label(row, group, language, 40) for language in LANGUAGES)),
        code=row[f"{group}_code"],
        year=EDITION,
        sector=row["sector_code"],
        size_class=row["size_class_code"],
        row=row,
        plain_label=Text(row[f"{group}_label_nl"], row[f"{group}_label_en"]),
    )


def _group_label(row: Row, group: str, language: str, width: int) -> str:
    text = p.wrap(label(row, group, language), width)
    return p.total_label(text) if row[f"{group}_code"] == "_T" else text


def _stacked(
    question: str,
    bands: list[Band],
    columns: dict[str, str],
    answers: list[Row],
    findings: Findings,
    recovered: Recovered,
    language: str,
    legend: bool = True,
) -> list[go.Bar]:
    """One bar trace per answer; each band a bar, its answers stacked to 100%."""
    traces = []
    for answer in answers:
        code = answer["answer_code"]
        flags = [
            findings.flagged(question, band.year, band.sector, band.size_class, [code])
            for band in bands
        ]
        order = p.unflagged_first(flags)
        flags = [flags[index] for index in order]
        points = [bands[index] for index in order]
        values = [band.row[columns[code]] for band in points]
        marks = [
            recovered.any(question, band.year, band.sector, band.size_class, [code])
            for band in points
        ]
        dark = code in ("HIGH", "REASONABLE")
        traces.append(
            go.Bar(
                orientation="h",
                name=label(answer, "answer", language),
                meta=code,
                legendgroup=code,
                showlegend=legend,
                x=values,
                y=[band.label[language] for band in points],
                text=[value_text(value, mark) for value, mark in zip(values, marks, strict=True)],
                textposition="inside",
                insidetextanchor="middle",
                textangle=0,
                textfont={"color": "white" if dark else p.INK},
                customdata=[
                    [band.code, p.flag_note(flag, language) + p.recovered_note(mark, language)]
                    for band, flag, mark in zip(points, flags, marks, strict=True)
                ],
                hovertemplate="%{y}<br>%{fullData.name}: %{x}%{customdata[1]}<extra></extra>",
                marker=p.flagged_marker(p.ANSWER_COLORS[code], flags),
            )
        )
    return traces


MOMENTS = (
    ("current", "AI_USE_NOW", Text("Nu", "Now")),
    ("expected", "AI_USE_5Y", Text("Over 5 jaar (verwacht)", "In 5 years (expected)")),
)


def _dumbbell_table(
    rows: list[Row], panels: list[tuple[Text, str, tuple[str, ...]]], recovered: Recovered
) -> DataTable:
    """A row per sector, a column per panel and moment: the four numbers of its two dumbbells."""
    cells = [
        (
            Column(
                f"{moment}_{measure}_pct",
                Text(f"{title.nl}: {name.nl.lower()}", f"{title.en}: {name.en.lower()}"),
            ),
            question,
            answers,
        )
        for title, measure, answers in panels
        for moment, question, name in MOMENTS
    ]
    return DataTable(
        row_header=SECTOR,
        columns=tuple(column for column, _, _ in cells),
        rows=tuple(
            table_row(
                row["sector_code"],
                Text(row["sector_label_nl"], row["sector_label_en"]),
                [row[column.code] for column, _, _ in cells],
                [
                    recovered.any(question, EDITION, row["sector_code"], "_T", answers)
                    for _, question, answers in cells
                ],
                ranked=row["sector_code"] != "_T",
            )
            for row in rows
        ),
    )


def _dumbbell(
    rows: list[Row],
    labels: list[str],
    measure: str,
    answers: tuple[str, ...],
    findings: Findings,
    recovered: Recovered,
    language: str,
    column: int,
) -> list[go.Scatter]:
    """Now and in five years per sector, joined by a line; contradicted dots ringed."""
    now = [row[f"current_{measure}_pct"] for row in rows]
    future = [row[f"expected_{measure}_pct"] for row in rows]
    now_flags = [
        findings.flagged("AI_USE_NOW", EDITION, r["sector_code"], "_T", answers) for r in rows
    ]
    future_flags = [
        findings.flagged("AI_USE_5Y", EDITION, r["sector_code"], "_T", answers) for r in rows
    ]
    connector_x: list[float | None] = []
    connector_y: list[str | None] = []
    for start, end, name in zip(now, future, labels, strict=True):
        connector_x += [start, end, None]
        connector_y += [name, name, None]
    traces = [
        go.Scatter(
            x=connector_x,
            y=connector_y,
            mode="lines",
            line={"color": "#9aa5b1", "width": 3},
            hoverinfo="skip",
            showlegend=False,
            meta="connector",
        )
    ]
    (_, now_question, now_name), (_, future_question, future_name) = MOMENTS
    moments = [
        ("current", now_question, now, now_flags, now_name, p.NOW_COLOR, "circle"),
        (
            "expected",
            future_question,
            future,
            future_flags,
            future_name,
            p.FUTURE_COLOR,
            "diamond",
        ),
    ]
    for moment, question, values, flags, name, color, symbol in moments:
        marks = [
            recovered.any(question, EDITION, row["sector_code"], "_T", answers) for row in rows
        ]
        traces.append(
            go.Scatter(
                x=values,
                y=labels,
                mode="markers",
                name=name[language],
                meta=f"{moment}_{measure}_pct",
                legendgroup=moment,
                showlegend=column == 1,
                marker={"color": color, "size": 11, "symbol": symbol},
                customdata=[
                    [
                        row["sector_code"],
                        p.flag_note(flag, language) + p.recovered_note(mark, language),
                    ]
                    for row, flag, mark in zip(rows, flags, marks, strict=True)
                ],
                hovertemplate="%{y}<br>%{fullData.name}: %{x}%{customdata[1]}<extra></extra>",
            )
        )
    flagged = [
        (value, name)
        for values, flags in ((now, now_flags), (future, future_flags))
        for value, name, flag in zip(values, labels, flags, strict=True)
        if flag
    ]
    traces.append(
        go.Scatter(
            x=[value for value, _ in flagged],
            y=[name for _, name in flagged],
            mode="markers",
            name=p.CONTRADICTED[language],
            meta="flagged",
            legendgroup="flagged",
            # No legend entry for a mark that appears nowhere.
            showlegend=column == 1 and bool(flagged),
            hoverinfo="skip",
            marker={
                "symbol": "circle-open",
                "size": 20,
                "color": p.FLAG_COLOR,
                "line": {"width": 2.5, "color": p.FLAG_COLOR},
            },
        )
    )
    return traces
