"""How the reader words a symbol's meaning: the one place that decides its voice.

A meaning is a claim, and the reader must never state a guess as fact. Each claim is shown
with where it came from, and how it reads follows how sure paperpal is:

    the paper says   the paper's own sentence defines it (shown beside it)
    glossary         the curated glossary's standard meaning
    by convention    a naming convention (bold lowercase is a vector, hat is an estimate)
    probably         a meaning paperpal is not sure of: offered, never stated ("probably …;
                     the paper does not say"), whatever its source
    not explained    nothing to go on

A claim is uncertain when the symbol says so: ``certain`` false, or a ``confidence`` below
``CONFIDENT`` when no ``certain`` is given. Values without these fields are taken as they were
stated. Every screen and widget asks ``voice`` and never words a meaning itself.

Must not: import Textual or Rich.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from paperpal.models import SymbolInfo

Tone = Literal["paper", "glossary", "convention", "uncertain", "none"]

CONFIDENT = 0.5  # used only when a claim has a confidence but no ``certain`` verdict

_STATED: dict[str, tuple[str, str]] = {
    "paper": ("paper", "the paper says"),
    "glossary": ("glossary", "glossary"),
    "convention": ("convention", "by convention"),
}


@dataclass(frozen=True, slots=True)
class Voice:
    tone: Tone
    tag: str  # a short word for a column: "paper", "glossary", "convention", "unsure", "—"
    label: str  # the source in words: "the paper says", "probably", "not explained"
    meaning: str | None  # the meaning as it is to be read (hedged when uncertain)
    note: str = ""  # a caveat to show with it ("the paper does not say")


def is_certain(symbol: SymbolInfo) -> bool:
    certain = getattr(symbol, "certain", None)
    if isinstance(certain, bool):
        return certain
    confidence = getattr(symbol, "confidence", None)
    if isinstance(confidence, int | float):
        return confidence >= CONFIDENT
    return True


def voice(symbol: SymbolInfo) -> Voice:
    meaning = (symbol.meaning or "").strip()
    if not meaning:
        return Voice("none", "—", "not explained", None)
    if not is_certain(symbol):
        hedged = meaning if meaning.lower().startswith("probably") else f"probably {_lower_first(meaning)}"
        caveat = "paperpal is not sure; the paper does not say"
        return Voice("uncertain", "unsure", "probably", hedged, caveat)
    tag, label = _STATED.get(symbol.source or "", ("", "source unknown"))
    if not tag:
        # A meaning without a source is not stated as fact either.
        return Voice("uncertain", "unsure", "probably", f"probably {_lower_first(meaning)}", "source unknown")
    return Voice(symbol.source, tag, label, meaning)  # type: ignore[arg-type]


def _lower_first(text: str) -> str:
    # "The activation" -> "the activation", but keep "GRU", "KL divergence"
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text
