"""Helpers for driving the paperpal app with Textual's Pilot and reading what it shows."""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Static

if TYPE_CHECKING:
    from paperpal.tui.app import PaperpalApp


async def wait_until(pilot: Pilot, predicate: Callable[[], bool], what: str, timeout: float = 90.0) -> None:
    """Let the app run until ``predicate()`` holds; fail saying ``what`` did not happen."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")
        await pilot.pause(0.05)


def text_of(widget: Static) -> str:
    """The plain text a Static shows."""
    return str(widget.content)


def screen_text(app: object) -> str:
    """The whole screen as a person sees it: the terminal's characters, line by line."""
    screen = app.screen  # type: ignore[attr-defined]
    update = screen._compositor.render_update(full=True)
    console = Console(
        file=io.StringIO(),
        width=app.size.width,
        color_system=None,
        legacy_windows=False,  # type: ignore[attr-defined]
    )
    console.print(update, end="")
    return console.file.getvalue()  # type: ignore[attr-defined]


async def reader_ready(pilot: Pilot) -> object:
    """Wait for the reader to show its paper with the reader's notes and known concepts."""
    from paperpal.tui.screens.reader import ReaderScreen

    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.ready, "the paper")
    await pilot.pause()
    return app.screen


def opened(ref: str) -> PaperpalApp:
    """The app on paper ``ref``, its heavy imports done first (what ``paperpal open`` does)."""
    from paperpal.tui.app import PaperpalApp

    app = PaperpalApp(ref)
    app.preload()
    return app
