"""The reader: contents and terms | the paper | the decoder, over one ``ReadingState``.

The screen loads the paper (in a worker: fetching and reading can take seconds; a paper in the
library comes from the pipeline's memo at once), builds the reading state, and hands it to the
widgets that draw it (``PaperView``, ``DecoderPanel``, ``ContentsTree``, ``TermsList``). Keys
become calls on the state or on those widgets; the notes database is read and written in
workers (``state.store_io``) and the results applied to the state on the UI thread, which
tells every screen that shows them.

Layout follows the terminal's width: three columns from 120, the paper and the decoder side by
side from 90, and below that the decoder under the paper, so the paper keeps a readable column
at 80×24; where the side panel is hidden, ``c`` and ``t`` show it in the paper's place.

Escape steps back out (from the symbol list or the side panel to the paper, from a term to
the selected equation) and never leaves the paper; ctrl+o is the way to the library.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Static

from paperpal.tui.messages import OpenLibrary, OpenSearch
from paperpal.tui.screens.reader_marks import ReaderMarks
from paperpal.tui.state.context import settle, unsettle
from paperpal.tui.state.places import Place
from paperpal.tui.state.reading import ReadingState
from paperpal.tui.widgets.decoder import DecoderPanel
from paperpal.tui.widgets.keybar import KeyBar
from paperpal.tui.widgets.paper import PaperView
from paperpal.tui.widgets.safe import assemble, plain
from paperpal.tui.widgets.titlebar import TitleBar

if TYPE_CHECKING:
    from paperpal.models import Note, PaperReport
    from paperpal.tui.state.context import TuiContext


class ReaderScreen(ReaderMarks):
    """Read one paper; select equations, symbols and terms to have them explained."""

    HORIZONTAL_BREAKPOINTS = [
        (0, "-narrow"),
        (90, "-medium"),
        (120, "-wide"),
    ]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "right_square_bracket",
            "next_equation",
            "Next eq",
            key_display="]",
            tooltip="Select the next equation",
        ),
        Binding(
            "left_square_bracket",
            "prev_equation",
            "Prev eq",
            key_display="[",
            show=False,
            tooltip="Select the previous equation",
        ),
        Binding(
            "n", "add_note", "Note", tooltip="Add a note to the selected equation, symbol, term or passage"
        ),
        Binding("m", "notes", "Notes", tooltip="All your notes on this paper"),
        Binding(
            "p", "path", "Path", tooltip="The reading path: the concepts this paper needs, in learning order"
        ),
        Binding("k", "toggle_known", "Known", show=False, tooltip="Mark the selected term as known (or not)"),
        Binding("t", "terms", "Terms", show=False, tooltip="The jargon of this paper"),
        Binding("c", "contents", "Contents", show=False, tooltip="The table of contents"),
        Binding(
            "s", "symbols", "Symbols", show=False, tooltip="Into the decoder's symbol list (↑↓ reads each)"
        ),
        Binding(
            "equals_sign",
            "try_numbers",
            "Try it",
            key_display="=",
            show=False,
            tooltip="Try the selected equation with numbers",
        ),
        Binding("i", "details", "Details", show=False, tooltip="How this paper was read"),
        Binding("slash", "search", "Search", key_display="/", tooltip="Search notes and papers"),
        Binding("x", "export", "Export", tooltip="Export reading-group notes"),
        Binding("escape", "back", "Back", show=False, tooltip="Back out to the paper"),
    ]

    def __init__(
        self,
        ref: str,
        context: TuiContext,
        *,
        goto_equation: str | None = None,
        goto_section: str | None = None,
        report: PaperReport | None = None,
    ) -> None:
        super().__init__()
        self.ref = ref
        self.context = context
        self.state = None
        self.failed = False
        self._preloaded = report  # read before the screen started (a paper in the library)
        self._goto_equation = goto_equation
        self._goto_section = goto_section
        self.paper = PaperView(id="paper")
        self._sidebar_mount: asyncio.Future[None] | None = None

    # -- what others ask -------------------------------------------------------------------

    @property
    def report(self) -> PaperReport | None:
        return self.state.report if self.state else None

    @property
    def paper_id(self) -> str | None:
        return self.state.paper_id if self.state else None

    @property
    def notes(self) -> tuple[Note, ...]:
        return self.state.notes if self.state else ()

    @property
    def ready(self) -> bool:
        """The paper is on screen with the reader's notes and known concepts, and the side panel
        (mounted after the first frame) is in place."""
        side = self._sidebar_mount
        return (
            self.state is not None
            and self.state.notes_loaded
            and self.context.known.loaded
            and side is not None
            and side.done()
        )

    def shows(self, ref: str) -> bool:
        """True when this reader shows the paper ``ref`` names."""
        return ref in (self.ref, self.paper_id)

    # -- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # The layout for this width from the start: a class set later restyles every widget.
        width = self.app.size.width
        self.set_class(True, *self._get_breakpoint_classes(width, self.HORIZONTAL_BREAKPOINTS or []))
        yield TitleBar()
        with Horizontal(id="reader"):
            # The contents and terms are mounted after the first frame (see _mount_sidebar).
            yield Vertical(id="side")
            with Vertical(id="paper-column"):
                yield Static(plain(f"Opening {self.ref}…"), id="status")
                yield self.paper
            yield DecoderPanel(id="decoder")
        yield KeyBar()

    def on_mount(self) -> None:
        self.paper.display = False
        self.context.after_first_frame(self._mount_sidebar_soon)
        if self._preloaded is not None:
            report, self._preloaded = self._preloaded, None
            self._show_report(report)
            return
        from textual.widgets import LoadingIndicator

        self.query_one("#paper-column").mount(LoadingIndicator(id="loading"))
        self.query_one(DecoderPanel).show_message("The paper is loading…")
        self.load()

    def _mount_sidebar_soon(self) -> None:
        self.call_after_refresh(self._mount_sidebar)

    async def _mount_sidebar(self) -> None:
        """The side panel, after the first frame: its tabs are a dozen widgets to lay out and
        style, a tenth of a second the paper need not wait for. Safe to call again (t or c
        pressed before it is there wait for the same mount)."""
        if self._sidebar_mount is None:
            from paperpal.tui.widgets.sidebar import SidePanel  # imported when needed: see above

            self._sidebar_mount = asyncio.ensure_future(self._mount_side_panel(SidePanel(self.state)))
        await self._sidebar_mount

    async def _mount_side_panel(self, panel: Widget) -> None:
        await self.query_one("#side").mount(panel)
        if self.state is not None:
            # The paper may have arrived while the panel was being mounted (built without it,
            # and not yet there to be shown it): show it now, or the contents stay empty.
            for side in self.query("#toc, #terms"):
                side.show(self.state)  # type: ignore[attr-defined]
        self.call_later(self._settle_if_ready)

    def _settle_if_ready(self) -> None:
        if self.ready:
            settle()  # the paper and the reader's marks are in: out of the collector's way

    def on_unmount(self) -> None:
        self._remember_place()
        if self.state is not None:
            self.state.close()
        self.context.places.save()
        unsettle()  # this paper's objects may go now; the next reader settles what stays

    def on_screen_suspend(self) -> None:
        self._remember_place()

    def _remember_place(self) -> None:
        if self.state is not None:
            top, selected = self.paper.place()
            self.context.places.remember(self.state.paper_id, Place(top, selected))

    # -- loading ---------------------------------------------------------------------------

    def _progress(self, message: str) -> None:
        self.app.call_from_thread(self._set_status, message)

    def _set_status(self, message: str) -> None:
        if self.state is None and not self.failed:
            self.query_one("#status", Static).update(plain(f"{message}…"))

    @work(thread=True, exclusive=True, group="load")
    def load(self) -> None:
        from paperpal.errors import PaperpalError
        from paperpal.pipeline import read_paper

        try:
            glossary = self.context.glossary()
            report = read_paper(
                self.ref, glossary=glossary, offline=self.context.offline, progress=self._progress
            )
        except PaperpalError as err:
            self.app.call_from_thread(self._show_error, str(err))
            return
        except Exception as err:  # noqa: BLE001 - the UI must say what happened, never crash
            self.app.call_from_thread(
                self._show_error, f"paperpal could not read this paper: {type(err).__name__}: {err}"
            )
            return
        self.app.call_from_thread(self._show_report, report)

    def _show_error(self, message: str) -> None:
        self.failed = True
        for indicator in self.query("#loading"):
            indicator.remove()
        status = self.query_one("#status", Static)
        status.add_class("error")
        status.update(
            assemble(
                ("Could not open this paper\n\n", "bold $error"),
                message + "\n\n",
                ("ctrl+o or escape: your library   ctrl+q: quit", "dim"),
            )
        )
        self.query_one(DecoderPanel).show_message("Nothing to decode.")

    def _show_report(self, report: PaperReport) -> None:
        state = ReadingState(report, glossary=self.context.glossary(), known=self.context.known)
        self.state = state
        meta = report.meta
        self.sub_title = f"{meta.id} · {meta.title}"
        self.query_one("#status").display = False
        for indicator in self.query("#loading"):
            indicator.remove()
        paper = self.query_one(PaperView)
        paper.display = True
        paper.show(state)
        self.query_one(DecoderPanel).show(state)
        for panel in self.query("#toc, #terms"):
            panel.show(state)  # type: ignore[attr-defined]
        state.changed.subscribe(self._state_changed)
        self._fit_decoder()
        if self._goto_equation:
            self.goto_equation(self._goto_equation)
        elif self._goto_section:
            self.goto_section(self._goto_section)
        else:
            place = self.context.places.get(meta.id)
            if place is not None:
                paper.restore(place.top, place.selected)
        paper.focus()
        # The reader's notes after the first paint: opening the notes database imports
        # sqlite-utils and its dependencies, which would hold the interpreter lock meanwhile.
        self.context.after_first_frame(lambda: self._load_notes_soon(meta.id))
        if self.context.link_terms:
            self._link_by_meaning()

    def _fit_decoder(self) -> None:
        """Under the paper (narrow layout), the decoder takes little room until it has
        something to decode. Set on the decoder itself: a class on the screen would restyle
        every widget."""
        decoder = self.query_one(DecoderPanel)
        overview = self.state is None or self.state.subject.kind == "overview"
        decoder.set_class(overview, "-overview")

    def _state_changed(self, change: str) -> None:
        if change == "selection":
            self._fit_decoder()
        self._settle_if_ready()

    def _load_notes_soon(self, paper_id: str) -> None:
        self._load_notes(paper_id)

    @work(thread=True, group="store")
    def _load_notes(self, paper_id: str) -> None:
        from paperpal.tui.state.store_io import read_notes

        notes = read_notes(paper_id)
        self.app.call_from_thread(self._notes_read, notes)

    def _notes_read(self, notes: list[Note]) -> None:
        if self.state is not None:
            fresh = {n.id for n in notes}
            kept = [n for n in self.state.notes if n.id not in fresh]  # added meanwhile
            self.state.set_notes([*notes, *kept])

    @work(thread=True, exclusive=True, group="link")
    def _link_by_meaning(self) -> None:
        """Link the paper's unfamiliar phrases to glossary concepts by meaning, in the background.

        This needs the embedding model (seconds to load, once per process); the reader is fully
        usable meanwhile, and the result is memoised with the report for the next time.
        """
        import time

        from paperpal.errors import PaperpalError
        from paperpal.pipeline import read_paper

        time.sleep(1.0)  # let the first screen settle before the CPU-heavy model load
        context = self.context
        try:
            linked = read_paper(
                self.ref, glossary=context.glossary(), embedder=context.embedder, offline=True
            )
        except PaperpalError:
            return
        self.app.call_from_thread(self._apply_linked, linked)

    def _apply_linked(self, linked: PaperReport) -> None:
        state = self.state
        if state is None:
            return
        before = sum(1 for t in state.report.terms if t.concept)
        after = sum(1 for t in linked.terms if t.concept)
        state.replace_terms(linked)
        if after > before:
            self.notify(f"{after - before} more terms linked to the glossary by meaning.")

    # -- navigation ------------------------------------------------------------------------

    def equation_numbers(self) -> list[str]:
        return self.state.equation_numbers() if self.state else []

    def goto_equation(self, number: str) -> None:
        state = self.state
        if state is None:
            self._goto_equation = number
            return
        item = state.equation_item(number)
        if item is None:
            self.notify(
                f"No equation ({number.strip().strip('()')}) in this paper.", severity="warning", markup=False
            )
            return
        state.select(item.index)
        self.query_one(DecoderPanel).view.scroll_to(y=0, animate=False, immediate=True)  # a fresh look
        paper = self.query_one(PaperView)
        paper.scroll_to_item(item.index, top=True)
        self._leave_side_panel()
        paper.focus()

    def goto_section(self, section: str) -> None:
        state = self.state
        if state is None:
            self._goto_section = section
            return
        item = state.section_item(section) or state.item(section)
        if item is not None:
            self.query_one(PaperView).scroll_to_item(item.index, top=True)

    def show_concept(self, concept_id: str) -> None:
        """A glossary concept in the decoder (from the command palette)."""
        if self.state is not None:
            self.state.show_concept(concept_id)
            self._leave_side_panel()

    def _step(self, kind: str, direction: int) -> None:
        if self.state is None:
            self.notify("The paper is still loading.")
            return
        paper = self.query_one(PaperView)
        if paper.step(kind, direction) is None:
            self.notify("This paper has no display equations.")
            return
        if self.focused is not paper:
            self._leave_side_panel()
            paper.focus()

    def action_next_equation(self) -> None:
        self._step("equation", 1)

    def action_prev_equation(self) -> None:
        self._step("equation", -1)

    def _side_panel_hidden(self) -> bool:
        return not self.has_class("-wide")

    async def _show_side(self, tab: str, focus: str) -> None:
        await self._mount_sidebar()
        if self._side_panel_hidden():
            self.add_class("-side")
        from textual.widgets import TabbedContent

        self.query_one("#sidebar", TabbedContent).active = tab
        self.query_one(focus).focus()

    def _leave_side_panel(self) -> None:
        self.remove_class("-side")

    async def action_terms(self) -> None:
        await self._show_side("tab-terms", "#terms")
        terms = self.query_one("#terms")
        if terms.cursor is None:  # type: ignore[attr-defined]
            terms.move_cursor(0)  # type: ignore[attr-defined]

    async def action_contents(self) -> None:
        await self._show_side("tab-contents", "#toc")

    def action_symbols(self) -> None:
        decoder = self.query_one(DecoderPanel)
        symbol = decoder.current_symbol
        if symbol is None or self.state is None:
            self.notify("Select an equation first (] or [): its symbols are listed in the decoder.")
            return
        self._leave_side_panel()
        decoder.view.focus()
        self.state.highlight_symbol(symbol.latex)

    def action_try_numbers(self) -> None:
        state = self.state
        item = state.items[state.subject.item] if state and state.subject.item is not None else None
        if state is None or item is None or item.info is None:
            self.notify("Select an equation first (] or [), then = tries it with numbers.")
            return
        from paperpal.tui.screens.tryit import TryScreen

        symbols = [state.symbols[k] for k in item.info.symbols if k in state.symbols]
        self.app.push_screen(TryScreen(item.info, symbols))

    def action_details(self) -> None:
        if self.state is None:
            return
        from paperpal.tui.screens.details import DetailsScreen

        self.app.push_screen(DetailsScreen(self.state.report))

    def action_back(self) -> None:
        """Step back out, never out of the paper: side panel or symbol list -> the paper;
        a term in the decoder -> the selected equation again."""
        if self.failed:
            self.post_message(OpenLibrary())
            return
        paper = self.query_one(PaperView)
        if self.has_class("-side"):
            self._leave_side_panel()
            paper.focus()
            return
        if self.focused is not paper:
            paper.focus()
            return
        if self.state is not None:
            self.state.back_to_item()

    def action_search(self) -> None:
        self.post_message(OpenSearch())

    # Handlers by name, so that the side panel's module is imported only when it is mounted.
    def on_tree_node_selected(self, event: Any) -> None:
        if event.node.data:
            self.goto_section(event.node.data)
            self._leave_side_panel()
            self.query_one(PaperView).focus()

    def on_line_list_highlighted(self, event: Any) -> None:
        if event.control.id == "terms":
            self._term_chosen(event.index)

    def on_line_list_selected(self, event: Any) -> None:
        if event.control.id == "terms":
            self._term_chosen(event.index)

    def _term_chosen(self, index: int) -> None:
        state = self.state
        if state is not None and 0 <= index < len(state.report.terms):
            state.show_term(state.report.terms[index])
