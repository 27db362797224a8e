"""Floats on a PDF page: figures, tables and algorithms, found from their captions and rules.

Owns: recognising caption lines ("Figure 3:", "Table 2.", "Algorithm 1 Name") and the lines that
continue them, the region each caption labels (a figure's vector graphics and the labels around
them, a table's rules and rows, an algorithm's ruled box), and marking every line in a region as
``figure`` text, a ``table`` row or an ``algorithm`` step and each caption line as ``caption``,
so none of them is read as a display equation or spliced into the running text.
Must not: import pymupdf, or claim a line no caption accounts for (a framed box without a
caption stays prose and formulas; a lone vector is not a figure).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import NamedTuple

from paperpal.extract.pdf_inline import math_ratio
from paperpal.extract.pdf_lines import NUMBER_RE, Box, Line, PageRuns, plain_text

CAPTION_RE = re.compile(
    r"^(?P<kind>Figure|Fig\.|FIGURE|FIG\.|Table|TABLE|Algorithm|ALGORITHM)\s*"
    r"(?P<num>(?:[A-Z]\.?)?\d+(?:\.\d+)?|[IVXLC]+)(?P<rest>.*)$"
)
_STEP = re.compile(r"^\d{1,3}:")
_KINDS = {"fig": "figure", "tab": "table", "alg": "algorithm"}
# How far (in body sizes) a float's graphics, rules or rows may sit from its caption.
_REACH = 3.0


class Sizes(NamedTuple):
    """The paper's body font size and measure (the width of a full line of prose)."""

    body: float
    measure: float


def mark_floats(
    lines: list[Line],
    page: PageRuns,
    sizes: Sizes,
    gutter: float | None,
    find_images: Callable[[], Sequence[Box]] | None = None,
) -> None:
    """Give each caption, figure, table and algorithm line of the page its kind (in place).

    ``find_images`` gives the page's raster images; it is asked only when a figure caption has no
    vector graphics beside it (looking images up costs another pass over the page).
    """
    captions = _captions(lines, sizes.body, page.rules)
    _bare_tables(lines, sizes, gutter)
    if not captions:
        return
    taken: list[Box] = []
    tables = _tables([cap for kind, cap in captions if kind == "table"], lines, page, sizes, gutter)
    for kind, cap in sorted(captions, key=lambda c: ("table", "algorithm", "figure").index(c[0])):
        span = _column(cap[0], page.width, gutter)
        if kind == "table":
            box = tables.get(id(cap[0]))
        elif kind == "algorithm":
            box = _algorithm(cap, lines, page, span, sizes)
        else:
            box, above = _figure(cap, lines, page, span, sizes, taken)
            if not above and find_images is not None and not page.images:
                # A caption sits under its figure: with nothing drawn above it, the figure may
                # be a picture, found only among the page's images.
                page = replace(page, images=tuple(find_images()))
                box, above = _figure(cap, lines, page, span, sizes, taken)
        if box is None:
            continue
        taken.append(box)
        for ln in lines:
            if ln.kind != "caption" and _inside(ln, box):
                ln.kind = kind


def _captions(lines: list[Line], body_size: float, rules: Sequence[Box]) -> list[tuple[str, list[Line]]]:
    """Each caption's kind and its lines (the first, then those that continue it).

    A caption ends at a gap, a change of size, a rule drawn under it (an algorithm's box), or a
    numbered step ("1: ...").
    """
    out: list[tuple[str, list[Line]]] = []
    ordered = sorted(lines, key=lambda ln: (ln.y0, ln.x0))
    for ln in ordered:
        if ln.kind == "caption":
            continue
        label = caption_label(ln)
        if label is None:
            continue
        kind = _KINDS[label[:3].lower()]
        cap = [ln]
        ln.kind, ln.caption = "caption", label
        for nxt in ordered:
            prev = cap[-1]
            if nxt.y0 <= prev.y0 or nxt.kind == "caption":
                continue
            if nxt.y0 - prev.y1 > 0.5 * prev.size:
                break
            overlap = min(prev.x1, nxt.x1) - max(prev.x0, nxt.x0)
            if overlap < 0.5 * min(prev.x1 - prev.x0, nxt.x1 - nxt.x0) or abs(nxt.size - ln.size) > 0.6:
                continue
            if caption_label(nxt) is not None or _STEP.match(plain_text(nxt)):
                break
            if any(
                prev.y1 - 1 <= r[1] <= nxt.y0 + 1 and _overlaps(r[0], r[2], nxt.x0, nxt.x1) for r in rules
            ):
                break
            nxt.kind, nxt.caption = "caption", label
            cap.append(nxt)
        out.append((kind, cap))
    return out


