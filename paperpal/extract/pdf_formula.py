"""Rebuild a display formula's LaTeX from the boxes of its glyphs and the rules drawn with it.

Owns: the two-dimensional reading of a display: glyph pieces cut from spans, arrows, wide
accents and single accents stacked over a letter (``\\overrightarrow{h}``, ``\\hat{g}``), limits
centred over and under a big operator (``\\sum_{k=1}^{T_x}``), radicals (a radical sign and the
bar drawn from its top), fractions (a horizontal rule with a numerator right above it and a
denominator right below), then rows by baseline with their sub- and superscripts.
Must not: import pymupdf, decide what a display is (pdf_page.py does), or guess a fraction
where no rule was drawn (pdf_stacked.py reads PDFs whose bars are not vectors).

Each stacked structure becomes one built ``Run`` (its ``latex`` set) standing where it stands on
the page, with the baseline of the row it sits on, so the outer structures and the row builder
of pdf_math.py treat it like a single glyph. The LaTeX written is the form the LaTeX path gives
for the same formula after ``mathtokens.normalize``: ``\\frac{a}{b}``, ``\\sum_{i=1}^{N}``,
``\\sqrt{x}``, ``x_{t}^{2}``.
"""

from __future__ import annotations

from collections.abc import Sequence

from paperpal.extract.pdf_glyphs import (
    ACCENTS,
    DELIMITER_PIECES,
    WIDE_ACCENTS,
    big_glyph_height,
    join_latex,
    radical_height,
    wrap_group,
)
from paperpal.extract.pdf_lines import Box
from paperpal.extract.pdf_math import SCRIPT_RATIO, Run, is_big_operator, row_latex, run_tokens

# A gap wider than this share of the font size cuts a span into two pieces.
_CUT_GAP = 0.12
_ARROW_PIECES = set("−-→←↔⟶⟵⟷")
_ARROW_HEADS = set("→←↔⟶⟵⟷")
_NEGATED = {"=": r"\neq", r"\in": r"\notin", r"\sim": r"\nsim", r"\equiv": r"\not\equiv"}
_ORDER = {"<", ">", r"\leq", r"\geq", r"\subset", r"\subseteq"}


def formula_latex(runs: Sequence[Run], rules: Sequence[Box]) -> str:
    """The LaTeX of one display: its rows (top to bottom) joined by ``\\\\``."""
    items = _pieces(runs)
    if not items:
        return ""
    items = _negations(items)
    items = _stacked_accents(items)
    items = _display_limits(items)
    for rule in sorted(rules, key=lambda r: r[2] - r[0]):
        items = _apply_rule(items, rule)
    items = _stacks(items)
    return r" \\ ".join(latex for latex in (_row(row) for row in _rows(items)) if latex)


# -- pieces -------------------------------------------------------------------------------------


def _pieces(runs: Sequence[Run]) -> list[Run]:
    """Runs cut at their gaps; math-font runs cut glyph by glyph (each may carry its own accent)."""
    out: list[Run] = []
    for run in runs:
        if run.latex is not None or not run.chars:
            if run.latex is not None or run.text.strip():
                out.append(run)
            continue
        per_glyph = run.kind == "math" or run.is_cmex
        start = None
        prev_x1 = 0.0
        piece: list[tuple[str, float, float]] = []
        for ch, x0, x1 in run.chars:
            if ch.isspace():
                if piece:
                    out.append(_piece(run, piece))
                piece, start = [], None
                continue
            if piece and (per_glyph or x0 - prev_x1 > _CUT_GAP * run.size):
                out.append(_piece(run, piece))
                piece = []
            if not piece:
                start = x0
            piece.append((ch, x0, x1))
            prev_x1 = x1
        if piece and start is not None:
            out.append(_piece(run, piece))
    return out


def _piece(run: Run, chars: list[tuple[str, float, float]]) -> Run:
    text = "".join(c for c, _, _ in chars)
    return run._replace(text=text, x0=chars[0][1], x1=max(x1 for _, _, x1 in chars), chars=tuple(chars))


