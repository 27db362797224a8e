"""Search notes and papers by words and by meaning; Enter jumps to the result's place.

Keyword results (SQLite FTS5) appear at once; meaning-based results need the embedding model,
which loads in a worker thread the first time (a few seconds) while the keyword results are
already on screen. Papers in the library that were never indexed are indexed first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from paperpal.models import SearchHit
from paperpal.tui.widgets.keybar import KeyBar
from paperpal.tui.widgets.safe import assemble, plain
from paperpal.tui.widgets.titlebar import TitleBar

if TYPE_CHECKING:
    from paperpal.tui.state.context import TuiContext

MODES = ("hybrid", "keyword", "semantic")


def hit_label(hit: SearchHit, words: tuple[str, ...] = ()) -> Content:
    """One result: what and where it is, then the snippet: the matched words highlighted,
    its math in Unicode (completed from the passage when the snippet cut a formula)."""
    from paperpal.notation.inline import snippet_pieces

    where = [hit.paper_id]
    if hit.section:
        where.append(hit.section)
    if hit.equation:
        where.append(f"eq. ({hit.equation})")
    kind = "note" if hit.kind == "note" else "paper"
    parts: list[str | tuple[str, str]] = [
        (f"{kind:<5} ", "bold $warning" if kind == "note" else "bold $accent"),
        (" · ".join(where) + "\n", "dim"),
    ]
    snippet = " ".join((hit.snippet or hit.text).split())
    for piece, matched in snippet_pieces(snippet, " ".join(hit.text.split()), words):
        parts.append((piece, "bold reverse") if matched else piece)
    return assemble(*parts)


class SearchScreen(Screen[SearchHit | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+t", "cycle_mode", "Mode", tooltip="By words and meaning / words only / meaning only"),
        Binding("escape", "close", "Back"),
    ]

    def __init__(self, context: TuiContext, *, query: str = "", paper_id: str | None = None) -> None:
        super().__init__()
        self.context = context
        self.initial_query = query
        self.paper_id = paper_id
        self.mode = "hybrid"
        self.hits: list[SearchHit] = []

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Input(
            self.initial_query,
            placeholder="Search your notes and papers (words or a question)",
            id="search-input",
        )
        yield Static(id="search-status")
        yield OptionList(id="search-results")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "search"
        self._status("Type and press Enter. ctrl+t switches between words+meaning, words, meaning.")
        self.query_one("#search-input", Input).focus()
        if self.initial_query:
            self._run(self.initial_query)

    def _status(self, message: str) -> None:
        label = {"hybrid": "words and meaning", "keyword": "words", "semantic": "meaning"}[self.mode]
        self.query_one("#search-status", Static).update(plain(f"By {label}: {message}", "dim"))

    def action_cycle_mode(self) -> None:
        self.mode = MODES[(MODES.index(self.mode) + 1) % len(MODES)]
        query = self.query_one("#search-input", Input).value.strip()
        if query:
            self._run(query)
        else:
            self._status("mode changed")

    @on(Input.Submitted, "#search-input")
    def _submitted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self._run(event.value.strip())

    def _run(self, query: str) -> None:
        self._status("searching…")
        self._search(query, self.mode)

    @work(thread=True, exclusive=True, group="search")
    def _search(self, query: str, mode: str) -> None:
        from paperpal.errors import PaperpalError
        from paperpal.pipeline import load_document
        from paperpal.sources import list_library
        from paperpal.store import open_store

        context = self.context
        call = self.app.call_from_thread
        try:
            with open_store() as store:
                indexed = set(store.indexed_papers())
                for files in list_library():
                    if files.meta.id not in indexed:
                        call(self._status, f"indexing {files.meta.id}…")
                        try:
                            _, document = load_document(files)
                        except PaperpalError:
                            continue
                        store.index_document(files.meta.id, files.meta.title, document)
                first_mode = "keyword" if mode != "semantic" else None
                if first_mode:
                    hits = store.search(query, paper_id=self.paper_id, mode="keyword")
                    call(
                        self._show,
                        hits,
                        query,
                        "keyword results" + ("; adding results by meaning…" if mode == "hybrid" else ""),
                    )
                if mode == "keyword":
                    return
                if not context.embedder.loaded:
                    call(self._status, "loading the meaning model (a few seconds, once)…")
                embedder = context.embedder
                for files in list_library():
                    try:
                        _, document = load_document(files)
                    except PaperpalError:
                        continue
                    store.index_document(files.meta.id, files.meta.title, document, embedder=embedder)
                hits = store.search(query, paper_id=self.paper_id, mode=mode, embedder=embedder)  # type: ignore[arg-type]
                call(self._show, hits, query, f"{mode} results")
        except PaperpalError as err:
            call(self._status, f"search failed: {err}")

    def _show(self, hits: list[SearchHit], query: str, message: str) -> None:
        from paperpal.store.query import parse_query

        self.hits = hits
        words = parse_query(query).words
        results = self.query_one("#search-results", OptionList)
        results.clear_options()
        results.add_options([Option(hit_label(h, words), id=f"hit-{i}") for i, h in enumerate(hits)])
        self._status(f"{len(hits)} {message}" if hits else "nothing found")

    @on(OptionList.OptionSelected, "#search-results")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if 0 <= event.option_index < len(self.hits):
            self.dismiss(self.hits[event.option_index])

    def action_close(self) -> None:
        self.dismiss(None)
