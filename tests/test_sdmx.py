"""`uwv-ai export`'s SDMX files: an SDMX-ML 2.1 structure message and SDMX-CSV 1.0 of
fct_survey_share, read with sdmx1 and pysdmx and held against the warehouse."""

from __future__ import annotations

import csv
import json
import shutil
from decimal import Decimal
from pathlib import Path

import duckdb
import pysdmx.io
import pytest
import sdmx as sdmx1

from tests.conftest import REPO, folder_snapshot, run_cli, sha256_of
from uwv_ai import export, sdmx
from uwv_ai.build import BuildResult

KEY = [
    "edition",
    "survey_year",
    "population_code",
    "sector_code",
    "size_class_code",
    "question_code",
    "answer_code",
]


@pytest.fixture(scope="module")
def folder(exported_package: Path) -> Path:
    return exported_package.parent / sdmx.FOLDER


@pytest.fixture(scope="module")
def structure(folder: Path):
    return sdmx1.read_sdmx(folder / sdmx.STRUCTURE_FILE)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_structure_has_our_agency_code_lists_dsd_and_dataflow_in_dutch_and_english(
    structure, warehouse: duckdb.DuckDBPyConnection
):
    dsd = structure.structure[sdmx.DSD]
    assert dsd.maintainer.id == "UWV_AI" and str(dsd.version) == "1.0"
    assert structure.dataflow[sdmx.DATAFLOW].structure is dsd
    # Dimensions in the fact table's key order; the measure; observation-level attributes.
    assert [d.id for d in dsd.dimensions.components] == [
        "EDITION",
        "SURVEY_YEAR",
        "POPULATION",
        "SECTOR",
        "SIZE_CLASS",
        "QUESTION",
        "ANSWER",
    ]
    assert [m.id for m in dsd.measures.components] == ["OBS_VALUE"]
    assert [a.id for a in dsd.attributes.components] == [
        "OBS_STATUS",
        "QUALITY_FLAG",
        "PUBLISHED_TEXT",
    ]
    assert {a.id: a.usage_status.name for a in dsd.attributes.components} == {
        "OBS_STATUS": "mandatory",
        "QUALITY_FLAG": "conditional",
        "PUBLISHED_TEXT": "conditional",
    }
    assert set(structure.codelist) == {
        "CL_EDITION",
        "CL_SURVEY_YEAR",
        "CL_POPULATION",
        "CL_SECTOR",
        "CL_SIZE_CLASS",
        "CL_QUESTION",
        "CL_ANSWER",
        "CL_OBS_STATUS",
        "CL_QUALITY_FLAG",
    }
    concepts = structure.concept_scheme[sdmx.CONCEPT_SCHEME]
    assert concepts["SECTOR"].name.localizations == {"en": "Sector", "nl": "Sector"}
    # Every sector of dim_sector, `_T` included, with its names and SBI 2008 codes.
    sectors = structure.codelist["CL_SECTOR"]
    rows = warehouse.execute(
        "select sector_code, sector_name_nl, sector_name_en, sbi_2008_codes"
        " from marts.dim_sector order by sort_order"
    ).fetchall()
    assert [code.id for code in sectors] == [code for code, *_ in rows]
    for code, name_nl, name_en, sbi in rows:
        assert sectors[code].name.localizations == {"en": name_en, "nl": name_nl}
        annotations = {a.id: str(a.title) for a in sectors[code].annotations}
        assert annotations == ({"SBI_2008": sbi} if sbi else {}), code
    assert sectors["_T"].name.localizations == {"en": "Total", "nl": "Totaal"}
    assert structure.codelist["CL_POPULATION"]["GUIDING"].parent.id == "GUIDE_OR_PREPARE"
    flags = warehouse.execute(
        "select quality_flag, quality_flag_label_nl from marts.dim_quality_flag"
    ).fetchall()
    for flag, label_nl in flags:
        assert structure.codelist["CL_QUALITY_FLAG"][flag].name.localizations["nl"] == label_nl


def test_every_code_list_and_every_code_is_named_in_dutch_and_english(
    structure, warehouse: duckdb.DuckDBPyConnection
):
    for codelist in structure.codelist.values():
        assert set(codelist.name.localizations) == {"nl", "en"}, codelist.id
        for code in codelist:
            assert set(code.name.localizations) == {"nl", "en"}, (codelist.id, code.id)
    statuses = warehouse.execute(
        "select obs_status, obs_status_label_nl, obs_status_label_en"
        " from marts.dim_observation_status order by obs_status"
    ).fetchall()
    assert [
        (code.id, code.name.localizations["nl"], code.name.localizations["en"])
        for code in structure.codelist["CL_OBS_STATUS"]
    ] == statuses
    assert ("A", "Normale waarde", "Normal value") in statuses


