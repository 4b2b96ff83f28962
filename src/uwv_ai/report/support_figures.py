"""Figures 4, 6, 7 and 12: expected consequences, and how employers guide or prepare staff."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from uwv_ai.report import plotting as p
from uwv_ai.report.findings import Findings, chart_findings
from uwv_ai.report.labels import answer_labels, question_subtitle
from uwv_ai.report.model import EDITION, LANGUAGES, Chart, Row, Text, label, records, require
from uwv_ai.report.tables import (
    SHARE,
    Column,
    DataTable,
    Recovered,
    recovered_cells,
    sort_by_value,
    table_row,
    value_text,
)

if TYPE_CHECKING:
    import duckdb

FIGURE_4_SQL = f"""\
select
    consequence_code,
    consequence_label_nl,
    consequence_label_en,
    survey_year,
    share_pct,
    discrepancy_claim_ids
from marts.mart_ai_consequences
where
    edition = {EDITION}
    and sector_code = '_T'
    and size_class_code = '_T'
order by consequence_sort_order, survey_year"""

FIGURE_6_SQL = f"""\
select
    question_code,
    population_label_nl,
    population_label_en,
    yes_pct,
    no_pct,
    discrepancy_claim_ids
from marts.mart_ai_guidance
where
    edition = {EDITION}
    and survey_year = {EDITION}
    and sector_code = '_T'
    and size_class_code = '_T'
order by question_code"""

FIGURE_7_SQL = f"""\
select
    measure_code,
    measure_label_nl,
    measure_label_en,
    share_pct,
    discrepancy_claim_ids
from marts.mart_ai_support_measures
where
    edition = {EDITION}
    and survey_year = {EDITION}
    and population_code = 'GUIDE_OR_PREPARE'
    and sector_code = '_T'
    and size_class_code = '_T'
order by measure_sort_order"""

FIGURE_12_SQL = f"""\
select
    sector_code,
    sector_label_nl,
    sector_label_en,
    size_class_code,
    size_class_label_nl,
    size_class_label_en,
    measure_code,
    measure_label_nl,
    measure_label_en,
    share_pct,
    discrepancy_claim_ids
from marts.mart_ai_support_measures
where
    edition = {EDITION}
    and survey_year = {EDITION}
    and population_code = 'GUIDE_OR_PREPARE'
