"""The learned half of the definition finder: rank every candidate description of a symbol the
rules leave unexplained, and keep the best one when the model is sure enough.

Owns: ``pairs`` (each symbol occurrence of a paragraph the rules leave unexplained, with its
candidate descriptions and their features, in paragraph offsets), ``Model``/``model`` (a
conditional logit over the named features of ``features``: a symbol's candidates compete with
"the sentence does not say", read from ``ranker.json``) and ``learned_definitions``.

The weights and the threshold are fitted by ``benchmarks/train_definitions.py`` on SymLink's
training papers; the threshold is the lowest probability at which, on the development papers,
the finder's precision on annotated symbols stays >= 0.87 and the learned definitions are
confirmed by the annotation, over all they give, at least as often as the rules' are.
Operators and functions ("$\\bullet$ Sample minibatch", "8$\\times$ deeper"), big-O, properties
after "is" ("$f$ is convex") and phrases that are verbs or adjectives by ``lexicon`` are never
candidates. Cost: 5-35 ms of CPU per 10-page paper on top of the rules' 5-20 ms
(``benchmarks/results/definitions_timing.json``).

Must not: override a rule. A symbol the rules explain keeps the rules' description; the model
only speaks for the others (its probability, not a rule's fixed confidence, is the Definition's
``confidence``, and its ``pattern`` is "learned").
"""

from __future__ import annotations

import functools
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

from paperpal.notation.definitions.candidates import Span, Subject, Token, chunks, spans, subjects, tokens
from paperpal.notation.definitions.definition import Definition
from paperpal.notation.definitions.features import (
    WINDOW,
    Context,
    SpanView,
    names_a_thing,
    pair_features,
    span_view,
    subject_features,
)
from paperpal.notation.definitions.formulas import mask_math, split_math_lists
from paperpal.notation.definitions.text import sentences
from paperpal.notation.definitions.words import DETERMINERS

_MODEL_FILE = Path(__file__).with_name("ranker.json")


@dataclass(frozen=True, slots=True)
class Pair:
    """One candidate description of one symbol occurrence, in the paragraph's offsets."""

    start: int  # the symbol's offsets
    end: int
    subject: Subject
    description: str
    features: list[str]
    sentence: str  # the evidence


def _list_place(toks: list[Token], i: int) -> tuple[int, int, int, int]:
    """(index, size, first token, last token) of the formula at token ``i`` in its list ("$A$,
    $B$ and $C$"); (0, 1, i, i) alone."""
    lo = hi = i
    while lo >= 2 and toks[lo - 1].text in SEPARATORS and toks[lo - 2].kind == "math":
        lo -= 2
    while hi + 2 < len(toks) and toks[hi + 1].text in SEPARATORS and toks[hi + 2].kind == "math":
        hi += 2
    return (i - lo) // 2, (hi - lo) // 2 + 1, lo, hi


SEPARATORS = frozenset({",", "and", "or"})


COPULAS = frozenset({"is", "are", "was", "were", "be", "being"})


def _property_after_copula(toks: list[Token], c: Span, place: tuple[int, int, int, int]) -> bool:
    """ "$f$ is convex", "$q$ is odd": one word without a determiner right after "is" says what
    the symbol is like, not what it is (the rules' own reading of "is")."""
    gap = toks[place[3] + 1 : c.lo]
    words = [t for t in toks[c.lo : c.hi] if t.kind == "word"]
    return (
        c.lo > place[3]
        and len(gap) == 1
        and gap[0].text in COPULAS
        and len(words) == 1
        and words[0].text not in DETERMINERS
    )


def _chunk_lists(toks: list[Token], found: list[tuple[int, int]]) -> dict[tuple[int, int], tuple[int, int]]:
    """For each chunk, (index, size) in its run of chunks joined by commas and "and"
    ("1st place prize, 2nd prize and 3rd prize")."""
    runs: list[list[tuple[int, int]]] = []
    for ch in found:
        if runs:
            gap = toks[runs[-1][-1][1] : ch[0]]
            if gap and all(t.text in SEPARATORS for t in gap) and len(gap) <= 2:
                runs[-1].append(ch)
                continue
        runs.append([ch])
    return {ch: (k, len(run)) for run in runs for k, ch in enumerate(run)}


