"""What must hold before dbt runs at all: usable paths, every declared seed file, settings.

Each failure is a `PreflightError` with one line and its exit code (2 for bad input or
usage, 1 for the environment), raised before anything is written: dbt would otherwise fail
late or with a traceback (a seed file deleted or replaced by a folder, a folder where the
warehouse file should be, found only at publish, after the whole build).
"""

from __future__ import annotations

import math
import os
import tempfile
from pathlib import Path

LOCK_TIMEOUT_ENV = "UWV_AI_LOCK_TIMEOUT"
DEFAULT_LOCK_TIMEOUT_S = 900.0
# The exit codes of uwv_ai.cli: the environment (as a failed gate), bad input or usage.
EXIT_ENVIRONMENT = 1
EXIT_USAGE = 2


class PreflightError(Exception):
    """A problem found before the build started; its message is one line."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def check_before_build(project: Path, warehouse: Path) -> None:
    """Every precondition of `uwv-ai build`; raises PreflightError for the first one broken."""
    check_project(project)
    check_warehouse_path(warehouse)


def check_project(project: Path) -> None:
    """The project path is one dbt-duckdb can load seeds from, and every declared seed is
    there as a file."""
    _refuse_quote(project, "the project folder")
    check_declared_seed_files(project)


def check_warehouse_path(warehouse: Path) -> None:
    """The warehouse path names a file (or nothing yet) in a folder we can write to."""
    if warehouse.is_dir():
        raise PreflightError(
            f"the warehouse path {warehouse} is a folder; give the path of the warehouse file",
            EXIT_USAGE,
        )
    folder = warehouse.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # The candidate, the lock and the published file are all created in this folder.
        with tempfile.NamedTemporaryFile(dir=folder, prefix=f".{warehouse.name}.probe"):
            pass
    except OSError as error:
        raise PreflightError(
            f"cannot write in the warehouse's folder {folder}: {error.strerror or error}",
            EXIT_ENVIRONMENT,
        ) from None


def check_declared_seed_files(project: Path) -> None:
    """Each seed seeds/_seeds.yml declares is one regular file `seeds/**/<name>.csv`."""
    import yaml

    declarations = project / "seeds" / "_seeds.yml"
    try:
        document = yaml.safe_load(declarations.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        message = " ".join(str(error).split())[:300]
        raise PreflightError(f"seeds/_seeds.yml: cannot be read: {message}", EXIT_USAGE) from None
    for seed in document.get("seeds") or []:
        name = seed.get("name") if isinstance(seed, dict) else None
        if not name:
            continue
        found = sorted((project / "seeds").rglob(f"{name}.csv"))
        if any(path.is_file() for path in found):
            continue
        if found:
            shown = found[0].relative_to(project).as_posix()
            raise PreflightError(
                f"{shown} is not a file (a folder?); it must be the seed's CSV",
                EXIT_USAGE,
            )
        raise PreflightError(
            f'seeds/_seeds.yml declares seed "{name}" but there is no seeds/**/{name}.csv;'
            " restore the file or remove its declaration",
            EXIT_USAGE,
        )


def lock_timeout() -> float:
    """Seconds a build or rollback waits for the lock: $UWV_AI_LOCK_TIMEOUT, else 900."""
    configured = os.environ.get(LOCK_TIMEOUT_ENV)
    if configured is None or configured.strip() == "":
        return DEFAULT_LOCK_TIMEOUT_S
    try:
        seconds = float(configured)
    except ValueError:
        seconds = math.nan
    if not math.isfinite(seconds) or seconds < 0:
        shown = configured[:50]
        raise PreflightError(
            f"{LOCK_TIMEOUT_ENV}={shown!r} is not a number of seconds (0 or more)", EXIT_USAGE
        )
    return seconds


def _refuse_quote(path: Path, what: str) -> None:
    # dbt-duckdb writes the seed files' paths into SQL without escaping them: a ' in the
    # project's path breaks the load of every seed. (The warehouse's path is passed to
    # DuckDB as a value, and a ' there works.)
    if "'" in str(path):
        raise PreflightError(
            f"{what} {path} contains a ' (single quote), which dbt-duckdb cannot load seeds"
            " from; move or rename it",
            EXIT_USAGE,
        )
