"""A modal Markdown editor for one note: body, tags; ctrl+s saves, escape twice discards.

Nothing the reader typed is dropped silently: escape with text in the editor asks to press it
again, and a note that could not be saved is reported by the caller with the error. The
editor's own messages appear inside it, under the text, and other messages wait until it
closes: a toast at 80×24 would cover what is being typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static, TextArea

from paperpal.tui.messages import EditorClosed
from paperpal.tui.widgets.safe import plain


@dataclass(frozen=True, slots=True)
class NoteDraft:
    body: str
    tags: tuple[str, ...]


def parse_tags(text: str) -> tuple[str, ...]:
    tags = [t.strip().lstrip("#").lower() for t in text.replace(",", " ").split()]
    return tuple(dict.fromkeys(t for t in tags if t))


class NoteEditor(ModalScreen[NoteDraft | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True, tooltip="Save the note"),
        Binding("escape", "cancel", "Cancel", tooltip="Close without saving (press twice if you typed)"),
    ]

    def __init__(
        self, title: str, *, body: str = "", tags: tuple[str, ...] = (), quote: str | None = None
    ) -> None:
        super().__init__()
        self.title_text = title
        self.initial_body = body
        self.initial_tags = tags
        self.quote = quote
        self._armed_cancel = False

    def compose(self) -> ComposeResult:
        with Vertical(id="note-editor", classes="modal"):
            yield Label(plain(self.title_text, "bold"))
            if self.quote:
                yield Static(plain(f"“{self.quote[:240]}”", "italic"), classes="quote")
            yield TextArea(
                self.initial_body,
                id="note-body",
                language="markdown",
                soft_wrap=True,
                show_line_numbers=False,
            )
            yield Input(
                " ".join(self.initial_tags),
                placeholder="tags, e.g. question gates (a 'question' tag marks a discussion question)",
                id="note-tags",
            )
            yield Static(id="note-message")
            with Horizontal(classes="buttons"):
                yield Button("Save (ctrl+s)", variant="primary", id="save")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#note-body", TextArea).focus()

    def on_unmount(self) -> None:
        self.app.post_message(EditorClosed())

    def say(self, message: str, style: str = "$text-warning") -> None:
        """A message inside the editor (never a toast over the text)."""
        self.query_one("#note-message", Static).update(plain(message, style))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self._armed_cancel = True
            self.action_cancel()

    def action_save(self) -> None:
        body = self.query_one("#note-body", TextArea).text.strip()
        if not body:
            self.say("The note is empty: type something, or press escape to close.")
            return
        tags = parse_tags(self.query_one("#note-tags", Input).value)
        self.dismiss(NoteDraft(body, tags))

    def action_cancel(self) -> None:
        body = self.query_one("#note-body", TextArea).text.strip()
        if body and body != self.initial_body.strip() and not self._armed_cancel:
            self._armed_cancel = True
            self.say("You have typed a note. Press escape again to discard it, or ctrl+s to save.")
            return
        self.dismiss(None)
