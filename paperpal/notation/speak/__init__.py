"""Reading an equation aloud, literally, from its tree (``notation.tree``).

Owns: ``literal(latex, meanings=None)``, the equation said the way ClearSpeak (the speech style
screen readers use for math) says it: "the fraction with numerator … and denominator …", "a over
b" for simple fractions, "the sum from k equals 1 to T sub x of …", "p of y given x", "the
expectation over x drawn from p of …", "the norm of x", "the size of S" or "the absolute value
of x" by what is inside, "W transpose", "x hat", "the partial derivative of L with respect to w".
Also re-exports ``by_meaning`` (``notation.idioms``) for the decoder.

``meanings`` (optional) maps a symbol's grouping key (``notation.symbols``) to its decoded
meaning, either a phrase or ``(phrase, certain)``: the reading then agrees with the decoder
(``∘`` explained as the element-wise product is read "element-wise times"; bars around a set
are "the size of"). Meanings only choose between readings; they are never spoken as fact here.

The package: ``reader`` walks the tree, ``words`` says what things are called, ``predicates``
answers the small questions about nodes.

Must not: raise on any input, or import anything heavy.
"""

from __future__ import annotations

import re

from paperpal.notation.idioms import by_meaning
from paperpal.notation.shapes import Meanings
from paperpal.notation.speak.reader import Reader
from paperpal.notation.tree import parse

__all__ = ["literal", "by_meaning"]


def literal(latex: str, meanings: Meanings | None = None) -> str:
    """``latex`` read aloud in ClearSpeak's style; never raises (falls back to the LaTeX)."""
    if not isinstance(latex, str):
        return ""
    try:
        tree = parse(latex)
        reader = Reader(latex, meanings or {})
        text = reader.row(tree.root.items)
        text = re.sub(r"\s+([,;:])", r"\1", text)
        text = re.sub(r"([,;])(?:\s*[,;])+", r"\1", text)
        text = re.sub(r"\s{2,}", " ", text).strip(" ,;")
        return text or latex
    except Exception:  # noqa: BLE001 - reading aloud is best effort; the LaTeX is the fallback
        return latex
