"""Finding glossary entries from what a reader types: an id, a name, an alias, LaTeX, or words.

This module owns ranking entries for ``paperpal glossary lookup`` (and the TUI's search box),
resolving a concept the reader names (``paperpal know``), and suggesting close matches when
nothing fits. It reads a loaded ``Glossary`` only; it never touches files or the embedding model.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Literal

from paperpal.glossary.model import Glossary
from paperpal.models import Concept, GlossarySymbol

_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True, slots=True)
class LookupHit:
    kind: Literal["symbol", "concept"]
    id: str
    name: str
    summary: str  # a concept's summary, a symbol's first meaning
    score: float  # higher is better; 100 = exact
    why: str  # what matched: "id", "name", "alias", "abbreviation", "latex", "words", "similar"


def resolve_concept(text: str, glossary: Glossary) -> Concept | None:
    """The concept whose id, name, alias or abbreviation is ``text`` (case-insensitive)."""
    wanted = text.strip()
    return (
        glossary.concepts.get(wanted)
        or glossary.concepts.get(wanted.lower())
        or glossary.concept_named(wanted)
    )


def resolve_symbol(text: str, glossary: Glossary) -> GlossarySymbol | None:
    """The symbol whose id or LaTeX spelling is ``text``."""
    wanted = text.strip()
    return glossary.symbols.get(wanted) or glossary.symbol_for(wanted)


def close_concepts(text: str, glossary: Glossary, *, limit: int = 5) -> list[str]:
    """Names of concepts spelled like ``text``, best first (for "did you mean")."""
    names: dict[str, str] = {}
    for concept in glossary.concepts.values():
        for form in (concept.id, concept.name, *concept.aliases, *concept.abbreviations):
            names.setdefault(form.lower(), concept.name)
    found = difflib.get_close_matches(text.strip().lower(), list(names), n=limit * 3, cutoff=0.6)
    return list(dict.fromkeys(names[f] for f in found))[:limit]


def lookup(text: str, glossary: Glossary, *, limit: int = 10) -> list[LookupHit]:
    """Symbols (by LaTeX or name) and concepts (by name, alias, abbreviation, summary words)."""
    query = text.strip()
    if not query:
        return []
    lowered = query.lower()
    words = set(_WORD.findall(lowered))
    hits: list[LookupHit] = []

    symbol = glossary.symbol_for(query) if "\\" in query or len(query) <= 3 else None
    for entry in glossary.symbols.values():
        meaning = entry.senses[0].meaning if entry.senses else ""
        if entry is symbol:
            score, why = 100.0, "latex"
        else:
            score, why = _text_score(lowered, words, entry.id, (entry.name, entry.read_as), (), meaning)
        if score > 0:
            hits.append(LookupHit("symbol", entry.id, entry.name or entry.read_as, meaning, score, why))

    for concept in glossary.concepts.values():
        score, why = _text_score(
            lowered,
            words,
            concept.id,
            (concept.name,),
            (*concept.aliases, *concept.abbreviations),
            concept.summary,
        )
        if concept.abbreviations and query in concept.abbreviations:
            score, why = 100.0, "abbreviation"
        if score > 0:
            hits.append(LookupHit("concept", concept.id, concept.name, concept.summary, score, why))

    if not hits:
        for name in close_concepts(query, glossary, limit=limit):
            similar = glossary.concept_named(name)
            if similar:
                hits.append(LookupHit("concept", similar.id, similar.name, similar.summary, 20.0, "similar"))
    hits.sort(key=lambda h: (-h.score, h.kind != "concept", h.name.lower()))
    return hits[:limit]


def _text_score(
    query: str,
    words: set[str],
    entry_id: str,
    names: tuple[str, ...],
    aliases: tuple[str, ...],
    body: str,
) -> tuple[float, str]:
    if query == entry_id:
        return 100.0, "id"
    lowered_names = [n.lower() for n in names if n]
    lowered_aliases = [a.lower() for a in aliases]
    if query in lowered_names:
        return 95.0, "name"
    if query in lowered_aliases:
        return 90.0, "alias"
    if any(n.startswith(query) for n in lowered_names):
        return 75.0, "name"
    if any(a.startswith(query) for a in lowered_aliases):
        return 70.0, "alias"
    if len(query) >= 3 and any(query in n for n in lowered_names):
        return 60.0, "name"
    if len(query) >= 3 and any(query in a for a in lowered_aliases):
        return 55.0, "alias"
    if words:
        body_words = set(_WORD.findall(" ".join((*lowered_names, *lowered_aliases, body.lower()))))
        shared = words & body_words
        if shared == words:
            return 30.0 + 10.0 * len(shared) / (1 + len(body_words) / 50), "words"
    return 0.0, ""
