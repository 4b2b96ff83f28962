"""Where the project and the published warehouse live."""

from __future__ import annotations

import os
from pathlib import Path

WAREHOUSE_ENV = "UWV_AI_WAREHOUSE"


def project_dir() -> Path:
    """The dbt project: the directory holding dbt_project.yml.

    Taken from UWV_AI_PROJECT_DIR when set (tests build copies of the project), else the
    source checkout this package is installed from.
    """
    configured = os.environ.get("UWV_AI_PROJECT_DIR")
    if configured:
        return Path(configured).resolve()
    return Path(__file__).resolve().parents[2]


def published_warehouse() -> Path:
    """The published warehouse file: $UWV_AI_WAREHOUSE, else build/warehouse.duckdb."""
    configured = os.environ.get(WAREHOUSE_ENV)
    if configured:
        return Path(configured).resolve()
    return project_dir() / "build" / "warehouse.duckdb"
