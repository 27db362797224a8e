"""Display formulas from PDFs that draw no rules: fractions read from stacked rows alone.

Owns: ``region_latex``, the fallback for a display whose fraction bars are not vector graphics
(some producers draw them as glyphs or not at all): rows stacked close over a main row are its
numerators and denominators, small rows centred on a big operator its limits.
Must not: import pymupdf; where the page has rules, pdf_formula.py reads the display instead.
"""

from __future__ import annotations

from paperpal.extract.pdf_glyphs import join_latex, wrap_group
from paperpal.extract.pdf_math import (
    SCRIPT_RATIO,
    Run,
    is_big_operator,
    row_latex,
    row_size_and_base,
    run_tokens,
)


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


def _attach_limits(items: list[Run], above: list[Run], below: list[Run], size: float) -> list[Run]:
    """Small rows centred over or under a big operator are its limits: \\sum_{i=1}^{N}.

    The limit runs are taken out of ``above``/``below`` (in place) so they are not mistaken for
    a numerator or a denominator.
    """
    for op in [r for r in items if is_big_operator(r)]:
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
            op_latex = join_latex(run_tokens(op))
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
