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

import re
from collections.abc import Sequence

from paperpal.extract.pdf_boxes import (
    build_item,
    centre_x,
    glyph_top,
    row_base_of,
    row_text,
    split_rows,
    without,
)
from paperpal.extract.pdf_charmap import ACCENTS
from paperpal.extract.pdf_cmex import WIDE_ACCENTS
from paperpal.extract.pdf_glyphs import join_latex
from paperpal.extract.pdf_lines import Box
from paperpal.extract.pdf_math import Run, row_latex, run_tokens
from paperpal.extract.pdf_stacking import apply_rule, display_limits, stacks

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
    items = _multiple_integrals(items)
    items = _stacked_accents(items)
    items = display_limits(items)
    for rule in sorted(rules, key=lambda r: r[2] - r[0]):
        items = apply_rule(items, rule)
    items = stacks(items)
    return r" \\ ".join(latex for latex in (row_text(row) for row in split_rows(items)) if latex)


# -- pieces -------------------------------------------------------------------------------------


def _pieces(runs: Sequence[Run]) -> list[Run]:
    """Runs cut at their gaps; math-font runs cut glyph by glyph (each may carry its own accent)."""
    out: list[Run] = []
    for run in runs:
        if run.latex is None and not run.chars and " " in run.text.strip():
            out.extend(_words(run))  # no glyph boxes (a text font): cut at its spaces
            continue
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


def _words(run: Run) -> list[Run]:
    """A text run cut at its spaces, each word placed by its share of the run's characters."""
    width = (run.x1 - run.x0) / max(len(run.text), 1)
    out = []
    for m in re.finditer(r"\S+", run.text):
        out.append(run._replace(text=m.group(0), x0=run.x0 + m.start() * width, x1=run.x0 + m.end() * width))
    return out


def _piece(run: Run, chars: list[tuple[str, float, float]]) -> Run:
    text = "".join(c for c, _, _ in chars)
    return run._replace(text=text, x0=chars[0][1], x1=max(x1 for _, _, x1 in chars), chars=tuple(chars))


# -- negation slashes and accents ------------------------------------------------------------------


def _negations(items: list[Run]) -> list[Run]:
    """A negation slash drawn over a relation: ``=`` -> ``\\neq``, ``\\in`` -> ``\\notin``.

    TeX's ``\\not`` has no width: it is drawn over the glyph that follows it, a relation.
    """
    slashes = [r for r in items if r.text == "\u0338"]
    for slash in slashes:
        centre = centre_x(slash)
        over = [
            r
            for r in items
            if r is not slash
            and r.latex is None
            and r.text != "\u0338"
            and abs(r.base - slash.base) <= 0.3 * slash.size
            and (r.x0 - 1 <= centre <= r.x1 + 1 or 0 <= r.x0 - slash.x0 <= 0.8 * slash.size)
        ]
        items = without(items, [slash])
        if not over:
            continue
        relations = [r for r in over if any(t in _NEGATED or t in _ORDER for t in run_tokens(r))]
        target = min(relations or over, key=lambda r: abs(centre_x(r) - centre))
        tokens = run_tokens(target)
        latex = _NEGATED.get(tokens[0], r"\not" + tokens[0]) if len(tokens) == 1 else join_latex(tokens)
        items = [build_item(latex, [target], target.size, target.base) if r is target else r for r in items]
    return items


def _multiple_integrals(items: list[Run]) -> list[Run]:
    """Two or three integral signs TeX set together are ``\\iint`` / ``\\iiint``."""
    signs = sorted(
        (r for r in items if r.latex is None and run_tokens(r) == [r"\int"]),
        key=lambda r: (round(r.base), r.x0),
    )
    runs: list[list[Run]] = []
    for r in signs:
        last = runs[-1][-1] if runs else None
        if last is not None and abs(last.base - r.base) < 0.1 * r.size and r.x0 - last.x1 < 0.2 * r.size:
            runs[-1].append(r)
        else:
            runs.append([r])
    for group in runs:
        if 2 <= len(group) <= 3:
            latex = r"\iint" if len(group) == 2 else r"\iiint"
            first = group[0]
            base = row_base_of(first)
            built = build_item(latex, group, first.size, base)
            items = without(items, group) + [built]
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
        and x0 - 1 <= centre_x(r) <= x1 + 1
        and r.base > base + 0.3 * size
        # The letter reaches up to the arrow: a glyph of the row below is further down.
        and glyph_top(r) < base + 0.2 * size
    ]
    if not under:
        return items
    row_base = max(r.base for r in under if r.size >= 0.85 * max(u.size for u in under))
    main = [r for r in under if abs(r.base - row_base) < 0.3 * r.size]
    if not main:
        return items
    inner = row_latex(main, (max(r.size for r in main), row_base))
    built = build_item(command + "{" + inner + "}", main, max(r.size for r in main), row_base)
    return without(items, accent + main) + [built]


def _accent_over_letter(items: list[Run], accent: Run) -> list[Run]:
    centre = centre_x(accent)
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
    built = build_item(latex, [target], target.size, target.base)
    return [built if r is target else r for r in items if r is not accent]
