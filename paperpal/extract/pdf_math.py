"""Rebuilding LaTeX from one row of positioned glyph runs.

Owns: the ``Run`` value (one PDF span after conversion), and turning a row of runs into LaTeX:
sub- and superscripts from size and baseline (``z_t^j``, not ``ztj``), accents drawn as separate
glyphs reattached (``\\tilde{h}``), limits set under a big operator inside a row, radicals, and
a small numerator over a small denominator in running text (an inline ``\\frac``).
Must not: import pymupdf (pdf.py converts spans to ``Run``s), decide what is a paragraph, or
read stacked displays (pdf_formula.py and pdf_stacked.py do).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from paperpal.extract.pdf_charmap import ACCENTS
from paperpal.extract.pdf_cmex import DELIMITER_PIECES
from paperpal.extract.pdf_glyphs import glyphs_to_latex, join_latex, wrap_group

# A run smaller than this fraction of the row's size, shifted off its baseline, is a script.
SCRIPT_RATIO = 0.85
SHIFT_RATIO = 0.06
_DELIMITERS = {
    "(",
    ")",
    "[",
    "]",
    r"\{",
    r"\}",
    r"\lfloor",
    r"\rfloor",
    r"\lceil",
    r"\rceil",
    r"\langle",
    r"\rangle",
    "|",
    r"\|",
}
_PUNCT = re.compile(r"[.,;:]+")
_BIG_OPERATORS = {
    r"\sum",
    r"\prod",
    r"\int",
    r"\oint",
    r"\bigcup",
    r"\bigcap",
    r"\max",
    r"\min",
    r"\lim",
    r"\sup",
    r"\inf",
    r"\arg",
}


class Run(NamedTuple):
    """One span of text in one font, size and position (PDF points, y grows downwards).

    A NamedTuple rather than a frozen dataclass: thousands are built per page in the hot loop,
    and a frozen dataclass's ``__init__`` costs several times more. It never leaves extract/.
    Compare runs with ``is``: two runs can hold equal values.
    """

    text: str
    font: str
    size: float
    x0: float
    y0: float
    x1: float
    y1: float
    base: float  # baseline y
    kind: str  # "math" (math font) | "roman" (TeX upright font, not the body's) | "text"
    bold: bool = False
    latex: str | None = None  # precomputed LaTeX (a fraction built from stacked rows)
    is_cmex: bool = False  # a TeX big-delimiter/operator font (CMEX, LMEX): hangs from its baseline
    # Each glyph's character and horizontal extent, so a formula can be cut where the span has a
    # gap PyMuPDF bridged (two numerators on one baseline); empty for built runs.
    chars: tuple[tuple[str, float, float], ...] = ()


def row_size_and_base(runs: list[Run]) -> tuple[float, float]:
    """The row's main size and baseline: those of its largest ordinary glyphs."""
    best: Run | None = None
    for r in runs:
        glyph = r.text.strip()
        if r.is_cmex or not glyph or (len(glyph) == 1 and glyph in ACCENTS) or _PUNCT.fullmatch(glyph):
            continue
        if best is None or r.size > best.size + 0.1:
            best = r
    if best is None:
        best = runs[0]
    return best.size, best.base


def _small_prime(run: Run, size: float) -> bool:
    """A prime set small beside a script (``r_{t'}``): TeX raises it only a little."""
    return run.latex is None and run.text.strip() in ("′", "″") and run.size < SCRIPT_RATIO * size


def is_script(run: Run, size: float, base: float) -> bool:
    if run.is_cmex or run.latex is not None:
        return False
    return run.size < SCRIPT_RATIO * size and abs(run.base - base) > SHIFT_RATIO * size


_ARROW_GLYPHS = set("−-→←↔⟶⟵")


def _arrow_accent(glyph: str) -> str | None:
    """``−→`` drawn over a letter is ``\\overrightarrow``; None when ``glyph`` is not an arrow."""
    if len(glyph) < 2 or not set(glyph) <= _ARROW_GLYPHS or not set(glyph) & set("→←↔⟶⟵"):
        return None
    left, right = glyph[0] in "←↔⟵", glyph[-1] in "→↔⟶"
    return r"\overleftrightarrow" if left and right else r"\overleftarrow" if left else r"\overrightarrow"


