"""`make bench`: what a build, an edit, the tests and analyst queries cost, against dbt's floor.

Every timing is a whole command as a user runs it (a fresh process, imports included), and the
floor is measured beside it in the same run, alternating, so that machine load shifts both
alike. Each command runs in its own copy of the project under build/bench/, so the developer's
build/ is left as it was. Prints each figure as it is measured, then one table of all of them
(medians, floors, ratios, targets), and writes build/bench/results.json. See
benchmarks/README.md for what each figure is.

    python benchmarks/bench.py [--runs 5] [--editions 1 10 100 1000] [--skip PART ...]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path

import duckdb

# The other benchmark modules sit beside this script, which runs as a file, not a package.
sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale import (
    INSTALL_TARGET,
    activated_environment,
    activation_lines,
    build_environment,
    measure_scale,
    print_scale,
    shell_environment,
)
from skeleton import write_skeleton
from synthetic_editions import copy_project

from uwv_ai.dbt_invocation import TARGET

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
WORK = REPO / "build" / "bench"
FLOOR = Path(__file__).resolve().parent / "floor"
PARTS = (
    "build",
    "plain-dbt",
    "skeleton",
    "edit-loop",
    "watch-loop",
    "queries",
    "startup",
    "make-test",
    "scale",
)

# Targets: a command's median over the floor's, or seconds and milliseconds.
BUILD_RATIO = 2.0
PLAIN_DBT_RATIO = 1.8
EDIT_LOOP_RATIO = 1.3
MAKE_TEST_SECONDS = 180
SLOWEST_TEST_SECONDS = 30
QUERY_MS = 10
# `uwv-ai query` and `status` are used like the DuckDB CLI: start to exit within this (issue 14).
STARTUP_S = 0.3
# The commands whose start-up is timed, each run this many times (the median counts).
STARTUP_COMMANDS = {"query select 1": ["query", "select 1"], "status": ["status"]}
STARTUP_RUNS = 10

# The cell the edit loop changes, back and forth: a number no claim quotes and no other figure
# repeats, so both values pass every gate. Where the build checks the seeds against the
# publication's text (UWV_AI_SOURCE_TEXT), the loop edits a copy of the text alike, so that
# check runs too and passes.
EDIT_SEED = Path("seeds/publication/fig12_measures.csv")
EDIT_CELLS = ("2025,Horeca,94%,75%,", "2025,Horeca,94%,76%,")
EDIT_SOURCE_LINES = ("Horeca 94% 75% 72%", "Horeca 94% 76% 72%")

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
    parser.add_argument(
        "--editions",
        type=int,
        nargs="*",
        default=[1, 10, 100, 1000],
        help="synthetic editions of each scale build (none: no scale run)",
    )
    parser.add_argument(
        "--skip", nargs="+", choices=PARTS, default=[], metavar="PART", help=", ".join(PARTS)
    )
    parser.add_argument("--skip-make-test", action="store_true", help="same as --skip make-test")
    args = parser.parse_args(argv)
    skip = set(args.skip)
    if args.skip_make_test:
        skip.add("make-test")
    if not args.editions:
        skip.add("scale")
    WORK.mkdir(parents=True, exist_ok=True)

    lines = activation_lines(REPO)
    activated = activated_environment(REPO, BIN.parent, lines)
    # Under `make bench` the Makefile exports the source text; run directly, take it from the
    # activated virtualenv, so that every command measured sees the same setting.
    if "UWV_AI_SOURCE_TEXT" in activated:
        os.environ.setdefault("UWV_AI_SOURCE_TEXT", activated["UWV_AI_SOURCE_TEXT"])

    results: dict = {"machine": _machine(), "runs": args.runs, "skipped": sorted(skip)}
    print(_describe_machine(results["machine"]), flush=True)
    warehouse = REPO / "build" / "warehouse.duckdb"
    if "build" not in skip:
        results["build"] = measure_build(args.runs)
        warehouse = Path(results["build"]["warehouse"])
        _print_pair("uwv-ai build (all gates, publish)", results["build"], BUILD_RATIO)
    if "plain-dbt" not in skip:
        results["plain_dbt"] = measure_plain_dbt(args.runs, lines)
        _print_pair("plain dbt build (activated venv)", results["plain_dbt"], PLAIN_DBT_RATIO)
    if "skeleton" not in skip:
        results["skeleton"] = measure_skeleton(args.runs, lines)
        _print_pair("skeleton (same nodes, SQL doing nothing)", results["skeleton"], None)
    if "edit-loop" not in skip:
        results["edit_loop"] = measure_edit_loop(args.runs)
        _print_pair("edit loop (one seed cell, uwv-ai dev)", results["edit_loop"], EDIT_LOOP_RATIO)
    if "watch-loop" not in skip:
        results["watch_loop"] = measure_watch_loop(args.runs)
        _print_pair(
            "edit loop, watching (uwv-ai dev --watch)", results["watch_loop"], EDIT_LOOP_RATIO
        )
    if "queries" not in skip:
        if warehouse.is_file():
            results["queries"] = {"warehouse": str(warehouse), **measure_queries(warehouse)}
            for name in QUERIES:
                print(f"query {name:<22} median {results['queries'][name]:7.2f} ms", flush=True)
        else:
            print(f"queries skipped: nothing is published at {warehouse} (run `make build`)")
    if "startup" not in skip:
        if warehouse.is_file():
            results["startup"] = measure_startup(warehouse)
            for name, seconds in results["startup"].items():
                print(f"uwv-ai {name:<15} start to exit, median {seconds:.3f} s", flush=True)
        else:
            print(f"start-up skipped: nothing is published at {warehouse} (run `make build`)")
    if "make-test" not in skip:
        results["make_test"] = measure_make_test()
        print(_describe_make_test(results["make_test"]), flush=True)
    if "scale" not in skip:
        results["scale"] = measure_scale(args.editions)
        print_scale(results["scale"])

    results["machine"].update(
        finished_at=datetime.now(UTC).isoformat(timespec="seconds"),
        load_average_end=list(os.getloadavg()),
    )
    results["table"] = table_rows(results)
    print()
    print(format_table(results["table"], results["machine"]))
    (WORK / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"results: {WORK / 'results.json'}")
    return 0


# --- the measurements -----------------------------------------------------------------------


def measure_build(runs: int) -> dict:
    """`uwv-ai build` of a copy of the project, publishing there, alternating with the floor."""
    project = _fresh_copy(WORK / "build-vs-floor" / "project")
    env = build_environment(project)
    build = [str(BIN / "uwv-ai"), "build"]
    first = _timed(build, env)  # parses the project fully; later builds parse partially
    result = _alternate(lambda: _timed(build, env), runs)
    return {**result, "first_run_s": first, "warehouse": env["UWV_AI_WAREHOUSE"]}


def measure_plain_dbt(runs: int, lines: list[str]) -> dict:
    """`dbt build` as a user runs it: at a copy's root, in the activated virtualenv.

    The environment is a new shell's after `. .venv/bin/activate`, with the lines the
    Makefile appends to that script (`lines`); dbt writes the copy's build/dev.duckdb.
    """
    project = _fresh_copy(WORK / "plain-dbt" / "project")
    (project / "build").mkdir()  # made by `make .venv/.installed` in a checkout
    env = activated_environment(project, BIN.parent, lines)
    dbt = shutil.which("dbt", path=env["PATH"])
    assert dbt == str(BIN / "dbt"), f"the activated PATH finds dbt at {dbt}, not in {BIN}"
    build = ["dbt", "build"]
    first = _timed(build, env, cwd=project)
    result = _alternate(lambda: _timed(build, env, cwd=project), runs)
    # Where the activated environment sends plain dbt's artifacts (DBT_TARGET_PATH).
    run_results = project / TARGET / "run_results.json"
    assert (project / "build" / "dev.duckdb").is_file(), "plain dbt did not build build/dev.duckdb"
    nodes = len(json.loads(run_results.read_text(encoding="utf-8"))["results"])
    variables = {name: value for name, value in env.items() if name.startswith(("DBT_", "UWV_AI_"))}
    return {**result, "first_run_s": first, "nodes": nodes, "environment": variables}


def measure_skeleton(runs: int, lines: list[str]) -> dict:
    """`dbt build` of the project's skeleton (benchmarks/skeleton.py), alternating with the floor:
    what dbt itself costs for the project's seeds, models, tests and dependencies."""
    source = _fresh_copy(WORK / "skeleton" / "source")
    (source / "build").mkdir()
    env = activated_environment(source, BIN.parent, lines)
    _timed(["dbt", "parse"], env, cwd=source)
    manifest = json.loads((source / TARGET / "manifest.json").read_text(encoding="utf-8"))
    project = WORK / "skeleton" / "project"
    counts = write_skeleton(manifest, project)
    build = _floor_command(project, WORK / "skeleton")
    skeleton_env = {
        **build_environment(REPO),
        "FLOOR_WAREHOUSE": str(WORK / "skeleton" / "db.duckdb"),
    }
    first = _timed(build, skeleton_env)
    result = _alternate(lambda: _timed(build, skeleton_env), runs)
    return {**result, "first_run_s": first, "nodes": counts}


