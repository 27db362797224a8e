"""Candidate terms: repeated technical noun phrases the glossary does not have.

This module owns telling a paper's own jargon ("spectral frame alignment") from the debris of its
prose: a candidate must repeat, be built from content words, end in a word the paper uses as a
noun (one it puts after "the", "a", "of" somewhere: "the kernel" occurs, "the indicates" never
does), and stand on its own rather than always sit inside the same longer expression ("hand side"
is always "right hand side"; "layer plain" is always "34-layer plain"), and hold together (its
words are mostly used in it, not each all over the paper: "counting performance" is prose).

It must not look anything up in the glossary: the caller hands it the words no form claimed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from paperpal.linking.words import DETERMINERS, GENERIC_HEADS, STOPWORDS, WEAK_WORDS, singular

MAX_CANDIDATES = 40
# Share of a phrase's uses that may sit next to the same word before it calls it a fragment.
FRAGMENT_SHARE = 0.75
NUMBER = "#"  # a neighbour that is a number ("34-layer plain")
BOUNDARY = ""  # punctuation, math or the edge of the text


@dataclass(slots=True)
class PhraseUses:
    first: int
    count: int = 0
    forms: Counter[str] = field(default_factory=Counter)
    before: Counter[str] = field(default_factory=Counter)
    after: Counter[str] = field(default_factory=Counter)
    units: set[int] = field(default_factory=set)


def is_candidate(words: list[str]) -> bool:
    return _candidate_words(tuple(words))


@lru_cache(maxsize=1 << 16)
def _candidate_words(words: tuple[str, ...]) -> bool:
    lower = [w.lower() for w in words]
    if any(not w.isalpha() or len(w) < 2 for w in lower):
        return False
    if any(w in STOPWORDS or w in WEAK_WORDS for w in lower):
        return False
    if len(lower[0]) < 3 or len(lower[-1]) < 3:
        return False
    if any(w.endswith("ly") for w in lower):
        return False

    last = lower[-1]
    if singular(last) in GENERIC_HEADS or last in GENERIC_HEADS:
        return False
    if last.endswith(("ed", "al", "ive", "ous", "ible", "able", "ful", "less", "ic", "ary")):
        return False
    # All-capitals runs are usually headings or acronym soup, not noun phrases.
    return not all(w.isupper() for w in words)


def neighbour(word: str | None) -> str:
    """How a phrase's neighbouring word is remembered: a number, the edge, or the word."""
    if word is None:
        return BOUNDARY
    if any(ch.isdigit() for ch in word):
        return NUMBER
    return word.lower()


def count_phrases(
    free: list[tuple[str, str, str]],
    before: str,
    after: str,
    phrases: dict[tuple[str, ...], PhraseUses],
    position: int,
    unit: int,
) -> None:
    """Count every 2- to 4-word candidate phrase in a run of words no glossary form claimed.

    ``free`` holds (word, its text in the paper up to the next word, ...) triples: (word, surface,
    spacing); ``before``/``after`` are the neighbours of the whole run (a glossary term's marker,
    a number, or the edge).
    """
    for size in (2, 3, 4):
        for start in range(0, len(free) - size + 1):
            words = [w for w, _, _ in free[start : start + size]]
            if not is_candidate(words):
                continue
            key = tuple(singular(w) for w in words)
            entry = phrases.setdefault(key, PhraseUses(first=position))
            entry.count += 1
            surface = (
                "".join(s + gap for _, s, gap in free[start : start + size - 1]) + free[start + size - 1][1]
            )
            entry.forms[surface] += 1
            entry.before[neighbour(free[start - 1][0]) if start > 0 else before] += 1
            end = start + size
            entry.after[neighbour(free[end][0]) if end < len(free) else after] += 1
            entry.units.add(unit)


def _fragment(uses: PhraseUses) -> bool:
    """Always next to the same content word: part of a longer expression, not a term."""
    for side in (uses.before, uses.after):
        word, times = side.most_common(1)[0] if side else (BOUNDARY, 0)
        if word != BOUNDARY and word not in STOPWORDS and times >= FRAGMENT_SHARE * uses.count:
            return True
    return False


