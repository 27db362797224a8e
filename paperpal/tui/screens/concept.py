"""A glossary concept on its own (from the command palette, outside the reader)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from paperpal.tui.widgets.safe import assemble

if TYPE_CHECKING:
    from paperpal.glossary.model import Glossary


class ConceptScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Close")]

    def __init__(self, glossary: Glossary, concept_id: str) -> None:
        super().__init__()
        self.glossary = glossary
        self.concept_id = concept_id

    def compose(self) -> ComposeResult:
        glossary = self.glossary
        concept = glossary.concept(self.concept_id)
        parts: list[str | tuple[str, str]] = []
        if concept is None:
            parts.append(f"No concept {self.concept_id!r} in the glossary.")
        else:
            parts.append((concept.name + "\n", "bold underline"))
            if concept.abbreviations:
                parts.append((", ".join(concept.abbreviations) + "\n", "dim"))
            parts.append("\n" + concept.summary + "\n")
            if concept.example:
                parts.append((f"\nExample: {concept.example}\n", "italic"))
            if concept.requires:
                names = [glossary.concepts[r].name if r in glossary.concepts else r for r in concept.requires]
                parts.append(("\nBuilds on: " + ", ".join(names) + "\n", "dim"))
        with VerticalScroll(id="concept", classes="modal"):
            yield Static(assemble(*parts))

    def action_close(self) -> None:
        self.dismiss(None)
