"""The line at the top of every screen: "paperpal — " and what the screen shows.

Textual's ``Header`` is four widgets with a clock space and an icon; this is one line of text,
drawn from the screen's ``sub_title`` (data: a paper's title is taken literally and cut with
"…" to fit), which keeps the first screen of the reader quicker to appear.
"""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

from paperpal.tui.widgets.safe import clean
from paperpal.tui.widgets.wrapping import fit


class TitleBar(Widget):
    def on_mount(self) -> None:
        self.watch(self.screen, "sub_title", self._sub_title_changed, init=False)

    def _sub_title_changed(self) -> None:
        self.refresh()

    def render(self) -> Content:
        room = max(1, self.size.width - 2)
        sub_title = clean(self.screen.sub_title or "")
        text = fit(f"paperpal — {sub_title}" if sub_title else "paperpal", room)
        content = Content(text)
        if text.startswith("paperpal"):
            content = content.stylize("bold", 0, len("paperpal"))
        return content
