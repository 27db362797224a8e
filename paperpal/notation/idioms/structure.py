"""Settings, sets and structure: a value fixed to a number, big-O costs, membership of a real
space, sets and lists, mappings, rounding down, definitions by cases, and a short sum of named
quantities said with their meanings.

Owns: ``RULES`` (idiom name -> recogniser) for this family; ``notation.idioms`` decides the order
they are tried in. Each recogniser takes a ``shapes.Shape`` and returns a sentence or None.

Must not: state an uncertain meaning as fact (symbols are named through ``Shape.name``), or say
anything about an equation it does not recognise.
"""

from __future__ import annotations

from collections.abc import Callable

from paperpal.notation.idioms.parts import (
    is_,
    is_arrow,
    leaves,
    subject_of,
)
from paperpal.notation.shapes import (
    Shape,
    fn_name,
    has,
    is_rel,
    unwrap,
)
from paperpal.notation.tree import (
    Accent,
    Apply,
    Atom,
    Fenced,
    Font,
    Frac,
    Op,
    Rel,
    Row,
    Script,
    Table,
    Text,
    word_of,
)


def _setting(shape: Shape) -> str | None:
    if (
        len(shape.lhs) == 1
        and len(shape.rhs) == 1
        and isinstance(shape.rhs[0], Atom)
        and shape.rhs[0].kind == "number"
    ):
        return f"a setting: {shape.name(shape.lhs[0])} is fixed at {shape.rhs[0].value}"
    return None


def _big_o(shape: Shape) -> str | None:
    items = shape.lhs + shape.rhs if shape.lhs else shape.rhs
    os = [x for x in items if isinstance(x, Apply) and fn_name(x.fn) == "O"]
    if os and len(os) * 1 >= len([x for x in items if not isinstance(x, Op | Rel)]):
        return (
            "costs in big-O notation: "
            + "; ".join(f"grows like {shape.text(unwrap(x.arg))}" for x in os)
            + ", ignoring constant factors"
        )  # type: ignore[union-attr]
    return None


def _membership(shape: Shape) -> str | None:
    items = shape.items
    for k, x in enumerate(items):
        if is_rel(x, "\\in") and k + 1 < len(items):
            space = items[k + 1]
            if isinstance(space, Script) and isinstance(space.base, Font) and word_of(space.base.body) == "R":
                dims = shape.text(space.sup)
                kind = (
                    "matrix"
                    if has(space.sup, lambda y: isinstance(y, Op) and y.value == "\\times")
                    else "vector"
                )
                return f"{shape.name(items[k - 1]) if k else 'it'} is a {kind} of real numbers of size {dims.replace('×', ' by ').replace('  ', ' ')}"
    return None


def _set(shape: Shape) -> str | None:
    rhs = shape.rhs
    if len(shape.lhs) == 1 and len(rhs) == 1:
        node = rhs[0].base if isinstance(rhs[0], Script) else rhs[0]
        if (
            isinstance(node, Fenced)
            and node.open == "\\{"
            and not any(isinstance(y, Table) for y in node.body.items)
        ):
            return f"{shape.name(shape.lhs[0])} is the collection of {shape.text(list(node.body.items))}"
        if (
            isinstance(node, Fenced)
            and node.open == "["
            and has(node, lambda y: isinstance(y, Op) and y.value == ",")
        ):
            return f"{shape.name(shape.lhs[0])} is shorthand for the list {shape.text(list(node.body.items))}"
        if isinstance(node, Text) or (
            isinstance(node, Row) and node.items and all(isinstance(y, Text) for y in node.items)
        ):
            return f"{shape.text(shape.lhs)} stands for the {shape.text(rhs).strip().rstrip(',.')}"
    return None


def _mapping(shape: Shape) -> str | None:
    items = shape.items
    for k, x in enumerate(items):
        if (
            isinstance(x, Op)
            and x.value == ":"
            and k + 1 < len(items)
            and any(isinstance(y, Rel) and y.value in ("\\rightarrow", "\\to") for y in items[k:])
        ):
            arrow = next(j for j in range(k, len(items)) if is_arrow(items[j]))
            return f"{shape.text(items[:k])} is a mapping: it takes {shape.text(items[k + 1 : arrow])} to {shape.text(items[arrow + 1 :])}"
    return None


def _floor(shape: Shape) -> str | None:
    for x in shape.rhs:
        if (
            isinstance(x, Fenced)
            and x.open == "\\lfloor"
            and len(x.body.items) == 1
            and isinstance(x.body.items[0], Frac)
        ):
            frac = x.body.items[0]
            return f"{is_(shape)} computed by counting how many whole steps of {shape.text(frac.den)} fit into {shape.text(frac.num)} (the division is rounded down)"
    return None


def _cases(shape: Shape) -> str | None:
    if len(shape.rhs) == 1 and isinstance(shape.rhs[0], Table | Fenced):
        table = shape.rhs[0]
        if isinstance(table, Fenced) and len(table.body.items) == 1:
            table = table.body.items[0]  # type: ignore[assignment]
        if (
            isinstance(table, Table)
            and table.env in ("cases", "dcases", "array")
            and all(len(r) == 2 for r in table.rows)
            and len(table.rows) >= 2
        ):
            parts = [
                f"{shape.text(list(r[0].items))} when {shape.text(list(r[1].items)).removeprefix('if ').strip()}"
                for r in table.rows
            ]
            return f"{subject_of(shape) or 'the value'} is defined case by case: " + "; ".join(parts)
    return None


def _arithmetic(shape: Shape) -> str | None:
    """A short sum of named quantities, said with their meanings: only when every symbol has one."""
    if len(shape.lhs) != 1 or not shape.rhs or len(shape.rhs) > 9:
        return None
    symbols = [x for x in leaves(shape.rhs) if not (isinstance(x, Atom) and x.kind == "number")]
    if not symbols or any(not shape.meaning(x)[0] for x in symbols + [shape.lhs[0]]):
        return None
    words = []
    for x in shape.rhs:
        if isinstance(x, Op) and x.value in ("+", "-"):
            words.append("plus" if x.value == "+" else "minus")
        elif isinstance(x, Atom | Script | Font | Accent):
            words.append(shape.name(x))
        elif isinstance(x, Fenced) and x.open == "(":
            inner = [
                shape.name(y)
                if isinstance(y, Atom | Script | Font | Accent)
                else {"+": "plus", "-": "minus"}.get(getattr(y, "value", ""), shape.text(y))
                for y in x.body.items
            ]
            words.append("(" + " ".join(inner) + ")")
        else:
            return None
    return f"{shape.name(shape.lhs[0])} is {' '.join(words)}"


RULES: dict[str, Callable[[Shape], str | None]] = {
    "setting": _setting,
    "big-o": _big_o,
    "membership": _membership,
    "set": _set,
    "mapping": _mapping,
    "floor": _floor,
    "cases": _cases,
    "arithmetic": _arithmetic,
}