def caption_label(line: Line) -> str | None:
    """ "Figure 3" when the line opens a caption, else None.

    A caption's label is followed by ":" or "." (or "|"), or is set in bold ("Algorithm 1 Name"
    of the algorithm package); "Figure 3 shows ..." in the running text is not a caption.
    """
    text = plain_text(line)
    m = CAPTION_RE.match(text)
    if not m:
        return None
    rest = m.group("rest")
    label = f"{m.group('kind')} {m.group('num')}"
    if rest[:1] in (":", ".", "|") and not rest[1:2].isdigit():
        return label
    first = next((r for r in line.runs if r.text.strip()), None)
    if first is not None and first.bold and (rest[:1].isspace() or not rest) and rest.strip()[:1].isupper():
        return label
    return None


def _column(line: Line, width: float, gutter: float | None) -> tuple[float, float]:
    """The horizontal span a float labelled by ``line`` can occupy: its column or the page."""
    if gutter is not None and line.x1 <= gutter + 4:
        return 0.0, gutter
    if gutter is not None and line.x0 >= gutter - 4:
        return gutter, width
    return 0.0, width


def _inside(line: Line, box: Box) -> bool:
    cx, cy = (line.x0 + line.x1) / 2, (line.y0 + line.y1) / 2
    return box[0] - 1 <= cx <= box[2] + 1 and box[1] - 1 <= cy <= box[3] + 1


def _overlaps(a0: float, a1: float, b0: float, b1: float) -> bool:
    return min(a1, b1) - max(a0, b0) > 0


def _prose(line: Line, sizes: Sizes, span: tuple[float, float]) -> bool:
    """A line of running text: body size, nearly the column's measure, no table gaps, few formulas.

    ``measure`` is the width of the paper's full lines of prose (the most common one).
    """
    if line.kind in ("caption", "figure", "table", "algorithm") or abs(line.size - sizes.body) > 0.6:
        return False
    if line.x1 - line.x0 < 0.85 * min(sizes.measure, span[1] - span[0]) or has_wide_gap(line):
        return False
    text = plain_text(line)
    # A numbered step ("3: for t = 1 to T do") is an algorithm's, whatever its length.
    return math_ratio(line) < 0.5 and len(text.split()) >= 6 and not _STEP.match(text)


def has_wide_gap(line: Line, gap: float = 3.0) -> bool:
    """True when the line's runs leave a gap of ``gap`` font sizes: cells of a table row."""
    right = None
    for r in sorted(line.runs, key=lambda r: r.x0):
        if right is not None and r.x0 - right > gap * line.size:
            return True
        right = r.x1 if right is None else max(right, r.x1)
    return False


def _prose_between(
    lines: list[Line], top: float, bottom: float, span: tuple[float, float], sizes: Sizes
) -> bool:
    return any(
        top <= (ln.y0 + ln.y1) / 2 <= bottom and _overlaps(ln.x0, ln.x1, *span) and _prose(ln, sizes, span)
        for ln in lines
    )


# -- tables and algorithms: rules -----------------------------------------------------------------


def _rule_group(
    start: Box,
    rules: Sequence[Box],
    lines: list[Line],
    span: tuple[float, float],
    sizes: Sizes,
    *,
    down: bool,
) -> list[Box]:
    """``start`` and the rules of the same width after it (down or up) with no prose between."""
    same = [r for r in rules if abs(r[0] - start[0]) <= 3 and abs(r[2] - start[2]) <= 3]
    same.sort(key=lambda r: r[1], reverse=not down)
    group = [start]
    for r in same:
        last = group[-1]
        if (r[1] <= last[1]) if down else (r[1] >= last[1]):
            continue
        top, bottom = (last[3], r[1]) if down else (r[3], last[1])
        if _prose_between(lines, top, bottom, span, sizes):
            break
        group.append(r)
    return group


