"""BI tools reach the published file: SQLAlchemy with duckdb-engine (as Superset connects, read
only) and an older DuckDB (1.4, as bundled in BI drivers) in an environment of its own."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
import sqlalchemy as sa

from uwv_ai.build import BuildResult

REPO = Path(__file__).resolve().parents[1]
# Kept between runs under build/: creating it costs about 10 s, reusing it nothing.
OLD_DUCKDB_ENV = REPO / "build" / "clients" / "duckdb-1.4"

# What an analyst asks first: current AI use by sector, 2025, in the printed order.
SECTOR_USE = """
    select sector_label_en, any_use_pct, high_pct
    from marts.mart_ai_use_current
    where survey_year = 2025 and size_class_code = '_T'
    order by sector_sort_order
"""


@pytest.fixture
def engine(built: BuildResult) -> Iterator[sa.Engine]:
    # Superset's form: SQLAlchemy URI duckdb:///<path>, engine parameter
    # {"connect_args": {"read_only": true}}.
    engine = sa.create_engine(f"duckdb:///{built.warehouse}", connect_args={"read_only": True})
    yield engine
    engine.dispose()


def test_inspector_lists_schemas_tables_and_columns(engine: sa.Engine):
    inspector = sa.inspect(engine)
    schemas = inspector.get_schema_names()
    for schema in ("marts", "quality"):
        assert any(name.split(".")[-1] == schema for name in schemas), schemas
    tables = set(inspector.get_table_names(schema="marts"))
    assert {"fct_survey_share", "dim_sector", "mart_ai_use_current"} <= tables
    columns = {column["name"] for column in inspector.get_columns("fct_survey_share", "marts")}
    assert {"sector_code", "share_pct", "obs_status"} <= columns
    flags = {column["name"] for column in inspector.get_columns("observation_flags", "quality")}
    assert {"sector_code", "quality_flag", "discrepancy_claim_ids"} <= flags
    # dbt's descriptions travel with the file (persist_docs), so the BI tool can show them.
    assert inspector.get_table_comment("fct_survey_share", schema="marts")["text"]


def test_grouped_query_matches_the_fact_table(engine: sa.Engine, built: BuildResult):
    with engine.connect() as connection:
        through_bi = connection.execute(
            sa.text("""
                select question_code, survey_year, count(*) as observations,
                       sum(share_pct) as total_pct
                from marts.fct_survey_share
                where sector_code != '_T'
                group by question_code, survey_year
                order by question_code, survey_year
            """)
        ).fetchall()
    # One process may not hold two connections to a file with different settings.
    engine.dispose()
    with duckdb.connect(str(built.warehouse), read_only=True) as direct:
        expected = direct.execute("""
            select question_code, survey_year, count(*), sum(share_pct)
            from marts.fct_survey_share
            where sector_code != '_T'
            group by all
            order by all
        """).fetchall()
    assert [tuple(row) for row in through_bi] == expected
    assert len(expected) >= 4


def test_the_bi_connection_cannot_write(engine: sa.Engine):
    with engine.connect() as connection, pytest.raises(sa.exc.DBAPIError, match="read-only"):
        connection.execute(sa.text("delete from marts.dim_sector"))


@pytest.fixture(scope="module")
def old_duckdb() -> Path:
    """A Python environment with DuckDB 1.4, the version BI drivers bundle."""
    python = OLD_DUCKDB_ENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(OLD_DUCKDB_ENV)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", "duckdb>=1.4,<1.5"],
            check=True,
            timeout=600,
        )
    return python


def test_duckdb_1_4_reads_the_published_file(old_duckdb: Path, built: BuildResult):
    script = f"""
import json, sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
tables = con.execute(
    "select schema_name || '.' || table_name, estimated_size from duckdb_tables() order by 1"
).fetchall()
counts = {{
    name: con.execute(f"select count(*) from {{name}}").fetchone()[0] for name, _ in tables
}}
rows = con.execute({SECTOR_USE!r}).fetchall()
print(json.dumps({{
    "version": duckdb.__version__,
    "counts": counts,
    "sector_use": [[label, float(any_use), float(high)] for label, any_use, high in rows],
}}))
"""
    result = subprocess.run(
        [str(old_duckdb), "-c", script, str(built.warehouse)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    assert seen["version"].startswith("1.4.")
    with duckdb.connect(str(built.warehouse), read_only=True) as current:
        names = [
            row[0]
            for row in current.execute(
                "select schema_name || '.' || table_name from duckdb_tables() order by 1"
            ).fetchall()
        ]
        counts = {
            name: current.execute(f"select count(*) from {name}").fetchone()[0] for name in names
        }
        sector_use = [
            [label, float(any_use), float(high)]
            for label, any_use, high in current.execute(SECTOR_USE).fetchall()
        ]
    assert seen["counts"] == counts
    assert seen["sector_use"] == sector_use
    assert len(sector_use) == 16
