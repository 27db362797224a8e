"""Words broken across lines, mended the way the paper itself spells them.

Owns: the document's own vocabulary (how often each word and each hyphenated compound occurs
whole, away from line ends) and the decision at a line that ends in a hyphen: "down-" + "stream"
is "downstream" when the paper writes "downstream" elsewhere, "task-" + "specific" stays
"task-specific" when the paper writes it so, and with no evidence either way a compound of
words the paper uses stays hyphenated while syllables ("com-" + "puted") join.
Must not: import pymupdf or know about layout; it sees strings only.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['’-](?=[^\W\d_]))*")
HYPHENS = ("-", "\u2010", "\u00ad")


def vocabulary(lines: Iterable[str]) -> Counter[str]:
    """Lowercase words and hyphenated compounds, counted where no line break cuts them."""
    counts: Counter[str] = Counter()
    cut_next = False
    for text in lines:
        words = _WORD.findall(text)
        if cut_next and words:
            words = words[1:]  # the second half of a word broken at the previous line's end
        cut_next = text.rstrip().endswith(HYPHENS)
        if cut_next and words:
            words = words[:-1]
        for w in words:
            counts[w.lower()] += 1
    return counts


def mend(text: str, piece: str, words: Counter[str]) -> str:
    """``text`` (ending in a hyphen) continued by the next line's ``piece``, the word mended."""
    head = _WORD.findall(text[-60:])
    first = head[-1] if head and text[:-1].endswith(head[-1]) else ""
    m = _WORD.match(piece)
    second = m.group(0) if m else ""
    hyphen = text[-1]
    stem = text[:-1]
    if not first or not second:
        # A hyphen after a formula or before a number ("GPT-" + "2"): kept as typed.
        return stem + ("-" if hyphen != "\u00ad" else "") + piece
    if hyphen == "\u00ad":
        return stem + piece  # a soft hyphen marks a break TeX made, never a compound
    joined = (first + second).lower()
    compound = (first + "-" + second).lower()
    whole, kept = words[joined], words[compound]
    if kept > whole:
        return stem + "-" + piece
    if whole > kept:
        return stem + piece
    if not second[0].islower():
        return stem + "-" + piece  # "non-" + "English", "Berkeley-" + "Parser"
    # No evidence either way. TeX breaks words between syllables; a compound's halves are words
    # of their own: a first half the paper uses (twice, three letters or more) followed by a word
    # it uses, or by a long one, is a compound ("sequence-aligned", "high-level").
    head_word = first.split("-")[-1].lower()
    if words[head_word] >= 2 and len(head_word) >= 3 and (words[second.lower()] or len(second) >= 5):
        return stem + "-" + piece
    return stem + piece
