"""What every chart shares: colours, layout, how a number contradicted by the text is marked."""

from __future__ import annotations

import textwrap
from typing import Any

import plotly.graph_objects as go

from uwv_ai.report.escaping import chart_text, from_chart_text
from uwv_ai.report.model import Text
from uwv_ai.report.tables import RECOVERED, RECOVERED_MARK

FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'
INK = "#1f2933"
GRID = "#e4e7eb"

# An ordinal scale: the more AI is used, the darker.
ANSWER_COLORS = {
    "HIGH": "#0b3d6b",
    "REASONABLE": "#3f7fbf",
    "HARDLY": "#a6c8e6",
    "NOT_AT_ALL": "#e1e5ea",
    "YES": "#0b3d6b",
    "NO": "#d3dae2",
}
YEAR_COLORS = {2024: "#9fbfdc", 2025: "#0b3d6b"}
NOW_COLOR = "#3f7fbf"
FUTURE_COLOR = "#0b3d6b"
FLAG_COLOR = "#c2410c"
"""Orange-red: distinct from the blues and readable on both light and dark segments."""

CONTRADICTED = Text("In twijfel door de tekst", "In doubt by the text")
TOTAL = Text("Totaal", "Total")
BY_SECTOR = Text("Naar sector", "By sector")
BY_SIZE = Text("Naar aantal werkzame personen", "By number of persons employed")
PERCENT = Text("Aandeel werkgevers (%)", "Share of employers (%)")


def base_layout(language: str, subtitle: Text, height: int) -> dict[str, Any]:
    """Layout common to all charts; the chart's title names what is measured and for whom."""
    return {
        "title": {
            "text": subtitle[language],
            "x": 0,
            "xanchor": "left",
            "xref": "container",
            # At the top of the chart, leaving the rest of the top margin to the legend.
            "y": 1,
            "yref": "container",
            "yanchor": "top",
            "pad": {"t": 10},
            "font": {"size": 14, "color": INK},
        },
        "height": height,
        "margin": {"l": 10, "r": 20, "t": 80, "b": 50},
        "font": {"family": FONT, "size": 12, "color": INK},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "legend": {
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "y": 1.0,
            "yanchor": "bottom",
            "traceorder": "normal",
        },
        "hoverlabel": {"font": {"family": FONT}},
        # Decimal comma in Dutch; shares are whole percents, but axis ticks follow it too.
        "separators": ",." if language == "nl" else ".,",
        "uniformtext": {"minsize": 11, "mode": "hide"},
    }


def percent_axis(language: str, maximum: float = 100) -> dict[str, Any]:
    """A 0-100% value axis; its tick suffix also ends `%{x}` in hover templates."""
    return {
        "title": {"text": PERCENT[language]},
        "range": [0, maximum],
        "ticksuffix": "%",
        "gridcolor": GRID,
        "zeroline": False,
        "automargin": True,
    }


def category_axis(labels: list[str]) -> dict[str, Any]:
    """A category axis listing `labels` top to bottom, in the order given."""
    return {
        "type": "category",
        "categoryorder": "array",
        "categoryarray": labels,
        "autorange": "reversed",
        "automargin": True,
        "ticks": "",
    }


def flag_note(claims: tuple[str, ...], language: str) -> str:
    """Hover text for a point: empty, or which claims of the text contradict it."""
    if not claims:
        return ""
    return f"<br><b>⚠ {CONTRADICTED[language]}: {chart_text(', '.join(claims))}</b>"


def recovered_note(recovered: bool, language: str) -> str:
    """Hover text for a point: empty, or that its number was recovered from the text."""
    if not recovered:
        return ""
    return f"<br><i>{RECOVERED_MARK} {RECOVERED[language]}</i>"


def flagged_marker(color: str, flags: list[tuple[str, ...]]) -> dict[str, Any]:
    """Bar or pie marker: contradicted points hatched and outlined in the flag colour."""
    return {
        "color": color,
        "line": {
            "color": [FLAG_COLOR if claims else "white" for claims in flags],
            "width": [2.5 if claims else 0.5 for claims in flags],
        },
        "pattern": {
            "shape": ["/" if claims else "" for claims in flags],
            "fgcolor": FLAG_COLOR,
            # Hatching over the answer's colour, not instead of it.
            "fillmode": "overlay",
            "size": 8,
            "solidity": 0.2,
        },
    }


def unflagged_first(flags: list[tuple[str, ...]]) -> list[int]:
    """The order to give a bar trace's points: unflagged ones first.

    plotly.js draws a trace's legend symbol like its first point, so a hatched first point
    would hatch the legend. The category axis, not the order of the data, places the bars.
    """
    return sorted(range(len(flags)), key=lambda index: bool(flags[index]))


def wrap(text: str, width: int) -> str:
    """Break a long label (chart text) into lines for a tick or subplot title.

    Split as plain text and escaped again, so a line never ends inside an `&lt;`.
    """
    lines = textwrap.wrap(from_chart_text(text), width)
    return "<br>".join(chart_text(line) for line in lines) or text


def total_label(text: str) -> str:
    return f"<b>{text}</b>"


def capitalised(text: str) -> str:
    """Figure 4's category labels are printed lowercase; they become tick labels here."""
    return text[:1].upper() + text[1:]


def left_align_subplot_titles(figure: go.Figure) -> None:
    """make_subplots centres panel titles; left-aligned they read as headings of the panels."""
    lefts = sorted({axis.domain[0] for axis in figure.select_xaxes()})
    for annotation in figure.layout.annotations:
        left = max((edge for edge in lefts if edge <= annotation.x), default=0)
        annotation.update(x=left, xanchor="left", font={"size": 13})


def spec(figure: go.Figure) -> dict[str, Any]:
    """The figure as plotly.js reads it, without the template plotly.py puts in every figure.

    plotly.js's own defaults are clean enough, and leaving the template out keeps each of the
    16 specs (8 charts, 2 languages) a few kilobytes smaller.
    """
    document = figure.to_plotly_json()
    document["layout"].pop("template", None)
    return {"data": document["data"], "layout": document["layout"]}
