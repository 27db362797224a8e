"""A snapshot of every screen of the reader (pytest-textual-snapshot).

The SVGs in tests/tui/__snapshots__/ are what a person sees at 120x36 (and the reader and the
library at 80x24). When a screen changes on purpose, regenerate them with `--snapshot-update`
and look at the report before committing.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

sys.path.insert(0, str(Path(__file__).parent))
from tui_support import wait_until  # noqa: E402

from paperpal.tui.app import PaperpalApp  # noqa: E402
from paperpal.tui.screens.reader import ReaderScreen  # noqa: E402

SIZE = (120, 36)


async def _loaded(pilot: Pilot) -> None:
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.ready, "the paper")
    # The side panel is mounted after the first frame; its tree draws its lines on a later
    # refresh: let every pending refresh run before the picture is taken.
    for _ in range(3):
        await pilot.pause(0.3)
        await pilot.wait_for_scheduled_animations()


async def _equation_5(pilot: Pilot) -> None:
    await _loaded(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ReaderScreen)
    screen.goto_equation("5")
    await pilot.pause(0.3)


@pytest.fixture
def gru_cached(fake_arxiv, home: Path, monkeypatch) -> None:
    import time

    from paperpal.pipeline import read_paper

    monkeypatch.setenv("TZ", "UTC")  # times are shown in the reader's zone
    time.tzset()
    read_paper("1412.3555")


def test_library_empty(snap_compare, home: Path) -> None:
    async def settle(pilot: Pilot) -> None:
        await wait_until(pilot, lambda: getattr(pilot.app.screen, "loaded", False), "the library")
        for box in pilot.app.screen.query(Input):
            box.cursor_blink = False
        await pilot.pause()

    assert snap_compare(PaperpalApp(), terminal_size=SIZE, run_before=settle)


def test_library_with_a_paper(snap_compare, gru_cached) -> None:
    async def settle(pilot: Pilot) -> None:
        await wait_until(pilot, lambda: getattr(pilot.app.screen, "loaded", False), "the library")
        for box in pilot.app.screen.query(Input):
            box.cursor_blink = False
        await pilot.pause()

    assert snap_compare(PaperpalApp(), terminal_size=SIZE, run_before=settle)


def test_reader_equation_5_decoded(snap_compare, gru_cached) -> None:
    assert snap_compare(PaperpalApp("1412.3555"), terminal_size=SIZE, run_before=_equation_5)


def test_reader_equation_5_at_80x24(snap_compare, gru_cached) -> None:
    assert snap_compare(PaperpalApp("1412.3555"), terminal_size=(80, 24), run_before=_equation_5)


def test_reader_symbol_list_at_80x24(snap_compare, gru_cached) -> None:
    async def symbols(pilot: Pilot) -> None:
        await _equation_5(pilot)
        await pilot.press("s", "down", "down")
        await pilot.pause(0.2)

    assert snap_compare(PaperpalApp("1412.3555"), terminal_size=(80, 24), run_before=symbols)


def test_library_at_80x24(snap_compare, gru_cached) -> None:
    async def settle(pilot: Pilot) -> None:
        await wait_until(pilot, lambda: getattr(pilot.app.screen, "loaded", False), "the library")
        for box in pilot.app.screen.query(Input):
            box.cursor_blink = False
        await pilot.pause()

    assert snap_compare(PaperpalApp(), terminal_size=(80, 24), run_before=settle)


def test_reader_terms_tab(snap_compare, gru_cached) -> None:
    async def terms(pilot: Pilot) -> None:
        await _loaded(pilot)
        await pilot.press("t", "down")
        await pilot.pause(0.3)

    assert snap_compare(PaperpalApp("1412.3555"), terminal_size=SIZE, run_before=terms)


def test_reading_path(snap_compare, gru_cached) -> None:
    async def path(pilot: Pilot) -> None:
        await _loaded(pilot)
        await pilot.press("p")
        await pilot.pause(0.3)

    assert snap_compare(PaperpalApp("1412.3555"), terminal_size=SIZE, run_before=path)


def test_note_editor(snap_compare, gru_cached) -> None:
    async def editor(pilot: Pilot) -> None:
        await _equation_5(pilot)
        await pilot.press("n")
        await pilot.pause(0.3)
        pilot.app.screen.query_one("#note-body", TextArea).insert("Why mix instead of add?")
        pilot.app.screen.query_one("#note-body", TextArea).cursor_blink = False
        pilot.app.screen.query_one("#note-tags", Input).value = "question"
        await pilot.pause(0.2)

    assert snap_compare(PaperpalApp("1412.3555"), terminal_size=SIZE, run_before=editor)


def test_notes_list(snap_compare, gru_cached, monkeypatch) -> None:
    import paperpal.store.notes as notes_module
    from paperpal.store import open_store

    # The list shows when a note was written: a fixed clock keeps the picture stable.
    monkeypatch.setattr(notes_module, "now_iso", lambda: "2026-11-01T10:00:00Z")
    monkeypatch.setattr(notes_module.uuid, "uuid4", lambda: __import__("uuid").UUID(int=0x5EED))

    with open_store() as store:
        store.add_note(
            "1412.3555",
            "**Why** mix $h_t^j$ instead of adding?",
            anchor_kind="equation",
            anchor="5",
            tags=("question",),
        )

    async def notes(pilot: Pilot) -> None:
        await _loaded(pilot)
        await pilot.press("m")
        await pilot.pause(0.5)

    assert snap_compare(PaperpalApp("1412.3555"), terminal_size=SIZE, run_before=notes)


def test_search(snap_compare, gru_cached) -> None:
    async def search(pilot: Pilot) -> None:
        await _loaded(pilot)
        await pilot.press("ctrl+f")
        await pilot.pause(0.2)
        await pilot.press("ctrl+t")  # words only: no model needed
        for key in "update gate":
            await pilot.press(key if key != " " else "space")
        await pilot.press("enter")
        screen = pilot.app.screen
        await wait_until(pilot, lambda: bool(getattr(screen, "hits", [])), "search results")
        # A blinking cursor is drawn or not depending on the moment: hold it steady.
        for box in screen.query(Input):
            box.cursor_blink = False
        await pilot.pause(0.2)

    assert snap_compare(PaperpalApp("1412.3555"), terminal_size=SIZE, run_before=search)


def test_export_dialog(snap_compare, gru_cached) -> None:
    async def export(pilot: Pilot) -> None:
        await _loaded(pilot)
        await pilot.press("x")
        await pilot.pause(0.3)
        screen = pilot.app.screen
        # The folder is the one paperpal was started in: shown as a fixed one in the picture.
        screen.query_one("#export-folder", Input).value = "/home/reader/papers"
        for box in screen.query(Input):
            box.cursor_blink = False
        await pilot.pause(0.2)

    assert snap_compare(PaperpalApp("1412.3555"), terminal_size=SIZE, run_before=export)


def test_help(snap_compare, home: Path) -> None:
    async def help_screen(pilot: Pilot) -> None:
        await pilot.pause(0.3)
        await pilot.press("f1")
        await pilot.pause(0.3)

    assert snap_compare(PaperpalApp(), terminal_size=SIZE, run_before=help_screen)


def test_offline_error(snap_compare, home: Path) -> None:
    async def failed(pilot: Pilot) -> None:
        app = pilot.app
        await wait_until(pilot, lambda: bool(app.screen.query(".error")), "the error message")
        await pilot.pause(0.2)

    assert snap_compare(PaperpalApp("1706.03762"), terminal_size=SIZE, run_before=failed)
