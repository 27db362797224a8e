"""The decoder: what the selected equation, passage or term means. It draws the reading state's
``subject`` and is redrawn when the state says it changed.

For an equation: the rendering, the equation read aloud (literally and by meaning), a table of
its symbols (one line each: the symbol, where its meaning comes from, the meaning, cut with "…"
at a word when it does not fit), and the highlighted symbol's claim in full, worded by
``state.voice``. For a term: its explanation, what it builds on, whether the reader knows it.
For a passage: the passage. Under it, the reader's notes on it, rendered as Markdown.

The text is one line-API widget (``DecoderView``): a new subject or a step through the symbols
redraws its lines and nothing else, with no layout of the screen, so keys stay quick.

Must not: word a meaning itself (``voice`` does), or build text for widgets from data other
than through ``widgets.safe``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.strip import Strip
from textual.style import Style as VisualStyle
from textual.visual import Visual
from textual.widget import Widget
from textual.widgets import Static

from paperpal.extract.equation_names import display_label, equation_name
from paperpal.models import Note, SymbolInfo
from paperpal.tui.state.voice import voice
from paperpal.tui.widgets.lines import LineDrawn, set_virtual_size
from paperpal.tui.widgets.safe import assemble, plain
from paperpal.tui.widgets.wrapping import fit, pad

if TYPE_CHECKING:
    from paperpal.tui.state.reading import Change, ReadingState

TONE_STYLE = {
    "paper": "bold $text-success",
    "glossary": "$text-accent",
    "convention": "$text-secondary",
    "uncertain": "italic $text-warning",
    "none": "italic $text-error",
}
TAG_WIDTH = 10  # "convention"
SYMBOL_WIDTH = 8


def symbol_row(
    symbol: SymbolInfo, width: int, symbol_width: int = SYMBOL_WIDTH, tag_width: int = TAG_WIDTH
) -> Content:
    """One line of the symbol table: symbol, source, meaning; never wider than ``width``."""
    said = voice(symbol)
    shown = fit(symbol.text, symbol_width)
    meaning_room = max(4, width - symbol_width - tag_width - 5)
    meaning = fit(said.meaning or "not explained", meaning_room)
    return assemble(
        " ",
        (pad(shown, symbol_width) + "  ", "bold"),
        (pad(said.tag, tag_width) + "  ", TONE_STYLE[said.tone]),
        (meaning, "" if said.meaning else TONE_STYLE["none"]),
    )


def symbol_detail(symbol: SymbolInfo) -> Content:
    """The highlighted symbol in full: the claim, where it came from, the evidence."""
    from paperpal.notation.prose import to_screen

    said = voice(symbol)
    parts: list[str | tuple[str, str]] = [(symbol.text, "bold")]
    if symbol.read_as:
        parts.append((f"   read “{symbol.read_as}”", "dim"))
    parts.append("\n")
    if said.meaning is None:
        parts.append(
            ("Not explained: neither the paper nor the glossary says what this is.\n", "italic $text-error")
        )
    else:
        parts.append(said.meaning + "\n")
        parts.append((f"Source: {said.label}", TONE_STYLE[said.tone]))
        parts.append((f" ({said.note})\n" if said.note else "\n", "dim"))
    if symbol.evidence:
        parts.append((f"“{to_screen(symbol.evidence)}”\n", "italic $text-success"))
    for convention in symbol.conventions:
        parts.append((f"Convention: {convention}\n", "$text-secondary"))
    if len(symbol.forms) > 1:
        from paperpal.notation.render import to_unicode

        forms = ", ".join(dict.fromkeys(to_unicode(form) for form in symbol.forms[:8]))
        parts.append((f"Written as: {forms}\n", "dim"))
    if symbol.glossary_id:
        parts.append((f"Glossary entry: {symbol.glossary_id}\n", "dim"))
    return assemble(*parts)


class SymbolHighlighted(Message):
    def __init__(self, symbol: SymbolInfo) -> None:
        super().__init__()
        self.symbol = symbol


class DecoderView(LineDrawn, can_focus=True):
    """The decoder's text; when it has the focus, ↑↓ step through the symbols."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "cursor(1)", "Next symbol", show=False),
        Binding("up", "cursor(-1)", "Previous symbol", show=False),
        Binding("pagedown,space", "page(1)", "Page down", show=False),
        Binding("pageup,b", "page(-1)", "Page up", show=False),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {"decoder--cursor", "decoder--cursor-idle"}

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.symbols: list[SymbolInfo] = []
        self.cursor = 0
        self._head: Content = Content()
        self._lines: list[Strip] = []
        self._head_lines = 0
        self._width = 0
        self._style_key: object = None
        self._rows: list[Content] = []

    @property
    def current_symbol(self) -> SymbolInfo | None:
        return self.symbols[self.cursor] if self.symbols else None

    def show(self, head: Content, symbols: Sequence[SymbolInfo] = ()) -> None:
        """Show ``head`` and, under it, a table of ``symbols`` with the first one explained."""
        self._head = head
        self.symbols = list(symbols)
        self.cursor = 0
        self._width = 0
        self._layout()
        self.scroll_to(y=0, animate=False, immediate=True)

    # -- lines -------------------------------------------------------------------------------

    def _text_width(self) -> int:
        return max(20, self.scrollable_content_region.width - 2)

    def _strips(self, content: Content, width: int, style: VisualStyle | None = None) -> list[Strip]:
        """``content`` wrapped to ``width``, each line after a one-cell margin."""
        style = style or self.visual_style
        margin = Segment(" ", style.rich_style)
        return [Strip([margin, *strip]) for strip in Visual.to_strips(self, content, width, None, style)]

    def _layout(self) -> None:
        width = self._text_width()
        if not self.is_mounted or self.size.width == 0:
            return
        self._width = width
        head = self._strips(self._head, width)
        self._head_lines = len(head)
        lines = head
        self._rows = []
        if self.symbols:
            symbol_width = min(SYMBOL_WIDTH, max(cell_len(s.text) for s in self.symbols))
            tag_width = max(len(voice(s).tag) for s in self.symbols)
            self._rows = [symbol_row(s, width, symbol_width, tag_width) for s in self.symbols]
            for row in self._rows:
                lines.extend(self._strips(row, width)[:1])
            lines.append(Strip.blank(0))
            lines.extend(self._strips(symbol_detail(self.symbols[self.cursor]), width))
        self._lines = lines
        set_virtual_size(self, Size(width, len(lines)))
        self.refresh()

    def _relayout_detail(self) -> None:
        """Only the lines under the table change when the cursor moves."""
        start = self._head_lines + len(self.symbols) + 1
        width = self._width
        self._lines = self._lines[:start] + self._strips(symbol_detail(self.symbols[self.cursor]), width)
        set_virtual_size(self, Size(width, len(self._lines)))
        top = round(self.scroll_offset.y)
        self.refresh(Region(0, self._head_lines - top, self.size.width, self.size.height))

    def on_resize(self, _event: events.Resize) -> None:
        if self._text_width() != self._width:
            self._layout()

    def notify_style_update(self) -> None:
        before = self._style_key
        super().notify_style_update()
        # The lines hold the styles: lay out again on a new theme, not on focus changes.
        self._style_key = (
            (self.app.theme, self.styles.color, self.styles.background) if self.is_attached else None
        )
        if self._lines and before is not None and self._style_key != before:
            self.call_later(self._layout)

    def before_paint(self) -> None:
        if self._text_width() != self._width:
            self._layout()

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.size.width
        line = scroll_y + y
        base = self.base_style
        if line >= len(self._lines):
            return Strip.blank(width, base)
        strip = self._lines[line]
        row = line - self._head_lines
        if self._rows and row == self.cursor:
            # The highlighted row is drawn on the cursor's colour (not just its empty end).
            name = "decoder--cursor" if self.has_focus else "decoder--cursor-idle"
            (strip,) = self._strips(self._rows[row], self._width, self.get_visual_style(name))[:1]
            strip = strip.extend_cell_length(width, base + self.get_component_rich_style(name, partial=True))
        return strip.crop_extend(scroll_x, scroll_x + width, base)

    # -- keys --------------------------------------------------------------------------------

    def action_cursor(self, step: int) -> None:
        if not self.symbols:
            self.scroll_relative(y=step, animate=False)
            return
        cursor = max(0, min(len(self.symbols) - 1, self.cursor + step))
        if cursor == self.cursor:
            return
        self.cursor = cursor
        self._relayout_detail()
        row = self._head_lines + cursor
        top = round(self.scroll_offset.y)
        height = self.scrollable_content_region.height
        if row < top or row >= top + height:
            self.scroll_to(y=max(0, row - 2), animate=False, immediate=True)
        self.post_message(SymbolHighlighted(self.symbols[cursor]))

    def action_page(self, direction: int) -> None:
        if direction > 0:
            self.scroll_page_down(animate=False)
        else:
            self.scroll_page_up(animate=False)

    def on_focus(self) -> None:
        self._refresh_cursor()

    def on_blur(self) -> None:
        self._refresh_cursor()

    def _refresh_cursor(self) -> None:
        if self.symbols:
            top = round(self.scroll_offset.y)
            self.refresh(Region(0, self._head_lines + self.cursor - top, self.size.width, 1))

    def on_click(self, event: events.Click) -> None:
        row = round(self.scroll_offset.y) + event.y - self._head_lines
        if self.symbols and 0 <= row < len(self.symbols):
            self.focus()
            self.action_cursor(row - self.cursor)


