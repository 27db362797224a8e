"""The reader's side panel: the paper's contents and its jargon, drawn from the reading state.

The contents are a tree of the paper's sections: Enter or a click jumps to a section (and
leaves the tree as it was: folding is the arrow keys' and the mouse's job); a section without
subsections is a leaf. The terms list shows each term of the paper with a ✓ when the reader
knows its concept; it redraws itself when the known concepts change anywhere in the app.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import TabbedContent, TabPane, Tree
from textual.widgets.tree import TreeNode

from paperpal.tui.widgets.linelist import LineList
from paperpal.tui.widgets.safe import assemble, plain_text

if TYPE_CHECKING:
    from paperpal.models import Section
    from paperpal.tui.state.reading import Change, ReadingState


class SidePanel(Vertical):
    """The contents and the terms of the paper in ``state`` (None while it loads), as tabs."""

    def __init__(self, state: ReadingState | None) -> None:
        super().__init__()
        self.state = state

    def compose(self) -> ComposeResult:
        with TabbedContent(id="sidebar", initial="tab-contents"):
            with TabPane("Contents", id="tab-contents"):
                yield ContentsTree(id="toc", state=self.state)
            with TabPane("Terms", id="tab-terms"):
                yield TermsList(id="terms", state=self.state)


class ContentsTree(Tree[str]):
    """Sections in a tree; the node data is the heading's item id."""

    def __init__(self, *, state: ReadingState | None = None, **kwargs: object) -> None:
        super().__init__("Paper", **kwargs)  # type: ignore[arg-type]
        self.show_root = False
        self.auto_expand = False  # Enter jumps; it does not fold the section away
        self._initial = state

    def on_mount(self) -> None:
        # The paper may have arrived while the panel was mounted after the first frame.
        state = self._initial or getattr(self.screen, "state", None)
        if state is not None:
            self.show(state)

    def render_label(self, node: TreeNode[str], base_style: Style, style: Style) -> Text:
        """The label, cut with "…" where the panel ends (a narrow panel would cut words)."""
        text = super().render_label(node, base_style, style)
        depth = 0
        parent = node.parent
        while parent is not None and parent is not self.root:
            depth += 1
            parent = parent.parent
        room = self.scrollable_content_region.width - depth * self.guide_depth - 1
        if room > 4 and text.cell_len > room:
            text.truncate(room, overflow="ellipsis")
        return text

    def get_label_width(self, node: TreeNode[str]) -> int:
        # Labels are cut to the panel (above), so the tree never scrolls sideways; a width that
        # followed the panel would lay the screen out again on every resize.
        return 1

    def _on_resize(self, event: events.Resize) -> None:
        # Textual's Tree rebuilds (and lays the screen out) when resized, also when its tab is
        # shown; the lines only need cutting to the new width.
        self._line_cache.clear()
        self.refresh()

    def notify_style_update(self) -> None:
        # Textual's Tree rebuilds itself (and lays the screen out) on any style change, focus
        # included; its lines only need drawing again.
        super(Tree, self).notify_style_update()
        self._line_cache.clear()
        self.refresh()

    def show(self, state: ReadingState) -> None:
        self.clear()
        sections = [item for item in state.items if item.kind == "heading" and item.section is not None]
        if not sections:
            self.root.add_leaf(plain_text("(no sections found)", "dim"))
            return
        levels = [max(1, item.section.level) if item.section else 1 for item in sections]
        parents = {0: self.root}
        for n, item in enumerate(sections):
            section: Section | None = item.section
            assert section is not None
            level = levels[n]
            parent = parents.get(level - 1) or self.root
            for deeper in range(level - 1, 0, -1):  # a subsection whose section is missing
                if deeper in parents:
                    parent = parents[deeper]
                    break
            label = plain_text(item.text)
            has_children = n + 1 < len(sections) and levels[n + 1] > level
            if has_children:
                node = parent.add(label, data=item.id, expand=True)
                parents[level] = node
                for key in [k for k in parents if k > level]:
                    del parents[key]
            else:
                parent.add_leaf(label, data=item.id)
        self._invalidate()  # lines drawn before the nodes were added must not be reused


class TermsList(LineList):
    """The paper's terms; a ✓ marks the ones the reader knows."""

    def __init__(self, *, state: ReadingState | None = None, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.state: ReadingState | None = None
        self._unsubscribe = lambda: None
        self._drawn: tuple[int, int] | None = None
        self._initial = state

    def on_mount(self) -> None:
        # The paper may have arrived while the panel was mounted after the first frame.
        state = self._initial or getattr(self.screen, "state", None)
        if state is not None:
            self.show(state)

    def show(self, state: ReadingState) -> None:
        self._unsubscribe()
        self.state = state
        self._unsubscribe = state.changed.subscribe(self._state_changed)
        self._drawn = None
        self.redraw()

    def on_unmount(self) -> None:
        self._unsubscribe()

    def _state_changed(self, change: Change) -> None:
        if change in ("known", "report"):
            self.redraw()

    def redraw(self) -> None:
        state = self.state
        if state is None:
            return
        key = (state.known.version, id(state.report.terms))
        if key == self._drawn:
            return
        self._drawn = key
        glossary = state.glossary
        entries = []
        for term in state.report.terms:
            concept = glossary.concept(term.concept) if term.concept else None
            known = bool(term.concept and term.concept in state.known)
            entries.append(
                assemble(
                    ("✓ " if known else "  ", "$text-success"),
                    ((concept.name if concept else term.name), "" if concept else "dim"),
                    (f"  ×{term.count}", "dim"),
                )
            )
        self.set_entries(entries)

    def labels(self) -> list[str]:
        """The entries as shown, as plain text."""
        return [entry.plain for entry in self.entries]
