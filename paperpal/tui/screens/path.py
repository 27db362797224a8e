"""The reading path: the concepts the paper needs, prerequisites first, known ones marked.

It draws the reading state's path, which is derived from the app-wide known concepts: marking a
concept here (k, or K with everything it builds on) is seen at once by the reader's Terms tab and
decoder. While the screen is open its steps stay where they are and only their marks change; a
prerequisite marked known makes room for another the next time the path opens.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Static

from paperpal.tui.widgets.keybar import KeyBar
from paperpal.tui.widgets.linelist import LineList
from paperpal.tui.widgets.safe import assemble
from paperpal.tui.widgets.titlebar import TitleBar

if TYPE_CHECKING:
    from paperpal.models import PathStep
    from paperpal.tui.state.context import TuiContext
    from paperpal.tui.state.reading import Change, ReadingState


class PathScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("k", "toggle_known", "Known", tooltip="Mark the highlighted concept as known (or not)"),
        Binding(
            "K",
            "known_with_prerequisites",
            "Known + below",
            tooltip="Mark the highlighted concept and everything it builds on as known",
        ),
        Binding("h", "toggle_hide", "Hide known", tooltip="Hide or show the concepts you know"),
        Binding("escape", "close", "Back"),
    ]

    def __init__(self, context: TuiContext, state: ReadingState) -> None:
        super().__init__()
        self.context = context
        self.state = state
        self.hide_known = False
        self._shown: list[PathStep] = []
        self._opened: tuple[PathStep, ...] = state.path()  # the steps, as of opening
        self._unsubscribe = lambda: None

    @property
    def steps(self) -> tuple[PathStep, ...]:
        """The steps as the screen opened with them, each marked as the reader knows it now."""
        known = self.state.known.ids
        return tuple(
            s
            if s.concept.startswith("paper:") or s.known == (s.concept in known)
            else replace(s, known=not s.known)
            for s in self._opened
        )

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(id="path-intro")
        with Horizontal(id="path"):
            yield LineList(id="path-list")
            yield Static(id="path-detail")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = f"reading path · {self.state.paper_id}"
        self._unsubscribe = self.state.changed.subscribe(self._state_changed)
        self._fill()
        self.query_one("#path-list", LineList).focus()

    def on_unmount(self) -> None:
        self._unsubscribe()

    def _state_changed(self, change: Change) -> None:
        if change == "report":  # terms linked later: the path itself changed
            self._opened = self.state.path()
        if change in ("known", "report"):
            self._fill()

    def action_close(self) -> None:
        self.dismiss(None)

    def _fill(self) -> None:
        steps = self.steps
        known = sum(1 for s in steps if s.known)
        self.query_one("#path-intro", Static).update(
            assemble(
                ("Reading path", "bold"),
                f" for {self.state.report.meta.title}: {len(steps)} concepts in learning order, {known} known. ",
                ("★ = the paper uses it; ✓ = you know it.", "dim"),
            )
        )
        path_list = self.query_one("#path-list", LineList)
        cursor = path_list.cursor
        current = self._shown[cursor].concept if cursor is not None and cursor < len(self._shown) else None
        self._shown = [s for s in steps if not (self.hide_known and s.known)]
        entries = []
        for i, step in enumerate(self._shown, 1):
            entries.append(
                assemble(
                    f"{i:>3}. ",
                    ("✓ " if step.known else "  ", "$text-success"),
                    (step.name, "dim" if step.known else ("bold" if step.in_paper else "")),
                    (" ★" if step.in_paper else "", "$text-warning"),
                )
            )
        where = next((i for i, s in enumerate(self._shown) if s.concept == current), None)
        if where is None and entries:
            where = min(cursor or 0, len(entries) - 1)
        path_list.set_entries(entries, cursor=where)
        self._describe()

    @on(LineList.Highlighted, "#path-list")
    def _describe(self) -> None:
        index = self.query_one("#path-list", LineList).cursor
        detail = self.query_one("#path-detail", Static)
        if index is None or not (0 <= index < len(self._shown)):
            detail.update("")
            return
        step = self._shown[index]
        glossary = self.state.glossary
        concept = glossary.concept(step.concept)
        parts: list[str | tuple[str, str]] = [
            (step.name + "\n", "bold underline"),
            (concept.summary if concept else step.summary) + "\n",
        ]
        if concept and concept.requires:
            names = [glossary.concepts[r].name if r in glossary.concepts else r for r in concept.requires]
            parts.append(("\nBuilds on: " + ", ".join(names) + "\n", "dim"))
        parts.append(("\n✓ You know this. k: unmark\n" if step.known else "\nk: mark it as known\n", "dim"))
        parts.append(("K: mark it and everything it builds on as known", "dim"))
        detail.update(assemble(*parts))

    def action_toggle_hide(self) -> None:
        self.hide_known = not self.hide_known
        self._fill()

    def _highlighted(self) -> PathStep | None:
        index = self.query_one("#path-list", LineList).cursor
        if index is None or not (0 <= index < len(self._shown)):
            return None
        return self._shown[index]

    def action_toggle_known(self) -> None:
        step = self._highlighted()
        if step is not None:
            self._write([step.concept], not step.known, step.name)

    def action_known_with_prerequisites(self) -> None:
        """ "I know this and what it rests on": the quick way to shorten a long path."""
        from paperpal.glossary.graph import prerequisites, requires_map

        step = self._highlighted()
        if step is None:
            return
        ids = prerequisites([step.concept], requires_map(self.state.glossary)) or [step.concept]
        self._write(ids, True, step.name)

    @work(thread=True, group="store")
    def _write(self, concept_ids: list[str], known: bool, name: str) -> None:
        from paperpal.errors import PaperpalError
        from paperpal.tui.state.store_io import write_known

        try:
            write_known(concept_ids, known)
        except PaperpalError as err:
            self.app.call_from_thread(self.notify, str(err), severity="error", markup=False)
            return
        self.app.call_from_thread(self._written, concept_ids, known, name)

    def _written(self, concept_ids: list[str], known: bool, name: str) -> None:
        self.context.known.apply(concept_ids, known)
        if len(concept_ids) > 1:
            self.notify(
                f"Marked {name} and the {len(concept_ids) - 1} concepts it builds on as known.", markup=False
            )
