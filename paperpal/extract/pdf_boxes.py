"""Where a glyph of a display formula really is, and which row of the formula it belongs to.

Owns: the geometry the formula reader works with (a glyph's real top and bottom, since TeX's
extension glyphs and radical signs hang below their baseline; centres; built items standing for
a rebuilt structure), the main size and baseline of a group of glyphs, and cutting a formula's
items into rows by baseline, each small item joining the row it is a script of, then reading a
row (and a numerator, denominator or radicand: rows read one after another) as LaTeX.
Must not: import pymupdf or rebuild stacked structures (pdf_formula.py and pdf_stacking.py do).
"""

from __future__ import annotations

from collections.abc import Sequence

from paperpal.extract.pdf_cmex import big_glyph_height, radical_height
from paperpal.extract.pdf_math import SCRIPT_RATIO, Run, row_latex


def centre_x(r: Run) -> float:
    return (r.x0 + r.x1) / 2


def hangs(r: Run) -> bool:
    """A glyph drawn below its baseline: TeX's extension font, and the radical sign of its symbols."""
    return r.latex is None and (r.is_cmex or (r.text.strip() == "√" and "sy" in r.font.lower()))


def glyph_top(r: Run) -> float:
    """The glyph's real top: a hanging glyph's top is its baseline; others reach at most 0.8 of
    their size above it (PyMuPDF's boxes follow the font's ascender, tall for symbol fonts)."""
    if r.latex is not None:
        return r.y0
    if hangs(r):
        return r.base
    top = r.base - 0.8 * r.size
    return top if top > r.y0 else r.y0  # max(r.y0, top), without the call


def glyph_bottom(r: Run) -> float:
    if r.latex is not None:
        return r.y1
    if hangs(r):
        glyph = r.text.strip()
        return r.base + (big_glyph_height(glyph) if r.is_cmex else radical_height(glyph, False)) * r.size
    bottom = r.base + 0.3 * r.size
    return bottom if bottom < r.y1 else r.y1  # min(r.y1, bottom)


def build_item(latex: str, members: Sequence[Run], size: float, base: float) -> Run:
    """One built item standing for ``members`` (their union box) on a row with ``base``."""
    return Run(
        "",
        "",
        size,
        min(m.x0 for m in members),
        min(glyph_top(m) for m in members),
        max(m.x1 for m in members),
        max(glyph_bottom(m) for m in members),
        base,
        "math",
        latex=latex,
    )


def without(items: list[Run], gone: Sequence[Run]) -> list[Run]:
    ids = {id(g) for g in gone}
    return [r for r in items if id(r) not in ids]


def centre_y(r: Run) -> float:
    return (glyph_top(r) + glyph_bottom(r)) / 2


def row_base_of(op: Run) -> float:
    """The baseline of the row a big operator sits on (TeX centres it on the math axis)."""
    if op.is_cmex:
        return op.base + (big_glyph_height(op.text.strip()) / 2 + 0.25) * op.size
    return op.base


def anchor(group: Sequence[Run]) -> tuple[float, float]:
    """The main size and baseline of a group: its largest ordinary glyphs (built items count)."""
    big = max(r.size for r in group)
    mains = [r for r in group if r.size >= 0.85 * big and not r.is_cmex] or list(group)
    bases = sorted(r.base for r in mains)
    return big, bases[len(bases) // 2]


def inline(items: list[Run]) -> str:
    """A numerator, denominator or radicand: its rows read one after another."""
    return " ".join(latex for latex in (row_text(row) for row in split_rows(items)) if latex)


def split_rows(items: list[Run]) -> list[list[Run]]:
    """Items grouped into rows by baseline; small items join the row they are scripts of."""
    if not items:
        return []
    big = max(r.size for r in items if not r.is_cmex) if any(not r.is_cmex for r in items) else items[0].size
    anchors = sorted(
        (r for r in items if r.size >= SCRIPT_RATIO * big and (r.latex is not None or not r.is_cmex)),
        key=lambda r: r.base,
    )
    rows: list[list[Run]] = []
    for r in anchors:  # by baseline: a row goes on while baselines stay within a third of a size
        if rows and r.base - rows[-1][-1].base <= 0.35 * r.size:
            rows[-1].append(r)
        else:
            rows.append([r])
    if not rows:
        return [list(items)]
    bases = [row[len(row) // 2].base for row in rows]  # each row's median baseline
    placed = {id(a) for a in anchors}
    rest = [r for r in items if id(r) not in placed]
    for r in rest:
        probe = row_base_of(r) if r.is_cmex else r.base
        k = min(range(len(rows)), key=lambda i: _script_distance(r, probe, bases[i], rows[i], big))
        rows[k].append(r)
    return rows


def _script_distance(item: Run, base: float, row_base: float, row: list[Run], size: float) -> float:
    """How unlikely ``item`` is a script (or a glyph) of ``row``: its height, then what it hangs on.

    A script sits from a size above to 0.7 below the row's baseline, right after a glyph of the
    row; between two rows that both allow it, the row with a glyph just left of it wins.
    """
    shift = base - row_base
    if not -1.0 * size <= shift <= 0.7 * size:
        return 10 * size + abs(shift)
    gaps = [item.x0 - r.x1 for r in row if r.x0 < item.x0]
    touch = min((g for g in gaps if g > -0.5 * size), default=5 * size)
    return max(touch, 0.0) + 0.1 * abs(shift)


def row_text(row: list[Run]) -> str:
    if not row:
        return ""
    size, base = anchor(row)
    return row_latex(row, (size, base)).strip()
