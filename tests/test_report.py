"""`uwv-ai report`: the offline page, opened in a real browser (Debian's chromium).

One browser and one page load serve the module. Expected values come from our own queries on
the warehouse (mostly on `fct_survey_share`, not on the marts the report reads), and the list
of figures is written out here rather than imported from the report.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest
from playwright.sync_api import Browser, Page, Route, sync_playwright
from plotly.offline import get_plotlyjs_version

from tests.conftest import build_selected, kill_cli_at_step, run_cli
from uwv_ai.build import BuildResult
from uwv_ai.report import _plotly_bundle, write_report
from uwv_ai.report.escaping import element_id, script_json
from uwv_ai.report.plotly_build import module_text

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags chromium opens connections of its own.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOT = REPO / "build" / "report-screenshot.png"
PHONE = {"width": 390, "height": 844}
"""A phone's viewport in CSS pixels (the issue's: an iPhone 12 to 15)."""
PHONE_SCREENSHOTS = REPO / "build" / "report"
""" phone-nl.png and phone-en.png: the whole page at the phone's width, kept for a look."""
PAGE_LIMIT = 1_500_000
"""Bytes: the issue's 1.5 MB, read as decimal megabytes (the stricter reading)."""
TRACE_TYPES = ["bar", "heatmap", "pie", "scatter"]
"""What the charts draw, and all the page's plotly.js can draw."""
FIGURES = [1, 2, 3, 4, 6, 7, 12, 14]
"""The publication's figures the issue asks for, in page order."""

# The numbers each figure plots, as a filter on the observation key (fct_survey_share,
# quality.observation_flags; edition 2025).
PLOTTED = {
    1: "question_code = 'AI_USE_NOW' and sector_code = '_T' and size_class_code = '_T'",
    2: "question_code = 'AI_USE_NOW' and survey_year = 2025",
    3: "question_code = 'AI_USE_5Y' and survey_year = 2025",
    4: "question_code = 'AI_IMPACT_5Y' and sector_code = '_T' and size_class_code = '_T'",
    6: "question_code in ('AI_GUIDANCE', 'AI_PREPARATION')"
    " and sector_code = '_T' and size_class_code = '_T'",
    7: "question_code = 'AI_SUPPORT_MEASURES' and population_code = 'GUIDE_OR_PREPARE'"
    " and sector_code = '_T' and size_class_code = '_T'",
    12: "question_code = 'AI_SUPPORT_MEASURES' and population_code = 'GUIDE_OR_PREPARE'",
    14: "question_code in ('AI_USE_NOW', 'AI_USE_5Y') and survey_year = 2025"
    " and size_class_code = '_T' and answer_code in ('HIGH', 'REASONABLE')",
}


