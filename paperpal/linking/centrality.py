"""How central a term is to its paper: the ranking that puts the key terms first.

A term is central when the paper puts it where it says what it is about (the title, the
abstract, its section headings), defines or names it, uses it often and across its sections, and
when it is specific: "gated recurrent unit" says more about a paper than "dataset" or "vector",
however often those occur. Specificity comes from the glossary's prerequisite graph: a concept
with a long chain of prerequisites under it is specialised; one many concepts build on is general.

The weights are round numbers chosen by reading the rankings of the corpus papers, not fitted to
the annotated key terms (``benchmarks/bench_terms.py`` reports how many of those reach the top).
It must not change which terms are found, only their order and the ``key`` mark.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from paperpal.models import TermInfo

#: How many of the top terms are marked as key terms (fewer when the paper has few).
KEY_TERMS = 10
#: A key term scores at least this share of the top term's score.
KEY_SHARE = 0.25

WEIGHTS = {
    "title": 2.5,
    "abstract": 1.5,
    "heading": 1.0,
    "defined": 1.5,
    "abbreviated": 0.5,
    "own": 2.0,
    "frequency": 1.5,
    "spread": 1.0,
}
UNEXPLAINED_SPECIFICITY = 0.6  # a repeated phrase nothing explains


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where and how often a term occurs, and how specific it is."""

    count: int
    title: bool = False
    abstract: bool = False
    heading: bool = False
    sections: int = 0  # top-level sections it occurs in
    defined: bool = False  # the paper defines or names it (more than introducing an abbreviation)
    abbreviated: bool = False  # the paper introduces an abbreviation for it
    own: bool = False
    specificity: float = 1.0  # 0..1


def score(evidence: Evidence, *, max_count: int, sections: int) -> float:
    frequency = math.log1p(evidence.count) / math.log1p(max(max_count, 1))
    spread = evidence.sections / max(sections, 1)
    base = (
        WEIGHTS["title"] * evidence.title
        + WEIGHTS["abstract"] * evidence.abstract
        + WEIGHTS["heading"] * evidence.heading
        + WEIGHTS["defined"] * evidence.defined
        + WEIGHTS["abbreviated"] * (evidence.abbreviated and not evidence.defined)
        + WEIGHTS["own"] * evidence.own
        + WEIGHTS["frequency"] * frequency
        + WEIGHTS["spread"] * min(spread, 1.0)
    )
    return base * (0.3 + 0.7 * evidence.specificity)


def rank(found: Sequence[tuple[int, TermInfo, Evidence]], *, sections: int) -> tuple[TermInfo, ...]:
    """The terms, most central first, with ``centrality``, ``rank`` and ``key`` set.

    ``found`` holds (first position in the paper, term, evidence); ties keep the paper's order.
    """
    if not found:
        return ()
    max_count = max(evidence.count for _, _, evidence in found)
    scored = [
        (round(score(evidence, max_count=max_count, sections=sections), 3), first, term)
        for first, term, evidence in found
    ]
    scored.sort(key=lambda item: (-item[0], item[1]))
    top = scored[0][0]
    ranked = []
    for number, (value, _, term) in enumerate(scored, start=1):
        key = number <= KEY_TERMS and value >= KEY_SHARE * top and value > 0
        ranked.append(replace(term, centrality=value, rank=number, key=key))
    return tuple(ranked)
