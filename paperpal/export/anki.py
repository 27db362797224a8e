"""Flashcards of a paper's notation and jargon: an Anki deck (genanki) or Anki-importable CSV.

Front: the symbol (Unicode and LaTeX) or the term. Back: its meaning, where the meaning came
from, and the glossary's example when there is one. Ids are derived from the paper ids, so
re-importing an updated deck updates the cards instead of duplicating them.

Card text is untrusted: ``_field`` is the one place it is made safe, control characters removed,
and for the deck (whose fields Anki shows as HTML) markup escaped; the CSV says ``#html:false``.
"""

from __future__ import annotations

import csv
import hashlib
import io
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

from paperpal.controls import strip_controls
from paperpal.export.handout import HandoutPaper
from paperpal.notation.claims import voice
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
            # A card teaches: an uncertain meaning goes on it in its hedged words, never as fact.
            back = voice(symbol).text
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


def _field(text: str, *, html: bool = False) -> str:
    clean = strip_controls(text)
    return escape(clean) if html else clean


def render_csv(cards: Sequence[Card]) -> str:
    """front;back;tags — Anki's "Import File" reads this with fields separated by semicolons."""
    buffer = io.StringIO()
    buffer.write("#separator:Semicolon\n#html:false\n#tags column:3\n")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    for card in cards:
        writer.writerow([_field(card.front), _field(card.back), _field(" ".join(card.tags))])
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
                fields=[_field(card.front, html=True), _field(card.back, html=True).replace("\n", "<br>")],
                tags=[_field(t).replace(" ", "_") for t in card.tags],
                guid=genanki.guid_for(card.key),
            )
        )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "deck.apkg"
        genanki.Package(deck).write_to_file(str(path))
        return path.read_bytes()
