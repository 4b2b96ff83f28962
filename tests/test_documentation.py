"""Every model and column is described, and dbt's documentation site can be generated."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from uwv_ai.build import BuildResult
from uwv_ai.dbt_invocation import run_dbt


@pytest.fixture(scope="module")
def docs(built: BuildResult, scratch_project: Path) -> tuple[dict, dict]:
    outcome = run_dbt(["docs", "generate", "--static"], scratch_project, built.warehouse)
    assert outcome.success, outcome.problems
    target = scratch_project / "build" / "dbt" / "target"
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    catalog = json.loads((target / "catalog.json").read_text(encoding="utf-8"))
    return manifest, catalog


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
    docs: tuple[dict, dict], scratch_project: Path
):
    manifest, _ = docs
    page = (scratch_project / "build" / "dbt" / "target" / "static_index.html").read_text(
        encoding="utf-8"
    )
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