def _wide_rules(page: PageRuns, span: tuple[float, float], body: float) -> list[Box]:
    return [r for r in page.rules if r[2] - r[0] >= 4 * body and _overlaps(r[0], r[2], *span)]


def _tables(
    caps: list[list[Line]], lines: list[Line], page: PageRuns, sizes: Sizes, gutter: float | None
) -> dict[int, Box]:
    """Each table caption's region: the ruled table nearest it (above or below), else its rows.

    A ruled table goes to the caption closest to its top or bottom rule, so a caption set under
    its own table does not take the next table's rules below it.
    """
    offers: list[tuple[float, int, Box]] = []
    for k, cap in enumerate(caps):
        span = _column(cap[0], page.width, gutter)
        for distance, box in _ruled_tables(cap, lines, page, span, sizes):
            offers.append((distance, k, box))
    out: dict[int, Box] = {}
    used: list[Box] = []
    for _distance, k, box in sorted(offers):
        if id(caps[k][0]) in out or box in used:
            continue
        out[id(caps[k][0])] = box
        used.append(box)
    for cap in caps:
        if id(cap[0]) not in out:
            rows = _rows_without_rules(cap, lines, _column(cap[0], page.width, gutter), sizes)
            if rows is not None:
                out[id(cap[0])] = rows
    return out


def _ruled_tables(
    cap: list[Line], lines: list[Line], page: PageRuns, span: tuple[float, float], sizes: Sizes
) -> list[tuple[float, Box]]:
    """The ruled tables right under and right over a caption, with their distance to it."""
    body = sizes.body
    rules = _wide_rules(page, span, body)
    first, last = cap[0], cap[-1]
    below = [r for r in rules if -2 <= r[1] - last.y1 <= _REACH * body]
    above = [r for r in rules if -2 <= first.y0 - r[3] <= _REACH * body]
    out = []
    for candidates, down in ((below, True), (above, False)):
        if not candidates:
            continue
        start = min(candidates, key=lambda r: abs(r[1] - last.y1) if down else abs(first.y0 - r[3]))
        group = _rule_group(start, rules, lines, span, sizes, down=down)
        if len(group) >= 2:
            box = (
                min(r[0] for r in group),
                min(r[1] for r in group),
                max(r[2] for r in group),
                max(r[3] for r in group),
            )
            out.append((abs(start[1] - last.y1) if down else abs(first.y0 - start[3]), box))
    return out


def _rows_without_rules(
    cap: list[Line], lines: list[Line], span: tuple[float, float], sizes: Sizes
) -> Box | None:
    """A table drawn without (enough) rules: the rows of cells right under (or over) its caption.

    A row of cells is one baseline holding several lines far apart, or one line with wide gaps;
    rows in between that are not (a group heading such as "Speech signal modeling") belong too,
    up to a line of prose or a wide vertical gap.
    """
    body = sizes.body
    for down in (True, False):
        edge = cap[-1] if down else cap[0]
        near = [
            ln
            for ln in lines
            if ln.kind in ("text", "display", "maybe", "table")
            and _overlaps(ln.x0, ln.x1, *span)
            and ((ln.y0 >= edge.y1 - 1) if down else (ln.y1 <= edge.y0 + 1))
        ]
        rows = _visual_rows(near)
        if not down:
            rows.reverse()
        kept: list[list[Line]] = []
        prev_edge = edge.y1 if down else edge.y0
        for row in rows:
            top, bottom = min(ln.y0 for ln in row), max(ln.y1 for ln in row)
            gap = top - prev_edge if down else prev_edge - bottom
            if gap > 1.5 * body or any(_prose(ln, sizes, span) for ln in row):
                break
            cells = len(row) >= 2 or any(has_wide_gap(ln, 1.5) for ln in row)
            if not cells and not kept:
                break
            kept.append(row)
            prev_edge = bottom if down else top
        while kept and not (len(kept[-1]) >= 2 or any(has_wide_gap(ln, 1.5) for ln in kept[-1])):
            kept.pop()  # a trailing line that is not a row of cells is the text after the table
        if sum(1 for row in kept if len(row) >= 2 or any(has_wide_gap(ln, 1.5) for ln in row)) >= 2:
            members = [ln for row in kept for ln in row]
            return (
                min(ln.x0 for ln in members),
                min(ln.y0 for ln in members),
                max(ln.x1 for ln in members),
                max(ln.y1 for ln in members),
            )
    return None


