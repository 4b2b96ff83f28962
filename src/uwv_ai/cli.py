"""The `uwv-ai` command."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from uwv_ai.build import build
from uwv_ai.paths import project_dir, published_warehouse

EXIT_OK = 0
EXIT_GATE_FAILED = 1
EXIT_USAGE = 2


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "build":
        return _build(args)
    parser.print_help()
    return EXIT_USAGE


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="uwv-ai", description="Build and use the UWV AI employer survey warehouse."
    )
    commands = parser.add_subparsers(dest="command")
    build_parser = commands.add_parser(
        "build", help="build the warehouse, run every test and publish it if all pass"
    )
    build_parser.add_argument(
        "--warehouse",
        type=Path,
        help="warehouse file to publish (default: $UWV_AI_WAREHOUSE or build/warehouse.duckdb)",
    )
    return parser


def _build(args: argparse.Namespace) -> int:
    warehouse = (args.warehouse or published_warehouse()).resolve()
    print(f"building {warehouse} ...", file=sys.stderr)
    result = build(project_dir(), warehouse)
    if not result.published:
        for problem in result.outcome.problems or ["dbt build failed"]:
            print(f"error: {problem}", file=sys.stderr)
        print("build failed: the published warehouse was not changed", file=sys.stderr)
        return EXIT_GATE_FAILED
    for warning in result.outcome.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(
        f"published {result.warehouse} ({result.outcome.nodes_run} dbt nodes passed)",
        file=sys.stderr,
    )
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
