"""What the learned ranker sees of one (symbol, candidate description) pair: named binary features.

Owns: ``pair_features`` (the words between the symbol and the candidate, which side it is on,
how far, what opens and closes it, its head word's class by the lists of ``words``, the
symbol's form, and what the rules said about the symbol) and ``Rule`` (the rules' verdict).

The names are the model's vocabulary: the training script (``benchmarks/train_definitions.py``)
and the ranker both call this module, so a pair is featurised the same way at both ends.

Must not: score, choose, or read weights.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from paperpal.notation.definitions.candidates import Span, Subject, Token
from paperpal.notation.definitions.lexicon import word_class
from paperpal.notation.definitions.words import (
    ADJECTIVES,
    DETERMINERS,
    FINITE_VERBS,
    MODIFIERS,
    NOUNS_LIKE_ADJECTIVES,
    PREPOSITIONS,
    STOP,
    TYPE_NOUNS,
    VERB_FORMS,
    looks_like_a_noun,
)

WINDOW = 24  # tokens between the symbol and a candidate, at most
MAX_BRIDGE = 5  # tokens spelled out in a bridge feature; longer gaps only say how long

# Heads that name no thing ("the form $E(t) = ...$", "the case $n = 1$") or only a kind.
EMPTY_HEADS = frozenset(
    """notation form case cases way example examples instance result results following setting
    choice fact idea approach step section figure table equation expression formula sense
    manner point respect terms term order""".split()
)


@dataclass(frozen=True, slots=True)
class Context:
    """What the paragraph says around one symbol occurrence, beyond its sentence."""

    sentence_first: str  # the sentence's first word when it is a telling one ("where", "let")
    occurrence: int  # earlier occurrences of the symbol in the paragraph (0, 1, 2 = more)
    ruled: bool  # the rules define the symbol elsewhere in the paragraph


@functools.lru_cache(maxsize=16_384)
def _word_class(w: str) -> str:
    if w in DETERMINERS:
        return "det"
    if w in EMPTY_HEADS:
        return "empty"
    if w in TYPE_NOUNS:
        return "type"
    if w in MODIFIERS or w in ADJECTIVES:
        return "adj"
    learned = word_class(w)
    if learned == "verb":
        return "lexverb"
    if learned == "adj":
        return "adj"
    if learned == "noun" and not (w.endswith(("ed", "ly")) and not w.endswith("eed")):
        return "plural" if w.endswith("s") and not w.endswith(("ss", "us", "is")) else "noun"
    if w in FINITE_VERBS:
        return "finite"
    if w in VERB_FORMS:
        return "verb"
    if w in STOP:
        return "stop"
    if w.endswith("ing"):
        return "ing"
    if w.endswith("ed"):
        return "ed"
    if w.endswith("ly"):
        return "ly"
    if w.endswith(("ous", "ful", "ive", "ible", "able", "al", "ic")) and w not in NOUNS_LIKE_ADJECTIVES:
        return "adjlike"
    if w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return "plural"
    return "noun" if looks_like_a_noun(w) else "other"


# A description names a thing: a phrase whose last word is one of these classes is a property
# ("$q$ is odd", "$f$ is unknown") or a clause ("$T$ perform"), never the symbol's name.
NOT_HEADS = frozenset({"adj", "adjlike", "ed", "ly", "finite", "lexverb", "stop", "det"})


def names_a_thing(toks: list[Token]) -> bool:
    """Whether a candidate's words can be a name: its head is not a property word or a verb,
    it does not open with a verb ("serves dual purposes"), and it does not run from prose into
    capitalised words or strings acronyms together ("parameter Model MNIST TFD": a table read as
    a sentence)."""
    words = [t for t in toks if t.kind == "word" and t.text != "'s"]
    if not words:
        return False
    first = next((w.text for w in words if w.text not in DETERMINERS), "")
    if _word_class(words[-1].text) in NOT_HEADS or _word_class(first) in ("finite", "lexverb", "ed", "ly"):
        return False
    for k, w in enumerate(words[:-2]):
        if not w.capital and w.text not in DETERMINERS and words[k + 1].capital and words[k + 2].capital:
            return False
    acronyms = [w.upper for w in words]
    return not any(a and b for a, b in zip(acronyms, acronyms[1:], strict=False))


def _tok(t: Token | None) -> str:
    if t is None:
        return "^"
    if t.kind == "math":
        return "$"
    if t.kind == "num":
        return "0"
    if t.kind == "cmd":
        return "\\"
    if t.kind == "word" and t.text not in STOP and t.text not in DETERMINERS:
        return "w:" + _word_class(t.text)
    return t.text


def _words(toks: list[Token], lo: int, hi: int) -> list[str]:
    return [t.text for t in toks[lo:hi] if t.kind == "word" and t.text != "'s"]


@dataclass(frozen=True, slots=True)
class SpanView:
    """What a candidate is, whatever the symbol: its words and their classes."""

    starts_det: bool
    head_class: str
    features: tuple[str, ...]  # the side-free ones
    sided: dict[str, tuple[str, ...]]  # "B"/"A" -> the ones that depend on the side


def span_view(toks: list[Token], span: Span) -> SpanView:
    words = _words(toks, span.lo, span.hi)
    head = words[-1] if words else ""
    first = words[0] if words else ""
    starts_det = first in DETERMINERS
    head_class = _word_class(head)
    prev = toks[span.lo - 1] if span.lo > 0 else None
    nxt = toks[span.hi] if span.hi < len(toks) else None
    # "parameter Model MNIST TFD DBN": a table read as prose; "Jensen-Shannon divergence" is one.
    capitals = sum(1 for t in toks[span.lo : span.hi] if t.capital and t.start > 0)
    common = (
        f"det_first:{first if starts_det else '-'}",
        f"head:{head_class}",
        f"headword:{head}",
        f"first:{_word_class(first)}",
        f"span_math:{any(t.kind == 'math' for t in toks[span.lo : span.hi])}",
        f"capitals:{min(capitals, 3)}",
    )
    sided = {}
    for side in ("B", "A"):
        f = [
            f"side:{side}",
            f"kind:{side}:{span.kind}",
            f"words:{side}:{min(len(words), 6)}",
            f"det:{side}:{starts_det}",
            f"head:{side}:{head_class}",
            f"prev:{side}:{_tok(prev)}",
            f"next:{side}:{_tok(nxt)}",
        ]
        if prev is not None and prev.kind == "word" and prev.text in PREPOSITIONS:
            f.append(f"after_prep:{side}:{prev.text}")
        sided[side] = tuple(f)
    return SpanView(starts_det, head_class, common, sided)


def subject_features(
    toks: list[Token], subject: Subject, context: Context, place: tuple[int, int, int, int]
) -> tuple[str, ...]:
    """The features of the symbol occurrence, whatever the candidate."""
    i = subject.index
    s_prev = toks[i - 1] if i > 0 else None
    s_next = toks[i + 1] if i + 1 < len(toks) else None
    return (
        f"sprev:{_tok(s_prev)}",
        f"snext:{_tok(s_next)}",
        f"subj:{subject.kind}",
        f"subj_letter:{subject.one_letter}",
        f"subj_scripted:{subject.scripted}",
        f"subj_valued:{subject.valued}",
        f"subj_applied:{subject.applied}",
        f"listed:{place[1] > 1}",
        f"sfirst:{context.sentence_first}",
        f"occurrence:{context.occurrence}",
        f"ruled:{context.ruled}",
    )


def pair_features(
    toks: list[Token],
    subject: Subject,
    span: Span,
    view: SpanView,
    context: Context,
    rank: int,
    place: tuple[int, int, int, int],
    chunk_place: tuple[int, int],
) -> list[str]:
    """The features that relate the symbol and the candidate. ``rank``: the span's chunk's
    order by distance on its side (0: nearest); ``place``: (index, size, first and last token)
    of the symbol in its list of symbols ("$A$, $B$ and $C$ are ...": the words between are
    counted from the list's ends); ``chunk_place``: the same for the span's chunk in a list of
    noun phrases. The span's own features (``span_view``) and the symbol's
    (``subject_features``) complete the pair's."""
    before = span.hi <= subject.index
    side = "B" if before else "A"
    gap = toks[span.hi : place[2]] if before else toks[place[3] + 1 : span.lo]
    bridge = " ".join(_tok(t) if t.kind != "word" or t.text in STOP else "w" for t in gap)
    if len(gap) > MAX_BRIDGE:
        bridge = f"long{min(len(gap) // 4, 4)}"
    math_between = sum(1 for t in gap if t.kind == "math")
    # "the components of $q$ are ...": a symbol after a preposition is not the verb's subject.
    s_prev = toks[place[2] - 1] if place[2] > 0 else None
    governed = s_prev is not None and s_prev.text in PREPOSITIONS
    f = [
        f"governed:{side}:{governed}:{bridge if len(gap) <= 2 else 'far'}",
        f"bridge:{side}:{bridge}",
        f"gap:{side}:{min(len(gap), 8)}",
        f"rank:{side}:{min(rank, 3)}",
        f"mathgap:{side}:{min(math_between, 3)}",
        f"occurrence:{side}:{context.occurrence}:{bridge if len(gap) <= 1 else 'far'}",
        f"bridge_head:{side}:{bridge}:{view.head_class}",
        f"bridge_det:{side}:{bridge}:{view.starts_det}",
        f"adjacent_det:{side}:{len(gap) == 0}:{view.starts_det}",
    ]
    if place[1] > 1 and chunk_place[1] == place[1]:
        # "let $x_1$, $x_2$ be the first prize, the second prize": paired in order.
        f.append(f"pairs:{side}:{'same' if chunk_place[0] == place[0] else 'other'}")
    elif chunk_place[1] > 1:
        f.append(f"in_list:{side}:{place[1] > 1}")
    if not gap or len(gap) == 1:
        f.append(f"kind_gap:{side}:{span.kind}:{bridge}")
    f.extend(view.sided[side])
    f.extend(view.features)
    return f
