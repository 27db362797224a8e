"""Read a PDF into a ``Document``: the fallback when a paper has no LaTeX source.

Owns: opening the PDF with PyMuPDF (the only module of paperpal that imports it), surviving
damaged, encrypted, empty and huge files, asking PyMuPDF for each page's spans and vector
graphics (and for glyph boxes where a display formula was found), and naming pages that
yielded nothing. The other pdf_* modules never see a PyMuPDF object, except pdf_textmaps.py,
handed the open document once to mend its TeX fonts' text maps before any page is read
(pdf_tounicode.py decides what is wrong). pdf_spans.py turns spans into runs, pdf_lines.py /
pdf_page.py / pdf_floats.py / pdf_displays.py lay a page out, pdf_blocks.py builds the
document, and pdf_formula.py / pdf_math.py rebuild the LaTeX.
Must not: import pymupdf at module level (``import paperpal.cli`` stays light), or raise
anything but ``UnreadablePaper`` for a bad file.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import Any

from paperpal.errors import UnreadablePaper
from paperpal.extract.pdf_blocks import blocks_from_lines
from paperpal.extract.pdf_glyphs import font_name
from paperpal.extract.pdf_lines import Box, Line
from paperpal.extract.pdf_math import Run
from paperpal.extract.pdf_page import drop_running_heads, layout_page
from paperpal.extract.pdf_spans import RawPage, RawSpan, RunMaker, guess_title, span_parts
from paperpal.extract.pdf_textmaps import mend_text_maps
from paperpal.models import Document

# A paper is rarely longer than this; a bigger PDF (a thesis, a book, a hostile file) is read
# up to here so time and memory stay bounded, and the report says so.
MAX_PAGES = 300

# Arrows and accents, drawn over the letter beside them in the same span.
_MARKED = re.compile("[−→←↔⟶⟵˜ˆ¯˙¨⃗ˇ˘\u0338]")
# Height of the bands display lines and glyphs are bucketed in (PDF points).
_BAND = 12.0
# A vector this thin and horizontal is a rule (a fraction bar, a radical's bar, a table line).
_RULE_THICKNESS = 1.6


def _pages_phrase(pages: list[int]) -> str:
    """[2, 3, 7] -> "pages 2–3, 7"."""
    ranges: list[str] = []
    start = prev = pages[0]
    for p in pages[1:] + [-1]:
        if p == prev + 1:
            prev = p
            continue
        ranges.append(f"{start}–{prev}" if prev != start else str(start))
        start = prev = p
    word = "page" if len(pages) == 1 else "pages"
    return f"{word} {', '.join(ranges)}"


def _open(path: Path) -> Any:
    import pymupdf

    if not path.is_file():
        raise UnreadablePaper(f"{path} does not exist or is not a file.")
    if path.stat().st_size == 0:
        raise UnreadablePaper(f"{path} is empty (0 bytes): download the paper again.")
    try:
        doc = pymupdf.open(path, filetype="pdf")
    except Exception as err:  # noqa: BLE001 - MuPDF raises several types for files it cannot parse at all
        raise UnreadablePaper(
            f"{path} is not a readable PDF ({err}); download it again or open the LaTeX source."
        ) from None
    if doc.needs_pass and not doc.authenticate(""):
        doc.close()
        raise UnreadablePaper(f"{path} is encrypted with a password; save an unencrypted copy and open that.")
    return doc


def _mend_text_maps(doc: Any) -> int:
    """Mend the text maps of the TeX fonts whose ToUnicode gives wrong characters (pdf_textmaps.py),
    once, before any page is read; the file itself is never written. Returns the codes mended."""
    import pymupdf

    glyph_list = getattr(getattr(pymupdf, "mupdf", None), "fz_unicode_from_glyph_name", None)
    if glyph_list is None:
        return 0
    try:
        return mend_text_maps(doc, glyph_list, MAX_PAGES)
    except Exception:  # noqa: BLE001 - mending is a repair: a document it trips on is read as it is
        return 0


def _flags(raw: bool) -> int:
    import pymupdf

    base = pymupdf.TEXTFLAGS_RAWDICT if raw else pymupdf.TEXTFLAGS_DICT
    return (base & ~pymupdf.TEXT_PRESERVE_IMAGES) | pymupdf.TEXT_COLLECT_VECTORS


def _page_content(page: Any) -> tuple[list[list[RawSpan]], list[Box], list[Box]]:
    """A page's horizontal text fragments, its thin horizontal rules and its other vector shapes.

    One extraction pass: ``dict`` gives the spans, and ``TEXT_COLLECT_VECTORS`` adds the page's
    vector graphics as boxes (fraction bars, radical and table rules, the strokes of vector
    figures) at a fraction of ``get_drawings``' cost. Glyph boxes are fetched later, only where
    a display formula was found (``_glyphs``).
    """
    data = page.get_text("dict", flags=_flags(raw=False))
    frags: list[list[RawSpan]] = []
    rules: list[Box] = []
    shapes: list[Box] = []
    for block in data["blocks"]:
        kind = block.get("type")
        if kind == 3:
            x0, y0, x1, y1 = block["bbox"]
            if y1 - y0 <= _RULE_THICKNESS and x1 - x0 >= 1.5:
                rules.append((x0, y0, x1, y1))
            elif x1 - x0 > 0.5 or y1 - y0 > 0.5:
                shapes.append((x0, y0, x1, y1))
            continue
        for line in block.get("lines", ()):
            dx, dy = line["dir"]
            if abs(dy) > 0.1 or dx < 0:
                continue  # rotated text: arXiv side stamps, axis labels
            frag: list[RawSpan] = [
                (s["text"], font_name(s["font"]), s["size"], s["flags"], s["bbox"], s["origin"][1], ())
                for s in line["spans"]
                if s["text"]
            ]
            if frag:
                frags.append(frag)
    return frags, rules, shapes


def _image_boxes(page: Any) -> list[Box]:
    """Where the page draws raster images: a figure's picture has no text to find it by."""
    boxes = []
    for info in page.get_image_info():
        x0, y0, x1, y1 = info["bbox"]
        if x1 - x0 > 1 and y1 - y0 > 1:
            boxes.append((x0, y0, x1, y1))
    return boxes


