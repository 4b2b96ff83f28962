"""Each generic test of tests/dbt/generic passes on good data and fails on bad data.

A tiny dbt project is written to a temporary directory with small seed fixtures, the
project's generic tests and macros, and one named test per case; one `dbt build` runs
them all and each test's status is compared with what the case expects; for column_contract,
also the first failing row, which must say which check failed, on which column and value.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest
import yaml

from tests.conftest import REPO
from uwv_ai.dbt_invocation import run_dbt

SEEDS = {
    "keys": "id,part\n1,a\n2,a\n",
    "keys_repeated": "id,part\n1,a\n1,a\n",
    "keys_with_null": "id,part\n1,a\n,a\n",
    "keys_with_null_part": "id,part\n1,a\n2,\n",
    "questions": "question_code,answers_are_exclusive\nQ1,true\nQ2,false\n",
    # Q1 (exclusive): 3 answers summing to 101, within 3 x 0.5; Q2 is multi-response.
    "shares": "grp,question_code,share\ng,Q1,50\ng,Q1,26\ng,Q1,25\ng,Q2,90\ng,Q2,90\n",
    # Q1: 2 answers summing to 102, beyond 2 x 0.5.
    "shares_off": "grp,question_code,share\ng,Q1,50\ng,Q1,52\n",
    "printings": "key,value\na,1\na,1\nb,2\n",
    "printings_disagree": "key,value\na,1\na,2\n",
    "parents": "x,y\n1,a\n2,b\n",
    "children": "x,y\n1,a\n2,b\n",
    "orphans": "x,y\n1,b\n",
    # z references parents.x; the row with no z is not checked.
    "children_renamed": "x,y,z\n1,a,2\n2,b,\n",
    "orphan_renamed": "x,y,z\n1,a,3\n",
    "statuses": "status\nmatch\nmatch\n",
    "statuses_mixed": "status\nmatch\nextra\n",
    "measures": "share_pct,change_pp,other\n100,-100,500\n0,100,-5\n",
    "measures_off_pct": "share_pct,change_pp,other\n101,0,0\n",
    "measures_off_pp": "share_pct,change_pp,other\n50,-101,0\n",
}
# column_contract: one table that keeps every part of CONTRACT (a null code and a null
# reference are not checked), and one copy per case that breaks one check: its second row
# replaced by the case's row, whose first failing row then names the check, column and value.
CONTRACT_COLUMNS = "id,part,alt,code,parent_x,share_pct,change_pp"
CONTRACT_ROWS = ["1,a,k1,a,1,100,-100", "2,b,k2,b,,0,100", "3,c,k3,,2,50,0"]
CONTRACT_BREAKS = {
    # case: (second row, failed_check, column_names, failing_value)
    "contract_repeated_key": ("1,b,k2,b,,0,100", "primary_key", "id", "1"),
    "contract_null_key": (",b,k2,b,,0,100", "primary_key", "id", "(null)"),
    "contract_null_required": ("2,,k2,b,,0,100", "not_null", "part", None),
    "contract_repeated_unique_key": ("2,b,k1,b,,0,100", "unique_key", "alt", "k1"),
    "contract_orphan": ("2,b,k2,b,3,0,100", "foreign_key", "parent_x", "3"),
    "contract_unknown_code": ("2,b,k2,c,,0,100", "accepted_values", "code", "c"),
    "contract_pct_above_100": ("2,b,k2,b,,101,100", "measure_range", "share_pct", "101"),
    "contract_pp_below_minus_100": ("2,b,k2,b,,0,-101", "measure_range", "change_pp", "-101"),
}


def _contract_table(second_row: str) -> str:
    rows = [CONTRACT_ROWS[0], second_row, *CONTRACT_ROWS[2:]]
    return "\n".join([CONTRACT_COLUMNS, *rows]) + "\n"


SEEDS["contract"] = _contract_table(CONTRACT_ROWS[1])
SEEDS.update({case: _contract_table(spec[0]) for case, spec in CONTRACT_BREAKS.items()})
CONTRACT = {
    "primary_key": ["id"],
    "not_null": ["part"],
    "unique_keys": [["alt"]],
    "foreign_keys": [{"columns": ["parent_x"], "to": "P", "fields": ["x"]}],
    "accepted_values": {"code": ["a", "b"]},
    "measures_in_range": True,
}
# Columns declared in the seed YAML (measures_in_range finds its columns by their names there).
DECLARED = {name: ["share_pct", "change_pp", "other"] for name in SEEDS if name.startswith("meas")}
DECLARED.update(
    {name: CONTRACT_COLUMNS.split(",") for name in SEEDS if name.startswith("contract")}
)

# Undeclared seed columns load as text (macros/create_csv_table.sql): type the numbers.
TYPES = {name: {} for name in SEEDS}
TYPES.update(
    {
        "questions": {"answers_are_exclusive": "boolean"},
        "shares": {"share": "integer"},
        "shares_off": {"share": "integer"},
    }
)
TYPES.update(
    {
        name: {
            column: "integer" for column in columns if column in ("share_pct", "change_pp", "other")
        }
        for name, columns in DECLARED.items()
    }
)

# (seed, generic test, arguments, expected status)
CASES = {
    "primary_key_passes": ("keys", "primary_key", {"columns": ["id", "part"]}, "pass"),
    "primary_key_repeated": ("keys_repeated", "primary_key", {"columns": ["id"]}, "fail"),
    "primary_key_null": ("keys_with_null", "primary_key", {"columns": ["id"]}, "fail"),
    "primary_key_not_null_passes": (
        "keys",
        "primary_key",
        {"columns": ["id"], "not_null": ["part"]},
        "pass",
    ),
    "primary_key_not_null_null": (
        "keys_with_null_part",
        "primary_key",
        {"columns": ["id"], "not_null": ["part"]},
        "fail",
    ),
    "sum_within_rounding": (
        "shares",
        "exclusive_shares_sum_to_100",
        {"column_name": "share", "group_by": ["grp", "question_code"], "questions": "Q"},
        "pass",
    ),
    "sum_beyond_rounding": (
        "shares_off",
        "exclusive_shares_sum_to_100",
        {"column_name": "share", "group_by": ["grp", "question_code"], "questions": "Q"},
        "fail",
    ),
    "printings_agree": (
        "printings",
        "single_value_per_group",
        {"column_name": "value", "group_by": ["key"]},
        "pass",
    ),
    "printings_disagree": (
        "printings_disagree",
        "single_value_per_group",
        {"column_name": "value", "group_by": ["key"]},
        "fail",
    ),
    "compound_reference_found": (
        "children",
        "foreign_keys",
        {"keys": [{"columns": ["x", "y"], "to": "P"}, {"columns": ["x"], "to": "P"}]},
        "pass",
    ),
    "compound_reference_missing": (
        "orphans",
        "foreign_keys",
        {"keys": [{"columns": ["x"], "to": "P"}, {"columns": ["x", "y"], "to": "P"}]},
        "fail",
    ),
    "renamed_reference_found": (
        "children_renamed",
        "foreign_keys",
        {"keys": [{"columns": ["z"], "to": "P", "fields": ["x"]}]},
        "pass",
    ),
    "renamed_reference_missing": (
        "orphan_renamed",
        "foreign_keys",
        {
            "keys": [
                {"columns": ["x", "y"], "to": "P"},
                {"columns": ["z"], "to": "P", "fields": ["x"]},
            ]
        },
        "fail",
    ),
    "all_equal_passes": (
        "statuses",
        "all_equal",
        {"column_name": "status", "value": "'match'"},
        "pass",
    ),
    "all_equal_other_value": (
        "statuses_mixed",
        "all_equal",
        {"column_name": "status", "value": "'match'"},
        "fail",
    ),
    "measures_in_range_passes": ("measures", "measures_in_range", {}, "pass"),
    "measures_pct_above_100": ("measures_off_pct", "measures_in_range", {}, "fail"),
    "measures_pp_below_minus_100": ("measures_off_pp", "measures_in_range", {}, "fail"),
    "contract_key_only": ("keys", "column_contract", {"primary_key": ["id", "part"]}, "pass"),
    "contract_kept": ("contract", "column_contract", CONTRACT, "pass"),
    **{case: (case, "column_contract", CONTRACT, "fail") for case in CONTRACT_BREAKS},
}


REFS = {"Q": "ref('questions')", "P": "ref('parents')"}


def _yaml_value(value: object) -> str:
    """The argument in YAML flow style; "Q" and "P" become refs, also inside lists of keys."""
    if isinstance(value, str) and value in REFS:
        return REFS[value]
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}: {_yaml_value(item)}" for key, item in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(map(_yaml_value, value)) + "]"
    return json.dumps(value)


def _write_project(root: Path) -> None:
    (root / "seeds").mkdir(parents=True)
    (root / "tests").mkdir()
    shutil.copytree(REPO / "tests" / "dbt" / "generic", root / "tests" / "generic")
    shutil.copytree(REPO / "macros", root / "macros")
    (root / "dbt_project.yml").write_text(
        "name: generic_tests\nversion: '1.0'\nconfig-version: 2\nprofile: uwv_ai\n",
        encoding="utf-8",
    )
    (root / "profiles").mkdir()
    shutil.copy(REPO / "profiles" / "profiles.yml", root / "profiles" / "profiles.yml")
    lines = ["version: 2", "seeds:"]
    for seed, content in SEEDS.items():
        (root / "seeds" / f"{seed}.csv").write_text(content, encoding="utf-8")
        lines.append(f"  - name: {seed}")
        if TYPES[seed]:
            types = ", ".join(f"{column}: {kind}" for column, kind in TYPES[seed].items())
            lines.append(f"    config: {{column_types: {{{types}}}}}")
        if seed in DECLARED:
            lines.append("    columns:")
            lines.extend(f"      - name: {column}" for column in DECLARED[seed])
        tests = [case for case, spec in CASES.items() if spec[0] == seed]
        if tests:
            lines.append("    data_tests:")
        for case in tests:
            _, test, arguments, _ = CASES[case]
            lines.append(f"      - {test}:")
            lines.append(f"          name: {case}")
            if arguments:
                lines.append("          arguments:")
                for key, value in arguments.items():
                    lines.append(f"            {key}: {_yaml_value(value)}")
    (root / "seeds" / "_seeds.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def fixtures(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, dict]]:
    """The fixtures' database after one `dbt build`, and each case's run result."""
    root = tmp_path_factory.mktemp("generic") / "project"
    _write_project(root)
    database = root.parent / "fixtures.duckdb"
    outcome = run_dbt(["build"], root, database)
    assert outcome.nodes_run, outcome.problems
    results = json.loads(
        (root / "build" / "dbt" / "target" / "run_results.json").read_text(encoding="utf-8")
    )
    return database, {
        result["unique_id"].split(".")[2]: result
        for result in results["results"]
        if result["unique_id"].startswith("test.")
    }


@pytest.mark.parametrize("case", CASES)
def test_generic_test_outcome(case: str, fixtures: tuple[Path, dict[str, dict]]):
    _, results = fixtures
    assert results[case]["status"] == CASES[case][3]


@pytest.mark.parametrize("case", CONTRACT_BREAKS)
def test_column_contract_first_failing_row_says_what_is_wrong(
    case: str, fixtures: tuple[Path, dict[str, dict]]
):
    database, results = fixtures
    with duckdb.connect(str(database), read_only=True) as connection:
        cursor = connection.execute(results[case]["compiled_code"])
        columns = [column[0] for column in cursor.description]
        first = dict(zip(columns, cursor.fetchone(), strict=True))
    assert columns == [
        "failed_check",
        "column_names",
        "failing_value",
        "expected",
        "failing_rows",
        "row_key",
    ]
    _, *expected = CONTRACT_BREAKS[case]
    assert [first["failed_check"], first["column_names"], first["failing_value"]] == expected
    assert first["failing_rows"] == (2 if "repeated" in case else 1)
    # A null in a required column: the key of the row it is in.
    assert first["row_key"] == ("2" if first["failed_check"] == "not_null" else None)


def test_every_generic_test_is_exercised():
    generic_tests = {path.stem for path in (REPO / "tests/dbt/generic").glob("*.sql")}
    documented = (REPO / "tests/dbt/generic/_generic_tests.yml").read_text(encoding="utf-8")
    assert all(f"name: test_{test}\n" in documented for test in generic_tests)
    exercised = {spec[1] for spec in CASES.values()}
    assert generic_tests == exercised


# The checks column_contract holds; as tests of their own each would cost a dbt node.
CONTRACT_CHECKS = {
    "primary_key",
    "foreign_keys",
    "measures_in_range",
    "unique",
    "not_null",
    "accepted_values",
    "relationships",
}


def _test_names(tests: list) -> list[str]:
    return [test if isinstance(test, str) else next(iter(test)) for test in tests]


def test_each_model_holds_its_column_checks_in_one_named_contract():
    problems = []
    for path in sorted((REPO / "models").rglob("*.yml")):
        for model in yaml.safe_load(path.read_text(encoding="utf-8")).get("models") or []:
            tests = model.get("data_tests") or []
            names = _test_names(tests)
            for column in model.get("columns") or []:
                names += _test_names(column.get("data_tests") or [])
            if CONTRACT_CHECKS & set(names):
                problems.append(f"{model['name']}: {sorted(CONTRACT_CHECKS & set(names))}")
            contracts = [test["column_contract"] for test in tests if "column_contract" in test]
            if len(contracts) > 1:
                problems.append(f"{model['name']}: {len(contracts)} column_contract tests")
            if contracts and contracts[0].get("name") != f"column_contract_{model['name']}":
                problems.append(
                    f"{model['name']}: column_contract named {contracts[0].get('name')}"
                )
    assert not problems
