"""Drawing an equation's tree the way a textbook stacks it, in monospace rows.

Owns: ``box(node)`` — a ``boxes.Box`` for any tree node. Fractions put the numerator over a
rule over the denominator, the rule on the baseline; a sum or product carries its limits above
and below the sign (an integral at its side, ``max``/``arg max``/``lim`` below the name, 𝔼 as a
subscript); a square root draws its radical over the body; a script that Unicode has small
characters for stays on the line (xᵢ, β₁ᵗ, x²) and any other is raised or lowered a row
(d with "model" below); brackets around something tall grow with it (⎛ ⎜ ⎝); cases get a tall
brace and matrices their brackets, both as aligned grids; the lines of a multi-line display are
aligned at their first ``&``. Anything without a second dimension is written exactly as
``render.to_unicode`` writes it, so the drawing and the one-line form agree.

Must not: raise past ``layout.draw`` (which catches), or import anything heavy.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

from paperpal.notation.layout.boxes import Box, beside, stacked, text
from paperpal.notation.render import to_unicode
from paperpal.notation.tree import (
    Accent,
    Apply,
    Big,
    Fenced,
    Font,
    Frac,
    Node,
    Op,
    Rel,
    Root,
    Row,
    Script,
    Sep,
    Table,
    to_latex,
)

__all__ = ["box", "forget", "needs_box", "row"]

_GLYPHS = {"sum": "∑", "prod": "∏", "coprod": "∐", "bigcup": "⋃", "bigcap": "⋂", "bigoplus": "⨁",
           "bigotimes": "⨂", "bigvee": "⋁", "bigwedge": "⋀"}  # fmt: skip
_SIDE = {"int": "∫", "iint": "∬", "iiint": "∭", "oint": "∮"}
_NAMED = {"max": "max", "min": "min", "sup": "sup", "inf": "inf", "argmax": "arg max", "argmin": "arg min",
          "lim": "lim", "limsup": "lim sup", "liminf": "lim inf"}  # fmt: skip
# Tall delimiters: (top, middle filler, bottom, the piece on the middle row or None).
_TALL = {
    "(": ("⎛", "⎜", "⎝", None), ")": ("⎞", "⎟", "⎠", None), "[": ("⎡", "⎢", "⎣", None),
    "]": ("⎤", "⎥", "⎦", None), "\\{": ("⎧", "⎪", "⎩", "⎨"), "\\}": ("⎫", "⎪", "⎭", "⎬"),
    "|": ("│", "│", "│", None), "\\|": ("‖", "‖", "‖", None), "\\lfloor": ("⎢", "⎢", "⎣", None),
    "\\rfloor": ("⎥", "⎥", "⎦", None), "\\lceil": ("⎡", "⎢", "⎢", None), "\\rceil": ("⎤", "⎥", "⎥", None),
    "\\langle": ("╱", "│", "╲", None), "\\rangle": ("╲", "│", "╱", None),
}  # fmt: skip
_FLAT = {"\\{": "{", "\\}": "}", "\\|": "‖", "\\lfloor": "⌊", "\\rfloor": "⌋", "\\lceil": "⌈",
         "\\rceil": "⌉", "\\langle": "⟨", "\\rangle": "⟩", ".": ""}  # fmt: skip
_MATRIX_FENCES = {"pmatrix": ("(", ")"), "bmatrix": ("[", "]"), "Bmatrix": ("\\{", "\\}"),
                  "vmatrix": ("|", "|"), "Vmatrix": ("\\|", "\\|")}  # fmt: skip
_LINES = frozenset("aligned split align gathered gather eqnarray alignedat".split())
_SPACED_OPS = frozenset({"+", "-", "\\pm", "\\mp", "\\cdot", "\\times", "\\odot", "\\circ", "\\otimes",
                         "\\oplus", "\\cup", "\\cap", "\\setminus", "|", "\\mid", "\\wedge", "\\vee"})  # fmt: skip


def flat(node: Node, tight: bool = False) -> str:
    """``node`` on one line, as ``render.to_unicode`` writes it; ``tight``: no spaces around
    ``+ - = ,`` (in a script or a limit, as a textbook sets it), and never in a script."""
    latex = to_latex(node)
    latex = _TIGHT.sub(r"\1", latex) if tight else _SCRIPTS.sub(_squeeze, latex)
    return _OPENERS.sub(r"\1", _unicode(latex).strip())


@lru_cache(maxsize=8_192)
def _unicode(latex: str) -> str:
    return to_unicode(latex)


_OPENERS = re.compile(r"([⌊⌈⟨])\s+")
_TIGHT = re.compile(r"\s*([+\-=,])\s*")
_SCRIPTS = re.compile(r"([_^])\{([^{}]*)\}")


def _squeeze(match: re.Match[str]) -> str:
    return match.group(1) + "{" + _TIGHT.sub(r"\1", match.group(2)) + "}"


def small(node: Node, up: bool) -> str | None:
    """``node`` in Unicode super- or subscript characters, or None when some have none."""
    said = _unicode(("x^{%s}" if up else "x_{%s}") % _TIGHT.sub(r"\1", to_latex(node)))
    if not said.startswith("x") or "(" in said[1:2] or said[1:2] in ("^", "_") or len(said) < 2:
        return None
    return said[1:]


# needs_box is asked of a node at every level above it: remembered for the drawing under way
# (keyed by the node's identity; ``forget`` starts a new drawing), one memo per thread.
_MEMO = threading.local()


def forget() -> None:
    _MEMO.needs = {}


def needs_box(node: Node | None) -> bool:
    """Whether ``node`` needs more than one row."""
    if node is None:
        return False
    memo: dict[int, tuple[Node, bool]] | None = getattr(_MEMO, "needs", None)
    if memo is None:
        memo = _MEMO.needs = {}
    hit = memo.get(id(node))
    if hit is not None and hit[0] is node:
        return hit[1]
    answer = _needs_box(node)
    memo[id(node)] = (node, answer)
    return answer


def _needs_box(node: Node) -> bool:
    if isinstance(node, Frac | Root | Table):
        return True
    if isinstance(node, Big):
        return node.sub is not None or node.sup is not None or needs_box(node.body)
    if isinstance(node, Script):
        if needs_box(node.base) or needs_box(node.sub) or needs_box(node.sup):
            return True
        return any(s is not None and small(s, s is node.sup) is None for s in (node.sub, node.sup))
    if isinstance(node, Fenced):
        return needs_box(node.body)
    if isinstance(node, Apply):
        return needs_box(node.fn) or needs_box(node.arg)
    if isinstance(node, Row):
        return any(needs_box(x) for x in node.items)
    if isinstance(node, Font | Accent):
        return needs_box(node.body)
    return False


def tight(node: Node) -> Box:
    """A script or a limit: without spaces around ``+ - = ,`` when it fits on one line."""
    return box(node) if needs_box(node) else text(flat(node, tight=True))


def box(node: Node) -> Box:
    if not needs_box(node):
        return text(flat(node))
    if isinstance(node, Row):
        return row(list(node.items))
    if isinstance(node, Frac):
        return frac(node)
    if isinstance(node, Root):
        return root(node)
    if isinstance(node, Big):
        return big(node)
    if isinstance(node, Script):
        return script(node)
    if isinstance(node, Fenced):
        return fenced(box(node.body), node.open, node.close or "")
    if isinstance(node, Apply):
        gap = [] if isinstance(node.arg, Fenced) else [text(" ")]
        return beside(box(node.fn), *gap, box(node.arg))
    if isinstance(node, Table):
        return table(node)
    if isinstance(node, Font | Accent):
        return box(node.body)
    return text(flat(node))


# --------------------------------------------------------------------------------------------
# rows and lines
# --------------------------------------------------------------------------------------------


def row(items: list[Node]) -> Box:
    if any(isinstance(x, Sep) and x.value == "\\\\" for x in items):
        return lines(items)
    items = [x for x in items if not isinstance(x, Sep)]
    pieces: list[tuple[Box, Node, Node, bool]] = []  # box, first item, last item, drawn in 2-D
    group: list[Node] = []

    def close_group() -> None:
        if group:
            pieces.append((text(flat(Row(tuple(group)))), group[0], group[-1], False))
            group.clear()

    for x in items:
        if needs_box(x):
            close_group()
            pieces.append((box(x), x, x, True))
        else:
            group.append(x)
            if isinstance(x, Op) and x.value in (",", ";"):
                close_group()  # "a = b, c = d": a space after the comma, as in prose
    close_group()
    out: list[Box] = []
    for k, (b, first, _last, tall) in enumerate(pieces):
        if k:
            before_box, _, before, before_tall = pieces[k - 1]
            unary = (
                isinstance(before, Op)
                and before.value in ("-", "+")
                and (len(items) and items[0] is before or _after_operator(items, before))
            )
            if not unary and _spaced(before, first, before_tall or tall):
                out.append(text(" "))
        out.append(b)
    return beside(*out)


def _after_operator(items: list[Node], node: Node) -> bool:
    k = next((i for i, x in enumerate(items) if x is node), 0)
    return k > 0 and isinstance(items[k - 1], Op | Rel)


def _spaced(left: Node, right: Node, tall: bool) -> bool:
    if isinstance(left, Rel) or isinstance(right, Rel):
        return True
    if isinstance(left, Op) and left.value in (",", ";"):
        return True
    if (
        isinstance(left, Op)
        and left.value in _SPACED_OPS
        or isinstance(right, Op)
        and right.value in _SPACED_OPS
    ):
        return True
    if isinstance(right, Fenced) or isinstance(left, Op) or isinstance(right, Op):
        return False
    return tall


def lines(items: list[Node]) -> Box:
    """The lines of a multi-line display, aligned at their first ``&``."""
    split: list[list[Node]] = [[]]
    for x in items:
        if isinstance(x, Sep) and x.value == "\\\\":
            split.append([])
        else:
            split[-1].append(x)
    drawn: list[tuple[Box, Box]] = []
    for line in split:
        if not any(not isinstance(x, Sep) for x in line):
            continue
        amp = next((k for k, x in enumerate(line) if isinstance(x, Sep) and x.value == "&"), None)
        left = row(line[:amp]) if amp is not None else Box(("",), 0)
        right = row(line[amp + 1 :] if amp is not None else line)
        drawn.append((left, right))
    if not drawn:
        return Box(("",), 0)
    lw = max(left.width for left, _ in drawn)
    boxes: list[Box] = []
    tall = any(left.height > 1 or right.height > 1 for left, right in drawn)
    for k, (left, right) in enumerate(drawn):
        if k and tall:
            boxes.append(text(""))
        joint = [text(" ")] if lw and right.rows[right.base][:1] not in ("", " ") else []
        boxes.append(beside(left.padded(lw, "right"), *joint, right))
    return stacked(boxes, boxes[0].base, align="left")


# --------------------------------------------------------------------------------------------
# the two-dimensional constructs
# --------------------------------------------------------------------------------------------


def frac(node: Frac) -> Box:
    num, den = box(node.num), box(node.den)
    if node.kind == "binom":
        return fenced(stacked([num, den], num.height - 1 if num.height > 1 else 0), "(", ")")
    rule = text("─" * (max(num.width, den.width) + 2))
    return stacked([num, rule, den], num.height)


def root(node: Root) -> Box:
    body = box(node.body)
    w = body.width
    index = ""
    if node.index is not None:
        degree = flat(node.index)
        index = {"3": "∛", "4": "∜"}.get(degree, "")
        if not index:
            index = (small(node.index, True) or degree) + "√"
    if body.height == 1:
        sign = index or "√"
        pad = " " * len(sign)
        return Box((pad + "_" * w, sign + body.rows[0]), 1)
    rows = ["  " + "_" * w]
    for k, r in enumerate(body.rows):
        rows.append(("╲│" if k == body.height - 1 else " │") + r)
    drawn = Box(tuple(rows), body.base + 1)
    return beside(text(index), drawn) if index else drawn


def big(node: Big) -> Box:
    body = row(list(node.body.items)) if node.body.items else None
    if node.op in _GLYPHS or node.op in _NAMED:
        head = text(_GLYPHS.get(node.op) or _NAMED[node.op])
        parts, base = [head], 0
        if node.sup is not None:
            parts.insert(0, tight(node.sup))
            base = parts[0].height
        if node.sub is not None:
            parts.append(tight(node.sub))
        drawn = stacked(parts, base)
        return beside(drawn, text(" "), body) if body else drawn
    if node.op in _SIDE and body is not None and len(node.body.items) > 2:
        items = list(node.body.items)
        if flat(items[-2]) == "d" and not isinstance(items[-1], Op):  # f(x) dx, spaced
            body = beside(row(items[:-2]), text(" "), text(flat(Row(tuple(items[-2:])))))
    if node.op in _SIDE or node.op == "E":
        sign = _SIDE.get(node.op, "𝔼")
        # an integral's limits sit above and below its right side, as in a displayed equation
        drawn = scripted(text(sign), node.sub, node.sup, raised=node.op in _SIDE)
        if body is None:
            return drawn
        return beside(drawn, body) if node.op == "E" else beside(drawn, text(" "), body)
    drawn = text(flat(Row((Big(node.op, node.sub, node.sup, Row()),))))
    return beside(drawn, text(" "), body) if body else drawn


def script(node: Script) -> Box:
    base = box(node.base) if node.base is not None else text("")
    if node.primes:
        base = beside(base, text("′" * node.primes))
    return scripted(base, node.sub, node.sup)


def scripted(base: Box, sub: Node | None, sup: Node | None, raised: bool = False) -> Box:
    """``base`` with a superscript at its top right and a subscript at its bottom right: in small
    Unicode characters on its first and last row where Unicode has them, a row above or below
    where it does not (or always, ``raised``)."""
    up = small(sup, True) if sup is not None and not needs_box(sup) and not raised else None
    down = small(sub, False) if sub is not None and not needs_box(sub) and not raised else None
    above = tight(sup) if sup is not None and up is None else None
    below = tight(sub) if sub is not None and down is None else None
    column: list[str] = []
    if above is not None:
        column.extend(above.rows)
    body_rows = [""] * base.height
    if up is not None:
        body_rows[0] = up
    if down is not None:
        body_rows[-1] = (body_rows[-1] + " " if body_rows[-1] and base.height == 1 else body_rows[-1]) + down
    column.extend(body_rows)
    if below is not None:
        column.extend(below.rows)
    top = above.height if above is not None else 0
    left_rows = (
        [""] * top + list(base.padded(base.width).rows) + [""] * (below.height if below is not None else 0)
    )
    left = Box(tuple(r if r else " " * base.width for r in left_rows), top + base.base)
    right = Box(tuple(column), top + base.base)
    return beside(left, right)


def fenced(body: Box, opener: str, closer: str) -> Box:
    if body.height == 1:
        return text(_FLAT.get(opener, opener) + body.rows[0] + _FLAT.get(closer, closer))
    return beside(_tall(opener, body), body, _tall(closer, body))


def _tall(delim: str, body: Box) -> Box:
    if delim in (".", ""):
        return Box(("",) * body.height, body.base)
    top, fill, bottom, middle = _TALL.get(delim, (delim, delim, delim, None))
    h = body.height
    rows = [fill] * h
    rows[0], rows[-1] = top, bottom
    if middle is not None and h >= 3:
        rows[h // 2] = middle
    return Box(tuple(rows), body.base)


def table(node: Table) -> Box:
    if node.env in _LINES:
        items: list[Node] = []
        for k, cells in enumerate(node.rows):
            if k:
                items.append(Sep("\\\\"))
            for j, cell in enumerate(cells):
                if j:
                    items.append(Sep("&"))
                items.extend(cell.items)
        return lines(items)
    cases = node.env in ("cases", "dcases") or (node.env == "array" and all(len(r) == 2 for r in node.rows))
    grid = [[row(list(cell.items)) for cell in cells] for cells in node.rows]
    columns = max((len(r) for r in grid), default=0)
    widths = [max((r[c].width for r in grid if c < len(r)), default=0) for c in range(columns)]
    drawn: list[Box] = []
    for boxes in grid:
        parts: list[Box] = []
        for c, drawn_cell in enumerate(boxes):
            if c:
                parts.append(text("  "))
            parts.append(drawn_cell.padded(widths[c], "left" if cases else "center"))
        drawn.append(beside(*parts))
    grid_box = stacked(drawn, 0, align="left")
    grid_box = Box(grid_box.rows, (grid_box.height - 1) // 2)
    if node.env in ("cases", "dcases"):
        return beside(_tall("\\{", grid_box), text(" "), grid_box)
    if node.env in _MATRIX_FENCES:
        opener, closer = _MATRIX_FENCES[node.env]
        return beside(_tall(opener, grid_box), text(" "), grid_box, text(" "), _tall(closer, grid_box))
    return grid_box
