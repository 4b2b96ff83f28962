"""Fault injection for tests: stop the process at a named step so a test can kill it there."""

from __future__ import annotations

import os
import signal


def stop_here_if_asked(step: str) -> None:
    """With UWV_AI_STOP_AT=<step> the process stops itself (SIGSTOP) when it reaches `step`,
    so a test can kill it exactly there, whatever the machine's speed."""
    if os.environ.get("UWV_AI_STOP_AT") == step:
        os.kill(os.getpid(), signal.SIGSTOP)
