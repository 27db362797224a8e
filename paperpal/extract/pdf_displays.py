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

from paperpal.extract.pdf_cmex import big_glyph_height
from paperpal.extract.pdf_lines import Box, Line, plain_text

_FORMULA = ("display", "maybe", "text")


def join_stacked_rows(lines: list[Line], rules: Sequence[Box], measure: float = 0.0) -> None:
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
        if measure and x1 - x0 > 0.6 * measure:
            continue  # a table's rule, not a fraction bar
        near = []
        crossing = []
        for ln in formula[bisect_left(tops, y0 - reach) : bisect_right(tops, y1 + reach)]:
            if ln.y0 < y0 < ln.y1 and (abs(ln.x1 - x0) < 2 * ln.size or abs(ln.x0 - x1) < 2 * ln.size):
                if ln.kind != "text":
                    crossing.append(ln)  # a line of prose through an inline fraction stays prose
            # A numerator or denominator lies within its bar's width, give or take a glyph.
            if ln.x0 < x0 - ln.size or ln.x1 > x1 + ln.size:
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


def cluster_displays(
    lines: list[Line], gutter: float | None, body_size: float, rules: Sequence[Box] = ()
) -> None:
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

    numbered = [ln.number is not None for ln in cands]

    def join(i: int, j: int) -> None:
        ri, rj = find(i), find(j)
        if ri == rj or (numbered[ri] and numbered[rj]):
            return  # two numbered equations are two displays, however close
        parent[rj] = ri
        numbered[ri] = numbered[ri] or numbered[rj]

    order = sorted(range(len(cands)), key=lambda i: cands[i].y0)
    near: list[tuple[int, int]] = []
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
            near.append((i, j))
    # A fraction's numerator and denominator join the row through its bar, and a limit the row
    # of the operator it is centred on, before anything else joins: between two numbered
    # equations, the numerator over the second one's fraction is that equation's.
    for x0, y0, x1, y1 in rules:
        mid = (y0 + y1) / 2
        touching = [
            i
            for i, ln in enumerate(cands)
            if min(ln.x1, x1) - max(ln.x0, x0) > 0
            and (
                (y0 - 0.6 * ln.size <= ln.y1 <= y1 + 0.35 * ln.size and ln.y0 < y0)
                or (y0 - 0.35 * ln.size <= ln.y0 <= y1 + 0.6 * ln.size and ln.y1 > y1)
            )
        ]
        through = [
            i
            for i, ln in enumerate(cands)
            if ln.y0 < mid < ln.y1 and max(ln.x0 - x1, x0 - ln.x1) < 2 * ln.size
        ]
        if touching and through:
            for i in touching + through[1:]:
                join(through[0], i)
    for i, j in near:
        if _limit_of(cands[i], cands[j]) or _limit_of(cands[j], cands[i]):
            join(i, j)
    for i, j in near:
        join(i, j)
    groups: dict[int, list[Line]] = {}
    for i, ln in enumerate(cands):
        groups.setdefault(find(i), []).append(ln)
    shown: list[list[Line]] = []
    for members in groups.values():
        if not any(ln.kind == "display" for ln in members):
            for ln in members:
                if ln.kind == "maybe":
                    ln.kind = "text"
            continue
        shown.append(members)
    for number, members in enumerate(_join_rows(shown, lines, gutter), start=1):
        for ln in members:
            ln.kind = "display"
            ln.cluster = number


def _extent(line: Line) -> tuple[float, float]:
    """A line's real top and bottom: TeX extension glyphs (a display integral) hang far below
    the point PyMuPDF gives their box from."""
    top, bottom = line.y0, line.y1
    for r in line.runs:
        if r.is_cmex:
            top = min(top, r.base)
            bottom = max(bottom, r.base + big_glyph_height(r.text.strip()) * r.size)
    return top, bottom


def _limit_of(small: Line, row: Line) -> bool:
    """``small`` is set centred on a big operator (a TeX extension glyph) of ``row``."""
    if small.size >= 0.9 * row.size:
        return False
    centre = (small.x0 + small.x1) / 2
    return any(r.is_cmex and r.x0 - 1 <= centre <= r.x1 + 1 for r in row.runs)


def _join_rows(shown: list[list[Line]], lines: list[Line], gutter: float | None) -> list[list[Line]]:
    """Displays stacked with only a row's spacing between them and no prose are one display.

    The rows of an ``align`` or ``multline`` sit a line apart; their number is printed once.
    """
    shown.sort(key=lambda m: min(ln.y0 for ln in m))
    out: list[list[Line]] = []
    for members in shown:
        top = min(_extent(ln)[0] for ln in members)
        x0, x1 = min(ln.x0 for ln in members), max(ln.x1 for ln in members)
        size = max(ln.size for ln in members)
        for prev in reversed(out):
            bottom = max(_extent(ln)[1] for ln in prev)
            px0, px1 = min(ln.x0 for ln in prev), max(ln.x1 for ln in prev)
            if gutter is not None and (px1 <= gutter < x0 or x1 <= gutter < px0):
                continue
            if top - bottom > 1.0 * size or min(px1, x1) - max(px0, x0) <= 0:
                continue
            if any(ln.number for ln in prev) and any(ln.number for ln in members):
                continue
            between = any(
                ln.kind not in ("display", "maybe")
                and bottom - 1 <= (ln.y0 + ln.y1) / 2 <= top + 1
                and min(ln.x1, x1) - max(ln.x0, x0) > 0
                for ln in lines
            )
            if not between:
                prev.extend(members)
                break
        else:
            out.append(members)
    return out


def _fragment(line: Line, body_size: float) -> bool:
    """A short line of symbols and digits set smaller than text: a formula's stray limit or script."""
    text = plain_text(line)
    if len(text) > 8 or re.search(r"[^\W\d_]{3}", text):
        return False
    return line.size < 0.9 * body_size or (len(text) <= 3 and not re.search(r"[^\W\d_]{2}", text))


def unset_inline_ends(lines: list[Line], width: float, gutter: float | None, body_size: float) -> None:
    """A "display" at the column's left edge (or the edge of the prose above it), right under a
    line of prose, is the end of that prose."""
    lefts = _column_lefts(lines, width, gutter)
    for ln in lines:
        if ln.kind != "display" or ln.number is not None:
            continue
        left = lefts.get(gutter is not None and ln.x0 >= gutter - 4)
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
        # Flush with the column's edge or with the prose line right above it (a framed box
        # has its own edge): the line continues that prose.
        flush = (left is not None and abs(ln.x0 - left) <= 0.8 * ln.size) or abs(
            ln.x0 - prev.x0
        ) <= 0.8 * ln.size
        if (
            flush
            and prev.kind == "text"
            and ln.y0 - prev.y1 < 0.4 * ln.size
            and abs(prev.size - body_size) < 0.6
        ):
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