def _needs_glyphs(shown: list[Line], rules: Sequence[Box]) -> bool:
    """Whether a page's displays hold a span whose glyphs must be placed one by one.

    Most spans of a formula are a glyph or a short word, read well as a whole. A span that
    holds a gap PyMuPDF filled with a space (two numerators side by side), an arrow or an
    accent (drawn over a letter), a glyph of TeX's extension font given as a space, or that a
    rule's end cuts (a numerator running on past its bar) is not.
    """
    ends = [x for x0, _y0, x1, _y1 in rules for x in (x0, x1)]
    for ln in shown:
        for r in ln.runs:
            text = r.text.strip()
            if len(text) < 2 and not (r.is_cmex and r.text.isspace()):
                continue
            if r.is_cmex or " " in text or _MARKED.search(text):
                return True
            if any(r.x0 + 0.5 < x < r.x1 - 0.5 for x in ends):
                return True
    return False


def _glyphs(page: Any, lines: list[Line], maker: RunMaker, rules: Sequence[Box] = ()) -> None:
    """Give the display lines of ``page`` runs with each glyph's extent, one baseline per run.

    Formulas are rebuilt glyph by glyph (an accent over one letter of a span, two numerators
    PyMuPDF joined into one span, an arrow raised over the letter beside it), but glyph boxes
    cost twice the page's text extraction, so they are read only inside the displays' boxes.
    """
    import pymupdf

    shown = [ln for ln in lines if ln.kind == "display"]
    if not shown or not _needs_glyphs(shown, rules):
        return
    clip = pymupdf.Rect(
        min(ln.x0 for ln in shown) - 2,
        min(ln.y0 for ln in shown) - 2,
        max(ln.x1 for ln in shown) + 2,
        max(ln.y1 for ln in shown) + 2,
    )
    data = page.get_text("rawdict", flags=_flags(raw=True) & ~pymupdf.TEXT_COLLECT_VECTORS, clip=clip)
    # Display boxes and the display runs, bucketed by height on the page, so each span of the
    # clip is matched against the few displays at its height.
    boxes: dict[int, list[Box]] = {}
    for ln in shown:
        for k in range(int(ln.y0 // _BAND) - 1, int(ln.y1 // _BAND) + 2):
            boxes.setdefault(k, []).append((ln.x0 - 1, ln.y0 - 1, ln.x1 + 1, ln.y1 + 1))
    fresh: dict[int, list[Run]] = {}
    index: dict[tuple[str, float, int], list[tuple[float, float, float, Line]]] = {}
    for ln in shown:
        for r in ln.runs:
            cy = (r.y0 + r.y1) / 2
            for k in (int(cy // _BAND) - 1, int(cy // _BAND), int(cy // _BAND) + 1):
                index.setdefault((r.font, round(r.size, 1), k), []).append((r.x0, r.x1, cy, ln))
    for block in data["blocks"]:
        for line in block.get("lines", ()):
            dx, dy = line["dir"]
            if abs(dy) > 0.1 or dx < 0:
                continue
            for span in line["spans"]:
                x0, y0, x1, y1 = span["bbox"]
                near = boxes.get(int((y0 + y1) / 2 // _BAND), ())
                if not any(b[0] <= x1 and x0 <= b[2] and b[1] <= y1 and y0 <= b[3] for b in near):
                    continue  # prose beside or between the displays: its glyphs are not needed
                for part in span_parts(span):
                    run = maker.run(part)
                    if not run.text.strip():
                        continue
                    band = int((run.y0 + run.y1) / 2 // _BAND)
                    home = _home(run, index.get((run.font, round(run.size, 1), band), ()))
                    if home is None and run.is_cmex:
                        home = _around(run, shown)
                    if home is not None:
                        fresh.setdefault(id(home), []).append(run)
    for ln in shown:
        runs = fresh.get(id(ln))
        # Only when the glyphs account for the whole line: a clip that cut a run keeps the old.
        if runs and sum(len(r.text.strip()) for r in runs) >= sum(len(r.text.strip()) for r in ln.runs):
            ln.runs = sorted(runs, key=lambda r: r.x0)
            ln.plain = None


def _home(run: Run, places: Sequence[tuple[float, float, float, Line]]) -> Line | None:
    """The display line a glyph run belongs to: the one with a run of its font right there."""
    cx = (run.x0 + run.x1) / 2
    cy = (run.y0 + run.y1) / 2
    best: Line | None = None
    best_d = run.size
    for x0, x1, y, ln in places:
        if x0 - 0.5 <= cx <= x1 + 0.5 and abs(y - cy) <= best_d:
            best, best_d = ln, abs(y - cy)
    return best


def _around(run: Run, lines: list[Line]) -> Line | None:
    """A glyph the layout pass never saw (a big parenthesis PDF text gives as a space): the
    display line beside it at its height, the nearest one."""
    cx, cy = (run.x0 + run.x1) / 2, (run.y0 + run.y1) / 2
    level = [ln for ln in lines if ln.y0 - run.size <= cy <= ln.y1 + run.size]

    def distance(ln: Line) -> tuple[float, float]:
        return max(ln.x0 - cx, cx - ln.x1, 0.0), abs(ln.base - cy)

    best = min(level, key=distance, default=None)
    return best if best is not None and distance(best)[0] <= 2 * run.size else None


def read_pdf(path: Path, *, title_hint: str = "", mend_fonts: bool = True) -> Document:
    """Read the PDF at ``path``; raise ``UnreadablePaper`` when no page yields any text.

    ``mend_fonts``: first give TeX fonts whose text map is wrong a map from the font itself (off
    only to measure what mending changes).
    """
    path = Path(path)
    doc = _open(path)
    warnings: list[str] = []
    raw_pages: list[RawPage] = []
    failed: list[int] = []
    odd: list[int] = []
    lines: list[Line] = []
    try:
        if mend_fonts:
            _mend_text_maps(doc)
        total = doc.page_count
        repaired = bool(getattr(doc, "is_repaired", False))
        if total > MAX_PAGES:
            warnings.append(
                f"the PDF has {total} pages; only the first {MAX_PAGES} were read to keep time "
                "and memory bounded"
            )
        for index in range(min(total, MAX_PAGES)):
            try:
                page = doc.load_page(index)
                rect = page.rect
                frags, rules, shapes = _page_content(page)
            except Exception:  # noqa: BLE001 - a damaged page object: skip it and say so below
                failed.append(index + 1)
                continue
            if not frags:
                failed.append(index + 1)
                continue
            raw_pages.append((index + 1, rect.width, rect.height, frags, rules, shapes))
        if not raw_pages:
            raise UnreadablePaper(
                f"no page of {path.name} has any text: it is damaged, empty, or scanned images "
                "without a text layer; try the LaTeX source or another copy of the PDF."
            )
        maker = RunMaker(raw_pages)
        body_size = maker.body_size
        pages = maker.pages(raw_pages)
        for page_runs in pages:
            try:
                page = doc.load_page(page_runs.number - 1)
                page_lines = layout_page(
                    page_runs, body_size, maker.measure, find_images=partial(_image_boxes, page)
                )
                _glyphs(page, page_lines, maker, page_runs.rules)
            except Exception:  # noqa: BLE001 - one strange page must not cost the paper
                odd.append(page_runs.number)
                continue
            lines.extend(page_lines)
    finally:
        doc.close()
    if failed:
        cause = "the PDF is damaged" if repaired else "they have no text layer"
        warnings.append(f"{_pages_phrase(failed)} could not be read: {cause}")
    if odd:
        warnings.append(f"{_pages_phrase(odd)} could not be laid out and were skipped")
    lines = drop_running_heads(lines, len(pages))
    blocks, abstract = blocks_from_lines(lines, body_size, {p.number: p.rules for p in pages})
    title = title_hint.strip() or guess_title(pages)
    return Document(
        title=title,
        source="pdf",
        blocks=tuple(blocks),
        abstract=abstract,
        pages=total,
        warnings=tuple(warnings),
    )


def equation_number_pages(path: Path) -> tuple[dict[str, int], int]:
    """Where each printed equation number "(N)" first appears at a right margin, and the page count.

    Word extraction only (no layout), so filling a LaTeX document's pages stays cheap.
    """
    import re

    number = re.compile(r"^\(((?:[A-Z]\.?)?\d+(?:\.\d+)*[a-z]?)\)$")
    doc = _open(Path(path))
    found: dict[str, int] = {}
    try:
        count = doc.page_count
        for index in range(min(count, MAX_PAGES)):
            try:
                page = doc.load_page(index)
                width = page.rect.width
                words = page.get_text("words")
            except Exception:  # noqa: BLE001 - a damaged page has no numbers to give
                continue
            for k, (x0, _y0, _x1, _y1, word, block, line, _n) in enumerate(words):
                m = number.match(word)
                if not m or x0 < 0.35 * width or m.group(1) in found:
                    continue
                nxt = words[k + 1] if k + 1 < len(words) else None
                prev = words[k - 1] if k else None
                last_on_line = nxt is None or (nxt[5], nxt[6]) != (block, line)
                apart = prev is None or (prev[5], prev[6]) != (block, line) or x0 - prev[2] > 15
                if last_on_line and apart:
                    found[m.group(1)] = index + 1
    finally:
        doc.close()
    return found, count
