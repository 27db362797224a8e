"""The value the definition finder returns: one symbol, the paper's words for it, and where."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Definition:
    symbol: str  # the symbol's LaTeX as written: "z_t^j"
    key: str  # its grouping key: "z"
    description: str  # "an update gate"
    sentence: str  # the sentence it came from (the evidence shown to the reader)
    pattern: str = "verb"  # verb | table | denoted | apposition | learned
    confidence: float = 0.0
    start: int = 0  # the symbol's offsets in the text given to find_definitions
    end: int = 0
    formula: str = ""  # the whole formula the symbol was written in: "z_t", "N = 2", "x \\in X"
    near_display: bool = False  # the sentence introduces or follows a display equation
    section: str | None = None  # the section the sentence is in
    block: str = ""  # the paragraph's id, or the display equation's when ``near_display``
