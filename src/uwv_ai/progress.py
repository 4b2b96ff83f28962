"""What a long command is doing, and for how long.

On a terminal: one live line (rich) with a spinner, the step, dbt's node count and the node
it is running, and the seconds since the step started. Piped, in CI (`$CI` set) or on a dumb
terminal: plain lines, one when a step starts and one when it ends with its time, so logs stay
readable. `UWV_AI_PROGRESS=live|plain` overrides the choice. Messages printed while the live
line shows go above it.
"""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO

PROGRESS_ENV = "UWV_AI_PROGRESS"


class Progress:
    """A context manager; `step()` starts a step, `node()` reports dbt's progress within it."""

    def __init__(
        self, stream: TextIO | None = None, live: bool | None = None, plain_lines: bool = True
    ) -> None:
        """`plain_lines=False`: show progress on a terminal only (for a command whose output
        a script reads, where step lines would be noise)."""
        self._stream = stream or sys.stderr
        self._live = _wants_live(self._stream) if live is None else live
        self._quiet = not self._live and not plain_lines
        self._step: str | None = None
        self._started = 0.0
        self._node = ""
        self._display = None
        self._spinner = None

    def __enter__(self) -> Progress:
        if self._live:
            from rich.console import Console
            from rich.live import Live
            from rich.spinner import Spinner

            console = Console(file=self._stream, force_terminal=True, highlight=False)
            self._spinner = Spinner("dots", text="")
            self._display = Live(
                get_renderable=self._render,
                console=console,
                transient=True,
                refresh_per_second=8,
                redirect_stdout=False,
                redirect_stderr=False,
            )
            self._display.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._end_step()
        if self._display is not None:
            self._display.stop()
            self._display = None

    def step(self, text: str) -> None:
        """A new step begins (the previous one, if any, ends)."""
        self._end_step()
        self._step = text
        self._node = ""
        self._started = time.perf_counter()
        if not self._live:
            self._write(f"  {text} ...")
        self._refresh()

    def node(self, index: int, total: int, description: str) -> None:
        """dbt started its `index`-th node of `total` (shown live only)."""
        self._node = f"{index}/{total} {description}"
        self._refresh()

    def _refresh(self) -> None:
        # At once, not only at the next tick: what runs now is on the screen now.
        if self._display is not None:
            self._display.refresh()

    def say(self, line: str) -> None:
        """A message line, printed above the live display."""
        if self._display is not None:
            self._display.console.print(line, markup=False, highlight=False, soft_wrap=True)
        else:
            self._write(line)

    def _end_step(self) -> None:
        if self._step is None:
            return
        seconds = time.perf_counter() - self._started
        line = f"  {self._step}: {seconds:.1f} s"
        self._step = None
        if self._live:
            self.say(line)
        else:
            self._write(line)

    def _render(self):
        from rich.text import Text

        if self._step is None:
            self._spinner.update(text=Text(""))
            return self._spinner
        seconds = time.perf_counter() - self._started
        node = f" · {self._node}" if self._node else ""
        self._spinner.update(
            text=Text(f"{self._step} · {seconds:.0f} s{node}", overflow="ellipsis", no_wrap=True)
        )
        return self._spinner

    def _write(self, line: str) -> None:
        if not self._quiet:
            print(line, file=self._stream, flush=True)


def _wants_live(stream: TextIO) -> bool:
    chosen = os.environ.get(PROGRESS_ENV, "").strip().lower()
    if chosen in ("live", "plain"):
        return chosen == "live"
    if os.environ.get("CI") or os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
