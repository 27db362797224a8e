"""The loaded glossary: shipped entries plus the user's overlay, indexed for lookup.

A value, not a resource: building one is done by ``loader.load_glossary``; this module only
defines the shape and the lookups every other stage uses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from paperpal.models import Concept, GlossarySymbol


def _default_normalize(latex: str) -> str:
    from paperpal.mathtokens import normalize

    return normalize(latex)


@dataclass(frozen=True, slots=True)
class Glossary:
    symbols: Mapping[str, GlossarySymbol] = field(default_factory=dict)  # by id
    concepts: Mapping[str, Concept] = field(default_factory=dict)  # by id
    by_latex: Mapping[str, str] = field(default_factory=dict)  # normalize(latex) -> symbol id
    by_name: Mapping[str, str] = field(default_factory=dict)  # lower-cased name/alias/abbr -> concept id

    @classmethod
    def from_entries(
        cls,
        symbols: Iterable[GlossarySymbol],
        concepts: Iterable[Concept],
        *,
        normalize: Callable[[str], str] | None = None,
    ) -> Glossary:
        norm = normalize or _default_normalize
        sym = {s.id: s for s in symbols}
        con = {c.id: c for c in concepts}
        by_latex: dict[str, str] = {}
        for s in sym.values():
            for spelling in s.latex:
                by_latex.setdefault(norm(spelling), s.id)
        by_name: dict[str, str] = {}
        for c in con.values():
            for name in (c.name, *c.aliases, *c.abbreviations):
                by_name.setdefault(name.lower(), c.id)
        return cls(symbols=sym, concepts=con, by_latex=by_latex, by_name=by_name)

    def symbol_for(self, latex: str) -> GlossarySymbol | None:
        """The entry for a LaTeX spelling (``'\\sigma'``, ``'\\mathbb{E}'``), or None."""
        symbol_id = self.by_latex.get(_default_normalize(latex))
        return self.symbols.get(symbol_id) if symbol_id else None

    def concept(self, concept_id: str) -> Concept | None:
        return self.concepts.get(concept_id)

    def concept_named(self, name: str) -> Concept | None:
        """A concept by its name, an alias or an abbreviation (case-insensitive, exact)."""
        concept_id = self.by_name.get(name.strip().lower())
        return self.concepts.get(concept_id) if concept_id else None
