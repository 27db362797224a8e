"""The paper's text as widgets: headings, paragraphs and equations the reader can select.

A paragraph or an equation takes focus by click or Tab (``[`` and ``]`` jump between equations);
when it does, it posts ``BlockSelected`` and the reader screen shows it in the decoder.
"""

from __future__ import annotations

from functools import cached_property

from rich.text import Text
from textual.message import Message
from textual.widgets import Static

from paperpal.models import Equation, EquationInfo, Paragraph, Section


class BlockSelected(Message):
    def __init__(self, block: ParagraphBlock | EquationBlock) -> None:
        super().__init__()
        self.block = block


class HeadingBlock(Static):
    def __init__(self, section: Section) -> None:
        number = f"{section.number}  " if section.number else ""
        super().__init__(Text(f"{number}{section.title}"), classes=f"heading level-{min(section.level, 3)}")
        self.section = section


def inline_math_to_unicode(paragraph: Paragraph) -> str:
    """The paragraph's text with each ``$latex$`` span rendered in Unicode."""
    if not paragraph.math:
        return paragraph.text
    from paperpal.notation.render import to_unicode

    parts: list[str] = []
    cursor = 0
    for span in sorted(paragraph.math, key=lambda m: m.start):
        if span.start < cursor:
            continue
        parts.append(paragraph.text[cursor : span.start])
        parts.append(to_unicode(span.latex))
        cursor = span.end
    parts.append(paragraph.text[cursor:])
    return "".join(parts)


class ParagraphBlock(Static, can_focus=True):
    """A paragraph, its inline math rendered to Unicode (when it is first shown or quoted)."""

    def __init__(self, paragraph: Paragraph, *, note_count: int = 0) -> None:
        super().__init__(classes="para")
        self.paragraph = paragraph
        self.note_count = note_count

    @cached_property
    def display_text(self) -> str:
        return inline_math_to_unicode(self.paragraph)

    def on_mount(self) -> None:
        self.update(self._render_text())

    def _render_text(self) -> Text:
        text = Text(self.display_text)
        if self.note_count:
            text.append(f"  ✎ {self.note_count}", style="bold yellow")
        return text

    def set_note_count(self, count: int) -> None:
        self.note_count = count
        if self.is_mounted:  # a block not mounted yet shows its count when it is
            self.update(self._render_text())

    def on_focus(self) -> None:
        self.post_message(BlockSelected(self))


class EquationBlock(Static, can_focus=True):
    """A display equation: number, Unicode rendering, and the pretty form when there is one."""

    def __init__(self, info: EquationInfo, *, note_count: int = 0) -> None:
        super().__init__(classes="equation", id=f"eq-block-{info.equation.id}")
        self.info = info
        self.note_count = note_count

    @property
    def equation(self) -> Equation:
        return self.info.equation

    def on_mount(self) -> None:
        self.update(self._render_text())

    def _render_text(self) -> Text:
        eq = self.info.equation
        text = Text()
        label = f"({eq.number})" if eq.number else ""
        text.append(f"{label:>7}  ", style="dim")
        if self.info.pretty and "\n" in self.info.pretty:
            text.append(self.info.text, style="bold")
            text.append("\n")
            for row in self.info.pretty.splitlines():
                text.append(" " * 9 + row + "\n")
            text.rstrip()
        else:
            text.append(self.info.text, style="bold")
        if self.note_count:
            text.append(f"  ✎ {self.note_count}", style="bold yellow")
        return text

    def set_note_count(self, count: int) -> None:
        self.note_count = count
        if self.is_mounted:  # a block not mounted yet shows its count when it is
            self.update(self._render_text())

    def on_focus(self) -> None:
        self.post_message(BlockSelected(self))
