"""The one way the project opens the published warehouse for reading: read-only and sandboxed.

`read_only=True` alone protects only the file it opens. SQL on such a connection can still
`COPY` to any file, `ATTACH` another file read-write (the rollback copy `.previous`
included), read any file (`read_text`, `read_csv`, `glob`), install and load extensions from
the network, and `SET` its way back out. The settings below close each of those, checked on
DuckDB 2.0.1 by tests/test_read_only.py; the README gives the same settings to BI tools.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

# Applied when the database instance starts, before any SQL runs; lock_configuration stays
# last so that reading the list top to bottom matches what it does (DuckDB applies the whole
# dict at start-up, so the order is not what makes the lock hold).
SANDBOX_SETTINGS: dict[str, bool] = {
    # Nothing outside the opened database file: no COPY TO/FROM, ATTACH of a file,
    # read_text/read_csv/glob, EXPORT/IMPORT DATABASE, INSTALL, LOAD of a file, secrets.
    "enable_external_access": False,
    # A query that needs an extension fails instead of fetching or loading it.
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "allow_community_extensions": False,
    # No SET, RESET or PRAGMA can change a setting afterwards (this one included).
    "lock_configuration": True,
}


def open_read_only(
    warehouse: Path, writable_folder: Path | None = None
) -> duckdb.DuckDBPyConnection:
    """A connection to `warehouse` that can read its tables and nothing else.

    With `writable_folder`, COPY may also write inside that one folder (for a writer of files
    derived from the warehouse); `..` out of it is refused like any other path.

    DuckDB keeps one instance per file in a process: while this connection is open, a
    connection to the same file with other settings fails ("different configuration").
    """
    if writable_folder is None:
        return duckdb.connect(str(warehouse), read_only=True, config=dict(SANDBOX_SETTINGS))
    # DuckDB takes allowed_directories only on a started database and only while external
    # access is still on, so this sandbox is closed in three steps before any caller's SQL.
    opening = {
        name: value
        for name, value in SANDBOX_SETTINGS.items()
        if name not in ("enable_external_access", "lock_configuration")
    }
    connection = duckdb.connect(str(warehouse), read_only=True, config=opening)
    try:
        # The trailing separator makes it a folder, not a prefix ("out" would allow "out-x").
        folder = str(writable_folder.resolve()).rstrip(os.sep) + os.sep
        connection.execute(f"set allowed_directories = [{_literal(folder)}]")
        connection.execute("set enable_external_access = false")
        connection.execute("set lock_configuration = true")
    except BaseException:
        connection.close()
        raise
    return connection


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
