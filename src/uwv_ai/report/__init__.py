"""`uwv-ai report`: one offline HTML page with the publication's charts, drawn from the warehouse.

The page inlines plotly.js once, built with only the trace types the charts draw
(uwv_ai.report.plotly_build), and loads nothing else; each chart carries its Dutch and English
spec, the SQL behind it, and the text's claims about its numbers. It is written to a temporary
file and renamed, so a failed run leaves the previous page in place; the next run removes the
temporary file of a run that was killed (uwv_ai.scratch).
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from uwv_ai import scratch
from uwv_ai.fault_injection import stop_here_if_asked
from uwv_ai.publish import read_status
from uwv_ai.read_only import open_read_only
from uwv_ai.report._plotly_bundle import SCRIPT as PLOTLY_JS
from uwv_ai.report.figures import build_charts
from uwv_ai.report.findings import claim_totals
from uwv_ai.report.model import records, require
from uwv_ai.report.page import Context, render

__all__ = ["write_report"]

_EDITIONS_SQL = """
select survey_year, respondents, publication_title, publication_year, publisher
from marts.dim_survey_edition
order by survey_year desc
"""


def write_report(warehouse: Path, output: Path) -> Path:
    """Write `output/index.html` from the published `warehouse`; return the page's path."""
    if not warehouse.is_file():
        raise FileNotFoundError(f"no warehouse at {warehouse}")
    # Read-only and sandboxed: the report never holds a write lock on the published file,
    # and its SQL reaches nothing but the warehouse.
    with open_read_only(warehouse) as connection:
        charts = build_charts(connection)
        context = Context(
            editions=require(records(connection, _EDITIONS_SQL), "marts.dim_survey_edition"),
            status=read_status(warehouse),
            claim_totals=claim_totals(connection),
            generated_at=datetime.now(UTC).isoformat(timespec="seconds"),
            plotly_js=PLOTLY_JS,
        )
    page = output / "index.html"
    _write_atomically(page, render(charts, context))
    return page


def _write_atomically(path: Path, text: str) -> None:
    """Write beside `path`, then rename over it: readers see the old page or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    for leftover in scratch.leftovers(path, "tmp"):
        scratch.remove(leftover)
    staging = scratch.scratch_path(path, "tmp")
    try:
        with staging.open("x", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        # Whatever the umask: a page is for everyone to read.
        staging.chmod(0o644)
        stop_here_if_asked("report.written")
        os.replace(staging, path)
    except BaseException:
        staging.unlink(missing_ok=True)
        raise
