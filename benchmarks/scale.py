"""How `uwv-ai build` scales with the number of survey editions.

For each N: a copy of the project with N synthetic editions (benchmarks/synthetic_editions.py)
under build/bench/scale-N/project, one `uwv-ai build` of it in a subprocess (wall time, the
time of each step the build reports, peak memory), then the published warehouse read read-only
for its size, and dbt's run_results.json for its own elapsed time and the slowest nodes.
Optionally the seed contract alone, in a process of its own: the build runs it next to dbt.

    python benchmarks/scale.py                  # N = 1, 10, 100, 1000
    python benchmarks/scale.py --editions 1 10 --seed-contract
    python benchmarks/scale.py --editions 3 --no-export   # the build alone

After each build, `uwv-ai export` (timed): it fails unless every observation of the synthetic
editions is in its SDMX-CSV with a key whose every code is in its code list.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic_editions import FIGURES, REPO, generate

from uwv_ai.dbt_invocation import PUBLISH_TARGET

SIZES = (1, 10, 100, 1000)
BENCH_ROOT = REPO / "build" / "bench"
TOP_NODES = 10
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096

# Runs the build and writes the peak resident set of the largest process of the build (KiB on
# Linux) to the file named by argv[1]: RUSAGE_CHILDREN of a fresh process covers that build
# only. Processes running at the same time are not added up: see ProcessTreeSampler.
_PEAK_RSS_WRAPPER = """
import resource, subprocess, sys
code = subprocess.run(sys.argv[2:]).returncode
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
open(sys.argv[1], "w").write(str(peak))
sys.exit(code)
"""


class ProcessTreeSampler(threading.Thread):
    """Samples the summed resident memory of a process and its descendants (Linux /proc)."""

    def __init__(self, pid: int, interval: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak_bytes = pid, interval, 0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.wait(self.interval):
            self.peak_bytes = max(self.peak_bytes, self._tree_rss())

    def stop(self) -> float:
        """Stop sampling; returns the peak in MiB."""
        self._done.set()
        self.join()
        return self.peak_bytes / 2**20

    def _tree_rss(self) -> int:
        children: dict[int, list[int]] = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text()
                except OSError:
                    continue
                parent = int(stat.rsplit(")", 1)[1].split()[1])
                children.setdefault(parent, []).append(int(entry.name))
        tree, frontier = {self.pid}, [self.pid]
        while frontier:
            found = children.get(frontier.pop(), [])
            tree.update(found)
            frontier += found
        total = 0
        for pid in tree:
            try:
                total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_SIZE
            except (OSError, IndexError):
                continue
        return total


def build_environment(project: Path, dbt_log_level: str | None = None) -> dict[str, str]:
    """The environment of a build of `project` into its own build/ folder.

    uwv-ai keeps dbt's file log at "warn"; a `dbt_log_level` ("debug") overrides it.
    """
    level = {"DBT_LOG_LEVEL_FILE": dbt_log_level} if dbt_log_level else {}
    return {
        **os.environ,
        **level,
        "UWV_AI_PROJECT_DIR": str(project),
        "UWV_AI_WAREHOUSE": str(project / "build" / "warehouse.duckdb"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DBT_PROFILES_DIR": str(project / "profiles"),
        "DBT_TARGET_PATH": str(project / "build" / "dbt" / "target"),
        "DBT_LOG_PATH": str(project / "build" / "dbt" / "logs"),
    }


# Variables that tell a command it runs under make, or configure dbt or uwv-ai: a user's new
# shell has none of them (`make bench` exports the DBT_* ones with absolute paths).
_INHERITED_PREFIXES = ("DBT_", "UWV_AI_")
_MAKE_VARIABLES = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKE_TERMOUT", "MAKE_TERMERR")
# The Makefile's target that creates the virtualenv and appends plain dbt's set-up to its
# activate script.
INSTALL_TARGET = ".venv/.installed"


def shell_environment() -> dict[str, str]:
    """This process's environment less what make, dbt or uwv-ai settings put into it."""
    return {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(_INHERITED_PREFIXES) and name not in _MAKE_VARIABLES
    }


def activation_lines(repo: Path = REPO) -> list[str]:
    """The lines the Makefile appends to .venv/bin/activate, as an install would write them now.

    Taken from a dry run of the install target (`make -n -B`, which runs nothing), so they
    follow the Makefile and its variables are expanded as make expands them.
    """
    dry_run = subprocess.run(
        ["make", "--no-print-directory", "-n", "-B", INSTALL_TARGET],
        cwd=repo,
        env=shell_environment(),
        capture_output=True,
        text=True,
        check=True,
    )
    for command in dry_run.stdout.replace("\\\n", " ").splitlines():
        words = shlex.split(command)
        if "printf" in words and ">>" in words and words[-1].endswith("/activate"):
            # printf FORMAT LINE... >> .venv/bin/activate
            return words[words.index("printf") + 2 : words.index(">>")]
    raise RuntimeError(f"`make {INSTALL_TARGET}` appends nothing to the virtualenv's activate")


