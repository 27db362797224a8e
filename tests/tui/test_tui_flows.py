"""The reader's main flows, driven with Textual's Pilot as a person would use them.

The paper comes from the fake arXiv (a real HTTP server on 127.0.0.1 serving ../shared/corpus);
notes go to a real SQLite file in the test's PAPERPAL_HOME.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, OptionList, Static, TextArea

sys.path.insert(0, str(Path(__file__).parent))
from tui_support import reader_ready, screen_text, text_of, wait_until  # noqa: E402

from paperpal.tui.app import PaperpalApp  # noqa: E402
from paperpal.tui.screens.export import ExportScreen  # noqa: E402
from paperpal.tui.screens.library import LibraryScreen  # noqa: E402
from paperpal.tui.screens.note_editor import NoteEditor  # noqa: E402
from paperpal.tui.screens.path import PathScreen  # noqa: E402
from paperpal.tui.screens.reader import ReaderScreen  # noqa: E402
from paperpal.tui.screens.search import SearchScreen  # noqa: E402
from paperpal.tui.widgets.decoder import DecoderPanel  # noqa: E402
from paperpal.tui.widgets.linelist import LineList  # noqa: E402
from paperpal.tui.widgets.paper import PaperView  # noqa: E402
from paperpal.tui.widgets.sidebar import TermsList  # noqa: E402


def reader_of(app: PaperpalApp) -> ReaderScreen:
    screen = app.screen
    assert isinstance(screen, ReaderScreen), f"expected the reader, got {type(screen).__name__}"
    return screen


def decoder_text(app: PaperpalApp) -> str:
    return app.screen.query_one(DecoderPanel).text()


def selected_equation(reader: ReaderScreen) -> str | None:
    state = reader.state
    if state is None or state.selected is None:
        return None
    item = state.items[state.selected]
    return item.info.equation.number if item.info else None


async def test_gru_paper_equation_5_note_search_and_export(
    fake_arxiv, home: Path, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = PaperpalApp("1412.3555")
    async with app.run_test(size=(160, 50)) as pilot:
        reader = await reader_ready(pilot)
        assert isinstance(reader, ReaderScreen)
        assert "Empirical Evaluation of Gated Recurrent" in screen_text(app)
        # The damaged pages are named, not hidden.
        assert any("2" in w and "3" in w for w in reader.report.warnings), reader.report.warnings  # type: ignore[union-attr]

        # Go to equation (5) through the command palette, as a reader would.
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"eq 5")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await wait_until(pilot, lambda: selected_equation(reader) == "5", "equation (5) to be selected")

        text = decoder_text(app)
        assert "update gate" in text, f"the decoder does not explain the update gate:\n{text}"
        assert "paper" in text and "Read aloud" in text
        z = next(s for s in reader.report.symbols if s.latex == "z")  # type: ignore[union-attr]
        assert z.source == "paper" and z.evidence and "update gate" in z.evidence

        # Annotate the equation.
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, NoteEditor), "the note editor")
        app.screen.query_one("#note-body", TextArea).insert(
            "The update gate interpolates like a leaky integrator."
        )
        app.screen.query_one("#note-tags", Input).value = "question gates"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: len(reader.notes) == 1, "the note to be saved")
        note = reader.notes[0]
        assert note.anchor_kind == "equation" and note.anchor == "5" and "question" in note.tags
        await wait_until(
            pilot, lambda: "leaky integrator" in screen_text(app), "the note to show beside the equation"
        )

        # Find it again with search (words only, so the test needs no model).
        await pilot.press("ctrl+f")
        await wait_until(pilot, lambda: isinstance(app.screen, SearchScreen), "the search screen")
        search = app.screen
        assert isinstance(search, SearchScreen)
        await pilot.press("ctrl+t")  # hybrid -> keyword
        assert search.mode == "keyword"
        search.query_one("#search-input", Input).value = "leaky integrator"
        await pilot.press("enter")
        await wait_until(pilot, lambda: any(h.kind == "note" for h in search.hits), "the note to be found")
        results = search.query_one("#search-results", OptionList)
        results.focus()
        results.highlighted = next(i for i, h in enumerate(search.hits) if h.kind == "note")
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is reader, "the jump back to the reader")
        assert selected_equation(reader) == "5"

        # Export the handout from the UI.
        await pilot.press("x")
        await wait_until(pilot, lambda: isinstance(app.screen, ExportScreen), "the export dialog")
        app.screen.query_one("#export-name", Input).value = "handout.md"
        await pilot.click("#export-go")
        target = tmp_path / "handout.md"
        await wait_until(pilot, lambda: target.exists(), "the handout file")
        handout = target.read_text(encoding="utf-8")
        assert "Empirical Evaluation of Gated Recurrent Neural Networks" in handout
        assert "leaky integrator" in handout
        assert "## Discussion questions" in handout


async def test_library_lists_cached_papers_and_opens_one(fake_arxiv, home: Path) -> None:
    from paperpal.sources import get_paper

    get_paper("1706.03762")
    app = PaperpalApp()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until(
            pilot, lambda: isinstance(app.screen, LibraryScreen) and app.screen.loaded, "the library"
        )
        table = app.screen.query_one(DataTable)
        assert table.row_count == 1
        assert "Attention" in str(table.get_row_at(0)[2])
        await pilot.press("enter")
        reader = await reader_ready(pilot)
        assert reader.report.meta.id == "1706.03762"  # type: ignore[attr-defined]


async def test_uncached_paper_without_network_shows_a_message(home: Path) -> None:
    # PAPERPAL_ARXIV_URL points at a closed port (tests/conftest.py): arXiv is unreachable.
    app = PaperpalApp("1706.03762")
    async with app.run_test(size=(120, 36)) as pilot:
        status = app.screen.query_one("#status", Static)
        await wait_until(pilot, lambda: "Could not open" in text_of(status), "the error message")
        message = text_of(status)
        assert "arXiv" in message and "local" in message, message
        assert "ctrl+o" in message  # a way out
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: isinstance(app.screen, LibraryScreen), "the library")


async def open_reading_path(pilot, app: PaperpalApp) -> PathScreen:
    """Wait for the paper, then press p, as a reader would."""
    await reader_ready(pilot)
    await pilot.press("p")
    await wait_until(pilot, lambda: isinstance(app.screen, PathScreen), "the reading path")
    assert isinstance(app.screen, PathScreen)
    return app.screen


async def test_reading_path_screen_marks_a_concept_known(fake_arxiv, home: Path) -> None:
    app = PaperpalApp("1412.3555")
    async with app.run_test(size=(120, 40)) as pilot:
        path = await open_reading_path(pilot, app)
        names = [s.name for s in path.steps]
        assert any("gated recurrent" in n for n in names), names
        first = path.steps[0]
        await pilot.press("k")
        await wait_until(pilot, lambda: path.steps[0].known, "the first concept to be marked known")
        from paperpal.store import open_store

        with open_store() as store:
            assert first.concept in store.known_concepts()


async def test_reading_path_marks_a_concept_and_what_it_builds_on(fake_arxiv, home: Path) -> None:
    from paperpal.glossary.graph import prerequisites, requires_map

    app = PaperpalApp("1412.3555")
    async with app.run_test(size=(120, 40)) as pilot:
        path = await open_reading_path(pilot, app)
        where = next(i for i, s in enumerate(path.steps) if s.concept == "gated-recurrent-unit")
        path.query_one("#path-list", LineList).move_cursor(where)
        await pilot.press("K")
        await wait_until(
            pilot, lambda: next(s for s in path.steps if s.concept == "gated-recurrent-unit").known, "K"
        )
        below = set(prerequisites(["gated-recurrent-unit"], requires_map(app.glossary())))
        assert {"recurrent-neural-network", "matrix"} <= below
        assert {s.concept for s in path.steps if s.known} == below & {s.concept for s in path.steps}
        from paperpal.store import open_store

        with open_store() as store:
            assert store.known_concepts() == below
        assert "log-likelihood" not in below, "what the GRU does not build on stays unknown"


async def test_every_reader_binding_is_in_the_command_palette(fake_arxiv, home: Path) -> None:
    from paperpal.tui.commands import PaperpalCommands

    app = PaperpalApp("1412.3555")
    async with app.run_test(size=(120, 40)) as pilot:
        await reader_ready(pilot)
        provider = PaperpalCommands(app.screen)
        titles = {title for title, *_ in provider._bindings()}
        for wanted in ("Note", "Notes", "Path", "Search", "Export", "Next eq", "Help", "Known", "Terms"):
            assert wanted in titles, f"{wanted!r} is not reachable from the command palette: {sorted(titles)}"


@pytest.mark.model
async def test_jargon_is_linked_by_meaning_in_the_background(fake_arxiv, home: Path) -> None:
    from paperpal.embeddings import ProcessEmbedder
    from paperpal.linking import DEFAULT_THRESHOLD

    embedder = ProcessEmbedder()  # what the reader builds for itself: the model in a child process
    # The ResNet paper: the glossary names every term of the GRU paper exactly, so there the
    # model has nothing to link; ResNet's jargon leaves candidates that only meaning can place.
    app = PaperpalApp("1512.03385", embedder=embedder, link_terms=True)
    async with app.run_test(size=(120, 40)) as pilot:
        reader = await reader_ready(pilot)
        assert isinstance(reader, ReaderScreen)
        # The reader answers keys while the model loads in its worker thread.
        await pilot.press("right_square_bracket")
        await wait_until(
            pilot,
            lambda: selected_equation(reader) is not None or reader.state.selected is not None,
            "an equation, while the model loads",
        )  # type: ignore[union-attr]
        await wait_until(pilot, lambda: embedder.loaded, "the model to load in the background", timeout=300)
        await wait_until(
            pilot,
            lambda: reader.state is not None and reader.state.linked_by_meaning,  # type: ignore[union-attr]
            "the terms linked by meaning",
            timeout=300,  # encoding every concept on a loaded 2-core machine takes minutes
        )
        linked = [t for t in reader.report.terms if t.match == "embedding"]  # type: ignore[union-attr]
        # The threshold is calibrated high (linking.meaning): a link must say how sure it is.
        assert all(t.confidence is not None and t.confidence >= DEFAULT_THRESHOLD for t in linked), linked
        # The Terms tab shows the new links without being asked.
        labels = reader.query_one(TermsList).labels()
        assert len(labels) == len(reader.report.terms)  # type: ignore[union-attr]


async def test_notes_and_known_concepts_from_earlier_sessions_appear(fake_arxiv, home: Path) -> None:
    """The paper shows first; the reader's notes and known concepts are added right after."""
    from paperpal.pipeline import read_paper
    from paperpal.store import open_store

    report = read_paper("1412.3555")
    known_id = next(t.concept for t in report.terms if t.concept)
    with open_store() as store:
        store.add_note("1412.3555", "Mixing, not adding.", anchor_kind="equation", anchor="5")
        store.set_known(known_id)

    app = PaperpalApp("1412.3555")
    async with app.run_test(size=(120, 40)) as pilot:
        reader = await reader_ready(pilot)
        assert isinstance(reader, ReaderScreen) and reader.state is not None
        assert known_id in reader.context.known
        assert len(reader.state.notes_for("equation", "5")) == 1
        reader.goto_equation("5")
        await pilot.pause()
        # The equation is marked in the paper's column as having a note.
        paper = reader.query_one(PaperView)
        first, _ = paper.item_lines(reader.state.selected)  # type: ignore[arg-type]
        assert "✎" in paper.render_line(first - round(paper.scroll_offset.y)).text
        terms = reader.query_one(TermsList)
        await wait_until(
            pilot, lambda: any(label.startswith("✓") for label in terms.labels()), "the known concept ticked"
        )
        marked = [step for step in reader.state.path() if step.known]
        assert [step.concept for step in marked] == [known_id]


