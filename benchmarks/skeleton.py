"""The project's skeleton: the same dbt nodes and dependencies, with SQL that does nothing.

`make bench` builds it beside the floor to tell apart what this project's SQL and macros cost
from what dbt costs for a project of its shape. Every seed is loaded from its real file, every
model is materialized as the project materializes it (our macros are copied, so a table is
built by the same materialization) and reads every model and seed it reads in the project,
every data test reads what its test reads and returns no row, and the two run-start hooks run
`select 1`. Nothing of the project's SQL, Jinja or checks is kept. The unit test is left out,
as `uwv-ai build` leaves it out.

    python benchmarks/skeleton.py MANIFEST DESTINATION

MANIFEST is a manifest.json of the project (for example from `dbt parse`).
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# Our macros that change how nodes are built or named; the checks' macros are not copied.
BUILD_MACROS = ("table_materialization.sql", "generate_schema_name.sql", "ref.sql")


def write_skeleton(manifest: dict, destination: Path) -> dict[str, int]:
    """Write the skeleton project into destination; returns its node counts by kind."""
    if destination.exists():
        shutil.rmtree(destination)
    for folder in ("models", "seeds", "tests", "macros"):
        (destination / folder).mkdir(parents=True)
    nodes = {
        key: node
        for key, node in manifest["nodes"].items()
        if node["package_name"] == manifest["metadata"].get("project_name", "uwv_ai")
        and node["resource_type"] in ("seed", "model", "test")
        and node["config"].get("enabled", True)
    }
    names = {key: node["name"] for key, node in nodes.items()}
    counts: dict[str, int] = {}
    seed_configs = []
    for node in nodes.values():
        kind = node["resource_type"]
        counts[kind] = counts.get(kind, 0) + 1
        reads = [names[d] for d in node["depends_on"].get("nodes", []) if d in names]
        if kind == "seed":
            shutil.copyfile(
                REPO / node["original_file_path"], destination / "seeds" / f"{node['name']}.csv"
            )
            seed_configs.append(
                {
                    "name": node["name"],
                    "config": {"column_types": node["config"].get("column_types", {})},
                }
            )
        elif kind == "model":
            materialized, schema = node["config"]["materialized"], node["config"]["schema"]
            config = f"{{{{ config(materialized='{materialized}', schema='{schema}') }}}}"
            (destination / "models" / f"{node['name']}.sql").write_text(
                f"{config}\n{_reading(reads)}\n"
            )
        else:
            (destination / "tests" / f"{node['name']}.sql").write_text(
                f"{_reading(reads)}\nwhere false\n"
            )
    (destination / "seeds" / "_seeds.yml").write_text(
        json.dumps({"version": 2, "seeds": seed_configs}, indent=1)
    )
    for macro in BUILD_MACROS:
        shutil.copyfile(REPO / "macros" / macro, destination / "macros" / macro)
    (destination / "dbt_project.yml").write_text(
        "name: skeleton\nversion: '1.0'\nconfig-version: 2\nprofile: floor\n"
        "seeds:\n  skeleton:\n    +schema: raw\n    +quote_columns: true\n"
        "on-run-start:\n  - select 1\n  - select 1\n"
    )
    return counts


def _reading(reads: list[str]) -> str:
    """A query of one row that reads every relation named (a CTE each, as our models do)."""
    if not reads:
        return "select 1 as one"
    ctes = ",\n".join(
        f"read_{i} as (select count(*) as n from {{{{ ref('{name}') }}}})"
        for i, name in enumerate(reads)
    )
    joined = "\n".join(f"cross join read_{i}" for i in range(1, len(reads)))
    return f"with\n{ctes}\nselect 1 as one from read_0\n{joined}"


if __name__ == "__main__":
    manifest_path, destination = Path(sys.argv[1]), Path(sys.argv[2])
    print(write_skeleton(json.loads(manifest_path.read_text()), destination))
