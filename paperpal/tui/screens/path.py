"""The reading path: the concepts the paper needs, prerequisites first, known ones marked."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from paperpal.models import PathStep
from paperpal.tui.widgets.footer import QuietFooter

if TYPE_CHECKING:
    from paperpal.models import PaperReport
    from paperpal.tui.app import PaperpalApp


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
        Binding("escape", "app.pop_screen", "Back"),
    ]

    def __init__(self, report: PaperReport) -> None:
        super().__init__()
        self.report = report
        self.steps: list[PathStep] = list(report.reading_path)
        self.hide_known = False
        self._shown: list[PathStep] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="path-intro")
        with Horizontal(id="path"):
            yield OptionList(id="path-list")
            yield Static(id="path-detail")
        yield QuietFooter()

    def on_mount(self) -> None:
        self.sub_title = f"reading path · {self.report.meta.id}"
        self._fill()
        self.query_one("#path-list", OptionList).focus()

    def _fill(self) -> None:
        known = sum(1 for s in self.steps if s.known)
        self.query_one("#path-intro", Static).update(
            Text.assemble(
                ("Reading path", "bold"),
                f" for {self.report.meta.title}: {len(self.steps)} concepts in learning order, {known} known. ",
                ("★ = the paper uses it; ✓ = you know it.", "dim"),
            )
        )
        self._shown = [s for s in self.steps if not (self.hide_known and s.known)]
        option_list = self.query_one("#path-list", OptionList)
        highlighted = option_list.highlighted
        option_list.clear_options()
        options = []
        for i, step in enumerate(self._shown, 1):
            label = Text()
            label.append(f"{i:>3}. ")
            label.append("✓ " if step.known else "  ", style="green")
            label.append(step.name, style="dim" if step.known else ("bold" if step.in_paper else ""))
            if step.in_paper:
                label.append(" ★", style="yellow")
            options.append(Option(label, id=step.concept))
        option_list.add_options(options)
        if options:
            option_list.highlighted = min(highlighted or 0, len(options) - 1)

    @on(OptionList.OptionHighlighted, "#path-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if 0 <= event.option_index < len(self._shown):
            step = self._shown[event.option_index]
            app: PaperpalApp = self.app  # type: ignore[assignment]
            concept = app.glossary().concept(step.concept)
            text = Text()
            text.append(step.name + "\n", style="bold underline")
            text.append((concept.summary if concept else step.summary) + "\n")
            if concept and concept.requires:
                glossary = app.glossary()
                names = [glossary.concepts[r].name if r in glossary.concepts else r for r in concept.requires]
                text.append("\nBuilds on: " + ", ".join(names) + "\n", style="dim")
            text.append("\nk: " + ("unmark as known" if step.known else "mark as known"), style="dim")
            text.append("   K: mark it and everything it builds on as known", style="dim")
            self.query_one("#path-detail", Static).update(text)

    def action_toggle_hide(self) -> None:
        self.hide_known = not self.hide_known
        self._fill()

    def action_toggle_known(self) -> None:
        option_list = self.query_one("#path-list", OptionList)
        index = option_list.highlighted
        if index is None or not (0 <= index < len(self._shown)):
            return
        step = self._shown[index]
        self._write([step.concept], not step.known)

    def action_known_with_prerequisites(self) -> None:
        """ "I know this and what it rests on": the quick way to shorten a long path."""
        from paperpal.glossary.graph import prerequisites, requires_map

        option_list = self.query_one("#path-list", OptionList)
        index = option_list.highlighted
        if index is None or not (0 <= index < len(self._shown)):
            return
        app: PaperpalApp = self.app  # type: ignore[assignment]
        concept_id = self._shown[index].concept
        ids = prerequisites([concept_id], requires_map(app.glossary())) or [concept_id]
        self._write(ids, True)
        if len(ids) > 1:
            self.notify(
                f"Marked {self._shown[index].name} and the {len(ids) - 1} concepts it builds on as known."
            )

    @work(thread=True, group="store")
    def _write(self, concept_ids: list[str], known: bool) -> None:
        from paperpal.errors import PaperpalError
        from paperpal.store import open_store

        try:
            with open_store() as store:
                store.set_known_many(concept_ids, known)
        except PaperpalError as err:
            self.app.call_from_thread(self.notify, str(err), severity="error")
            return
        changed = set(concept_ids)

        def apply() -> None:
            self.steps = [replace(s, known=known) if s.concept in changed else s for s in self.steps]
            self._fill()
            reader = next((s for s in self.app.screen_stack if hasattr(s, "_known_changed")), None)
            if reader is not None:
                reader.known = reader.known | changed if known else reader.known - changed  # type: ignore[attr-defined]
                reader._fill_terms()  # type: ignore[attr-defined]

        self.app.call_from_thread(apply)