def activated_environment(project: Path, venv: Path, lines: Sequence[str]) -> dict[str, str]:
    """The environment of a shell at `project` after `. <venv>/bin/activate`.

    A new shell (shell_environment), the virtualenv's activate script, then `lines` (what the
    Makefile appends to it: activation_lines), run by bash in `project`.
    """
    script = "\n".join(['. "$1"', *lines, "env -0"])
    shell = subprocess.run(
        ["bash", "-c", script, "activate", str(venv / "bin" / "activate")],
        cwd=project,
        env=shell_environment(),
        capture_output=True,
        check=True,
    )
    pairs = (item.split("=", 1) for item in shell.stdout.decode().split("\0") if "=" in item)
    return dict(pairs)


def _uwv_ai() -> str:
    script = Path(sys.executable).parent / "uwv-ai"
    return str(script) if script.is_file() else "uwv-ai"


def _step_name(line: str) -> str | None:
    """The step a line of `uwv-ai build` starts: its "  <step> ..." lines, and the last line."""
    if line.startswith("  ") and line.rstrip().endswith(" ..."):
        return line.strip().removesuffix(" ...")
    if line.startswith("published "):
        return "exit"
    return None


def run_build(project: Path, dbt_log_level: str | None = None) -> dict:
    """Build `project`; returns wall seconds, seconds per reported step and peak memory.

    A step lasts until the next one starts ("startup": until the first; "exit": from the
    "published" line to the end of the process). Raises RuntimeError with the build's output
    when the build fails.
    """
    (project / "build").mkdir(parents=True, exist_ok=True)
    peak_file = project / "build" / "bench-peak-rss.txt"
    log_file = project / "build" / "bench-build.log"
    command = [sys.executable, "-c", _PEAK_RSS_WRAPPER, str(peak_file), _uwv_ai(), "build"]
    marks: list[tuple[str, float]] = [("startup", 0.0)]
    start = time.perf_counter()
    with (
        log_file.open("w", encoding="utf-8") as log,
        subprocess.Popen(
            command,
            env=build_environment(project, dbt_log_level),
            cwd=project,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        ) as process,
    ):
        sampler = ProcessTreeSampler(process.pid)
        sampler.start()
        assert process.stdout is not None
        for line in process.stdout:
            now = time.perf_counter() - start
            log.write(f"{now:8.2f}s {line}")
            if step := _step_name(line):
                marks.append((step, now))
    seconds = time.perf_counter() - start
    tree_mib = sampler.stop()
    if process.returncode != 0:
        raise RuntimeError(f"build of {project} failed:\n{log_file.read_text(encoding='utf-8')}")
    ends = [at for _, at in marks[1:]] + [seconds]
    return {
        "build_seconds": seconds,
        "steps": {step: end - at for (step, at), end in zip(marks, ends, strict=True)},
        "peak_mib": int(peak_file.read_text()) / 1024,
        "peak_tree_mib": tree_mib,
    }


