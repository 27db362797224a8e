"""Words broken across lines, mended the way the paper itself spells them.

Owns: the document's own vocabulary (how often each word and each hyphenated compound occurs
whole, away from line ends) and the decision at a line that ends in a hyphen: "down-" + "stream"
is "downstream" when the paper writes "downstream" elsewhere, "task-" + "specific" stays
"task-specific" when the paper writes it so, and with no evidence either way a compound of two
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
    if not first or not second or not second[0].islower():
        # "GPT-" + "2", "non-" + "English", a hyphen after a formula: keep the hyphen as typed.
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
    if words[first.lower()] and words[second.lower()] and len(first.split("-")[-1]) > 1 and len(second) > 2:
        return stem + "-" + piece
    return stem + piece
