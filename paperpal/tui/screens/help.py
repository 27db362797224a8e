"""F1: what paperpal does and every key, in one place."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

HELP = """\
# paperpal

Read a paper; select an equation to have every symbol explained, where the meaning came from
(**the paper says** with its sentence, the **glossary**, or a naming **convention**), and the
equation read aloud. A symbol nothing explains says *not explained*: paperpal never guesses.

## Everywhere

| key | action |
| --- | --- |
| ctrl+p | command palette: every action, "eq 5" to jump, a word to search the glossary |
| F1 | this help |
| ctrl+o | your library |
| ctrl+f | search notes and papers |
| ctrl+q | quit |

## Reading a paper

| key | action |
| --- | --- |
| ] / [ | next / previous equation (or click one, or Tab) |
| s | move into the decoder's symbol list (↑↓ to read each symbol) |
| t / c | the Terms tab (jargon) / the Contents tab |
| k | mark the selected term as known (or not) |
| n | add a note to the selected equation, symbol, term or passage |
| m | your notes on this paper |
| p | the reading path: the concepts this paper needs, in learning order (there: k marks one known, K it and everything it builds on, h hides the known) |
| / | search |
| x | export reading-group notes (Markdown, HTML, JSON, BibTeX, Anki) |
| escape | back |

## The library

Type to filter; Enter opens the highlighted paper. Type an arXiv id (1706.03762) or a path to a
.pdf/.tex/.tar.gz and press Enter to fetch and open it.

## Notes

Notes are Markdown and may hold `$math$`. Tag a note `question` to collect it among the
discussion questions of the export. ctrl+s saves; escape twice discards.
"""


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Close"),
        Binding("f1", "dismiss", "Close", show=False),
        Binding("q", "dismiss", "Close", show=False),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help", classes="modal"):
            yield Markdown(HELP)

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)
