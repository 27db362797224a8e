"""Page layout of a PDF: visual lines, reading order, and the blocks of a ``Document``.

Owns: merging PyMuPDF's line fragments into visual lines (a subscript PyMuPDF put in its own
"line" rejoins its letter), two-column reading order, equation numbers at the right margin,
display equations, section headings from numbering and font, paragraphs with inline ``$math$``.
Must not: import pymupdf (pdf.py hands over ``Run``s) or read files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from paperpal.extract.pdf_glyphs import ACCENTS, clean_text
from paperpal.extract.pdf_math import Run, is_script, region_latex, row_latex, row_size_and_base
from paperpal.models import Block, Equation, Paragraph, Section

NUMBER_RE = re.compile(r"^\(\s*((?:[A-Z]\.?)?\d+(?:\.\d+)*[a-z]?)\s*\)$")
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
_SENTENCE_END = re.compile(r"(?<=[.!?:])\s+(?=[A-Z(])")


@dataclass(frozen=True, slots=True)
class PageRuns:
    """One page's text as PyMuPDF's line fragments, each a list of runs."""

    number: int  # 1-based
    width: float
    height: float
    fragments: tuple[tuple[Run, ...], ...]


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
    plain: str | None = None  # cached by _plain once the line is complete
    margin: bool = False  # in the top or bottom band of the page, where running heads live

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


def build_lines(page: PageRuns) -> list[Line]:
    """Merge fragments into visual lines: same baseline and close, or a script beside a line."""
    frags: list[Line] = []
    cmex: list[Run] = []
    for frag in page.fragments:
        runs = [r for r in frag if r.text.strip() or r.latex]
        cmex.extend(r for r in runs if r.is_cmex)
        runs = [r for r in runs if not r.is_cmex]
        if runs:
            frags.extend(_new_line(part, page.number) for part in _split_stacked(runs))
    frags.sort(key=lambda f: (-round(f.size, 1), f.x0))
    # On a two-column page nothing joins across the gutter, however narrow it is.
    gutter = page.width / 2 if _is_two_column(frags, page.width) else None
    lines: list[Line] = []
    buckets: dict[int, list[Line]] = {}
    for f in frags:
        key = int(f.base // 8)
        if ")" in f.runs[-1].text and NUMBER_RE.match(_plain(f)):
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
        # CMEX glyphs hang from their baseline; attach each to the row nearest its middle.
        mid = (r.y0 + r.y1) / 2 + 0.3 * r.size
        near = [ln for ln in lines if ln.x0 - 2 * ln.size <= r.x0 <= ln.x1 + 2 * ln.size]
        if near:
            min(near, key=lambda ln: abs(ln.base - mid)).add(r)
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
            and not NUMBER_RE.match(_plain(line))
            and not NUMBER_RE.match(_plain(prev))
        ):
            for r in line.runs:
                prev.add(r)
            continue
        out.append(line)
    return out


def _is_two_column(lines: list[Line], width: float) -> bool:
    mid = width / 2
    left = sum(1 for ln in lines if ln.x1 <= mid + 0.02 * width and ln.x1 - ln.x0 > 0.25 * width)
    right = sum(1 for ln in lines if ln.x0 >= mid - 0.02 * width and ln.x1 - ln.x0 > 0.25 * width)
    return left >= 3 and right >= 3


def reading_order(lines: list[Line], width: float) -> list[Line]:
    """Top to bottom; on two-column pages, left column before right between full-width lines."""
    by_y = sorted(lines, key=lambda ln: (round(ln.base), ln.x0))
    if not _is_two_column(lines, width):
        return by_y
    mid = width / 2
    out: list[Line] = []
    left: list[Line] = []
    right: list[Line] = []
    for ln in by_y:
        if ln.x1 <= mid + 0.02 * width:
            left.append(ln)
        elif ln.x0 >= mid - 0.02 * width:
            right.append(ln)
        else:
            out.extend(left + right)
            left, right = [], []
            out.append(ln)
    out.extend(left + right)
    return out


def _plain(line: Line) -> str:
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


def _mathy(run: Run) -> bool:
    return run.kind != "text"


_NEUTRAL = re.compile(r"[()\[\]=+\-−/|,.0-9]+")


def _absorbs(runs: list[Run], j: int, start: int, size: float) -> bool:
    """A text-font "(" or ")" glued between math glyphs is part of the formula: p(a), f(x)=0."""
    r = runs[j]
    if not _NEUTRAL.fullmatch(r.text) or r.x0 - runs[j - 1].x1 > 0.15 * size:
        return False
    nxt = runs[j + 1] if j + 1 < len(runs) else None
    if nxt is not None and _mathy(nxt) and nxt.x0 - r.x1 <= 0.15 * size and not nxt.text[:1].isspace():
        return True
    group = "".join(x.text for x in runs[start:j])
    return r.text.startswith((")", "]")) and group.count("(") + group.count("[") > group.count(
        ")"
    ) + group.count("]")


def render_text_line(line: Line) -> None:
    """Fill ``line.text`` with inline math as ``$latex$`` and ``line.math`` with its spans."""
    runs = line.runs
    pieces: list[str] = []
    math: list[tuple[int, int, str]] = []
    pos = 0
    prev_x1: float | None = None
    i = 0
    while i < len(runs):
        r = runs[i]
        gap_space = prev_x1 is not None and r.x0 - prev_x1 > 0.15 * line.size
        if _mathy(r) or (is_script(r, line.size, line.base) and r.kind != "text"):
            j = i + 1
            while j < len(runs):
                if _mathy(runs[j]):
                    j += 1
                elif _absorbs(runs, j, i, line.size):
                    j += 1
                else:
                    break
            group = runs[i:j]
            latex = row_latex(group, (line.size, line.base)).strip()
            if j < len(runs) and runs[j].text.startswith(")") and latex.count("(") > latex.count(")"):
                # "p(a" + ") aspect": the closing bracket shares a run with the prose after it.
                latex += ")"
                runs = runs[:j] + [runs[j]._replace(text=runs[j].text[1:])] + runs[j + 1 :]
            trail = ""
            while latex and latex[-1] in ".,;:" and not latex.endswith("\\,"):
                trail = latex[-1] + trail
                latex = latex[:-1].rstrip()
            piece = ""
            if pieces and (gap_space or group[0].text[:1].isspace()) and not pieces[-1].endswith(" "):
                piece = " "
            if latex:
                start = pos + len(piece)
                piece += "$" + latex + "$"
                math.append((start, start + len(latex) + 2, latex))
            piece += trail
            pieces.append(piece)
            pos += len(piece)
            prev_x1 = group[-1].x1
            i = j
            continue
        if is_script(r, line.size, line.base) and r.base < line.base:
            i += 1  # a footnote mark in the text font
            prev_x1 = r.x1
            continue
        text = clean_text(r.text)
        if pieces and gap_space and not text[:1].isspace() and not pieces[-1].endswith(" "):
            text = " " + text
        pieces.append(text)
        pos += len(text)
        prev_x1 = r.x1
        i += 1
    line.text = "".join(pieces)
    line.math = math


def _math_ratio(line: Line) -> float:
    """Share of math among the line's meaningful characters.

    Digits, brackets and "=" in the text font are neutral: in a paper set in Computer Modern
    they are the same glyphs in prose and in formulas, so only letters count against math.
    """
    mathy = wordy = 0
    for r in line.runs:
        if r.is_cmex:
            continue
        if _mathy(r):
            mathy += len(r.text.strip())
        elif not is_script(r, line.size, line.base):  # "data" in p_data is set in the text font
            wordy += sum(map(str.isalpha, r.text))
    total = mathy + wordy
    return mathy / total if total else 0.0


def _heading(line: Line, body_size: float) -> tuple[str | None, str] | None:
    text = _plain(line)
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
    if not emphasised or len(text) > 130 or _math_ratio(line) > 0.5:
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
        m = NUMBER_RE.match(_plain(ln))
        if m and ln.x0 > 0.45 * width and len(ln.runs) <= 4:
            numbers.append((ln, m.group(1)))
        else:
            kept.append(ln)
    for num_line, number in numbers:
        cands = [
            ln
            for ln in kept
            if ln.number is None
            # Beside the formula, or on the line below when the formula fills the width.
            and (ln.x1 <= num_line.x0 + 1 or 0.5 * num_line.size < num_line.base - ln.base)
            and abs(ln.base - num_line.base) <= 1.6 * num_line.size
            and num_line.x0 - ln.x1 < 0.6 * width
            and _math_ratio(ln) >= 0.4
        ]
        if cands:
            min(cands, key=lambda ln: abs(ln.base - num_line.base)).number = number
        else:
            kept.append(num_line)
    return kept


def _has_wide_gap(line: Line) -> bool:
    right = None
    for r in line.runs:  # sorted by x0
        if right is not None and r.x0 - right > 3 * line.size:
            return True
        right = r.x1 if right is None else max(right, r.x1)
    return False


def layout_page(page: PageRuns, body_size: float) -> list[Line]:
    """A page's lines in reading order, each classified: text, display, heading."""
    lines = build_lines(page)
    # Running heads, page numbers and arXiv side stamps carry nothing a reader needs.
    lines = [
        ln
        for ln in lines
        if not (ln.y0 > 0.93 * page.height and len(_plain(ln)) < 60)
        and not (page.number > 1 and ln.y1 < 0.075 * page.height and ln.size <= body_size * 1.1)
    ]
    for ln in lines:
        ln.margin = ln.y1 < 0.12 * page.height or ln.y0 > 0.9 * page.height
    lines = _attach_numbers(lines, page.width)
    for ln in lines:
        ratio = _math_ratio(ln)
        has_math_font = any(r.kind != "text" and _MATH_SIGNAL.search(r.text) for r in ln.runs)
        if ln.number is None and _has_wide_gap(ln):
            ln.kind = "text"  # cells of a table row, not one formula
        elif ln.number is not None or (ratio >= 0.75 and has_math_font):
            ln.kind = "display"
        elif ratio >= 0.99 and any(r.kind != "text" for r in ln.runs):
            ln.kind = "maybe"  # digits only ("1" over "N"): display only beside a display
        else:
            ln.kind = "text"
    return reading_order(lines, page.width)


