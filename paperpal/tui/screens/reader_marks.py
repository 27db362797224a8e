"""The reader's own marks on a paper, for ``ReaderScreen``: known concepts, notes, the reading
path and the export. Each action writes to the notes database in a worker and applies what it
accepted to the reading state (or the app-wide known concepts), which every screen observes.

Must not: draw anything itself (the widgets draw the state) or keep its own copy of a mark.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.screen import Screen

from paperpal.tui.widgets.decoder import DecoderPanel
from paperpal.tui.widgets.linelist import LineList

if TYPE_CHECKING:
    from paperpal.models import Note
    from paperpal.tui.state.context import TuiContext
    from paperpal.tui.state.reading import ReadingState


class ReaderMarks(Screen[None]):
    """Known concepts, notes, the path and the export of the paper a reader shows."""

    context: TuiContext
    state: ReadingState | None

    def goto_equation(self, number: str) -> None:
        raise NotImplementedError

    # -- known concepts --------------------------------------------------------------------

    def action_toggle_known(self) -> None:
        state = self.state
        if state is None:
            return
        terms = self.query_one("#terms", LineList) if self.query("#terms") else None
        concept_id = state.term_concept()
        if concept_id is None and terms is not None and self.focused is terms and terms.cursor is not None:
            concept_id = state.report.terms[terms.cursor].concept
        if not concept_id:
            self.notify("Select a term from the glossary first (t lists the paper's terms).")
            return
        self._write_known(concept_id, concept_id not in self.context.known)

    @work(thread=True, group="store")
    def _write_known(self, concept_id: str, known: bool) -> None:
        from paperpal.errors import PaperpalError
        from paperpal.tui.state.store_io import write_known

        try:
            write_known([concept_id], known)
        except PaperpalError as err:
            self.app.call_from_thread(self.notify, str(err), severity="error", markup=False)
            return
        self.app.call_from_thread(self._known_written, concept_id, known)

    def _known_written(self, concept_id: str, known: bool) -> None:
        self.context.known.apply([concept_id], known)
        concept = self.context.glossary().concept(concept_id)
        name = concept.name if concept else concept_id
        self.notify(f"Marked “{name}” as {'known' if known else 'not known'}.", markup=False)

    def action_path(self) -> None:
        if self.state is None:
            return
        from paperpal.tui.screens.path import PathScreen

        self.app.push_screen(PathScreen(self.context, self.state))

    # -- notes -----------------------------------------------------------------------------

    def action_add_note(self) -> None:
        state = self.state
        if state is None:
            return
        from paperpal.tui.screens.note_editor import NoteDraft, NoteEditor

        target = state.note_target(symbol_list_focused=self.focused is self.query_one(DecoderPanel).view)
        paper_id = state.paper_id

        def saved(draft: NoteDraft | None) -> None:
            if draft is not None:
                self._save_note(paper_id, draft.body, target.kind, target.anchor, target.quote, draft.tags)

        self.app.push_screen(NoteEditor(f"Note on {target.description}", quote=target.quote), saved)

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
        from paperpal.tui.state.store_io import add_note

        try:
            note = add_note(paper_id, body, kind=kind, anchor=anchor, quote=quote, tags=tags)
        except PaperpalError as err:
            self.app.call_from_thread(
                self.notify, f"The note was NOT saved: {err}", severity="error", timeout=15, markup=False
            )
            return
        self.app.call_from_thread(self._note_added, note)

    def _note_added(self, note: Note) -> None:
        if self.state is not None:
            self.state.add_note(note)
        self.notify("Note saved.")

    def action_notes(self) -> None:
        if self.state is None:
            return
        from paperpal.tui.screens.notes import NotesScreen

        self.app.push_screen(NotesScreen(self.context, self.state), self._after_notes)

    def _after_notes(self, jump: str | None) -> None:
        if jump:
            self.goto_equation(jump)

    def action_export(self) -> None:
        if self.state is None:
            return
        from paperpal.tui.screens.export import ExportScreen

        self.app.push_screen(ExportScreen(self.context, self.state))
