"""A ``Document`` cut into searchable passages.

Owns: which parts of a paper are indexed (abstract, paragraphs, equations with the sentences
around them) and what each passage remembers for display (its section's title and its equation
number), plus the document's content hash used to skip unchanged papers. A heading alone is
not a passage (a search for "gates" answered "References" and "Acknowledgments"): its title
is indexed with each passage under it instead.

Must not: touch the database (store.py writes the passages) or import anything heavy.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass

from paperpal.models import Document, Equation, Paragraph, Section


@dataclass(frozen=True, slots=True)
class Passage:
    kind: str  # "abstract" | "paragraph" | "equation"
    text: str
    section: str | None = None  # "2.1 Gated Recurrent Unit", as shown to a reader
    equation: str | None = None  # the printed number, "5"


def section_label(section: Section) -> str:
    return f"{section.number} {section.title}".strip() if section.number else section.title


def document_passages(title: str, document: Document) -> list[Passage]:
    return list(_passages(title, document))


def _passages(title: str, document: Document) -> Iterator[Passage]:
    if document.abstract.strip():
        yield Passage("abstract", document.abstract.strip(), section="Abstract")
    current: str | None = None
    for block in document.blocks:
        if isinstance(block, Section):
            current = section_label(block) or None
        elif isinstance(block, Paragraph):
            if block.text.strip():
                yield Passage("paragraph", block.text.strip(), section=current)
        elif isinstance(block, Equation):
            # An equation alone is rarely findable by words; the sentences around it are.
            parts = [block.context_before.strip(), f"$${block.latex.strip()}$$", block.context_after.strip()]
            text = " ".join(part for part in parts if part and part != "$$$$")
            if text:
                yield Passage("equation", text, section=current, equation=block.number)


def document_hash(title: str, passages: list[Passage]) -> str:
    """Changes whenever anything indexed changes (text, sections, equation numbers)."""
    payload = json.dumps(
        [title, [(p.kind, p.text, p.section, p.equation) for p in passages]], ensure_ascii=False
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
