"""Where a float may sit on a page, and what its prose neighbours look like.

Owns: the ``Sizes`` of a paper (body font size and measure), the column span a caption's float
may occupy, whether a line is running prose (body size, nearly the measure, no table gaps, few
formulas) and whether prose lies between two heights, wide gaps between a line's runs, and a
line's numbered algorithm step ("3: ...").
Must not: import pymupdf or decide what a float is (pdf_floats.py and pdf_tables.py do).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from paperpal.extract.pdf_inline import math_ratio
from paperpal.extract.pdf_lines import Box, Line, plain_text

STEP = re.compile(r"^\d{1,3}:")


class Sizes(NamedTuple):
    """The paper's body font size and measure (the width of a full line of prose)."""

    body: float
    measure: float


def column_span(line: Line, width: float, gutter: float | None) -> tuple[float, float]:
    """The horizontal span a float labelled by ``line`` can occupy: its column or the page."""
    if gutter is not None and line.x1 <= gutter + 4:
        return 0.0, gutter
    if gutter is not None and line.x0 >= gutter - 4:
        return gutter, width
    return 0.0, width


def inside(line: Line, box: Box) -> bool:
    cx, cy = (line.x0 + line.x1) / 2, (line.y0 + line.y1) / 2
    return box[0] - 1 <= cx <= box[2] + 1 and box[1] - 1 <= cy <= box[3] + 1


def overlaps(a0: float, a1: float, b0: float, b1: float) -> bool:
    return min(a1, b1) - max(a0, b0) > 0


def is_prose(line: Line, sizes: Sizes, span: tuple[float, float]) -> bool:
    """A line of running text: body size, nearly the column's measure, no table gaps, few formulas.

    ``measure`` is the width of the paper's full lines of prose (the most common one).
    """
    if line.kind in ("caption", "figure", "table", "algorithm") or abs(line.size - sizes.body) > 0.6:
        return False
    if line.x1 - line.x0 < 0.85 * min(sizes.measure, span[1] - span[0]) or has_wide_gap(line):
        return False
    text = plain_text(line)
    # A numbered step ("3: for t = 1 to T do") is an algorithm's, whatever its length.
    return math_ratio(line) < 0.5 and len(text.split()) >= 6 and not STEP.match(text)


def has_wide_gap(line: Line, gap: float = 3.0) -> bool:
    """True when the line's runs leave a gap of ``gap`` font sizes: cells of a table row."""
    right = None
    for r in sorted(line.runs, key=lambda r: r.x0):
        if right is not None and r.x0 - right > gap * line.size:
            return True
        right = r.x1 if right is None else max(right, r.x1)
    return False


def prose_between(
    lines: list[Line], top: float, bottom: float, span: tuple[float, float], sizes: Sizes
) -> bool:
    return any(
        top <= (ln.y0 + ln.y1) / 2 <= bottom and overlaps(ln.x0, ln.x1, *span) and is_prose(ln, sizes, span)
        for ln in lines
    )


# -- tables and algorithms: rules -----------------------------------------------------------------
