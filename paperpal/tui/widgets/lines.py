"""Shared by the reader's line-drawn widgets (the paper, the decoder).

``set_virtual_size``: Textual lays out the whole screen whenever a scrolling widget's virtual
size changes (it is a layout reactive), which cost the reader a screen layout and a second
repaint on every key that changed the decoder's length. When the scrollbars stay as they are,
the size is set quietly and only the scrollbar is told; a scrollbar appearing or going away
still lays out as usual.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.scroll_view import ScrollView


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
