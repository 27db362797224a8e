"""Rebuilding LaTeX from positioned glyph runs.

Owns: the ``Run`` value (one PDF span after conversion), and turning a row of runs into LaTeX:
sub- and superscripts from size and baseline (``z_t^j``, not ``ztj``), accents drawn as separate
glyphs reattached (``\\tilde{h}``), limits under big operators, and stacked rows of a display
turned into ``\\frac{...}{...}``.
Must not: import pymupdf (pdf.py converts spans to ``Run``s) or decide what is a paragraph.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from paperpal.extract.pdf_glyphs import ACCENTS, glyphs_to_latex, join_latex, wrap_group

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


def is_script(run: Run, size: float, base: float) -> bool:
    if run.is_cmex or run.latex is not None:
        return False
    return run.size < SCRIPT_RATIO * size and abs(run.base - base) > SHIFT_RATIO * size


def _accent_targets(runs: list[Run]) -> tuple[list[Run], dict[int, tuple[str, float]]]:
    """Drop accent glyphs that sit above a letter; remember which run (and where) they mark."""
    marks: dict[int, tuple[str, float]] = {}
    kept: list[Run] = []
    for r in runs:
        glyph = r.text.strip()
        if len(glyph) == 1 and glyph in ACCENTS:
            centre = (r.x0 + r.x1) / 2
            for t in runs:
                if t is r or t.text.strip() in ACCENTS:
                    continue
                # Over a tall letter the accent is raised; over a short one TeX leaves it on the
                # letter's baseline, so only "not below the letter" is required.
                if t.x0 - 0.5 <= centre <= t.x1 + 0.5 and r.base <= t.base + 0.1 * t.size:
                    marks[id(t)] = (ACCENTS[glyph], centre)
                    break
            else:
                kept.append(r)
            continue
        kept.append(r)
    return kept, marks


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
    ops = [
        r
        for r in runs
        if not is_script(r, size, base)
        and r.size >= 0.9 * size
        and (
            any(t in _BIG_OPERATORS for t in glyphs_to_latex(r.text, r.font, r.bold))
            or (r.is_cmex and r.text.strip())
        )
    ]
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
        while j < len(runs) and is_script(runs[j], size, base):
            j += 1
        group = runs[i:j]
        subs = [r for r in group if r.base > base]
        sups = [r for r in group if r.base < base]
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


def _clusters(runs: list[Run], gap: float) -> list[list[Run]]:
    """Split a row into horizontally separate groups (two numerators side by side)."""
    out: list[list[Run]] = []
    for r in sorted(runs, key=lambda r: r.x0):
        if out and r.x0 - max(x.x1 for x in out[-1]) <= gap:
            out[-1].append(r)
        else:
            out.append([r])
    return out


def _merge_same_baseline(rows: list[list[Run]]) -> list[list[Run]]:
    """Rows a fraction split apart ("o =" left of it, "+ 1" right of it) are one row again."""
    merged: list[tuple[float, float, list[Run]]] = []
    for runs in rows:
        size, base = row_size_and_base(runs)
        for msize, mbase, mruns in merged:
            if abs(mbase - base) <= 0.25 * max(size, msize) and abs(size - msize) < 0.15 * msize:
                mruns.extend(runs)
                break
        else:
            merged.append((size, base, list(runs)))
    return [m[2] for m in merged]


def _is_big_operator(run: Run) -> bool:
    if run.latex is not None:
        return False
    if run.is_cmex and run.text.strip():
        return True
    return any(t in _BIG_OPERATORS for t in glyphs_to_latex(run.text, run.font, run.bold))


def _attach_limits(items: list[Run], above: list[Run], below: list[Run], size: float) -> list[Run]:
    """Small rows centred over or under a big operator are its limits: \\sum_{i=1}^{N}.

    The limit runs are taken out of ``above``/``below`` (in place) so they are not mistaken for
    a numerator or a denominator.
    """
    for op in [r for r in items if _is_big_operator(r)]:
        pieces = ""
        for mark, stacked in (("_", below), ("^", above)):
            small = [r for r in stacked if r.size < SCRIPT_RATIO * size]
            for group in _clusters(small, 0.3 * size):
                centre = (min(r.x0 for r in group) + max(r.x1 for r in group)) / 2
                if op.x0 - 2 <= centre <= op.x1 + 2:
                    pieces += mark + wrap_group(row_latex(group))
                    stacked[:] = [r for r in stacked if all(r is not g for g in group)]
                    break
        if pieces:
            op_latex = join_latex(_run_tokens(op, {}))
            limited = Run(
                "", op.font, op.size, op.x0, op.y0, op.x1, op.y1, op.base, "math", latex=op_latex + pieces
            )
            items = [limited if r is op else r for r in items]
    return items


def _stacking(info: list[tuple[float, float, float, float]]) -> dict[int, int]:
    """Which rows are a numerator, denominator or limit of which row (row index -> owner index).

    Two rows are close when their baselines are less than ~0.95 of the font size apart (a
    numerator or denominator; aligned rows of an ``align`` are further apart) or, for small rows,
    1.7 (limits of a sum). A row with close rows both above and below is a main row; close rows
    of a main row are stacked on it. Without any main row, the wider row owns the narrower one.
    """
    near: dict[int, list[int]] = {k: [] for k in range(len(info))}
    for k, (size, base, x0, x1) in enumerate(info):
        for m, (msize, mbase, mx0, mx1) in enumerate(info):
            if m == k:
                continue
            reach = 1.7 if size < SCRIPT_RATIO * msize else 0.95
            if abs(mbase - base) < reach * msize and x0 <= mx1 + 3 * msize and x1 >= mx0 - 3 * msize:
                near[k].append(m)
    middle = {
        m
        for m in near
        if any(info[k][1] < info[m][1] for k in near[m]) and any(info[k][1] > info[m][1] for k in near[m])
    }
    owner: dict[int, int] = {}
    for k, candidates in near.items():
        if k in middle or not candidates:
            continue
        mains = [m for m in candidates if m in middle]
        if not mains:
            k_width = info[k][3] - info[k][2]
            mains = [
                m
                for m in candidates
                if info[m][3] - info[m][2] > k_width
                and info[k][2] >= info[m][2] - 2
                and info[k][3] <= info[m][3] + 2
            ]
        if mains:
            owner[k] = min(mains, key=lambda m: abs(info[m][1] - info[k][1]))
    return owner


def region_latex(rows: list[list[Run]]) -> str:
    """A display made of several rows: stacked rows become fractions of the row they sit on."""
    rows = _merge_same_baseline([r for r in rows if r])
    if len(rows) == 1:
        return row_latex(rows[0])
    info = []
    for runs in rows:
        size, base = row_size_and_base(runs)
        info.append((size, base, min(r.x0 for r in runs), max(r.x1 for r in runs)))
    owner = _stacking(info)
    parts = []
    for m, runs in enumerate(rows):
        if m in owner:
            continue
        msize, mbase = info[m][0], info[m][1]
        above = [r for k, row in enumerate(rows) if owner.get(k) == m and info[k][1] < mbase for r in row]
        below = [r for k, row in enumerate(rows) if owner.get(k) == m and info[k][1] > mbase for r in row]
        items = list(runs)
        # Big delimiters around a fraction (\left\lfloor ... \right\rfloor) belong to the row.
        for stacked in (above, below):
            inner = [r for r in stacked if not r.is_cmex]
            if inner:
                lo, hi = min(r.x0 for r in inner), max(r.x1 for r in inner)
                outer = [r for r in stacked if r.is_cmex and (r.x1 <= lo + 1 or r.x0 >= hi - 1)]
                items.extend(outer)
                stacked[:] = [r for r in stacked if all(r is not o for o in outer)]
        items = _attach_limits(items, above, below, msize)
        ups = _clusters(above, 0.8 * msize)
        downs = _clusters(below, 0.8 * msize)
        # A radical sign sits on the main row but belongs to the stacked group right after it.
        for radical in [r for r in items if r.text.strip() == "√"]:
            for group in downs + ups:
                if -1.5 <= min(g.x0 for g in group) - radical.x1 <= 2:
                    group.insert(0, radical)
                    items = [r for r in items if r is not radical]
                    break
        for up in ups:
            ux0, ux1 = min(r.x0 for r in up), max(r.x1 for r in up)
            match = None
            for down in downs:
                dx0, dx1 = min(r.x0 for r in down), max(r.x1 for r in down)
                if min(ux1, dx1) - max(ux0, dx0) > 0:
                    match = down
                    break
            if match is not None:
                downs.remove(match)
                latex = r"\frac{" + row_latex(up) + "}{" + row_latex(match) + "}"
                x0 = min(ux0, min(r.x0 for r in match))
            else:
                latex = row_latex(up)
                x0 = ux0
            items.append(Run("", "", msize, x0, mbase - msize, x0 + 1, mbase, mbase, "math", latex=latex))
        for down in downs:
            x0 = min(r.x0 for r in down)
            items.append(Run("", "", msize, x0, mbase, x0 + 1, mbase, mbase, "math", latex=row_latex(down)))
        parts.append(row_latex(items))
    return r" \\ ".join(p for p in parts if p)
