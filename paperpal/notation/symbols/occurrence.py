"""What the symbol splitter returns, and the parts it reads a symbol from.

Owns: ``SymbolOccurrence`` (one written occurrence of a symbol: its key, form, kind, base,
accents, font, scripts and their roles, offsets) and ``Atom`` (a symbol's base as the splitter
reads it, before its scripts).

Must not: hold behaviour.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Atom", "SymbolOccurrence"]


@dataclass(frozen=True, slots=True)
class SymbolOccurrence:
    """One written occurrence of a symbol inside an equation."""

    key: str  # grouping key: "h" for h_t, h_{t-1}, h_t^j; "\\mathbf{W}_z"; "\\sigma"
    latex: str  # as written
    kind: str  # identifier | operator | function | relation | number | set
    base: str  # the bare symbol: "h", "\\sigma", "W", "softmax"
    accents: tuple[str, ...] = ()  # outermost first: ("tilde",)
    font: str | None = None  # bold | calligraphic | blackboard | roman | ...
    subscript: str | None = None  # LaTeX of the subscript, as written (without braces)
    superscript: str | None = None
    superscript_role: str | None = None  # power | index | transpose | inverse | prime | star | name
    applied: bool = False  # followed by an argument in parentheses
    start: int = 0
    end: int = 0
    subscript_role: str | None = None  # name | index


@dataclass(slots=True)
class Atom:
    base: str
    kind: str
    accents: list[str]
    font: str | None
    start: int
    end: int