def measure_edit_loop(runs: int) -> dict:
    """Change one seed cell and run `uwv-ai dev` in a copy of the project, alternating."""
    env, edit = _editable_copy("edit-loop")
    dev = [str(BIN / "uwv-ai"), "dev"]
    _timed([*dev, "--full"], env)  # the state every later edit is compared with
    edits = iter(range(runs))

    def edit_and_rebuild() -> float:
        edit(forward=next(edits) % 2 == 0)
        return _timed(dev, env)

    return _alternate(edit_and_rebuild, runs)


def measure_watch_loop(runs: int) -> dict:
    """Change one seed cell while `uwv-ai dev --watch` runs in a copy of the project: the time
    from the saved file to the watcher's `passed:` line, alternating with the floor."""
    env, edit = _editable_copy("watch-loop")
    watcher = subprocess.Popen(
        [str(BIN / "uwv-ai"), "dev", "--watch"],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )

    def next_line(*prefixes: str) -> str:
        for line in watcher.stderr:
            if line.startswith(prefixes):
                return line.strip()
        raise SystemExit(f"uwv-ai dev --watch ended with {watcher.wait()}")

    try:
        next_line("watching ")  # after the first, whole build of the copy
        edits = iter(range(runs))

        def edit_and_wait() -> float:
            start = time.perf_counter()
            edit(forward=next(edits) % 2 == 0)
            verdict = next_line("passed:", "FAILED:")
            if not verdict.startswith("passed:"):
                raise SystemExit(f"uwv-ai dev --watch: {verdict}")
            return time.perf_counter() - start

        return _alternate(edit_and_wait, runs)
    finally:
        watcher.kill()
        watcher.wait()


