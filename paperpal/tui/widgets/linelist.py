"""A list of one-line entries with a cursor, drawn line by line (the terms, the reading path).

Textual's ``OptionList`` measures every option by rendering it whenever the list changes or is
shown: for the reader's lists (dozens of terms, a path of up to a hundred concepts) that made
opening the Terms tab take several frames. Here each entry is one line, fitted to the width with
"…" when needed, so only the lines on screen are ever drawn.

Posts ``LineList.Highlighted`` when the cursor moves (keys, a click) and ``LineList.Selected``
on Enter or a click on the highlighted entry. Entries are ``Content`` built by the caller from
data through ``widgets.safe``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.segment import Segment
from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.strip import Strip
from textual.style import Style as VisualStyle
from textual.visual import Visual

from paperpal.tui.widgets.lines import LineDrawn, set_virtual_size


class LineList(LineDrawn, can_focus=True):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "move(1)", "Down", show=False),
        Binding("up", "move(-1)", "Up", show=False),
        Binding("pagedown", "move_page(1)", "Page down", show=False),
        Binding("pageup", "move_page(-1)", "Page up", show=False),
        Binding("home", "move_to(0)", "First", show=False),
        Binding("end", "move_to(-1)", "Last", show=False),
        Binding("enter", "select", "Select", show=False),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {"linelist--cursor", "linelist--cursor-idle"}

    class Highlighted(Message):
        def __init__(self, line_list: LineList, index: int) -> None:
            super().__init__()
            self.line_list = line_list
            self.index = index

        @property
        def control(self) -> LineList:
            return self.line_list

    class Selected(Highlighted):
        pass

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.entries: list[Content] = []
        self.cursor: int | None = None
        self._strips: dict[int, Strip] = {}

    # -- content -----------------------------------------------------------------------------

    def set_entries(self, entries: Sequence[Content], *, cursor: int | None = None) -> None:
        """Show ``entries``; the cursor stays on its index (or moves to ``cursor``), silently."""
        self.entries = list(entries)
        self._strips.clear()
        if cursor is not None:
            self.cursor = cursor
        if self.cursor is not None:
            self.cursor = min(self.cursor, len(self.entries) - 1) if self.entries else None
        set_virtual_size(self, Size(0, len(self.entries)))
        self.refresh()

    @property
    def option_count(self) -> int:
        return len(self.entries)

    @property
    def highlighted(self) -> int | None:
        return self.cursor

    # -- drawing -----------------------------------------------------------------------------

    def on_resize(self, _event: events.Resize) -> None:
        self._strips.clear()
        set_virtual_size(self, Size(0, len(self.entries)))

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.size.width
        base = self.base_style
        index = scroll_y + y
        if index >= len(self.entries):
            return Strip.blank(width, base)
        if index == self.cursor:
            # The cursor's line is drawn on the cursor's colour, text and all.
            name = "linelist--cursor" if self.has_focus else "linelist--cursor-idle"
            strip = self._line(index, self.get_visual_style(name))
            style = base + self.get_component_rich_style(name, partial=True)
        else:
            strip = self._strips.get(index) or self._strips.setdefault(
                index, self._line(index, self.visual_style)
            )
            style = base
        return strip.extend_cell_length(width, style).crop(scroll_x, scroll_x + width)

    def _line(self, index: int, style: VisualStyle) -> Strip:
        lines = Visual.to_strips(self, self.entries[index], max(1, self.size.width - 1), 1, style)
        return Strip([Segment(" ", style.rich_style), *lines[0]]) if lines else Strip.blank(0)

    def _refresh_index(self, index: int | None) -> None:
        if index is not None:
            self.refresh(Region(0, index - round(self.scroll_offset.y), self.size.width, 1))

    def on_focus(self) -> None:
        self._refresh_index(self.cursor)

    def on_blur(self) -> None:
        self._refresh_index(self.cursor)

    # -- the cursor --------------------------------------------------------------------------

    def move_cursor(self, index: int | None, *, announce: bool = True) -> None:
        if not self.entries:
            return
        if index is not None:
            index = max(0, min(len(self.entries) - 1, index))
        old, self.cursor = self.cursor, index
        self._refresh_index(old)
        self._refresh_index(index)
        if index is not None:
            self.scroll_to_region(Region(0, index, 1, 1), animate=False, immediate=True)
            if announce and index != old:
                self.post_message(self.Highlighted(self, index))

    def action_move(self, step: int) -> None:
        self.move_cursor((self.cursor if self.cursor is not None else -step) + step)

    def action_move_page(self, direction: int) -> None:
        page = max(1, self.scrollable_content_region.height - 1)
        self.move_cursor((self.cursor or 0) + direction * page)

    def action_move_to(self, index: int) -> None:
        self.move_cursor(index if index >= 0 else len(self.entries) - 1)

    def action_select(self) -> None:
        if self.cursor is not None:
            self.post_message(self.Selected(self, self.cursor))

    def on_click(self, event: events.Click) -> None:
        index = round(self.scroll_offset.y) + event.y
        if 0 <= index < len(self.entries):
            if index == self.cursor:
                self.action_select()
            else:
                self.move_cursor(index)
