"""Issue 12, item 2: data never reaches Textual as markup (Pilot, every screen that shows data).

A paper whose metadata, LaTeX title, section, prose and equation carry Textual markup
(``[@click=app.quit]``, a stray ``[/b]``) and terminal escapes, and notes and tags that do the
same, are opened in every screen. Each payload must show literally, clicking it must do
nothing, and nothing may crash or quit the app.
"""

from __future__ import annotations

import io
import sys
import tarfile
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input

sys.path.insert(0, str(Path(__file__).parent))
from tui_support import reader_ready, screen_text, wait_until  # noqa: E402

from paperpal.tui.app import PaperpalApp  # noqa: E402
from paperpal.tui.screens.library import LibraryScreen  # noqa: E402
from paperpal.tui.screens.notes import NotesScreen  # noqa: E402
from paperpal.tui.screens.search import SearchScreen  # noqa: E402

CLICK = "[@click=app.quit]CLICKME[/]"
STRAY = "Eve [/b] Example"
ESCAPE = "\x1b]0;pwned\x07Mallory\x1b[2J"
PAPER = "2101.00001"

LATEX = r"""\documentclass{article}
\title{Hostile [@click=app.quit]Title[/] study}
\author{Someone}
\begin{document}
\maketitle
\section{Results [/b] and [@click=app.bell]ring[/]}
We define the gain $g$ as [bold red]loud[/] text and keep going for a while so that this is a
paragraph of its own, long enough to be indexed as a passage by the search.
\begin{equation}
y = g \cdot x \text{[/b]}
\end{equation}
where $y$ is the output [@click=app.quit]here[/].
\end{document}
"""


@pytest.fixture
def hostile(fake_arxiv, tmp_path: Path) -> str:
    eprint = tmp_path / "eprint.tar.gz"
    data = LATEX.encode()
    with tarfile.open(eprint, "w:gz") as tar:
        info = tarfile.TarInfo("main.tex")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    fake_arxiv.add_paper(
        {
            "id": PAPER,
            "version": 1,
            "title": f"Boom {CLICK} [/b]",
            "authors": [CLICK, STRAY, ESCAPE],
            "abstract": "An abstract with [bold]markup[/bold] and $x$ in it.",
            "categories": ["cs.LG"],
            "published": "2021-01-01",
        },
        eprint=eprint,
    )
    from paperpal.pipeline import read_paper
    from paperpal.store import open_store

    read_paper(PAPER)
    with open_store() as store:
        store.add_note(
            PAPER,
            f"Body {CLICK} and {STRAY}",
            anchor_kind="equation",
            anchor="1",
            tags=("[/b]", "x[@click=app.quit]"),
        )
    return PAPER


def assert_alive(app: PaperpalApp) -> None:
    assert app.is_running and app.return_code is None, "the app quit"


async def click_text(pilot, app: PaperpalApp, needle: str, nth: int = 0) -> None:
    """Click on the ``nth`` place ``needle`` is on the screen (it must be there)."""
    lines = screen_text(app).splitlines()
    seen = 0
    for y, line in enumerate(lines):
        x = line.find(needle)
        while x >= 0:
            if seen == nth:
                await pilot.click(offset=(x + 2, y))
                await pilot.pause(0.2)
                return
            seen += 1
            x = line.find(needle, x + 1)
    raise AssertionError(f"{needle!r} is not on the screen {nth + 1} times")


async def test_the_library_shows_hostile_titles_and_authors_as_text(hostile: str) -> None:
    app = PaperpalApp()
    async with app.run_test(size=(160, 30)) as pilot:
        await wait_until(
            pilot, lambda: isinstance(app.screen, LibraryScreen) and app.screen.loaded, "the library"
        )
        row = [str(cell) for cell in app.screen.query_one(DataTable).get_row_at(0)]
        assert row[2].startswith("Boom [@click=app.quit]CLICKME[/]"), row
        assert row[3].startswith("[@click=app.quit]"), f"the author is not shown literally: {row}"
        assert "\x1b" not in "".join(row)
        for nth in (0, 1):  # the title's link, then the author's
            await click_text(pilot, app, "[@click=app.quit]", nth)
            assert_alive(app)


