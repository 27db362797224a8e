"""The library: every cached paper; type to filter, Enter to open.

The filter box has the focus, so typing filters at once; ↑↓ move through the papers while the
box keeps it. The box doubles as an address bar: Enter on an arXiv id, URL or path that is not
in the library fetches and opens it. Escape goes back to the paper the library was opened
from. Titles and authors are data: shown literally, cut with "…" to fit the width.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from paperpal.tui.messages import OpenPaper
from paperpal.tui.widgets.keybar import KeyBar
from paperpal.tui.widgets.safe import assemble, plain, plain_text
from paperpal.tui.widgets.titlebar import TitleBar
from paperpal.tui.widgets.wrapping import fit

if TYPE_CHECKING:
    from paperpal.models import PaperFiles
    from paperpal.tui.state.context import TuiContext

_FIXED = {"id": 12, "v": 2, "author": 22, "files": 9}


class LibraryScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter", "open_selected", "Open", tooltip="Open the highlighted paper (or fetch what you typed)"
        ),
        Binding("down", "cursor(1)", "Next", show=False),
        Binding("up", "cursor(-1)", "Previous", show=False),
        Binding("pagedown", "cursor(10)", "Page down", show=False),
        Binding("pageup", "cursor(-10)", "Page up", show=False),
        Binding("escape", "back", "Back", tooltip="Clear the filter, or back to the paper you were reading"),
        Binding("ctrl+r", "refresh_library", "Refresh", show=False, tooltip="Read the library folder again"),
    ]

    def __init__(self, context: TuiContext) -> None:
        super().__init__()
        self.context = context
        self.papers: list[PaperFiles] = []
        self.loaded = False
        self._shown: list[str] = []

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Input(placeholder="Type to filter, or an arXiv id / URL / path and Enter", id="library-filter")
        yield Static(id="library-empty")
        yield DataTable(id="library-table", cursor_type="row", zebra_stripes=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "library"
        self.query_one(DataTable).can_focus = False  # the filter keeps the focus; keys move the rows
        self.refresh_library()
        self.query_one("#library-filter", Input).focus()

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
        self.loaded = True
        self._fill(self.query_one("#library-filter", Input).value)

    def on_resize(self, _event: events.Resize) -> None:
        if self.loaded:
            self._fill(self.query_one("#library-filter", Input).value)

    def _title_width(self) -> int:
        width = self.size.width or 80
        return max(16, width - sum(_FIXED.values()) - 2 * (len(_FIXED) + 1) - 2)

    def _fill(self, needle: str) -> None:
        table = self.query_one(DataTable)
        table.clear(columns=True)
        title_width = self._title_width()
        table.add_column("id", width=_FIXED["id"])
        table.add_column("v", width=_FIXED["v"])
        table.add_column("title", width=title_width)
        table.add_column("first author", width=_FIXED["author"])
        table.add_column("files", width=_FIXED["files"])
        needle = needle.strip().lower()
        shown: list[str] = []
        for files in self.papers:
            meta = files.meta
            haystack = f"{meta.id} {meta.title} {' '.join(meta.authors)}".lower()
            if needle and needle not in haystack:
                continue
            first = meta.authors[0] if meta.authors else ""
            have = " ".join(x for x, ok in (("pdf", files.pdf), ("latex", files.source_dir)) if ok)
            table.add_row(
                plain_text(meta.id),
                plain_text(str(meta.version or "")),
                plain_text(fit(meta.title, title_width)),
                plain_text(fit(first, _FIXED["author"])),
                plain_text(have, "dim"),
                key=meta.id,
            )
            shown.append(meta.id)
        self._shown = shown
        empty = self.query_one("#library-empty", Static)
        if not self.papers:
            offline = self.context.offline
            empty.update(
                assemble(
                    ("Your library is empty.\n", "bold"),
                    "Type an arXiv id (for example 1412.3555) above and press Enter to fetch and read it"
                    + (" (not while working offline)" if offline else "")
                    + ", or a path to a .pdf, .tex, .tar.gz or folder. "
                    "From a shell: paperpal fetch REF.",
                )
            )
            empty.display = True
        elif not shown:
            empty.update(
                plain(
                    "No paper in your library matches. Press Enter to fetch it as an arXiv id or open it as a path."
                )
            )
            empty.display = True
        else:
            empty.display = False
        table.display = bool(shown)

    @on(Input.Changed, "#library-filter")
    def _filter(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#library-filter")
    def _submitted(self, _event: Input.Submitted) -> None:
        self.action_open_selected()

    def action_cursor(self, step: int) -> None:
        table = self.query_one(DataTable)
        if table.row_count:
            row = max(0, min(table.row_count - 1, table.cursor_row + step))
            table.move_cursor(row=row)

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            self._open(event.row_key.value)

    def action_open_selected(self) -> None:
        """What Enter opens: the paper whose id was typed; else something to fetch when the
        box holds an arXiv id or a path; else the highlighted paper."""
        value = self.query_one("#library-filter", Input).value.strip()
        ids = {files.meta.id for files in self.papers}
        if value in ids:
            self._open(value)
            return
        if value and (not self._shown or _names_a_paper(value)):
            self._open(value)
            return
        table = self.query_one(DataTable)
        if table.row_count:
            row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
            if row_key.value:
                self._open(row_key.value)

    def action_back(self) -> None:
        box = self.query_one("#library-filter", Input)
        if box.value:
            box.value = ""
            return
        if len(self.app.screen_stack) > 2:
            self.dismiss(None)

    def _open(self, ref: str) -> None:
        self.post_message(OpenPaper(ref))


def _names_a_paper(value: str) -> bool:
    """True when ``value`` is an arXiv id or URL, or an existing paper file or folder."""
    from paperpal.errors import PaperpalError
    from paperpal.sources import parse_ref

    try:
        parse_ref(value)
    except PaperpalError:
        return False
    return True
