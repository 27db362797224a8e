"""Export the reading-group handout from the reader: pick a format and a file, press Enter."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

if TYPE_CHECKING:
    from paperpal.models import PaperReport

FORMATS = [
    ("Markdown handout", "md"),
    ("HTML handout (self-contained, prints well)", "html"),
    ("JSON (report + notes)", "json"),
    ("BibTeX entry", "bibtex"),
    ("Anki flashcards (.apkg)", "anki"),
]
EXTENSIONS = {"md": "md", "html": "html", "json": "json", "bibtex": "bib", "anki": "apkg"}


class ExportScreen(ModalScreen[Path | None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Cancel")]

    def __init__(self, report: PaperReport) -> None:
        super().__init__()
        self.report = report

    def default_path(self, fmt: str) -> str:
        # Relative to where paperpal was started, which is where a reader expects the file.
        stem = self.report.meta.id.replace("/", "_")
        return f"{stem}-notes.{EXTENSIONS[fmt]}"

    def compose(self) -> ComposeResult:
        with Vertical(id="export", classes="modal"):
            yield Label(Text(f"Export reading-group notes for {self.report.meta.id}", style="bold"))
            yield Select(FORMATS, value="md", allow_blank=False, id="export-format")
            yield Input(self.default_path("md"), id="export-path")
            yield Static(id="export-status")
            with Horizontal(classes="buttons"):
                yield Button("Export", variant="primary", id="export-go")
                yield Button("Cancel", id="export-cancel")

    @on(Select.Changed, "#export-format")
    def _format_changed(self, event: Select.Changed) -> None:
        path = self.query_one("#export-path", Input)
        current = Path(path.value)
        if current.suffix.lstrip(".") in EXTENSIONS.values():
            path.value = str(current.with_suffix("." + EXTENSIONS[str(event.value)]))

    @on(Button.Pressed, "#export-go")
    @on(Input.Submitted, "#export-path")
    def _go(self) -> None:
        fmt = str(self.query_one("#export-format", Select).value)
        target = Path(self.query_one("#export-path", Input).value).expanduser()
        self.query_one("#export-status", Static).update(Text("exporting…", style="dim"))
        self._export(fmt, target)

    @on(Button.Pressed, "#export-cancel")
    def action_close(self) -> None:
        self.dismiss(None)

    @work(thread=True, exclusive=True)
    def _export(self, fmt: str, target: Path) -> None:
        from paperpal.errors import PaperpalError
        from paperpal.export import write_handout
        from paperpal.store import open_store

        try:
            with open_store() as store:
                notes = list(store.list_notes(self.report.meta.id))
            write_handout([self.report], notes, fmt, target)
        except (PaperpalError, OSError) as err:
            self.app.call_from_thread(
                self.query_one("#export-status", Static).update, Text(f"Export failed: {err}", style="red")
            )
            return
        self.app.call_from_thread(self.notify, f"Exported to {target}")
        self.app.call_from_thread(self.dismiss, target)
