"""Stacked structures of a display formula: limits, radicals, fractions, arrays and cases.

Owns: limits centred over and under a big operator (``\\sum_{k=1}^{T_x}``; neighbouring
operators' limits parted at their widest gap), what a rule drawn in a display is (a radical's bar
when a radical sign touches its left end, a fraction bar with a numerator right above it and a
denominator right below, an overline), and rows stacked between a pair of big delimiters (an
array) or after a lone big brace (cases). Each structure becomes one built item.
Must not: import pymupdf or guess a fraction where no rule was drawn (pdf_stacked.py does, for
PDFs that draw none).
"""

from __future__ import annotations

from paperpal.extract.pdf_boxes import (
    anchor,
    build_item,
    centre_x,
    centre_y,
    glyph_bottom,
    glyph_top,
    inline,
    row_base_of,
    row_text,
    split_rows,
    without,
)
from paperpal.extract.pdf_cmex import DELIMITER_PIECES, radical_height
from paperpal.extract.pdf_glyphs import join_latex, wrap_group
from paperpal.extract.pdf_lines import Box
from paperpal.extract.pdf_math import SCRIPT_RATIO, Run, is_big_operator, row_latex, run_tokens


def display_limits(items: list[Run]) -> list[Run]:
    """Small groups centred right over or under a big operator are its limits.

    Operators side by side on one row (``\\sum_{r \\in R} \\prod_{d=1}^{D}``) may have limits
    that nearly touch: each keeps the pieces on its side of the widest gap between them.
    """
    ops = sorted((r for r in items if is_big_operator(r)), key=lambda r: r.x0)
    # Where neighbours' limits part, decided before any limit is taken.
    cuts = {
        (k, below): _cut(ops[k], ops[k + 1], items, below)
        for k in range(len(ops) - 1)
        for below in (True, False)
    }
    for k, op in enumerate(ops):
        width = op.x1 - op.x0
        reach = max(2.0, 0.3 * width)
        pieces = ""
        used: list[Run] = []
        # Limits are small and near: only those are weighed (a display can hold hundreds of glyphs).
        window = [
            r
            for r in items
            if r.size < SCRIPT_RATIO * op.size and op.x0 - 4 * op.size <= r.x0 and r.x1 <= op.x1 + 4 * op.size
        ]
        for mark, below in (("_", True), ("^", False)):
            taken = {id(u) for u in used}
            small = [r for r in window if id(r) not in taken and _at_limit(r, op, below)]
            left = cuts.get((k - 1, below), -1e9)
            right = cuts.get((k, below), 1e9)
            small = [r for r in small if left <= centre_x(r) < right]
            seed = [
                r
                for r in small
                if abs(centre_x(r) - centre_x(op)) <= reach or (op.x0 <= r.x0 and r.x1 <= op.x1)
            ]
            if not seed:
                continue
            group = _grow(seed, small, op.size)
            if abs((min(r.x0 for r in group) + max(r.x1 for r in group)) / 2 - centre_x(op)) > max(
                reach, 0.25 * width + 2
            ):
                continue  # a script set to the right of the operator, not a limit under it
            size, base = anchor(group)
            pieces += mark + wrap_group(row_latex(group, (size, base)))
            used.extend(group)
        if not pieces:
            continue
        latex = join_latex(run_tokens(op)) + pieces
        built = build_item(latex, [op], op.size, row_base_of(op))
        built = built._replace(
            y0=min(glyph_top(r) for r in [op, *used]), y1=max(glyph_bottom(r) for r in [op, *used])
        )
        items = [built if r is op else r for r in without(items, used)]
    return items


def _at_limit(r: Run, op: Run, below: bool) -> bool:
    """``r`` is small and sits where a limit of ``op`` would: just under it (or over it)."""
    if r.size >= SCRIPT_RATIO * op.size:
        return False
    if below:
        return 0 <= glyph_top(r) - glyph_bottom(op) + 0.3 * op.size <= 1.1 * op.size
    return 0 <= glyph_top(op) - glyph_bottom(r) + 0.3 * op.size <= 1.1 * op.size


