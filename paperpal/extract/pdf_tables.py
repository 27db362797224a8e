"""Tables on a PDF page: ruled tables, tables of aligned cells, and the caption each belongs to.

Owns: groups of rules of one width with no prose between them (a booktabs table, an algorithm's
box), giving each ruled table to the caption nearest it, the rows of cells under or over a
caption when a table has no rules, and tables set in the text without a caption (two rows or
more of three cells or more, mostly words and numbers).
Must not: import pymupdf, or take a formula's rows for a table (cells are words and numbers).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from paperpal.extract.pdf_inline import math_ratio
from paperpal.extract.pdf_lines import NUMBER_RE, Box, Line, PageRuns, plain_text
from paperpal.extract.pdf_prose import Sizes, column_span, has_wide_gap, is_prose, overlaps, prose_between

# How far (in body sizes) a table's rules or rows may sit from its caption.
REACH = 3.0


def rule_group(
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
        if prose_between(lines, top, bottom, span, sizes):
            break
        group.append(r)
    return group


def wide_rules(page: PageRuns, span: tuple[float, float], body: float) -> list[Box]:
    return [r for r in page.rules if r[2] - r[0] >= 4 * body and overlaps(r[0], r[2], *span)]


def tables(
    caps: list[list[Line]], lines: list[Line], page: PageRuns, sizes: Sizes, gutter: float | None
) -> dict[int, Box]:
    """Each table caption's region: the ruled table nearest it (above or below), else its rows.

    A ruled table goes to the caption closest to its top or bottom rule, so a caption set under
    its own table does not take the next table's rules below it.
    """
    offers: list[tuple[float, int, Box]] = []
    for k, cap in enumerate(caps):
        span = column_span(cap[0], page.width, gutter)
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
            rows = _rows_without_rules(cap, lines, column_span(cap[0], page.width, gutter), sizes)
            if rows is not None:
                out[id(cap[0])] = rows
    return out


def _ruled_tables(
    cap: list[Line], lines: list[Line], page: PageRuns, span: tuple[float, float], sizes: Sizes
) -> list[tuple[float, Box]]:
    """The ruled tables right under and right over a caption, with their distance to it."""
    body = sizes.body
    rules = wide_rules(page, span, body)
    first, last = cap[0], cap[-1]
    below = [r for r in rules if -2 <= r[1] - last.y1 <= REACH * body]
    above = [r for r in rules if -2 <= first.y0 - r[3] <= REACH * body]
    out = []
    for candidates, down in ((below, True), (above, False)):
        if not candidates:
            continue
        start = min(candidates, key=lambda r: abs(r[1] - last.y1) if down else abs(first.y0 - r[3]))
        group = rule_group(start, rules, lines, span, sizes, down=down)
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
            and overlaps(ln.x0, ln.x1, *span)
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
            if gap > 1.5 * body or any(is_prose(ln, sizes, span) for ln in row):
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


def bare_tables(lines: list[Line], sizes: Sizes, gutter: float | None) -> None:
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
