"""Visual lines of a PDF page: fragments merged into lines, and the order a reader reads them in.

Owns: the ``PageRuns`` and ``Line`` values, merging PyMuPDF's line fragments into visual lines (a
subscript PyMuPDF put in its own "line" rejoins its letter, a fraction's rows PyMuPDF put in one
"line" are split apart, an arrow drawn over a letter joins the letter's line), the gutter of a
two-column page and reading order (a display's lines kept together), and a line's plain text.
Must not: import pymupdf (pdf.py hands over ``Run``s), classify lines, or build blocks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from paperpal.extract.pdf_charmap import ACCENTS
from paperpal.extract.pdf_cmex import big_glyph_height
from paperpal.extract.pdf_glyphs import clean_text
from paperpal.extract.pdf_math import Run, row_size_and_base

# A box on the page: x0, y0, x1, y1 in PDF points, y growing downwards.
Box = tuple[float, float, float, float]
NUMBER_RE = re.compile(r"^\(\s*((?:[A-Z]\.?)?\d+(?:\.\d+)*[a-z]?)\s*\)$")


@dataclass(frozen=True, slots=True)
class PageRuns:
    """One page's text as PyMuPDF's line fragments, each a list of runs."""

    number: int  # 1-based
    width: float
    height: float
    fragments: tuple[tuple[Run, ...], ...]
    rules: tuple[Box, ...] = ()  # thin horizontal vectors: fraction bars, radical bars, table rules
    shapes: tuple[Box, ...] = ()  # every other vector graphic: figure lines, frames, curves
    images: tuple[Box, ...] = ()  # raster images (looked up only on pages with a figure caption)


@dataclass(slots=True)
class Line:
    """A visual line being assembled (mutable while a page is laid out, then read only)."""

    runs: list[Run]
    size: float
    base: float
    x0: float
    x1: float
    y0: float
    y1: float
    page: int = 0
    number: str | None = None  # equation number printed at the right of this line
    kind: str = "text"
    text: str = ""
    math: list[tuple[int, int, str]] = field(default_factory=list)
    plain: str | None = None  # cached by plain_text once the line is complete
    margin: bool = False  # in the top or bottom band of the page, where running heads live
    caption: str | None = None  # "Figure 3" on every line of that caption
    cluster: int = 0  # lines of one display formula share a number (0: not in a display)

    def add(self, run: Run) -> None:
        self.plain = None
        self.runs.append(run)
        self.x0, self.x1 = min(self.x0, run.x0), max(self.x1, run.x1)
        self.y0, self.y1 = min(self.y0, run.y0), max(self.y1, run.y1)


def _new_line(runs: list[Run], page: int) -> Line:
    size, base = row_size_and_base(runs)
    return Line(
        list(runs),
        size,
        base,
        min(r.x0 for r in runs),
        max(r.x1 for r in runs),
        min(r.y0 for r in runs),
        max(r.y1 for r in runs),
        page,
    )


# Glyphs whose baseline says nothing about their row: accents and radical signs.
_STAY = set(ACCENTS) | {"√"}


def _split_stacked(runs: list[Run]) -> list[list[Run]]:
    """PyMuPDF may put a fraction's numerator, bar row and denominator in one "line": split it.

    Full-size runs are grouped by baseline; each group keeps the scripts that follow it. A group
    of bare punctuation (a period TeX set at a script's height) stays with the main group.
    """
    size, base = row_size_and_base(runs)
    if all(abs(r.base - base) <= 0.25 * size for r in runs if r.size >= 0.85 * size):
        return [runs]
    groups: list[tuple[float, list[Run]]] = []
    current: list[Run] | None = None
    for r in runs:
        glyph = r.text.strip()
        if r.size < 0.85 * size or (glyph and all(ch in ".,;:" for ch in glyph)) or glyph in _STAY:
            if current is None:
                current = []
                groups.append((base, current))
            current.append(r)
            continue
        for gbase, members in groups:
            if abs(gbase - r.base) <= 0.25 * size:
                current = members
                break
        else:
            current = []
            groups.append((r.base, current))
        current.append(r)
    return [members for _, members in groups if members]


_MARKS = set(ACCENTS) | set("−-→←↔⟶⟵")


def _is_mark(runs: list[Run]) -> bool:
    """A fragment of accents or arrow pieces only: it is drawn over a letter of another line."""
    text = "".join(r.text for r in runs).strip()
    return (
        bool(text) and all(ch in _MARKS or ch.isspace() for ch in text) and any(ch not in "-−" for ch in text)
    )


def build_lines(page: PageRuns) -> list[Line]:
    """Merge fragments into visual lines: same baseline and close, or a script beside a line."""
    frags: list[Line] = []
    cmex: list[Run] = []
    marks: list[Line] = []
    for frag in page.fragments:
        runs = [r for r in frag if r.text.strip() or r.latex]
        cmex.extend(r for r in runs if r.is_cmex)
        runs = [r for r in runs if not r.is_cmex]
        if runs:
            for part in _split_stacked(runs):
                line = _new_line(part, page.number)
                (marks if _is_mark(part) else frags).append(line)
    frags.sort(key=lambda f: (-round(f.size, 1), f.x0))
    # On a two-column page nothing joins across the gutter, however narrow it is.
    gutter = find_gutter(frags, page.width)
    lines: list[Line] = []
    buckets: dict[int, list[Line]] = {}
    for f in frags:
        key = int(f.base // 8)
        if ")" in f.runs[-1].text and NUMBER_RE.match(plain_text(f)):
            # An equation number stays its own line, however close it sits to the formula
            # (or to the other column's text, when it sits at the gutter).
            lines.append(f)
            continue
        target = None
        best = 1e9
        for k in (key - 2, key - 1, key, key + 1, key + 2):
            for line in buckets.get(k, ()):
                gap = max(f.x0 - line.x1, line.x0 - f.x1)
                if gutter is not None and (line.x1 <= gutter <= f.x0 or f.x1 <= gutter <= line.x0):
                    continue
                if f.size >= 0.85 * line.size:
                    # Justified headings spread their words wide; formulas stay tight.
                    reach = 2.5 if f.runs[0].kind == "text" and line.runs[-1].kind == "text" else 1.2
                    ok = abs(f.base - line.base) <= 0.25 * line.size and gap <= reach * line.size
                else:
                    ok = -0.9 * line.size <= f.base - line.base <= 0.6 * line.size and gap <= 0.6 * line.size
                if ok and abs(f.base - line.base) < best:
                    target, best = line, abs(f.base - line.base)
        if target is None:
            lines.append(f)
            buckets.setdefault(key, []).append(f)
        else:
            for r in f.runs:
                target.add(r)
    for r in cmex:
        # CMEX glyphs hang from their baseline; attach each to the row it is centred on.
        glyph = r.text.strip()
        reach = big_glyph_height(glyph)
        row = r.base + (0.75 * reach if glyph in "pqrst" else reach / 2 + 0.25) * r.size
        near = [ln for ln in lines if ln.x0 - 2 * ln.size <= r.x0 <= ln.x1 + 2 * ln.size]
        if near:
            min(near, key=lambda ln: abs(ln.base - row)).add(r)
    for mark in marks:
        # An arrow or accent drawn over a letter belongs to the letter's line.
        under = [
            ln
            for ln in lines
            if min(ln.x1, mark.x1) - max(ln.x0, mark.x0) > 0
            and 0.2 * ln.size <= ln.base - mark.base <= 1.3 * ln.size
        ]
        if under:
            target = min(under, key=lambda ln: ln.base - mark.base)
            for r in mark.runs:
                target.add(r)
        else:
            lines.append(mark)
    lines = _merge_neighbours(lines, gutter)
    for line in lines:
        line.runs.sort(key=lambda r: r.x0)
        line.plain = None
    return lines


def _merge_neighbours(lines: list[Line], gutter: float | None) -> list[Line]:
    """Second pass: pieces of one line that only touch through a script or fraction between them."""
    out: list[Line] = []
    for line in sorted(lines, key=lambda ln: (round(ln.base), ln.x0)):
        prev = out[-1] if out else None
        if (
            prev is not None
            and abs(prev.base - line.base) <= 0.25 * prev.size
            and abs(prev.size - line.size) < 0.15 * prev.size
            and 0 <= line.x0 - prev.x1 <= 1.2 * prev.size
            and not (gutter is not None and prev.x1 <= gutter <= line.x0)
            and not NUMBER_RE.match(plain_text(line))
            and not NUMBER_RE.match(plain_text(prev))
        ):
            for r in line.runs:
                prev.add(r)
            continue
        out.append(line)
    return out


def find_gutter(lines: list[Line], width: float) -> float | None:
    """The x of a two-column page's gutter (the middle of the gap between the columns), or None.

    Columns need not be symmetric about the page's middle: the gutter sits between the right
    edge of the left column's lines and the left edge of the right column's.
    """
    mid = width / 2
    wide = [ln for ln in lines if ln.x1 - ln.x0 > 0.25 * width]
    left = [ln.x1 for ln in wide if ln.x1 <= mid + 0.06 * width and ln.x0 < mid - 0.1 * width]
    right = [ln.x0 for ln in wide if ln.x0 >= mid - 0.06 * width and ln.x1 > mid + 0.1 * width]
    if len(left) < 3 or len(right) < 3:
        return None
    left.sort()
    right.sort()
    # The column edges most lines reach (a stray longer or shorter line does not move them).
    edge_left = left[int(0.8 * (len(left) - 1))]
    edge_right = right[int(0.2 * (len(right) - 1))]
    if edge_right <= edge_left:
        return mid
    return (edge_left + edge_right) / 2


def reading_order(lines: list[Line], gutter: float | None) -> list[Line]:
    """Top to bottom; on two-column pages, left column before right between full-width lines.

    The lines of one display formula stay together, where its first line comes.
    """
    return _keep_clusters(_reading_order(lines, gutter))


def _keep_clusters(lines: list[Line]) -> list[Line]:
    if not any(ln.cluster for ln in lines):
        return lines
    members: dict[int, list[Line]] = {}
    for ln in lines:
        if ln.cluster:
            members.setdefault(ln.cluster, []).append(ln)
    out: list[Line] = []
    for ln in lines:
        if not ln.cluster:
            out.append(ln)
        elif members.get(ln.cluster):
            out.extend(members.pop(ln.cluster))
    return out


def _reading_order(lines: list[Line], gutter: float | None) -> list[Line]:
    by_y = sorted(lines, key=lambda ln: (round(ln.base), ln.x0))
    if gutter is None:
        return by_y
    mid = gutter
    out: list[Line] = []
    left: list[Line] = []
    right: list[Line] = []
    for ln in by_y:
        if ln.x1 <= mid + 4:
            left.append(ln)
        elif ln.x0 >= mid - 4:
            right.append(ln)
        else:
            out.extend(left + right)
            left, right = [], []
            out.append(ln)
    out.extend(left + right)
    return out


def plain_text(line: Line) -> str:
    if line.plain is not None:
        return line.plain
    out = ""
    prev: Run | None = None
    for r in line.runs:
        text = clean_text(r.text)
        if not text.strip():
            continue
        if prev is not None and (text[:1].isspace() or r.x0 - prev.x1 > 0.15 * line.size):
            out += " "
        out += text.strip()
        prev = r
    line.plain = out
    return out