def _cut(a: Run, b: Run, items: list[Run], below: bool) -> float:
    """Where the limits of two neighbouring operators part: the widest gap between their centres."""
    if abs(row_base_of(a) - row_base_of(b)) > 0.5 * a.size:
        return 1e9 if centre_x(a) < centre_x(b) else -1e9
    lo, hi = centre_x(a), centre_x(b)
    between = sorted(
        (r for r in items if lo <= centre_x(r) <= hi and (_at_limit(r, a, below) or _at_limit(r, b, below))),
        key=lambda r: r.x0,
    )
    best, cut = -1e9, (lo + hi) / 2
    edge: float | None = None
    for r in between:
        if edge is not None and r.x0 - edge > best:
            best, cut = r.x0 - edge, (edge + r.x0) / 2
        edge = r.x1 if edge is None else max(edge, r.x1)
    return cut


def _grow(seed: list[Run], pool: list[Run], size: float) -> list[Run]:
    """``seed`` and the pieces of ``pool`` that continue it along its row (``t'=t`` is one limit)."""
    group = list(seed)
    changed = True
    while changed:
        changed = False
        for r in pool:
            if any(r is g for g in group):
                continue
            if any(
                abs(r.base - g.base) <= 0.6 * g.size
                and (r.x0 - g.x1 <= 0.35 * size and g.x0 - r.x1 <= 0.35 * size)
                for g in group
            ):
                group.append(r)
                changed = True
    return group


def apply_rule(items: list[Run], rule: Box) -> list[Run]:
    x0, y0, x1, y1 = rule
    radical = next(
        (
            r
            for r in items
            if r.latex is None
            and (r.text.strip() == "√" or (r.is_cmex and r.text.strip() in "pqrs" and r.text.strip()))
            and abs(r.x1 - x0) <= 2.5
            and abs(r.base - y0) <= 0.3 * r.size + 1
        ),
        None,
    )
    if radical is not None:
        return _radical(items, radical, rule)
    above = [
        r
        for r in items
        if x0 - 1 <= centre_x(r) <= x1 + 1 and glyph_bottom(r) <= y1 + 0.35 * r.size and centre_y(r) < y0
    ]
    below = [
        r
        for r in items
        if x0 - 1 <= centre_x(r) <= x1 + 1 and glyph_top(r) >= y0 - 0.35 * r.size and centre_y(r) > y1
    ]
    num = _band(above, rule, up=True)
    den = _band(below, rule, up=False)
    if num and den:
        size = max(anchor(num)[0], anchor(den)[0])
        latex = r"\frac{" + inline(num) + "}{" + inline(den) + "}"
        built = build_item(latex, num + den, size, (y0 + y1) / 2 + 0.25 * size)
        return without(items, num + den) + [built._replace(x0=min(x0, built.x0), x1=max(x1, built.x1))]
    if den and not above:
        size, base = anchor(den)
        built = build_item(r"\overline{" + inline(den) + "}", den, size, base)
        return without(items, den) + [built]
    return items


def _band(cands: list[Run], rule: Box, *, up: bool) -> list[Run]:
    """The numerator (``up``) or denominator of a fraction bar: the row nearest the bar."""
    if not cands:
        return []

    def distance(r: Run) -> float:
        return rule[1] - glyph_bottom(r) if up else glyph_top(r) - rule[3]

    nearest = min(distance(r) for r in cands)
    big = max(r.size for r in cands)
    if nearest > 0.9 * big:
        return []
    close = [r for r in cands if distance(r) <= nearest + 0.45 * r.size]
    anchor = max(close, key=lambda r: (r.size, -distance(r)))
    size, base = anchor.size, anchor.base
    return [r for r in cands if base - 0.8 * size <= r.base <= base + 0.55 * size]


def _radical(items: list[Run], radical: Run, rule: Box) -> list[Run]:
    x0, y0, x1, y1 = rule
    bottom = radical.base + radical_height(radical.text.strip(), radical.is_cmex) * radical.size
    inside = [
        r
        for r in items
        if r is not radical
        and x0 - 1 <= centre_x(r) <= x1 + 1
        and glyph_top(r) >= y0 - 1
        and centre_y(r) <= bottom + 1
    ]
    if not inside:
        return items
    size, base = anchor(inside)
    built = build_item(r"\sqrt{" + inline(inside) + "}", [radical, *inside], size, base)
    return without(items, [radical, *inside]) + [built]


_OPENERS = {"(", "[", r"\{", r"\langle", r"\lfloor", r"\lceil", "|", r"\|"}
_CLOSERS = {")", "]", r"\}", r"\rangle", r"\rfloor", r"\rceil", "|", r"\|"}


