"""Issue 18, item by item: the reader as a newcomer uses it (Pilot, real papers, real SQLite).

Each test drives the keys the issue names and checks what a person sees or what is on disk.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, TextArea, Tree

sys.path.insert(0, str(Path(__file__).parent))
from tui_support import opened, reader_ready, screen_text, text_of, wait_until  # noqa: E402

from paperpal.tui.app import PaperpalApp  # noqa: E402
from paperpal.tui.screens.export import ExportScreen  # noqa: E402
from paperpal.tui.screens.library import LibraryScreen  # noqa: E402
from paperpal.tui.screens.note_editor import NoteEditor  # noqa: E402
from paperpal.tui.screens.notes import NotesScreen  # noqa: E402
from paperpal.tui.screens.path import PathScreen  # noqa: E402
from paperpal.tui.screens.reader import ReaderScreen  # noqa: E402
from paperpal.tui.state.voice import voice  # noqa: E402
from paperpal.tui.widgets.decoder import DecoderPanel, DecoderView  # noqa: E402
from paperpal.tui.widgets.linelist import LineList  # noqa: E402
from paperpal.tui.widgets.paper import PaperView  # noqa: E402
from paperpal.tui.widgets.sidebar import ContentsTree, TermsList  # noqa: E402


def selected_id(reader: ReaderScreen) -> str | None:
    state = reader.state
    assert state is not None
    return state.items[state.selected].id if state.selected is not None else None


# -- 1. Escape stays in the paper; the place is kept ----------------------------------------------


async def test_escape_backs_out_of_the_symbol_list_and_never_leaves_the_paper(gru: str) -> None:
    app = opened(gru)
    async with app.run_test(size=(120, 40)) as pilot:
        reader = await reader_ready(pilot)
        await pilot.press("right_square_bracket", "s", "down", "down")
        assert isinstance(app.focused, DecoderView), "s should move into the symbol list"
        at = selected_id(reader)
        await pilot.press("escape")
        assert app.screen is reader, "escape left the paper"
        assert isinstance(app.focused, PaperView), "escape should go back to the paper"
        assert selected_id(reader) == at, "escape lost the selected equation"
        await pilot.press("escape", "escape")
        assert app.screen is reader and selected_id(reader) == at


async def test_reopening_a_paper_lands_where_the_reader_was(gru: str) -> None:
    app = opened(gru)
    async with app.run_test(size=(120, 40)) as pilot:
        reader = await reader_ready(pilot)
        assert isinstance(reader, ReaderScreen)
        assert reader.state is not None
        reader.goto_equation(reader.state.equation_numbers()[-1])
        await pilot.pause()
        paper = reader.query_one(PaperView)
        place = paper.place()
        assert place[1] is not None
        # ctrl+o and back with escape: the same reader, untouched.
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: isinstance(app.screen, LibraryScreen), "the library")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is reader, "back to the paper")
        assert paper.place() == place
        # ctrl+o and Enter on the same paper: back to the same place too.
        await pilot.press("ctrl+o")
        await wait_until(
            pilot, lambda: isinstance(app.screen, LibraryScreen) and app.screen.loaded, "the library"
        )
        app.screen.query_one("#library-filter", Input).value = "1412.3555"
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ReaderScreen), "the paper again")
        again = app.screen
        assert isinstance(again, ReaderScreen)
        await reader_ready(pilot)
        assert again.query_one(PaperView).place() == place, "the paper reopened somewhere else"
    # And in the next session: the place was written down when the reader closed.
    app = opened(gru)
    async with app.run_test(size=(100, 30)) as pilot:
        reader = await reader_ready(pilot)
        assert isinstance(reader, ReaderScreen)
        assert selected_id(reader) == place[1], "a new session did not come back to the place"


# -- 2. Known concepts stay in sync ---------------------------------------------------------------


async def test_known_marks_are_the_same_on_every_screen_and_in_the_export(gru: str, tmp_path: Path) -> None:
    app = opened(gru)
    async with app.run_test(size=(120, 40)) as pilot:
        reader = await reader_ready(pilot)
        assert isinstance(reader, ReaderScreen) and reader.state is not None
        await pilot.press("t")
        terms = reader.query_one(TermsList)
        index = next(i for i, t in enumerate(reader.state.report.terms) if t.concept)
        concept = reader.state.report.terms[index].concept
        terms.move_cursor(index)
        await pilot.press("k")
        await wait_until(pilot, lambda: terms.labels()[index].startswith("✓"), "the ✓ in the Terms tab")
        assert "✓ You know this" in reader.query_one(DecoderPanel).text()
        # p: the path knows it too.
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(app.screen, PathScreen), "the path")
        path = app.screen
        assert isinstance(path, PathScreen)
        # On the path it is ticked, or (a prerequisite the reader knows) it made room for another.
        assert {s.concept: s.known for s in path.steps}.get(concept, True), "the path shows it unknown"
        # h k escape p: a mark made on the path with the known ones hidden survives.
        await pilot.press("h")
        first = path._shown[0]
        assert not first.known
        await pilot.press("k")
        await wait_until(pilot, lambda: first.concept in app.context.known, "the mark on the path")
        await pilot.press("escape")
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(app.screen, PathScreen), "the path again")
        path = app.screen
        assert isinstance(path, PathScreen)
        shown = {s.concept: s.known for s in path.steps}
        assert shown.get(concept, True) and shown.get(first.concept, True), "p h k esc p lost a mark"
        assert {concept, first.concept} <= app.context.known.ids
        assert all(known for c, known in shown.items() if c in app.context.known), shown
        await pilot.press("escape")
        # The Terms tab heard of the mark made on the path.
        marked = [i for i, t in enumerate(reader.state.report.terms) if t.concept == first.concept]
        assert all(terms.labels()[i].startswith("✓") for i in marked)
        # x: the export counts what the CLI export counts.
        await pilot.press("x")
        await wait_until(pilot, lambda: isinstance(app.screen, ExportScreen), "the export dialog")
        app.screen.query_one("#export-folder", Input).value = str(tmp_path)
        app.screen.query_one("#export-format").value = "json"
        await pilot.pause()
        app.screen.query_one("#export-name", Input).value = "tui.json"
        await pilot.press("enter")
        await wait_until(pilot, lambda: (tmp_path / "tui.json").exists(), "the export")
    import json
    import subprocess

    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "paperpal",
            "export",
            gru,
            "--format",
            "json",
            "--out",
            str(tmp_path / "cli.json"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr

    def known_count(path: Path) -> int:
        paper = json.loads(path.read_text(encoding="utf-8"))["papers"][0]
        return sum(1 for step in paper["reading_path"] if step["known"])

    # Both count the same marks (a known prerequisite has made room on the default path, a known
    # key concept stays there, ticked).
    assert known_count(tmp_path / "tui.json") == known_count(tmp_path / "cli.json") >= 1


# -- 3. The library answers typing ----------------------------------------------------------------


async def test_typing_in_the_library_filters_and_an_id_opens_that_paper(gru: str, fake_arxiv) -> None:
    from paperpal.sources import get_paper

    get_paper("1706.03762")
    app = PaperpalApp()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until(
            pilot, lambda: isinstance(app.screen, LibraryScreen) and app.screen.loaded, "the library"
        )
        library = app.screen
        assert isinstance(app.focused, Input), "typing must reach the filter box"
        await pilot.press(*"attention")
        table = library.query_one(DataTable)
        assert table.row_count == 1 and "Attention" in str(table.get_row_at(0)[2])
        # An id that is not in the library is fetched and opened, never the highlighted paper.
        library.query_one("#library-filter", Input).value = ""
        await pilot.press(*"1502.03167", "enter")
        reader = await reader_ready(pilot)
        assert reader.report.meta.id == "1502.03167"  # type: ignore[attr-defined]
        # ↓ moves through the papers while the filter keeps the focus.
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: isinstance(app.screen, LibraryScreen), "the library again")
        app.screen.query_one("#library-filter", Input).value = ""
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        await pilot.press("down")
        assert table.cursor_row == 1 and isinstance(app.focused, Input)


# -- 4. Rendered text: no raw LaTeX, no Markdown markers ------------------------------------------


async def test_notes_and_search_show_math_and_markdown_rendered(gru: str) -> None:
    from paperpal.store import open_store

    with open_store() as store:
        store.add_note(
            gru,
            "**Why** mix $h_t^j$ rather than add? It costs $5 and $10.",
            anchor_kind="equation",
            anchor="5",
        )
    app = opened(gru)
    async with app.run_test(size=(130, 40)) as pilot:
        reader = await reader_ready(pilot)
        assert isinstance(reader, ReaderScreen)
        reader.goto_equation("5")
        await pilot.pause(0.3)
        shown = screen_text(app)
        assert "Why mix hₜʲ rather than add?" in shown, shown
        assert "**" not in shown and "$h_t" not in shown
        assert "$5" in shown and "$10" in shown, "money is not math"
        await pilot.press("m")
        await wait_until(pilot, lambda: isinstance(app.screen, NotesScreen) and app.screen.notes, "the notes")
        await pilot.pause(0.2)
        shown = screen_text(app)
        assert "Why mix hₜʲ" in shown and "**" not in shown, shown
        await pilot.press("escape")
        await pilot.press("ctrl+f", "ctrl+t")
        search = app.screen
        search.query_one("#search-input", Input).value = "activation"
        await pilot.press("enter")
        await wait_until(pilot, lambda: bool(getattr(search, "hits", [])), "search results")
        await pilot.pause(0.2)
        shown = screen_text(app)
        assert "activation" in shown
        assert "$" not in shown.replace("$5", "").replace("$10", ""), f"raw LaTeX in the results:\n{shown}"


# -- 5. The symbol table is tidy --------------------------------------------------------------------


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_the_symbol_table_cuts_words_with_an_ellipsis_and_keeps_its_columns(gru: str, size) -> None:
    app = opened(gru)
    async with app.run_test(size=size) as pilot:
        reader = await reader_ready(pilot)
        assert isinstance(reader, ReaderScreen)
        reader.goto_equation("5")  # h, z, h̃ (a combining tilde)
        await pilot.pause(0.2)
        view = reader.query_one(DecoderView)
        rows = [strip.text for strip in view._lines[view._head_lines : view._head_lines + len(view.symbols)]]
        assert len(rows) == 3, rows
        from rich.cells import cell_len

        said = [voice(symbol) for symbol in view.symbols]
        tags = [cell_len(row[: row.index(v.tag)]) for row, v in zip(rows, said, strict=True)]
        assert len(set(tags)) == 1, f"the source column moves: {rows}"
        for row, v in zip(rows, said, strict=True):
            meaning = v.meaning or "not explained"
            shown = row[row.index(v.tag) + len(v.tag) :].strip()
            assert shown == meaning or (shown.endswith("…") and meaning.startswith(shown[:-1].rstrip())), (
                row,
                meaning,
            )
            if shown.endswith("…"):
                cut = shown[:-1].rstrip()
                assert meaning[len(cut) : len(cut) + 1] in (" ", ",", ";", ":", ""), f"cut mid-word: {row!r}"
        assert "[the paper says]" not in screen_text(app)


# -- 6. Scrolling and the contents -----------------------------------------------------------------


async def test_the_first_screen_scrolls_the_paper_and_contents_jump_without_folding(gru: str) -> None:
    app = opened(gru)
    async with app.run_test(size=(120, 40)) as pilot:
        reader = await reader_ready(pilot)
        paper = reader.query_one(PaperView)
        assert app.focused is paper, "the paper should have the keys at first"
        for key in ("pagedown", "space", "j", "down"):
            before = paper.scroll_offset.y
            await pilot.press(key)
            assert paper.scroll_offset.y > before, f"{key} did not scroll the paper"
        await pilot.press("c")
        toc = reader.query_one(ContentsTree)
        assert app.focused is toc
        node = next(n for n in toc.root.children if n.children)  # a section with subsections
        toc.move_cursor(node)
        await pilot.press("enter")
        await pilot.pause()
        assert node.is_expanded, "Enter folded the section it jumped to"
        assert app.focused is paper
        top = reader.state.items[paper.top_item()]  # type: ignore[union-attr]
        assert top.id == node.data
        # A section without subsections is a leaf: no ▼ before it.
        leaves = [n for n in toc.root.children if not n.children]
        assert leaves and all(not n.allow_expand for n in leaves)
        assert "▼ 1  Introduction" not in screen_text(app)


# -- 7. 80x24 ---------------------------------------------------------------------------------------


async def test_at_80x24_the_paper_keeps_a_readable_column(gru: str) -> None:
    app = opened(gru)
    async with app.run_test(size=(80, 24)) as pilot:
        reader = await reader_ready(pilot)
        paper = reader.query_one(PaperView)
        assert paper.outer_size.width >= 70, f"the paper column is {paper.outer_size.width} wide"
        await pilot.press("right_square_bracket")
        await pilot.pause()
        decoder = reader.query_one(DecoderPanel)
        assert decoder.outer_size.width >= 70 and decoder.outer_size.height >= 6
        shown = screen_text(app)
        assert "F1 Help" in shown.replace("f1 Help", "F1 Help"), shown.splitlines()[-1]
        # Equations are never broken inside a symbol: each line of equation (5) is whole.
        reader.goto_equation("6")  # the candidate activation: the widest equation of the paper
        await pilot.pause()
        first, last = paper.item_lines(reader.state.selected)  # type: ignore[arg-type, union-attr]
        assert last >= first
        # The side panel takes the paper's place and gives it back.
        await pilot.press("t")
        assert reader.has_class("-side") and not paper.display or not paper.region.width
        await pilot.press("escape")
        assert not reader.has_class("-side") and app.focused is paper


async def test_messages_wait_while_the_note_editor_is_open(gru: str) -> None:
    app = opened(gru)
    async with app.run_test(size=(80, 24)) as pilot:
        reader = await reader_ready(pilot)
        reader.goto_equation("5")  # type: ignore[attr-defined]
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, NoteEditor), "the editor")
        app.notify("Something happened elsewhere.")
        await pilot.pause()
        assert not app._notifications, "a toast was shown over the note being typed"
        await pilot.press("ctrl+s")  # empty: the editor says so itself
        assert isinstance(app.screen, NoteEditor)
        assert "empty" in text_of(app.screen.query_one("#note-message"))
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is reader, "the editor to close")
        await wait_until(pilot, lambda: bool(app._notifications), "the held message")
        assert "Something happened elsewhere." in [n.message for n in app._notifications]


async def test_library_titles_are_cut_with_an_ellipsis(gru: str) -> None:
    app = PaperpalApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(
            pilot, lambda: isinstance(app.screen, LibraryScreen) and app.screen.loaded, "the library"
        )
        title = str(app.screen.query_one(DataTable).get_row_at(0)[2])
        assert title.endswith("…") and "Empirical Evaluation" in title, title
        assert screen_text(app).count("…") >= 1


# -- 8. Export: an absolute path, a folder, the usual mode --------------------------------------------


async def test_export_shows_the_absolute_path_writes_to_the_chosen_folder_with_the_usual_mode(
    gru: str, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "handouts"
    folder.mkdir()
    app = opened(gru)
    async with app.run_test(size=(120, 40)) as pilot:
        await reader_ready(pilot)
        await pilot.press("x")
        await wait_until(pilot, lambda: isinstance(app.screen, ExportScreen), "the dialog")
        dialog = app.screen
        assert str(tmp_path.resolve() / "1412.3555-notes.md") in text_of(dialog.query_one("#export-status"))
        dialog.query_one("#export-folder", Input).value = str(folder)
        await pilot.press("enter")
        target = folder / "1412.3555-notes.md"
        await wait_until(pilot, lambda: target.exists(), "the handout")
        await wait_until(pilot, lambda: bool(app._notifications), "the message")
        assert any(str(target.resolve()) in n.message for n in app._notifications)
        umask = os.umask(0)
        os.umask(umask)
        assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask
        # A second export to the same file asks first.
        await pilot.press("x")
        await wait_until(pilot, lambda: isinstance(app.screen, ExportScreen), "the dialog again")
        assert str(folder.resolve()) == app.screen.query_one("#export-folder", Input).value, (
            "the folder was not kept"
        )
        target.write_text("the reader's own edits\n", encoding="utf-8")
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert target.read_text(encoding="utf-8") == "the reader's own edits\n"
        assert "press Enter again" in text_of(app.screen.query_one("#export-status"))
        await pilot.press("enter")
        await wait_until(pilot, lambda: "Empirical" in target.read_text(encoding="utf-8"), "the replacement")


# -- 9. Search results are passages, once each --------------------------------------------------------


async def test_search_results_are_passages_once_each(gru: str) -> None:
    app = opened(gru)
    async with app.run_test(size=(120, 40)) as pilot:
        await reader_ready(pilot)
        await pilot.press("ctrl+f", "ctrl+t")  # words only
        search = app.screen
        search.query_one("#search-input", Input).value = "gate"
        await pilot.press("enter")
        await wait_until(pilot, lambda: bool(getattr(search, "hits", [])), "results")
        hits = search.hits
        texts = [" ".join(h.text.lower().split()) for h in hits]
        assert len(set(texts)) == len(texts), "a passage is listed twice"
        for hit in hits:
            assert len(hit.text.split()) > 6, f"a heading alone is not a passage: {hit.text!r}"
        for a in texts:
            assert not any(a != b and a in b for b in texts), "a passage and one quoting it are both listed"


# -- 10. The offline message's way out, and full timestamps ---------------------------------------


async def test_escape_from_the_offline_message_reaches_a_library_that_explains_itself(home: Path) -> None:
    app = PaperpalApp("1706.03762")
    async with app.run_test(size=(120, 36)) as pilot:
        status = app.screen.query_one("#status")
        await wait_until(pilot, lambda: "Could not open" in text_of(status), "the error")
        await pilot.press("escape")
        await wait_until(
            pilot, lambda: isinstance(app.screen, LibraryScreen) and app.screen.loaded, "the library"
        )
        shown = screen_text(app)
        assert "Your library is empty" in shown and "arXiv id" in shown, shown


async def test_the_notes_table_shows_whole_timestamps(gru: str, monkeypatch) -> None:
    import paperpal.store.notes as notes_module
    from paperpal.store import open_store

    monkeypatch.setattr(notes_module, "now_iso", lambda: "2026-12-06T02:04:59Z")
    with open_store() as store:
        store.add_note(gru, "A note.", anchor_kind="equation", anchor="5")
    monkeypatch.setenv("TZ", "UTC")
    import time

    time.tzset()
    app = opened(gru)
    async with app.run_test(size=(120, 30)) as pilot:
        await reader_ready(pilot)
        await pilot.press("m")
        await wait_until(pilot, lambda: isinstance(app.screen, NotesScreen) and app.screen.notes, "the notes")
        await pilot.pause(0.2)
        assert "2026-12-06 02:04" in screen_text(app)


# -- Tab moves passage by passage; palette concepts -------------------------------------------------


async def test_tab_steps_through_passages_and_equations(gru: str) -> None:
    app = opened(gru)
    async with app.run_test(size=(120, 40)) as pilot:
        reader = await reader_ready(pilot)
        assert isinstance(reader, ReaderScreen) and reader.state is not None
        await pilot.press("tab")
        first = reader.state.selected
        assert first is not None and reader.state.items[first].selectable
        await pilot.press("tab")
        second = reader.state.selected
        assert second is not None and second > first
        assert (
            "Passage" in reader.query_one(DecoderPanel).text()
            or "Equation" in reader.query_one(DecoderPanel).text()
        )
        await pilot.press("shift+tab")
        assert reader.state.selected == first
        assert isinstance(app.focused, PaperView)
        assert not isinstance(app.focused, (Tree, LineList, TextArea))
