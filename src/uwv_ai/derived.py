"""Whether what is made from the published warehouse (the report, the exports) is current.

Each output records the SHA-256 of the warehouse version it was made from: the report in a
`<meta>` element of its page, the exports in datapackage.json (`warehouse.status.sha256`). After
a build publishes another version, or a rollback restores one, an output made earlier is stale
until it is written again; `uwv-ai status`, `build` and `rollback` say so. Only the default
folders (build/report, build/exports) are looked at: an output written elsewhere with
`--output` is the user's to track.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

# The report's page names the version it shows: <meta name="..." content="sha256:<hex>">.
REPORT_META = "uwv-ai-warehouse"
_REPORT_META = re.compile(
    rf'<meta name="{REPORT_META}" content="sha256:([0-9a-f]{{64}})">', re.IGNORECASE
)
# The meta element is in the page's head, long before the inlined scripts.
_HEAD_BYTES = 16_384


@dataclass(frozen=True)
class Output:
    """One derived output: its command, the file that records its version, and that version."""

    command: str
    path: Path
    made_from: str | None

    def state(self, published_sha256: str) -> str:
        """'current', 'stale: ...' or 'not written', in words a user can act on."""
        if not self.path.is_file():
            return f"not written ({self.path}); run uwv-ai {self.command}"
        if self.made_from == published_sha256:
            return f"current ({self.path})"
        if self.made_from is None:
            return f"stale: {self.path} names no warehouse version; run uwv-ai {self.command}"
        return (
            f"stale: {self.path} was made from version {self.made_from[:12]}, the published"
            f" file is {published_sha256[:12]}; run uwv-ai {self.command}"
        )

    def is_stale(self, published_sha256: str) -> bool:
        return self.path.is_file() and self.made_from != published_sha256


def report_meta(sha256: str) -> str:
    """The `<meta>` element a report page carries for the version it was made from."""
    return f'<meta name="{REPORT_META}" content="sha256:{sha256}">'


def outputs(project: Path) -> list[Output]:
    """The report and the exports in their default folders, with the version each records."""
    page = project / "build" / "report" / "index.html"
    package = project / "build" / "exports" / "datapackage.json"
    return [
        Output("report", page, _report_made_from(page)),
        Output("export", package, _exports_made_from(package)),
    ]


def stale_outputs(project: Path, published_sha256: str) -> list[Output]:
    """The default outputs that exist and were made from another version than the published."""
    return [output for output in outputs(project) if output.is_stale(published_sha256)]


def _report_made_from(page: Path) -> str | None:
    try:
        with page.open("rb") as handle:
            head = handle.read(_HEAD_BYTES).decode("utf-8", errors="replace")
    except OSError:
        return None
    match = _REPORT_META.search(head)
    return match.group(1).lower() if match else None


def _exports_made_from(package: Path) -> str | None:
    try:
        document = json.loads(package.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    status = (document.get("warehouse") or {}).get("status") if isinstance(document, dict) else None
    digest = status.get("sha256") if isinstance(status, dict) else None
    return digest if isinstance(digest, str) else None
