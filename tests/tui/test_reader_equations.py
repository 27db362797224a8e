"""The reader and equations (issues 15 and 17): every display has a name a reader can type, the
selected equation can be tried with numbers, and how the paper was read is one key away.

Real paper (1412.3555 from the fake arXiv), real SQLite notes, Textual's Pilot.
"""

from __future__ import annotations

import sys
from pathlib import Path

from textual.widgets import Input

sys.path.insert(0, str(Path(__file__).parent))
from tui_support import opened, reader_ready, screen_text, wait_until  # noqa: E402

from paperpal.tui.screens.details import DetailsScreen  # noqa: E402
from paperpal.tui.screens.reader import ReaderScreen  # noqa: E402
from paperpal.tui.screens.tryit import TryScreen  # noqa: E402
from paperpal.tui.widgets.decoder import DecoderPanel  # noqa: E402


def unnumbered_name(reader: ReaderScreen) -> str:
    from paperpal.extract.equation_names import equation_name

    assert reader.state is not None
    names = [
        equation_name(i.info.equation)
        for i in reader.state.items
        if i.info is not None and i.info.equation.display and not i.info.equation.number
    ]
    assert names, "1412.3555 has unnumbered displays (its z, r and h-tilde equations)"
    return names[0]


async def test_an_unnumbered_display_is_named_reached_and_noted_like_a_numbered_one(gru: str) -> None:
    from paperpal.store import open_store

    app = opened(gru)
    async with app.run_test(size=(120, 40)) as pilot:
        reader = await reader_ready(pilot)
        assert isinstance(reader, ReaderScreen) and reader.state is not None
        name = unnumbered_name(reader)
        assert "+" in name, name
        assert name in reader.equation_numbers(), "the palette offers every display by name"
        reader.goto_equation(f"[{name.replace('+', ' + ')}]")  # typed loosely, as a person would
        await pilot.pause(0.2)
        decoder = " ".join(reader.query_one(DecoderPanel).text().split())
        assert f"Equation [{name}]" in decoder, decoder
        assert "unnumbered in the paper" in decoder
        # The CLI anchors a note on the same name; the reader shows it with the equation.
        with open_store() as store:
            store.add_note(gru, "Why a sigmoid here?", anchor_kind="equation", anchor=name)
    app = opened(gru)
    async with app.run_test(size=(120, 40)) as pilot:
        reader = await reader_ready(pilot)
        assert isinstance(reader, ReaderScreen)
        await wait_until(pilot, lambda: reader.state is not None and reader.state.notes_loaded, "the notes")
        reader.goto_equation(name)
        await pilot.pause(0.2)
        assert reader.state is not None
        assert [n.body for n in reader.state.subject_notes()] == ["Why a sigmoid here?"]
        await wait_until(
            pilot, lambda: "Why a sigmoid here?" in screen_text(app), "the note beside the equation"
        )


async def test_equals_tries_the_selected_equation_with_numbers_and_takes_the_readers_values(gru: str) -> None:
    app = opened(gru)
    async with app.run_test(size=(120, 40)) as pilot:
        reader = await reader_ready(pilot)
        assert isinstance(reader, ReaderScreen)
        await pilot.press("equals_sign")
        assert not isinstance(app.screen, TryScreen), "nothing selected: nothing to try"
        reader.goto_equation("5")  # h_t = (1 - z_t) h_{t-1} + z_t h~_t
        await pilot.pause(0.1)
        await pilot.press("equals_sign")
        await wait_until(pilot, lambda: isinstance(app.screen, TryScreen), "the try-it screen")
        screen = app.screen
        assert isinstance(screen, TryScreen)
        await wait_until(pilot, lambda: screen.trial is not None, "the working", timeout=60)
        assert screen.trial is not None and screen.trial.evaluable, screen.trial
        shown = screen.text()
        assert "Working:" in shown and "= " in shown
        first = screen.trial.result
        # The reader's own value for the update gate.
        gate = next(v for v in screen.trial.values if v.text.startswith("z"))
        box = screen.query_one("#try-values", Input)
        box.value = f"{gate.symbol}=0.1"
        await pilot.press("enter")
        await wait_until(
            pilot,
            lambda: screen.trial is not None and any(v.source == "reader" for v in screen.trial.values),
            "the working with the reader's value",
            timeout=60,
        )
        assert "(yours)" in screen.text()
        assert screen.trial.result != first
        # A value that is not a number is named, and the working stays.
        box.value = f"{gate.symbol}=lots"
        await pilot.press("enter")
        await wait_until(pilot, lambda: "is not a number" in screen.text(), "the complaint about the value")
        assert "Working:" in screen.text()
        await pilot.press("escape")
        assert app.screen is reader


async def test_i_shows_how_the_paper_was_read(gru: str) -> None:
    app = opened(gru)
    async with app.run_test(size=(120, 40)) as pilot:
        reader = await reader_ready(pilot)
        assert isinstance(reader, ReaderScreen)
        await pilot.press("i")
        await wait_until(pilot, lambda: isinstance(app.screen, DetailsScreen), "the details")
        text = str(app.screen.query_one("#details-text").render())
        assert "How this paper was read" in text and "Read from its PDF" in text
        await pilot.press("escape")
        assert app.screen is reader