def _bare_tables(lines: list[Line], sizes: Sizes, gutter: float | None) -> None:
    """A table set in the text without a caption: two or more rows of three cells or more.

    Cells are short lines on one baseline, in one column, a gap of one and a half font sizes
    apart. A cell of words is required (a row header such as "output map size"), so a matrix
    of formulas is not one.
    """
    for side in (True, False) if gutter is not None else (False,):
        column = [
            ln
            for ln in lines
            if ln.kind in ("text", "display", "maybe")
            and (gutter is None or (ln.x0 >= gutter - 4) == side)
            and ln.x1 - ln.x0 < 0.6 * sizes.measure
        ]
        _mark_bare_table(_visual_rows(column), sizes)


def _mark_bare_table(rows: list[list[Line]], sizes: Sizes) -> None:
    """Mark runs of two or more rows of cells, most of them words or numbers, as a table."""
    runs: list[list[list[Line]]] = [[]]
    for row in rows:
        # Equation numbers are not cells: an eqnarray row with its number is a formula.
        ordered = sorted((ln for ln in row if not NUMBER_RE.match(plain_text(ln))), key=lambda ln: ln.x0)
        cells = 1 + sum(1 for a, b in zip(ordered, ordered[1:], strict=False) if b.x0 - a.x1 > 1.5 * a.size)
        # Cells of a table hold words and numbers; the pieces of a formula are mostly math.
        tabular = cells >= 3 and sum(math_ratio(ln) < 0.5 for ln in ordered) * 2 > len(ordered)
        last = runs[-1]
        if not tabular or (
            last and min(ln.y0 for ln in row) - max(ln.y1 for ln in last[-1]) > 1.5 * sizes.body
        ):
            runs.append([])
        if tabular:
            runs[-1].append(ordered)
    for block in runs:
        if len(block) < 2:
            continue
        if not any(
            re.search(r"[A-Za-z]{3,}", plain_text(ln)) and math_ratio(ln) < 0.5 for row in block for ln in row
        ):
            continue
        for row in block:
            for ln in row:
                ln.kind = "table"


def _visual_rows(lines: list[Line]) -> list[list[Line]]:
    """Lines grouped by baseline, top to bottom."""
    rows: list[list[Line]] = []
    for ln in sorted(lines, key=lambda ln: ln.base):
        if rows and abs(rows[-1][0].base - ln.base) <= 0.3 * ln.size:
            rows[-1].append(ln)
        else:
            rows.append([ln])
    return rows


def _algorithm(
    cap: list[Line], lines: list[Line], page: PageRuns, span: tuple[float, float], sizes: Sizes
) -> Box | None:
    body = sizes.body
    rules = _wide_rules(page, span, body)
    first, last = cap[0], cap[-1]
    after = [r for r in rules if -2 <= r[1] - last.y1 <= 1.5 * body]
    if after:
        group = _rule_group(min(after, key=lambda r: r[1]), rules, lines, span, sizes, down=True)
        if len(group) >= 2:
            return (min(r[0] for r in group), first.y0, max(r[2] for r in group), max(r[3] for r in group))
    # Without rules: the numbered steps ("1:", "2:") that follow the caption.
    steps = sorted(
        (ln for ln in lines if ln.y0 > last.y1 and _overlaps(ln.x0, ln.x1, *span)), key=lambda ln: ln.y0
    )
    bottom = None
    prev = last
    for ln in steps:
        if ln.y0 - prev.y1 > 1.5 * body or not _STEP.match(plain_text(ln)):
            break
        bottom, prev = ln.y1, ln
    if bottom is None:
        return None
    return (span[0], last.y1, span[1], bottom)


# -- figures: vector graphics ---------------------------------------------------------------------