class NoteList(VerticalScroll):
    """The notes on what the decoder shows, each rendered as Markdown."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._shown: tuple[tuple[str, str], ...] = ()

    def show(self, notes: Sequence[Note]) -> None:
        key = tuple((n.id, n.updated) for n in notes)
        if key == self._shown:
            return
        self._shown = key
        self.remove_children()
        if not notes:
            self.display = False
            return
        self.display = True
        # Textual's Markdown widget costs a third of a second to import: only when there are notes.
        from paperpal.tui.widgets.note_markdown import NoteMarkdown

        widgets: list[Widget] = [Static(plain(f"Notes ({len(notes)})", "bold $text-warning"))]
        for note in notes:
            head: list[str | tuple[str, str]] = []
            if note.quote:
                head.append((f"“{note.quote[:160]}”", "italic"))
            if note.tags:
                head.append(("  " if head else "") + " ".join(f"#{t}" for t in note.tags))
            if head:
                widgets.append(Static(assemble(*head), classes="note-head"))
            widgets.append(NoteMarkdown(note.body, classes="note-body"))
        self.mount_all(widgets)


class DecoderPanel(Vertical):
    """The decoder's text over the notes on what it shows."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.state: ReadingState | None = None
        self._unsubscribe = lambda: None
        self._shown: object = None
        self.view = DecoderView(id="decoder-view")

    def compose(self) -> ComposeResult:
        yield self.view
        yield NoteList(id="decoder-notes")

    def on_mount(self) -> None:
        self.view.show(plain("Select an equation (] and [, Tab, or click it) to decode it.", "dim"))
        self.query_one(NoteList).display = False

    def on_unmount(self) -> None:
        self._unsubscribe()

    @property
    def has_symbols(self) -> bool:
        return bool(self.view.symbols)

    @property
    def current_symbol(self) -> SymbolInfo | None:
        return self.view.current_symbol

    def text(self) -> str:
        """Everything the decoder shows, as plain text (for tests and the palette)."""
        return "\n".join(strip.text for strip in self.view._lines)

    # -- the state ---------------------------------------------------------------------------

    def show(self, state: ReadingState) -> None:
        self._unsubscribe()
        self.state = state
        self._unsubscribe = state.changed.subscribe(self._state_changed)
        self._shown = None
        self.redraw()

    def _state_changed(self, change: Change) -> None:
        if change == "selection":
            self.redraw()
        elif change == "notes":
            self._show_notes()
        elif change in ("known", "report") and self.state and self.state.subject.kind == "term":
            self._shown = None
            self.redraw()

    def redraw(self) -> None:
        state = self.state
        if state is None:
            return
        subject = state.subject
        key = (subject, state.known.version if subject.kind == "term" else 0)
        if key == self._shown:
            return
        self._shown = key
        if subject.kind == "equation" and subject.item is not None:
            self._show_equation(state, subject.item)
        elif subject.kind == "passage" and subject.item is not None:
            self._show_passage(state.items[subject.item].text)
        elif subject.kind == "term":
            self._show_term(state)
        else:
            self._show_overview(state)
        self._show_notes()

    def show_message(self, message: str) -> None:
        """A message instead of a subject (the paper is loading, or could not be read)."""
        self._shown = None
        self.view.show(plain(message))
        self.query_one(NoteList).show(())

    def _show_notes(self) -> None:
        if self.state is not None:
            self.query_one(NoteList).show(self.state.subject_notes())

    # -- subjects ----------------------------------------------------------------------------

    def _show_overview(self, state: ReadingState) -> None:
        report = state.report
        self.view.show(
            assemble(
                f"{len(report.equations)} equations, {len(report.symbols)} symbols, {len(report.terms)} terms. ",
                (
                    "Select an equation (] and [, Tab, or click it) to decode it; t lists the "
                    "paper's jargon, p the reading path.",
                    "dim",
                ),
            )
        )

    def _show_passage(self, text: str) -> None:
        shown = text if len(text) <= 600 else fit(text, 600)
        self.view.show(
            assemble(
                ("Passage\n", "bold underline"),
                (shown + "\n", "italic"),
                ("\nn: add a note quoting this passage", "dim"),
            )
        )

    def _show_equation(self, state: ReadingState, index: int) -> None:
        info = state.items[index].info
        assert info is not None
        equation = info.equation
        parts: list[str | tuple[str, str]] = [(f"Equation {display_label(equation)}", "bold underline")]
        if not equation.number and equation.display:
            after = equation_name(equation).split("+")[0]
            where = "before the first numbered one" if after == "0" else f"after ({after})"
            parts.append((f"  unnumbered in the paper; the display {where}", "dim"))
        parts += ["\n", (info.text + "\n", "bold")]
        width = self.view.scrollable_content_region.width
        if info.pretty and "\n" in info.pretty and max(map(cell_len, info.pretty.splitlines())) <= width:
            parts.append(info.pretty + "\n")
        if info.literal:
            parts += [("\nRead aloud: ", "bold"), info.literal + "\n"]
        if info.spoken_meaning:
            parts += [("In words: ", "bold"), info.spoken_meaning + "\n"]
        parts.append(("= tries it with numbers\n", "dim"))
        symbols = [state.symbols[k] for k in info.symbols if k in state.symbols]
        if symbols:
            parts.append((f"\nSymbols ({len(symbols)}) — s, then ↑↓ to read each; n notes it", "dim"))
        else:
            parts.append(("\nNo symbols found in this equation.", "dim"))
        self.view.show(assemble(*parts), symbols)

    def _show_term(self, state: ReadingState) -> None:
        subject = state.subject
        glossary = state.glossary
        concept = glossary.concept(subject.concept) if subject.concept else None
        term = subject.term
        parts: list[str | tuple[str, str]] = [
            ((concept.name if concept else subject.name) + "\n", "bold underline")
        ]
        if concept and concept.abbreviations:
            parts.append((f"({', '.join(concept.abbreviations)})\n", "dim"))
        if term is not None:
            found = f"Found {term.count}× in this paper as “{term.name}”"
            if term.match == "embedding" and term.confidence is not None:
                found += f"; linked by meaning (similarity {term.confidence:.2f})"
            parts.append((found + "\n", "dim"))
        parts.append("\n")
        if concept:
            parts.append(concept.summary + "\n")
            if concept.example:
                parts.append((f"\nExample: {concept.example}\n", "italic"))
        elif term and term.explanation:
            parts.append(term.explanation + "\n")
        else:
            parts.append(
                (
                    "This term is not in the glossary: paperpal has no explanation for it.\n",
                    "italic $text-error",
                )
            )
        if concept and concept.requires:
            parts.append(("\nBuilds on:\n", "bold"))
            for pid in concept.requires:
                pc = glossary.concept(pid)
                known = pid in state.known
                parts.append(
                    (
                        f"  {'✓' if known else '·'} {pc.name if pc else pid}\n",
                        "$text-success" if known else "",
                    )
                )
        if concept:
            if concept.id in state.known:
                parts.append(("\n✓ You know this (k to unmark).", "$text-success"))
            else:
                parts.append(("\nk: mark it as known.", "dim"))
        self.view.show(assemble(*parts))

    def on_symbol_highlighted(self, event: SymbolHighlighted) -> None:
        event.stop()
        if self.state is not None:
            self.state.highlight_symbol(event.symbol.latex)
