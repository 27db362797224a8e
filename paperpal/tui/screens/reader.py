"""The reader: contents and terms | the paper | the decoder.

The report is built in a worker thread (fetching and reading can take seconds; a cached paper
comes back from the pipeline's memo at once); until then the screen shows progress, and on
failure a message with the ways out. Notes and known concepts are read and written through
``paperpal.store`` in workers too, so the UI never waits on the disk.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import (
    Header,
    LoadingIndicator,
    OptionList,
    Static,
    TabbedContent,
    TabPane,
    Tree,
)
from textual.widgets.option_list import Option

from paperpal.models import Equation, Note, Paragraph, Section, SymbolInfo, TermInfo
from paperpal.tui.widgets.blocks import BlockSelected, EquationBlock, HeadingBlock, ParagraphBlock
from paperpal.tui.widgets.decoder import DecoderPanel
from paperpal.tui.widgets.footer import QuietFooter

if TYPE_CHECKING:
    from collections.abc import Callable

    from paperpal.models import PaperReport, PathStep
    from paperpal.tui.app import PaperpalApp


class ReaderScreen(Screen[None]):
    """Read one paper; select equations, symbols and terms to have them explained."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "right_square_bracket",
            "next_equation",
            "Next eq",
            key_display="]",
            tooltip="Jump to the next equation",
        ),
        Binding(
            "left_square_bracket",
            "prev_equation",
            "Prev eq",
            key_display="[",
            show=False,
            tooltip="Jump to the previous equation",
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
        Binding("s", "symbols", "Symbols", show=False, tooltip="Move to the symbol list of the decoder"),
        Binding("slash", "search", "Search", key_display="/", tooltip="Search notes and papers"),
        Binding("x", "export", "Export", tooltip="Export reading-group notes"),
        Binding("escape", "back", "Back", show=False, tooltip="Back to the previous screen"),
    ]

    def __init__(
        self,
        ref: str,
        *,
        goto_equation: str | None = None,
        goto_section: str | None = None,
        report: PaperReport | None = None,
    ) -> None:
        super().__init__()
        self.ref = ref
        self._preloaded = report  # read before the screen started (a paper in the library)
        self.report: PaperReport | None = None
        self.notes: list[Note] = []
        self.known: frozenset[str] = frozenset()
        self.annotated = False  # the reader's notes and known concepts have been read
        self.linked_by_meaning = False  # the terms have been linked by meaning (link_terms)
        self._goto_equation = goto_equation
        self._goto_section = goto_section
        self._symbols_by_key: dict[str, SymbolInfo] = {}
        self._selected: tuple[str, str] | None = None  # (kind, key) of what the decoder shows
        self._selected_quote: str | None = None
        self._term_concept: str | None = None
        # The paper's blocks past the first screenful, mounted a batch at a time after the first
        # paint (mounting and laying out all ~135 blocks of a paper delays the first screen).
        self._unmounted: list[Static] = []
        self._after_paint: list[Callable[[], object]] = []

    @property
    def pp_app(self) -> PaperpalApp:
        return self.app  # type: ignore[return-value]

    @property
    def ready(self) -> bool:
        """The whole paper is on screen, with the reader's notes and known concepts."""
        return self.annotated and not self._unmounted

    @property
    def paper_id(self) -> str | None:
        return self.report.meta.id if self.report else None

    # -- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="reader"):
            with TabbedContent(id="sidebar", initial="tab-contents"):
                with TabPane("Contents", id="tab-contents"):
                    yield Tree("Paper", id="toc")
                with TabPane("Terms", id="tab-terms"):
                    yield OptionList(id="terms")
            with VerticalScroll(id="paper"):
                yield Static(f"Opening {self.ref}…", id="status")
                yield LoadingIndicator(id="loading")
            yield DecoderPanel(id="decoder")
        yield QuietFooter()

    def on_mount(self) -> None:
        self.query_one("#toc", Tree).show_root = False
        if self._preloaded is not None:
            report, self._preloaded = self._preloaded, None
            self._show_report(report)
            # The reader's notes and known concepts after the first paint: reading them imports
            # sqlite-utils and its dependencies, which would hold the interpreter lock meanwhile.
            self._after_first_paint(lambda: self._load_annotations(report))
            return
        self.query_one(DecoderPanel).show_message("The paper is loading…")
        self.load()

    # -- loading ---------------------------------------------------------------------------

    def _progress(self, message: str) -> None:
        self.app.call_from_thread(self._set_status, message)

    def _set_status(self, message: str) -> None:
        if self.report is None:
            self.query_one("#status", Static).update(Text(f"{message}…"))

    @work(thread=True, exclusive=True, group="load")
    def load(self) -> None:
        from paperpal.errors import PaperpalError
        from paperpal.pipeline import read_paper

        app = self.pp_app
        try:
            glossary = app.glossary()
            report = read_paper(self.ref, glossary=glossary, offline=app.offline, progress=self._progress)
        except PaperpalError as err:
            self.app.call_from_thread(self._show_error, str(err))
            return
        except Exception as err:  # noqa: BLE001 - the UI must say what happened, never crash
            self.app.call_from_thread(
                self._show_error, f"paperpal could not read this paper: {type(err).__name__}: {err}"
            )
            return
        self.app.call_from_thread(self._show_report, report)
        self._read_annotations(report)

    @work(thread=True, group="annotations")
    def _load_annotations(self, report: PaperReport) -> None:
        self._read_annotations(report)

    def _read_annotations(self, report: PaperReport) -> None:
        """(On a worker thread.) The reader's notes and known concepts for the paper on screen.

        The paper first, the reader's own marks right after: opening the notes database costs
        about 0.3 s (sqlite-utils and its imports), a third of the time to the first screen.
        """
        from paperpal.glossary.paper_path import paper_path

        known = _read_known()
        notes = _read_notes(report.meta.id)
        path = report.reading_path
        if known:  # the same path, with what the reader knows marked
            path = paper_path(report.terms, self.pp_app.glossary(), known)
        self.app.call_from_thread(self._annotate, notes, known, path)

    def on_unmount(self) -> None:
        from paperpal.tui.app import unsettle

        unsettle()  # this paper's objects may go now; the next reader settles what stays

    def _annotate(self, notes: list[Note], known: frozenset[str], path: tuple[PathStep, ...]) -> None:
        """Add the reader's notes and known concepts to the paper already on screen."""
        if self.report is None:
            return
        have = {n.id for n in self.notes}  # a note added meanwhile is already there
        self.notes = self.notes + [n for n in notes if n.id not in have]
        self.known = self.known | known
        if known:
            self.report = replace(self.report, reading_path=path)
            self._fill_terms()
        self.annotated = True
        if notes:
            self.refresh_notes()
        self._settle_if_complete()

    def _settle_if_complete(self) -> None:
        """Once the whole paper and the reader's marks are in, move them out of the cycle
        collector's way: they stay as long as the reader shows the paper (see ``tui.app``)."""
        if self.ready:
            from paperpal.tui.app import settle

            settle()

    def _show_error(self, message: str) -> None:
        self.query_one("#loading").remove()
        status = self.query_one("#status", Static)
        status.add_class("error")
        status.update(
            Text.assemble(
                ("Could not open this paper\n\n", "bold red"),
                (message + "\n\n", ""),
                ("ctrl+o: your library   ctrl+q: quit   escape: back", "dim"),
            )
        )
        self.query_one(DecoderPanel).show_message("Nothing to decode.")

    def _show_report(self, report: PaperReport) -> None:
        self.report = report
        self._symbols_by_key = {s.latex: s for s in report.symbols}
        meta = report.meta
        self.sub_title = f"{meta.id} · {meta.title}"[:90]

        paper = self.query_one("#paper", VerticalScroll)
        self.query_one("#loading").remove()
        head = Text()
        head.append(meta.title or report.document.title or meta.id, style="bold")
        head.append("\n")
        if meta.authors:
            head.append(", ".join(meta.authors) + "\n", style="italic")
        head.append(f"{'arXiv:' + meta.id if meta.origin == 'arxiv' else meta.id}", style="dim")
        head.append(
            f" · read from the {'LaTeX source' if report.document.source == 'latex' else 'PDF'}\n",
            style="dim",
        )
        for warning in report.warnings:
            head.append(f"⚠ {warning}\n", style="yellow")
        self.query_one("#status", Static).update(head)

        infos = {info.equation.id: info for info in report.equations}
        widgets: list[Static] = []
        abstract = meta.abstract or report.document.abstract
        paragraphs = report.document.paragraphs
        if abstract and paragraphs and _same_start(abstract, paragraphs[0].text):
            abstract = ""  # the document's first paragraph is the abstract already
        if abstract:
            widgets.append(Static(Text("Abstract"), classes="heading level-2"))
            widgets.append(Static(Text(abstract), classes="para abstract"))
        for block in report.document.blocks:
            if isinstance(block, Section):
                widgets.append(HeadingBlock(block))
            elif isinstance(block, Paragraph):
                widgets.append(ParagraphBlock(block, note_count=self._count_paragraph_notes(block)))
            elif isinstance(block, Equation) and block.id in infos:
                widgets.append(
                    EquationBlock(
                        infos[block.id], note_count=self._count_notes("equation", _eq_anchor(block))
                    )
                )
        first = _first_screenful(widgets, self.app.size.height)
        paper.mount_all(widgets[:first])
        self._unmounted = widgets[first:]
        if self._unmounted:
            self._after_first_paint(self._mount_more)  # the rest after the first paint

        toc = self.query_one("#toc", Tree)
        toc.clear()
        parents = {0: toc.root}
        for section in report.document.sections:
            level = max(section.level, 1)
            parent = parents.get(level - 1) or toc.root
            label = f"{section.number} {section.title}" if section.number else section.title
            node = parent.add(label[:60], data=section.id, expand=True)
            parents[level] = node
            for deeper in [k for k in parents if k > level]:
                del parents[deeper]
        if not report.document.sections:
            toc.root.add_leaf("(no sections found)")
        self._fill_terms()

        self.query_one(DecoderPanel).show_message(
            f"{len(report.equations)} equations, {len(report.symbols)} symbols, {len(report.terms)} terms.\n\n"
            "Select an equation (click it, Tab, or ] and [) to decode it; the Terms tab lists the jargon."
        )
        if self._goto_equation:
            self.goto_equation(self._goto_equation)
        elif self._goto_section:
            self.goto_section(self._goto_section)
        if self.pp_app.link_terms:
            self._link_by_meaning()

    _MOUNT_BATCH = 40

    def _after_first_paint(self, callback: Callable[[], object]) -> None:
        """Run ``callback`` once the app's first frame is on the terminal.

        ``call_after_refresh`` alone is not enough at start-up: while the app starts, callbacks
        run as soon as it is idle, before any layout or paint. So until the app is ready
        (Textual's ``Ready`` event, see ``PaperpalApp.on_ready``) deferred work waits for it.
        """
        self._after_paint.append(callback)
        if self.pp_app.first_frame_shown:
            self.call_after_refresh(self._run_after_paint)

    def first_frame_shown(self) -> None:
        """Called by the app when its first frame is on the terminal."""
        if self._after_paint:
            self.call_after_refresh(self._run_after_paint)

    def _run_after_paint(self) -> None:
        callbacks, self._after_paint = self._after_paint, []
        for callback in callbacks:
            callback()

    def _mount_more(self) -> None:
        """Mount the next batch of the paper's blocks, and come back after the screen is redrawn:
        a key pressed meanwhile waits for one batch at most."""
        if not self._unmounted:
            return
        batch, self._unmounted = self._unmounted[: self._MOUNT_BATCH], self._unmounted[self._MOUNT_BATCH :]
        self.query_one("#paper", VerticalScroll).mount_all(batch)
        if self._unmounted:
            self.call_after_refresh(self._mount_more)
        else:
            self._settle_if_complete()

    def _with_all_blocks(self, then: Callable[[], None]) -> None:
        """Run ``then`` once every block of the paper is mounted (at once, if they all are)."""
        if not self._unmounted:
            then()
            return
        rest, self._unmounted = self._unmounted, []

        async def mount_rest_then() -> None:
            await self.query_one("#paper", VerticalScroll).mount_all(rest)
            then()
            self._settle_if_complete()

        self.run_worker(mount_rest_then(), group="mount")

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
        app = self.pp_app
        try:
            linked = read_paper(
                self.ref, glossary=app.glossary(), known=self.known, embedder=app.embedder, offline=True
            )
        except PaperpalError:
            return
        self.app.call_from_thread(self._apply_linked, linked)

    def _apply_linked(self, linked: PaperReport) -> None:
        if self.report is None:
            return
        before = sum(1 for t in self.report.terms if t.concept)
        after = sum(1 for t in linked.terms if t.concept)
        self.report = replace(
            self.report, terms=linked.terms, reading_path=linked.reading_path, full_path=linked.full_path
        )
        self.linked_by_meaning = True
        self._fill_terms()
        if after > before:
            self.notify(f"{after - before} more terms linked to the glossary by meaning.")

    def _fill_terms(self) -> None:
        assert self.report is not None
        terms = self.query_one("#terms", OptionList)
        terms.clear_options()
        glossary = self.pp_app.glossary()
        options = []
        for i, term in enumerate(self.report.terms):
            label = Text()
            known = term.concept in self.known if term.concept else False
            label.append("✓ " if known else "  ", style="green")
            concept = glossary.concept(term.concept) if term.concept else None
            label.append(concept.name if concept else term.name, style="" if term.concept else "dim")
            label.append(f"  ×{term.count}", style="dim")
            options.append(Option(label, id=f"term-{i}"))
        terms.add_options(options)

    # -- notes helpers ---------------------------------------------------------------------

    def _notes_for(self, kind: str, anchor: str) -> list[Note]:
        return [n for n in self.notes if n.anchor_kind == kind and (n.anchor or "") == anchor]

    def _count_notes(self, kind: str, anchor: str) -> int:
        return len(self._notes_for(kind, anchor))

    def _paragraph_notes(self, paragraph: Paragraph) -> list[Note]:
        found = []
        for note in self.notes:
            if note.anchor_kind != "quote":
                continue
            if note.anchor == paragraph.id or (note.quote and note.quote[:60] in paragraph.text):
                found.append(note)
        return found

    def _count_paragraph_notes(self, paragraph: Paragraph) -> int:
        return len(self._paragraph_notes(paragraph))

    # -- selection -------------------------------------------------------------------------

    @on(BlockSelected)
    def _block_selected(self, event: BlockSelected) -> None:
        block = event.block
        decoder = self.query_one(DecoderPanel)
        if isinstance(block, EquationBlock):
            info = block.info
            anchor = _eq_anchor(info.equation)
            self._selected = ("equation", anchor)
            symbols = [self._symbols_by_key[k] for k in info.symbols if k in self._symbols_by_key]
            decoder.show_equation(info, symbols, self._notes_for("equation", anchor))
        else:
            self._selected = ("quote", block.paragraph.id)
            self._selected_quote = block.display_text
            decoder.show_passage(block.display_text, self._paragraph_notes(block.paragraph))

    @on(Tree.NodeSelected, "#toc")
    def _toc_selected(self, event: Tree.NodeSelected[str]) -> None:
        if event.node.data:
            self.goto_section(event.node.data)

    @on(OptionList.OptionSelected, "#terms")
    @on(OptionList.OptionHighlighted, "#terms")
    def _term_selected(self, event: OptionList.OptionSelected | OptionList.OptionHighlighted) -> None:
        if self.report is None:
            return
        index = event.option_index
        if 0 <= index < len(self.report.terms):
            self.show_term(self.report.terms[index])

    def show_term(self, term: TermInfo) -> None:
        glossary = self.pp_app.glossary()
        concept = glossary.concept(term.concept) if term.concept else None
        self._show_term_panel(term.name, concept.id if concept else None, term)

    def show_concept(self, concept_id: str) -> None:
        """Show a glossary concept in the decoder (used by the command palette)."""
        term = None
        if self.report:
            term = next((t for t in self.report.terms if t.concept == concept_id), None)
        self._show_term_panel(term.name if term else concept_id, concept_id, term)

    def _show_term_panel(self, name: str, concept_id: str | None, term: TermInfo | None) -> None:
        glossary = self.pp_app.glossary()
        concept = glossary.concept(concept_id) if concept_id else None
        prereqs = []
        if concept:
            for pid in concept.requires:
                pc = glossary.concept(pid)
                prereqs.append((pid, pc.name if pc else pid, pid in self.known))
        anchor = concept.name if concept else name
        self._selected = ("term", anchor)
        self._term_concept = concept.id if concept else None
        self.query_one(DecoderPanel).show_term(
            name,
            concept,
            term,
            prereqs,
            bool(concept and concept.id in self.known),
            self._notes_for("term", anchor),
        )

    # -- navigation ------------------------------------------------------------------------

    def equation_numbers(self) -> list[str]:
        if self.report is None:
            return []
        return [e.equation.number for e in self.report.equations if e.equation.number]

    def goto_equation(self, number: str) -> None:
        self._with_all_blocks(lambda: self._goto_equation_now(number))

    def _goto_equation_now(self, number: str) -> None:
        key = number.strip().strip("()")
        for block in self.query(EquationBlock):
            if block.equation.number == key or block.equation.id == key:
                self.query_one("#paper", VerticalScroll).scroll_to_widget(block, top=True, animate=False)
                block.focus()
                return
        self.notify(f"No equation ({key}) in this paper.", severity="warning")

    def goto_section(self, section_id: str) -> None:
        self._with_all_blocks(lambda: self._goto_section_now(section_id))

    def _goto_section_now(self, section_id: str) -> None:
        for block in self.query(HeadingBlock):
            if block.section.id == section_id or block.section.title == section_id:
                self.query_one("#paper", VerticalScroll).scroll_to_widget(block, top=True, animate=False)
                return

    def _step_equation(self, step: int) -> None:
        if self.report is None:
            self.notify("The paper is still loading.")
            return
        self._with_all_blocks(lambda: self._step_equation_now(step))

    def _step_equation_now(self, step: int) -> None:
        blocks = list(self.query(EquationBlock))
        if not blocks:
            self.notify("This paper has no display equations.")
            return
        focused = self.focused
        if isinstance(focused, EquationBlock) and focused in blocks:
            index = (blocks.index(focused) + step) % len(blocks)
        else:
            index = 0 if step > 0 else len(blocks) - 1
        self.query_one("#paper", VerticalScroll).scroll_to_widget(blocks[index], animate=False)
        blocks[index].focus()

    def action_next_equation(self) -> None:
        self._step_equation(1)

    def action_prev_equation(self) -> None:
        self._step_equation(-1)

    def action_terms(self) -> None:
        self.query_one("#sidebar", TabbedContent).active = "tab-terms"
        self.query_one("#terms", OptionList).focus()

    def action_contents(self) -> None:
        self.query_one("#sidebar", TabbedContent).active = "tab-contents"
        self.query_one("#toc", Tree).focus()

    def action_symbols(self) -> None:
        symbols = self.query_one("#decoder-symbols", OptionList)
        if symbols.display:
            symbols.focus()

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:
            self.pp_app.action_library()

    def action_search(self) -> None:
        self.pp_app.action_search()

    # -- known concepts --------------------------------------------------------------------

    def action_toggle_known(self) -> None:
        if not self._term_concept:
            self.notify("Select a term from the glossary first (t opens the Terms tab).")
            return
        concept_id = self._term_concept
        known = concept_id not in self.known
        self._write_known(concept_id, known)

    @work(thread=True, group="store")
    def _write_known(self, concept_id: str, known: bool) -> None:
        from paperpal.errors import PaperpalError
        from paperpal.store import open_store

        try:
            with open_store() as store:
                store.set_known(concept_id, known)
        except PaperpalError as err:
            self.app.call_from_thread(self.notify, str(err), severity="error")
            return
        self.app.call_from_thread(self._known_changed, concept_id, known)

    def _known_changed(self, concept_id: str, known: bool) -> None:
        self.known = self.known | {concept_id} if known else self.known - {concept_id}
        glossary = self.pp_app.glossary()
        concept = glossary.concept(concept_id)
        name = concept.name if concept else concept_id
        self.notify(f"Marked “{name}” as {'known' if known else 'not known'}.")
        self._fill_terms()
        self.show_concept(concept_id)

    def action_path(self) -> None:
        if self.report is None:
            return
        from paperpal.tui.screens.path import PathScreen

        self.app.push_screen(PathScreen(self.report))

    # -- notes -----------------------------------------------------------------------------

    def _note_target(self) -> tuple[str, str | None, str | None, str]:
        """(anchor_kind, anchor, quote, description) for what a new note should annotate."""
        decoder = self.query_one(DecoderPanel)
        focused = self.focused
        if focused is self.query_one("#decoder-symbols", OptionList) and decoder.current_symbol:
            sym = decoder.current_symbol
            return "symbol", sym.latex, None, f"symbol {sym.text}"
        if self._selected:
            kind, key = self._selected
            if kind == "equation":
                return "equation", key, None, f"equation ({key})"
            if kind == "term":
                return "term", key, None, f"term “{key}”"
            if kind == "quote":
                quote = (self._selected_quote or "")[:300]
                return "quote", key, quote, "the selected passage"
        return "paper", None, None, "the paper"

    def action_add_note(self) -> None:
        if self.report is None:
            return
        from paperpal.tui.screens.note_editor import NoteDraft, NoteEditor

        kind, anchor, quote, description = self._note_target()
        paper_id = self.report.meta.id

        def saved(draft: NoteDraft | None) -> None:
            if draft is not None:
                self._save_note(paper_id, draft.body, kind, anchor, quote, draft.tags)

        self.app.push_screen(NoteEditor(f"Note on {description}", quote=quote), saved)

    @work(thread=True, group="store")
    def _save_note(
        self,
        paper_id: str,
        body: str,
        kind: str,
        anchor: str | None,
        quote: str | None,
        tags: tuple[str, ...],
    ) -> None:
        from paperpal.errors import PaperpalError
        from paperpal.store.unsaved import add_note_or_keep

        try:
            # A note the database will not take is kept in a file; the error says where.
            note = add_note_or_keep(paper_id, body, anchor_kind=kind, anchor=anchor, quote=quote, tags=tags)
        except PaperpalError as err:
            self.app.call_from_thread(
                self.notify, f"The note was NOT saved: {err}", severity="error", timeout=15
            )
            return
        self.app.call_from_thread(self._note_added, note)

    def _note_added(self, note: Note) -> None:
        self.notes.append(note)
        self.notify("Note saved.")
        self.refresh_notes()

    def refresh_notes(self) -> None:
        """Redraw note markers and the decoder after notes changed."""
        blocks = [*self.query(EquationBlock), *self.query(ParagraphBlock), *self._unmounted]
        for block in blocks:
            if isinstance(block, EquationBlock):
                block.set_note_count(self._count_notes("equation", _eq_anchor(block.equation)))
            elif isinstance(block, ParagraphBlock):
                block.set_note_count(self._count_paragraph_notes(block.paragraph))
        focused = self.focused
        if isinstance(focused, EquationBlock | ParagraphBlock):
            self._block_selected(BlockSelected(focused))
        elif self._selected and self._selected[0] == "term":
            if self._term_concept:
                self.show_concept(self._term_concept)

    def action_notes(self) -> None:
        if self.report is None:
            return
        from paperpal.tui.screens.notes import NotesScreen

        self.app.push_screen(NotesScreen(self.report.meta.id, self.report.meta.title), self._after_notes)

    def _after_notes(self, jump: str | None) -> None:
        self._reload_notes()
        if jump:
            self.goto_equation(jump)

    @work(thread=True, group="store")
    def _reload_notes(self) -> None:
        if self.report is None:
            return
        notes = _read_notes(self.report.meta.id)

        def apply() -> None:
            self.notes = notes
            self.refresh_notes()

        self.app.call_from_thread(apply)

    def action_export(self) -> None:
        if self.report is None:
            return
        from paperpal.tui.screens.export import ExportScreen

        self.app.push_screen(ExportScreen(self.report))