def _clusters(boxes: Sequence[Box], gap: float) -> list[list[float]]:
    """Vector boxes merged while they come within ``gap`` of each other: [x0, y0, x1, y1, count]."""
    out: list[list[float]] = []
    for b in sorted(boxes, key=lambda b: b[1]):
        hits = [
            c
            for c in out
            if b[0] - gap <= c[2] and c[0] - gap <= b[2] and b[1] - gap <= c[3] and c[1] - gap <= b[3]
        ]
        if not hits:
            out.append([b[0], b[1], b[2], b[3], 1.0])
            continue
        keep = hits[0]
        keep[0], keep[1] = min(keep[0], b[0]), min(keep[1], b[1])
        keep[2], keep[3] = max(keep[2], b[2]), max(keep[3], b[3])
        keep[4] += 1
        for c in hits[1:]:
            keep[0], keep[1] = min(keep[0], c[0]), min(keep[1], c[1])
            keep[2], keep[3] = max(keep[2], c[2]), max(keep[3], c[3])
            keep[4] += c[4]
            out.remove(c)
    return out


def _graphics(page: PageRuns, body: float, taken: list[Box]) -> list[list[float]]:
    """Clusters of vectors that look like a picture: several strokes or a large frame, in 2D."""
    boxes = [
        b
        for b in (*page.shapes, *page.rules, *page.images)
        if not any(
            t[0] - 1 <= b[0] and b[2] <= t[2] + 1 and t[1] - 1 <= b[1] and b[3] <= t[3] + 1 for t in taken
        )
    ]
    out = []
    for c in _clusters(boxes, 0.6 * body):
        w, h = c[2] - c[0], c[3] - c[1]
        if (c[4] >= 2 and w >= 1.5 * body and h >= 1.5 * body) or (w >= 3 * body and h >= 3 * body):
            out.append(c)
    return out


def _figure(
    cap: list[Line],
    lines: list[Line],
    page: PageRuns,
    span: tuple[float, float],
    sizes: Sizes,
    taken: list[Box],
) -> tuple[Box | None, bool]:
    """The figure a caption labels, and whether it is above the caption (the usual place)."""
    body = sizes.body
    first, last = cap[0], cap[-1]
    graphics = [g for g in _graphics(page, body, taken) if _overlaps(g[0], g[2], *span)]
    reach = 0.35 * page.height
    above = [g for g in graphics if g[3] <= first.y0 + 2 and first.y0 - g[3] <= reach]
    above = [g for g in above if not _prose_between(lines, g[3], first.y0, span, sizes)]
    below = [g for g in graphics if g[1] >= last.y1 - 2 and g[1] - last.y1 <= reach]
    below = [g for g in below if not _prose_between(lines, last.y1, g[1], span, sizes)]
    if above:
        nearest = max(above, key=lambda g: g[3])
        box = [min(nearest[0], first.x0), nearest[1], max(nearest[2], first.x1), first.y0 - 0.5]
    elif below:
        nearest = min(below, key=lambda g: g[1])
        box = [min(nearest[0], last.x0), last.y1 + 0.5, max(nearest[2], last.x1), nearest[3]]
    else:
        return None, False
    # Side-by-side panels share the figure's band; stacked panels follow with only their labels
    # and sub-captions between them.
    merged = [nearest]
    grown = True
    while grown:
        grown = False
        for g in graphics:
            if any(g is m for m in merged):
                continue
            beside = _overlaps(g[1], g[3], box[1], box[3])
            stacked = (
                (0 <= box[1] - g[3] <= 8 * body and not _prose_between(lines, g[3], box[1], span, sizes))
                if above
                else (0 <= g[1] - box[3] <= 8 * body and not _prose_between(lines, box[3], g[1], span, sizes))
            )
            if beside or stacked:
                box = [min(box[0], g[0]), min(box[1], g[1]), max(box[2], g[2]), max(box[3], g[3])]
                if above:
                    box[3] = min(box[3], first.y0 - 0.5)
                merged.append(g)
                grown = True
    # Tick labels and legends sit just outside the drawn frame; panel titles just over it.
    box[0] = max(span[0], box[0] - 1.5 * body)
    box[2] = min(span[1], box[2] + 1.5 * body)
    top = box[1]
    for ln in lines:
        if ln.kind not in ("text", "display") or not _overlaps(ln.x0, ln.x1, box[0], box[2]):
            continue
        near = top - ln.y1
        if (-1 <= near <= 2 * body and ln.size < 0.93 * body) or (
            -1 <= near <= 0.8 * body and not _prose(ln, sizes, span)
        ):
            box[1] = min(box[1], ln.y0)
    return (box[0], box[1], box[2], box[3]), bool(above)
