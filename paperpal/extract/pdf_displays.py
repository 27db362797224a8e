"""Which lines of a page make up display formulas, beyond what each line's fonts say.

Owns: joining the rows of one stacked formula (a numerator set in the text font above a fraction
bar belongs to the display the bar is part of) and demoting a formula that ends a paragraph at
the column's left edge (``d_ff = 2048.`` on the last line of a paragraph is inline math: TeX
indents or centres every display, and sets it off with space).
Must not: import pymupdf or rebuild LaTeX; floats (captions, figures, tables, algorithms) are
never touched here.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence

from paperpal.extract.pdf_lines import Box, Line, plain_text

_FORMULA = ("display", "maybe", "text")


def join_stacked_rows(lines: list[Line], rules: Sequence[Box]) -> None:
    """Lines touching one short rule (its numerator, denominator and the row through it) share a kind.

    When any of them is a display, all are: a numerator such as ``exp(e_ij)`` is set in upright
    letters and alone would read as prose.
    """
    groups: list[list[Line]] = []
    formula = sorted((ln for ln in lines if ln.kind in _FORMULA), key=lambda ln: ln.y0)
    if not formula:
        return
    tops = [ln.y0 for ln in formula]
    reach = 3 * max(ln.size for ln in formula)
    for x0, y0, x1, y1 in rules:
        near = []
        crossing = []
        for ln in formula[bisect_left(tops, y0 - reach) : bisect_right(tops, y1 + reach)]:
            if ln.y0 < y0 < ln.y1 and (abs(ln.x1 - x0) < 2 * ln.size or abs(ln.x0 - x1) < 2 * ln.size):
                crossing.append(ln)
            if min(ln.x1, x1) - max(ln.x0, x0) <= 0:
                continue
            above = y0 - 0.6 * ln.size <= ln.y1 <= y1 + 0.35 * ln.size and ln.y0 < y0
            below = y0 - 0.35 * ln.size <= ln.y0 <= y1 + 0.6 * ln.size and ln.y1 > y1
            if above or below:
                near.append(ln)
        if len(near) >= 2:
            groups.append(near + crossing)
    for _ in range(2):
        for group in groups:
            if any(ln.kind == "display" for ln in group):
                for ln in group:
                    ln.kind = "display"


def cluster_displays(lines: list[Line], gutter: float | None, body_size: float) -> None:
    """Number each display's lines alike (``Line.cluster``): rows, limits and scripts of one formula.

    Lines join when their boxes come within 0.6 of a font size vertically and overlap or nearly
    touch horizontally (never across a two-column gutter). A "maybe" line (digits only) or a short
    symbol-only text line (a limit such as ``0`` or ``i=1``) becomes display when it joins one.
    """
    cands = [
        ln
        for ln in lines
        if ln.kind in ("display", "maybe") or (ln.kind == "text" and _fragment(ln, body_size))
    ]
    parent = list(range(len(cands)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    order = sorted(range(len(cands)), key=lambda i: cands[i].y0)
    for a_pos, i in enumerate(order):
        a = cands[i]
        for j in order[a_pos + 1 :]:
            b = cands[j]
            size = min(a.size, b.size)
            if b.y0 - a.y1 > 0.6 * max(a.size, b.size):
                if b.y0 > a.y1 + 3 * a.size:
                    break
                continue
            if gutter is not None and (a.x1 <= gutter < b.x0 or b.x1 <= gutter < a.x0):
                continue
            if max(a.x0, b.x0) - min(a.x1, b.x1) > 3 * size:
                continue
            if a.number and b.number:
                continue  # two numbered equations are two displays, however close
            parent[find(j)] = find(i)
    groups: dict[int, list[Line]] = {}
    for i, ln in enumerate(cands):
        groups.setdefault(find(i), []).append(ln)
    next_id = 0
    for members in groups.values():
        if not any(ln.kind == "display" for ln in members):
            for ln in members:
                if ln.kind == "maybe":
                    ln.kind = "text"
            continue
        next_id += 1
        for ln in members:
            ln.kind = "display"
            ln.cluster = next_id


def _fragment(line: Line, body_size: float) -> bool:
    """A short line of symbols and digits set smaller than text: a formula's stray limit or script."""
    text = plain_text(line)
    if len(text) > 8 or re.search(r"[^\W\d_]{3}", text):
        return False
    return line.size < 0.9 * body_size or (len(text) <= 3 and not re.search(r"[^\W\d_]{2}", text))


def unset_inline_ends(lines: list[Line], width: float, gutter: float | None, body_size: float) -> None:
    """A "display" at the column's left edge, right under a line of prose, is the end of that prose."""
    lefts = _column_lefts(lines, width, gutter)
    for ln in lines:
        if ln.kind != "display" or ln.number is not None:
            continue
        left = lefts.get(gutter is not None and ln.x0 >= gutter - 4)
        if left is None or abs(ln.x0 - left) > 0.8 * ln.size:
            continue
        above = [
            p
            for p in lines
            if p is not ln
            and p.y1 <= ln.y0 + 1
            and min(p.x1, ln.x1) - max(p.x0, ln.x0) > 0
            and p.y1 > ln.y0 - 2 * ln.size
        ]
        if not above:
            continue
        prev = max(above, key=lambda p: p.y1)
        if prev.kind == "text" and ln.y0 - prev.y1 < 0.4 * ln.size and abs(prev.size - body_size) < 0.6:
            ln.kind = "text"


def _column_lefts(lines: list[Line], width: float, gutter: float | None) -> dict[bool, float]:
    """The left edge of each column's prose: key ``False`` for the left (or only) column."""
    counts: dict[bool, Counter[float]] = {False: Counter(), True: Counter()}
    for ln in lines:
        if ln.kind == "text" and ln.x1 - ln.x0 >= 0.25 * width:
            counts[gutter is not None and ln.x0 >= gutter - 4][round(ln.x0)] += 1
    out: dict[bool, float] = {}
    for side, c in counts.items():
        if c:
            out[side] = c.most_common(1)[0][0]
    return out
