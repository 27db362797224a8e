"""Floats on a PDF page: figures, tables and algorithms, found from their captions and rules.

Owns: recognising caption lines ("Figure 3:", "Table 2.", "Algorithm 1 Name") and the lines that
continue them, the region each caption labels (a figure's vector graphics and the labels around
them, an algorithm's ruled box; tables are pdf_tables.py's), and marking every line in a region
as ``figure`` text, a ``table`` row or an ``algorithm`` step and each caption line as
``caption``, so none of them is read as a display equation or spliced into the running text.
Must not: import pymupdf, or claim a line no caption accounts for (a framed box without a
caption stays prose and formulas; a lone vector is not a figure).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from paperpal.extract.pdf_lines import Box, Line, PageRuns, plain_text
from paperpal.extract.pdf_prose import STEP, Sizes, column_span, inside, is_prose, overlaps, prose_between
from paperpal.extract.pdf_tables import bare_tables, rule_group, tables, wide_rules

CAPTION_RE = re.compile(
    r"^(?P<kind>Figure|Fig\.|FIGURE|FIG\.|Table|TABLE|Algorithm|ALGORITHM)\s*"
    r"(?P<num>(?:[A-Z]\.?)?\d+(?:\.\d+)?|[IVXLC]+)(?P<rest>.*)$"
)
_KINDS = {"fig": "figure", "tab": "table", "alg": "algorithm"}


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
    bare_tables(lines, sizes, gutter)
    if not captions:
        return
    taken: list[Box] = []
    regions = tables([cap for kind, cap in captions if kind == "table"], lines, page, sizes, gutter)
    for kind, cap in sorted(captions, key=lambda c: ("table", "algorithm", "figure").index(c[0])):
        span = column_span(cap[0], page.width, gutter)
        if kind == "table":
            box = regions.get(id(cap[0]))
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
            if ln.kind != "caption" and inside(ln, box):
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
            if caption_label(nxt) is not None or STEP.match(plain_text(nxt)):
                break
            if any(prev.y1 - 1 <= r[1] <= nxt.y0 + 1 and overlaps(r[0], r[2], nxt.x0, nxt.x1) for r in rules):
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


def _algorithm(
    cap: list[Line], lines: list[Line], page: PageRuns, span: tuple[float, float], sizes: Sizes
) -> Box | None:
    body = sizes.body
    rules = wide_rules(page, span, body)
    first, last = cap[0], cap[-1]
    after = [r for r in rules if -2 <= r[1] - last.y1 <= 1.5 * body]
    if after:
        group = rule_group(min(after, key=lambda r: r[1]), rules, lines, span, sizes, down=True)
        if len(group) >= 2:
            return (min(r[0] for r in group), first.y0, max(r[2] for r in group), max(r[3] for r in group))
    # Without rules: the numbered steps ("1:", "2:") that follow the caption.
    steps = sorted(
        (ln for ln in lines if ln.y0 > last.y1 and overlaps(ln.x0, ln.x1, *span)), key=lambda ln: ln.y0
    )
    bottom = None
    prev = last
    for ln in steps:
        if ln.y0 - prev.y1 > 1.5 * body or not STEP.match(plain_text(ln)):
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
    graphics = [g for g in _graphics(page, body, taken) if overlaps(g[0], g[2], *span)]
    reach = 0.35 * page.height
    above = [g for g in graphics if g[3] <= first.y0 + 2 and first.y0 - g[3] <= reach]
    above = [g for g in above if not prose_between(lines, g[3], first.y0, span, sizes)]
    below = [g for g in graphics if g[1] >= last.y1 - 2 and g[1] - last.y1 <= reach]
    below = [g for g in below if not prose_between(lines, last.y1, g[1], span, sizes)]
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
            beside = overlaps(g[1], g[3], box[1], box[3])
            stacked = (
                (0 <= box[1] - g[3] <= 8 * body and not prose_between(lines, g[3], box[1], span, sizes))
                if above
                else (0 <= g[1] - box[3] <= 8 * body and not prose_between(lines, box[3], g[1], span, sizes))
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
        if ln.kind not in ("text", "display") or not overlaps(ln.x0, ln.x1, box[0], box[2]):
            continue
        near = top - ln.y1
        if (-1 <= near <= 2 * body and ln.size < 0.93 * body) or (
            -1 <= near <= 0.8 * body and not is_prose(ln, sizes, span)
        ):
            box[1] = min(box[1], ln.y0)
    return (box[0], box[1], box[2], box[3]), bool(above)
