"""The working of a trial as a reader reads it: the equation with the numbers written in.

Owns: ``show(node, values, shape)`` — the right-hand side as written, each symbol replaced by its
number (``(1 − 0.75)·0.2 + 0.75·0.8``), fractions and roots spelled on one line — and the names
functions are shown with (``σ``, ``ReLU``).

Must not: compute anything (``evaluate`` does), or import sympy.
"""

from __future__ import annotations

from paperpal.notation.render import to_unicode
from paperpal.notation.shapes import Shape
from paperpal.notation.tree import (
    Accent,
    Apply,
    Atom,
    Fenced,
    Font,
    Frac,
    Node,
    Op,
    Rel,
    Root,
    Row,
    Script,
    Table,
    Text,
    word_of,
)
from paperpal.notation.tryit.values import Values, form

__all__ = ["FN_SHOWN", "fn_name", "show"]

FN_SHOWN = {"sigma": "σ", "sigmoid": "σ", "relu": "ReLU", "ReLU": "ReLU"}
_OPS = {"+": " + ", "-": " − ", "\\cdot": "·", "\\odot": "·", "\\times": "·", "*": "·", "/": "/"}


def fn_name(node: Node) -> str:
    core = node.base if isinstance(node, Script) else node
    if isinstance(core, Atom):
        return core.value
    return word_of(core)


def show(node: Node, values: Values, shape: Shape) -> str:
    """``node`` with each symbol's number in place of the symbol."""
    if isinstance(node, Row):
        out = ""
        items = list(node.items)
        while items and isinstance(items[-1], Op) and items[-1].value in (",", ";", "."):
            items.pop()  # a cell's trailing punctuation
        for k, x in enumerate(items):
            before = items[k - 1] if k else None
            if isinstance(x, Rel):
                out += f" {to_unicode(x.value)} "
                continue
            if isinstance(x, Text):
                word = x.value.strip()
                out += f"{word} " if word not in ("if", "when") else ""
                continue
            applied = isinstance(before, Text) and isinstance(x, Fenced)  # \text{sigmoid}(x)
            joined = isinstance(before, Op | Rel | Text) or applied
            if k and not isinstance(x, Op) and not joined:
                out += "·"
            out += show(x, values, shape)
        return out.strip()
    if isinstance(node, Op):
        return _OPS.get(node.value, node.value)
    if isinstance(node, Atom | Script | Font | Accent):
        number = values.shown(form(node))
        if number is not None:
            return number
    if isinstance(node, Frac):
        return f"({show(node.num, values, shape)})/({show(node.den, values, shape)})"
    if isinstance(node, Fenced):
        inner = show(node.body, values, shape)
        return {"|": f"|{inner}|", "\\|": f"‖{inner}‖"}.get(node.open, f"({inner})")
    if isinstance(node, Apply):
        arg = node.arg
        inner = show(arg.body, values, shape) if isinstance(arg, Fenced) else show(arg, values, shape)
        return f"{FN_SHOWN.get(fn_name(node.fn), shape.text(node.fn))}({inner})"
    if isinstance(node, Root):
        return f"√({show(node.body, values, shape)})"
    if isinstance(node, Script) and isinstance(node.base, Apply) and word_of(node.sup) in ("i", "j"):
        return show(node.base, values, shape)  # σ(…)^j: its j-th entry, a single number here
    if isinstance(node, Table):
        rows = []
        for row in node.rows:
            value = show(row[0], values, shape)
            condition = " ".join(show(cell, values, shape) for cell in row[1:])
            rows.append(
                f"{value} if {condition}" if condition and condition != "otherwise" else f"{value} otherwise"
            )
        return "; ".join(rows)
    if (
        isinstance(node, Fenced)
        and node.open == "\\{"
        and len(node.body.items) == 1
        and isinstance(node.body.items[0], Table)
    ):
        return show(node.body.items[0], values, shape)
    if isinstance(node, Text):
        return node.value.strip()
    if isinstance(node, Script) and node.sup is not None and node.base is not None:
        base = Script(node.base, node.sub, None, node.primes, node.start, node.end) if node.sub else node.base
        return f"{show(base, values, shape)}^{show(node.sup, values, shape)}"
    return shape.text(node)
