"""A glossary concept on its own (from the command palette, outside the reader)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

if TYPE_CHECKING:
    from paperpal.tui.app import PaperpalApp


class ConceptScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Close")]

    def __init__(self, concept_id: str) -> None:
        super().__init__()
        self.concept_id = concept_id

    def compose(self) -> ComposeResult:
        app: PaperpalApp = self.app  # type: ignore[assignment]
        glossary = app.glossary()
        concept = glossary.concept(self.concept_id)
        text = Text()
        if concept is None:
            text.append(f"No concept {self.concept_id!r} in the glossary.")
        else:
            text.append(concept.name + "\n", style="bold underline")
            if concept.abbreviations:
                text.append(", ".join(concept.abbreviations) + "\n", style="dim")
            text.append("\n" + concept.summary + "\n")
            if concept.example:
                text.append(f"\nExample: {concept.example}\n", style="italic")
            if concept.requires:
                names = [glossary.concepts[r].name if r in glossary.concepts else r for r in concept.requires]
                text.append("\nBuilds on: " + ", ".join(names) + "\n", style="dim")
        with VerticalScroll(id="concept", classes="modal"):
            yield Static(text)

    def action_close(self) -> None:
        self.dismiss(None)
