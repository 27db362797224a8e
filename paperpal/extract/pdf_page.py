"""What each line of a page is: prose, a display formula, a heading, an equation number.

Owns: the order of a page's layout (lines, floats, equation numbers, displays, reading order),
dropping page furniture (running heads, page numbers, side stamps), giving equation numbers
printed at the right margin to their formula, classifying lines by their fonts (text, display,
"maybe" for digit-only rows beside a display), and section headings from numbering and font.
Floats are pdf_floats.py's, how display lines group pdf_displays.py's.
Must not: import pymupdf or build blocks (pdf_blocks.py does).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from paperpal.extract.pdf_displays import cluster_displays, join_stacked_rows, unset_inline_ends
from paperpal.extract.pdf_floats import mark_floats
from paperpal.extract.pdf_inline import math_ratio
from paperpal.extract.pdf_lines import (
    NUMBER_RE,
    Box,
    Line,
    PageRuns,
    build_lines,
    find_gutter,
    plain_text,
    reading_order,
)
from paperpal.extract.pdf_prose import Sizes, has_wide_gap

HEADING_RE = re.compile(r"^(?P<num>(?:\d+|[A-Z])(?:\.\d+)*)\.?\s+(?P<title>[A-Z][^\n]{0,120})$")
CHAPTER_RE = re.compile(r"^(?:Chapter|CHAPTER)\s+(\d+|[A-Z])$")
UNNUMBERED = {
    "abstract",
    "introduction",
    "references",
    "acknowledgements",
    "acknowledgments",
    "acknowledgement",
    "acknowledgment",
    "appendix",
    "conclusion",
    "conclusions",
    "related work",
    "bibliography",
    "discussion",
    "supplementary material",
}
# A formula has a letter or a real operator in a math font; a table row of numbers does not.
_MATH_SIGNAL = re.compile(r"[^\W\d_]|[=+<>∑∏∫∂∇≤≥≈∈→←⊙⊗∼∝]")


def heading(line: Line, body_size: float) -> tuple[str | None, str] | None:
    text = plain_text(line)
    words = [r for r in line.runs if r.text.strip() and r.kind == "text"]
    if not words:
        return None
    letters = [ch for ch in text if ch.isalpha()]
    # ICLR-style subsections are set in small capitals at the body size, not in bold.
    small_caps = (
        bool(letters)
        and all(ch.isupper() for ch in letters)
        and any(r.size < 0.9 * line.size and r.text.strip().isalpha() for r in words)
    )
    emphasised = line.size >= 1.12 * body_size or all(r.bold for r in words) or small_caps
    if not emphasised or len(text) > 130 or math_ratio(line) > 0.5:
        return None
    m = HEADING_RE.match(text)
    if m and len(m.group("title").split()) <= 14 and not m.group("title").endswith("."):
        return m.group("num"), m.group("title").strip()
    if text.lower().rstrip(".:") in UNNUMBERED:
        return None, text.rstrip(".:")
    if CHAPTER_RE.match(text):
        return CHAPTER_RE.match(text).group(1), ""  # type: ignore[union-attr]
    return None


def _attach_numbers(lines: list[Line], width: float) -> list[Line]:
    """Give equation-number lines ("(5)") to the display line beside them; drop them as text."""
    kept = []
    numbers = []
    for ln in lines:
        m = NUMBER_RE.match(plain_text(ln))
        if m and ln.kind == "text" and ln.x0 > 0.45 * width and len(ln.runs) <= 4:
            numbers.append((ln, m.group(1)))
        else:
            kept.append(ln)
    for num_line, number in numbers:
        cands = [
            ln
            for ln in kept
            if ln.number is None
            and ln.kind == "text"
            # Beside the formula, or on the line below when the formula fills the width.
            and (ln.x1 <= num_line.x0 + 1 or 0.5 * num_line.size < num_line.base - ln.base)
            and abs(ln.base - num_line.base) <= 1.6 * num_line.size
            and num_line.x0 - ln.x1 < 0.6 * width
            and math_ratio(ln) >= 0.4
        ]
        if cands:
            min(cands, key=lambda ln: abs(ln.base - num_line.base)).number = number
        else:
            kept.append(num_line)
    return kept


def layout_page(
    page: PageRuns,
    body_size: float,
    measure: float = 0.0,
    find_images: Callable[[], Sequence[Box]] | None = None,
) -> list[Line]:
    """A page's lines in reading order, each classified: text, display, heading."""
    lines = build_lines(page)
    # Running heads, page numbers and arXiv side stamps carry nothing a reader needs.
    lines = [
        ln
        for ln in lines
        if not (ln.y0 > 0.93 * page.height and len(plain_text(ln)) < 60)
        and not (page.number > 1 and ln.y1 < 0.075 * page.height and ln.size <= body_size * 1.1)
    ]
    for ln in lines:
        ln.margin = ln.y1 < 0.12 * page.height or ln.y0 > 0.9 * page.height
    gutter = find_gutter(lines, page.width)
    # Captions, figure labels, table cells and algorithm steps first: none of them is a display.
    measure = measure or 0.75 * page.width
    mark_floats(lines, page, Sizes(body_size, measure), gutter, find_images)
    lines = _attach_numbers(lines, page.width)
    for ln in lines:
        if ln.kind != "text":
            continue
        ratio = math_ratio(ln)
        has_math_font = any(r.kind != "text" and _MATH_SIGNAL.search(r.text) for r in ln.runs)
        if ln.number is None and has_wide_gap(ln):
            ln.kind = "text"  # cells of a table row, not one formula
        elif ln.number is not None or (ratio >= 0.75 and has_math_font):
            ln.kind = "display"
        elif ratio >= 0.99 and any(r.kind != "text" for r in ln.runs):
            ln.kind = "maybe"  # digits only ("1" over "N"): display only beside a display
    join_stacked_rows(lines, page.rules, measure)
    unset_inline_ends(lines, page.width, gutter, body_size)
    cluster_displays(lines, gutter, body_size, page.rules)
    return reading_order(lines, gutter)


def drop_running_heads(lines: list[Line], pages: int) -> list[Line]:
    """Remove text repeated in the page margins ("Published as a conference paper at ICLR")."""
    seen: dict[str, set[int]] = {}
    for ln in lines:
        if ln.margin:
            seen.setdefault(re.sub(r"\d+", "#", plain_text(ln)), set()).add(ln.page)
    threshold = max(3, int(0.3 * pages))
    repeated = {key for key, where in seen.items() if len(where) >= threshold}
    if not repeated:
        return lines
    # Only where the page has a body too: a page that is all "margin" is content, not a header.
    bodied = {ln.page for ln in lines if not ln.margin}
    return [
        ln
        for ln in lines
        if not (ln.margin and ln.page in bodied and re.sub(r"\d+", "#", plain_text(ln)) in repeated)
    ]