def _centre(r: Run) -> float:
    return (r.x0 + r.x1) / 2


def _hangs(r: Run) -> bool:
    """A glyph drawn below its baseline: TeX's extension font, and the radical sign of its symbols."""
    return r.latex is None and (r.is_cmex or (r.text.strip() == "√" and "sy" in r.font.lower()))


def _top(r: Run) -> float:
    """The glyph's real top: a hanging glyph's top is its baseline; others reach at most 0.8 of
    their size above it (PyMuPDF's boxes follow the font's ascender, tall for symbol fonts)."""
    if _hangs(r):
        return r.base
    return r.y0 if r.latex is not None else max(r.y0, r.base - 0.8 * r.size)


def _bottom(r: Run) -> float:
    if _hangs(r):
        glyph = r.text.strip()
        return r.base + (big_glyph_height(glyph) if r.is_cmex else radical_height(glyph, False)) * r.size
    return r.y1 if r.latex is not None else min(r.y1, r.base + 0.3 * r.size)


def _built(latex: str, members: Sequence[Run], size: float, base: float) -> Run:
    """One built item standing for ``members`` (their union box) on a row with ``base``."""
    return Run(
        "",
        "",
        size,
        min(m.x0 for m in members),
        min(_top(m) for m in members),
        max(m.x1 for m in members),
        max(_bottom(m) for m in members),
        base,
        "math",
        latex=latex,
    )


def _without(items: list[Run], gone: Sequence[Run]) -> list[Run]:
    ids = {id(g) for g in gone}
    return [r for r in items if id(r) not in ids]


# -- negation slashes and accents ------------------------------------------------------------------


def _negations(items: list[Run]) -> list[Run]:
    """A negation slash drawn over a relation: ``=`` -> ``\\neq``, ``\\in`` -> ``\\notin``.

    TeX's ``\\not`` has no width: it is drawn over the glyph that follows it, a relation.
    """
    slashes = [r for r in items if r.text == "\u0338"]
    for slash in slashes:
        centre = _centre(slash)
        over = [
            r
            for r in items
            if r is not slash
            and r.latex is None
            and r.text != "\u0338"
            and abs(r.base - slash.base) <= 0.3 * slash.size
            and (r.x0 - 1 <= centre <= r.x1 + 1 or 0 <= r.x0 - slash.x0 <= 0.8 * slash.size)
        ]
        items = _without(items, [slash])
        if not over:
            continue
        relations = [r for r in over if any(t in _NEGATED or t in _ORDER for t in run_tokens(r))]
        target = min(relations or over, key=lambda r: abs(_centre(r) - centre))
        tokens = run_tokens(target)
        latex = _NEGATED.get(tokens[0], r"\not" + tokens[0]) if len(tokens) == 1 else join_latex(tokens)
        items = [_built(latex, [target], target.size, target.base) if r is target else r for r in items]
    return items


def _stacked_accents(items: list[Run]) -> list[Run]:
    """Arrows, wide accents and accent glyphs over the letters they mark become one item."""
    items = _over_arrows(items)
    for accent in [r for r in items if r.is_cmex and r.text.strip() in WIDE_ACCENTS]:
        items = _cover(items, [accent], WIDE_ACCENTS[accent.text.strip()])
    for accent in [
        r for r in items if r.latex is None and r.text.strip() in ACCENTS and len(r.text.strip()) == 1
    ]:
        if r"\vec" == ACCENTS[accent.text.strip()] and accent.text.strip() != "⃗" and accent.kind != "math":
            continue
        items = _accent_over_letter(items, accent)
    return items