def test_structure_and_data_parse_with_pysdmx_and_the_structure_is_schema_valid(folder: Path):
    structure = folder / sdmx.STRUCTURE_FILE
    # validate=True: checked against the SDMX 2.1 XML schemas that pysdmx ships.
    message = pysdmx.io.read_sdmx(structure, validate=True)
    (dsd,) = message.get_data_structure_definitions()
    assert dsd.id == sdmx.DSD
    assert [c.id for c in dsd.components.dimensions] == [d.id for d in sdmx.DIMENSIONS.values()]
    (data_set,) = pysdmx.io.get_datasets(folder / sdmx.DATA_FILE, structure)
    assert data_set.short_urn == "Dataflow=UWV_AI:DF_SURVEY_SHARE(1.0)"
    assert len(data_set.data) == 476


def test_sdmx1_reads_the_structure_but_not_sdmx_csv_1(folder: Path):
    """Why pysdmx reads the data back (README): sdmx1 2.28 reads SDMX-CSV 2.x only."""
    with pytest.raises(ValueError, match=r"SDMX-CSV 2\.0\.0"):
        sdmx1.read_sdmx(folder / sdmx.DATA_FILE)


def test_every_observation_is_in_the_sdmx_csv_with_its_key_value_and_attributes(
    folder: Path, structure, warehouse: duckdb.DuckDBPyConnection
):
    rows = _rows(folder / sdmx.DATA_FILE)
    dimensions = [d.id for d in structure.structure[sdmx.DSD].dimensions.components]
    assert list(rows[0]) == ["DATAFLOW", *dimensions, "OBS_VALUE", *[a.id for a in sdmx.ATTRIBUTES]]
    found = {
        tuple(row[d] for d in dimensions): (
            Decimal(row["OBS_VALUE"]),
            row["OBS_STATUS"],
            row["QUALITY_FLAG"] or None,
            row["PUBLISHED_TEXT"] or None,
        )
        for row in rows
    }
    expected = warehouse.execute(
        f"""
        select {", ".join(f"cast(f.{k} as varchar)" for k in KEY)},
            f.share_pct, f.obs_status, q.quality_flag, f.published_text
        from marts.fct_survey_share as f
        left join quality.observation_flags as q using ({", ".join(KEY)})
        """
    ).fetchall()
    assert len(expected) == 476 == len(rows) == len(found)
    assert {tuple(row[:7]): tuple(row[7:]) for row in expected} == found
    assert {row["DATAFLOW"] for row in rows} == {"UWV_AI:DF_SURVEY_SHARE(1.0)"}
    # Some observations carry a quality flag, most none: NULL is an empty field.
    assert 0 < sum(1 for row in rows if row["QUALITY_FLAG"]) < len(rows)
    # Every code used is in the code list the DSD gives its dimension or attribute.
    dsd = structure.structure[sdmx.DSD]
    coded = [*dsd.dimensions.components, dsd.attributes.get("OBS_STATUS")]
    coded.append(dsd.attributes.get("QUALITY_FLAG"))
    for component in coded:
        codes = {code.id for code in component.local_representation.enumerated}
        used = {row[component.id] for row in rows} - {""}
        assert used and used <= codes, component.id
    assert "_T" in {row["SECTOR"] for row in rows} and "_T" in {row["SIZE_CLASS"] for row in rows}


def test_package_lists_the_sdmx_files_with_size_and_hash(exported_package: Path):
    entry = json.loads(exported_package.read_text(encoding="utf-8"))["sdmx"]
    assert entry["observations"] == 476
    assert entry["dataflow"] == "UWV_AI:DF_SURVEY_SHARE(1.0)"
    for part, name in (("structure", sdmx.STRUCTURE_FILE), ("data", sdmx.DATA_FILE)):
        path = exported_package.parent / entry[part]["path"]
        assert path == exported_package.parent / sdmx.FOLDER / name
        assert entry[part]["bytes"] == path.stat().st_size
        assert entry[part]["hash"] == "sha256:" + sha256_of(path)


@pytest.fixture
def broken_copy(built: BuildResult, tmp_path: Path):
    """`broken_copy(sql)`: a copy of the built warehouse changed by `sql`."""

    def make(sql: str) -> Path:
        copy = tmp_path / "warehouse.duckdb"
        shutil.copy2(built.warehouse, copy)
        with duckdb.connect(str(copy)) as connection:
            connection.execute(sql)
        return copy

    return make


