"""Read a PDF into a ``Document``: the fallback when a paper has no LaTeX source.

Owns: opening the PDF with PyMuPDF (the only module of paperpal that imports it), surviving
damaged, encrypted, empty and huge files, converting spans to ``Run`` values, deciding the
body font, and naming pages that yielded nothing. Layout lives in pdf_lines.py, pdf_page.py and pdf_blocks.py and LaTeX
rebuilding in pdf_math.py / pdf_glyphs.py; neither sees a PyMuPDF object.
Must not: import pymupdf at module level (``import paperpal.cli`` stays light), or raise
anything but ``UnreadablePaper`` for a bad file.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from paperpal.errors import UnreadablePaper
from paperpal.extract.pdf_blocks import blocks_from_lines
from paperpal.extract.pdf_glyphs import font_family, font_name, is_bold_font, is_math_font, is_tex_roman
from paperpal.extract.pdf_lines import PageRuns
from paperpal.extract.pdf_math import Run
from paperpal.extract.pdf_page import drop_running_heads, layout_page
from paperpal.models import Document

# A paper is rarely longer than this; a bigger PDF (a thesis, a book, a hostile file) is read
# up to here so time and memory stay bounded, and the report says so.
MAX_PAGES = 300

_RawSpan = tuple[str, str, float, int, tuple[float, float, float, float], float]


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


def _page_spans(page: Any) -> list[list[_RawSpan]]:
    import pymupdf

    flags = pymupdf.TEXTFLAGS_DICT & ~pymupdf.TEXT_PRESERVE_IMAGES
    data = page.get_text("dict", flags=flags)
    frags: list[list[_RawSpan]] = []
    for block in data["blocks"]:
        for line in block.get("lines", ()):
            dx, dy = line["dir"]
            if abs(dy) > 0.1 or dx < 0:
                continue  # rotated text: arXiv side stamps, axis labels
            frag = [
                (s["text"], font_name(s["font"]), s["size"], s["flags"], s["bbox"], s["origin"][1])
                for s in line["spans"]
                if s["text"]
            ]
            if frag:
                frags.append(frag)
    return frags


def read_pdf(path: Path, *, title_hint: str = "") -> Document:
    """Read the PDF at ``path``; raise ``UnreadablePaper`` when no page yields any text."""
    path = Path(path)
    doc = _open(path)
    warnings: list[str] = []
    raw_pages: list[tuple[int, float, float, list[list[_RawSpan]]]] = []
    failed: list[int] = []
    try:
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
                frags = _page_spans(page)
            except Exception:  # noqa: BLE001 - a damaged page object: skip it and say so below
                failed.append(index + 1)
                continue
            if not frags:
                failed.append(index + 1)
                continue
            raw_pages.append((index + 1, rect.width, rect.height, frags))
    finally:
        doc.close()
    if not raw_pages:
        raise UnreadablePaper(
            f"no page of {path.name} has any text: it is damaged, empty, or scanned images "
            "without a text layer; try the LaTeX source or another copy of the PDF."
        )
    if failed:
        cause = "the PDF is damaged" if repaired else "they have no text layer"
        verb = "could" if len(failed) > 1 else "could"
        warnings.append(f"{_pages_phrase(failed)} {verb} not be read: {cause}")
    pages, body_size = _to_runs(raw_pages)
    lines = []
    odd: list[int] = []
    for page_runs in pages:
        try:
            lines.extend(layout_page(page_runs, body_size))
        except Exception:  # noqa: BLE001 - one strange page must not cost the paper
            odd.append(page_runs.number)
    if odd:
        warnings.append(f"{_pages_phrase(odd)} could not be laid out and were skipped")
    lines = drop_running_heads(lines, len(pages))
    blocks, abstract = blocks_from_lines(lines, body_size)
    title = title_hint.strip() or _guess_title(pages)
    return Document(
        title=title,
        source="pdf",
        blocks=tuple(blocks),
        abstract=abstract,
        pages=total,
        warnings=tuple(warnings),
    )


def _to_runs(raw_pages: list[tuple[int, float, float, list[list[_RawSpan]]]]) -> tuple[list[PageRuns], float]:
    """Decide the body font and size, then classify every span as text, TeX roman or math."""
    fonts: Counter[str] = Counter()
    sizes: Counter[float] = Counter()
    for _, _, _, frags in raw_pages[:40]:
        for frag in frags:
            for text, font, size, _flags, _bbox, _base in frag:
                n = len(text.strip())
                fonts[font] += n
                sizes[round(size, 1)] += n
    families: Counter[str] = Counter()
    for font, n in fonts.items():
        families[font_family(font)] += n
    body_family = families.most_common(1)[0][0] if families else ""
    # In a paper set in Computer Modern, CMR and CMBX are its text fonts, not math.
    body_is_tex = bool(families) and is_tex_roman(body_family)
    body_size = sizes.most_common(1)[0][0] if sizes else 10.0
    kinds: dict[str, str] = {}
    bolds: dict[tuple[str, int], bool] = {}
    cmex: dict[str, bool] = {}
    pages = []
    for number, width, height, frags in raw_pages:
        out = []
        for frag in frags:
            runs = []
            for text, font, size, flags, bbox, base in frag:
                kind = kinds.get(font)
                if kind is None:
                    if is_math_font(font):
                        kind = "math"
                    elif is_tex_roman(font) and not body_is_tex and font_family(font) != body_family:
                        kind = "roman"
                    else:
                        kind = "text"
                    kinds[font] = kind
                bold = bolds.get((font, flags & 16))
                if bold is None:
                    bold = bolds[(font, flags & 16)] = is_bold_font(font, flags)
                big = cmex.get(font)
                if big is None:
                    big = cmex[font] = "cmex" in font.lower() or "lmex" in font.lower()
                runs.append(
                    Run(
                        text,
                        font,
                        size,
                        bbox[0],
                        bbox[1],
                        bbox[2],
                        bbox[3],
                        base,
                        kind,
                        bold,
                        is_cmex=big,
                    )
                )
            out.append(tuple(runs))
        pages.append(PageRuns(number, width, height, tuple(out)))
    return pages, body_size


def _guess_title(pages: list[PageRuns]) -> str:
    """The biggest text in the top half of the first page (small capitals included)."""
    first = pages[0]
    runs = [r for frag in first.fragments for r in frag if r.text.strip() and r.y1 <= first.height / 2]
    if not runs:
        return ""
    best = max(r.size for r in runs)
    bases = sorted({round(r.base, 1) for r in runs if r.size >= best - 0.5})
    chosen = [r for r in runs if r.size >= 0.6 * best and any(abs(r.base - b) <= 0.3 * best for b in bases)]
    chosen.sort(key=lambda r: (min(bases, key=lambda b: abs(r.base - b)), r.x0))
    out = ""
    prev: Run | None = None
    for r in chosen:
        new_row = prev is not None and abs(r.base - prev.base) > 0.3 * best
        if prev is not None and (new_row or r.text[:1].isspace() or r.x0 - prev.x1 > 0.15 * r.size):
            out += " "
        out += r.text.strip()
        prev = r
    return " ".join(out.split())


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
