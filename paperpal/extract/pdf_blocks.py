"""A document's blocks from its classified lines: sections, paragraphs and display equations.

Owns: grouping lines into paragraphs (pdf_paragraphs.py joins their text), captions, table rows
and algorithm steps into paragraphs of their own, display regions into equations (one per
printed number; a numerator goes with the row through its bar), what counts as a formula (two
symbols at least), headings into sections (wrapped headings rejoined, chapters), the abstract,
and each equation's surrounding sentences.
Must not: import pymupdf or look at glyphs (pdf_formula.py and pdf_stacked.py rebuild a
display's LaTeX).
"""

from __future__ import annotations

import re
from dataclasses import replace

from paperpal.extract.pdf_formula import formula_latex
from paperpal.extract.pdf_inline import math_ratio
from paperpal.extract.pdf_lines import Box, Line, plain_text
from paperpal.extract.pdf_page import CHAPTER_RE, heading
from paperpal.extract.pdf_paragraphs import first_sentence, join_lines, last_sentence, table_row
from paperpal.extract.pdf_stacked import region_latex
from paperpal.extract.pdf_words import vocabulary
from paperpal.mathtokens import tokenize
from paperpal.models import Block, Equation, Paragraph, Section


def blocks_from_lines(
    lines: list[Line], body_size: float, rules: dict[int, tuple[Box, ...]] | None = None
) -> tuple[list[Block], str]:
    """The document's blocks in order, and the abstract's text (``rules``: each page's rules)."""
    rules = rules or {}
    from paperpal.models import InlineMath

    words = vocabulary(plain_text(ln) for ln in lines if ln.kind in ("text", "caption"))
    # A producer that draws fraction bars as vectors draws them everywhere: read its displays
    # with the rules; one that draws none has its fractions read from stacked rows.
    drawn = any(rules.values())

    blocks: list[Block] = []
    abstract_parts: list[str] = []
    section: str | None = None
    seen_ids: set[str] = set()
    in_abstract = False
    chapters = any(CHAPTER_RE.match(plain_text(ln)) for ln in lines[:2000] if ln.size > body_size)
    para: list[Line] = []
    region: list[Line] = []
    pending_chapter: str | None = None
    n_para = n_eq = 0

    def add_paragraph(text: str, math: list[tuple[int, int, str]], page: int) -> None:
        nonlocal n_para
        n_para += 1
        blocks.append(
            Paragraph(
                id=f"p-{n_para}",
                text=text,
                section=section,
                page=page,
                math=tuple(InlineMath(latex=latex, start=s, end=e) for s, e, latex in math),
            )
        )

    def flush_para() -> None:
        nonlocal para
        if not para:
            return
        text, math = join_lines(para, words)
        if text:
            if in_abstract and para[0].kind == "text":
                abstract_parts.append(text)
            add_paragraph(text, math, para[0].page)
        para = []

    row: list[Line] = []

    def flush_row() -> None:
        nonlocal row
        if not row:
            return
        cells = sorted(row, key=lambda r: r.x0)
        merged = Line(
            [r for c in cells for r in c.runs],
            max(c.size for c in cells),
            cells[0].base,
            cells[0].x0,
            max(c.x1 for c in cells),
            min(c.y0 for c in cells),
            max(c.y1 for c in cells),
            cells[0].page,
        )
        text, math = table_row(merged, words) if cells[0].kind == "table" else join_lines(cells, words)
        if text:
            add_paragraph(text, math, cells[0].page)
        row = []

    def flush_region() -> None:
        nonlocal region, n_eq
        if not region:
            return
        numbered = [ln for ln in region if ln.number is not None]
        groups: list[list[Line]] = [region]
        if len(numbered) > 1:
            groups = [[] for _ in numbered]
            page_rules = rules.get(region[0].page, ())
            for ln in region:
                row = _row_of(ln, region, page_rules)
                k = min(range(len(numbered)), key=lambda i: abs(numbered[i].base - row))
                groups[k].append(ln)
        for rows in groups:
            rows.sort(key=lambda ln: ln.base)
            try:
                latex = display_latex(rows, rules.get(rows[0].page, ()), drawn=drawn)
            except Exception:  # noqa: BLE001 - an odd layout keeps its glyphs, unstructured
                latex = " ".join(plain_text(ln) for ln in rows)
            latex = latex.strip().rstrip(".,;").rstrip()
            if not is_formula(latex):
                continue  # a lone glyph or sign (a radical printed apart, a "+" between panels)
            n_eq += 1
            number = next((ln.number for ln in rows if ln.number), None)
            before = ""
            if blocks and isinstance(blocks[-1], (Paragraph, Equation)):
                prev = blocks[-1]
                before = last_sentence(prev.text) if isinstance(prev, Paragraph) else prev.context_before
            blocks.append(
                Equation(
                    id=f"eq-{n_eq}",
                    latex=latex,
                    number=number,
                    section=section,
                    page=rows[0].page,
                    context_before=before,
                )
            )
        region = []

    last_heading: Line | None = None
    for index, ln in enumerate(lines):
        if ln.kind == "figure":
            continue  # axis labels, legends, panel titles: not part of the text
        if ln.kind in ("table", "algorithm"):
            # One paragraph per table row or algorithm step, as the LaTeX path gives them. A
            # step's number and its formula may be separate lines on one row: they join.
            flush_region()
            flush_para()
            if row and not _same_row(row[-1], ln):
                flush_row()
            row.append(ln)
            continue
        flush_row()
        if ln.kind == "caption":
            flush_region()
            if not (para and para[-1].caption == ln.caption):
                flush_para()
            para.append(ln)
            continue
        if para and para[-1].kind == "caption":
            flush_para()  # a caption is its own block: the prose after it starts anew
        if ln.kind == "maybe":
            nxt = lines[index + 1] if index + 1 < len(lines) else None
            near_region = (
                bool(region) and ln.page == region[-1].page and ln.y0 - region[-1].y1 < 0.6 * ln.size
            )
            near_next = (
                nxt is not None
                and nxt.kind == "display"
                and nxt.page == ln.page
                and nxt.y0 - ln.y1 < 0.6 * ln.size
            )
            ln.kind = "display" if near_region or near_next else "text"
        if ln.kind == "display":
            flush_para()
            if region and (
                ln.page != region[-1].page
                or ln.cluster != region[-1].cluster
                or (not ln.cluster and ln.y0 - max(r.y1 for r in region) > 0.6 * ln.size)
            ):
                flush_region()
            region.append(ln)
            continue
        flush_region()
        prev_block = blocks[-1] if blocks else None
        if (
            last_heading is not None
            and isinstance(prev_block, Section)
            and not para
            and _continues_heading(last_heading, ln)
        ):
            blocks[-1] = _retitled(prev_block, _join_words(prev_block.title, plain_text(ln)))
            last_heading = ln
            continue
        last_heading = None
        head = heading(ln, body_size)
        if pending_chapter is not None:
            if ln.size > body_size * 1.3:
                flush_para()
                sid = _unique(f"sec-{pending_chapter.lower()}", seen_ids)
                blocks.append(
                    Section(id=sid, number=pending_chapter, title=plain_text(ln), level=0, page=ln.page)
                )
                section = sid
                pending_chapter = None
                continue
            pending_chapter = None
        if head is not None:
            number, title = head
            flush_para()
            if not title:
                pending_chapter = number
                continue
            if number is None and title.lower() == "abstract":
                in_abstract = True
                if ln.page == 1:
                    # Lines above the abstract on page one are the title block, not prose.
                    blocks = [b for b in blocks if not isinstance(b, Paragraph) or b.page != 1]
                continue
            in_abstract = False
            level = 1 if number is None else number.count(".") + (0 if chapters else 1)
            sid = _unique(
                "sec-" + (number.lower() if number else re.sub(r"\W+", "-", title.lower())), seen_ids
            )
            blocks.append(
                Section(
                    id=sid,
                    number=number,
                    title=title,
                    level=max(level, 1) if not chapters else level,
                    page=ln.page,
                )
            )
            section = sid
            last_heading = ln
            continue
        if para:
            prev = para[-1]
            same_place = prev.page == ln.page and abs(prev.x0 - ln.x0) < 0.5 * prev.size * 30
            gap = ln.y0 - prev.y1
            if ln.page > prev.page + 1:
                flush_para()  # pages in between were lost: do not glue prose across them
            elif not same_place or ln.base < prev.base:
                if plain_text(prev).endswith((".", ":", "?", "!")):
                    flush_para()  # a column or page break that also ends a paragraph
            elif gap > 0.45 * ln.size or (ln.x0 > prev.x0 + 0.8 * ln.size and plain_text(prev).endswith(".")):
                flush_para()
        para.append(ln)
    flush_row()
    flush_para()
    flush_region()
    # The sentence after an equation ("where z is ...") is its best explanation.
    for index, block in enumerate(blocks):
        if not isinstance(block, Equation):
            continue
        following = next((b for b in blocks[index + 1 :] if not isinstance(b, Equation)), None)
        if isinstance(following, Paragraph):
            blocks[index] = _with_after(block, first_sentence(following.text))
    return blocks, " ".join(abstract_parts)