def surface(forms: Counter[str]) -> str:
    # The most frequent spelling, lower-cased unless a word has capitals inside ("LSTM unit").
    form = forms.most_common(1)[0][0] if forms else ""
    return form if any(any(ch.isupper() for ch in word[1:]) for word in form.split()) else form.lower()


def title_cased(form: str) -> bool:
    """ "Wall Clock", "International Conference": names and headings, not jargon."""
    words = form.split()
    return bool(words) and all(w[:1].isupper() for w in words)


def _contains(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    size = len(shorter)
    return any(longer[i : i + size] == shorter for i in range(len(longer) - size + 1))


def choose_candidates(
    phrases: dict[tuple[str, ...], PhraseUses],
    nouns: set[str],
    words: Counter[str],
    technical: frozenset[str] = frozenset(),
) -> list[tuple[tuple[str, ...], PhraseUses]]:
    """The repeated phrases worth listing, most used first (at most ``MAX_CANDIDATES``).

    ``nouns`` are the (lower-case) words the paper puts after a determiner somewhere; ``words``
    counts every (singular) word of the paper's prose; ``technical`` holds the words of the
    glossary's names, where a participle is a technical modifier ("gated", "dilated").
    """
    # Two-word phrases need three uses to count as repeated jargon: pairs of ordinary words
    # recur by chance ("challenging task"); longer phrases recurring twice rarely do.
    repeated = {
        key: uses
        for key, uses in phrases.items()
        if uses.count >= (3 if len(key) == 2 else 2)
        and not title_cased(uses.forms.most_common(1)[0][0])
        and _noun_headed(key, uses, nouns)
        and not _fragment(uses)
        and _cohesive(key, uses, words)
        and not _described(key, technical)
    }
    kept: list[tuple[tuple[str, ...], PhraseUses]] = []
    # Longest first: a shorter phrase that only ever occurs inside a kept longer one is dropped.
    for key, uses in sorted(repeated.items(), key=lambda kv: (-len(kv[0]), -kv[1].count)):
        inside = any(len(k) > len(key) and _contains(k, key) and ku.count >= uses.count for k, ku in kept)
        if not inside:
            kept.append((key, uses))
    kept.sort(key=lambda kv: (-kv[1].count, kv[1].first))
    return kept[:MAX_CANDIDATES]


# Share of its rarest word's uses a phrase must account for (see ``_cohesive``).
COHESION = 0.5


def _cohesive(key: tuple[str, ...], uses: PhraseUses, words: Counter[str]) -> bool:
    """A term's words keep company: most uses of its rarest word are inside the term
    ("arithmetic-geometric series"). A phrase of two words each used all over the paper
    ("counting performance" where "counting" and "performance" are everywhere) is prose."""
    rarest = min((words.get(word, 0) for word in key), default=0)
    return rarest == 0 or uses.count >= COHESION * rarest


def _described(key: tuple[str, ...], technical: frozenset[str]) -> bool:
    """ "increased depth", "desired mapping": a participle describing a thing, not a name;
    unless the glossary uses the participle in names ("gated recurrent cell")."""
    return key[0].endswith("ed") and key[0] not in technical


# Words that follow a verb, not a noun: "the dashed line indicates the ...", "says that".
_AFTER_VERB = frozenset("the a an its their his her that this these those we it they".split())


# Comparatives end a clause's predicate, not a name: "the average reward greater than ...".
_COMPARATIVES = frozenset("greater larger smaller higher lower better worse more less fewer".split())


def _noun_headed(key: tuple[str, ...], uses: PhraseUses, nouns: set[str]) -> bool:
    """Whether the phrase ends in a noun: its last word follows "the", "a", "of" somewhere in
    the paper, or the phrase does and its last word is never followed by an article. A phrase
    ending in a comparative, or followed by "than", ends in no noun."""
    if key[-1] in _COMPARATIVES or "than" in uses.after:
        return False
    if key[-1] in nouns or _last_word(uses) in nouns:
        return True
    after_determiner = any(word in DETERMINERS for word in uses.before)
    return after_determiner and not any(word in _AFTER_VERB for word in uses.after)


def _last_word(uses: PhraseUses) -> str:
    form = uses.forms.most_common(1)[0][0] if uses.forms else ""
    return form.split()[-1].lower() if form.split() else ""