def _delimiters(items: list[Run]) -> list[tuple[str, list[Run], float, float]]:
    """Big delimiters (one per stack of extension pieces): token, pieces, top, bottom."""
    pieces = sorted((r for r in items if r.is_cmex and r.latex is None), key=lambda r: (r.x0, r.base))
    out: list[tuple[str, list[Run], float, float]] = []
    for r in pieces:
        tokens = [t for t in run_tokens(r) if t in _OPENERS | _CLOSERS]
        last = out[-1] if out else None
        if last is not None and abs(last[1][0].x0 - r.x0) < 1 and glyph_top(r) <= last[3] + 1:
            token = last[0] or (tokens[0] if tokens else "")
            out[-1] = (token, [*last[1], r], last[2], max(last[3], glyph_bottom(r)))
        elif tokens or (r.text.strip() and set(r.text.strip()) <= DELIMITER_PIECES):
            out.append((tokens[0] if tokens else "", [r], glyph_top(r), glyph_bottom(r)))
    return [d for d in out if d[0]]


def stacks(items: list[Run]) -> list[Run]:
    """Rows stacked between a pair of big delimiters (an array, a column vector) or after a lone
    big brace (cases) become one item: ``[\\begin{array}{c} a \\\\ b \\end{array}]``.

    Pairs are matched innermost first (a closer of the opener's height, with no unmatched
    delimiter between them), so nested vectors inside a big parenthesis come out nested.
    """
    delims = _delimiters(items)
    done: set[int] = set()
    pairs: list[tuple[int, int | None]] = []
    progress = True
    while progress:
        progress = False
        for k, (token, left, top, bottom) in enumerate(delims):
            if k in done or token not in _OPENERS:
                continue
            size = left[0].size
            for m in range(k + 1, len(delims)):
                if m in done:
                    continue
                match = (
                    delims[m][0] in _CLOSERS
                    and abs(delims[m][2] - top) <= 0.4 * size
                    and abs(delims[m][3] - bottom) <= 0.4 * size
                )
                if match:
                    pairs.append((k, m))
                    done.update((k, m))
                    progress = True
                break  # the nearest unmatched delimiter decides: a closer of this height or none
    for k, (token, _left, _top, _bottom) in enumerate(delims):
        if k not in done and token == r"\{":
            pairs.append((k, None))  # a lone brace opens cases
    for k, close in pairs:
        items = _stack(items, delims[k], delims[close] if close is not None else None)
    return items


def _stack(
    items: list[Run],
    opener: tuple[str, list[Run], float, float],
    closer: tuple[str, list[Run], float, float] | None,
) -> list[Run]:
    token, left, top, bottom = opener
    size = left[0].size
    x1 = closer[1][0].x0 if closer is not None else _cases_end(items, left, top, bottom, size)
    outer = left + (closer[1] if closer is not None else [])
    inner = [
        r
        for r in items
        if not any(r is p for p in outer)
        and left[0].x1 - 1 <= centre_x(r) <= x1 + 1
        and top <= centre_y(r) <= bottom
    ]
    rows = split_rows(inner)
    if len(rows) < 2:
        return items
    rows.sort(key=lambda row: anchor(row)[1])
    cells = [_cells(row) for row in rows]
    body = r" \\ ".join(cells)
    if closer is not None:
        columns = max(c.count("&") for c in cells) + 1
        latex = f"{token}\\begin{{array}}{{{'c' * columns}}} {body} \\end{{array}}{closer[0]}"
    else:
        latex = f"\\begin{{cases}} {body} \\end{{cases}}"
    built = build_item(latex, outer + inner, size, (top + bottom) / 2 + 0.25 * size)
    return without(items, outer + inner) + [built]


def _cases_end(items: list[Run], brace: list[Run], top: float, bottom: float, size: float) -> float:
    """Where the rows after a lone brace end: at the first gap wider than a ``\\qquad``."""
    start = max(r.x1 for r in brace)
    spans = sorted(
        (r.x0, r.x1)
        for r in items
        if r.x0 >= start - 1 and top <= centre_y(r) <= bottom and all(r is not b for b in brace)
    )
    edge = start
    for x0, x1 in spans:
        if x0 - edge > 1.8 * size:
            break
        edge = max(edge, x1)
    return edge


def _cells(row: list[Run]) -> str:
    """One row of an array: its cells (a gap of a font size apart) joined by ``&``."""
    size, _ = anchor(row)
    cells: list[list[Run]] = []
    right = None
    for r in sorted(row, key=lambda r: r.x0):
        if right is None or r.x0 - right > 0.8 * size:
            cells.append([])
        cells[-1].append(r)
        right = r.x1 if right is None else max(right, r.x1)
    return " & ".join(row_text(cell) for cell in cells)