async def test_a_jump_lands_at_once_even_to_the_last_equation(fake_arxiv, home: Path) -> None:
    """The whole paper is laid out before it is shown: a jump to its last equation lands, and
    ] from there wraps to the first."""
    from paperpal.pipeline import read_paper

    report = read_paper("1706.03762")
    numbers = [e.equation.number for e in report.equations if e.equation.number]
    assert len(numbers) >= 3, numbers
    app = PaperpalApp("1706.03762")
    async with app.run_test(size=(120, 36)) as pilot:
        reader = await reader_ready(pilot)
        assert isinstance(reader, ReaderScreen)
        reader.goto_equation(numbers[-1])
        await pilot.pause()
        assert selected_equation(reader) == numbers[-1]
        assert f"({numbers[-1]})" in screen_text(app), "the equation is not on screen after the jump"
        await pilot.press("right_square_bracket")
        await pilot.pause()
        ids = [e.equation.id for e in report.equations]
        last = next(e.equation.id for e in report.equations if e.equation.number == numbers[-1])
        expected = ids[(ids.index(last) + 1) % len(ids)]
        state = reader.state
        assert state is not None and state.selected is not None
        assert state.items[state.selected].id == expected, "] after the jump went elsewhere"


async def test_a_note_the_database_refuses_is_kept_and_the_reader_is_told_where(
    fake_arxiv, home: Path
) -> None:
    import json

    app = PaperpalApp("1412.3555")
    async with app.run_test(size=(120, 40)) as pilot:
        reader = await reader_ready(pilot)
        assert isinstance(reader, ReaderScreen)
        (home / "notes.db").write_bytes(b"not a database, but somebody's file\n" * 100)
        reader.goto_equation("5")
        await pilot.pause()
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, NoteEditor), "the note editor")
        app.screen.query_one("#note-body", TextArea).insert("Words I would hate to lose.")
        await pilot.press("ctrl+s")
        kept_dir = home / "unsaved-notes"
        await wait_until(pilot, lambda: kept_dir.is_dir() and any(kept_dir.iterdir()), "the note to be kept")
        await wait_until(
            pilot,
            lambda: any("NOT saved" in n.message and "kept in" in n.message for n in app._notifications),
            "the reader to be told where the note is",
        )
        (kept,) = kept_dir.iterdir()
        note = json.loads(kept.read_text(encoding="utf-8"))["notes"][0]
        assert note["body"] == "Words I would hate to lose."
        assert (note["anchor_kind"], note["anchor"], note["paper_id"]) == ("equation", "5", "1412.3555")
        assert reader.notes == (), "a note that was not saved must not show as saved"
