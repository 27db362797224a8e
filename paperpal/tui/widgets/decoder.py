"""The decoder panel: what the selected equation, symbol, term or passage means.

For an equation: the rendering, the equation read aloud (literally and by meaning), and a list of
its symbols; the highlighted symbol's meaning, where the meaning came from (the paper's sentence,
the glossary, a convention) and its notes. For a term: its explanation, prerequisites and whether
the reader knows it. The panel only displays: the reader screen decides what to show.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from paperpal.models import Concept, EquationInfo, Note, SymbolInfo, TermInfo

SOURCE_LABEL = {"paper": "the paper says", "glossary": "glossary", "convention": "by convention"}
SOURCE_STYLE = {"paper": "bold green", "glossary": "cyan", "convention": "magenta"}


class SymbolHighlighted(Message):
    def __init__(self, symbol: SymbolInfo) -> None:
        super().__init__()
        self.symbol = symbol


_INLINE_MATH = re.compile(r"\$([^$]{1,400})\$")


def inline_unicode(text: str) -> str:
    """A sentence with its ``$latex$`` spans rendered in Unicode, for the terminal."""
    from paperpal.notation.render import to_unicode

    return _INLINE_MATH.sub(lambda m: to_unicode(m.group(1)), text)


def symbol_line(symbol: SymbolInfo) -> Text:
    text = Text()
    text.append(f"{symbol.text:<8} ", style="bold")
    if symbol.meaning:
        text.append(symbol.meaning[:70])
        if symbol.source:
            text.append(
                f"  [{SOURCE_LABEL.get(symbol.source, symbol.source)}]",
                style=SOURCE_STYLE.get(symbol.source, ""),
            )
    else:
        text.append("not explained", style="italic red")
    return text


def notes_text(notes: Sequence[Note]) -> Text:
    text = Text()
    if not notes:
        return text
    text.append(f"\nNotes ({len(notes)})\n", style="bold yellow")
    for note in notes:
        tags = f" #{' #'.join(note.tags)}" if note.tags else ""
        if note.quote:
            text.append(f"  “{note.quote[:80]}”\n", style="italic")
        text.append(f"  ✎ {note.body}{tags}\n")
    return text


class DecoderPanel(VerticalScroll):
    """Shows one thing at a time; the symbol list is focusable so a symbol can be annotated."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._symbols: list[SymbolInfo] = []
        self.current_symbol: SymbolInfo | None = None

    def compose(self) -> ComposeResult:
        yield Static(
            Text("Select an equation (click it, Tab, or ] and [) to decode it.", style="dim"),
            id="decoder-head",
        )
        yield OptionList(id="decoder-symbols")
        yield Static(id="decoder-detail")
        yield Static(id="decoder-notes")

    def on_mount(self) -> None:
        self.query_one("#decoder-symbols", OptionList).display = False

    # -- what to show ----------------------------------------------------------------------

    def show_equation(self, info: EquationInfo, symbols: Sequence[SymbolInfo], notes: Sequence[Note]) -> None:
        eq = info.equation
        head = Text()
        label = f"Equation ({eq.number})" if eq.number else "Equation"
        head.append(f"{label}\n", style="bold underline")
        head.append(info.text + "\n", style="bold")
        if info.pretty and "\n" in info.pretty:
            head.append(info.pretty + "\n")
        if info.literal:
            head.append("\nRead aloud: ", style="bold")
            head.append(info.literal + "\n")
        if info.spoken_meaning:
            head.append("In words: ", style="bold")
            head.append(info.spoken_meaning + "\n")
        head.append(f"\nSymbols ({len(symbols)}) — highlight one for details, n to annotate it:", style="dim")
        self.query_one("#decoder-head", Static).update(head)
        self._symbols = list(symbols)
        option_list = self.query_one("#decoder-symbols", OptionList)
        option_list.clear_options()
        option_list.add_options([Option(symbol_line(s), id=f"sym-{i}") for i, s in enumerate(self._symbols)])
        option_list.display = bool(self._symbols)
        self.current_symbol = None
        self.query_one("#decoder-detail", Static).update(
            self.symbol_detail(self._symbols[0])
            if self._symbols
            else Text("No symbols found in this equation.")
        )
        self.query_one("#decoder-notes", Static).update(notes_text(notes))
        self.scroll_home(animate=False)

    def show_term(
        self,
        name: str,
        concept: Concept | None,
        term: TermInfo | None,
        prerequisites: Sequence[tuple[str, str, bool]],
        known: bool,
        notes: Sequence[Note],
    ) -> None:
        head = Text()
        head.append(f"{concept.name if concept else name}\n", style="bold underline")
        if concept and concept.abbreviations:
            head.append(f"({', '.join(concept.abbreviations)})\n", style="dim")
        if term is not None:
            found = f"Found {term.count}× in this paper as “{term.name}”"
            if term.match == "embedding" and term.confidence is not None:
                found += f"; linked by meaning (similarity {term.confidence:.2f})"
            head.append(found + "\n", style="dim")
        head.append("\n")
        if concept:
            head.append(concept.summary + "\n")
            if concept.example:
                head.append(f"\nExample: {concept.example}\n", style="italic")
        elif term and term.explanation:
            head.append(term.explanation + "\n")
        else:
            head.append(
                "This term is not in the glossary: paperpal has no explanation for it.\n", style="italic red"
            )
        if prerequisites:
            head.append("\nBuilds on:\n", style="bold")
            for _pid, pname, pknown in prerequisites:
                head.append(f"  {'✓' if pknown else '·'} {pname}\n", style="green" if pknown else "")
        if concept:
            status = "You marked this as known (k to unmark)." if known else "Press k to mark it as known."
            head.append(f"\n{status}\n", style="green" if known else "dim")
        self.query_one("#decoder-head", Static).update(head)
        option_list = self.query_one("#decoder-symbols", OptionList)
        option_list.clear_options()
        option_list.display = False
        self._symbols = []
        self.current_symbol = None
        self.query_one("#decoder-detail", Static).update("")
        self.query_one("#decoder-notes", Static).update(notes_text(notes))
        self.scroll_home(animate=False)

    def show_passage(self, text: str, notes: Sequence[Note]) -> None:
        head = Text()
        head.append("Passage\n", style="bold underline")
        head.append(text[:600] + ("…" if len(text) > 600 else "") + "\n", style="italic")
        head.append("\nn: add a note quoting this passage", style="dim")
        self.query_one("#decoder-head", Static).update(head)
        option_list = self.query_one("#decoder-symbols", OptionList)
        option_list.clear_options()
        option_list.display = False
        self._symbols = []
        self.current_symbol = None
        self.query_one("#decoder-detail", Static).update("")
        self.query_one("#decoder-notes", Static).update(notes_text(notes))

    def show_message(self, message: str) -> None:
        self.query_one("#decoder-head", Static).update(Text(message))
        self.query_one("#decoder-symbols", OptionList).display = False
        self.query_one("#decoder-detail", Static).update("")
        self.query_one("#decoder-notes", Static).update("")

    @staticmethod
    def symbol_detail(symbol: SymbolInfo) -> Text:
        text = Text()
        text.append(f"\n{symbol.text}", style="bold")
        if symbol.read_as:
            text.append(f"   read “{symbol.read_as}”", style="dim")
        text.append("\n")
        if symbol.meaning:
            text.append(symbol.meaning + "\n")
            if symbol.source:
                text.append(
                    f"Source: {SOURCE_LABEL.get(symbol.source, symbol.source)}\n",
                    style=SOURCE_STYLE.get(symbol.source, ""),
                )
        else:
            text.append(
                "Not explained: neither the paper nor the glossary says what this is.\n", style="italic red"
            )
        if symbol.evidence:
            text.append(f"“{inline_unicode(symbol.evidence)}”\n", style="italic green")
        for convention in symbol.conventions:
            text.append(f"Convention: {convention}\n", style="magenta")
        if len(symbol.forms) > 1:
            text.append(f"Written as: {', '.join(symbol.forms[:8])}\n", style="dim")
        if symbol.glossary_id:
            text.append(f"Glossary entry: {symbol.glossary_id}\n", style="dim")
        return text

    # -- events ----------------------------------------------------------------------------

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        index = event.option_index
        if 0 <= index < len(self._symbols):
            self.current_symbol = self._symbols[index]
            self.query_one("#decoder-detail", Static).update(self.symbol_detail(self.current_symbol))
            self.post_message(SymbolHighlighted(self.current_symbol))
