"""How the reader words a symbol's meaning: the reader's view of ``notation.claims.voice``.

A meaning is a claim, and the reader must never state a guess as fact. ``claims.voice`` decides
the words for every sink (CLI, exports, reader); this module only adds what a screen needs to
draw it: a tone for the style and a short tag for the symbol table's source column.

    paper        the paper's own sentence defines it (shown beside it)
    glossary     the curated glossary's standard meaning
    convention   a naming convention, offered ("by convention, …; the paper does not say")
    uncertain    a meaning paperpal is not sure of: offered, never stated ("probably …")
    none         nothing to go on: "not explained"

Must not: import Textual or Rich, or word a meaning itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from paperpal.models import SymbolInfo
from paperpal.notation import claims

Tone = Literal["paper", "glossary", "convention", "uncertain", "none"]

_BY_LABEL: dict[str, tuple[Tone, str]] = {
    "the paper says": ("paper", "paper"),
    "standard notation": ("glossary", "glossary"),
    "by convention": ("convention", "convention"),
    "commonly": ("uncertain", "commonly"),
    "probably": ("uncertain", "unsure"),
    "not explained": ("none", "—"),
}


@dataclass(frozen=True, slots=True)
class Voice:
    tone: Tone
    tag: str  # a short word for a column: "paper", "glossary", "convention", "unsure", "—"
    label: str  # the source in words: "the paper says", "probably", "not explained"
    meaning: str | None  # the meaning as it is to be read (hedged when uncertain); None: nothing
    note: str = ""  # a caveat to show with it ("the paper does not say")


def voice(symbol: SymbolInfo) -> Voice:
    said = claims.voice(symbol)
    tone, tag = _BY_LABEL.get(said.label, ("uncertain", "unsure"))
    if tone == "none":
        return Voice("none", tag, said.label, None)
    return Voice(tone, tag, said.label, said.meaning, said.caveat.strip("()"))