def _editable_copy(name: str) -> tuple[dict[str, str], Callable[..., None]]:
    """A fresh copy of the project under build/bench/NAME, its environment, and `edit(forward)`,
    which changes the edit loop's seed cell there and back (and, when the build checks the
    seeds against the publication's text, the same number in a copy of that text)."""
    project = _fresh_copy(WORK / name / "project")
    env = build_environment(project)
    edited = [(project / EDIT_SEED, EDIT_CELLS)]
    if source := env.get("UWV_AI_SOURCE_TEXT"):
        copy = WORK / name / Path(source).name
        shutil.copyfile(source, copy)
        env["UWV_AI_SOURCE_TEXT"] = str(copy)
        edited.append((copy, EDIT_SOURCE_LINES))

    def edit(forward: bool) -> None:
        # The publication's text first: a watcher starts rebuilding on the seed's change.
        for path, values in reversed(edited):
            old, new = values if forward else reversed(values)
            text = path.read_text(encoding="utf-8")
            assert text.count(old) == 1, f"{path}: {old!r} not found once"
            path.write_text(text.replace(old, new), encoding="utf-8")

    return env, edit


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


def measure_startup(warehouse: Path, runs: int = STARTUP_RUNS) -> dict[str, float]:
    """Median wall seconds of `uwv-ai <command>` from start to exit, output to a pipe."""
    env = {**os.environ}
    medians = {}
    for name, args in STARTUP_COMMANDS.items():
        command = [str(BIN / "uwv-ai"), "--warehouse", str(warehouse), *args]
        _timed(command, env)  # once first: the files in the page cache, as for a user
        medians[name] = statistics.median(_timed(command, env) for _ in range(runs))
    return medians


