"""A two-dimensional drawing of an equation, from paperpal's own tree, for the terminal.

Owns: ``draw(latex) -> str | None``, the multi-line monospace form ``EquationInfo.pretty`` holds:
fractions stacked, sums and products with their limits above and below, roots under a radical,
scripts raised and lowered (``draw``). Equations without a fraction, a big operator with limits
or a root read as well on one line (``render.to_unicode``), so they get None; so does a drawing
wider than ``MAX_WIDTH`` columns or taller than ``MAX_HEIGHT`` rows (it would wrap or crowd the
screen) and an equation whose LaTeX is incomplete.

It replaces the sympy pretty printer, dropped in issue 17 (it drew 4 of 180 such corpus
equations and cost most of a second of imports): pure Python over the tree every reader already
builds, measured in ``benchmarks/bench_equations.py``.

The package: ``boxes`` (rectangles of text and how they join), ``drawing`` (tree nodes to boxes).

Must not: raise, or import anything heavy (it runs for every display equation of a report).
"""

from __future__ import annotations

from paperpal.notation.tree import Big, Frac, Node, Root, parse

__all__ = ["MAX_HEIGHT", "MAX_WIDTH", "draw", "worth_drawing"]

MAX_WIDTH = 100
MAX_HEIGHT = 24
_LIMITED = frozenset(
    "sum prod coprod bigcup bigcap bigoplus bigotimes bigvee bigwedge int iint iiint oint max min "
    "sup inf argmax argmin lim limsup liminf".split()
)


def worth_drawing(node: Node | None) -> bool:
    """Whether ``node`` holds a fraction, a root or a big operator with limits."""
    stack: list[object] = [node]
    while stack:
        x = stack.pop()
        if x is None:
            continue
        if isinstance(x, Frac | Root):
            return True
        if isinstance(x, Big) and x.op in _LIMITED and (x.sub is not None or x.sup is not None):
            return True
        for child in ("items", "body", "num", "den", "base", "sub", "sup", "fn", "arg", "top", "index"):
            value = getattr(x, child, None)
            if isinstance(value, tuple):
                stack.extend(value)
            elif value is not None and not isinstance(value, str | int):
                stack.append(value)
        rows = getattr(x, "rows", None)
        if rows:
            stack.extend(cell for r in rows for cell in r)
    return False


def draw(latex: str) -> str | None:
    """``latex`` drawn in rows of monospace text, or None (see the module docstring)."""
    from paperpal.notation.layout.drawing import forget, row

    if not isinstance(latex, str) or not latex.strip():
        return None
    try:
        tree = parse(latex)
        if not tree.complete or not worth_drawing(tree.root):
            return None
        forget()
        drawn = row(list(tree.root.items))
    except (RecursionError, ValueError, IndexError, KeyError, TypeError, AttributeError):
        return None
    rows = [r.rstrip() for r in drawn.rows]
    while rows and not rows[0].strip():
        rows.pop(0)
    while rows and not rows[-1].strip():
        rows.pop()
    if len(rows) < 2 or len(rows) > MAX_HEIGHT:
        return None
    from paperpal.notation.layout.boxes import width

    if max(width(r) for r in rows) > MAX_WIDTH:
        return None
    return "\n".join(rows)