def _accent_targets(runs: list[Run]) -> tuple[list[Run], dict[int, tuple[str, float]]]:
    """Drop accent glyphs that sit above a letter; remember which run (and where) they mark."""
    marks: dict[int, tuple[str, float]] = {}
    kept: list[Run] = []
    for r in runs:
        glyph = r.text.strip()
        arrow = _arrow_accent(glyph)
        if (len(glyph) == 1 and glyph in ACCENTS) or arrow:
            centre = (r.x0 + r.x1) / 2
            for t in runs:
                if t is r or t.text.strip() in ACCENTS or _arrow_accent(t.text.strip()):
                    continue
                # Over a tall letter the accent is raised; over a short one TeX leaves it on the
                # letter's baseline, so only "not below the letter" is required. An arrow over a
                # letter is always raised (on the baseline it is a relation).
                raised = r.base <= t.base - 0.3 * t.size if arrow else r.base <= t.base + 0.1 * t.size
                if t.x0 - 0.5 <= centre <= t.x1 + 0.5 and raised:
                    marks[id(t)] = (arrow or ACCENTS[glyph], centre)
                    break
            else:
                kept.append(r)
            continue
        kept.append(r)
    return kept, marks


def run_tokens(run: Run, mark: tuple[str, float] | None = None) -> list[str]:
    """One run's LaTeX tokens; ``mark`` is an accent (command, x of its centre) over one glyph."""
    return _run_tokens(run, {id(run): mark} if mark else {})


def _run_tokens(run: Run, marks: dict[int, tuple[str, float]]) -> list[str]:
    if run.latex is not None:
        return [run.latex]
    tokens = glyphs_to_latex(run.text, run.font, run.bold)
    if run.is_cmex and len(run.text.strip()) == 1 and run.x1 - run.x0 > 0.9 * run.size:
        # A delimiter slot drawn as wide as a sum: the font is re-encoded and the glyph is
        # unknown; saying nothing beats printing a wrong bracket.
        tokens = [t for t in tokens if t not in _DELIMITERS]
    mark = marks.get(id(run))
    if mark and tokens:
        command, centre = mark
        # The accent sits over one glyph of the run: pick it by its horizontal position.
        width = max(run.x1 - run.x0, 0.1)
        k = min(len(tokens) - 1, max(0, int((centre - run.x0) / width * len(tokens))))
        tokens[k] = command + "{" + tokens[k] + "}"
    return tokens


def _limits_first(runs: list[Run], size: float, base: float) -> list[Run]:
    """Move scripts centred under or over a big operator to just after it (display limits)."""
    ops = [r for r in runs if not is_script(r, size, base) and r.size >= 0.9 * size and is_big_operator(r)]
    if not ops:
        return runs
    out = list(runs)
    for op in ops:
        limits = [r for r in out if is_script(r, size, base) and op.x0 - 1 <= (r.x0 + r.x1) / 2 <= op.x1 + 1]
        if not limits:
            continue
        out = [r for r in out if all(r is not lim for lim in limits)]
        at = next(i for i, r in enumerate(out) if r is op) + 1
        out[at:at] = limits
    return out


