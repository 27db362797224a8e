"""The paperpal reader: a Textual app over ``pipeline.read_paper``.

The app owns the screen stack and one ``TuiContext`` (the glossary, the embedding model, the
settings, the known concepts, the reading places), which it hands to every screen it makes.
Screens never import this module: they ask for navigation with the messages in
``tui.messages`` (open a paper, the library, search), which bubble up to here.

Screens:
    LibraryScreen  the cached papers; type to filter, or an arXiv id / path to fetch; Enter opens
    ReaderScreen   contents | the paper | the decoder (equations, symbols, terms, notes)
    PathScreen     the reading path, known concepts marked
    NotesScreen    the notes of a paper
    SearchScreen   notes and papers, by words and by meaning
    NoteEditor, ExportScreen, HelpScreen, ConceptScreen (modal)
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from paperpal.tui.commands import PaperpalCommands
from paperpal.tui.messages import EditorClosed, OpenLibrary, OpenPaper, OpenSearch
from paperpal.tui.state.context import TuiContext, settle, unsettle

if TYPE_CHECKING:
    from paperpal.embeddings import Embedder
    from paperpal.models import PaperReport, SearchHit


class PaperpalApp(App[None]):
    """Read a paper (or browse the library) in the terminal."""

    TITLE = "paperpal"
    SUB_TITLE = "read papers, decode the notation"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {PaperpalCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help", tooltip="Keys and how to use paperpal"),
        Binding("ctrl+o", "library", "Library", tooltip="The papers in your library"),
        Binding("ctrl+f", "search", "Search", show=False, tooltip="Search notes and papers"),
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
        # Objects that live as long as the app are moved out of the cycle collector's way, now
        # and once each big structure is built (see ``state.context.settle``).
        settle()
        self.ref = ref
        from paperpal import paths

        # Linking jargon by meaning loads the embedding model in the background; PAPERPAL_LINK=0
        # turns it off (the test suite does, but for the one test about it).
        link = link_terms if link_terms is not None else os.environ.get("PAPERPAL_LINK", "1") != "0"
        self.context = TuiContext(
            offline=offline, link_terms=link, embedder=embedder, places_file=paths.home() / "places.json"
        )
        self._preloaded: PaperReport | None = None
        self._held_toasts: list[tuple[str, dict[str, Any]]] = []
        self.theme = "textual-dark"
        # No sliding tab underlines or scrolling animations: every animation frame is a repaint
        # the keys wait behind (TEXTUAL_ANIMATIONS in the environment still decides if set).
        if "TEXTUAL_ANIMATIONS" not in os.environ:
            self.animation_level = "none"

    # -- resources (kept for scripts and tests that used them) -----------------------------

    def glossary(self) -> Any:
        return self.context.glossary()

    @property
    def embedder(self) -> Embedder:
        return self.context.embedder

    @property
    def first_frame_shown(self) -> bool:
        return self.context.first_frame_shown

    def on_unmount(self) -> None:
        unsettle()  # a program that runs the app (a test, a script) gets its collector back
        self.context.close()

    # -- start-up --------------------------------------------------------------------------

    def preload(self) -> None:
        """Read REF now if it is in the library with its report memoised (about 0.1 s).

        The reader then opens on the paper itself: no loading screen, and no worker thread
        competing with Textual's start-up for the interpreter lock. Anything else is left to the
        reader's worker, which shows progress and errors.
        """
        if not self.ref:
            return
        from paperpal.pipeline import read_library_paper

        try:
            self._preloaded = read_library_paper(self.ref, glossary=self.context.glossary())
        except Exception:  # noqa: BLE001 - the reader's own loading will say what is wrong
            self._preloaded = None

    def on_mount(self) -> None:
        from paperpal.tui.screens.library import LibraryScreen
        from paperpal.tui.screens.reader import ReaderScreen

        if self.ref:
            self.push_screen(ReaderScreen(self.ref, self.context, report=self._preloaded))
            self._preloaded = None
        else:
            self.push_screen(LibraryScreen(self.context))

    def on_ready(self) -> None:
        """The first frame is on the terminal: now the work that was put off for it."""
        self.context.frame_shown()
        self._load_known()

    @work(thread=True, group="store")
    def _load_known(self) -> None:
        from paperpal.tui.state.store_io import read_known

        known = read_known()
        self.call_from_thread(self.context.known.load, known)

    # -- notifications ---------------------------------------------------------------------

    def notify(self, message: str, **kwargs: Any) -> None:  # type: ignore[override]
        """As Textual's, but held back while the note editor is open (a toast over the text
        being typed hides it at 80×24; they are shown when the editor closes), and with terminal
        controls removed (a message may quote a title or a path)."""
        from paperpal.tui.screens.note_editor import NoteEditor
        from paperpal.tui.widgets.safe import clean

        message = clean(message)
        if isinstance(self.screen, NoteEditor):
            self._held_toasts.append((message, kwargs))
            return
        super().notify(message, **kwargs)

    def on_editor_closed(self, _message: EditorClosed) -> None:
        self.release_toasts()

    def release_toasts(self) -> None:
        held, self._held_toasts = self._held_toasts, []
        for message, kwargs in held:
            super().notify(message, **kwargs)

    # -- navigation ------------------------------------------------------------------------

    def action_help(self) -> None:
        from paperpal.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_library(self) -> None:
        from paperpal.tui.screens.library import LibraryScreen

        for screen in self.screen_stack:
            if isinstance(screen, LibraryScreen):
                library: LibraryScreen = screen
                while self.screen is not library:
                    self.pop_screen()
                library.refresh_library()
                return
        self.push_screen(LibraryScreen(self.context))

    def on_open_library(self, _message: OpenLibrary) -> None:
        self.action_library()

    def action_search(self, query: str = "") -> None:
        from paperpal.tui.screens.search import SearchScreen

        if isinstance(self.screen, SearchScreen):
            return
        self.push_screen(SearchScreen(self.context, query=query), self._search_done)

    def on_open_search(self, message: OpenSearch) -> None:
        self.action_search(message.query)

    def _search_done(self, hit: SearchHit | None) -> None:
        if hit is not None:
            self.open_paper(hit.paper_id, equation=hit.equation, section=hit.section)

    def on_open_paper(self, message: OpenPaper) -> None:
        self.open_paper(message.ref, equation=message.equation, section=message.section)

    def open_paper(self, ref: str, *, equation: str | None = None, section: str | None = None) -> None:
        """Show ``ref`` in the reader: back to its reader when one is open (where it was left),
        else a new reader (at the place the reader was last time)."""
        from paperpal.tui.screens.reader import ReaderScreen

        for screen in reversed(self.screen_stack):
            if isinstance(screen, ReaderScreen) and screen.shows(ref):
                reader: ReaderScreen = screen
                while self.screen is not reader:
                    self.pop_screen()
                if equation:
                    reader.goto_equation(equation)
                elif section:
                    reader.goto_section(section)
                return
        self.push_screen(ReaderScreen(ref, self.context, goto_equation=equation, goto_section=section))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Help", "Keys and how to use paperpal (F1)", self.action_help)
        yield SystemCommand("Library", "The papers in your library (ctrl+o)", self.action_library)
        yield SystemCommand("Search notes and papers", "By words and by meaning (ctrl+f)", self.action_search)


def run(ref: str | None = None, *, offline: bool = False) -> None:
    app = PaperpalApp(ref, offline=offline)
    app.preload()
    app.run()
