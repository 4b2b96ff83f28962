"""Every model and column is described, and dbt's documentation site (uwv_ai.docs) names the
warehouse's tables as SQL on the published file does: `marts.x`, with no catalog."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.test_compiled_sql import (
    CATALOG_QUALIFIED,
    SCHEMAS,
    analysis_count,
    compiled_analyses,
    run_on_published_file,
)
from uwv_ai.build import BuildResult
from uwv_ai.dbt_invocation import TARGET
from uwv_ai.docs import DOCS_TARGET, DocsError, NothingPublishedError, generate_docs

# An unquoted relation with a catalog, as the site would print it: docs.marts.fct_survey_share.
CATALOG_IN_TEXT = re.compile(rf"\b\w+\.(?:{'|'.join(SCHEMAS)})\.\w+")


def _files(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        str(path): (path.stat().st_mtime_ns, path.stat().st_size)
        for path in folder.rglob("*")
        if path.is_file()
    }


@pytest.fixture(scope="module")
def site(built: BuildResult, scratch_project: Path) -> Path:
    """The docs site of the built warehouse, generated as `uwv-ai docs` does; checked to leave
    plain dbt's artifacts (build/dbt/target/) untouched."""
    plain_dbt_before = _files(scratch_project / TARGET)
    page = generate_docs(scratch_project, built.warehouse)
    assert _files(scratch_project / TARGET) == plain_dbt_before
    return page


def embedded_artifacts(page: str) -> tuple[dict, dict]:
    """The manifest and catalog the static page carries (dbt's page has them in one object
    literal: `{manifest:{...},catalog:{...}}`), read back as JSON."""
    decoder = json.JSONDecoder()
    start = page.index("{manifest:") + len("{manifest:")
    manifest, end = decoder.raw_decode(page, start)
    assert page[end : end + len(",catalog:")] == ",catalog:"
    catalog, _ = decoder.raw_decode(page, end + len(",catalog:"))
    return manifest, catalog


@pytest.fixture(scope="module")
def docs(site: Path) -> tuple[dict, dict]:
    """What the site shows: the manifest and catalog embedded in its page."""
    return embedded_artifacts(site.read_text(encoding="utf-8"))


def _models(manifest: dict) -> dict[str, dict]:
    """Models and seeds: both are tables an analyst can open in the warehouse."""
    return {
        uid: node
        for uid, node in manifest["nodes"].items()
        if node["resource_type"] in ("model", "seed") and node["package_name"] == "uwv_ai"
    }


def test_every_model_and_seed_is_described(docs: tuple[dict, dict]):
    manifest, _ = docs
    undescribed = [node["name"] for node in _models(manifest).values() if not node["description"]]
    assert not undescribed


def test_every_column_in_the_warehouse_is_described(docs: tuple[dict, dict]):
    manifest, catalog = docs
    problems = []
    for uid, node in _models(manifest).items():
        if node["config"]["materialized"] == "ephemeral":
            continue  # a CTE inside its consumers, not a table in the warehouse
        documented = {
            name.lower(): column["description"] for name, column in node["columns"].items()
        }
        actual = {name.lower() for name in catalog["nodes"][uid]["columns"]}
        problems += [f"{node['name']}.{c}: not described" for c in actual if not documented.get(c)]
        problems += [
            f"{node['name']}.{c}: documented but absent" for c in documented.keys() - actual
        ]
    assert not problems, problems


def test_docs_site_is_one_static_page_with_overview_and_exposures(
    docs: tuple[dict, dict], site: Path
):
    manifest, _ = docs
    page = site.read_text(encoding="utf-8")
    # The static page embeds the manifest and catalog, so it opens from disk with no server.
    assert "exposure.uwv_ai.report" in page
    assert "exposure.uwv_ai.exports" in page
    overview = manifest["docs"]["doc.uwv_ai.__overview__"]["block_contents"]
    assert len(overview) > 200
    assert overview.strip().splitlines()[0] in page


def test_exposures_name_the_marts_they_read(docs: tuple[dict, dict]):
    manifest, _ = docs
    analysis_marts = {
        uid
        for uid, node in manifest["nodes"].items()
        if node["resource_type"] == "model"
        and node["name"].startswith("mart_ai_")
        and node["config"]["materialized"] != "ephemeral"
    }
    assert analysis_marts, "no analysis marts in the manifest"
    for name in ("report", "exports"):
        exposure = manifest["exposures"][f"exposure.uwv_ai.{name}"]
        assert exposure["description"]
        assert analysis_marts <= set(exposure["depends_on"]["nodes"]), name


def test_docs_site_names_tables_without_a_catalog(docs: tuple[dict, dict]):
    manifest, catalog = docs
    tables = {
        uid: node
        for uid, node in manifest["nodes"].items()
        if node["resource_type"] in ("model", "seed") and node["relation_name"]
    }
    assert "model.uwv_ai.fct_survey_share" in tables
    problems = [
        f"{uid}: {node['database']!r} {node['relation_name']}"
        for uid, node in tables.items()
        if node["database"] is not None
        or node["relation_name"] != f'"{node["schema"]}"."{node["alias"]}"'
    ]
    # The catalog (columns, comments) is that of the tables, with no catalog name either.
    problems += [uid for uid, node in catalog["nodes"].items() if node["metadata"]["database"]]
    assert catalog["nodes"]["model.uwv_ai.fct_survey_share"]["columns"]
    assert not problems, problems
    # Nowhere in what the site shows (the SQL under Code, descriptions, columns) is a catalog.
    named = [
        text[:200]
        for text in _strings([manifest, catalog])
        if CATALOG_QUALIFIED.search(text) or CATALOG_IN_TEXT.search(text)
    ]
    assert not named, named


def _strings(value: object) -> list[str]:
    """Every string in a JSON value, keys included."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for key, item in value.items() for text in [key, *_strings(item)]]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return []


def test_analyses_compiled_for_the_docs_run_on_the_published_file(site: Path, built: BuildResult):
    files = compiled_analyses(site.parent)
    assert len(files) == analysis_count()
    rows = run_on_published_file(files, built.warehouse)
    assert all(rows.values()), rows


def test_docs_without_a_published_warehouse_say_so_in_one_line(
    scratch_project: Path, tmp_path: Path
):
    missing = tmp_path / "warehouse.duckdb"
    with pytest.raises(NothingPublishedError) as raised:
        generate_docs(scratch_project, missing)
    assert str(raised.value) == f"nothing is published at {missing}; run uwv-ai build"


def test_docs_that_dbt_cannot_compile_fail_in_one_line(project_copy: Path, built: BuildResult):
    broken = project_copy / "analyses" / "fig01_ai_use_2024_2025.sql"
    broken.write_text("select * from {{ ref('no_such_model') }}\n", encoding="utf-8")
    site = project_copy / DOCS_TARGET / "static_index.html"
    before = site.stat().st_mtime_ns if site.exists() else None
    with pytest.raises(DocsError) as raised:
        generate_docs(project_copy, built.warehouse)
    assert not isinstance(raised.value, NothingPublishedError)
    message = str(raised.value)
    assert "\n" not in message
    assert "no_such_model" in message
    # No page is written for a project dbt could not compile.
    assert (site.stat().st_mtime_ns if site.exists() else None) == before