order by size_class_sort_order, sector_sort_order, measure_sort_order"""

_MEASURES_SCOPE = (
    "observations.question_code = 'AI_SUPPORT_MEASURES'"
    " and observations.population_code = 'GUIDE_OR_PREPARE'"
)
_TOTAL_SCOPE = " and observations.sector_code = '_T' and observations.size_class_code = '_T'"


def figure_4(connection: duckdb.DuckDBPyConnection) -> Chart:
    rows = require(records(connection, FIGURE_4_SQL), "figure 4 (marts.mart_ai_consequences)")
    findings = chart_findings(
        connection, "observations.question_code = 'AI_IMPACT_5Y'" + _TOTAL_SCOPE
    )
    subtitle = question_subtitle(connection, "AI_IMPACT_5Y")
    codes = list(dict.fromkeys(row["consequence_code"] for row in rows))
    years = sorted({row["survey_year"] for row in rows})
    recovered = recovered_cells(connection, 4)
    share = {(row["consequence_code"], row["survey_year"]): row for row in rows}
    specs = {}
    for language in LANGUAGES:
        names = {
            row["consequence_code"]: p.wrap(p.capitalised(label(row, "consequence", language)), 32)
            for row in rows
            if row["survey_year"] == EDITION
        }
        traces = []
        for year in years:
            by_code = {row["consequence_code"]: row for row in rows if row["survey_year"] == year}
            flags = [findings.flagged("AI_IMPACT_5Y", year, "_T", "_T", [code]) for code in codes]
            order = p.unflagged_first(flags)
            flags = [flags[index] for index in order]
            points = [codes[index] for index in order]
            values = [by_code[code]["share_pct"] for code in points]
            marks = [recovered.any("AI_IMPACT_5Y", year, "_T", "_T", [code]) for code in points]
            traces.append(
                go.Bar(
                    orientation="h",
                    name=str(year),
                    meta=year,
                    x=values,
                    y=[names[code] for code in points],
                    text=[
                        value_text(value, mark) for value, mark in zip(values, marks, strict=True)
                    ],
                    textposition="outside",
                    cliponaxis=False,
                    customdata=[
                        [code, p.flag_note(flag, language) + p.recovered_note(mark, language)]
                        for code, flag, mark in zip(points, flags, marks, strict=True)
                    ],
                    hovertemplate="%{y}<br>%{fullData.name}: %{x}%{customdata[1]}<extra></extra>",
                    marker=p.flagged_marker(p.YEAR_COLORS.get(year, p.NOW_COLOR), flags),
                )
            )
        figure = go.Figure(traces, p.base_layout(language, subtitle, 480))
        figure.update_layout(
            barmode="group",
            bargap=0.25,
            xaxis=p.percent_axis(language, 60),
            yaxis=p.category_axis([names[code] for code in codes]),
        )
        specs[language] = p.spec(figure)
    return Chart(
        figure=4,
        title=Text(
            f"Verwachte gevolgen van AI, {years[0]} en {years[-1]}",
            f"Expected consequences of AI, {years[0]} and {years[-1]}",
        ),
        description=Text(
            f"Staven per gevolg, {years[0]} naast {years[-1]}: het aandeel werkgevers dat het"
            " gevolg de komende vijf jaar verwacht.",
            f"Bars per consequence, {years[0]} beside {years[-1]}: the share of employers"
            " expecting it over the next five years.",
        ),
        mart="marts.mart_ai_consequences",
        sql=FIGURE_4_SQL,
        findings=findings,
        specs=specs,
        table=DataTable(
            row_header=Text("Gevolg", "Consequence"),
            columns=tuple(Column(str(year), Text(str(year), str(year))) for year in years),
            rows=tuple(
                table_row(
                    code,
                    Text(
                        p.capitalised(share[(code, EDITION)]["consequence_label_nl"]),
                        p.capitalised(share[(code, EDITION)]["consequence_label_en"]),
                    ),
                    [share[(code, year)]["share_pct"] for year in years],
                    [recovered.any("AI_IMPACT_5Y", year, "_T", "_T", [code]) for year in years],
                )
                for code in codes
            ),
        ),
        narrow={"layout.height": 580},
    )


def figure_6(connection: duckdb.DuckDBPyConnection) -> Chart:
    rows = require(records(connection, FIGURE_6_SQL), "figure 6 (marts.mart_ai_guidance)")
    findings = chart_findings(
        connection,
        "observations.question_code in ('AI_GUIDANCE', 'AI_PREPARATION')" + _TOTAL_SCOPE,
    )
    recovered = recovered_cells(connection, 6)
    specs = {}
    for language in LANGUAGES:
        figure = make_subplots(
            rows=1,
            cols=len(rows),
            specs=[[{"type": "domain"}] * len(rows)],
            subplot_titles=[p.wrap(label(row, "population", language), 42) for row in rows],
        )
        for column, row in enumerate(rows, start=1):
            figure.add_trace(
                _pie(connection, row, findings, recovered, language), row=1, col=column
            )
        figure.update_layout(
            p.base_layout(
                language,
                Text(
                    "Begeleidt of bereidt de werkgever werknemers voor op AI?<br><sup>In %</sup>",
                    "Does the employer guide or prepare employees for AI?<br><sup>In %</sup>",
                ),
                420,
            )
        )
        figure.update_layout(
            margin={"t": 110, "b": 30},
            legend={"x": 0.5, "xanchor": "center", "y": -0.04, "yanchor": "top"},
        )
        specs[language] = p.spec(figure)
    guided, prepared = rows[0], rows[-1]
    return Chart(
        figure=6,
        title=Text(
            f"Begeleiding van AI-gebruikers en voorbereiding van verwachte gebruikers ({EDITION})",
            f"Guidance of AI users and preparation of expected users ({EDITION})",
        ),
        description=Text(
            f"Twee ringdiagrammen: {guided['yes_pct']:g}% van de AI-gebruikers begeleidt"
            f" werknemers; {prepared['yes_pct']:g}% van de werkgevers die AI verwachten bereidt"
            " ze voor.",
            f"Two donut charts: {guided['yes_pct']:g}% of AI users guide employees;"
            f" {prepared['yes_pct']:g}% of employers expecting AI prepare them.",
        ),
        mart="marts.mart_ai_guidance",
        sql=FIGURE_6_SQL,
        findings=findings,
        specs=specs,
        table=_guidance_table(connection, rows, recovered),
        # The two rings one above the other.
        narrow={
            "layout.height": 760,
            "data.0.domain": {"x": [0, 1], "y": [0.58, 0.97]},
            "data.1.domain": {"x": [0, 1], "y": [0, 0.39]},
            "layout.annotations.0.x": 0.5,
            "layout.annotations.0.y": 0.98,
            "layout.annotations.1.x": 0.5,
            "layout.annotations.1.y": 0.41,
            "layout.annotations.0.font.size": 14,
            "layout.annotations.1.font.size": 14,
            "layout.margin.t": 90,
        },
    )


def _guidance_table(
    connection: duckdb.DuckDBPyConnection, rows: list[Row], recovered: Recovered
) -> DataTable:
    """A row per question (named by whom it asks), a column per answer."""
    answers = answer_labels(connection, rows[0]["question_code"])
    codes = [answer["answer_code"] for answer in answers]
    return DataTable(
        row_header=Text("Werkgevers", "Employers"),
        columns=tuple(
            Column(code, Text(answer["answer_label_nl"], answer["answer_label_en"]))
            for code, answer in zip(codes, answers, strict=True)
        ),
        rows=tuple(
            table_row(
                row["question_code"],
                Text(row["population_label_nl"], row["population_label_en"]),
                [row[f"{code.lower()}_pct"] for code in codes],
                [
                    recovered.any(row["question_code"], EDITION, "_T", "_T", [code])
                    for code in codes
                ],
            )
            for row in rows
        ),
    )


def _pie(
    connection: duckdb.DuckDBPyConnection,
    row: Row,
    findings: Findings,
    recovered: Recovered,
    language: str,
) -> go.Pie:
    """Yes and no of one question; a contradicted slice hatched like a contradicted bar."""
    question = row["question_code"]
    answers = answer_labels(connection, question)
    codes = [answer["answer_code"] for answer in answers]
    flags = [findings.flagged(question, EDITION, "_T", "_T", [code]) for code in codes]
    marks = [recovered.any(question, EDITION, "_T", "_T", [code]) for code in codes]
    values = [row[f"{code.lower()}_pct"] for code in codes]
    colors = [p.ANSWER_COLORS[code] for code in codes]
    marker = p.flagged_marker("", flags)
    del marker["color"]
    # A pie has one colour per slice; plotly.js cannot overlay a pattern on such a list, so
    # the pattern's own background carries the slice colours.
    marker["colors"] = colors
    marker["pattern"].update(fillmode="replace", bgcolor=colors)
    return go.Pie(
        labels=[label(answer, "answer", language) for answer in answers],
        values=values,
        text=[value_text(value, mark) for value, mark in zip(values, marks, strict=True)],
        meta=question,
        sort=False,
        direction="clockwise",
        hole=0.45,
        texttemplate="%{label}<br>%{text}",
        textfont={"size": 14},
        insidetextfont={"color": ["white" if code == "YES" else p.INK for code in codes]},
        customdata=[
            [code, p.flag_note(flag, language) + p.recovered_note(mark, language)]
            for code, flag, mark in zip(codes, flags, marks, strict=True)
        ],
        # A pie gathers the points of one label, so a slice's customdata is a list of them.
        hovertemplate="%{label}: %{value}%%{customdata[0][1]}<extra></extra>",
        marker=marker,
    )


def figure_7(connection: duckdb.DuckDBPyConnection) -> Chart:
    rows = require(records(connection, FIGURE_7_SQL), "figure 7 (marts.mart_ai_support_measures)")
    findings = chart_findings(connection, _MEASURES_SCOPE + _TOTAL_SCOPE)
    subtitle = question_subtitle(connection, "AI_SUPPORT_MEASURES", "GUIDE_OR_PREPARE")
    recovered = recovered_cells(connection, 7)

    def mark(row: Row) -> bool:
        return recovered.any("AI_SUPPORT_MEASURES", EDITION, "_T", "_T", [row["measure_code"]])

    specs = {}
    for language in LANGUAGES:
        flags = [
            findings.flagged("AI_SUPPORT_MEASURES", EDITION, "_T", "_T", [row["measure_code"]])
            for row in rows
        ]
        order = p.unflagged_first(flags)
        flags = [flags[index] for index in order]
        points = [rows[index] for index in order]
        names = [p.wrap(label(row, "measure", language), 45) for row in points]
        bars = go.Bar(
            orientation="h",
            x=[row["share_pct"] for row in points],
            y=names,
            meta="share_pct",
            text=[value_text(row["share_pct"], mark(row)) for row in points],
            textposition="outside",
            cliponaxis=False,
            customdata=[
                [
                    row["measure_code"],
                    p.flag_note(flag, language) + p.recovered_note(mark(row), language),
                ]
                for row, flag in zip(points, flags, strict=True)
            ],
            hovertemplate="%{y}: %{x}%{customdata[1]}<extra></extra>",
            marker=p.flagged_marker(p.NOW_COLOR, flags),
            showlegend=False,
        )
        figure = go.Figure(bars, p.base_layout(language, subtitle, 360))
        figure.update_layout(
            bargap=0.3,
            # One bar series needs no legend, so no room is kept for one.
            margin={"t": 70},
            xaxis=p.percent_axis(language),
            yaxis=p.category_axis([p.wrap(label(row, "measure", language), 45) for row in rows]),
        )
        specs[language] = p.spec(figure)
    return Chart(
        figure=7,
        title=Text(
            f"Maatregelen bij begeleiden of voorbereiden ({EDITION})",
            f"Measures taken to guide or prepare employees ({EDITION})",
        ),
        description=Text(
            "Staven per maatregel: het aandeel van de begeleidende of voorbereidende werkgevers"
            f" dat de maatregel neemt; meest genoemd: {rows[0]['measure_label_nl']}"
            f" ({rows[0]['share_pct']:g}%).",
            "Bars per measure: the share of guiding or preparing employers taking it; most"
            f" named: {rows[0]['measure_label_en']} ({rows[0]['share_pct']:g}%).",
        ),
        mart="marts.mart_ai_support_measures",
        sql=FIGURE_7_SQL,
        findings=findings,
        specs=specs,
        table=DataTable(
            row_header=Text("Maatregel", "Measure"),
            columns=(Column("share_pct", SHARE),),
            rows=tuple(
                table_row(
                    row["measure_code"],
                    Text(row["measure_label_nl"], row["measure_label_en"]),
                    [row["share_pct"]],
                    [mark(row)],
                )
                for row in rows
            ),
        ),
        narrow={"layout.height": 560},
    )


def figure_12(connection: duckdb.DuckDBPyConnection) -> Chart:
    rows = require(records(connection, FIGURE_12_SQL), "figure 12 (marts.mart_ai_support_measures)")
    findings = chart_findings(connection, _MEASURES_SCOPE)
    subtitle = question_subtitle(connection, "AI_SUPPORT_MEASURES", "GUIDE_OR_PREPARE")
    groups = list(dict.fromkeys((row["sector_code"], row["size_class_code"]) for row in rows))
    measures = list(dict.fromkeys(row["measure_code"] for row in rows))
    cell = {(row["sector_code"], row["size_class_code"], row["measure_code"]): row for row in rows}
    recovered = recovered_cells(connection, 12)
    specs = {}
    for language in LANGUAGES:
        specs[language] = _heatmap(cell, groups, measures, findings, recovered, subtitle, language)
    first = cell[(*groups[0], measures[0])]
    return Chart(
        figure=12,
        title=Text(
            f"Maatregelen naar sector en grootteklasse ({EDITION})",
            f"Measures by sector and size class ({EDITION})",
        ),
        description=Text(
            "Warmtekaart: per sector en grootteklasse (rijen) het aandeel begeleidende of"
            " voorbereidende werkgevers dat elke maatregel (kolommen) neemt.",
            "Heat map: per sector and size class (rows) the share of guiding or preparing"
            " employers taking each measure (columns).",
        ),
        mart="marts.mart_ai_support_measures",
        sql=FIGURE_12_SQL,
        findings=findings,
        specs=specs,
        table=_heatmap_table(cell, groups, measures, recovered),
        sort=sort_by_value(
            ["yaxis"],
            [cell[(*group, measures[0])]["share_pct"] for group in groups],
            [sector != "_T" and size_class == "_T" for sector, size_class in groups],
            Text(
                f"sectoren naar de eerste kolom ({first['measure_label_nl']}), hoogste eerst",
                f"sectors by the first column ({first['measure_label_en']}), highest first",
            ),
        ),
        narrow={"layout.height": 1040, "layout.margin.t": 110},
        numbered_columns=True,
    )


def _heatmap_table(
    cell: dict[tuple[str, str, str], Row],
    groups: list[tuple[str, str]],
    measures: list[str],
    recovered: Recovered,
) -> DataTable:
    """The heat map as a table: a row per group, a column per measure."""
    first = groups[0]

    def row_label(sector: str, size_class: str) -> Text:
        row = cell[(sector, size_class, measures[0])]
        if size_class != "_T":
            return Text(row["size_class_label_nl"], row["size_class_label_en"])
        return Text(row["sector_label_nl"], row["sector_label_en"])

    return DataTable(
        row_header=Text("Sector of grootteklasse", "Sector or size class"),
        columns=tuple(
            Column(
                code,
                Text(
                    cell[(*first, code)]["measure_label_nl"],
                    cell[(*first, code)]["measure_label_en"],
                ),
            )
            for code in measures
        ),
        rows=tuple(
            table_row(
                size_class if size_class != "_T" else sector,
                row_label(sector, size_class),
                [cell[(sector, size_class, code)]["share_pct"] for code in measures],
                [
                    recovered.any("AI_SUPPORT_MEASURES", EDITION, sector, size_class, [code])
                    for code in measures
                ],
                ranked=sector != "_T" and size_class == "_T",
            )
            for sector, size_class in groups
        ),
    )


def _heatmap(
    cell: dict[tuple[str, str, str], Row],
    groups: list[tuple[str, str]],
    measures: list[str],
    findings: Findings,
    recovered: Recovered,
    subtitle: Text,
    language: str,
) -> dict[str, Any]:
    """Rows: total, sectors, size classes; columns: measures; contradicted cells outlined."""

    def row_label(sector: str, size_class: str) -> str:
        row = cell[(sector, size_class, measures[0])]
        if size_class != "_T":
            return label(row, "size_class", language)
        return (
            p.wrap(label(row, "sector", language), 44)
            if sector != "_T"
            else p.total_label(p.TOTAL[language])
        )

    y = [row_label(*group) for group in groups]
    x = [p.wrap(label(cell[(*groups[0], code)], "measure", language), 16) for code in measures]
    z, text, notes, flagged = [], [], [], []
    for group, name in zip(groups, y, strict=True):
        values = [cell[(*group, code)]["share_pct"] for code in measures]
        marks = [recovered.any("AI_SUPPORT_MEASURES", EDITION, *group, [code]) for code in measures]
        z.append(values)
        text.append([value_text(value, mark) for value, mark in zip(values, marks, strict=True)])
        flags = [
            findings.flagged("AI_SUPPORT_MEASURES", EDITION, *group, [code]) for code in measures
        ]
        notes.append(
            [
                p.flag_note(flag, language) + p.recovered_note(mark, language)
                for flag, mark in zip(flags, marks, strict=True)
            ]
        )
        flagged += [(x[index], name) for index, flag in enumerate(flags) if flag]
    heatmap = go.Heatmap(
        z=z,
        x=x,
        y=y,
        meta="share_pct",
        zmin=0,
        zmax=100,
        colorscale=[[0, "#f4f8fc"], [0.5, "#7fb0da"], [1, "#0b3d6b"]],
        showscale=False,
        xgap=2,
        ygap=2,
        text=text,
        texttemplate="%{text}",
        customdata=notes,
        hovertemplate="%{y}<br>%{x}: %{z}%%{customdata}<extra></extra>",
    )
    outline = go.Scatter(
        x=[name for name, _ in flagged],
        y=[name for _, name in flagged],
        mode="markers",
        name=p.CONTRADICTED[language],
        meta="flagged",
        hoverinfo="skip",
        showlegend=bool(flagged),
        marker={"symbol": "square-open", "size": 30, "color": p.FLAG_COLOR, "line": {"width": 3}},
    )
    figure = go.Figure([heatmap, outline], p.base_layout(language, subtitle, 820))
    sizes = sum(1 for _, size_class in groups if size_class != "_T")
    figure.update_layout(
        margin={"t": 150, "b": 40},
        legend={"y": -0.01, "yanchor": "top", "x": 0, "xanchor": "left"},
        xaxis={
            "side": "top",
            "type": "category",
            "automargin": True,
            "ticks": "",
            "tickangle": 0,
        },
        yaxis=p.category_axis(y),
        # Rules under the total and above the size classes separate the three groups.
        shapes=[
            {
                "type": "line",
                "xref": "paper",
                "x0": 0,
                "x1": 1,
                "yref": "y",
                "y0": edge,
                "y1": edge,
                "line": {"color": p.INK, "width": 1.5},
            }
            for edge in (0.5, len(groups) - sizes - 0.5)
        ],
    )
    return p.spec(figure)
