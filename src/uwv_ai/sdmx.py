"""Publish `marts.fct_survey_share` as statistics offices do: SDMX.

Two files in the export's `sdmx/` folder (README, "Exports"):

- `structure.xml`, an SDMX-ML 2.1 structure message: our agency (`UWV_AI`), a concept scheme,
  a code list per dimension and coded attribute (built from the marts' `dim_*` tables, Dutch
  and English names), the data structure definition (dimensions in the fact table's key
  order, the measure, three observation-level attributes) and a dataflow;
- `fct_survey_share.csv`, every observation of the fact table as SDMX-CSV 1.0, the CSV version
  of SDMX 2.1.

Both are written with sdmx1, the one library of the two that writes names in more than one
language, and read back before the export is swapped into place: the structure with sdmx1 and
with pysdmx (which checks it against the official SDMX 2.1 XML schemas), the data with pysdmx
(sdmx1 reads SDMX-CSV 2.x only). Every key and coded attribute of the data must be in its code
list and every observation must be the warehouse's, with the same value and attributes; if not,
`SdmxError` stops the export with one line.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

# sdmx1 takes about a second to import: each function imports what it uses, so that the
# commands that write no SDMX do not wait for it.
if TYPE_CHECKING:
    from sdmx.message import StructureMessage
    from sdmx.model import common, v21

FOLDER = "sdmx"
STRUCTURE_FILE = "structure.xml"
DATA_FILE = "fct_survey_share.csv"
STRUCTURE_MEDIATYPE = "application/vnd.sdmx.structure+xml;version=2.1"
DATA_MEDIATYPE = "application/vnd.sdmx.data+csv;version=1.0.0"
AGENCY = "UWV_AI"
VERSION = "1.0"
DATAFLOW = "DF_SURVEY_SHARE"
DSD = "DSD_SURVEY_SHARE"
CONCEPT_SCHEME = "CS_SURVEY_SHARE"
FACT = "fct_survey_share"
MEASURE = "OBS_VALUE"
_NAME = {
    "en": "Shares of Dutch employers by answer to UWV's survey on AI at work",
    "nl": "Aandelen werkgevers per antwoord in UWV's enquête over AI op het werk",
}


class SdmxError(ValueError):
    """The SDMX files could not be written or do not read back as the warehouse: one line."""


@dataclass(frozen=True)
class Codes:
    """A code list and the query giving its codes from a dimension table, one row per code:
    id, English and Dutch name, English and Dutch description, parent code, SBI 2008 codes."""

    id: str
    name_en: str
    name_nl: str
    query: str


@dataclass(frozen=True)
class Component:
    """A dimension, the measure or an attribute: its SDMX id (also its concept's), the column
    that gives it, its concept's names, and its code list (None: free values of
    `value_type`, an SDMX facet value type)."""

    id: str
    column: str
    name_en: str
    name_nl: str
    codes: Codes | None = None
    mandatory: bool = True
    value_type: str = "string"


_NULLS = "null, null, null, null"
# The dimensions, by the fact table's key column; their order in the DSD is the key's order in
# the dbt project (the manifest's primary key of fct_survey_share).
DIMENSIONS = {
    component.column: component
    for component in (
        Component(
            "EDITION",
            "edition",
            "Edition",
            "Editie",
            Codes(
                "CL_EDITION",
                "Editions of the publication",
                "Edities van de publicatie",
                """
                select
                    cast(edition as varchar),
                    'Edition ' || edition || coalesce(': ' || publication_title, '')
                        || coalesce(' (' || publisher || ', ' || publication_year || ')', ''),
                    'Editie ' || edition || coalesce(': ' || publication_title, '')
                        || coalesce(' (' || publisher || ', ' || publication_year || ')', ''),
                    null, null, null, null
                from marts.dim_survey_edition
                order by edition
                """,
            ),
        ),
        Component(
            "SURVEY_YEAR",
            "survey_year",
            "Survey year",
            "Enquêtejaar",
            Codes(
                "CL_SURVEY_YEAR",
                "Survey years (the reference period)",
                "Enquêtejaren (de verslagperiode)",
                f"""
                select
                    cast(survey_year as varchar),
                    'Survey of autumn ' || survey_year,
                    'Enquête ' || coalesce(min(fieldwork_label_nl), 'najaar ' || survey_year),
                    {_NULLS}
                from marts.dim_survey_edition
                group by survey_year
                order by survey_year
                """,
            ),
        ),
        Component(
            "POPULATION",
            "population_code",
            "Population",
            "Populatie",
            Codes(
                "CL_POPULATION",
                "Populations of employers",
                "Populaties van werkgevers",
                """
                select
                    population_code, population_label_en, population_label_nl,
                    population_definition_en, null, parent_population_code, null
                from marts.dim_population
                order by parent_population_code nulls first, population_code
                """,
            ),
        ),
        Component(
            "SECTOR",
            "sector_code",
            "Sector",
            "Sector",
            Codes(
                "CL_SECTOR",
                "Sectors (SBI 2008 sections, divisions and groups; _T: all surveyed sectors)",
                "Sectoren (SBI 2008-secties, -afdelingen en -groepen; _T: alle sectoren)",
                """
                select
                    sector_code, sector_name_en, sector_name_nl,
                    'SBI 2008: ' || sbi_2008_codes, sbi_2008_printed, null, sbi_2008_codes
                from marts.dim_sector
                order by sort_order, sector_code
                """,
            ),
        ),
        Component(
            "SIZE_CLASS",
            "size_class_code",
            "Size class",
            "Grootteklasse",
            Codes(
                "CL_SIZE_CLASS",
                "Size classes by persons employed (_T: all)",
                "Grootteklassen naar werkzame personen (_T: alle)",
                f"""
                select size_class_code, size_class_label_en, size_class_label_nl, {_NULLS}
                from marts.dim_size_class
                order by sort_order, size_class_code
                """,
            ),
        ),
        Component(
            "QUESTION",
            "question_code",
            "Question",
            "Vraag",
            Codes(
                "CL_QUESTION",
                "Survey questions",
                "Enquêtevragen",
                f"""
                select question_code, question_wording_en, question_wording_nl, {_NULLS}
                from marts.dim_question
                order by sort_order, question_code
                """,
            ),
        ),
        Component(
            "ANSWER",
            "answer_code",
            "Answer",
            "Antwoord",
            Codes(
                "CL_ANSWER",
                "Answers (of all questions)",
                "Antwoorden (van alle vragen)",
                # An answer code of several questions has one label (tested in dbt); should
                # two ever differ, the code's name gives both.
                f"""
                select
                    answer_code,
                    string_agg(distinct answer_label_en, ' / ' order by answer_label_en),
                    string_agg(distinct answer_label_nl, ' / ' order by answer_label_nl),
                    {_NULLS}
                from marts.dim_answer
                group by answer_code
                order by min(answer_ordinal), answer_code
                """,
            ),
        ),
    )
}
MEASURE_COMPONENT = Component(
    MEASURE,
    "share_pct",
    "Share of the population giving this answer, in percent (0 to 100)",
    "Aandeel van de populatie dat dit antwoord geeft, in procenten (0 tot 100)",
    value_type="decimal",
)
# Observation-level attributes, in this order after OBS_VALUE in the SDMX-CSV.
ATTRIBUTES = (
    Component(
        "OBS_STATUS",
        "obs_status",
        "Observation status",
        "Waarnemingsstatus",
        Codes(
            "CL_OBS_STATUS",
            "Observation status (SDMX)",
            "Waarnemingsstatus (SDMX)",
            """
            select
                obs_status, obs_status_label_en, obs_status_label_nl, obs_status_description,
                null, null, null
            from marts.dim_observation_status
            order by obs_status
            """,
        ),
    ),
    Component(
        "QUALITY_FLAG",
        "quality_flag",
        "Quality flag: the publication's text contradicts this number",
        "Kwaliteitsvlag: de tekst van de publicatie spreekt dit getal tegen",
        Codes(
            "CL_QUALITY_FLAG",
            "Quality flags",
            "Kwaliteitsvlaggen",
            """
            select
                quality_flag, quality_flag_label_en, quality_flag_label_nl,
                quality_flag_definition_en, quality_flag_definition_nl, null, null
            from marts.dim_quality_flag
            order by quality_flag_sort_order, quality_flag
            """,
        ),
        mandatory=False,
    ),
    Component(
        "PUBLISHED_TEXT",
        "published_text",
        "The number exactly as printed",
        "Het getal precies zoals gedrukt",
        mandatory=False,
    ),
)


@dataclass
class Observation:
    """One row of the fact table: its key (codes as text, in DSD order), value and attributes."""

    key: tuple[str, ...]
    value: Decimal
    attributes: tuple[str | None, ...]


def write_sdmx(
    connection: duckdb.DuckDBPyConnection, folder: Path, primary_key: list[str]
) -> dict[str, Any]:
    """Write the structure message and the SDMX-CSV of fct_survey_share into `folder`/sdmx,
    read both back and check them against the warehouse; return the datapackage.json entry.

    `primary_key` is the fact table's tested key, whose order the DSD's dimensions follow.
    """
    dimensions = _dimensions_in_key_order(primary_key)
    observations = _observations(connection, dimensions)
    code_lists = {
        component.codes.id: _codes(connection, component.codes)
        for component in (*dimensions, *ATTRIBUTES)
        if component.codes is not None
    }
    comments = _comments(connection)
    target = folder / FOLDER
    target.mkdir(parents=True, exist_ok=True)
    structure_path, data_path = target / STRUCTURE_FILE, target / DATA_FILE
    _write(structure_path, data_path, dimensions, observations, code_lists, comments)
    check_files(structure_path, data_path, dimensions, observations)
    relative = Path(FOLDER)
    return {
        "version": "SDMX 2.1: SDMX-ML 2.1 structure, SDMX-CSV 1.0 data",
        "agency": AGENCY,
        "dataflow": f"{AGENCY}:{DATAFLOW}({VERSION})",
        "observations": len(observations),
        "structure": {
            "path": (relative / STRUCTURE_FILE).as_posix(),
            "mediatype": STRUCTURE_MEDIATYPE,
        },
        "data": {"path": (relative / DATA_FILE).as_posix(), "mediatype": DATA_MEDIATYPE},
    }


def _dimensions_in_key_order(primary_key: list[str]) -> list[Component]:
    if sorted(primary_key) != sorted(DIMENSIONS):
        raise SdmxError(
            f"SDMX export: the key of {FACT} is {primary_key}, but the DSD has dimensions for"
            f" {list(DIMENSIONS)}; update uwv_ai/sdmx.py"
        )
    return [DIMENSIONS[column] for column in primary_key]


def _observations(
    connection: duckdb.DuckDBPyConnection, dimensions: list[Component]
) -> list[Observation]:
    """The fact table's rows with the quality flag of each (quality.observation_flags)."""
    keys = [component.column for component in dimensions]
    key_list = ", ".join(keys)
    attributes = ", ".join(
        ("q." if component.column == "quality_flag" else "f.") + component.column
        for component in ATTRIBUTES
    )
    rows = connection.execute(
        f"""
        select {", ".join(f"cast(f.{key} as varchar)" for key in keys)}, f.share_pct, {attributes}
        from marts.{FACT} as f
        left join quality.observation_flags as q using ({key_list})
        order by {", ".join(f"f.{key}" for key in keys)}
        """
    ).fetchall()
    (count,) = connection.execute(f"select count(*) from marts.{FACT}").fetchone() or (0,)
    if len(rows) != count:
        raise SdmxError(
            f"SDMX export: {len(rows)} rows of {FACT} with their quality flags, but the table"
            f" has {count}: quality.observation_flags has a key twice"
        )
    width = len(keys)
    return [Observation(tuple(row[:width]), row[width], tuple(row[width + 1 :])) for row in rows]