@dataclass
class LoadedPage:
    """The report open in the browser, with everything it logged and asked for."""

    page: Page
    url: str
    console: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def report(built: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_report(built.warehouse, tmp_path_factory.mktemp("report") / "site")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.is_file():
        pytest.fail(
            f"chromium is not installed at {CHROMIUM}: the report is tested in Debian's"
            " chromium (apt-get install chromium)",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def loaded(browser: Browser, report: Path) -> Iterator[LoadedPage]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    state = LoadedPage(page=page, url=report.as_uri())

    def guard(route: Route) -> None:
        if route.request.url == state.url:
            route.continue_()
        else:
            state.blocked.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page.on("request", lambda request: state.requests.append(request.url))
    page.on(
        "console",
        lambda message: (
            message.type in ("error", "warning", "trace")
            and state.console.append(f"{message.type}: {message.text}")
        ),
    )
    page.on("pageerror", lambda error: state.errors.append(str(error)))
    page.goto(state.url)
    page.wait_for_selector('body[data-rendered="nl"]', timeout=30_000)
    yield state
    context.close()


def _plotted(page: Page, figure: int) -> list[dict]:
    """Each trace of a chart as the browser holds it: meta, x, y and customdata."""
    return page.evaluate(
        """figure => document.getElementById(`chart-fig-${figure}`).data.map(trace => ({
            meta: trace.meta, name: trace.name, x: trace.x, y: trace.y,
            customdata: trace.customdata || null}))""",
        figure,
    )


def _shares(warehouse: duckdb.DuckDBPyConnection, where: str) -> dict[tuple, float]:
    rows = warehouse.execute(
        "select question_code, survey_year, sector_code, answer_code, share_pct"
        f" from marts.fct_survey_share where edition = 2025 and {where}"
    ).fetchall()
    return {tuple(row[:4]): float(row[4]) for row in rows}


def test_page_loads_with_no_error_and_no_request_but_its_own(loaded: LoadedPage, report: Path):
    assert loaded.console == []
    assert loaded.errors == []
    assert loaded.blocked == []
    assert loaded.requests == [loaded.url]
    html = report.read_text(encoding="utf-8")
    assert html.count("<script") == 3  # the data, plotly.js once, the page's script
    assert not re.search(r"<(script|img|link|iframe)[^>]+(src|href)=", html)


def test_the_page_is_light(report: Path):
    assert report.stat().st_size <= PAGE_LIMIT


def test_the_page_carries_plotly_js_with_only_the_trace_types_the_charts_draw(
    loaded: LoadedPage, report: Path
):
    html = report.read_text(encoding="utf-8")
    data = json.loads(re.search(r'id="report-data">\s*(.*?)\s*</script>', html, re.S)[1])
    drawn = {
        trace["type"]
        for chart in data["charts"]
        for spec in chart["specs"].values()
        for trace in spec["data"]
    }
    assert drawn == set(TRACE_TYPES)
    registered = loaded.page.evaluate("Object.keys(Plotly.PlotSchema.get().traces).sort()")
    assert registered == TRACE_TYPES
    assert loaded.page.evaluate("Plotly.version") == get_plotlyjs_version()
    # Still interactive without the components left out of its core: a bar's hover label.
    bar = loaded.page.locator("#chart-fig-7 .point").first
    bar.scroll_into_view_if_needed()
    box = bar.bounding_box()
    assert box is not None
    loaded.page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    label = loaded.page.wait_for_selector("#chart-fig-7 .hoverlayer .hovertext")
    assert "%" in label.text_content()
    assert loaded.console == [] and loaded.errors == []


def test_the_bundle_is_the_plotly_js_of_the_installed_plotly_package_as_generated():
    """Fails after a plotly upgrade that brings another plotly.js, or a hand edit: rebuild
    it with `python -m uwv_ai.report.plotly_build`."""
    assert get_plotlyjs_version() == _plotly_bundle.VERSION
    assert f" v{get_plotlyjs_version()}\n" in _plotly_bundle.SCRIPT.split("*/", 1)[0]
    digest = hashlib.sha256(_plotly_bundle.SCRIPT.encode("utf-8")).hexdigest()
    assert digest == _plotly_bundle.SHA256
    written = Path(_plotly_bundle.__file__).read_text(encoding="utf-8")
    assert module_text(_plotly_bundle.VERSION, _plotly_bundle.SCRIPT) == written
    assert list(_plotly_bundle.TRACES) == TRACE_TYPES


def test_every_figure_is_a_rendered_plotly_chart(loaded: LoadedPage):
    charts = loaded.page.evaluate(
        """() => [...document.querySelectorAll('.chart')].map(chart => ({
            figure: Number(chart.dataset.figure),
            plotly: chart.classList.contains('js-plotly-plot'),
            traces: (chart.data || []).length,
            svgs: chart.querySelectorAll('svg.main-svg').length,
            title: chart.layout && chart.layout.title && chart.layout.title.text,
            role: chart.getAttribute('role'),
            label: chart.getAttribute('aria-label'),
            heading: document.getElementById(`fig-${chart.dataset.figure}-title`).innerText}))"""
    )
    assert [chart["figure"] for chart in charts] == FIGURES
    for chart in charts:
        assert chart["plotly"], chart
        assert chart["traces"] >= 1, chart
        assert chart["svgs"] >= 1, chart
        assert chart["title"], chart
        assert chart["role"] == "img" and len(chart["label"]) > 40, chart
        assert chart["heading"].startswith(f"Figuur {chart['figure']}."), chart
    assert loaded.page.locator("noscript").count() == 1


def test_figure_1_plots_the_warehouse_numbers(
    loaded: LoadedPage, warehouse: duckdb.DuckDBPyConnection
):
    expected = _shares(warehouse, PLOTTED[1])
    plotted = {
        ("AI_USE_NOW", int(point[0]), "_T", trace["meta"]): value
        for trace in _plotted(loaded.page, 1)
        for value, point in zip(trace["x"], trace["customdata"], strict=True)
    }
    assert plotted == expected
    assert len(plotted) == 8  # four answers, two years
    annotations = loaded.page.evaluate(
        "document.getElementById('chart-fig-1').layout.annotations.map(a => a.text)"
    )
    for year in (2024, 2025):
        any_use = sum(
            expected[("AI_USE_NOW", year, "_T", answer)] for answer in ("HIGH", "REASONABLE")
        )
        assert any(f"<b>{any_use:g}%</b>" in text for text in annotations), (year, annotations)


def test_figure_14_plots_the_warehouse_numbers(
    loaded: LoadedPage, warehouse: duckdb.DuckDBPyConnection
):
    shares = _shares(warehouse, PLOTTED[14])
    sectors = {sector for _, _, sector, _ in shares}
    question = {"current": "AI_USE_NOW", "expected": "AI_USE_5Y"}
    answers = {"high": ("HIGH",), "any_use": ("HIGH", "REASONABLE")}
    expected = {
        f"{moment}_{measure}_pct": {
            sector: sum(shares[(code, 2025, sector, answer)] for answer in parts)
            for sector in sectors
        }
        for moment, code in question.items()
        for measure, parts in answers.items()
    }
    plotted = {
        trace["meta"]: {
            point[0]: value for point, value in zip(trace["customdata"], trace["x"], strict=True)
        }
        for trace in _plotted(loaded.page, 14)
        if trace["meta"] in expected
    }
    assert plotted == expected
    assert len(sectors) == 16  # fifteen sectors and the total


def test_only_numbers_in_doubt_are_marked(loaded: LoadedPage, warehouse: duckdb.DuckDBPyConnection):
    """Figure 1's bars carry a finding about the text's wording (C002): listed, not hatched."""
    flags = dict(
        warehouse.execute(
            "select survey_year || answer_code, number_in_doubt"
            f" from quality.observation_flags where edition = 2025 and {PLOTTED[1]}"
        ).fetchall()
    )
    marked = {
        f"{point[0]}{trace['meta']}"
        for trace in _plotted(loaded.page, 1)
        for point in trace["customdata"]
        if point[1]
    }
    assert flags, "figure 1 no longer has a flagged number to leave unmarked"
    assert marked == {key for key, in_doubt in flags.items() if in_doubt}
    aside = loaded.page.locator("#fig-1 aside.findings")
    assert aside.locator("li.about-text#fig-1-claim-C002").count() == 1
    assert aside.locator("li.in-doubt").count() == 0


@pytest.mark.parametrize("figure", FIGURES)
def test_a_chart_marks_numbers_exactly_when_one_is_in_doubt(
    loaded: LoadedPage, warehouse: duckdb.DuckDBPyConnection, figure: int
):
    """The marking note and the in-doubt list items follow quality.observation_flags."""
    [(in_doubt,)] = warehouse.execute(
        "select coalesce(bool_or(number_in_doubt), false) from quality.observation_flags"
        f" where edition = 2025 and {PLOTTED[figure]}"
    ).fetchall()
    section = loaded.page.locator(f"#fig-{figure}")
    has_note = "in twijfel getrokken" in section.inner_text()
    assert has_note == in_doubt
    assert (section.locator("aside.findings li.in-doubt").count() > 0) == in_doubt


@pytest.mark.parametrize("figure", FIGURES)
def test_each_chart_lists_the_discrepancies_of_the_numbers_it_plots(
    loaded: LoadedPage, warehouse: duckdb.DuckDBPyConnection, figure: int
):
    rows = warehouse.execute(
        "select distinct unnest(string_split(discrepancy_claim_ids, ', '))"
        f" from quality.observation_flags where edition = 2025 and {PLOTTED[figure]}"
    ).fetchall()
    expected = sorted(claim for (claim,) in rows)
    aside = loaded.page.locator(f"#fig-{figure} aside.findings")
    ids = [item.get_attribute("id") for item in aside.locator("li[id]").all()]
    assert all(item.startswith(f"fig-{figure}-claim-") for item in ids), ids
    listed = [item.removeprefix(f"fig-{figure}-claim-") for item in ids]
    assert listed == expected
    known = {
        claim
        for (claim,) in warehouse.execute(
            "select claim_id from quality.known_discrepancies"
        ).fetchall()
    }
    assert set(listed) <= known
    score = aside.locator(".score .l-nl").inner_text()
    matched, checked = map(int, re.findall(r"\d+", score)[:2])
    assert checked - matched == len(expected)


def test_no_element_id_repeats(loaded: LoadedPage, report: Path):
    """In the file as written and in the page as drawn (plotly adds ids of its own)."""
    written = re.findall(r'\sid="([^"]*)"', report.read_text(encoding="utf-8"))
    drawn = loaded.page.evaluate("[...document.querySelectorAll('[id]')].map(e => e.id)")
    for ids in (written, drawn):
        repeated = sorted({item for item in ids if ids.count(item) > 1})
        assert repeated == [], repeated
    # Some claim is listed beside two charts (C002: figures 1 and 2), each time under its own id.
    claims = [item.split("-claim-")[1] for item in drawn if "-claim-" in item]
    assert len(claims) > len(set(claims))


def test_the_language_switch_redraws_in_english_and_back(
    loaded: LoadedPage, warehouse: duckdb.DuckDBPyConnection
):
    page = loaded.page
    labels = warehouse.execute(
        "select answer_label_nl, answer_label_en from marts.dim_answer"
        " where question_code = 'AI_USE_NOW' order by answer_ordinal"
    ).fetchall()
    question_en = warehouse.execute(
        "select question_wording_en from marts.dim_question where question_code = 'AI_USE_NOW'"
    ).fetchone()[0]
    construction = warehouse.execute(
        "select sector_name_nl, sector_name_en from marts.dim_sector where sector_code = 'F'"
    ).fetchone()

    def state() -> dict:
        return page.evaluate(
            """() => { const one = document.getElementById('chart-fig-1');
                const two = document.getElementById('chart-fig-2');
                return {lang: document.documentElement.lang, title: document.title,
                    names: one.data.map(t => t.name), chartTitle: one.layout.title.text,
                    label: one.getAttribute('aria-label'), sectors: two.data[0].y,
                    heading: document.getElementById('fig-1-title').innerText}; }"""
        )

    dutch = state()
    assert dutch["lang"] == "nl"
    assert dutch["names"] == [nl for nl, _ in labels]
    assert construction[0] in dutch["sectors"]
    assert dutch["heading"].startswith("Figuur 1.")

    page.click("#language-switch")
    page.wait_for_selector('body[data-rendered="en"]')
    english = state()
    assert english["lang"] == "en"
    assert english["names"] == [en for _, en in labels]
    assert english["chartTitle"].startswith(question_en)
    assert construction[1] in english["sectors"] and construction[0] not in english["sectors"]
    assert english["heading"].startswith("Figure 1.")
    assert english["title"] != dutch["title"] and english["label"] != dutch["label"]

    page.click("#language-switch")
    page.wait_for_selector('body[data-rendered="nl"]')
    assert state() == dutch
    assert loaded.console == [] and loaded.errors == []


@pytest.fixture(scope="module")
def reader(browser: Browser, report: Path) -> Iterator[Page]:
    """A second tab for what a reader does (sort, download), apart from the page whose
    requests and console the first tests check."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    context.route(
        "**/*",
        lambda route: route.continue_() if route.request.url == report.as_uri() else route.abort(),
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(report.as_uri())
    page.wait_for_selector('body[data-rendered="nl"]', timeout=30_000)
    yield page
    assert errors == []
    context.close()


def test_each_page_shows_the_findings_in_its_own_language_only(
    reader: Page, warehouse: duckdb.DuckDBPyConnection
):
    """The claims, explanations and flag labels beside the charts: the Dutch page shows the
    Dutch texts and none of the English ones, and the other way round."""
    texts = warehouse.execute(
        """
        select checks.paraphrase_nl, checks.paraphrase_en
        from quality.claim_checks as checks
        where checks.status in ('match', 'mismatch')
        union all
        select discrepancy_explanation_nl, discrepancy_explanation
        from quality.known_discrepancies
        union all
        select quality_flag_label_nl, quality_flag_label_en from marts.dim_quality_flag
        """
    ).fetchall()

    def shown() -> str:
        # innerText leaves out what the page's language hides, and opens nothing.
        return reader.evaluate(
            """() => { document.querySelectorAll('aside.findings details')
                    .forEach(d => d.open = true);
                return [...document.querySelectorAll('aside.findings')]
                    .map(a => a.innerText).join('\\n'); }"""
        )

    dutch = shown()
    reader.click("#language-switch")
    reader.wait_for_selector('body[data-rendered="en"]')
    english = shown()
    reader.click("#language-switch")
    reader.wait_for_selector('body[data-rendered="nl"]')
    on_page = [(nl, en) for nl, en in texts if nl in dutch or en in english]
    assert len(on_page) > 20, "too few of the findings' texts found on the page"
    assert [en for _, en in texts if en in dutch] == []
    assert [nl for nl, _ in texts if nl in english] == []
    for nl, en in on_page:
        assert (nl in dutch) and (en in english), (nl, en)


def _download(page: Page, figure: int) -> tuple[str, list[list[str]]]:
    """Click the chart's download button; the file's name and its rows."""
    with page.expect_download() as download:
        page.click(f"#fig-{figure} button.download")
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert text.startswith("\ufeff")  # a BOM: spreadsheets read the file as UTF-8
    separator = ";" if page.evaluate("document.documentElement.lang") == "nl" else ","
    return download.value.suggested_filename, list(
        csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=separator)
    )


# The series of each chart, in the order its table and CSV list them (after the code and
# label columns): answers in their printed order, years, measures, the dumbbells' four dots.
USE = ["HIGH", "REASONABLE", "HARDLY", "NOT_AT_ALL"]
MEASURES = ["PEER_LEARNING", "EXPERIMENTING", "GUIDELINES", "TRAINING", "PILOTS", "OTHER"]
SERIES = {
    1: USE,
    2: USE,
    3: USE,
    4: ["2024", "2025"],
    6: ["YES", "NO"],
    7: ["share_pct"],
    12: MEASURES,
    14: ["current_high_pct", "expected_high_pct", "current_any_use_pct", "expected_any_use_pct"],
}


def _plain(label: str) -> str:
    """A chart label as text: tags dropped, its lines joined."""
    return re.sub(r"<[^>]+>", "", label.replace("<br>", " "))


def _plotted_cells(
    page: Page, figure: int, rows: list[tuple[str, str]]
) -> dict[tuple[str, str], float]:
    """(row code, series code) -> the number the chart draws there.

    Bars, pies and dots carry their row's code in customdata[0] and their series in the
    trace's meta; the heat map's rows are matched by position with `rows` (code, label),
    their labels compared (but the total's, which the chart calls Totaal).
    """
    traces = page.evaluate(
        """figure => document.getElementById(`chart-fig-${figure}`).data.map(trace => ({
            type: trace.type, meta: trace.meta, x: trace.x, y: trace.y, z: trace.z,
            values: trace.values, customdata: trace.customdata || null}))""",
        figure,
    )
    cells: dict[tuple[str, str], float] = {}
    for trace in traces:
        if trace["type"] == "heatmap":
            labels = [label for _, label in rows]
            assert [_plain(label) for label in trace["y"]][1:] == labels[1:], trace["y"]
            for (code, _), values in zip(rows, trace["z"], strict=True):
                cells.update(zip([(code, series) for series in MEASURES], values, strict=True))
        elif trace["type"] == "pie":
            for point, value in zip(trace["customdata"], trace["values"], strict=True):
                cells[(trace["meta"], point[0])] = value
        elif trace["meta"] not in ("connector", "flagged"):
            for point, value in zip(trace["customdata"], trace["x"], strict=True):
                cells[(point[0], str(trace["meta"]))] = value
    return cells


@pytest.mark.parametrize("figure", FIGURES)
def test_each_charts_csv_download_holds_the_numbers_it_plots(reader: Page, figure: int):
    name, rows = _download(reader, figure)
    assert name == f"uwv-ai-figuur-{figure}.csv"
    header, body = rows[0], rows[1:]
    assert header[0] == "code" and len(header) == 2 + len(SERIES[figure]) + (figure == 7)
    assert len({row[0] for row in body}) == len(body) > 1
    downloaded = {
        (row[0], series): float(value.replace(",", "."))
        for row in body
        for series, value in zip(SERIES[figure], row[2:], strict=False)
    }
    assert len(downloaded) == len(body) * len(SERIES[figure])
    assert downloaded == _plotted_cells(reader, figure, [(row[0], row[1]) for row in body])


def test_the_csv_follows_the_page_language(reader: Page):
    reader.click("#language-switch")
    reader.wait_for_selector('body[data-rendered="en"]')
    try:
        name, rows = _download(reader, 7)
    finally:
        reader.click("#language-switch")
        reader.wait_for_selector('body[data-rendered="nl"]')
    assert name == "uwv-ai-figure-7.csv"
    assert rows[0] == ["code", "Measure", "Share", "note"]


@pytest.mark.parametrize("figure", FIGURES)
def test_numbers_recovered_from_the_text_are_marked(
    reader: Page, warehouse: duckdb.DuckDBPyConnection, figure: int
):
    """Only where the warehouse says the figure's printed number was recovered: figure 7's
    79%, not the same number in figure 12, where it is printed."""
    recovered = {
        answer
        for (answer,) in warehouse.execute(
            "select answer_code from marts.publication_cells"
            " where edition = 2025 and figure = ? and cell_source = 'recovered'",
            [figure],
        ).fetchall()
    }
    assert bool(recovered) == (figure == 7)
    _, rows = _download(reader, figure)
    if figure == 7:
        assert rows[0][-1] == "opmerking"
        noted = {row[0] for row in rows[1:] if row[-1]}
        assert noted == recovered == {"EXPERIMENTING"}
        assert all("overgenomen uit de lopende tekst" in row[-1] for row in rows[1:] if row[-1])
    else:
        assert rows[0][-1] != "opmerking"
    texts = reader.evaluate(
        """figure => document.getElementById(`chart-fig-${figure}`).data.flatMap(trace =>
            (trace.text ? [trace.text].flat(2) : []))""",
        figure,
    )
    assert sum(text.endswith("%*") for text in texts) == len(recovered)
    cells = reader.locator(f"#fig-{figure}-table td[data-recovered]").all_text_contents()
    assert len(cells) == len(recovered) and all(cell.endswith("*") for cell in cells)
    caption = reader.locator(f"#fig-{figure} figcaption").inner_text()
    assert ("overgenomen uit de lopende tekst" in caption) == bool(recovered)


def _order(page: Page, figure: int, axis: str = "yaxis") -> list[str]:
    labels = page.evaluate(
        f"document.getElementById('chart-fig-{figure}').layout.{axis}.categoryarray"
    )
    return [_plain(label) for label in labels]


def test_the_sector_charts_sort_by_value_and_back(
    reader: Page, warehouse: duckdb.DuckDBPyConnection
):
    use = dict(
        warehouse.execute(
            "select sector_code, sum(share_pct) from marts.fct_survey_share"
            " where edition = 2025 and survey_year = 2025 and question_code = 'AI_USE_NOW'"
            " and size_class_code = '_T' and sector_code <> '_T'"
            " and answer_code in ('HIGH', 'REASONABLE') group by all"
        ).fetchall()
    )
    # The chart's labels by code: each bar carries its row's code.
    bars = reader.evaluate("document.getElementById('chart-fig-2').data[0]")
    code = {
        _plain(label): point[0] for label, point in zip(bars["y"], bars["customdata"], strict=True)
    }
    printed = _order(reader, 2)
    assert printed[0] == "Totaal" and sorted(code[name] for name in printed[1:]) == sorted(use)
    sizes, expected = _order(reader, 2, "yaxis2"), _order(reader, 3)
    reader.click('#fig-2 button[data-order="value"]')
    reader.wait_for_function(
        "document.getElementById('chart-fig-2').layout.yaxis.categoryarray[1]"
        f" !== {json.dumps(printed[1])}"
    )
    by_value = _order(reader, 2)
    assert by_value[0] == "Totaal"
    assert [use[code[name]] for name in by_value[1:]] == sorted(use.values(), reverse=True)
    assert _order(reader, 2, "yaxis2") == sizes  # the size classes keep their order
    pressed = reader.locator("#fig-2 button[data-order]").evaluate_all(
        "buttons => buttons.map(b => b.getAttribute('aria-pressed'))"
    )
    assert pressed == ["false", "true"]
    # The other charts keep their order; the chosen order survives a change of language.
    assert _order(reader, 3) == expected
    reader.click("#language-switch")
    reader.wait_for_selector('body[data-rendered="en"]')
    reader.click("#language-switch")
    reader.wait_for_selector('body[data-rendered="nl"]')
    assert _order(reader, 2) == by_value
    reader.click('#fig-2 button[data-order="printed"]')
    reader.wait_for_function(
        "document.getElementById('chart-fig-2').layout.yaxis.categoryarray[1]"
        f" === {json.dumps(printed[1])}"
    )
    assert _order(reader, 2) == printed


def test_plotlys_own_texts_follow_the_page_language(reader: Page):
    """The mode bar's button titles: plotly.js's English, or our Dutch."""
    english = {"Download plot as a PNG", "Zoom", "Pan", "Zoom in", "Zoom out", "Reset axes"}

    def titles() -> set[str]:
        return set(
            reader.evaluate(
                "[...document.querySelectorAll('.modebar-btn')].map(b => b.dataset.title)"
            )
        )

    dutch = titles()
    assert "Grafiek downloaden als PNG" in dutch and not dutch & english, dutch
    reader.click("#language-switch")
    reader.wait_for_selector('body[data-rendered="en"]')
    try:
        assert titles() == english
    finally:
        reader.click("#language-switch")
        reader.wait_for_selector('body[data-rendered="nl"]')
    assert titles() == dutch


def test_the_heat_map_sorted_by_value_keeps_its_text_readable(reader: Page):
    """White text on the dark cells, dark text on the light ones, in either order."""

    def text_colours() -> list[tuple[float, str]]:
        return [
            (float(text.rstrip("%*")), fill)
            for text, fill in reader.evaluate(
                "[...document.querySelectorAll('#chart-fig-12 .heatmap-label text')].map("
                "label => [label.textContent, getComputedStyle(label).fill])"
            )
        ]

    white = "rgb(255, 255, 255)"
    printed = _order(reader, 12)
    for order in ("value", "printed"):
        reader.click(f'#fig-12 button[data-order="{order}"]')
        reader.wait_for_function(
            "document.getElementById('chart-fig-12').layout.yaxis.categoryarray[1]"
            f" {'!==' if order == 'value' else '==='} {json.dumps(printed[1])}"
        )
        colours = text_colours()
        assert len(colours) == 19 * 6
        assert all(fill == white for value, fill in colours if value >= 80), colours
        assert all(fill != white for value, fill in colours if value <= 20), colours


def test_a_sort_toggle_where_a_chart_lists_sectors_only(reader: Page):
    toggles = reader.evaluate(
        "[...document.querySelectorAll('section.figure')].filter(section =>"
        " section.querySelector('.order')).map(section => section.id)"
    )
    assert toggles == ["fig-2", "fig-3", "fig-12", "fig-14"]


@pytest.fixture(scope="module")
def phone(browser: Browser, report: Path) -> Iterator[LoadedPage]:
    """The page on a phone-sized screen, with what it logged and asked for."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    state = LoadedPage(page=page, url=report.as_uri())
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url == state.url
            else (state.blocked.append(route.request.url), route.abort())
        ),
    )
    page.on("pageerror", lambda error: state.errors.append(str(error)))
    page.on(
        "console",
        lambda message: message.type == "error" and state.console.append(message.text),
    )
    page.goto(state.url)
    page.wait_for_selector('body[data-rendered="nl"]', timeout=30_000)
    yield state
    context.close()


# Per chart: its plot areas' widths, its tick labels (text as read, box, font size), and
# the page's widths. Lines of a label are tspans of one text element.
_PHONE_LAYOUT = """() => ({
    scrollWidth: document.documentElement.scrollWidth,
    bodyWidth: document.body.scrollWidth,
    charts: [...document.querySelectorAll('.chart')].map(chart => {
        const box = chart.getBoundingClientRect();
        // Ticks plotly hid (out of range) have no box.
        const ticks = axis => [...chart.querySelectorAll(`.${axis}tick text`)].filter(
            text => text.getBoundingClientRect().width > 0).map(text => {
            const r = text.getBoundingClientRect();
            const lines = [...text.querySelectorAll('tspan.line')];
            return {
                text: (lines.length ? lines.map(l => l.textContent) : [text.textContent])
                    .join(' '),
                left: r.left, right: r.right, top: r.top, bottom: r.bottom,
                size: parseFloat(getComputedStyle(text).fontSize)};
        });
        return {
            figure: Number(chart.dataset.figure),
            left: box.left, right: box.right,
            plots: [...chart.querySelectorAll('.nsewdrag')].map(
                d => d.getBoundingClientRect().width),
            pies: [...chart.querySelectorAll('.pielayer .trace')].map(
                p => p.getBoundingClientRect().width),
            yticks: ticks('y').concat(ticks('y2')), xticks: ticks('x'),
        };
    }),
})"""


def _overlapping(boxes: list[dict]) -> list[tuple[str, str]]:
    return [
        (one["text"], other["text"])
        for index, one in enumerate(boxes)
        for other in boxes[index + 1 :]
        if one["left"] < other["right"]
        and other["left"] < one["right"]
        and one["top"] < other["bottom"]
        and other["top"] < one["bottom"]
    ]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_on_a_phone_the_page_fits_and_every_chart_reads(phone: LoadedPage, language: str):
    page = phone.page
    if page.evaluate("document.documentElement.lang") != language:
        page.click("#language-switch")
        page.wait_for_selector(f'body[data-rendered="{language}"]')
    layout = page.evaluate(_PHONE_LAYOUT)
    assert layout["scrollWidth"] <= PHONE["width"] and layout["bodyWidth"] <= PHONE["width"]
    charts = {chart["figure"]: chart for chart in layout["charts"]}
    assert sorted(charts) == FIGURES
    for figure, chart in charts.items():
        assert chart["left"] >= 0 and chart["right"] <= PHONE["width"], figure
        # Plot areas at least 150 px wide (the issue saw them squeezed to about 40 px).
        areas = chart["plots"] or chart["pies"]
        assert areas and min(areas) >= 150, (figure, areas)
        for tick in chart["yticks"] + chart["xticks"]:
            # Whole (not cut at the chart's or the screen's edge) and at least 10 px.
            assert chart["left"] - 1 <= tick["left"] and tick["right"] <= chart["right"] + 1, (
                figure,
                tick,
            )
            assert tick["size"] >= 10, (figure, tick)
        # No label printed over another: neither the sector names nor figure 12's headers.
        assert _overlapping(chart["yticks"]) == [], figure
        assert _overlapping(chart["xticks"]) == [], figure
    # The longest sector names whole, in lines: the issue saw "rhuur en overige zakelijke
    # diensten".
    sector = {
        "nl": "Verhuur en overige zakelijke diensten",
        "en": "Real estate, rental and other business services (excluding division 78)",
    }[language]
    for figure in (2, 3, 12, 14):
        names = [tick["text"] for tick in charts[figure]["yticks"]]
        assert sector in names, (figure, names)
    # Figure 12's columns are numbered on a phone; the key under it names them.
    assert [tick["text"] for tick in charts[12]["xticks"]] == ["1", "2", "3", "4", "5", "6"]
    key = page.locator(f"#fig-12 .column-key li .l-{language}").all_inner_texts()
    assert len(key) == 6 and all(len(name) > 4 for name in key), key
    assert phone.errors == [] and phone.console == [] and phone.blocked == []
    PHONE_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    screenshot = PHONE_SCREENSHOTS / f"phone-{language}.png"
    page.screenshot(path=str(screenshot), full_page=True)
    assert screenshot.read_bytes().startswith(b"\x89PNG")


def test_the_column_key_shows_on_a_phone_only(loaded: LoadedPage, phone: LoadedPage):
    assert not loaded.page.locator("#fig-12 .column-key").is_visible()
    assert phone.page.locator("#fig-12 .column-key").is_visible()


def test_a_full_page_screenshot_is_kept_under_build(loaded: LoadedPage):
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    loaded.page.screenshot(path=str(SCREENSHOT), full_page=True)
    image = SCREENSHOT.read_bytes()
    assert image.startswith(b"\x89PNG") and len(image) > 100_000


def test_the_page_is_rewritten_identically_but_for_its_timestamp(built: BuildResult, report: Path):
    again = write_report(built.warehouse, report.parent)
    assert again == report

    def masked(text: str) -> str:
        return re.sub(r'<time datetime="[^"]+">[^<]+</time></dd>\s*</dl>', "", text)

    first, second = report.read_text(encoding="utf-8"), again.read_text(encoding="utf-8")
    assert masked(first) == masked(second)


def test_a_failed_run_leaves_the_previous_page(report: Path, tmp_path: Path):
    before = report.read_bytes()
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    with pytest.raises(duckdb.Error):
        write_report(empty, report.parent)
    assert report.read_bytes() == before
    assert [path.name for path in report.parent.iterdir()] == ["index.html"]


def test_cli_report_writes_the_page_and_prints_its_path(built: BuildResult, tmp_path: Path):
    output = tmp_path / "out"
    result = run_cli("report", "--output", str(output), warehouse=built.warehouse, project=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(output / "index.html")
    assert (output / "index.html").stat().st_size > 1_000_000  # plotly.js is inside


def test_a_killed_report_leaves_a_temporary_file_the_next_one_removes(
    built: BuildResult, tmp_path: Path
):
    output = tmp_path / "out"
    run = ("report", "--output", str(output))
    assert run_cli(*run, warehouse=built.warehouse, project=tmp_path).returncode == 0
    page = (output / "index.html").read_bytes()

    kill_cli_at_step("report.written", *run, warehouse=built.warehouse, project=tmp_path)
    (leftover,) = [path for path in output.iterdir() if path.name != "index.html"]
    assert leftover.name.startswith(".index.html.") and leftover.suffix == ".tmp"
    assert (output / "index.html").read_bytes() == page

    assert run_cli(*run, warehouse=built.warehouse, project=tmp_path).returncode == 0
    assert [path.name for path in output.iterdir()] == ["index.html"]


def test_cli_report_without_a_warehouse_exits_2(tmp_path: Path):
    result = run_cli("report", warehouse=tmp_path / "missing.duckdb", project=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("error: nothing is published at")
    assert not (tmp_path / "build").exists()


def test_cli_report_on_a_warehouse_without_marts_exits_1_in_one_line(tmp_path: Path):
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    result = run_cli("report", "--output", str(tmp_path / "out"), warehouse=empty, project=tmp_path)
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1 and result.stderr.startswith("error: ")
    assert not (tmp_path / "out" / "index.html").exists()


# Claim ids and labels as a hostile seed would make them: each payload, if it ever ran,
# would set window.__xss.
IMAGE_ID = "<img src=x onerror=window.__xss=1>"
ATTRIBUTE_ID = '" onmouseover="window.__xss=2" x="'
MATCHED_ID = "</li><img src=x onerror=window.__xss=3>"
LABEL = "<img src=x onerror=window.__xss=4>"
PARAPHRASE = "</q><script>window.__xss=5</script>"
SQL_END = "</script><script>window.__xss=6</script>"
FORMULA = '=HYPERLINK("https://example.invalid","x")'


def test_json_for_a_script_element_holds_no_markup_and_reads_back_the_same():
    document = {"id": "</script><!-- & \u2028\u2029 >", "n": [1, 2.5]}
    text = script_json(document)
    assert not re.search("[<>&\u2028\u2029]", text)
    assert json.loads(text) == document


def test_element_ids_from_data_are_plain_and_distinct():
    assert element_id("claim-", "C001") == "claim-C001"
    hostile = [element_id("claim-", value) for value in (ATTRIBUTE_ID, IMAGE_ID, '"', "'")]
    assert all(re.fullmatch(r"claim-[A-Za-z0-9_-]+", value) for value in hostile), hostile
    assert len(set(hostile)) == len(hostile)


@pytest.fixture(scope="module")
def hostile_report(built: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report of a copy of the warehouse whose claim ids, texts and labels are markup."""
    folder = tmp_path_factory.mktemp("hostile")
    copy = folder / "warehouse.duckdb"
    shutil.copy2(built.warehouse, copy)
    # C002 and C004 are contradicted (figure 1 and 2), C001 matches (figure 1).
    renamed = {"C002": IMAGE_ID, "C004": ATTRIBUTE_ID, "C001": MATCHED_ID}
    with duckdb.connect(str(copy)) as connection:
        for table in ("claim_checks", "claim_observations", "known_discrepancies"):
            for old, new in renamed.items():
                connection.execute(
                    f"update quality.{table} set claim_id = ? where claim_id = ?", [new, old]
                )
        connection.execute(
            "update quality.known_discrepancies set paraphrase_en = ?, discrepancy_explanation = ?"
            " where claim_id = ?",
            [PARAPHRASE, LABEL, IMAGE_ID],
        )
        connection.execute(
            "update marts.dim_answer set answer_label_nl = ?"
            " where question_code = 'AI_USE_NOW' and answer_code = 'HIGH'",
            [LABEL],
        )
        connection.execute(
            "update marts.mart_ai_use_current set sector_label_nl = ? where sector_code = 'F'",
            [LABEL],
        )
        connection.execute("update marts.dim_question set question_wording_nl = ?", [SQL_END])
        connection.execute("update marts.dim_survey_edition set publisher = ?", [LABEL])
        connection.execute(
            "update marts.mart_ai_support_measures set measure_label_nl = ?"
            " where measure_code = 'OTHER'",
            [FORMULA],
        )
    return write_report(copy, folder / "site")


def test_markup_in_the_warehouse_is_shown_as_text_and_never_runs(
    browser: Browser, hostile_report: Path
):
    html = hostile_report.read_text(encoding="utf-8")
    for payload in (IMAGE_ID, ATTRIBUTE_ID, MATCHED_ID, LABEL, PARAPHRASE, SQL_END):
        assert payload not in html, payload
    assert html.count("<script") == 3

    context = browser.new_context(viewport={"width": 1400, "height": 900})
    url = hostile_report.as_uri()
    # The page itself and nothing else: a payload's request is refused, not a way out.
    context.route(
        "**/*",
        lambda route: route.continue_() if route.request.url == url else route.abort(),
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(url)
        page.wait_for_selector('body[data-rendered="nl"]', timeout=30_000)
        assert page.evaluate("window.__xss") is None
        assert page.evaluate("document.querySelectorAll('img').length") == 0

        # Hover what a reader hovers, then fire mouseover on every element of the findings,
        # visible or folded away, so an injected handler anywhere would run.
        for item in page.locator("ul.discrepancies > li").all():
            item.hover()
        page.locator("#chart-fig-1").hover()
        page.evaluate(
            """() => document.querySelectorAll('aside.findings *').forEach(element =>
                element.dispatchEvent(new MouseEvent('mouseover', {bubbles: true})))"""
        )
        assert page.evaluate("window.__xss") is None
        assert errors == []

        # Shown as the characters they are.
        claims = page.locator("#fig-1 aside.findings")
        assert IMAGE_ID in claims.locator(".claim-id").all_text_contents()
        assert PARAPHRASE in claims.locator("ul.discrepancies q").all_text_contents()
        assert LABEL in claims.locator(".explanation [lang=en]").all_text_contents()
        assert MATCHED_ID in page.locator("#fig-1 ul.matched strong").all_text_contents()
        assert ATTRIBUTE_ID in page.locator("#fig-2 .claim-id").all_text_contents()
        ids = page.evaluate("[...document.querySelectorAll('aside [id]')].map(item => item.id)")
        assert all(re.fullmatch(r"[A-Za-z0-9_-]+", item) for item in ids), ids
        assert {"fig-2-claim-C037", "fig-2-claim-onmouseover-window-__xss-2-x-489783d05960"} <= set(
            ids
        )
        assert LABEL in page.locator("dl.facts").inner_text()
        # In the charts too: a legend entry, a tick label, the title, a hover note.
        legend = page.evaluate(
            "[...document.querySelectorAll('#chart-fig-1 .legendtext')].map(t => t.textContent)"
        )
        assert LABEL in legend
        ticks = page.evaluate(
            "[...document.querySelectorAll('#chart-fig-2 .ytick')].map(t => t.textContent)"
        )
        assert LABEL in ticks
        title = page.evaluate("document.querySelector('#chart-fig-1 .gtitle').textContent")
        assert title.startswith(SQL_END)
        # Figure 2's hover notes name C004 (rows misplaced: its numbers are in doubt).
        notes = [point[1] for trace in _plotted(page, 2) for point in trace["customdata"]]
        assert any(ATTRIBUTE_ID in note for note in notes)
    finally:
        context.close()


def test_a_label_that_reads_as_a_formula_is_text_in_the_csv(browser: Browser, hostile_report: Path):
    context = browser.new_context(accept_downloads=True)
    url = hostile_report.as_uri()
    context.route(
        "**/*",
        lambda route: route.continue_() if route.request.url == url else route.abort(),
    )
    page = context.new_page()
    try:
        page.goto(url)
        page.wait_for_selector('body[data-rendered="nl"]', timeout=30_000)
        _, rows = _download(page, 7)
    finally:
        context.close()
    labels = [row[1] for row in rows[1:]]
    assert "'" + FORMULA in labels
    assert not any(label.startswith(("=", "+", "-", "@")) for label in labels)


@pytest.mark.parametrize("claim_id", [IMAGE_ID, ATTRIBUTE_ID, ""])
def test_the_build_rejects_a_claim_id_that_is_not_c_and_digits(
    claim_id: str, built: BuildResult, project_copy: Path
):
    """The first line of defence: such an id never reaches a published warehouse."""
    claims = project_copy / "seeds/quality/claims.csv"
    text = claims.read_text(encoding="utf-8")
    quoted = '"' + claim_id.replace('"', '""') + '"' if '"' in claim_id else claim_id
    claims.write_text(text.replace("\nC001,", f"\n{quoted},", 1), encoding="utf-8")
    # Against a copy of the built warehouse, only the claims seed, its staging model and
    # their tests run: a full build would take ten times as long.
    outcome = build_selected(project_copy, built.warehouse, "claims", "stg_uwv__claims")

    described = f'claim id "{claim_id}" is not' if claim_id else "the claim id is empty, not"
    problem = (
        f'seeds/quality/claims.csv line 2, column "claim_id": {described} C followed by digits'
        " (like C001)"
    )
    if claim_id:
        assert outcome.problems == [problem]
    else:  # an empty id also breaks the primary key, an invariant
        assert problem in outcome.problems
    assert outcome.input_rejected