def _same_start(a: str, b: str) -> bool:
    def words(text: str) -> list[str]:
        return text.split()[:12]

    return bool(words(a)) and words(a) == words(b)


def _eq_anchor(equation: Equation) -> str:
    return equation.number or equation.id


def _first_screenful(widgets: list[Static], rows: int) -> int:
    """How many of the paper's blocks to mount before the first screen: enough to fill it twice
    over, by a rough count of lines (the paper column is at least 60 characters wide)."""
    lines = 0
    for count, widget in enumerate(widgets, 1):
        if isinstance(widget, ParagraphBlock):
            lines += 2 + len(widget.paragraph.text) // 60
        elif isinstance(widget, EquationBlock):
            lines += 2 + (widget.info.pretty or "").count("\n")
        else:
            lines += 2 + len(str(widget.content)) // 60
        if lines >= 2 * rows:
            return count
    return len(widgets)


def _read_known() -> frozenset[str]:
    """Known concepts; none (the full path) when the notes database cannot be read."""
    from paperpal.errors import PaperpalError
    from paperpal.store import read_known_concepts

    try:
        return read_known_concepts()
    except PaperpalError:
        return frozenset()


def _read_notes(paper_id: str) -> list[Note]:
    from paperpal.errors import PaperpalError
    from paperpal.store import open_store

    try:
        with open_store() as store:
            return list(store.list_notes(paper_id))
    except PaperpalError:
        return []