@dataclass(frozen=True)
class Code:
    id: str
    name: dict[str, str]
    description: dict[str, str]
    parent: str | None
    sbi_2008: str | None


def _codes(connection: duckdb.DuckDBPyConnection, codes: Codes) -> list[Code]:
    result = []
    for code, name_en, name_nl, description_en, description_nl, parent, sbi in connection.execute(
        codes.query
    ).fetchall():
        # SDMX requires a name; a code whose dimension row has none is named by its id.
        name = _languages(en=name_en or code, nl=name_nl)
        result.append(
            Code(code, name, _languages(en=description_en, nl=description_nl), parent, sbi)
        )
    return result


def _languages(**texts: str | None) -> dict[str, str]:
    return {language: text.strip() for language, text in texts.items() if text and text.strip()}


def _comments(connection: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """The warehouse's column comments of the fact table and of the quality flag."""
    rows = connection.execute(
        """
        select column_name, comment
        from duckdb_columns()
        where (schema_name = 'marts' and table_name = ?)
            or (schema_name = 'quality' and table_name = 'observation_flags'
                and column_name = 'quality_flag')
        """,
        [FACT],
    ).fetchall()
    return {name: " ".join(comment.split()) for name, comment in rows if comment}


def _write(
    structure_path: Path,
    data_path: Path,
    dimensions: list[Component],
    observations: list[Observation],
    code_lists: dict[str, list[Code]],
    comments: dict[str, str],
) -> None:
    """The structure message and the data set, built as sdmx1 objects and written by sdmx1."""
    import sdmx
    from sdmx.format.csv import v1

    agency, agencies = _agency_scheme()
    lists = _code_lists([*dimensions, *ATTRIBUTES], code_lists, agency)
    concepts = _concept_scheme([*dimensions, MEASURE_COMPONENT, *ATTRIBUTES], comments, agency)
    dsd = _data_structure(dimensions, lists, concepts, agency)
    flow = _dataflow(dsd, agency)
    message = _structure_message(agencies, *lists.values(), concepts, dsd, flow)
    structure_path.write_bytes(
        sdmx.to_xml(message, pretty_print=True, encoding="utf-8", xml_declaration=True)
    )
    data_set = _data_set(flow, observations)
    sdmx.to_csv(data_set, path=data_path, format_options=v1.FormatOptions(), attributes="o")


def _agency_scheme() -> tuple[common.Agency, common.AgencyScheme]:
    """Our agency, and the agency scheme that holds it."""
    from sdmx.model import common

    agency = common.Agency(
        id=AGENCY,
        name=_languages(
            en="The uwv-ai project (not UWV): UWV's published numbers as a tested warehouse",
            nl="Het project uwv-ai (niet UWV): UWV's gepubliceerde cijfers als getest warehouse",
        ),
    )
    # SDMX 2.1 fixes an agency scheme's id, version and isFinal.
    agencies = common.AgencyScheme(
        id="AGENCIES",
        version="1.0",
        maintainer=agency,
        is_final=False,
        is_external_reference=False,
        name={"en": "Agencies"},
    )
    agencies.append(agency)
    return agency, agencies


def _maintained_by(agency: common.Agency) -> dict[str, Any]:
    """What every artefact of ours but the agency scheme has: maintainer, version, final."""
    return {
        "maintainer": agency,
        "version": VERSION,
        "is_final": True,
        "is_external_reference": False,
    }


def _code_lists(
    components: list[Component], code_lists: dict[str, list[Code]], agency: common.Agency
) -> dict[str, common.Codelist]:
    """The code list of each coded component, by id."""
    return {
        component.codes.id: _code_list(component.codes, code_lists[component.codes.id], agency)
        for component in components
        if component.codes is not None
    }


def _code_list(codes: Codes, rows: list[Code], agency: common.Agency) -> common.Codelist:
    """One code list: its codes in the order of `rows`, a code's SBI 2008 codes as an
    annotation, a subgroup linked to its parent."""
    from sdmx.model import common, v21

    codelist = common.Codelist(
        id=codes.id,
        name=_languages(en=codes.name_en, nl=codes.name_nl),
        **_maintained_by(agency),
    )
    for code in rows:
        annotations = (
            [v21.Annotation(id="SBI_2008", type="SBI_2008", title=code.sbi_2008)]
            if code.sbi_2008
            else []
        )
        codelist.append(
            common.Code(
                id=code.id,
                name=code.name,
                description=code.description or None,
                annotations=annotations,
            )
        )
    for code in rows:
        if code.parent:
            codelist[code.id].parent = codelist[code.parent]
            codelist[code.parent].append_child(codelist[code.id])
    return codelist


def _concept_scheme(
    components: list[Component], comments: dict[str, str], agency: common.Agency
) -> common.ConceptScheme:
    """A concept per component, described by its column's comment in the warehouse."""
    from sdmx.model import common

    concepts = common.ConceptScheme(
        id=CONCEPT_SCHEME,
        name=_languages(
            en="Concepts of the UWV employer survey on AI at work",
            nl="Begrippen van UWV's werkgeversenquête over AI op het werk",
        ),
        **_maintained_by(agency),
    )
    for component in components:
        description = comments.get(component.column)
        concepts.append(
            common.Concept(
                id=component.id,
                name=_languages(en=component.name_en, nl=component.name_nl),
                description={"en": description} if description else None,
            )
        )
    return concepts


def _data_structure(
    dimensions: list[Component],
    lists: dict[str, common.Codelist],
    concepts: common.ConceptScheme,
    agency: common.Agency,
) -> v21.DataStructureDefinition:
    """The DSD: the dimensions in key order, the measure, the observation-level attributes."""
    from sdmx.model import v21

    dsd = v21.DataStructureDefinition(id=DSD, name=_languages(**_NAME), **_maintained_by(agency))
    # The XML schema requires these ids of the three component lists.
    dsd.dimensions.id, dsd.attributes.id = "DimensionDescriptor", "AttributeDescriptor"
    dsd.measures.id = "MeasureDescriptor"
    for component in dimensions:
        dsd.dimensions.getdefault(
            component.id,
            concept_identity=concepts[component.id],
            local_representation=_representation(component, lists),
        )
    dsd.measures.getdefault(
        MEASURE_COMPONENT.id,
        concept_identity=concepts[MEASURE_COMPONENT.id],
        local_representation=_representation(MEASURE_COMPONENT, lists),
    )
    for component in ATTRIBUTES:
        dsd.attributes.getdefault(
            component.id,
            concept_identity=concepts[component.id],
            local_representation=_representation(component, lists),
            related_to=v21.PrimaryMeasureRelationship(),
            usage_status=(
                v21.UsageStatus.mandatory if component.mandatory else v21.UsageStatus.conditional
            ),
        )
    return dsd


def _representation(
    component: Component, lists: dict[str, common.Codelist]
) -> common.Representation:
    """A coded component's code list, or the type of an uncoded one's values."""
    from sdmx.model import common

    if component.codes is not None:
        return common.Representation(enumerated=lists[component.codes.id])
    facet = common.Facet(value_type=common.FacetValueType[component.value_type])
    return common.Representation(non_enumerated=[facet])


def _dataflow(dsd: v21.DataStructureDefinition, agency: common.Agency) -> v21.DataflowDefinition:
    """The dataflow of the DSD, which the SDMX-CSV names in its first column."""
    from sdmx.model import v21

    return v21.DataflowDefinition(
        id=DATAFLOW, name=_languages(**_NAME), structure=dsd, **_maintained_by(agency)
    )


def _structure_message(*artefacts: Any) -> StructureMessage:
    """A structure message of `artefacts`, sent by our agency and dated now."""
    from sdmx.message import Header, StructureMessage
    from sdmx.model import common

    header = Header(
        id="UWV_AI_SURVEY_SHARE",
        prepared=datetime.now(UTC).replace(microsecond=0),
        sender=common.Agency(id=AGENCY),
    )
    message = StructureMessage(header=header)
    for artefact in artefacts:
        message.add(artefact)
    return message


def _data_set(flow: v21.DataflowDefinition, observations: list[Observation]) -> v21.DataSet:
    """The observations as a data set of the dataflow: key, value and attributes of each."""
    from sdmx.model import v21

    dsd = flow.structure
    dimension_ids = [dimension.id for dimension in dsd.dimensions.components]
    measure = dsd.measures.get(MEASURE)
    attributes = [dsd.attributes.get(component.id) for component in ATTRIBUTES]
    data_set = v21.DataSet(structured_by=dsd, described_by=flow)
    data_set.add_obs(
        v21.Observation(
            dimension=v21.Key(**dict(zip(dimension_ids, observation.key, strict=True))),
            value=_text(observation.value),
            value_for=measure,
            attached_attribute={
                attribute.id: v21.AttributeValue(value=value, value_for=attribute)
                for attribute, value in zip(attributes, observation.attributes, strict=True)
                if value is not None
            },
        )
        for observation in observations
    )
    return data_set


def _text(value: Decimal) -> str:
    """A DECIMAL share as SDMX-CSV writes it: plain notation, no exponent ('23.0')."""
    return format(value, "f")


def check_files(
    structure_path: Path,
    data_path: Path,
    dimensions: list[Component],
    observations: list[Observation],
) -> None:
    """Read both files back and hold them against the warehouse's `observations`.

    The structure must parse with sdmx1 and with pysdmx (against the SDMX 2.1 XML schemas);
    the data with pysdmx, as the dataflow's. Every dimension value and coded attribute value
    must be in the code list the DSD gives it; the observations must be the warehouse's, each
    once, with the same value and attributes.
    """
    import sdmx
    from pysdmx.io import read_sdmx

    try:
        message = sdmx.read_sdmx(structure_path)
        read_sdmx(structure_path, validate=True)  # the official XML schemas
    except Exception as error:
        raise SdmxError(
            f"SDMX export: {structure_path.name} does not read back: {_first_line(error)}"
        ) from error
    dsd, flow = message.structure[DSD], message.dataflow[DATAFLOW]
    if flow.structure is not dsd and flow.structure.id != DSD:
        raise SdmxError(f"SDMX export: dataflow {DATAFLOW} does not use {DSD}")
    dimension_ids = [dimension.id for dimension in dsd.dimensions.components]
    if dimension_ids != [component.id for component in dimensions]:
        raise SdmxError(f"SDMX export: the DSD's dimensions read back as {dimension_ids}")
    try:
        (data_set,) = read_sdmx(data_path, validate=True).data
    except Exception as error:
        raise SdmxError(
            f"SDMX export: {data_path.name} does not read back: {_first_line(error)}"
        ) from error
    if data_set.short_urn != f"Dataflow={AGENCY}:{DATAFLOW}({VERSION})":
        raise SdmxError(f"SDMX export: {data_path.name} is of {data_set.short_urn}")
    frame = data_set.data
    attribute_ids = [component.id for component in ATTRIBUTES]
    columns = [*dimension_ids, MEASURE, *attribute_ids]
    if list(frame.columns) != columns:
        raise SdmxError(f"SDMX export: {data_path.name} has columns {list(frame.columns)}")

    coded = {
        component.id: dsd.attributes.get(component.id)
        for component in ATTRIBUTES
        if component.codes is not None
    }
    for component_id in [*dimension_ids, *coded]:
        component = (
            dsd.dimensions.get(component_id)
            if component_id in dimension_ids
            else coded[component_id]
        )
        codelist = component.local_representation.enumerated
        known = {code.id for code in codelist}
        used = Counter(value for value in frame[component_id] if value != "")
        unknown = sorted(set(used) - known)
        if unknown:
            raise SdmxError(
                f"SDMX export: {component_id} {unknown[0]!r} of {used[unknown[0]]}"
                f" observation(s) is not in code list {codelist.id}"
                + (f" (nor {len(unknown) - 1} more)" if len(unknown) > 1 else "")
            )
    for component in ATTRIBUTES:
        if component.mandatory and (frame[component.id] == "").any():
            raise SdmxError(f"SDMX export: the mandatory attribute {component.id} is missing")

    _compare(frame, columns, len(dimension_ids), observations, data_path.name)


def _compare(
    frame: Any, columns: list[str], width: int, observations: list[Observation], name: str
) -> None:
    """Every observation of the warehouse in the file, once, with its value and attributes."""
    expected = {
        observation.key: (observation.value, observation.attributes) for observation in observations
    }
    found: dict[tuple[str, ...], tuple[Decimal, tuple[str | None, ...]]] = {}
    for row in frame[columns].itertuples(index=False, name=None):
        key = tuple(row[:width])
        if key in found:
            raise SdmxError(f"SDMX export: {name} has the key {'.'.join(key)} twice")
        try:
            value = Decimal(row[width])
        except InvalidOperation:
            raise SdmxError(
                f"SDMX export: {name} has the value {row[width]!r} at {'.'.join(key)}"
            ) from None
        found[key] = (value, tuple(cell or None for cell in row[width + 1 :]))
    if len(found) != len(expected):
        raise SdmxError(
            f"SDMX export: {name} has {len(found)} observations, the warehouse {len(expected)}"
        )
    for key, wanted in expected.items():
        if found.get(key) != wanted:
            raise SdmxError(
                f"SDMX export: observation {'.'.join(key)} is {found.get(key)} in {name},"
                f" {wanted} in the warehouse"
            )


def _first_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return " ".join(lines[0].split())[:300] if lines else type(error).__name__