def measure_make_test() -> dict:
    """`make test` in a clean clone of the committed HEAD, after a separately timed install.

    Laid out as CI lays it: the clone (build/bench/clone) with a copy of the checkout's
    shared/ beside it (build/bench/shared), where the Makefile and the tests find the
    publication's text, and a new shell's environment (shell_environment). Logs:
    build/bench/make-install.log and build/bench/make-test.log.
    """
    clone, shared = WORK / "clone", WORK / "shared"
    for leftover in (clone, shared):
        if leftover.exists():
            shutil.rmtree(leftover)
    if (REPO.parent / "shared").is_dir():
        shutil.copytree(REPO.parent / "shared", shared)
    commit = _git("rev-parse", "HEAD")
    dirty = bool(_git("status", "--porcelain", "--untracked-files=no"))
    subprocess.run(["git", "clone", "--quiet", "--no-checkout", str(REPO), str(clone)], check=True)
    subprocess.run(["git", "-C", str(clone), "checkout", "--quiet", "--detach", commit], check=True)
    env = shell_environment()
    install = _run_logged(["make", INSTALL_TARGET], clone, env, WORK / "make-install.log")
    test = _run_logged(["make", "test"], clone, env, WORK / "make-test.log")
    output = (WORK / "make-test.log").read_text(encoding="utf-8", errors="replace")
    return {
        "clone": str(clone),
        "commit": commit,
        "uncommitted_changes_not_measured": dirty,
        "install_s": install["seconds"],
        "install_ok": install["returncode"] == 0,
        "test_s": test["seconds"],
        "test_ok": test["returncode"] == 0,
        **parse_pytest_output(output),
    }


# --- pytest's output --------------------------------------------------------------------------

_SUMMARY = re.compile(r"^=+ (?P<counts>.+?) in (?P<seconds>[\d.]+)s\b.*=+$")
_DURATION = re.compile(r"^(?P<seconds>[\d.]+)s (?P<phase>setup|call|teardown)\s+(?P<test>\S.*)$")


def parse_pytest_output(output: str) -> dict:
    """pytest's closing line (counts, its own seconds) and its `--durations` list.

    A test's time is the sum of its listed phases (setup, call, teardown), what running that
    test alone waits for; a module fixture's cost is in the setup of the first test that uses
    it, so the slowest call alone is given too.
    """
    summary = next(
        (match for line in output.splitlines() if (match := _SUMMARY.match(line.strip()))), None
    )
    durations = [
        {"seconds": float(match["seconds"]), "phase": match["phase"], "test": match["test"]}
        for line in output.splitlines()
        if (match := _DURATION.match(line.strip()))
    ]
    per_test: dict[str, float] = {}
    for entry in durations:
        per_test[entry["test"]] = per_test.get(entry["test"], 0.0) + entry["seconds"]
    ranked = sorted(per_test.items(), key=lambda item: item[1], reverse=True)
    calls = [entry for entry in durations if entry["phase"] == "call"]
    return {
        "pytest_summary": summary["counts"] if summary else None,
        "pytest_s": float(summary["seconds"]) if summary else None,
        "durations": durations,
        "slowest_test": {"test": ranked[0][0], "seconds": ranked[0][1]} if ranked else None,
        "slowest_call": max(calls, key=lambda entry: entry["seconds"]) if calls else None,
        "tests_over_limit": [
            {"test": test, "seconds": seconds}
            for test, seconds in ranked
            if seconds > SLOWEST_TEST_SECONDS
        ],
    }


# --- running and timing commands --------------------------------------------------------------


def _fresh_copy(project: Path) -> Path:
    """A copy of the project's files (not its build/ or .venv) at `project`, made anew."""
    if project.exists():
        shutil.rmtree(project)
    return copy_project(project, REPO)


def _alternate(measure: Callable[[], float], runs: int) -> dict:
    """Run the measured command and the floor in turns; medians and their ratio."""
    floor_env = {**build_environment(REPO), "FLOOR_WAREHOUSE": str(WORK / "floor" / "floor.duckdb")}
    floor_cmd = _floor_command(FLOOR, WORK / "floor")
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


def _floor_command(project: Path, work: Path) -> list[str]:
    """`dbt build` of a project using the floor's profile (FLOOR_WAREHOUSE), artifacts in work."""
    return [
        str(BIN / "dbt"),
        "build",
        "--project-dir",
        str(project),
        "--profiles-dir",
        str(FLOOR),
        "--target-path",
        str(work / "target"),
        "--log-path",
        str(work / "logs"),
    ]


