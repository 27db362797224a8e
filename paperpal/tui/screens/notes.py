"""The reader's notes on one paper: read, edit, delete (recoverable), jump to what they annotate.

The table shows each note's first line with its Markdown rendered (no ``**``), its tags and
when it was last changed (date and time, in the reader's time zone); the highlighted note is
rendered in full below. Changes go to the notes database in a worker and then to the reading
state, so the reader's marks and decoder follow at once.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Static

from paperpal.models import Note
from paperpal.tui.widgets.keybar import KeyBar
from paperpal.tui.widgets.note_markdown import NoteMarkdown, markdown_line
from paperpal.tui.widgets.safe import assemble, plain, plain_text
from paperpal.tui.widgets.titlebar import TitleBar
from paperpal.tui.widgets.wrapping import fit

if TYPE_CHECKING:
    from paperpal.tui.state.context import TuiContext
    from paperpal.tui.state.reading import ReadingState


def when(stamp: str) -> str:
    """An ISO 8601 UTC time as the reader's local "2026-12-06 14:02"; the text as it is when it
    is not a time."""
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return stamp
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime("%Y-%m-%d %H:%M")


class NotesScreen(Screen[str | None]):
    """Dismisses with an equation anchor to jump to, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "jump", "Go to", tooltip="Go to what the note annotates"),
        Binding("e", "edit", "Edit", tooltip="Edit the highlighted note"),
        Binding("d", "delete", "Delete", tooltip="Delete the highlighted note (u brings it back)"),
        Binding("u", "undo", "Undo delete", tooltip="Restore the last deleted note"),
        Binding("escape", "close", "Back"),
    ]

    def __init__(self, context: TuiContext, state: ReadingState) -> None:
        super().__init__()
        self.context = context
        self.state = state
        self.notes: list[Note] = []
        self._last_deleted: str | None = None

    @property
    def paper_id(self) -> str:
        return self.state.paper_id

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(id="notes-intro")
        yield DataTable(id="notes-table", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="notes-detail"):
            yield Static(id="notes-detail-head")
            yield NoteMarkdown("", id="notes-detail-body")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = f"notes · {self.paper_id}"
        self._load()
        self.query_one(DataTable).focus()

    @work(thread=True, exclusive=True, group="notes")
    def _load(self) -> None:
        from paperpal.tui.state.store_io import read_notes

        notes = read_notes(self.paper_id)
        self.app.call_from_thread(self._show, notes)

    def _show(self, notes: list[Note]) -> None:
        self.notes = notes
        self.state.set_notes(notes)
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        width = self.size.width or 80
        note_width = max(20, width - 26 - 18 - 16 - 10)
        table.add_column("on", width=26)
        table.add_column("tags", width=18)
        table.add_column("note", width=note_width)
        table.add_column("updated", width=16)
        for note in notes:
            where = note.anchor_kind if not note.anchor else f"{note.anchor_kind} {note.anchor}"
            first = markdown_line(note.body)
            if first.cell_length > note_width:
                first = first.truncate(note_width - 1).append("…")
            table.add_row(
                plain_text(fit(where, 26)),
                plain_text(fit(" ".join(f"#{t}" for t in note.tags), 18)),
                first,
                plain_text(when(note.updated)),
                key=note.id,
            )
        if notes:
            table.move_cursor(row=min(row, len(notes) - 1))
        count = f"{len(notes)} note{'s' if len(notes) != 1 else ''} on "
        intro = assemble((count, "bold"), (self.state.report.meta.title, "bold"))
        if not notes:
            intro = assemble(
                intro, " — select an equation, symbol, term or passage in the reader and press n to add one."
            )
        self.query_one("#notes-intro", Static).update(intro)
        self._show_detail()

    def _current(self) -> Note | None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return next((n for n in self.notes if n.id == row_key.value), None)

    @on(DataTable.RowHighlighted)
    def _show_detail(self) -> None:
        note = self._current()
        head = self.query_one("#notes-detail-head", Static)
        body = self.query_one("#notes-detail-body", NoteMarkdown)
        if note is None:
            head.update("")
            body.update("")
            return
        parts: list[str | tuple[str, str]] = []
        if note.quote:
            parts.append((f"“{note.quote}”\n", "italic"))
        parts.append(
            (f"id {note.id[:8]} · written {when(note.created)} · changed {when(note.updated)}", "dim")
        )
        if note.tags:
            parts.append(("  " + " ".join(f"#{t}" for t in note.tags), "dim"))
        head.update(assemble(*parts))
        from paperpal.tui.widgets.safe import clean

        body.update(clean(note.body))

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        self.action_jump()

    def action_jump(self) -> None:
        note = self._current()
        if note and note.anchor_kind == "equation" and note.anchor:
            self.dismiss(note.anchor)
        else:
            self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_edit(self) -> None:
        note = self._current()
        if note is None:
            return
        from paperpal.tui.screens.note_editor import NoteDraft, NoteEditor

        def saved(draft: NoteDraft | None) -> None:
            if draft is not None:
                self._update(note, draft.body, draft.tags)

        self.app.push_screen(NoteEditor("Edit note", body=note.body, tags=note.tags, quote=note.quote), saved)

    @work(thread=True, group="notes")
    def _update(self, note: Note, body: str, tags: tuple[str, ...]) -> None:
        from paperpal.errors import PaperpalError
        from paperpal.tui.state.store_io import update_note

        try:
            update_note(note, body, tags)
        except PaperpalError as err:
            self.app.call_from_thread(
                self.notify, f"The edit was NOT saved: {err}", severity="error", timeout=15, markup=False
            )
        self._load()

    def action_delete(self) -> None:
        note = self._current()
        if note is None:
            return
        self._last_deleted = note.id
        self._delete(note.id)

    @work(thread=True, group="notes")
    def _delete(self, note_id: str) -> None:
        from paperpal.tui.state.store_io import delete_note

        if self._store_call(delete_note, note_id):
            self.app.call_from_thread(self.notify, "Note deleted. Press u to bring it back.")
        self._load()

    def action_undo(self) -> None:
        if self._last_deleted:
            self._restore(self._last_deleted)
            self._last_deleted = None

    @work(thread=True, group="notes")
    def _restore(self, note_id: str) -> None:
        from paperpal.tui.state.store_io import restore_note

        if self._store_call(restore_note, note_id):
            self.app.call_from_thread(self.notify, "Note restored.")
        self._load()

    def _store_call(self, call: object, note_id: str) -> bool:
        from paperpal.errors import PaperpalError

        try:
            call(note_id)  # type: ignore[operator]
        except PaperpalError as err:
            self.app.call_from_thread(self.notify, str(err), severity="error", markup=False)
            return False
        return True


__all__ = ["NotesScreen", "plain", "when"]