def _build(runs: list[Run], size: float, base: float, marks: dict[int, tuple[str, float]]) -> str:
    tokens: list[str] = []
    i = 0
    while i < len(runs):
        run = runs[i]
        if not is_script(run, size, base):
            tokens.extend(_run_tokens(run, marks))
            i += 1
            continue
        j = i
        while j < len(runs) and (is_script(runs[j], size, base) or _small_prime(runs[j], size)):
            j += 1
        group = runs[i:j]
        subs = [r for r in group if r.base > base]
        sups = [r for r in group if r.base < base]
        if subs and sups:
            # A prime or mark on a subscript (r_{t'}) is smaller still and sits just over it.
            low = min(r.size for r in subs)
            nested = [
                r
                for r in sups
                if r.size < 0.85 * low
                and any(s.x1 - 0.5 <= r.x0 <= s.x1 + 0.3 * low for s in subs)
                and r.base > base - 0.45 * size
                and min(abs(r.base - s.base) for s in subs)
                < min((abs(r.base - u.base) for u in sups if u is not r), default=size)
            ]
            sups = [r for r in sups if all(r is not n for n in nested)]
            subs = sorted(subs + nested, key=lambda r: r.x0)
        if subs and sups and (not tokens or tokens[-1] in _BEFORE_FRACTION) and _overlap(subs, sups):
            # A radical sign before the denominator sits high but belongs below.
            low = min(r.x0 for r in subs)
            moved = [r for r in sups if r.text.strip() == "√" and r.x1 <= low + 1]
            sups = [r for r in sups if all(r is not m for m in moved)]
            subs = moved + subs
            # Nothing to hang scripts on: a small numerator over a small denominator is an
            # inline fraction (1/sqrt(d_k) set with \frac in running text).
            up_s, up_b = row_size_and_base(sups)
            dn_s, dn_b = row_size_and_base(subs)
            tokens.append(
                r"\frac{" + _build(sups, up_s, up_b, marks) + "}{" + _build(subs, dn_s, dn_b, marks) + "}"
            )
            i = j
            continue
        piece = ""
        for mark, part in (("_", subs), ("^", sups)):
            if part:
                s, b = row_size_and_base(part)
                inner = _build(part, s, b, marks)
                if inner and mark == "^" and set(inner) == {"'"}:
                    piece += inner  # a prime is written o', not o^'
                elif inner:
                    piece += mark + wrap_group(inner)
        if piece:
            if not tokens:
                tokens.append("{}")
            tokens.append(piece)
        i = j
    return join_latex(_wrap_radicals(tokens))


_BEFORE_FRACTION = {"=", "+", "-", "(", "[", r"\cdot", r"\times", r"\leq", r"\geq", r"\approx", r"\sim", ","}


def _overlap(a: list[Run], b: list[Run]) -> bool:
    return (
        min(max(r.x1 for r in a), max(r.x1 for r in b)) - max(min(r.x0 for r in a), min(r.x0 for r in b)) > 0
    )


def _wrap_radicals(tokens: list[str]) -> list[str]:
    """["\\sqrt", "d", "_k"] -> ["\\sqrt{d_k}"]: the radicand is the next atom and its scripts."""
    if r"\sqrt" not in tokens:
        return tokens
    out: list[str] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok == r"\sqrt" and i + 1 < len(tokens) and not tokens[i + 1].startswith(("_", "^")):
            inner = tokens[i + 1]
            i += 2
            while i < len(tokens) and tokens[i].startswith(("_", "^")):
                inner += tokens[i]
                i += 1
            out.append(r"\sqrt{" + inner + "}")
            continue
        out.append(tok)
        i += 1
    return out


def row_latex(runs: list[Run], reference: tuple[float, float] | None = None) -> str:
    """One visual row of math (with its scripts) as LaTeX.

    ``reference`` is the (size, baseline) scripts are measured against; by default the row's
    own. Inline math passes its text line's, since a formula may start with a script.
    """
    if not runs:
        return ""
    runs = sorted(runs, key=lambda r: r.x0)
    runs, marks = _accent_targets(runs)
    if not runs:
        return ""
    size, base = reference if reference is not None else row_size_and_base(runs)
    runs = _limits_first(runs, size, base)
    return _build(runs, size, base, marks)


def is_big_operator(run: Run) -> bool:
    """A sum, product, integral, union... (a big delimiter is not one).

    A TeX extension-font glyph that maps to nothing known still counts: a re-encoded font's sum.
    """
    if run.latex is not None:
        return False
    tokens = glyphs_to_latex(run.text, run.font, run.bold)
    if any(t in _BIG_OPERATORS for t in tokens):
        return True
    glyph = run.text.strip()
    return run.is_cmex and bool(glyph) and not tokens and not set(glyph) <= DELIMITER_PIECES