def drop_running_heads(lines: list[Line], pages: int) -> list[Line]:
    """Remove text repeated in the page margins ("Published as a conference paper at ICLR")."""
    seen: dict[str, set[int]] = {}
    for ln in lines:
        if ln.margin:
            seen.setdefault(re.sub(r"\d+", "#", _plain(ln)), set()).add(ln.page)
    threshold = max(3, int(0.3 * pages))
    repeated = {key for key, where in seen.items() if len(where) >= threshold}
    if not repeated:
        return lines
    # Only where the page has a body too: a page that is all "margin" is content, not a header.
    bodied = {ln.page for ln in lines if not ln.margin}
    return [
        ln
        for ln in lines
        if not (ln.margin and ln.page in bodied and re.sub(r"\d+", "#", _plain(ln)) in repeated)
    ]


def _last_sentence(text: str) -> str:
    parts = _SENTENCE_END.split(text.strip())
    return parts[-1][-400:] if parts else ""


def _first_sentence(text: str) -> str:
    parts = _SENTENCE_END.split(text.strip())
    return parts[0][:400] if parts else ""


@dataclass(slots=True)
class _Para:
    lines: list[Line]


def _join_lines(lines: list[Line]) -> tuple[str, list[tuple[int, int, str]]]:
    text = ""
    math: list[tuple[int, int, str]] = []
    for ln in lines:
        if not ln.text:
            try:
                render_text_line(ln)
            except Exception:  # noqa: BLE001 - fall back to the line's plain text
                ln.text, ln.math = _plain(ln), []
        piece = ln.text.strip()
        lead = len(ln.text) - len(ln.text.lstrip())
        if not piece:
            continue
        if text.endswith("-") and len(text) > 1 and text[-2].isalpha() and piece[:1].islower():
            text = text[:-1]  # a word hyphenated across lines
        elif text:
            text += " "
        offset = len(text) - lead
        math.extend((s + offset, e + offset, latex) for s, e, latex in ln.math)
        text += piece
    return text, math


