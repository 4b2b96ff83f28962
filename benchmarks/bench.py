"""`make bench`: what a build, an edit, the tests and analyst queries cost, against dbt's floor.

Every timing is a whole command as a user runs it (a fresh process, imports included), and the
floor is measured beside it in the same run, alternating, so that machine load shifts both
alike. Prints a table of medians and ratios and writes them to build/bench/results.json.

    python benchmarks/bench.py [--runs 5] [--skip-make-test] [--editions 1 10 100 1000]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import duckdb

# The other benchmark modules sit beside this script, which runs as a file, not a package.
sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale import build_environment, measure_scale, print_scale
from synthetic_editions import copy_project

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
WORK = REPO / "build" / "bench"
FLOOR = Path(__file__).resolve().parent / "floor"

# The cell the edit loop changes, back and forth: a number no claim quotes and no other figure
# repeats, so both values pass every gate.
EDIT_SEED = Path("seeds/publication/fig12_measures.csv")
EDIT_CELLS = ("2025,Horeca,94%,75%,", "2025,Horeca,94%,76%,")

QUERIES = {
    "sector ranking": """
        select sector_label_en, any_use_pct
        from marts.mart_ai_use_current
        where survey_year = 2025 and size_class_code = '_T' and sector_code != '_T'
        order by any_use_pct desc
    """,
    "2024->2025 change": """
        select sector_label_en, any_use_change_pp, not_at_all_change_pp
        from marts.mart_ai_use_current
        where survey_year = 2025 and previous_survey_year = 2024
        order by any_use_change_pp desc
    """,
    "current vs future": """
        select sector_label_en, current_high_pct, expected_high_pct, high_change_pp
        from marts.mart_ai_use_current_vs_expected
        where size_class_code = '_T'
        order by high_change_pp desc
    """,
    "claim lookup": """
        select checks.claim_id, checks.status, checks.expected, checks.observed
        from quality.claim_checks as checks
        join quality.claim_observations as observations using (claim_id)
        where observations.sector_code = 'J'
    """,
    "full fact scan": """
        select question_code, survey_year, count(*), avg(share_pct), max(share_pct)
        from marts.fct_survey_share
        group by all
    """,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each timed command")
    parser.add_argument("--skip-make-test", action="store_true")
    parser.add_argument("--editions", type=int, nargs="*", default=[1, 10, 100, 1000])
    args = parser.parse_args(argv)
    WORK.mkdir(parents=True, exist_ok=True)
    results: dict = {"machine": _machine(), "runs": args.runs}

    print(f"machine: {results['machine']}", flush=True)
    results["build"] = measure_build(args.runs)
    _print_pair("uwv-ai build (all gates, publish)", results["build"], target=2.0)
    results["edit_loop"] = measure_edit_loop(args.runs)
    _print_pair("edit loop (one seed cell, uwv-ai dev)", results["edit_loop"], target=1.3)
    results["queries"] = measure_queries(REPO / "build" / "warehouse.duckdb")
    for name, median_ms in results["queries"].items():
        verdict = "ok" if median_ms < 10 else "OVER TARGET"
        print(f"query {name:<22} median {median_ms:7.2f} ms   (target < 10 ms: {verdict})")
    if not args.skip_make_test:
        results["make_test_s"] = measure_make_test()
        verdict = "ok" if results["make_test_s"] < 300 else "OVER TARGET"
        print(f"make test wall time {results['make_test_s']:.0f} s (target < 300 s: {verdict})")
    if args.editions:
        results["scale"] = measure_scale(args.editions)
        print_scale(results["scale"])
    (WORK / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"results: {WORK / 'results.json'}")
    return 0


def measure_build(runs: int) -> dict:
    """`uwv-ai build` into a scratch warehouse, alternating with the floor."""
    warehouse = WORK / "build-vs-floor" / "warehouse.duckdb"
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    build = [str(BIN / "uwv-ai"), "build", "--warehouse", str(warehouse)]
    return _alternate(lambda: _timed(build, build_environment(REPO)), runs)


def measure_edit_loop(runs: int) -> dict:
    """Change one seed cell and run `uwv-ai dev` in a copy of the project, alternating."""
    project = WORK / "edit-loop" / "project"
    if project.exists():
        shutil.rmtree(project)
    copy_project(project)
    env = build_environment(project)
    dev = [str(BIN / "uwv-ai"), "dev"]
    _timed([*dev, "--full"], env)  # the state every later edit is compared with
    seed = project / EDIT_SEED
    edits = iter(range(runs))

    def edit_and_rebuild() -> float:
        old, new = EDIT_CELLS if next(edits) % 2 == 0 else reversed(EDIT_CELLS)
        text = seed.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{EDIT_SEED}: {old!r} not found once"
        seed.write_text(text.replace(old, new), encoding="utf-8")
        return _timed(dev, env)

    return _alternate(edit_and_rebuild, runs)


def measure_queries(warehouse: Path, repeats: int = 30) -> dict[str, float]:
    """Median latency of each analyst query on an open read-only connection, in ms."""
    medians = {}
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        for name, sql in QUERIES.items():
            for _ in range(3):  # warm the catalog and caches as an interactive session would
                connection.execute(sql).fetchall()
            times = []
            for _ in range(repeats):
                start = time.perf_counter()
                rows = connection.execute(sql).fetchall()
                times.append((time.perf_counter() - start) * 1000)
            assert rows, f"query {name!r} returned nothing"
            medians[name] = statistics.median(times)
    return medians


def measure_make_test() -> float:
    start = time.perf_counter()
    subprocess.run(["make", "test"], cwd=REPO, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def _alternate(measure: Callable[[], float], runs: int) -> dict:
    """Run the measured command and the floor in turns; medians and their ratio."""
    floor_env = {**build_environment(REPO), "FLOOR_WAREHOUSE": str(WORK / "floor" / "floor.duckdb")}
    floor_cmd = [
        str(BIN / "dbt"),
        "build",
        "--project-dir",
        str(FLOOR),
        "--profiles-dir",
        str(FLOOR),
        "--target-path",
        str(WORK / "floor" / "target"),
        "--log-path",
        str(WORK / "floor" / "logs"),
    ]
    _timed(floor_cmd, floor_env)  # first runs parse fully; they are not what we compare
    measured, floor = [], []
    for _ in range(runs):
        measured.append(measure())
        floor.append(_timed(floor_cmd, floor_env))
    result = {
        "median_s": statistics.median(measured),
        "floor_median_s": statistics.median(floor),
        "runs_s": measured,
        "floor_runs_s": floor,
    }
    result["ratio"] = result["median_s"] / result["floor_median_s"]
    return result


def _timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    completed = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if completed.returncode != 0:
        tail = (completed.stderr or completed.stdout).strip().splitlines()[-3:]
        raise SystemExit(f"{' '.join(command[:2])} failed: {' | '.join(tail)}")
    return elapsed


def _machine() -> str:
    return (
        f"{platform.node()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{datetime.now(UTC).date()}"
    )


def _print_pair(label: str, result: dict, target: float) -> None:
    verdict = "ok" if result["ratio"] <= target else "OVER TARGET"
    print(
        f"{label:<40} median {result['median_s']:6.2f} s   floor {result['floor_median_s']:5.2f} s"
        f"   ratio {result['ratio']:5.2f}x (target <= {target}x: {verdict})",
        flush=True,
    )


if __name__ == "__main__":
    sys.exit(main())
