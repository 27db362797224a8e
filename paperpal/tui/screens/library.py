"""The library: every cached paper, a filter box, Enter to open.

The filter box doubles as an address bar: an arXiv id, URL or local path that is not in the
library is fetched and opened on Enter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, Static

from paperpal.tui.widgets.footer import QuietFooter

if TYPE_CHECKING:
    from paperpal.models import PaperFiles
    from paperpal.tui.app import PaperpalApp


class LibraryScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open_selected", "Open", tooltip="Open the highlighted paper", show=True),
        Binding(
            "slash",
            "focus_filter",
            "Filter",
            key_display="/",
            tooltip="Filter the library, or type an arXiv id",
        ),
        Binding("r", "refresh_library", "Refresh", show=False, tooltip="Read the library folder again"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.papers: list[PaperFiles] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(
            placeholder="Filter, or type an arXiv id / URL / path and press Enter", id="library-filter"
        )
        yield DataTable(id="library-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="library-empty")
        yield QuietFooter()

    def on_mount(self) -> None:
        self.sub_title = "library"
        table = self.query_one(DataTable)
        table.add_columns("id", "v", "title", "first author", "files")
        self.refresh_library()
        table.focus()

    def refresh_library(self) -> None:
        self._load()

    def action_refresh_library(self) -> None:
        self.refresh_library()

    @work(thread=True, exclusive=True, group="library")
    def _load(self) -> None:
        from paperpal.sources import list_library

        papers = list_library()
        self.app.call_from_thread(self._show, papers)

    def _show(self, papers: list[PaperFiles]) -> None:
        self.papers = papers
        self._fill(self.query_one("#library-filter", Input).value)

    def _fill(self, needle: str) -> None:
        table = self.query_one(DataTable)
        table.clear()
        needle = needle.strip().lower()
        shown = 0
        for files in self.papers:
            meta = files.meta
            first = meta.authors[0] if meta.authors else ""
            haystack = f"{meta.id} {meta.title} {' '.join(meta.authors)}".lower()
            if needle and needle not in haystack:
                continue
            have = " ".join(x for x, ok in (("pdf", files.pdf), ("latex", files.source_dir)) if ok)
            table.add_row(meta.id, str(meta.version or ""), Text(meta.title[:70]), first, have, key=meta.id)
            shown += 1
        empty = self.query_one("#library-empty", Static)
        if not self.papers:
            empty.update(
                Text.assemble(
                    ("Your library is empty.\n", "bold"),
                    "Type an arXiv id (for example 1412.3555) above and press Enter, or run `paperpal fetch REF`.",
                )
            )
        elif shown == 0:
            empty.update(Text("No paper matches. Press Enter to fetch it as an arXiv id or a path."))
        else:
            empty.update("")

    @on(Input.Changed, "#library-filter")
    def _filter(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#library-filter")
    def _submitted(self, event: Input.Submitted) -> None:
        table = self.query_one(DataTable)
        value = event.value.strip()
        if table.row_count == 1 or (table.row_count and not value):
            self.action_open_selected()
        elif value:
            self._open(value)

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            self._open(event.row_key.value)

    def action_open_selected(self) -> None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            value = self.query_one("#library-filter", Input).value.strip()
            if value:
                self._open(value)
            return
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        if row_key.value:
            self._open(row_key.value)

    def action_focus_filter(self) -> None:
        self.query_one("#library-filter", Input).focus()

    def _open(self, ref: str) -> None:
        app: PaperpalApp = self.app  # type: ignore[assignment]
        app.open_paper(ref)
