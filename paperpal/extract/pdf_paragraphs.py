"""The text of a paragraph, caption, table row or algorithm step, from its lines.

Owns: joining a block's lines into one string with inline formulas as ``$latex$`` (and their
offsets), mending words hyphenated across lines (pdf_words.py decides how), cutting a table row
into cells joined by " | " (as the LaTeX path writes table rows), and the first and last
sentences of a paragraph (an equation's context).
Must not: import pymupdf or decide what a line is.
"""

from __future__ import annotations

import re
from collections import Counter

from paperpal.extract.pdf_inline import render_text_line
from paperpal.extract.pdf_lines import Line, plain_text
from paperpal.extract.pdf_words import HYPHENS, mend

_SENTENCE_END = re.compile(r"(?<=[.!?:])\s+(?=[A-Z(])")
# Cells of a table row are at least this many font sizes apart.
_CELL_GAP = 1.0


def last_sentence(text: str) -> str:
    parts = _SENTENCE_END.split(text.strip())
    return parts[-1][-400:] if parts else ""


def first_sentence(text: str) -> str:
    parts = _SENTENCE_END.split(text.strip())
    return parts[0][:400] if parts else ""


def _render(line: Line) -> None:
    if not line.text:
        try:
            render_text_line(line)
        except Exception:  # noqa: BLE001 - fall back to the line's plain text
            line.text, line.math = plain_text(line), []


def join_lines(lines: list[Line], words: Counter[str]) -> tuple[str, list[tuple[int, int, str]]]:
    """The lines as one text, words broken at line ends mended, and the inline math's spans."""
    text = ""
    math: list[tuple[int, int, str]] = []
    for ln in lines:
        _render(ln)
        piece = ln.text.strip()
        lead = len(ln.text) - len(ln.text.lstrip())
        if not piece:
            continue
        if text.endswith(HYPHENS) and len(text) > 1 and text[-2].isalpha() and not text.endswith("$-"):
            mended = mend(text, piece, words)
            offset = len(mended) - len(piece) - lead
            text = mended
        else:
            if text:
                text += " "
            offset = len(text) - lead
            text += piece
        math.extend((s + offset, e + offset, latex) for s, e, latex in ln.math)
    return text, math


def table_row(line: Line, words: Counter[str]) -> tuple[str, list[tuple[int, int, str]]]:
    """A table row's cells (runs a wide gap apart) joined by " | ", with their inline math."""
    cells: list[list] = []
    right = None
    for r in sorted(line.runs, key=lambda r: r.x0):
        if not r.text.strip() and r.latex is None:
            continue
        if right is None or r.x0 - right > _CELL_GAP * line.size:
            cells.append([])
        cells[-1].append(r)
        right = r.x1 if right is None else max(right, r.x1)
    text = ""
    math: list[tuple[int, int, str]] = []
    for runs in cells:
        cell = Line(
            runs, line.size, line.base, runs[0].x0, max(r.x1 for r in runs), line.y0, line.y1, line.page
        )
        piece, spans = join_lines([cell], words)
        if not piece:
            continue
        if text:
            text += " | "
        math.extend((s + len(text), e + len(text), latex) for s, e, latex in spans)
        text += piece
    return text, math