def run_export(project: Path) -> dict:
    """`uwv-ai export` of the published warehouse of `project`; returns its wall seconds and
    the observations of its SDMX-CSV.

    The export reads its SDMX files back and checks every observation and code against the
    warehouse before it puts them in place, so an export that succeeds has them all; the
    count is compared with the fact table's here as well. Raises RuntimeError when it fails.
    """
    start = time.perf_counter()
    result = subprocess.run(
        [_uwv_ai(), "export"],
        env=build_environment(project),
        cwd=project,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(f"export of {project} failed: {result.stderr.strip()}")
    package = json.loads(Path(result.stdout.strip()).read_text(encoding="utf-8"))
    return {"export_seconds": seconds, "sdmx_observations": package["sdmx"]["observations"]}


def dbt_timings(project: Path, top: int = TOP_NODES) -> tuple[float, list[tuple[str, float]]]:
    """dbt's own elapsed seconds and its slowest nodes, slowest first (run_results.json)."""
    path = project / PUBLISH_TARGET / "run_results.json"
    run_results = json.loads(path.read_text(encoding="utf-8"))
    timed = sorted(
        ((result["unique_id"], result["execution_time"]) for result in run_results["results"]),
        key=lambda node: node[1],
        reverse=True,
    )
    return run_results["elapsed_time"], timed[:top]


def _counts(warehouse: Path) -> tuple[int, int]:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        fact = connection.execute("select count(*) from marts.fct_survey_share").fetchone()
        cells = connection.execute("select count(*) from marts.publication_cells").fetchone()
    return fact[0], cells[0]


def measure(
    editions: int,
    root: Path = BENCH_ROOT,
    figures: Sequence[str] = FIGURES,
    dbt_log_level: str | None = None,
    export: bool = True,
) -> dict:
    """Generate the project with `editions` synthetic editions, build it once, measure it;
    with `export`, export it too (every observation must reach the SDMX-CSV)."""
    started = time.perf_counter()
    project = generate(editions, root / f"scale-{editions}" / "project", figures)
    generate_seconds = time.perf_counter() - started
    build = run_build(project, dbt_log_level)
    observations, cells = _counts(project / "build" / "warehouse.duckdb")
    dbt_elapsed, slowest = dbt_timings(project)
    exported = run_export(project) if export else {}
    if exported and exported["sdmx_observations"] != observations:
        raise RuntimeError(
            f"{exported['sdmx_observations']} observations in the SDMX-CSV of {project},"
            f" {observations} in its fact table"
        )
    return {
        "editions": editions,
        "figures": list(figures),
        "project": str(project),
        "generate_seconds": generate_seconds,
        "observations": observations,
        "printed_cells": cells,
        **build,
        "seconds_per_1000_observations": build["build_seconds"] / observations * 1000,
        "dbt_elapsed_seconds": dbt_elapsed,
        "slowest_nodes": slowest,
        **exported,
    }


# `make bench` exports the scale builds up to this many editions: the workbook holds about 90
# cells per observation and openpyxl writes each in about 10 µs, so an export of 1,000 editions
# (some 30 million cells) would take several minutes (100 editions: 41 s).
EXPORT_MAX_EDITIONS = 100


def measure_scale(editions: list[int], figures: Sequence[str] = FIGURES) -> list[dict]:
    """`measure` for each number of editions, in the order given (exported up to
    EXPORT_MAX_EDITIONS)."""
    return [
        measure(count, figures=figures, export=count <= EXPORT_MAX_EDITIONS) for count in editions
    ]


def format_table(results: Sequence[dict]) -> str:
    """The headline figures, one line per N; the export's where it ran."""
    lines = [
        f"{'N':>5} {'observations':>12} {'cells':>8} {'build s':>8} {'s/1k obs':>9} "
        f"{'peak MiB':>9} {'tree MiB':>9} {'export s':>9} {'s/1k obs':>9}"
    ]
    for r in results:
        exported = (
            f" {r['export_seconds']:>9.1f} {r['export_seconds'] / r['observations'] * 1000:>9.2f}"
            if "export_seconds" in r
            else f" {'-':>9} {'-':>9}"
        )
        lines.append(
            f"{r['editions']:>5} {r['observations']:>12,} {r['printed_cells']:>8,} "
            f"{r['build_seconds']:>8.1f} {r['seconds_per_1000_observations']:>9.2f} "
            f"{r['peak_mib']:>9.0f} {r['peak_tree_mib']:>9.0f}" + exported
        )
    return "\n".join(lines)


def format_details(result: dict) -> str:
    """The steps, dbt's own time and the slowest dbt nodes."""
    steps = "; ".join(f"{step} {seconds:.1f} s" for step, seconds in result["steps"].items())
    lines = [f"N={result['editions']}: {steps}"]
    lines.append(f"  dbt's own elapsed time: {result['dbt_elapsed_seconds']:.1f} s")
    if "export_seconds" in result:
        lines.append(
            f"  uwv-ai export: {result['export_seconds']:.1f} s, all"
            f" {result['sdmx_observations']:,} observations in the SDMX-CSV"
        )
    lines.append("  slowest dbt nodes:")
    lines += [f"    {seconds:8.2f} s  {node}" for node, seconds in result["slowest_nodes"]]
    return "\n".join(lines)


def print_scale(results: Sequence[dict]) -> None:
    """Details per N, then the table."""
    for result in results:
        print(format_details(result))
    print(format_table(results))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--editions", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--figures", nargs="+", default=list(FIGURES))
    parser.add_argument(
        "--dbt-log-level", help="write build/dbt/logs/dbt.log at this level (debug, info, warn)"
    )
    parser.add_argument("--json", type=Path, help="also write the measurements to this file")
    parser.add_argument(
        "--no-export", action="store_true", help="build only; skip uwv-ai export and its SDMX check"
    )
    args = parser.parse_args(argv)
    results = []
    for count in args.editions:
        results.append(
            measure(
                count,
                figures=args.figures,
                dbt_log_level=args.dbt_log_level,
                export=not args.no_export,
            )
        )
        print(format_details(results[-1]), flush=True)
        if args.json:
            args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(format_table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
