"""The reader's notes on one paper: read, edit, delete (recoverable), jump to what they annotate."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from paperpal.models import Note
from paperpal.tui.widgets.footer import QuietFooter


class NotesScreen(Screen[str | None]):
    """Dismisses with an equation anchor to jump to, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "jump", "Go to", tooltip="Go to what the note annotates"),
        Binding("e", "edit", "Edit", tooltip="Edit the highlighted note"),
        Binding("d", "delete", "Delete", tooltip="Delete the highlighted note (u brings it back)"),
        Binding("u", "undo", "Undo delete", tooltip="Restore the last deleted note"),
        Binding("escape", "close", "Back"),
    ]

    def __init__(self, paper_id: str, title: str) -> None:
        super().__init__()
        self.paper_id = paper_id
        self.title_text = title
        self.notes: list[Note] = []
        self._last_deleted: str | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="notes-intro")
        yield DataTable(id="notes-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="notes-detail")
        yield QuietFooter()

    def on_mount(self) -> None:
        self.sub_title = f"notes · {self.paper_id}"
        self.query_one(DataTable).add_columns("on", "tags", "note", "updated")
        self._load()
        self.query_one(DataTable).focus()

    @work(thread=True, exclusive=True, group="notes")
    def _load(self) -> None:
        from paperpal.errors import PaperpalError
        from paperpal.store import open_store

        try:
            with open_store() as store:
                notes = list(store.list_notes(self.paper_id))
        except PaperpalError as err:
            self.app.call_from_thread(self.notify, str(err), severity="error")
            notes = []
        self.app.call_from_thread(self._show, notes)

    def _show(self, notes: list[Note]) -> None:
        self.notes = notes
        table = self.query_one(DataTable)
        table.clear()
        for note in notes:
            where = note.anchor_kind if not note.anchor else f"{note.anchor_kind} {note.anchor}"
            first_line = note.body.strip().splitlines()[0] if note.body.strip() else ""
            table.add_row(
                Text(where[:28]),
                " ".join(f"#{t}" for t in note.tags),
                Text(first_line[:70]),
                note.updated[:16],
                key=note.id,
            )
        intro = f"{len(notes)} note{'s' if len(notes) != 1 else ''} on {self.title_text}"
        if not notes:
            intro += " — select an equation, symbol, term or passage in the reader and press n to add one."
        self.query_one("#notes-intro", Static).update(Text(intro, style="bold"))
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
        detail = Text()
        if note:
            if note.quote:
                detail.append(f"“{note.quote}”\n\n", style="italic")
            detail.append(note.body)
            detail.append(f"\n\nid {note.id[:8]} · created {note.created[:16]}", style="dim")
        self.query_one("#notes-detail", Static).update(detail)

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
        from paperpal.errors import PaperpalError, StoreError
        from paperpal.store import open_store
        from paperpal.store.unsaved import edited_note, kept_message

        try:
            with open_store() as store:
                store.update_note(note.id, body=body, tags=tags)
        except StoreError as err:
            # The edit is kept in a file, never dropped; the message says where.
            kept = kept_message(err, edited_note(note, body, list(tags)))
            self.app.call_from_thread(
                self.notify, f"The edit was NOT saved: {kept}", severity="error", timeout=15
            )
        except PaperpalError as err:
            self.app.call_from_thread(self.notify, str(err), severity="error")
        self._load()

    def action_delete(self) -> None:
        note = self._current()
        if note is None:
            return
        self._last_deleted = note.id
        self._delete(note.id)

    @work(thread=True, group="notes")
    def _delete(self, note_id: str) -> None:
        if self._store_call("delete_note", note_id):
            self.app.call_from_thread(self.notify, "Note deleted. Press u to bring it back.")
        self._load()

    def action_undo(self) -> None:
        if self._last_deleted:
            self._restore(self._last_deleted)
            self._last_deleted = None

    @work(thread=True, group="notes")
    def _restore(self, note_id: str) -> None:
        if self._store_call("restore_note", note_id):
            self.app.call_from_thread(self.notify, "Note restored.")
        self._load()

    def _store_call(self, method: str, *args: object, **kwargs: object) -> bool:
        from paperpal.errors import PaperpalError
        from paperpal.store import open_store

        try:
            with open_store() as store:
                getattr(store, method)(*args, **kwargs)
        except PaperpalError as err:
            self.app.call_from_thread(self.notify, str(err), severity="error")
            return False
        return True