_STYLE = frozenset(
    r"\mathbf \mathrm \mathcal \mathbb \mathfrak \mathsf \mathit \boldsymbol \hat \tilde \bar \vec".split()
)


def is_formula(latex: str) -> bool:
    """At least two symbols, digits or operators: what a reader would call an equation."""
    atoms = [
        t
        for t in tokenize(latex)
        if t.kind in ("letter", "digit")
        or (t.kind == "command" and t.value not in _STYLE and t.value != "\\\\")
        or (t.kind == "symbol" and t.value in "=<>+-/|")
    ]
    return len(atoms) >= 2


def _row_of(line: Line, region: list[Line], rules: tuple[Box, ...]) -> float:
    """The baseline of the row a line of a display belongs to, for splitting numbered equations.

    A numerator or denominator belongs to the row through its fraction bar (TeX centres the bar
    on the math axis, a quarter of the size above the baseline); a limit to its operator's row.
    """
    for x0, y0, x1, y1 in rules:
        if min(line.x1, x1) - max(line.x0, x0) <= 0:
            continue
        above = y0 - 0.6 * line.size <= line.y1 <= y1 + 0.35 * line.size and line.y0 < y0
        below = y0 - 0.35 * line.size <= line.y0 <= y1 + 0.6 * line.size and line.y1 > y1
        if above or below:
            return (y0 + y1) / 2 + 0.25 * line.size
    if line.size < 0.9 * max(ln.size for ln in region):
        centre = (line.x0 + line.x1) / 2
        for other in region:
            if other is not line and any(r.is_cmex and r.x0 - 1 <= centre <= r.x1 + 1 for r in other.runs):
                return other.base
    return line.base


