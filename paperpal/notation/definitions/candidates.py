"""Every description a sentence could give a formula, for the learned ranker to weigh.

Owns: ``Token`` and ``tokens`` (a sentence as words, formulas and punctuation, formulas masked),
``Subject`` (a formula of the sentence and the symbol it names), ``Span`` (a candidate
description: a noun phrase of the same sentence) and ``spans`` (all of them: each maximal run
of words between stop words and punctuation, its shorter forms, and its "of" extensions:
"the total number of items").

Generation is broad on purpose; deciding is the ranker's job (``features``, ``ranker``).

Must not: judge a candidate or know about weights.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from paperpal.notation.definitions.formulas import defined_symbol
from paperpal.notation.definitions.words import DETERMINERS, STOP
from paperpal.notation.symbols import GREEK

# Formulas are masked ("$xxx$") before tokenising, so their insides never look like words.
TOKEN = re.compile(
    r"\$x+\$|(?:[A-Za-z]\.){2,}[A-Za-z]?|\d+(?:st|nd|rd|th)\b|[A-Za-z][A-Za-z\-]*|\d+(?:\.\d+)?|\\[A-Za-z]+|'s\b|\S"
)
ORDINAL = frozenset("st nd rd th".split())
MAX_WORDS = 10  # a candidate longer than this is a clause, not a name
MAX_SPANS_PER_CHUNK = 8


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # word | math | num | cmd | punct
    text: str  # lower-cased for words
    start: int  # offsets in the sentence
    end: int
    capital: bool = False  # a word written with a capital
    upper: bool = False  # an acronym: "MNIST", "RNN"


def tokens(masked: str) -> list[Token]:
    """The tokens of a sentence whose formulas are masked by ``mask_math``."""
    out: list[Token] = []
    for m in TOKEN.finditer(masked):
        t = m.group(0)
        if t.startswith("$"):
            kind = "math"
        elif t.lower() in ORDINAL and out and out[-1].kind == "math" and out[-1].end == m.start() - 1:
            kind = "punct"  # "the $i$ th element": the ordinal's ending, not a word
        elif "." in t:
            kind = "punct"  # "w.r.t", "i.e.": an abbreviation, not a word of a name
        elif (
            (t[0].isalpha() and (len(t) > 1 or t in "aA"))
            or t == "'s"
            or re.fullmatch(r"\d+(?:st|nd|rd|th)", t)
        ):
            kind = "word"
        elif t[0].isdigit():
            kind = "num"
        elif t.startswith("\\"):
            kind = "cmd"
        else:
            kind = "punct"
        upper = kind == "word" and len(t) > 1 and t.isupper()
        out.append(
            Token(kind, t.lower() if kind == "word" else t, m.start(), m.end(), t[:1].isupper(), upper)
        )
    return out


@dataclass(frozen=True, slots=True)
class Span:
    """A candidate description: tokens ``lo`` to ``hi`` (exclusive) of the sentence."""

    lo: int
    hi: int
    chunk_lo: int  # the maximal run of words it was cut from
    chunk_hi: int
    kind: str  # chunk | suffix | prefix | of


def _joins(toks: list[Token], i: int) -> bool:
    """Whether token ``i`` glues two words of one phrase: "one - hot", "model 's", "$N$ - body"."""
    t = toks[i]
    if t.text == "'s":
        return True
    if t.text == "-" and 0 < i < len(toks) - 1:
        return toks[i - 1].kind in ("word", "math", "num") and toks[i + 1].kind == "word"
    return False


def chunks(toks: list[Token]) -> list[tuple[int, int]]:
    """Maximal runs of content words (a determiner may open one), joined by hyphens and "'s"."""
    out: list[tuple[int, int]] = []
    i = 0
    n = len(toks)
    while i < n:
        t = toks[i]
        opens = t.kind == "word" and (t.text not in STOP or t.text in DETERMINERS) and t.text != "'s"
        if not opens:
            i += 1
            continue
        j = i + 1
        while j < n:
            u = toks[j]
            if u.kind == "word" and u.text not in STOP and u.text not in DETERMINERS and u.text != "'s":
                j += 1  # a determiner opens the next phrase: "index | the location"
            elif _joins(toks, j) and j + 1 < n and toks[j + 1].kind == "word":
                j += 2 if toks[j].text == "-" else 1
            elif u.kind == "math" and j + 1 < n and toks[j + 1].text == "-":
                j += 1  # "the $N$ - particle potentials"
            else:
                break
        # A chunk ends in a word; a lone determiner is no chunk.
        while j > i and toks[j - 1].kind != "word":
            j -= 1
        if j > i and not (j - i == 1 and t.text in DETERMINERS):
            out.append((i, j))
        i = max(j, i + 1)
    return out


def _words_in(toks: list[Token], lo: int, hi: int) -> int:
    return sum(1 for t in toks[lo:hi] if t.kind == "word" and t.text != "'s")


def spans(toks: list[Token]) -> list[Span]:
    """Every candidate description of the sentence, in token order."""
    out: list[Span] = []
    found = chunks(toks)
    starts = {lo: hi for lo, hi in found}
    for lo, hi in found:
        words = [k for k in range(lo, hi) if toks[k].kind == "word" and toks[k].text != "'s"]
        if _words_in(toks, lo, hi) <= MAX_WORDS:
            out.append(Span(lo, hi, lo, hi, "chunk"))
        made = 0
        # Shorter forms: drop words from the front ("agent receives reward" -> "reward") or the
        # back ("the input vector used" -> "the input vector").
        for k in words[1:]:
            if made >= MAX_SPANS_PER_CHUNK // 2:
                break
            if toks[k - 1].text == "-" or toks[k].text in DETERMINERS:
                continue
            if _words_in(toks, k, hi) <= MAX_WORDS:
                out.append(Span(k, hi, lo, hi, "suffix"))
                made += 1
        for k in reversed(words[:-1]):
            if made >= MAX_SPANS_PER_CHUNK:
                break
            end = k + 1
            if toks[k].text in DETERMINERS or (end < hi and toks[end].text in ("-", "'s")):
                continue
            if _words_in(toks, lo, end) <= MAX_WORDS:
                out.append(Span(lo, end, lo, hi, "prefix"))
                made += 1
        # "the number of items", "the set of vertices of degree at most l".
        end = hi
        for _ in range(2):
            if end + 1 < len(toks) and toks[end].text == "of" and end + 1 in starts:
                end = starts[end + 1]
                if _words_in(toks, lo, end) > MAX_WORDS:
                    break
                out.append(Span(lo, end, lo, hi, "of"))
            else:
                break
    return out


@dataclass(frozen=True, slots=True)
class Subject:
    """A formula of the sentence and the symbol it names (or the formula itself)."""

    index: int  # its token's index
    start: int  # the symbol's offsets in the sentence
    end: int
    latex: str
    key: str
    kind: str  # identifier | operator | function | set | formula
    formula: str  # the whole formula
    one_letter: bool
    scripted: bool
    valued: bool  # "$N = 2$"
    applied: bool = False  # written with its arguments: "$f(x)$"


def subjects(sentence: str, toks: list[Token]) -> list[Subject]:
    """Each formula of the sentence that names a symbol, or is short enough to be named itself
    ("the time step $\\Delta t$"); its offsets are the symbol's (the formula's for a formula)."""
    out: list[Subject] = []
    for i, t in enumerate(toks):
        if t.kind != "math":
            continue
        latex = sentence[t.start + 1 : t.end - 1]
        inner = t.start + 1 + (len(latex) - len(latex.lstrip()))
        occ = defined_symbol(latex)
        body = latex.strip()
        if occ is not None and occ.applied and occ.base in ("O", "o", "\\mathcal{O}"):
            continue  # "$O(n^2)$ time": a complexity, not a quantity the paper names
        if occ is not None:
            valued = bool(re.search(r"=\s*[-0-9.]", body[occ.end :]))
            out.append(
                Subject(
                    i,
                    inner + occ.start,
                    inner + occ.end,
                    occ.latex,
                    occ.key,
                    occ.kind,
                    body,
                    len(occ.base.lstrip("\\")) == 1 or occ.base.lstrip("\\") in GREEK,
                    bool(occ.subscript or occ.superscript),
                    valued,
                    occ.applied,
                )
            )
        elif FORMULA_NAME.fullmatch(body) and re.search(r"[A-Za-z]", re.sub(r"\\[A-Za-z]+", "", body)):
            key = re.sub(r"\s+", "", body)
            out.append(Subject(i, inner, inner + len(body), body, key, "formula", body, False, True, False))
    return out


# A formula short enough to be named as a whole ("$\\Delta t$", "${{M_C}}$", "$Pl$"): no
# relation, no sum, at most a few dozen characters.
FORMULA_NAME = re.compile(r"(?!.*(?:\\(?:sum|prod|int|frac|le|ge|leq|geq|neq|in|to)\b|[=<>]))[^$]{1,40}")