@pytest.fixture
def previous_export(exported_package: Path, tmp_path: Path) -> Path:
    """An earlier export in place (a copy of the shared one: no second export needed)."""
    output = tmp_path / "exports"
    shutil.copytree(exported_package.parent, output)
    return output


def test_a_code_missing_from_its_code_list_stops_the_export_and_keeps_the_previous(
    broken_copy, previous_export: Path, scratch_project: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("UWV_AI_PROJECT_DIR", str(scratch_project))
    copy = broken_copy("delete from marts.dim_sector where sector_code = 'I'")
    before = folder_snapshot(previous_export)

    with pytest.raises(sdmx.SdmxError) as raised:
        export.export_warehouse(copy, previous_export)

    message = str(raised.value)
    assert "\n" not in message
    # As the README shows it.
    assert message == "SDMX export: SECTOR 'I' of 24 observation(s) is not in code list CL_SECTOR"
    assert f"`error: {message}`" in (REPO / "README.md").read_text(encoding="utf-8")
    assert folder_snapshot(previous_export) == before
    assert sorted(path.name for path in previous_export.parent.iterdir()) == [
        "exports",
        "warehouse.duckdb",
    ]


def test_an_unknown_dimension_value_makes_uwv_ai_export_fail_with_one_line(
    broken_copy, previous_export: Path, scratch_project: Path
):
    copy = broken_copy(
        "update marts.fct_survey_share set size_class_code = 'GE500'"
        " where size_class_code = 'GE100' and question_code = 'AI_USE_NOW'"
        " and answer_code = 'HIGH' and survey_year = 2025"
    )
    before = folder_snapshot(previous_export)

    result = run_cli(
        "export", "--output", str(previous_export), project=scratch_project, warehouse=copy
    )

    assert result.returncode == 1
    assert result.stderr == (
        "error: SDMX export: SIZE_CLASS 'GE500' of 1 observation(s) is not in code list"
        " CL_SIZE_CLASS\n"
    )
    assert result.stdout == ""
    assert folder_snapshot(previous_export) == before


@pytest.fixture(scope="module")
def observations(built: BuildResult) -> list[sdmx.Observation]:
    with duckdb.connect(str(built.warehouse), read_only=True) as connection:
        return sdmx._observations(connection, list(sdmx.DIMENSIONS.values()))


def _edited_copy(folder: Path, tmp_path: Path, old: str, new: str) -> Path:
    """A copy of the SDMX folder whose CSV has `old` replaced by `new` once."""
    copy = tmp_path / "sdmx"
    shutil.copytree(folder, copy)
    data = copy / sdmx.DATA_FILE
    text = data.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    data.write_text(text.replace(old, new), encoding="utf-8")
    return copy


@pytest.mark.parametrize(
    ("old", "new", "error"),
    [
        # A value changed: the observation no longer matches the warehouse.
        (
            ",2024,ALL,BCDE,_T,AI_USE_NOW,HARDLY,16.0,",
            ",2024,ALL,BCDE,_T,AI_USE_NOW,HARDLY,61.0,",
            "observation 2025.2024.ALL.BCDE._T.AI_USE_NOW.HARDLY is",
        ),
        # An observation missing.
        (
            "UWV_AI:DF_SURVEY_SHARE(1.0),2025,2024,ALL,BCDE,_T,AI_USE_NOW,HIGH,2.0,A,,2%\n",
            "",
            "has 475 observations, the warehouse 476",
        ),
        # A code that is in no code list.
        (
            ",BCDE,_T,AI_USE_NOW,HIGH,2.0,A,,2%",
            ",BCDE,_T,AI_USE_NOW,HIGH,2.0,Z,,2%",
            r"OBS_STATUS 'Z' of 1 observation\(s\) is not in code list CL_OBS_STATUS$",
        ),
    ],
)
def test_the_check_on_the_way_out_reads_the_files_and_catches_every_difference(
    folder: Path, tmp_path: Path, observations: list[sdmx.Observation], old, new, error
):
    dimensions = list(sdmx.DIMENSIONS.values())
    # The unedited files pass.
    sdmx.check_files(
        folder / sdmx.STRUCTURE_FILE, folder / sdmx.DATA_FILE, dimensions, observations
    )
    copy = _edited_copy(folder, tmp_path, old, new)
    with pytest.raises(sdmx.SdmxError, match=error):
        sdmx.check_files(
            copy / sdmx.STRUCTURE_FILE, copy / sdmx.DATA_FILE, dimensions, observations
        )
