"""F1: what paperpal does and every key, in one place.

The help is drawn from the data below as one piece of styled text (headings, aligned key
columns, paragraphs), not through the Markdown widget: laying out Markdown tables took F1 a
third of a second.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

INTRO = (
    "Read a paper; select an equation to have every symbol explained, where the meaning came "
    "from (the paper says, with its sentence; the glossary; a naming convention; or probably, "
    "when paperpal is not sure), and the equation read aloud. A symbol nothing explains says "
    "not explained: paperpal never states a guess as fact."
)

SECTIONS: list[tuple[str, list[tuple[str, str]], str]] = [
    (
        "Everywhere",
        [
            ("ctrl+p", 'command palette: every action, "eq 5" to jump, a word to search the glossary'),
            ("F1", "this help"),
            ("ctrl+o", "your library"),
            ("ctrl+f", "search notes and papers"),
            ("ctrl+q", "quit"),
        ],
        "",
    ),
    (
        "Reading a paper",
        [
            ("space, pgdn, j, ↓", "scroll the paper (b, pgup, ↑ back)"),
            ("] / [", "next / previous equation (or click one)"),
            ("tab / shift+tab", "next / previous passage or equation"),
            ("s", "into the decoder's symbol list (↑↓ reads each symbol)"),
            ("=", "try the selected equation with numbers (type your own values there)"),
            ("t / c", "the Terms tab (jargon) / the Contents tab (Enter jumps to a section)"),
            ("k", "mark the selected term as known (or not)"),
            ("n", "add a note to the selected equation, symbol, term or passage"),
            ("m", "your notes on this paper"),
            (
                "p",
                "the reading path: the concepts this paper needs, in learning order (there: k marks "
                "one known, K it and everything it builds on, h hides the known)",
            ),
            ("/", "search"),
            ("i", "how this paper was read (source, warnings, details)"),
            ("x", "export reading-group notes (Markdown, HTML, JSON, BibTeX, Anki)"),
            ("escape", "back out: from the symbol list or a side panel to the paper; never out of the paper"),
        ],
        "Below 120 columns the contents and terms make room for the paper: t and c show them in "
        "the paper's place, escape brings the paper back. Below 90 columns the decoder sits under "
        "the paper. paperpal remembers where you were in each paper.",
    ),
    (
        "The library",
        [
            ("type", "filter the papers; ↑↓ choose; Enter opens"),
            (
                "an id or a path",
                "an arXiv id (1706.03762), a library id (local-…) or a .pdf, .tex, .tar.gz or folder: Enter fetches and opens it",
            ),
            ("escape", "back to the paper you were reading"),
        ],
        "",
    ),
    (
        "Notes",
        [("ctrl+s", "save the note"), ("escape twice", "discard it")],
        'Notes are Markdown and may hold $math$ (shown in Unicode; "$5 and $10" stays money). Tag a '
        "note question to collect it among the discussion questions of the export.",
    ),
]


def help_text(width: int = 80) -> Content:
    """The help for a column ``width`` cells wide: keys in a column, actions wrapped beside."""
    from paperpal.tui.widgets.wrapping import wrap

    key_width = max(len(key) for _, rows, _ in SECTIONS for key, _ in rows) + 2
    room = max(20, width - key_width - 2)
    parts: list[str | tuple[str, str]] = [("paperpal\n\n", "bold underline $text-accent"), INTRO + "\n"]
    for title, rows, note in SECTIONS:
        parts.append((f"\n{title}\n", "bold $text-accent"))
        for key, action in rows:
            parts.append((f"  {key:<{key_width}}", "bold $text-warning"))
            lines = wrap(action, room)
            parts.append(lines[0] + "\n")
            parts.extend(" " * (key_width + 2) + line + "\n" for line in lines[1:])
        if note:
            parts.append("\n" + note + "\n")
    return Content.assemble(*parts)


class HelpText(Static):
    """The help, wrapped for its width (guessed from the screen's at first, so that opening F1
    draws once; redrawn only if the guess was wrong)."""

    def __init__(self, width: int, **kwargs: object) -> None:
        super().__init__(help_text(width), **kwargs)  # type: ignore[arg-type]
        self._width = width

    def on_resize(self) -> None:
        width = self.content_region.width
        if width and width != self._width:
            self._width = width
            self.update(help_text(width))


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Close"),
        Binding("f1", "dismiss", "Close", show=False),
        Binding("q", "dismiss", "Close", show=False),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help", classes="modal"):
            # The modal is 80% of the screen, at most 100 wide, less its border, padding and
            # scrollbar (app.tcss: .modal).
            width = min(100, int(self.app.size.width * 0.8)) - 2 - 4 - 2
            yield HelpText(max(30, width), id="help-text")

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)
