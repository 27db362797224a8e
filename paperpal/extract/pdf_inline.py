"""Inline math inside a text line, and how much of a line is math.

Owns: turning a text line's runs into text with inline formulas as ``$latex$`` (and their
offsets), and the share of math among a line's characters that tells a display from prose.
Must not: import pymupdf, decide what a line is (pdf_page.py), or build blocks.
"""

from __future__ import annotations

import re

from paperpal.extract.pdf_charmap import OPERATOR_NAMES
from paperpal.extract.pdf_glyphs import clean_text
from paperpal.extract.pdf_lines import Line
from paperpal.extract.pdf_math import Run, is_script, row_latex


def mathy(run: Run) -> bool:
    return run.kind != "text"


_LETTERS = re.compile(r"[^\W\d_]+")
_NEUTRAL = re.compile(r"[()\[\]=+\-−/|,.0-9]+")


def _absorbs(runs: list[Run], j: int, start: int, size: float) -> bool:
    """A text-font "(" or ")" glued between math glyphs is part of the formula: p(a), f(x)=0."""
    r = runs[j]
    if not _NEUTRAL.fullmatch(r.text) or r.x0 - runs[j - 1].x1 > 0.15 * size:
        return False
    nxt = runs[j + 1] if j + 1 < len(runs) else None
    if nxt is not None and mathy(nxt) and nxt.x0 - r.x1 <= 0.15 * size and not nxt.text[:1].isspace():
        return True
    group = "".join(x.text for x in runs[start:j])
    return r.text.startswith((")", "]")) and group.count("(") + group.count("[") > group.count(
        ")"
    ) + group.count("]")


_NAME = re.compile(r"(?<![A-Za-z])[A-Za-z]{2,}$")


def _name_before_math(runs: list[Run], i: int, size: float) -> str | None:
    """The word ending text run ``i`` when a formula's "(" follows it with no space: a name."""
    r = runs[i]
    nxt = runs[i + 1] if i + 1 < len(runs) else None
    if r.kind != "text" or nxt is None or not mathy(nxt):
        return None
    if not nxt.text.startswith(("(", "[")) and not is_script(nxt, r.size, r.base):
        return None
    if nxt.x0 - r.x1 > 0.08 * size:
        return None
    m = _NAME.search(r.text)
    return m.group(0) if m else None


def _share(run: Run, word: str) -> float:
    """The width the last ``word`` of a run takes, by its share of the run's characters."""
    return (run.x1 - run.x0) * len(word) / max(len(run.text), 1)


def _text_script(runs: list[Run], j: int, line: Line) -> bool:
    """A subscript set in the text font right after a formula's glyph: the p in C_pscan."""
    r = runs[j]
    if r.kind != "text" or not is_script(r, line.size, line.base) or r.x0 - runs[j - 1].x1 > 0.1 * line.size:
        return False
    return r.base > line.base or r.text.strip().isalpha()


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
        if mathy(r) or (is_script(r, line.size, line.base) and r.kind != "text"):
            j = i + 1
            while j < len(runs):
                if mathy(runs[j]) or _absorbs(runs, j, i, line.size) or _text_script(runs, j, line):
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
        name = _name_before_math(runs, i, line.size)
        if name is not None:
            # "Bernoulli" glued to "(θ)": the name is the formula's (\text{Bernoulli}(\theta)).
            head, word = r.text[: len(r.text) - len(name)], r.text[len(r.text) - len(name) :]
            runs = (
                runs[:i]
                + ([r._replace(text=head, x1=r.x1 - _share(r, word))] if head.strip() else [])
                + [r._replace(text=word, x0=r.x1 - _share(r, word), kind="roman")]
                + runs[i + 1 :]
            )
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


def math_ratio(line: Line) -> float:
    """Share of math among the line's meaningful characters.

    Digits, brackets and "=" in the text font are neutral: in a paper set in Computer Modern
    they are the same glyphs in prose and in formulas, so only letters count against math.
    """
    formula = wordy = 0
    for r in line.runs:
        if r.is_cmex:
            continue
        if mathy(r):
            formula += len(r.text.strip())
        elif not is_script(r, line.size, line.base):  # "data" in p_data is set in the text font
            # "log", "exp", "max" beside a formula are its operators, not words, even where the
            # text and the formulas share a font (Computer Modern).
            wordy += sum(len(w) for w in _LETTERS.findall(r.text) if w not in OPERATOR_NAMES)
    total = formula + wordy
    return formula / total if total else 0.0
