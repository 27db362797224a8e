"""One symbol of a paper as the decoder sees it: all its written forms and where they occur.

Owns ``SymbolGroup`` (built by ``decode``, read by the meaning finders) and ``kind_of``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from paperpal.notation.symbols import SymbolOccurrence


@dataclass(slots=True)
class SymbolGroup:
    """One symbol of a paper: its written forms and where they occur."""

    key: str
    occurrences: list[SymbolOccurrence] = field(default_factory=list)
    equations: dict[str, None] = field(default_factory=dict)  # display equation ids, in order
    math: list[str] = field(default_factory=list)  # LaTeX it appears in
    text: list[str] = field(default_factory=list)  # sentences around it
    displayed: list[bool] = field(default_factory=list)  # whether each formula is a display
    sections: set[str] = field(default_factory=set)  # sections of the displays it appears in
    alone: int = 0  # how often the prose writes it as a formula of its own ("$\\otimes$")

    def remember(self, math: str, text: str, *, displayed: bool) -> None:
        """Keep a formula and its sentences as context: up to a dozen displays and a dozen
        inline formulas, so a paper's prose does not crowd out its equations."""
        if math in self.math or sum(1 for d in self.displayed if d == displayed) >= 12:
            return
        self.math.append(math)
        self.text.append(text)
        self.displayed.append(displayed)


def kind_of(group: SymbolGroup) -> str:
    return Counter(o.kind for o in group.occurrences).most_common(1)[0][0]