def blocks_from_lines(lines: list[Line], body_size: float) -> tuple[list[Block], str]:
    """The document's blocks in order, and the abstract's text."""
    from paperpal.models import InlineMath

    blocks: list[Block] = []
    abstract_parts: list[str] = []
    section: str | None = None
    seen_ids: set[str] = set()
    in_abstract = False
    chapters = any(CHAPTER_RE.match(_plain(ln)) for ln in lines[:2000] if ln.size > body_size)
    para: list[Line] = []
    region: list[Line] = []
    pending_chapter: str | None = None
    n_para = n_eq = 0

    def flush_para() -> None:
        nonlocal para, n_para
        if not para:
            return
        text, math = _join_lines(para)
        if text:
            if in_abstract:
                abstract_parts.append(text)
            n_para += 1
            blocks.append(
                Paragraph(
                    id=f"p-{n_para}",
                    text=text,
                    section=section,
                    page=para[0].page,
                    math=tuple(InlineMath(latex=latex, start=s, end=e) for s, e, latex in math),
                )
            )
        para = []

    def flush_region() -> None:
        nonlocal region, n_eq
        if not region:
            return
        numbered = [ln for ln in region if ln.number is not None]
        groups: list[list[Line]] = [region]
        if len(numbered) > 1:
            groups = [[] for _ in numbered]
            for ln in region:
                k = min(range(len(numbered)), key=lambda i: abs(numbered[i].base - ln.base))
                groups[k].append(ln)
        for rows in groups:
            rows.sort(key=lambda ln: ln.base)
            try:
                latex = region_latex([ln.runs for ln in rows])
            except Exception:  # noqa: BLE001 - an odd layout keeps its glyphs, unstructured
                latex = " ".join(_plain(ln) for ln in rows)
            latex = latex.strip().rstrip(".,;").rstrip()
            if not latex:
                continue
            n_eq += 1
            number = next((ln.number for ln in rows if ln.number), None)
            before = ""
            if blocks and isinstance(blocks[-1], (Paragraph, Equation)):
                prev = blocks[-1]
                before = _last_sentence(prev.text) if isinstance(prev, Paragraph) else prev.context_before
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
                or ln.y0 - max(r.y1 for r in region) > 0.6 * ln.size
                or (
                    ln.number
                    and any(r.number for r in region)
                    and ln.y0 > region[-1].y1 + 0.2 * ln.size
                    and ln.base - region[-1].base > 1.2 * ln.size
                )
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
            blocks[-1] = _retitled(prev_block, _join_words(prev_block.title, _plain(ln)))
            last_heading = ln
            continue
        last_heading = None
        head = _heading(ln, body_size)
        if pending_chapter is not None:
            if ln.size > body_size * 1.3:
                flush_para()
                sid = _unique(f"sec-{pending_chapter.lower()}", seen_ids)
                blocks.append(
                    Section(id=sid, number=pending_chapter, title=_plain(ln), level=0, page=ln.page)
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
                if _plain(prev).endswith((".", ":", "?", "!")):
                    flush_para()  # a column or page break that also ends a paragraph
            elif gap > 0.45 * ln.size or (ln.x0 > prev.x0 + 0.8 * ln.size and _plain(prev).endswith(".")):
                flush_para()
        para.append(ln)
    flush_para()
    flush_region()
    # The sentence after an equation ("where z is ...") is its best explanation.
    for index, block in enumerate(blocks):
        if not isinstance(block, Equation):
            continue
        following = next((b for b in blocks[index + 1 :] if not isinstance(b, Equation)), None)
        if isinstance(following, Paragraph):
            blocks[index] = _with_after(block, _first_sentence(following.text))
    return blocks, " ".join(abstract_parts)


def _continues_heading(head: Line, ln: Line) -> bool:
    """A long heading wrapped onto a second line: same style, right below, short."""
    text = _plain(ln)
    return (
        ln.page == head.page
        and 0 <= ln.y0 - head.y1 < 0.5 * ln.size
        and abs(ln.size - head.size) < 0.5
        and abs(ln.x0 - head.x0) < 2.5 * ln.size
        and all(r.bold for r in ln.runs if r.text.strip()) == all(r.bold for r in head.runs if r.text.strip())
        and len(text) < 80
        and not text.endswith(".")
        and _math_ratio(ln) < 0.3
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
