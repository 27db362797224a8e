"""Rectangles of monospace text, the building blocks of a 2-D equation drawing.

Owns: ``Box`` (rows of equal display width and the row the surrounding text sits on, its
baseline) and the ways to put boxes together: side by side on a common baseline (``beside``),
stacked and centred (``stacked``), and ``width`` — the number of terminal columns a string
takes (combining accents take none, wide characters two).

Must not: know anything about equations.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

__all__ = ["Box", "beside", "stacked", "text", "width"]


@lru_cache(maxsize=16_384)
def width(s: str) -> int:
    """Terminal columns ``s`` takes: combining marks 0, East Asian wide and full-width 2."""
    if s.isascii():
        return len(s)
    total = 0
    for ch in s:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        total += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return total


def _pad(row: str, to: int, align: str = "left") -> str:
    gap = to - width(row)
    if gap <= 0:
        return row
    if align == "center":
        left = gap // 2
        return " " * left + row + " " * (gap - left)
    if align == "right":
        return " " * gap + row
    return row + " " * gap


@dataclass(frozen=True, slots=True)
class Box:
    rows: tuple[str, ...]
    base: int = 0  # the row aligned with the text around it
    width: int = field(default=-1, compare=False)  # columns; computed when not given

    def __post_init__(self) -> None:
        if self.width < 0:
            object.__setattr__(self, "width", max((width(r) for r in self.rows), default=0))

    @property
    def height(self) -> int:
        return len(self.rows)

    @property
    def flat(self) -> bool:
        return len(self.rows) == 1

    def padded(self, to: int, align: str = "left") -> Box:
        if to <= self.width and all(width(r) == self.width for r in self.rows):
            return self
        return Box(tuple(_pad(r, to, align) for r in self.rows), self.base, max(to, self.width))


def text(s: str) -> Box:
    return Box((s,), 0)


def beside(*boxes: Box) -> Box:
    """Boxes side by side, their baselines on one row."""
    boxes = tuple(b for b in boxes if b.rows)
    if not boxes:
        return Box(("",), 0)
    above = max(b.base for b in boxes)
    below = max(b.height - b.base - 1 for b in boxes)
    rows = [""] * (above + below + 1)
    for b in boxes:
        w = b.width
        top = above - b.base
        for k in range(len(rows)):
            j = k - top
            rows[k] += _pad(b.rows[j], w) if 0 <= j < b.height else " " * w
    return Box(tuple(rows), above, sum(b.width for b in boxes))


def stacked(boxes: list[Box], base: int, align: str = "center") -> Box:
    """Boxes one above the other, each centred (or left-aligned) on the widest; the baseline
    is row ``base`` of the box at that position counted from the top of the stack."""
    w = max((b.width for b in boxes), default=0)
    rows: list[str] = []
    for b in boxes:
        rows.extend(b.padded(w, align).rows)
    return Box(tuple(rows), base, w)
