"""dbt's documentation site for the published warehouse, naming tables as analysts do.

dbt reads the catalog (every table's columns and comments) through a read-write connection, so
it runs on a copy of the published file. DuckDB names a file's catalog after the file, and dbt
puts that name into every node of its manifest and catalog (`database`, `relation_name`), which
the site shows as `<copy>.marts.fct_survey_share`. The published file is opened under any name,
so that catalog means nothing to a reader: the site's artifacts are rewritten without it, and
the page shows `marts.fct_survey_share`, as SQL on the published file names it. The SQL dbt
compiles already names no catalog (macros/ref.sql).

Everything goes to a folder of its own, `build/dbt/docs/`, so that generating the docs leaves
plain dbt's artifacts and partial-parse state in `build/dbt/target/` as they were.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from uwv_ai.build import remove_database
from uwv_ai.dbt_invocation import run_dbt

# dbt's artifacts for the docs site, relative to the project.
DOCS_TARGET = Path("build") / "dbt" / "docs"
SITE = "static_index.html"
# The copy dbt reads; always the same path, so that dbt's partial parsing holds from one run to
# the next (the profile, and so the database path, is part of what it checks).
_COPY = "catalog_source.duckdb"
# Where dbt's page takes the two artifacts (what `dbt docs generate --static` replaces).
_MANIFEST_PLACEHOLDER = '"MANIFEST.JSON INLINE DATA"'
_CATALOG_PLACEHOLDER = '"CATALOG.JSON INLINE DATA"'


class DocsError(Exception):
    """The documentation site could not be generated; the message is one line."""


class NothingPublishedError(DocsError):
    """There is no published warehouse to document (a usage error, not a failed check)."""


def generate_docs(project: Path, warehouse: Path) -> Path:
    """Write dbt's documentation site of `warehouse` as one static page; return its path."""
    if not warehouse.is_file():
        raise NothingPublishedError(f"nothing is published at {warehouse}; run uwv-ai build")
    target = project / DOCS_TARGET
    target.mkdir(parents=True, exist_ok=True)
    copy = target / _COPY
    remove_database(copy)
    try:
        shutil.copy2(warehouse, copy)
        outcome = run_dbt(["docs", "generate"], project, copy, target=DOCS_TARGET)
    finally:
        remove_database(copy)
    if not outcome.success:
        problems = outcome.problems or ["dbt docs generate failed"]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise DocsError(" ".join(problems[0].split()) + more)
    catalog_name = copy.stem
    manifest = _without_catalog(_read_json(target / "manifest.json"), catalog_name)
    catalog = _without_catalog(_read_json(target / "catalog.json"), catalog_name)
    manifest_text, catalog_text = json.dumps(manifest), json.dumps(catalog)
    (target / "manifest.json").write_text(manifest_text, encoding="utf-8")
    (target / "catalog.json").write_text(catalog_text, encoding="utf-8")
    page = (target / "index.html").read_text(encoding="utf-8")
    for placeholder in (_MANIFEST_PLACEHOLDER, _CATALOG_PLACEHOLDER):
        if page.count(placeholder) != 1:
            raise DocsError(f"dbt's docs page {target / 'index.html'} has no {placeholder}")
    page = page.replace(_MANIFEST_PLACEHOLDER, manifest_text).replace(
        _CATALOG_PLACEHOLDER, catalog_text
    )
    site = target / SITE
    site.write_text(page, encoding="utf-8")
    return site


def _without_catalog(artifact: dict[str, Any], catalog_name: str) -> dict[str, Any]:
    """The manifest or catalog with `catalog_name` taken out of every relation it names:
    `database` becomes null (as for adapters without databases) and `relation_name` is the
    schema and table, quoted as dbt quotes them."""
    prefix = f'"{catalog_name}".'
    nodes = [
        *(
            node
            for group in ("nodes", "sources", "unit_tests")
            for node in artifact.get(group, {}).values()
        ),
        *(node for versions in artifact.get("disabled", {}).values() for node in versions),
    ]
    for node in nodes:
        for holder in (node, node.get("metadata") or {}):
            if str(holder.get("database") or "").lower() == catalog_name.lower():
                holder["database"] = None
        relation_name = node.get("relation_name")
        if relation_name and relation_name.lower().startswith(prefix.lower()):
            node["relation_name"] = relation_name[len(prefix) :]
    return artifact


def _read_json(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))
