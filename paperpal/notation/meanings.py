"""What one symbol of a paper means: every candidate meaning, the evidence for each, the choice.

Owns: ``SymbolGroup`` (all the written forms of one symbol in a paper, with the formulas and
sentences around them), ``candidates`` (the paper's definitions of it, the glossary sense its
context selects, the convention its typography states, each with named features for the
confidence model of ``claims``), and ``choose`` (the most likely candidate).

Authority is evidence, not a fixed order. The paper's own definition usually wins, but a weak
reading of a sentence ("$n = 18$ leads to ...", "the notation $y = ...$") loses to a glossary
sense the paper's context selects, and a glossary sense from another field (h-tilde as a GRU's
candidate state) is only likely when the paper shows that field's marks: cue words or LaTeX next
to the symbol, the concepts the paper uses, its arXiv categories, the equation's shape.

Must not: read files, fetch, or decide how a meaning is voiced (``claims.voice`` does).
"""

from __future__ import annotations

from dataclasses import dataclass

from paperpal.glossary.model import Glossary
from paperpal.models import GlossarySymbol, PaperContext, Sense
from paperpal.notation.claims import Candidate, confidence
from paperpal.notation.conventions import convention_meaning
from paperpal.notation.definitions import Definition
from paperpal.notation.glossary_meanings import glossary_candidate
from paperpal.notation.paper_meanings import content_words, gist, paper_candidates, says_the_same
from paperpal.notation.symbol_group import SymbolGroup, kind_of

__all__ = ["Choice", "SymbolGroup", "choose", "kind_of", "says_the_same", "capped"]


@dataclass(frozen=True, slots=True)
class Choice:
    """The meaning shown for a symbol (``candidate`` None: nothing explains it)."""

    candidate: Candidate | None
    confidence: float
    entry: GlossarySymbol | None
    sense: Sense | None


# Readings that are never stated as fact, whatever the model says: a glossary sense that is
# itself a hedge ("A quantity the paper defines; commonly ..."), and a generic one (what a hat
# usually marks; what theta is when the paper writes theta_g, whose parameters the glossary
# cannot know).
HEDGE_CONFIDENCE = 0.3
GENERIC_CONFIDENCE = 0.5


def capped(candidate: Candidate) -> float:
    """The candidate's confidence, held below certainty for hedges and generic readings."""
    value = confidence(candidate)
    if candidate.hedge:
        return min(value, HEDGE_CONFIDENCE)
    if candidate.generic:
        return min(value, GENERIC_CONFIDENCE)
    return value


def choose(
    group: SymbolGroup,
    definitions: list[Definition],
    entry: GlossarySymbol | None,
    glossary: Glossary,
    context: PaperContext,
    *,
    source: str,
    trace: list[dict[str, object]] | None = None,
    owner: tuple[str, str] | None = None,
) -> Choice:
    """The most likely meaning of the symbol, with its calibrated confidence."""
    sense: Sense | None = None
    found = None
    if entry is not None:
        paper_words = (
            set().union(*(content_words(d.description) for d in definitions)) if definitions else set()
        )
        found = glossary_candidate(
            entry,
            group,
            glossary,
            context,
            paper_talks=any(d.pattern != "learned" for d in definitions),
            paper_words=paper_words,
            owner=owner,
        )
    sense_gist = gist(found[1].meaning) if found else ""
    candidates = paper_candidates(group, definitions, source, sense_gist)
    if found is not None:
        candidates.append(found[0])
        sense = found[1]
    if not candidates:
        first = group.occurrences[0]
        by_convention = convention_meaning(first)
        if by_convention:
            candidates.append(Candidate(by_convention, "convention", {}, priority=0))
    scored = [(capped(c), c.priority, i, c) for i, c in enumerate(candidates)]
    if trace is not None:
        forms = sorted({o.latex.strip() for o in group.occurrences})
        for conf, _, _, c in scored:
            trace.append(
                {
                    "key": group.key,
                    "forms": forms,
                    "source": c.source,
                    "meaning": c.meaning,
                    "evidence": c.evidence,
                    "features": c.features,
                    "confidence": round(conf, 4),
                    "hedge": c.hedge,
                    "generic": c.generic,
                }
            )
    if not scored:
        return Choice(None, 0.0, entry, None)
    conf, _, _, best = max(scored, key=lambda row: (row[0], row[1], -row[2]))
    chosen_sense = sense if best.source == "glossary" else None
    if best.source == "glossary":
        # The paper's own words, when they say what the glossary says (and say more than "the
        # parameters"): the reader gets the paper's sentence as evidence, with the confidence
        # the agreement earns.
        agreeing = [
            row for row in scored if row[3].source == "paper" and says_the_same(row[3].meaning, best.meaning)
        ]
        if agreeing:
            best = max(agreeing, key=lambda row: (row[0], -row[2]))[3]
    return Choice(best, conf, entry, chosen_sense)