def _over_arrows(items: list[Run]) -> list[Run]:
    """``−→`` drawn above ``h`` is ``\\overrightarrow{h}`` (pieces of one arrow grouped first)."""
    pieces = sorted(
        (r for r in items if r.latex is None and set(r.text) <= _ARROW_PIECES), key=lambda r: r.x0
    )
    groups: list[list[Run]] = []
    for r in pieces:
        if (
            groups
            and abs(groups[-1][-1].base - r.base) < 0.1 * r.size
            and r.x0 - groups[-1][-1].x1 < 0.2 * r.size
        ):
            groups[-1].append(r)
        else:
            groups.append([r])
    for group in groups:
        text = "".join(r.text for r in group)
        if not any(ch in _ARROW_HEADS for ch in text):
            continue
        left = text[0] in "←⟵↔⟷"
        right = text[-1] in "→⟶↔⟷"
        command = (
            r"\overleftrightarrow" if left and right else r"\overleftarrow" if left else r"\overrightarrow"
        )
        items = _cover(items, group, command)
    return items


def _cover(items: list[Run], accent: list[Run], command: str) -> list[Run]:
    """The letters right under ``accent`` (a stacked arrow or wide accent) wrapped in ``command``."""
    x0, x1 = min(r.x0 for r in accent), max(r.x1 for r in accent)
    base = max(r.base for r in accent)
    size = max(r.size for r in accent)
    under = [
        r
        for r in items
        if all(r is not a for a in accent)
        and x0 - 1 <= _centre(r) <= x1 + 1
        and r.base > base + 0.3 * size
        and _top(r) < base + 0.9 * size
    ]
    if not under:
        return items
    row_base = max(r.base for r in under if r.size >= 0.85 * max(u.size for u in under))
    main = [r for r in under if abs(r.base - row_base) < 0.3 * r.size]
    if not main:
        return items
    inner = row_latex(main, (max(r.size for r in main), row_base))
    built = _built(command + "{" + inner + "}", main, max(r.size for r in main), row_base)
    return _without(items, accent + main) + [built]


def _accent_over_letter(items: list[Run], accent: Run) -> list[Run]:
    centre = _centre(accent)
    under = [
        r
        for r in items
        if r is not accent
        and r.latex is None
        and r.text.strip() not in ACCENTS
        and r.x0 - 0.5 <= centre <= r.x1 + 0.5
        # Over a tall letter the accent is raised; over a short one TeX leaves it on the
        # letter's baseline, so only "not below the letter" is required.
        and accent.base <= r.base + 0.1 * r.size
        and accent.base >= r.base - 1.2 * r.size
    ]
    if not under:
        return items
    target = min(under, key=lambda r: r.base - accent.base)
    command = ACCENTS[accent.text.strip()]
    latex = join_latex(run_tokens(target, (command, centre)))
    built = _built(latex, [target], target.size, target.base)
    return [built if r is target else r for r in items if r is not accent]


# -- big operators, radicals, fractions ------------------------------------------------------------


def _row_base_of(op: Run) -> float:
    """The baseline of the row a big operator sits on (TeX centres it on the math axis)."""
    if op.is_cmex:
        return op.base + (big_glyph_height(op.text.strip()) / 2 + 0.25) * op.size
    return op.base


def _display_limits(items: list[Run]) -> list[Run]:
    """Small groups centred right over or under a big operator are its limits.

    Operators side by side on one row (``\\sum_{r \\in R} \\prod_{d=1}^{D}``) may have limits
    that nearly touch: each keeps the pieces on its side of the widest gap between them.
    """
    ops = sorted((r for r in items if is_big_operator(r)), key=lambda r: r.x0)
    # Where neighbours' limits part, decided before any limit is taken.
    cuts = {
        (k, below): _cut(ops[k], ops[k + 1], items, below)
        for k in range(len(ops) - 1)
        for below in (True, False)
    }
    for k, op in enumerate(ops):
        width = op.x1 - op.x0
        reach = max(2.0, 0.3 * width)
        pieces = ""
        used: list[Run] = []
        for mark, below in (("_", True), ("^", False)):
            small = [
                r for r in items if r is not op and all(r is not u for u in used) and _at_limit(r, op, below)
            ]
            left = cuts.get((k - 1, below), -1e9)
            right = cuts.get((k, below), 1e9)
            small = [r for r in small if left <= _centre(r) < right]
            seed = [
                r
                for r in small
                if abs(_centre(r) - _centre(op)) <= reach or (op.x0 <= r.x0 and r.x1 <= op.x1)
            ]
            if not seed:
                continue
            group = _grow(seed, small, op.size)
            if abs((min(r.x0 for r in group) + max(r.x1 for r in group)) / 2 - _centre(op)) > max(
                reach, 0.25 * width + 2
            ):
                continue  # a script set to the right of the operator, not a limit under it
            size, base = _anchor(group)
            pieces += mark + wrap_group(row_latex(group, (size, base)))
            used.extend(group)
        if not pieces:
            continue
        latex = join_latex(run_tokens(op)) + pieces
        built = _built(latex, [op], op.size, _row_base_of(op))
        built = built._replace(y0=min(_top(r) for r in [op, *used]), y1=max(_bottom(r) for r in [op, *used]))
        items = [built if r is op else r for r in _without(items, used)]
    return items


