"""The paperpal reader: a Textual app over ``pipeline.read_paper``.

The app owns the long-lived resources (the glossary, the embedding model, the settings) and the
screens call the core through them. Anything slow (fetching, reading, loading the model,
searching) runs in a worker thread so a keystroke is never blocked.

Screens:
    LibraryScreen  the cached papers, a filter box, Enter to open (also: type an arXiv id)
    ReaderScreen   contents | the paper | the decoder (equations, symbols, terms, notes)
    PathScreen     the reading path, known concepts marked
    NotesScreen    the notes of a paper
    SearchScreen   notes and papers, by words and by meaning
    NoteEditor, ExportScreen, HelpScreen (modal)
"""

from __future__ import annotations

import gc
import os
import threading
from collections.abc import Iterable
from typing import TYPE_CHECKING, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from paperpal.tui.commands import PaperpalCommands

if TYPE_CHECKING:
    from paperpal.embeddings import Embedder
    from paperpal.glossary.model import Glossary
    from paperpal.models import PaperReport, SearchHit


def settle() -> None:
    """Exempt every object alive now from the cycle collector's scans (``gc.freeze``).

    What is frozen is never collected, so this is called only at points where what is alive is
    meant to stay: after start-up, the glossary, and a paper on screen. A reader that closes
    calls ``unsettle`` so that its paper and widgets can be collected again.
    """
    gc.freeze()


def unsettle() -> None:
    """Hand every frozen object back to the cycle collector (``gc.unfreeze``)."""
    gc.unfreeze()


class PaperpalApp(App[None]):
    """Read a paper (or browse the library) in the terminal."""

    TITLE = "paperpal"
    SUB_TITLE = "read papers, decode the notation"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {PaperpalCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help", tooltip="Keys and how to use paperpal"),
        Binding("ctrl+o", "library", "Library", tooltip="The papers in your library"),
        Binding("ctrl+f", "search", "Search", tooltip="Search notes and papers"),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    def __init__(
        self,
        ref: str | None = None,
        *,
        offline: bool = False,
        embedder: Embedder | None = None,
        link_terms: bool | None = None,
    ) -> None:
        super().__init__()
        # Python's cycle collector rescans every live object on each full pass, and a reader holds
        # many long-lived ones (Textual's modules, the glossary, the report, ~150 widgets): measured,
        # it took 30% of the time of stepping through equations. Objects that live as long as the
        # app are moved out of its way, now and once each big structure is built (``settle``).
        settle()
        self.ref = ref
        self.offline = offline
        # Linking jargon by meaning loads the embedding model in the background; PAPERPAL_LINK=0
        # turns it off (the test suite does, but for the one test about it).
        self.link_terms = (
            link_terms if link_terms is not None else os.environ.get("PAPERPAL_LINK", "1") != "0"
        )
        self._embedder = embedder
        self._owns_embedder = False
        self._preloaded: PaperReport | None = None
        self._glossary: Glossary | None = None
        self._glossary_lock = threading.Lock()
        self._embedder_lock = threading.Lock()
        self.first_frame_shown = False  # Textual's Ready event has come
        self.theme = "textual-dark"

    # -- resources -------------------------------------------------------------------------

    def glossary(self) -> Glossary:
        """The glossary, loaded once (call from a worker thread the first time)."""
        with self._glossary_lock:
            if self._glossary is None:
                from paperpal.glossary.loader import load_glossary

                self._glossary = load_glossary()
                settle()
            return self._glossary

    @property
    def embedder(self) -> Embedder:
        """The embedding model, run in a child process so loading it never stalls the screen."""
        with self._embedder_lock:
            if self._embedder is None:
                from paperpal.embeddings import ProcessEmbedder

                self._embedder = ProcessEmbedder()
                self._owns_embedder = True
            return self._embedder

    def on_unmount(self) -> None:
        from paperpal.embeddings import ProcessEmbedder

        unsettle()  # a program that runs the app (a test, a script) gets its collector back

        if self._owns_embedder and isinstance(self._embedder, ProcessEmbedder):
            self._embedder.close()

    # -- start-up --------------------------------------------------------------------------

    def preload(self) -> None:
        """Read REF now if it is in the library with its report memoised (about 0.1 s).

        The reader then opens on the paper itself: no loading screen, and no worker thread
        competing with Textual's start-up for the interpreter lock (together about 0.3 s of the
        time to the first screen). Anything else is left to the reader's worker, which shows
        progress and errors.
        """
        if not self.ref:
            return
        from paperpal.pipeline import read_library_paper

        try:
            self._preloaded = read_library_paper(self.ref, glossary=self.glossary())
        except Exception:  # noqa: BLE001 - the reader's own loading will say what is wrong
            self._preloaded = None

    def on_mount(self) -> None:
        from paperpal.tui.screens.library import LibraryScreen
        from paperpal.tui.screens.reader import ReaderScreen

        if self.ref:
            self.push_screen(ReaderScreen(self.ref, report=self._preloaded))
            self._preloaded = None
        else:
            self.push_screen(LibraryScreen())

    def on_ready(self) -> None:
        """The first frame is on the terminal: screens may now do what they put off for it."""
        from paperpal.tui.screens.reader import ReaderScreen

        self.first_frame_shown = True
        for screen in self.screen_stack:
            if isinstance(screen, ReaderScreen):
                screen.first_frame_shown()

    # -- app-wide actions ------------------------------------------------------------------

    def action_help(self) -> None:
        from paperpal.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_library(self) -> None:
        from paperpal.tui.screens.library import LibraryScreen

        for screen in self.screen_stack:
            if isinstance(screen, LibraryScreen):
                while self.screen is not screen:
                    self.pop_screen()
                screen.refresh_library()  # type: ignore[attr-defined]
                return
        self.push_screen(LibraryScreen())

    def action_search(self, query: str = "") -> None:
        from paperpal.tui.screens.search import SearchScreen

        if isinstance(self.screen, SearchScreen):
            return
        self.push_screen(SearchScreen(query=query), self._search_done)

    def _search_done(self, hit: SearchHit | None) -> None:
        """Jump to a chosen result: in the open reader when it shows that paper, else open it."""
        from paperpal.tui.screens.reader import ReaderScreen

        if hit is None:
            return
        screen = self.screen
        if isinstance(screen, ReaderScreen) and screen.paper_id == hit.paper_id:
            if hit.equation:
                screen.goto_equation(hit.equation)
            elif hit.section:
                screen.goto_section(hit.section)
            return
        self.push_screen(ReaderScreen(hit.paper_id, goto_equation=hit.equation, goto_section=hit.section))

    def open_paper(self, ref: str) -> None:
        from paperpal.tui.screens.reader import ReaderScreen

        self.push_screen(ReaderScreen(ref))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Help", "Keys and how to use paperpal (F1)", self.action_help)
        yield SystemCommand("Library", "The papers in your library (ctrl+o)", self.action_library)
        yield SystemCommand("Search notes and papers", "By words and by meaning (ctrl+f)", self.action_search)


def run(ref: str | None = None, *, offline: bool = False) -> None:
    app = PaperpalApp(ref, offline=offline)
    app.preload()
    app.run()
