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
(**the paper says** with its sentence, the **glossary**, a naming **convention**, or
*probably* when paperpal is not sure), and the equation read aloud. A symbol nothing explains
says *not explained*: paperpal never states a guess as fact.

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
| space, page down, j, ↓ | scroll the paper (b, page up, ↑ back) |
| ] / [ | next / previous equation (or click one) |
| tab / shift+tab | next / previous passage or equation |
| s | into the decoder's symbol list (↑↓ reads each symbol) |
| t / c | the Terms tab (jargon) / the Contents tab (Enter jumps to a section) |
| k | mark the selected term as known (or not) |
| n | add a note to the selected equation, symbol, term or passage |
| m | your notes on this paper |
| p | the reading path: the concepts this paper needs, in learning order (there: k marks one known, K it and everything it builds on, h hides the known) |
| / | search |
| x | export reading-group notes (Markdown, HTML, JSON, BibTeX, Anki) |
| escape | back out: from the symbol list or a side panel to the paper; never out of the paper |

Below 120 columns the contents and terms make room for the paper: t and c show them in the
paper's place, escape brings the paper back. Below 90 columns the decoder sits under the paper.
paperpal remembers where you were in each paper.

## The library

Type to filter; ↑↓ choose; Enter opens. Type an arXiv id (1706.03762), a library id
(local-…) or a path to a .pdf/.tex/.tar.gz or folder and press Enter to fetch and open it.
Escape goes back to the paper you were reading.

## Notes

Notes are Markdown and may hold `$math$` (shown in Unicode; "$5 and $10" stays money). Tag
a note `question` to collect it among the discussion questions of the export. ctrl+s saves;
escape twice discards.
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
