"""Export the reading-group handout from the reader: a format, a folder, a file name.

The folder starts as the one the reader last exported to (else the folder paperpal was started
in) and is always shown in full, and so is the file written. A file that exists already is only
replaced after a second Enter. The handout holds the reading path as the reader knows it now
(the reading state's, not a copy taken when the paper opened).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from paperpal.tui.widgets.safe import assemble, plain

if TYPE_CHECKING:
    from paperpal.tui.state.context import TuiContext
    from paperpal.tui.state.reading import ReadingState

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

    def __init__(self, context: TuiContext, state: ReadingState) -> None:
        super().__init__()
        self.context = context
        self.state = state
        self._confirm: Path | None = None  # an existing file Enter was pressed on once

    def default_name(self, fmt: str) -> str:
        stem = self.state.paper_id.replace("/", "_")
        return f"{stem}-notes.{EXTENSIONS[fmt]}"

    def compose(self) -> ComposeResult:
        folder = self.context.export_folder or Path.cwd()
        with Vertical(id="export", classes="modal"):
            yield Label(plain(f"Export reading-group notes for {self.state.paper_id}", "bold"))
            yield Select(FORMATS, value="md", allow_blank=False, id="export-format")
            yield Label("Folder")
            yield Input(str(folder.resolve()), id="export-folder")
            yield Label("File name")
            yield Input(self.default_name("md"), id="export-name")
            yield Static(id="export-status")
            with Horizontal(classes="buttons"):
                yield Button("Export", variant="primary", id="export-go")
                yield Button("Cancel", id="export-cancel")

    def on_mount(self) -> None:
        self._describe()
        self.query_one("#export-name", Input).focus()  # Enter exports at once

    def target(self) -> Path:
        folder = Path(self.query_one("#export-folder", Input).value.strip() or ".").expanduser()
        name = self.query_one("#export-name", Input).value.strip()
        return (folder / name).resolve() if name else folder.resolve()

    def _describe(self, note: str = "", style: str = "dim") -> None:
        target = self.target()
        parts: list[str | tuple[str, str]] = [("Writes ", "dim"), (str(target), "bold")]
        if note:
            parts.append((f"\n{note}", style))
        self.query_one("#export-status", Static).update(assemble(*parts))

    @on(Input.Changed)
    def _changed(self) -> None:
        self._confirm = None
        self._describe()

    @on(Select.Changed, "#export-format")
    def _format_changed(self, event: Select.Changed) -> None:
        name = self.query_one("#export-name", Input)
        current = Path(name.value)
        if current.suffix.lstrip(".") in EXTENSIONS.values():
            name.value = str(current.with_suffix("." + EXTENSIONS[str(event.value)]))

    @on(Button.Pressed, "#export-go")
    @on(Input.Submitted)
    def _go(self) -> None:
        fmt = str(self.query_one("#export-format", Select).value)
        target = self.target()
        folder = target.parent
        if not self.query_one("#export-name", Input).value.strip():
            self._describe("Give the file a name.", "$text-error")
            return
        if not folder.is_dir():
            self._describe(f"There is no folder {folder}: create it first, or choose another.", "$text-error")
            return
        if target.is_dir():
            self._describe("That is a folder: give a file name.", "$text-error")
            return
        if target.exists() and self._confirm != target:
            self._confirm = target
            self._describe("This file exists: press Enter again to replace it.", "$text-warning")
            return
        self._describe("exporting…")
        self._export(fmt, target)

    @on(Button.Pressed, "#export-cancel")
    def action_close(self) -> None:
        self.dismiss(None)

    @work(thread=True, exclusive=True)
    def _export(self, fmt: str, target: Path) -> None:
        from paperpal.errors import PaperpalError
        from paperpal.export import write_handout
        from paperpal.tui.state.store_io import read_notes

        report = self.state.report_now()
        try:
            notes = read_notes(report.meta.id)
            write_handout([report], notes, fmt, target)
        except (PaperpalError, OSError) as err:
            self.app.call_from_thread(self._describe, f"Export failed: {err}", "$text-error")
            return
        self.app.call_from_thread(self._done, target)

    def _done(self, target: Path) -> None:
        self.context.export_folder = target.parent
        known = sum(1 for step in self.state.path() if step.known)
        self.notify(
            f"Exported to {target} ({known} concepts on the path marked known).", markup=False, timeout=8
        )
        self.dismiss(target)
