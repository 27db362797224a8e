"""The glossary's names, aliases and abbreviations as word tuples, and looking phrases up in them.

This module owns matching a run of a paper's words against every form the glossary knows:
names and aliases case-insensitively with plural and hyphen/space variants ("Gated recurrent
units", "short-term" == "short term"), abbreviations case-sensitively as whole words ("GRU",
"GRUs"). A form may belong to several concepts ("kernel": a convolution's filter, a Gaussian
process's covariance): the index keeps them all, and ``senses`` chooses among them.

It must not decide whether a match is used in the glossary's sense; that is ``senses``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from paperpal.glossary.model import Glossary
from paperpal.linking.words import EVERYDAY, STOPWORDS, is_abbreviation, is_prose, singular, split_form

FOUNDATION_DOMAIN = "foundations"

Match = Literal["name", "alias", "abbreviation", "embedding", "candidate", "defined"]


@dataclass(frozen=True, slots=True)
class Hit:
    target: str  # a concept id, or "candidate:<words>" for a paper's own long form
    match: Match
    words: int  # how many words the form has


@dataclass(slots=True)
class FormIndex:
    folded: dict[tuple[str, ...], list[Hit]] = field(default_factory=dict)  # singular lower-case
    exact: dict[tuple[str, ...], list[Hit]] = field(default_factory=dict)  # as written
    longest: int = 1
    first_folded: set[str] = field(default_factory=set)  # first words of the folded forms
    first_exact: set[str] = field(default_factory=set)

    def overlay(self) -> FormIndex:
        """A copy one paper's own terms can be added to without touching this index."""
        return FormIndex(
            folded={k: list(v) for k, v in self.folded.items()},
            exact={k: list(v) for k, v in self.exact.items()},
            longest=self.longest,
            first_folded=set(self.first_folded),
            first_exact=set(self.first_exact),
        )

    def vocabulary(self) -> frozenset[str]:
        """Every (singular, lower-case) word of the names and aliases."""
        return frozenset(word for key in self.folded for word in key)

    def may_start(self, word: str) -> bool:
        """Whether any form could start with ``word`` (a quick test before the look-ups)."""
        return (
            word in self.first_exact
            or singular(word) in self.first_folded
            or (word.endswith("s") and word[:-1] in self.first_exact)
        )

    def set_exact(self, key: tuple[str, ...], hits: list[Hit]) -> None:
        self.exact[key] = hits
        self.first_exact.add(key[0])
        self.longest = max(self.longest, len(key))

    def set_folded(self, key: tuple[str, ...], hits: list[Hit]) -> None:
        self.folded[key] = hits
        self.first_folded.add(key[0])
        self.longest = max(self.longest, len(key))

    def add(self, form: str, target: str, match: Match, *, case_sensitive: bool) -> None:
        words = split_form(form)
        if not words:
            return
        hit = Hit(target, match, len(words))
        if case_sensitive:
            if form.lower() in STOPWORDS or form.lower() in EVERYDAY:
                return  # "in", "max": everyday words even when written as abbreviations
            _put(self.exact, tuple(words), hit)
            self.first_exact.add(words[0])
        else:
            folded = tuple(singular(w) for w in words)
            if "-" not in form and is_prose(folded):  # "over-fitting" is one word, not prose
                return
            if len(folded) == 1 and len(folded[0]) < 3:
                return
            _put(self.folded, folded, hit)
            self.first_folded.add(folded[0])
        self.longest = max(self.longest, len(words))

    def lookup(self, words: list[str]) -> list[Hit]:
        """Every concept (or paper term) these words name; abbreviations first."""
        key = tuple(words)
        hits = self.exact.get(key)
        if not hits and words[-1].endswith("s") and len(words[-1]) > 2:
            hits = self.exact.get((*key[:-1], words[-1][:-1]))  # "GRUs"
        if not hits:
            hits = self.folded.get(tuple(singular(w) for w in words))
        return hits or []


def _put(table: dict[tuple[str, ...], list[Hit]], key: tuple[str, ...], hit: Hit) -> None:
    hits = table.setdefault(key, [])
    if all(h.target != hit.target for h in hits):
        hits.append(hit)


def build_index(glossary: Glossary) -> FormIndex:
    """Every non-foundation concept's name, aliases and abbreviations."""
    index = FormIndex()
    for concept in glossary.concepts.values():
        if concept.domain == FOUNDATION_DOMAIN:
            continue
        for abbreviation in concept.abbreviations:
            index.add(abbreviation, concept.id, "abbreviation", case_sensitive=True)
        forms: list[tuple[str, Match]] = [(concept.name, "name")]
        forms += [(alias, "alias") for alias in concept.aliases]
        for form, match in forms:
            if is_abbreviation(form):
                # Matched case-sensitively like an abbreviation, but a concept's own name stays
                # its name ("AdaMax" is the concept, not an alias of another).
                kind: Match = "name" if match == "name" else "abbreviation"
                index.add(form, concept.id, kind, case_sensitive=True)
            else:
                index.add(form, concept.id, match, case_sensitive=False)
    return index
