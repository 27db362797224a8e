"""PyMuPDF's spans as ``Run`` values: the paper's body font, each font's kind, one baseline per run.

Owns: deciding the body font and size (the most used), classifying each font once (math, TeX
roman used for formulas, text), bold and TeX-extension (CMEX) flags, cutting a span whose glyphs
sit on different baselines into runs (PyMuPDF may put a raised arrow in the span beside it), and
guessing a title from the first page.
Must not: import pymupdf (pdf.py hands over plain span tuples and dicts) or lay anything out.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from paperpal.extract.pdf_cmex import CMEX_SPACE
from paperpal.extract.pdf_glyphs import (
    font_family,
    font_name,
    is_bold_font,
    is_math_font,
    is_tex_roman,
)
from paperpal.extract.pdf_lines import Box, PageRuns
from paperpal.extract.pdf_math import Run

# text, font, size, flags, bbox, baseline, glyphs (character, x0, x1)
RawSpan = tuple[str, str, float, int, Box, float, tuple[tuple[str, float, float], ...]]
# page number, width, height, fragments (PyMuPDF's lines), rules, other vector shapes
RawPage = tuple[int, float, float, list[list[RawSpan]], list[Box], list[Box]]


class RunMaker:
    """Turns raw spans into runs, knowing the paper's body font (one per document)."""

    def __init__(self, raw_pages: list[RawPage]) -> None:
        # One pass: characters per (font, size) as met, and the long lines' sizes and widths.
        chars: dict[tuple[str, float], int] = {}
        long: list[tuple[float, float]] = []
        for _, _, _, frags, _, _ in raw_pages[:40]:
            for frag in frags:
                total = 0
                for span in frag:
                    text = span[0]
                    total += len(text)
                    key = (span[1], span[2])
                    chars[key] = chars.get(key, 0) + len(text.strip())
                if total >= 40:
                    long.append((frag[0][2], round((frag[-1][4][2] - frag[0][4][0]) / 2) * 2))
        fonts: Counter[str] = Counter()
        sizes: Counter[float] = Counter()
        for (font, size), n in chars.items():  # first-met order, as most_common breaks ties by it
            fonts[font] += n
            sizes[round(size, 1)] += n
        body = sizes.most_common(1)[0][0] if sizes else 10.0
        # The measure: the width most long lines of body text share (a column's, on two columns).
        widths: Counter[float] = Counter()
        for size, width in long:
            if abs(size - body) < 0.6:
                widths[width] += 1
        self.measure = float(widths.most_common(1)[0][0]) if widths else 0.0
        families: Counter[str] = Counter()
        for font, n in fonts.items():
            families[font_family(font)] += n
        self.body_family = families.most_common(1)[0][0] if families else ""
        # In a paper set in Computer Modern, CMR and CMBX are its text fonts, not math.
        self.body_is_tex = bool(families) and is_tex_roman(self.body_family)
        self.body_size = sizes.most_common(1)[0][0] if sizes else 10.0
        # Per (font, bold flag): the run's kind, bold and TeX-extension flags, decided once.
        self._styles: dict[tuple[str, int], tuple[str, bool, bool]] = {}

    def _style(self, font: str, flags: int) -> tuple[str, bool, bool]:
        if is_math_font(font):
            kind = "math"
        elif is_tex_roman(font) and not self.body_is_tex and font_family(font) != self.body_family:
            kind = "roman"
        else:
            kind = "text"
        lower = font.lower()
        style = (kind, is_bold_font(font, flags), "cmex" in lower or "lmex" in lower)
        self._styles[(font, flags & 16)] = style
        return style

    def run(self, span: RawSpan) -> Run:
        text, font, size, flags, bbox, base, chars = span
        style = self._styles.get((font, flags & 16)) or self._style(font, flags)
        # Positional: a NamedTuple built from one tuple skips keyword handling (the hot loop).
        return tuple.__new__(
            Run,
            (
                text,
                font,
                size,
                bbox[0],
                bbox[1],
                bbox[2],
                bbox[3],
                base,
                style[0],
                style[1],
                None,
                style[2],
                chars,
            ),
        )

    def pages(self, raw_pages: list[RawPage]) -> list[PageRuns]:
        return [
            PageRuns(
                number,
                width,
                height,
                tuple(tuple(self.run(span) for span in frag) for frag in frags),
                tuple(rules),
                tuple(shapes),
            )
            for number, width, height, frags, rules, shapes in raw_pages
        ]


def span_parts(span: dict[str, Any]) -> list[RawSpan]:
    """A ``rawdict`` span as raw spans of one baseline each, with each glyph's extent."""
    font = font_name(span["font"])
    size = span["size"]
    parts: list[RawSpan] = []
    group: list[dict[str, Any]] = []
    lower = font.lower()
    extension = "cmex" in lower or "lmex" in lower

    def char(c: dict[str, Any]) -> str:
        # TeX's extension font keeps its tallest left parenthesis in slot 32, which PDF text
        # reports as a space: a real glyph, unlike the spaces PyMuPDF adds between words.
        if extension and c["c"] == " " and not c.get("synthetic"):
            return CMEX_SPACE
        return str(c["c"])

    def close() -> None:
        text = "".join(char(c) for c in group)
        if text:
            box = (
                group[0]["bbox"][0],
                min(c["bbox"][1] for c in group),
                max(c["bbox"][2] for c in group),
                max(c["bbox"][3] for c in group),
            )
            chars = tuple((char(c), c["bbox"][0], c["bbox"][2]) for c in group)
            parts.append((text, font, size, span["flags"], box, group[0]["origin"][1], chars))

    chars = span["chars"]
    base = span["origin"][1]
    if not extension and all(abs(c["origin"][1] - base) <= 0.1 * size for c in chars):
        # One baseline (nearly always): the span's own box, no glyph-by-glyph bounds.
        text = "".join([c["c"] for c in chars])
        if text:
            glyphs = tuple([(c["c"], c["bbox"][0], c["bbox"][2]) for c in chars])
            parts.append((text, font, size, span["flags"], span["bbox"], base, glyphs))
        return parts
    for c in chars:
        if group and abs(c["origin"][1] - group[-1]["origin"][1]) > 0.1 * size and not c["c"].isspace():
            close()
            group = []
        group.append(c)
    if group:
        close()
    return parts


def guess_title(pages: list[PageRuns]) -> str:
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