def _at_limit(r: Run, op: Run, below: bool) -> bool:
    """``r`` is small and sits where a limit of ``op`` would: just under it (or over it)."""
    if r.size >= SCRIPT_RATIO * op.size:
        return False
    if below:
        return 0 <= _top(r) - _bottom(op) + 0.3 * op.size <= 1.1 * op.size
    return 0 <= _top(op) - _bottom(r) + 0.3 * op.size <= 1.1 * op.size


def _cut(a: Run, b: Run, items: list[Run], below: bool) -> float:
    """Where the limits of two neighbouring operators part: the widest gap between their centres."""
    if abs(_row_base_of(a) - _row_base_of(b)) > 0.5 * a.size:
        return 1e9 if _centre(a) < _centre(b) else -1e9
    lo, hi = _centre(a), _centre(b)
    between = sorted(
        (r for r in items if (_at_limit(r, a, below) or _at_limit(r, b, below)) and lo <= _centre(r) <= hi),
        key=lambda r: r.x0,
    )
    best, cut = -1e9, (lo + hi) / 2
    edge: float | None = None
    for r in between:
        if edge is not None and r.x0 - edge > best:
            best, cut = r.x0 - edge, (edge + r.x0) / 2
        edge = r.x1 if edge is None else max(edge, r.x1)
    return cut


def _grow(seed: list[Run], pool: list[Run], size: float) -> list[Run]:
    """``seed`` and the pieces of ``pool`` that continue it along its row (``t'=t`` is one limit)."""
    group = list(seed)
    changed = True
    while changed:
        changed = False
        for r in pool:
            if any(r is g for g in group):
                continue
            if any(
                abs(r.base - g.base) <= 0.6 * g.size
                and (r.x0 - g.x1 <= 0.35 * size and g.x0 - r.x1 <= 0.35 * size)
                for g in group
            ):
                group.append(r)
                changed = True
    return group