def pairs(paragraph_text: str, rules: list[Definition]) -> list[list[Pair]]:
    """Per symbol occurrence of the paragraph the rules leave unexplained (in text order), its
    candidate pairs."""
    text = re.sub(r"(?<!\\)~", " ", paragraph_text)
    text, where = split_math_lists(text)
    explained = {d.start for d in rules}
    ruled = {d.key for d in rules}
    seen: dict[str, int] = {}  # occurrences of each symbol so far: definitions come first
    out: list[list[Pair]] = []
    for s_start, s_end in sentences(text):
        sentence = text[s_start:s_end]
        if "$" not in sentence:
            continue
        toks = tokens(mask_math(sentence))
        subs = subjects(sentence, toks)
        if not subs:
            continue
        cands = spans(toks)
        if not cands:
            continue
        places = _chunk_lists(toks, chunks(toks))
        views: dict[Span, SpanView | None] = {}  # each candidate read once per sentence
        evidence = sentence if where is None else paragraph_text[where[s_start] : where[s_end]]
        evidence = " ".join(evidence.split()) if where is not None else evidence.strip()
        first = next((t.text for t in toks if t.kind == "word"), "")
        first = first if first in ("where", "here", "let", "we", "then", "with", "and", "for", "if") else "-"
        for sub in subs:
            if sub.kind not in ("identifier", "set", "formula"):
                continue  # operators and functions: "$\bullet$ Sample minibatch", "8$\times$ deeper"
            start = s_start + sub.start
            end = s_start + sub.end
            if where is not None:
                start, end = where[start], where[end - 1] + 1
            before = seen.get(sub.key, 0)
            seen[sub.key] = before + 1
            if start in explained:
                continue
            context = Context(first, min(before, 2), sub.key in ruled)
            found = _subject_pairs(sentence, toks, cands, sub, context, places, views)
            out.append([Pair(start, end, sub, desc, feats, evidence) for desc, feats in found])
    return out


def _subject_pairs(
    sentence: str,
    toks: list[Token],
    cands: list[Span],
    sub: Subject,
    context: Context,
    places: dict[tuple[int, int], tuple[int, int]],
    views: dict[Span, SpanView | None],
) -> list[tuple[str, list[str]]]:
    i = sub.index
    place = _list_place(toks, i)
    own = subject_features(toks, sub, context, place)
    near = [c for c in cands if (c.hi <= i and i - c.hi <= WINDOW) or (c.lo > i and c.lo - i <= WINDOW)]
    # The order of chunks by distance on each side: rank 0 is the nearest.
    chunk_rank: dict[tuple[int, int], int] = {}
    for side in (True, False):
        chunks = sorted(
            {(c.chunk_lo, c.chunk_hi) for c in near if (c.hi <= i) == side},
            key=lambda ch: i - ch[1] if side else ch[0] - i,
        )
        for r, ch in enumerate(chunks):
            chunk_rank[ch] = r
    out = []
    for c in near:
        if c not in views:
            views[c] = span_view(toks, c) if names_a_thing(toks[c.lo : c.hi]) else None
        view = views[c]
        if view is None or _property_after_copula(toks, c, place):
            continue
        desc = sentence[toks[c.lo].start : toks[c.hi - 1].end]
        chunk = (c.chunk_lo, c.chunk_hi)
        feats = pair_features(
            toks, sub, c, view, context, chunk_rank[chunk], place, places.get(chunk, (0, 1))
        )
        feats.extend(own)
        out.append((desc, feats))
    return out


@dataclass(frozen=True, slots=True)
class Model:
    """A conditional logit: a symbol's candidates compete with "the sentence does not say"."""

    bias: float
    weights: dict[str, float]
    threshold: float  # at or above it a candidate is the paper's definition
    symlink_threshold: float = 1.0  # the looser one SymLink alone would pick (not used)

    def best(self, group: list[Pair]) -> tuple[float, Pair]:
        """The most likely candidate of one symbol and its probability (against the others
        and against none of them being its description)."""
        scores = [self.bias + sum(self.weights.get(f, 0.0) for f in p.features) for p in group]
        top = max(range(len(group)), key=scores.__getitem__)
        z = scores[top]
        # exp(z) / (1 + sum exp(s)), computed without overflow.
        total = math.exp(-z) + sum(math.exp(s - z) for s in scores)
        return 1.0 / total, group[top]


@functools.cache
def model() -> Model:
    data = json.loads(_MODEL_FILE.read_text(encoding="utf-8"))
    return Model(
        float(data["bias"]),
        {k: float(v) for k, v in data["weights"].items()},
        float(data["threshold"]),
        float(data.get("symlink_threshold", 1.0)),
    )


def learned_definitions(
    paragraph_text: str, rules: list[Definition], m: Model | None = None
) -> list[Definition]:
    """The model's definitions for the symbols of the paragraph the rules leave unexplained."""
    m = m or model()
    out: list[Definition] = []
    for group in pairs(paragraph_text, rules):
        if not group:
            continue
        score, best = m.best(group)
        if score < m.threshold:
            continue
        sub = best.subject
        out.append(
            Definition(
                symbol=sub.latex,
                key=sub.key,
                description=best.description,
                sentence=best.sentence,
                pattern="learned",
                confidence=round(score, 3),
                start=best.start,
                end=best.end,
                formula=sub.formula,
            )
        )
    return out