async def test_the_reader_shows_hostile_metadata_latex_and_notes_as_text(hostile: str) -> None:
    app = PaperpalApp(hostile)
    app.preload()
    async with app.run_test(size=(160, 45)) as pilot:
        reader = await reader_ready(pilot)
        shown = screen_text(app)
        for payload in (
            CLICK,
            STRAY,
            "Mallory",
            "[bold]markup[/bold]",
            "Results [/b] and [@click=app.bell]ring[/]",
        ):
            assert payload in shown, f"{payload!r} is not shown literally:\n{shown}"
        assert "\x1b" not in shown and "pwned" not in shown.replace("]0;pwned", "")
        await click_text(pilot, app, "CLICKME")
        assert_alive(app)
        await pilot.press("right_square_bracket")
        await pilot.pause(0.3)
        shown = screen_text(app)
        assert "Body [@click=app.quit]CLICKME[/] and Eve [/b] Example" in " ".join(shown.split()), shown
        await click_text(pilot, app, "CLICKME")
        assert_alive(app)
        # The contents (a Tree) and the notes list (a table) take the same text.
        await pilot.press("c")
        assert "Results [/b] and" in screen_text(app)
        await pilot.press("escape", "m")
        await wait_until(pilot, lambda: isinstance(app.screen, NotesScreen) and app.screen.notes, "the notes")
        await pilot.pause(0.2)
        shown = screen_text(app)
        assert "#[/b]" in shown and "[@click=app.quit]CLICKME[/]" in shown, shown
        await click_text(pilot, app, "CLICKME")
        assert_alive(app)
        await pilot.press("escape")
        assert app.screen is reader


async def test_search_shows_hostile_snippets_as_text(hostile: str) -> None:
    app = PaperpalApp(hostile)
    app.preload()
    async with app.run_test(size=(160, 40)) as pilot:
        await reader_ready(pilot)
        await pilot.press("ctrl+f", "ctrl+t")
        search = app.screen
        assert isinstance(search, SearchScreen)
        search.query_one("#search-input", Input).value = "loud output"
        await pilot.press("enter")
        await wait_until(pilot, lambda: bool(search.hits), "results")
        await pilot.pause(0.2)
        shown = screen_text(app)
        assert "[bold red]" in shown or "here[/]" in shown, shown
        search.query_one("#search-input", Input).value = "CLICKME"
        await pilot.press("enter")
        await wait_until(pilot, lambda: any(h.kind == "note" for h in search.hits), "the note")
        await pilot.pause(0.2)
        assert "[@click=app.quit]" in screen_text(app)
        assert_alive(app)


async def test_terminal_controls_in_a_paper_never_reach_the_terminal(home: Path) -> None:
    """Escape sequences in a paper's title, prose and equations (from any source) are removed by
    the reader before they are drawn: no window title, clipboard write or screen clear."""
    from paperpal.models import (
        Document,
        Equation,
        EquationInfo,
        PaperMeta,
        PaperReport,
        Paragraph,
        Section,
    )

    osc = "\x1b]0;pwned\x07"
    clipboard = "\x1b]52;c;ZWNobyBwd25lZA==\x07"
    clear = "\x1b[2J"
    document = Document(
        title="t",
        source="latex",
        blocks=(
            Section("sec-1", "1", f"Intro{clear}", 1),
            Paragraph("p-1", f"Prose with {osc}a title and {clipboard}a clipboard write."),
            Equation("eq-1", "y = x", number="1"),
        ),
    )
    report = PaperReport(
        meta=PaperMeta(id="2101.00002", title=f"Title{osc}", authors=(f"Mallory{clear}",)),
        document=document,
        equations=(EquationInfo(Equation("eq-1", "y = x", number="1"), text=f"y = x{clear}"),),
    )
    written: list[str] = []
    app = PaperpalApp("2101.00002")
    app._preloaded = report
    original = app._display

    def display(screen, renderable) -> None:  # type: ignore[no-untyped-def]
        written.append(screen_text(app))
        original(screen, renderable)

    app._display = display  # type: ignore[method-assign]
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_until(pilot, lambda: getattr(app.screen, "state", None) is not None, "the paper")
        await pilot.press("right_square_bracket")
        await pilot.pause(0.3)
        shown = screen_text(app)
        flat = " ".join(shown.split())
        # The controls go; what is left of the sequences is inert text, shown as it is.
        assert "Prose with ]0;pwneda title" in flat and "a clipboard write." in flat, flat
        assert "Mallory" in shown and "Intro" in shown
        assert_alive(app)
    everything = "".join(written) + shown
    assert "\x1b" not in everything and "\x07" not in everything, "a control character reached the screen"
