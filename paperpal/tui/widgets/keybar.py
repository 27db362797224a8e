"""The key bar at the bottom of every screen: the keys that work here, fitted to the width.

F1 Help comes first and is always shown, so a reader at 80 columns still sees where the keys
are explained; the other keys follow in the screen's order and whole keys are left out from the
end when the line is full (never a key cut in half). A click on a key runs it. The bar redraws
only when the keys it would show change (moving the selection changes none), which keeps a
key press cheap.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from textual import events
from textual.content import Content
from textual.widget import Widget

if TYPE_CHECKING:
    from textual.dom import DOMNode
    from textual.screen import Screen

Key = tuple[str, str, str, "DOMNode"]  # (key as shown, description, action, node)

_FIRST = ("help",)
_LAST = ("quit", "command_palette")


def _shown_key(display: str) -> str:
    """Function keys as printed on keyboards: F1, not f1."""
    return display.upper() if re.fullmatch(r"f\d{1,2}", display) else display


class KeyBar(Widget):
    def __init__(self) -> None:
        super().__init__()
        self._keys: tuple[Key, ...] = ()
        self._spans: list[tuple[int, int, str, DOMNode]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if screen is not self.screen:
            return
        keys = self._collect(screen)
        if keys != self._keys:
            self._keys = keys
            self.refresh()

    def _collect(self, screen: Screen[object]) -> tuple[Key, ...]:
        seen: set[str] = set()
        found: list[Key] = []
        for active in screen.active_bindings.values():
            binding = active.binding
            action = binding.action.removeprefix("app.").removeprefix("screen.")
            if not binding.show or not binding.description or action in seen or not active.enabled:
                continue
            seen.add(action)
            found.append(
                (
                    _shown_key(self.app.get_key_display(binding)),
                    binding.description,
                    binding.action,
                    active.node,
                )
            )
        palette = screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
        if palette is not None and self.app.ENABLE_COMMAND_PALETTE and "command_palette" not in seen:
            found.append(
                (self.app.get_key_display(palette.binding), "palette", "command_palette", palette.node)
            )

        def rank(key: Key) -> int:
            name = key[2].removeprefix("app.").removeprefix("screen.")
            return 0 if name in _FIRST else 2 if name in _LAST else 1

        return tuple(sorted(found, key=rank))

    def render(self) -> Content:
        width = self.size.width
        parts: list[str | tuple[str, str]] = []
        spans: list[tuple[int, int, str, DOMNode]] = []
        used = 0
        keys = list(self._keys)
        # Keep F1 and the palette whatever the width; fill the middle while it fits.
        must = [k for k in keys if k[2].removeprefix("app.") in ("help", "command_palette")]
        room = width - sum(len(k[0]) + len(k[1]) + 3 for k in must)
        chosen: list[Key] = []
        for key in keys:
            cost = len(key[0]) + len(key[1]) + 3
            if key in must:
                chosen.append(key)
            elif cost <= room:
                chosen.append(key)
                room -= cost
        for shown, description, action, node in chosen:
            start = used
            piece = f" {shown} "
            parts.append((piece, "bold $accent"))
            parts.append((f"{description} ", ""))
            used += len(piece) + len(description) + 1
            spans.append((start, used, action, node))
        self._spans = spans
        return Content.assemble(*parts)

    async def on_click(self, event: events.Click) -> None:
        for start, end, action, node in self._spans:
            if start <= event.x < end:
                await self.app.run_action(action, default_namespace=node)
                return