def display_latex(rows: list[Line], rules: tuple[Box, ...], *, drawn: bool = True) -> str:
    """A display's LaTeX, read in two dimensions with the rules drawn inside it.

    ``drawn`` False: the PDF draws no rules at all, so stacked rows are read as fractions.
    """
    if not drawn:
        return region_latex([ln.runs for ln in rows])
    x0 = min(ln.x0 for ln in rows)
    x1 = max(ln.x1 for ln in rows)
    y0 = min(ln.y0 for ln in rows)
    y1 = max(ln.y1 for ln in rows)
    inside = [r for r in rules if x0 - 2 <= r[0] and r[2] <= x1 + 2 and y0 - 1 <= r[1] and r[3] <= y1 + 1]
    return formula_latex([r for ln in rows for r in ln.runs], inside)


def _same_row(a: Line, b: Line) -> bool:
    """Two lines of one table row or algorithm step: same page, overlapping heights."""
    overlap = min(a.y1, b.y1) - max(a.y0, b.y0)
    return a.page == b.page and a.kind == b.kind and overlap > 0.4 * min(a.y1 - a.y0, b.y1 - b.y0)


def _continues_heading(head: Line, ln: Line) -> bool:
    """A long heading wrapped onto a second line: same style, right below, short."""
    text = plain_text(ln)
    return (
        ln.page == head.page
        and 0 <= ln.y0 - head.y1 < 0.5 * ln.size
        and abs(ln.size - head.size) < 0.5
        and abs(ln.x0 - head.x0) < 2.5 * ln.size
        and all(r.bold for r in ln.runs if r.text.strip()) == all(r.bold for r in head.runs if r.text.strip())
        and len(text) < 80
        and not text.endswith(".")
        and math_ratio(ln) < 0.3
    )


def _join_words(first: str, second: str) -> str:
    """Join two wrapped pieces: "Net-" + "works" -> "Networks", "Batch-" + "Normalized" keeps it."""
    if first.endswith("-"):
        return first[:-1] + second if second[:1].islower() else first + second
    return first + " " + second


def _retitled(section: Section, title: str) -> Section:

    return replace(section, title=title)


def _with_after(eq: Equation, after: str) -> Equation:

    return replace(eq, context_after=after)


def _unique(sid: str, seen: set[str]) -> str:
    base, k = sid, 2
    while sid in seen:
        sid = f"{base}-{k}"
        k += 1
    seen.add(sid)
    return sid
