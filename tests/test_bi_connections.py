"""BI tools reach the published file: SQLAlchemy with duckdb-engine (as Superset connects, read
only and sandboxed, with the settings exactly as the README gives them) and an older DuckDB
(1.4, as bundled in BI drivers) in an environment of its own."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
import sqlalchemy as sa

from tests.conftest import sha256_of
from tests.test_read_only import attack_catalogue
from uwv_ai.build import BuildResult
from uwv_ai.read_only import SANDBOX_SETTINGS

REPO = Path(__file__).resolve().parents[1]
# Kept between runs under build/: creating it costs about 10 s, reusing it nothing.
OLD_DUCKDB_ENV = REPO / "build" / "clients" / "duckdb-1.4"
# The placeholder path the README's connection settings use.
README_PATH = "/abs/path/build/warehouse.duckdb"

# What an analyst asks first: current AI use by sector, 2025, in the printed order.
SECTOR_USE = """
    select sector_label_en, any_use_pct, high_pct
    from marts.mart_ai_use_current
    where survey_year = 2025 and size_class_code = '_T'
    order by sector_sort_order
"""


def bi_section() -> str:
    """The README's section "Connecting BI tools and SQL clients"."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    start = readme.index("## Connecting BI tools and SQL clients")
    return readme[start : readme.index("\n## ", start + 1)]


def documented_engine_parameters() -> dict:
    """Superset's engine parameters as the README gives them (its JSON block)."""
    blocks = re.findall(r"```json\n(.*?)\n```", bi_section(), flags=re.DOTALL)
    (block,) = [block for block in blocks if "connect_args" in block]
    return json.loads(block)


def documented_url() -> str:
    """The one-URL form of the same settings as the README gives it."""
    (url,) = re.findall(re.escape(f"duckdb:///{README_PATH}?") + r"\S+", bi_section())
    return url


def test_the_readme_gives_the_settings_the_project_uses():
    parameters = documented_engine_parameters()
    assert parameters == {"connect_args": {"read_only": True, "config": SANDBOX_SETTINGS}}
    query = dict(pair.split("=") for pair in documented_url().split("?", 1)[1].split("&"))
    assert query == {
        "access_mode": "read_only",
        **{name: str(value).lower() for name, value in SANDBOX_SETTINGS.items()},
    }


def _engine(form: str, warehouse: Path) -> sa.Engine:
    if form == "engine parameters":
        # Superset's form: SQLAlchemy URI duckdb:///<path> and the engine parameters.
        return sa.create_engine(f"duckdb:///{warehouse}", **documented_engine_parameters())
    return sa.create_engine(documented_url().replace(README_PATH, str(warehouse)))


@pytest.fixture(params=["engine parameters", "url"])
def engine(request: pytest.FixtureRequest, built: BuildResult) -> Iterator[sa.Engine]:
    engine = _engine(request.param, built.warehouse)
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


@pytest.mark.parametrize("form", ["engine parameters", "url"])
def test_the_bi_connection_refuses_the_attack_catalogue(
    built: BuildResult, tmp_path: Path, form: str
):
    warehouse = tmp_path / "published" / "warehouse.duckdb"
    warehouse.parent.mkdir()
    shutil.copy2(built.warehouse, warehouse)
    shutil.copy2(built.warehouse, f"{warehouse}.previous")
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    before = {path.name: sha256_of(path) for path in warehouse.parent.iterdir()}
    engine = _engine(form, warehouse)
    try:
        with engine.connect() as connection:
            for sql in attack_catalogue(warehouse, scratch):
                # exec_driver_sql: SQLAlchemy's text() would take ':memory:' for a parameter.
                with pytest.raises(sa.exc.DBAPIError):
                    connection.exec_driver_sql(sql).fetchall()
                    # What issue 11 did after ATTACH ... DELETE: commit it.
                    connection.commit()
                connection.rollback()
            assert connection.exec_driver_sql(SECTOR_USE).fetchall()
    finally:
        engine.dispose()
    assert {path.name: sha256_of(path) for path in warehouse.parent.iterdir()} == before
    assert list(scratch.iterdir()) == []


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


def test_duckdb_1_4_reads_the_published_file(old_duckdb: Path, built: BuildResult, tmp_path: Path):
    # With the README's settings: BI drivers bundling DuckDB 1.4 get the same sandbox.
    script = f"""
import json, sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True, config=json.loads(sys.argv[2]))
refused = []
for attack in json.loads(sys.argv[3]):
    try:
        con.execute(attack).fetchall()
    except duckdb.Error:
        refused.append(attack)
tables = con.execute(
    "select schema_name || '.' || table_name, estimated_size from duckdb_tables() order by 1"
).fetchall()
counts = {{
    name: con.execute(f"select count(*) from {{name}}").fetchone()[0] for name, _ in tables
}}
rows = con.execute({SECTOR_USE!r}).fetchall()
print(json.dumps({{
    "version": duckdb.__version__,
    "refused": refused,
    "counts": counts,
    "sector_use": [[label, float(any_use), float(high)] for label, any_use, high in rows],
}}))
"""
    # Only attacks that cannot touch the shared built warehouse if they got through.
    attacks = [
        f"copy (select 1) to '{tmp_path}/x.csv'",
        "select * from read_text('/etc/hostname')",
        "select * from glob('/etc/*')",
        "install httpfs",
        "set enable_external_access = true",
        "set threads = 1",
    ]
    result = subprocess.run(
        [
            str(old_duckdb),
            "-c",
            script,
            str(built.warehouse),
            json.dumps(SANDBOX_SETTINGS),
            json.dumps(attacks),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    assert seen["version"].startswith("1.4.")
    assert seen["refused"] == attacks
    assert list(tmp_path.iterdir()) == []
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
