"""The paper's text as widgets: headings, paragraphs and equations the reader can select.

A paragraph or an equation takes focus by click or Tab (``[`` and ``]`` jump between equations);
when it does, it posts ``BlockSelected`` and the reader screen shows it in the decoder.
"""

from __future__ import annotations

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


class ParagraphBlock(Static, can_focus=True):
    """A paragraph; inline math already rendered to Unicode by the caller."""

    def __init__(self, paragraph: Paragraph, display_text: str, *, note_count: int = 0) -> None:
        super().__init__(classes="para")
        self.paragraph = paragraph
        self.display_text = display_text
        self.note_count = note_count

    def on_mount(self) -> None:
        self.update(self._render_text())

    def _render_text(self) -> Text:
        text = Text(self.display_text)
        if self.note_count:
            text.append(f"  ✎ {self.note_count}", style="bold yellow")
        return text

    def set_note_count(self, count: int) -> None:
        self.note_count = count
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
        self.update(self._render_text())

    def on_focus(self) -> None:
        self.post_message(BlockSelected(self))
