"""The paper's column: front matter, headings, passages and equations, drawn line by line.

One widget draws the whole paper (Textual's line API): it lays the paper's items out for the
column's width, keeps the lines, and draws only what is on screen. Selecting the next equation
repaints the lines that changed and scrolls; nothing is mounted or laid out again, which is
what keeps a key press well under a frame or two even for a long paper.

The selection and the notes come from the ``ReadingState``: the view draws the selected item
with a bar and a tint, marks items with notes (✎), and tells the state when the reader clicks
an item or steps with Tab. Equations that do not fit the column are broken before an
operator, never mid-symbol; the pretty (several-line) drawing is shown only where it fits.

Text from the paper is data: lines are built from plain strings and styles, never markup, and
terminal control characters are removed (``widgets.safe.clean``) before they are laid out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.strip import Strip

from paperpal.extract.equation_names import display_label
from paperpal.tui.widgets.lines import LineDrawn, set_virtual_size
from paperpal.tui.widgets.safe import clean
from paperpal.tui.widgets.wrapping import break_equation, wrap

if TYPE_CHECKING:
    from paperpal.tui.state.reading import Change, PaperItem, ReadingState

GUTTER = 2  # the selection bar and the note mark
RIGHT = 1  # a blank column before the scrollbar


class PaperView(LineDrawn, can_focus=True):
    """The paper; scrolls with the usual keys, Tab / shift+Tab select passage by passage."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "page_down", "Page down", show=False),
        Binding("b,shift+space", "page_up", "Page up", show=False),
        Binding("j", "scroll_down", "Down", show=False),
        Binding("tab", "step_item(1)", "Next passage", show=False),
        Binding("shift+tab", "step_item(-1)", "Previous passage", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "paper--title",
        "paper--authors",
        "paper--meta",
        "paper--warning",
        "paper--heading",
        "paper--heading-1",
        "paper--heading-3",
        "paper--abstract",
        "paper--equation",
        "paper--number",
        "paper--selected",
        "paper--bar",
        "paper--note",
    }

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.state: ReadingState | None = None
        self._unsubscribe = lambda: None
        self._width = 0
        self._lines: list[Strip] = []  # content lines (without the gutter)
        self._line_item: list[int] = []  # the item each line belongs to
        self._line_margin: list[bool] = []  # a blank line between items
        self._starts: list[int] = []  # first line of each item (its margin included)
        self._styles: dict[str, Style] = {}
        self._shown_selected: int | None = None
        self._pending_place: tuple[str | None, str | None] | None = None

    # -- the state ---------------------------------------------------------------------------

    def show(self, state: ReadingState) -> None:
        self._unsubscribe()
        self.state = state
        self._unsubscribe = state.changed.subscribe(self._state_changed)
        self._width = 0
        self._relayout()

    def on_unmount(self) -> None:
        self._unsubscribe()

    def _state_changed(self, change: Change) -> None:
        if change == "selection":
            self._selection_changed()
        elif change == "notes":
            self.refresh()

    def _selection_changed(self) -> None:
        state = self.state
        if state is None:
            return
        old, new = self._shown_selected, state.selected
        if old == new:
            return
        self._shown_selected = new
        for index in (old, new):
            if index is not None:
                self._refresh_item(index)
        if new is not None:
            self.scroll_to_item(new)

    # -- layout ------------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        # Styles are baked into the lines: lay out again when they changed (a new theme), not
        # on every focus change, which also lands here.
        old = dict(self._styles)
        self._styles.clear()
        if self._lines and any(self._style(name) != style for name, style in old.items()):
            self._width = 0
            self.call_later(self._relayout)

    def on_resize(self, _event: events.Resize) -> None:
        self._relayout()

    def _content_width(self) -> int:
        return max(10, self.scrollable_content_region.width - GUTTER - RIGHT)

    def _relayout(self) -> None:
        state = self.state
        if state is None or not self.is_mounted or self.size.width == 0:
            return
        width = self._content_width()
        if width == self._width and self._lines:
            return
        top = self.top_item() if self._lines else None
        self._width = width
        lines: list[Strip] = []
        line_item: list[int] = []
        margins: list[bool] = []
        starts: list[int] = []
        previous = None
        for item in state.items:
            starts.append(len(lines))
            margin = 0 if previous in (None, "heading") and item.kind != "heading" else 1
            if item.kind == "front" or previous is None:
                margin = 0
            for _ in range(margin):
                lines.append(Strip.blank(0))
                line_item.append(item.index)
                margins.append(True)
            for strip in self._render_item(item, width):
                lines.append(strip)
                line_item.append(item.index)
                margins.append(False)
            previous = item.kind
        self._lines, self._line_item, self._line_margin, self._starts = lines, line_item, margins, starts
        set_virtual_size(self, Size(width + GUTTER, len(lines)))
        if self._pending_place is not None:
            place, self._pending_place = self._pending_place, None
            self._apply_place(*place)
        elif top is not None:
            self.scroll_to(y=self._starts[top], animate=False, immediate=True)
        self.refresh()

    def _style(self, name: str) -> Style:
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = self.get_component_rich_style(name, partial=True)
        return style

    def _render_item(self, item: PaperItem, width: int) -> list[Strip]:
        if item.kind == "front":
            return self._render_front(width)
        if item.kind == "heading":
            level = item.section.level if item.section else 2
            style = self._style("paper--heading")
            if level <= 1:
                style = style + self._style("paper--heading-1")
            elif level >= 3:
                style = style + self._style("paper--heading-3")
            return [Strip([Segment(line, style)]) for line in wrap(clean(item.text), width)]
        if item.kind == "equation":
            return self._render_equation(item, width)
        style = self._style("paper--abstract") if item.id == "abstract" else Style()
        return [Strip([Segment(line, style)]) for line in wrap(clean(item.text), width)]

    def _render_front(self, width: int) -> list[Strip]:
        assert self.state is not None
        report = self.state.report
        meta = report.meta
        strips: list[Strip] = []

        def add(text: str, style: Style, indent: int = 0) -> None:
            for n, line in enumerate(wrap(clean(text), width - indent)):
                strips.append(Strip([Segment((" " * indent if n else "") + line, style)]))

        add(meta.title or report.document.title or meta.id, self._style("paper--title"))
        if meta.authors:
            add(", ".join(meta.authors), self._style("paper--authors"))
        where = f"arXiv:{meta.id}" if meta.origin == "arxiv" else meta.id
        source = "LaTeX source" if report.document.source == "latex" else "PDF"
        add(f"{where} · read from the {source}", self._style("paper--meta"))
        for warning in report.warnings:
            add(f"⚠ {warning}", self._style("paper--warning"), indent=2)
        return strips

    def _render_equation(self, item: PaperItem, width: int) -> list[Strip]:
        info = item.info
        assert info is not None
        # The paper's number, or paperpal's name for an unnumbered display ("[5+1]"): what a
        # reader types to jump back to it.
        label = f"{display_label(info.equation)}  " if info.equation.display else ""
        room = max(8, width - cell_len(label) - 1)
        strips: list[Strip] = []
        number_style = self._style("paper--number")
        for n, line in enumerate(break_equation(clean(info.text), room)):
            lead = label if n == 0 else " " * cell_len(label)
            strips.append(Strip([Segment(" " + lead, number_style), Segment(line, Style(bold=True))]))
        pretty = info.pretty
        if pretty and "\n" in pretty:
            rows = pretty.splitlines()
            if max(cell_len(r) for r in rows) <= room:
                pad = " " * (1 + cell_len(label))
                strips.extend(Strip([Segment(pad + clean(row))]) for row in rows)
        return strips

    # -- drawing -----------------------------------------------------------------------------

    def before_paint(self) -> None:
        if self.state is not None and self._content_width() != self._width:
            self._relayout()

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.size.width
        base = self.base_style
        line = scroll_y + y
        if line >= len(self._lines) or self.state is None:
            return Strip.blank(width, base)
        index = self._line_item[line]
        item = self.state.items[index]
        selected = index == self.state.selected
        tint: Style | None = None
        if selected and not self._line_margin[line]:
            tint = self._style("paper--selected")
        elif item.kind == "equation" and not self._line_margin[line]:
            tint = self._style("paper--equation")
        bar = Segment(
            "▌" if selected and not self._line_margin[line] else " ", base + self._style("paper--bar")
        )
        first = line == self._starts[index] + self._margin_of(index)
        has_notes = first and item.selectable and self.state.notes and self.state.item_notes(item)
        mark = Segment("✎" if has_notes else " ", base + self._style("paper--note"))
        content = self._lines[line]
        style = base + tint if tint is not None else base
        strip = Strip([bar, mark, *content.apply_style(style)])
        strip = strip.extend_cell_length(width, style if tint is not None else base)
        return strip.crop(scroll_x, scroll_x + width).apply_offsets(scroll_x, line)

    def _margin_of(self, index: int) -> int:
        start = self._starts[index]
        count = 0
        while start + count < len(self._line_margin) and self._line_margin[start + count]:
            count += 1
        return count

    def _refresh_item(self, index: int) -> None:
        if index >= len(self._starts):
            return
        start = self._starts[index]
        end = self._starts[index + 1] if index + 1 < len(self._starts) else len(self._lines)
        self.refresh(Region(0, start - round(self.scroll_offset.y), self.size.width, end - start))

    # -- scrolling and places ----------------------------------------------------------------

    def item_lines(self, index: int) -> tuple[int, int]:
        """First and last line of item ``index`` (its margin left out)."""
        start = self._starts[index] + self._margin_of(index)
        end = self._starts[index + 1] if index + 1 < len(self._starts) else len(self._lines)
        return start, max(start, end - 1)

    def scroll_to_item(self, index: int, *, top: bool = False) -> None:
        """Bring item ``index`` into view: at the top with ``top``; else, when it is not in view
        already, a third of the way down, so the sentences before it show too."""
        if index >= len(self._starts):
            return
        first, last = self.item_lines(index)
        height = self.scrollable_content_region.height
        y = round(self.scroll_offset.y)
        if top:
            self.scroll_to(y=self._starts[index], animate=False, immediate=True)
            return
        if first >= y and last < y + height:
            return
        if last - first + 1 >= height:
            target = first
        else:
            target = max(0, first - height // 3)
        self.scroll_to(y=target, animate=False, immediate=True)

    def top_item(self) -> int:
        """The item at the top of the view."""
        if not self._line_item:
            return 0
        line = min(len(self._line_item) - 1, max(0, round(self.scroll_offset.y)))
        return self._line_item[line]

    def place(self) -> tuple[str | None, str | None]:
        """(top item id, selected item id): where the reader is, for coming back to it."""
        if self.state is None:
            return None, None
        top = self.state.items[self.top_item()].id if self._lines else None
        selected = self.state.items[self.state.selected].id if self.state.selected is not None else None
        return top, selected

    def restore(self, top: str | None, selected: str | None) -> None:
        """Go back to a place (see ``place``), once the paper is laid out."""
        if not self._lines:
            self._pending_place = (top, selected)
            return
        self._apply_place(top, selected)

    def _apply_place(self, top: str | None, selected: str | None) -> None:
        state = self.state
        if state is None:
            return
        chosen = state.item(selected) if selected else None
        if chosen is not None:
            state.select(chosen.index)
        item = state.item(top) if top else None
        if item is not None:
            self.scroll_to(y=self._starts[item.index], animate=False, immediate=True)
        elif chosen is not None:
            self.scroll_to_item(chosen.index)

    # -- keys and the mouse ------------------------------------------------------------------

    def step(self, kind: str, direction: int) -> int | None:
        """Select the next (1) or previous (-1) equation (``kind`` "equation") or passage or
        equation ("any"); starting from what is in view when nothing is selected."""
        state = self.state
        if state is None:
            return None
        index = state.step("equation" if kind == "equation" else "any", direction, self.top_item())
        if index is not None:
            state.select(index)
        return index

    # Scrolling is immediate: an animated page turn costs a dozen repaints and lags the keys.
    def action_page_down(self) -> None:
        self.scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        self.scroll_page_up(animate=False)

    def action_scroll_down(self) -> None:
        self.scroll_relative(y=1, animate=False)

    def action_scroll_up(self) -> None:
        self.scroll_relative(y=-1, animate=False)

    def action_scroll_home(self) -> None:
        self.scroll_home(animate=False)

    def action_scroll_end(self) -> None:
        self.scroll_end(animate=False)

    def action_step_item(self, direction: int) -> None:
        self.step("any", direction)

    def on_click(self, event: events.Click) -> None:
        state = self.state
        line = round(self.scroll_offset.y) + event.y
        if state is None or not (0 <= line < len(self._line_item)):
            return
        item = state.items[self._line_item[line]]
        if item.selectable:
            state.select(item.index)