def _anchor(group: Sequence[Run]) -> tuple[float, float]:
    """The main size and baseline of a group: its largest ordinary glyphs (built items count)."""
    big = max(r.size for r in group)
    mains = [r for r in group if r.size >= 0.85 * big and not r.is_cmex] or list(group)
    bases = sorted(r.base for r in mains)
    return big, bases[len(bases) // 2]


def _apply_rule(items: list[Run], rule: Box) -> list[Run]:
    x0, y0, x1, y1 = rule
    radical = next(
        (
            r
            for r in items
            if r.latex is None
            and (r.text.strip() == "√" or (r.is_cmex and r.text.strip() in "pqrs" and r.text.strip()))
            and abs(r.x1 - x0) <= 2.5
            and abs(r.base - y0) <= 0.3 * r.size + 1
        ),
        None,
    )
    if radical is not None:
        return _radical(items, radical, rule)
    above = [
        r
        for r in items
        if x0 - 1 <= _centre(r) <= x1 + 1 and _bottom(r) <= y1 + 0.35 * r.size and _centre_y(r) < y0
    ]
    below = [
        r
        for r in items
        if x0 - 1 <= _centre(r) <= x1 + 1 and _top(r) >= y0 - 0.35 * r.size and _centre_y(r) > y1
    ]
    num = _band(above, rule, up=True)
    den = _band(below, rule, up=False)
    if num and den:
        size = max(_anchor(num)[0], _anchor(den)[0])
        latex = r"\frac{" + _inline(num) + "}{" + _inline(den) + "}"
        built = _built(latex, num + den, size, (y0 + y1) / 2 + 0.25 * size)
        return _without(items, num + den) + [built._replace(x0=min(x0, built.x0), x1=max(x1, built.x1))]
    if den and not above:
        size, base = _anchor(den)
        built = _built(r"\overline{" + _inline(den) + "}", den, size, base)
        return _without(items, den) + [built]
    return items


def _centre_y(r: Run) -> float:
    return (_top(r) + _bottom(r)) / 2


def _band(cands: list[Run], rule: Box, *, up: bool) -> list[Run]:
    """The numerator (``up``) or denominator of a fraction bar: the row nearest the bar."""
    if not cands:
        return []

    def distance(r: Run) -> float:
        return rule[1] - _bottom(r) if up else _top(r) - rule[3]

    nearest = min(distance(r) for r in cands)
    big = max(r.size for r in cands)
    if nearest > 0.9 * big:
        return []
    close = [r for r in cands if distance(r) <= nearest + 0.45 * r.size]
    anchor = max(close, key=lambda r: (r.size, -distance(r)))
    size, base = anchor.size, anchor.base
    return [r for r in cands if base - 0.8 * size <= r.base <= base + 0.55 * size]


def _radical(items: list[Run], radical: Run, rule: Box) -> list[Run]:
    x0, y0, x1, y1 = rule
    bottom = radical.base + radical_height(radical.text.strip(), radical.is_cmex) * radical.size
    inside = [
        r
        for r in items
        if r is not radical
        and x0 - 1 <= _centre(r) <= x1 + 1
        and _top(r) >= y0 - 1
        and _centre_y(r) <= bottom + 1
    ]
    if not inside:
        return items
    size, base = _anchor(inside)
    built = _built(r"\sqrt{" + _inline(inside) + "}", [radical, *inside], size, base)
    return _without(items, [radical, *inside]) + [built]


def _inline(items: list[Run]) -> str:
    """A numerator, denominator or radicand: its rows read one after another."""
    return " ".join(latex for latex in (_row(row) for row in _rows(items)) if latex)


# -- arrays and cases ------------------------------------------------------------------------------

_OPENERS = {"(", "[", r"\{", r"\langle", r"\lfloor", r"\lceil", "|", r"\|"}
_CLOSERS = {")", "]", r"\}", r"\rangle", r"\rfloor", r"\rceil", "|", r"\|"}


def _delimiters(items: list[Run]) -> list[tuple[str, list[Run], float, float]]:
    """Big delimiters (one per stack of extension pieces): token, pieces, top, bottom."""
    pieces = sorted((r for r in items if r.is_cmex and r.latex is None), key=lambda r: (r.x0, r.base))
    out: list[tuple[str, list[Run], float, float]] = []
    for r in pieces:
        tokens = [t for t in run_tokens(r) if t in _OPENERS | _CLOSERS]
        last = out[-1] if out else None
        if last is not None and abs(last[1][0].x0 - r.x0) < 1 and _top(r) <= last[3] + 1:
            token = last[0] or (tokens[0] if tokens else "")
            out[-1] = (token, [*last[1], r], last[2], max(last[3], _bottom(r)))
        elif tokens or (r.text.strip() and set(r.text.strip()) <= DELIMITER_PIECES):
            out.append((tokens[0] if tokens else "", [r], _top(r), _bottom(r)))
    return [d for d in out if d[0]]


def _stacks(items: list[Run]) -> list[Run]:
    """Rows stacked between a pair of big delimiters (an array, a column vector) or after a lone
    big brace (cases) become one item: ``[\\begin{array}{c} a \\\\ b \\end{array}]``.

    Pairs are matched innermost first (a closer of the opener's height, with no unmatched
    delimiter between them), so nested vectors inside a big parenthesis come out nested.
    """
    delims = _delimiters(items)
    done: set[int] = set()
    pairs: list[tuple[int, int | None]] = []
    progress = True
    while progress:
        progress = False
        for k, (token, left, top, bottom) in enumerate(delims):
            if k in done or token not in _OPENERS:
                continue
            size = left[0].size
            for m in range(k + 1, len(delims)):
                if m in done:
                    continue
                match = (
                    delims[m][0] in _CLOSERS
                    and abs(delims[m][2] - top) <= 0.4 * size
                    and abs(delims[m][3] - bottom) <= 0.4 * size
                )
                if match:
                    pairs.append((k, m))
                    done.update((k, m))
                    progress = True
                break  # the nearest unmatched delimiter decides: a closer of this height or none
    for k, (token, _left, _top, _bottom) in enumerate(delims):
        if k not in done and token == r"\{":
            pairs.append((k, None))  # a lone brace opens cases
    for k, close in pairs:
        items = _stack(items, delims[k], delims[close] if close is not None else None)
    return items


def _stack(
    items: list[Run],
    opener: tuple[str, list[Run], float, float],
    closer: tuple[str, list[Run], float, float] | None,
) -> list[Run]:
    token, left, top, bottom = opener
    size = left[0].size
    x1 = closer[1][0].x0 if closer is not None else 1e9
    outer = left + (closer[1] if closer is not None else [])
    inner = [
        r
        for r in items
        if not any(r is p for p in outer)
        and left[0].x1 - 1 <= _centre(r) <= x1 + 1
        and top <= _centre_y(r) <= bottom
    ]
    rows = _rows(inner)
    if len(rows) < 2:
        return items
    rows.sort(key=lambda row: _anchor(row)[1])
    cells = [_cells(row) for row in rows]
    body = r" \\ ".join(cells)
    if closer is not None:
        columns = max(c.count("&") for c in cells) + 1
        latex = f"{token}\\begin{{array}}{{{'c' * columns}}} {body} \\end{{array}}{closer[0]}"
    else:
        latex = f"\\begin{{cases}} {body} \\end{{cases}}"
    built = _built(latex, outer + inner, size, (top + bottom) / 2 + 0.25 * size)
    return _without(items, outer + inner) + [built]


def _cells(row: list[Run]) -> str:
    """One row of an array: its cells (a gap of a font size apart) joined by ``&``."""
    size, _ = _anchor(row)
    cells: list[list[Run]] = []
    right = None
    for r in sorted(row, key=lambda r: r.x0):
        if right is None or r.x0 - right > 1.2 * size:
            cells.append([])
        cells[-1].append(r)
        right = r.x1 if right is None else max(right, r.x1)
    return " & ".join(_row(cell) for cell in cells)


# -- rows ------------------------------------------------------------------------------------------


def _rows(items: list[Run]) -> list[list[Run]]:
    """Items grouped into rows by baseline; small items join the row they are scripts of."""
    if not items:
        return []
    big = max(r.size for r in items if not r.is_cmex) if any(not r.is_cmex for r in items) else items[0].size
    anchors = sorted(
        (r for r in items if r.size >= SCRIPT_RATIO * big and (r.latex is not None or not r.is_cmex)),
        key=lambda r: r.base,
    )
    rows: list[list[Run]] = []
    bases: list[float] = []
    for r in anchors:
        if bases and r.base - bases[-1] <= 0.35 * r.size:
            rows[-1].append(r)
            bases[-1] = sorted(x.base for x in rows[-1])[len(rows[-1]) // 2]
        else:
            rows.append([r])
            bases.append(r.base)
    if not rows:
        return [list(items)]
    rest = [r for r in items if all(r is not a for a in anchors)]
    for r in rest:
        probe = _row_base_of(r) if r.is_cmex else r.base
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


def _row(row: list[Run]) -> str:
    if not row:
        return ""
    size, base = _anchor(row)
    return row_latex(row, (size, base)).strip()
