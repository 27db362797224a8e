"""Flashcards of a paper's notation and jargon: an Anki deck (genanki) or Anki-importable CSV.

Front: the symbol (Unicode and LaTeX) or the term. Back: its meaning, where the meaning came
from, and the glossary's example when there is one. Ids are derived from the paper ids, so
re-importing an updated deck updates the cards instead of duplicating them.
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from paperpal.export.handout import HandoutPaper
from paperpal.notation.prose import to_screen


@dataclass(frozen=True, slots=True)
class Card:
    front: str
    back: str
    tags: tuple[str, ...]
    key: str  # stable identity of the card


def _stable_id(text: str) -> int:
    # Anki ids are 31-bit-ish positive integers; derive them from text so they never change.
    return int(hashlib.sha256(text.encode()).hexdigest()[:8], 16) | (1 << 30)


def build_cards(papers: Sequence[HandoutPaper], examples: dict[str, str]) -> list[Card]:
    """``examples``: glossary id -> example, for the back of the cards."""
    cards: list[Card] = []
    for paper in papers:
        paper_tag = "arxiv_" + paper.report.meta.id.replace("/", "_").replace(".", "_")
        for symbol in paper.report.symbols:
            if not symbol.meaning:
                continue
            back = to_screen(symbol.meaning)  # the paper's formulas in Unicode, not $latex$
            source = {
                "paper": "the paper",
                "glossary": "the glossary",
                "convention": "a naming convention",
            }.get(symbol.source or "", "")
            if source:
                back += f"\n(from {source})"
            if symbol.evidence:
                back += f"\n“{' '.join(to_screen(symbol.evidence).split())}”"
            example = examples.get(symbol.glossary_id or "")
            if example:
                back += f"\nExample: {example}"
            cards.append(
                Card(
                    f"{symbol.text}   [{symbol.latex}]",
                    back,
                    (paper_tag, "notation"),
                    f"{paper.report.meta.id}|sym|{symbol.latex}",
                )
            )
        for term in paper.terms:
            if not term.explanation:
                continue
            back = " ".join(term.explanation.split())
            example = examples.get(term.concept or "")
            if example:
                back += f"\nExample: {example}"
            front = term.name + (f" ({term.abbreviation})" if term.abbreviation else "")
            cards.append(
                Card(
                    front,
                    back,
                    (paper_tag, "jargon"),
                    f"{paper.report.meta.id}|term|{term.concept or term.name}",
                )
            )
    return cards


def render_csv(cards: Sequence[Card]) -> str:
    """front;back;tags — Anki's "Import File" reads this with fields separated by semicolons."""
    buffer = io.StringIO()
    buffer.write("#separator:Semicolon\n#html:false\n#tags column:3\n")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    for card in cards:
        writer.writerow([card.front, card.back, " ".join(card.tags)])
    return buffer.getvalue()


def render_apkg(cards: Sequence[Card], deck_name: str) -> bytes:
    import genanki

    model = genanki.Model(
        _stable_id("paperpal-model-v1"),
        "paperpal notation card",
        fields=[{"name": "Front"}, {"name": "Back"}],
        templates=[
            {
                "name": "Card 1",
                "qfmt": '<div class="front">{{Front}}</div>',
                "afmt": '{{FrontSide}}<hr id="answer"><div class="back">{{Back}}</div>',
            }
        ],
        css=".card { font-family: sans-serif; font-size: 20px; text-align: left; } .front { font-size: 26px; }",
    )
    deck = genanki.Deck(_stable_id("paperpal-deck|" + deck_name), deck_name)
    for card in cards:
        deck.add_note(
            genanki.Note(
                model=model,
                fields=[html.escape(card.front), html.escape(card.back).replace("\n", "<br>")],
                tags=list(card.tags),
                guid=genanki.guid_for(card.key),
            )
        )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "deck.apkg"
        genanki.Package(deck).write_to_file(str(path))
        return path.read_bytes()
