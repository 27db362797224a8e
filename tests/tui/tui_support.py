"""Helpers for driving the paperpal app with Textual's Pilot."""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.pilot import Pilot
from textual.widgets import Static


async def wait_until(pilot: Pilot, predicate: Callable[[], bool], what: str, timeout: float = 90.0) -> None:
    """Let the app run until ``predicate()`` holds; fail saying ``what`` did not happen."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")
        await pilot.pause(0.1)


def text_of(widget: Static) -> str:
    """The plain text a Static shows."""
    return str(widget.content)
