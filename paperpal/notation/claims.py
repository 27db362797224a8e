"""Every meaning paperpal states is a claim: how likely it is right, and how it is said.

Owns:
- ``Candidate``: one possible meaning of a symbol (the paper's sentence, a glossary sense, a
  convention) with the evidence behind it as named features;
- ``confidence``: the calibrated probability that a candidate is right, a logistic model over
  those features whose weights live in ``claim_model.json`` (written by
  ``benchmarks/calibrate_meanings.py`` from the hand-annotated papers, never edited by hand);
- ``THRESHOLD`` (from the same file): at or above it a meaning is stated as fact, below it it is
  offered as uncertain;
- ``voice``: the one policy for how a meaning is said to the reader, shared by the CLI, the
  reader and the exports ("the paper says", "probably ...", "commonly ...; this paper does not
  define it", "not explained").

Must not: find meanings (``decode``, ``definitions`` and the glossary do) or format for a sink.
"""

from __future__ import annotations

import functools
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from paperpal.models import SymbolInfo

Source = Literal["paper", "glossary", "convention"]

_MODEL_FILE = Path(__file__).with_name("claim_model.json")


@dataclass(frozen=True, slots=True)
class Candidate:
    """One possible meaning of a symbol and what speaks for it."""

    meaning: str
    source: Source
    features: dict[str, float] = field(default_factory=dict)
    evidence: str | None = None  # the paper's sentence, for source "paper"
    priority: int = 0  # breaks ties between equally confident candidates: higher wins
    hedge: bool = False  # the meaning is itself a hedge ("A quantity the paper defines; ...")
    generic: bool = False  # a generic reading (a hat's usual role, theta for theta_g): never certain


@dataclass(frozen=True, slots=True)
class Model:
    threshold: float
    weights: dict[str, dict[str, float]]  # source -> feature -> weight ("bias" included)


@functools.cache
def model() -> Model:
    data = json.loads(_MODEL_FILE.read_text(encoding="utf-8"))
    return Model(threshold=float(data["threshold"]), weights=data["weights"])


def confidence(candidate: Candidate) -> float:
    """The calibrated probability that ``candidate`` is the paper's meaning of its symbol."""
    weights = model().weights.get(candidate.source)
    if not weights:
        return 0.0
    z = weights.get("bias", 0.0)
    for name, value in candidate.features.items():
        z += weights.get(name, 0.0) * value
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def threshold() -> float:
    return model().threshold


# -- how a meaning is said ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Voice:
    """How a symbol's meaning is put to the reader.

    ``label`` names where it came from in the voice of certainty ("the paper says", "standard
    notation", "probably", "commonly", "by convention", "not explained"); ``meaning`` is the
    meaning as it may be said (hedged when uncertain: "probably the number of heads"),
    ``caveat`` why it is hedged, and ``text`` the whole sentence, both together.
    """

    label: str
    meaning: str
    certain: bool
    caveat: str = ""

    @property
    def text(self) -> str:
        if not self.caveat:
            return self.meaning
        if self.caveat.startswith("("):
            joiner = " "
        else:
            joiner = ": " if self.label == "not explained" else "; "
        return f"{self.meaning}{joiner}{self.caveat}"


def _lower_first(text: str) -> str:
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


_HEDGED = re.compile(r"(?:an?|the)\s+(?:\w+\s+){0,3}the paper (?:defines|introduces)", re.I)


def voice(symbol: SymbolInfo) -> Voice:
    """The words a reader sees for ``symbol``'s meaning (every sink uses this)."""
    from paperpal.notation.prose import to_screen

    meaning = to_screen((symbol.meaning or "").strip()).rstrip(".")
    if not meaning:
        return Voice(
            "not explained", "not explained", False, "nothing in the paper or the glossary says what it is"
        )
    if symbol.certain:
        label = "the paper says" if symbol.source == "paper" else "standard notation"
        return Voice(label, meaning, True)
    if symbol.source == "paper":
        return Voice(
            "probably",
            f"probably {_lower_first(meaning)}",
            False,
            "(paperpal's reading of the sentence below; not certain)",
        )
    if symbol.source == "glossary" and _HEDGED.match(meaning):
        return Voice("commonly", meaning, False)  # the glossary's own hedge says it already
    if symbol.source == "glossary":
        return Voice("commonly", f"commonly {_lower_first(meaning)}", False, "this paper does not define it")
    return Voice("by convention", f"by convention, {_lower_first(meaning)}", False, "the paper does not say")