def _timed(command: list[str], env: dict[str, str], cwd: Path | None = None) -> float:
    start = time.perf_counter()
    completed = subprocess.run(
        command, env=env, cwd=cwd, capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - start
    if completed.returncode != 0:
        tail = (completed.stderr or completed.stdout).strip().splitlines()[-3:]
        raise SystemExit(f"{' '.join(command[:2])} failed: {' | '.join(tail)}")
    return elapsed


def _run_logged(command: list[str], cwd: Path, env: dict[str, str], log: Path) -> dict:
    """Run `command`, its output to `log`; wall seconds and exit code (a failure is a result)."""
    start = time.perf_counter()
    with log.open("w", encoding="utf-8") as output:
        completed = subprocess.run(
            command, cwd=cwd, env=env, stdout=output, stderr=subprocess.STDOUT, check=False
        )
    seconds = time.perf_counter() - start
    if completed.returncode != 0:
        print(f"{' '.join(command)} exited {completed.returncode}: see {log}", flush=True)
    return {"seconds": seconds, "returncode": completed.returncode}


def _git(*args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.strip()


# --- the machine and the report ----------------------------------------------------------------


def _machine() -> dict:
    return {
        "node": platform.node(),
        "cpu_count": os.cpu_count(),
        "cpu_model": _cpu_model(),
        "python": platform.python_version(),
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "load_average_start": list(os.getloadavg()),
        "commit": _git("rev-parse", "--short", "HEAD"),
    }


def _cpu_model() -> str:
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8")
    except OSError:
        return platform.processor() or "unknown"
    models = re.findall(r"^model name\s*:\s*(.+)$", cpuinfo, re.MULTILINE)
    return models[0].strip() if models else platform.processor() or "unknown"


def _load(averages: list[float]) -> str:
    return " ".join(f"{value:.2f}" for value in averages)


def _describe_machine(machine: dict) -> str:
    text = (
        f"machine: {machine['node']}, {machine['cpu_count']} cpus ({machine['cpu_model']}), "
        f"Python {machine['python']}, commit {machine['commit']}; "
        f"load average {_load(machine['load_average_start'])} at {machine['started_at']}"
    )
    if "load_average_end" in machine:
        text += f", {_load(machine['load_average_end'])} at {machine['finished_at']}"
    return text


def _print_pair(label: str, result: dict, target: float | None) -> None:
    """One compared command's line; without a target, the ratio is for information."""
    judged = (
        "" if target is None else f" (target <= {target}x: {_verdict(result['ratio'] <= target)})"
    )
    print(
        f"{label:<40} median {result['median_s']:6.2f} s   floor {result['floor_median_s']:5.2f} s"
        f"   ratio {result['ratio']:5.2f}x{judged}",
        flush=True,
    )


def _describe_make_test(result: dict) -> str:
    slowest = result["slowest_test"]
    pytest = f"{result['pytest_s']:.0f} s" if result["pytest_s"] is not None else "no summary"
    return (
        f"make test in a clean clone of {result['commit'][:8]}:"
        f" install {result['install_s']:.0f} s, make test {result['test_s']:.0f} s"
        f" (pytest {pytest}: {result['pytest_summary']});"
        " slowest test "
        + (f"{slowest['seconds']:.1f} s {slowest['test']}" if slowest else "not reported")
        + "".join(
            f"\n  over {SLOWEST_TEST_SECONDS} s: {test['seconds']:5.1f} s {test['test']}"
            for test in result["tests_over_limit"]
        )
    )


def _verdict(ok: bool) -> str:
    return "ok" if ok else "OVER TARGET"


def table_rows(results: dict) -> list[dict]:
    """One row per figure: what was measured, its floor and ratio, the target and the verdict."""
    rows = []

    def row(figure, measured, target, ok, floor="", ratio="", note=""):
        rows.append(
            {
                "figure": figure,
                "measured": measured,
                "floor": floor,
                "ratio": ratio,
                "target": target,
                "verdict": ok if isinstance(ok, str) else _verdict(ok),
                "note": note,
            }
        )

    pairs = (
        ("build", "uwv-ai build (all gates, publish)", BUILD_RATIO),
        ("plain_dbt", "plain dbt build (activated venv)", PLAIN_DBT_RATIO),
        ("edit_loop", "edit loop (one seed cell, uwv-ai dev)", EDIT_LOOP_RATIO),
        ("watch_loop", "edit loop, watching (uwv-ai dev --watch)", EDIT_LOOP_RATIO),
    )
    for key, figure, target in pairs:
        if key in results:
            pair = results[key]
            row(
                figure,
                f"{pair['median_s']:.2f} s",
                f"<= {target}x floor",
                pair["ratio"] <= target,
                floor=f"{pair['floor_median_s']:.2f} s",
                ratio=f"{pair['ratio']:.2f}x",
            )
    if "skeleton" in results:
        skeleton = results["skeleton"]
        nodes = ", ".join(f"{count} {kind}s" for kind, count in skeleton["nodes"].items())
        row(
            "skeleton: the same nodes, SQL doing nothing",
            f"{skeleton['median_s']:.2f} s",
            "-",
            "info",
            floor=f"{skeleton['floor_median_s']:.2f} s",
            ratio=f"{skeleton['ratio']:.2f}x",
            note=f"{nodes}, 2 hooks: dbt's cost for this project's shape (benchmarks/skeleton.py)",
        )
    for name, value in results.get("queries", {}).items():
        if name in QUERIES:
            row(f"query: {name}", f"{value:.2f} ms", f"< {QUERY_MS} ms", value < QUERY_MS)
    for name, seconds in results.get("startup", {}).items():
        row(
            f"start-up: uwv-ai {name} (median of {STARTUP_RUNS})",
            f"{seconds:.3f} s",
            f"<= {STARTUP_S} s",
            seconds <= STARTUP_S,
        )
    if "make_test" in results:
        test = results["make_test"]
        install_verdict = "info" if test["install_ok"] else "FAILED"
        row(
            "make .venv/.installed (clean clone)",
            f"{test['install_s']:.0f} s",
            "-",
            install_verdict,
        )
        row(
            "make test (lint + pytest, clean clone)",
            f"{test['test_s']:.0f} s",
            f"<= {MAKE_TEST_SECONDS} s",
            _verdict(test["test_s"] <= MAKE_TEST_SECONDS) if test["test_ok"] else "FAILED",
        )
        if test["pytest_s"] is not None:
            row(
                "pytest (its closing line)",
                f"{test['pytest_s']:.0f} s",
                "-",
                "info",
                note=test["pytest_summary"],
            )
        slowest = test["slowest_test"]
        if slowest:
            row(
                "slowest test (setup + call + teardown)",
                f"{slowest['seconds']:.1f} s",
                f"<= {SLOWEST_TEST_SECONDS} s",
                slowest["seconds"] <= SLOWEST_TEST_SECONDS,
                note=slowest["test"],
            )
            if call := test["slowest_call"]:
                row(
                    "slowest call alone", f"{call['seconds']:.1f} s", "-", "info", note=call["test"]
                )
            row(
                f"tests over {SLOWEST_TEST_SECONDS} s (setup + call + teardown)",
                str(len(test["tests_over_limit"])),
                "0",
                not test["tests_over_limit"],
                note=", ".join(over["test"] for over in test["tests_over_limit"]),
            )
        else:
            row("slowest test", "no --durations list", f"<= {SLOWEST_TEST_SECONDS} s", "unknown")
    scale = results.get("scale", [])
    for result in scale:
        row(
            f"scale: {result['editions']} editions, {result['observations']:,} observations",
            f"{result['build_seconds']:.1f} s"
            f" ({result['seconds_per_1000_observations']:.2f} s per 1k obs)",
            "-",
            "info",
        )
    for smaller, larger in pairwise(scale):
        # Linear or better: the build time grows no faster than the observations.
        time_growth = larger["build_seconds"] / smaller["build_seconds"]
        data_growth = larger["observations"] / smaller["observations"]
        row(
            f"scale: build time {smaller['editions']} -> {larger['editions']} editions",
            f"x{time_growth:.2f}",
            f"<= x{data_growth:.2f} (observations)",
            time_growth <= data_growth,
        )
    return rows


def format_table(rows: list[dict], machine: dict) -> str:
    """The rows as an aligned text table, with the machine and the date above it.

    A row's note (the tests it names) is given below the table, under the row's number.
    """
    columns = ("figure", "measured", "floor", "ratio", "target", "verdict")
    noted = [index for index, row in enumerate(rows) if row["note"]]
    figures = [
        f"{row['figure']} [{noted.index(index) + 1}]" if row["note"] else row["figure"]
        for index, row in enumerate(rows)
    ]
    cells = [{**row, "figure": figure} for row, figure in zip(rows, figures, strict=True)]
    widths = {name: max([len(name), *(len(cell[name]) for cell in cells)]) for name in columns}
    lines = [_describe_machine(machine), ""]
    lines.append("  ".join(name.ljust(widths[name]) for name in columns).rstrip())
    lines.append("  ".join("-" * widths[name] for name in columns))
    lines += [
        "  ".join(cell[name].ljust(widths[name]) for name in columns).rstrip() for cell in cells
    ]
    lines += [f"[{number}] {rows[index]['note']}" for number, index in enumerate(noted, 1)]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
