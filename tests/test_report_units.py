"""The report's pure parts, without a warehouse or a browser: the order by value, the
recovered mark, and how the plotly.js bundle is cut and written as a module."""

from __future__ import annotations

import pytest

from uwv_ai.report.plotly_build import COMPONENTS_LEFT_OUT, module_text, reduced_core
from uwv_ai.report.tables import Recovered, by_value, value_text


def test_by_value_ranks_the_ranked_rows_and_leaves_the_others_in_place():
    # A total first, three sectors (two equal), a size class last.
    values = [50, 10, 30, 30, 5]
    ranked = [False, True, True, True, False]
    assert by_value(values, ranked) == [0, 2, 3, 1, 4]


def test_by_value_keeps_the_printed_order_when_nothing_is_ranked():
    assert by_value([3, 9, 1], [False, False, False]) == [0, 1, 2]


def test_by_value_with_unranked_rows_between_ranked_ones():
    assert by_value([1, 7, 2, 9], [True, False, True, True]) == [3, 1, 2, 0]


def test_a_recovered_part_marks_the_sum_it_is_in():
    recovered = Recovered(frozenset({("Q", 2025, "_T", "_T", "HIGH")}))
    assert recovered.any("Q", 2025, "_T", "_T", ["HIGH", "REASONABLE"])
    assert not recovered.any("Q", 2025, "_T", "_T", ["REASONABLE"])
    assert not recovered.any("Q", 2024, "_T", "_T", ["HIGH"])
    assert value_text(79.0, True) == "79%*" and value_text(7.0) == "7%"


def _core(components: list[str]) -> str:
    lines = "".join(f"    require('./components/{name}'),\n" for name in components)
    return f"register([\n{lines}    require('./components/modebar')\n]);\n"


def test_the_reduced_core_registers_all_but_the_components_left_out():
    kept = ["annotations", "shapes", "legend", "fx"]
    core = reduced_core(_core(["annotations", *COMPONENTS_LEFT_OUT, "shapes", "legend", "fx"]))
    assert core == _core(kept)


def test_the_reduced_core_fails_when_core_js_changed():
    with pytest.raises(ValueError, match="no longer registers sliders"):
        reduced_core(_core([name for name in COMPONENTS_LEFT_OUT if name != "sliders"]))


def test_the_bundle_module_gives_back_the_script_character_for_character():
    script = "/** v9 */\nvar a = 'x\\n\\u0041' + \"\\\\\" + `y`; // é ±\n"
    namespace: dict = {}
    exec(compile(module_text("9.9.9", script), "_plotly_bundle.py", "exec"), namespace)
    assert namespace["SCRIPT"] == script
    assert namespace["VERSION"] == "9.9.9"
    assert namespace["TRACES"] == ("bar", "heatmap", "pie", "scatter")


@pytest.mark.parametrize("script", ['a = """', "ends with \\"])
def test_a_script_a_raw_string_cannot_hold_is_refused(script: str):
    with pytest.raises(ValueError, match="raw triple-quoted"):
        module_text("9.9.9", script)
