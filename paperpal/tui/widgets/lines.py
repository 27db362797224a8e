"""Shared by the reader's line-drawn widgets (the paper, the decoder, the line lists).

``LineDrawn``: a scroll view drawn line by line (``render_line``), whose own style is worked out
once per repaint (``base_style``), not once per line: Textual walks up the DOM for the background,
measured at a third of a repaint. ``before_paint`` is where a widget lays itself out for a new
width, before the first paint rather than on the Resize event that follows it, so the first
frame shows its text and not an empty column.

``set_virtual_size``: Textual lays out the whole screen whenever a scrolling widget's virtual
size changes (it is a layout reactive), which cost the reader a screen layout and a second
repaint on every key that changed the decoder's length. When the scrollbars stay as they are,
the size is set quietly and only the scrollbar is told; a scrollbar appearing or going away
still lays out as usual.
"""

from __future__ import annotations

from rich.style import Style
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip


class LineDrawn(ScrollView):
    """A scroll view drawn line by line (see the module docstring)."""

    _base: Style | None = None

    def before_paint(self) -> None:
        """Lay out for the current width if it changed (a widget's own hook)."""

    def render_lines(self, crop: Region) -> list[Strip]:
        self._base = self.rich_style
        self.before_paint()
        try:
            return super().render_lines(crop)
        finally:
            self._base = None

    @property
    def base_style(self) -> Style:
        """The widget's own style, as of this repaint."""
        return self._base or self.rich_style


def set_virtual_size(view: ScrollView, size: Size) -> None:
    if size == view.virtual_size:
        return
    if not view.is_mounted or not view.container_size:
        view.virtual_size = size
        return
    height = view.container_size.height
    always = view.styles.overflow_y != "auto"  # "scroll": always shown; "hidden": never
    before = view.virtual_size.height > height
    after = size.height > height
    if (before != after and not always) or view.virtual_size.width != size.width:
        view.virtual_size = size  # the scrollbar shows or hides: a real layout change
        return
    view.set_reactive(ScrollView.virtual_size, size)
    view._scroll_update(size)
    view.refresh()
