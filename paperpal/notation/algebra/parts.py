"""Pieces the tree-to-sympy conversion shares: what stops it, and small questions about nodes.

Owns: ``Unsupported`` (a part with no faithful sympy form, and why), the vocabularies the
conversion reads (which operators multiply, which relations are equalities, the connective words
between statements, the functions sympy knows), and helpers over tree nodes: splitting at a
separator, trimming punctuation, whether a node is a symbol or a function name, how a relation
becomes a sympy relation or an infix form.

Must not: be imported at start-up (it imports sympy), or convert a whole node (``convert`` does).
"""

from __future__ import annotations

import re
from typing import Any

import sympy

from paperpal.notation.algebra import forms
from paperpal.notation.tree import (
    Accent,
    Atom,
    Fenced,
    Font,
    Node,
    Op,
    Rel,
    Row,
    Script,
    Stack,
    Text,
    word_of,
)

__all__ = [
    "CONNECTIVES", "EQUALS", "KNOWN", "PRODUCT", "SPECIAL", "Unsupported", "applied_text",
    "functions_around", "has_relation", "holds_relation", "indexed", "is_named", "is_prose",
    "is_symbolic", "items_of", "name_of", "op_reason", "relate", "relation_of", "signed", "single",
    "split", "trim", "unwrap",
]  # fmt: skip


class Unsupported(Exception):
    """A part of the equation sympy cannot represent faithfully; the message says which."""


PRODUCT = frozenset({"\\cdot", "\\times", "*", "\\odot", "\\ast", "\\bullet"})
EQUALS = frozenset({"=", "\\equiv", "\\triangleq", "\\coloneqq", "\\doteq", "\\leftarrow", "\\gets"})
CONNECTIVES = frozenset(
    "for and where with if when s.t. st subject to such that all otherwise or then while given "
    "else since as in on at each every".split()
)
KNOWN: dict[str, Any] = {
    "exp": sympy.exp, "log": sympy.log, "ln": sympy.log, "sin": sympy.sin, "cos": sympy.cos,
    "tan": sympy.tan, "tanh": sympy.tanh, "sinh": sympy.sinh, "cosh": sympy.cosh,
    "arcsin": sympy.asin, "arccos": sympy.acos, "arctan": sympy.atan, "sqrt": sympy.sqrt,
    "sgn": sympy.sign, "sign": sympy.sign, "abs": sympy.Abs,
}  # fmt: skip
SPECIAL = {"infty": sympy.oo, "emptyset": sympy.EmptySet, "varnothing": sympy.EmptySet}


def is_prose(word: str) -> bool:
    return word.lower() in CONNECTIVES or word.lower() in (
        "is",
        "are",
        "the",
        "of",
        "namely",
        "then",
        "thus",
    )


def has_relation(items: list[Node]) -> bool:
    return any(relation_of(x) is not None for x in items)


def holds_relation(node: Node) -> bool:
    return any(isinstance(x, Rel) for x in items_of(node))


def signed(sign: int, value: Any) -> Any:
    return value if sign > 0 else -value


def relation_of(node: Node) -> str | None:
    if isinstance(node, Rel):
        return node.value
    if isinstance(node, Stack) and isinstance(node.base, Rel):
        return "=" if node.base.value == "=" else node.base.value
    return None


def relate(rel: str, a: Any, b: Any) -> Any:
    if rel in EQUALS:
        return sympy.Eq(a, b, evaluate=False)
    made = {"<": sympy.Lt, ">": sympy.Gt, "\\leq": sympy.Le, "\\le": sympy.Le, "\\leqslant": sympy.Le,
            "\\geq": sympy.Ge, "\\ge": sympy.Ge, "\\geqslant": sympy.Ge, "\\neq": sympy.Ne,
            "\\ne": sympy.Ne}.get(rel)  # fmt: skip
    if made is not None:
        return made(a, b, evaluate=False)
    cls = forms.relation(rel)
    if cls is None:
        raise Unsupported(f"the relation {rel} has no sympy form")
    return cls(a, b)


def op_reason(value: str) -> str:
    return {
        ":": "a mapping or a set rule (':') has no sympy form",
        "\\colon": "a mapping or a set rule (':') has no sympy form",
        "|": "a bar outside a function's arguments has no sympy form",
        "\\partial": "a ∂ on its own has no sympy form",
        "\\forall": "a 'for all' has no sympy form",
        "\\exists": "a 'there exists' has no sympy form",
    }.get(value, f"the operator {value!r} has no sympy form here")


def split(items: list[Node], sep: str) -> list[list[Node]]:
    parts: list[list[Node]] = [[]]
    for x in items:
        if isinstance(x, Op) and x.value == sep:
            parts.append([])
        else:
            parts[-1].append(x)
    if len(parts) > 1 and any(not p for p in parts):
        raise Unsupported("a list has an empty item")
    return [p for p in parts if p]


def items_of(node: Node | None) -> tuple[Node, ...]:
    if node is None:
        return ()
    return node.items if isinstance(node, Row) else (node,)


def single(items: tuple[Node, ...] | list[Node]) -> Node:
    return items[0] if len(items) == 1 else Row(tuple(items))


def unwrap(items: list[Node]) -> list[Node]:
    if len(items) == 1 and isinstance(items[0], Fenced) and items[0].open in ("[", "(", "."):
        return list(items[0].body.items)
    return items


def trim(items: list[Node]) -> list[Node]:
    while items and isinstance(items[-1], Op) and items[-1].value in (",", ".", ";", ":"):
        items = items[:-1]
    while items and isinstance(items[0], Op) and items[0].value in (",", ";"):
        items = items[1:]
    return items


def is_symbolic(node: Node) -> bool:
    core = node
    while isinstance(core, Font | Accent):
        core = core.body
    return (
        isinstance(core, Atom)
        and core.kind in ("letter", "greek")
        or (
            isinstance(core, Row)
            and bool(core.items)
            and all(isinstance(x, Atom) and x.kind == "letter" for x in core.items)
        )
    )


def is_named(node: Node) -> bool:
    return (isinstance(node, Atom) and node.kind in ("function", "word")) or (
        isinstance(node, Font) and node.font == "roman" and len(word_of(node.body)) > 1
    )


def name_of(fn: Node) -> str:
    if isinstance(fn, Atom):
        return fn.value
    if isinstance(fn, Font | Text):
        return word_of(fn)
    return ""


def applied_text(node: Node, items: list[Node], k: int) -> bool:
    """``\\text{softmax}(x)``: a word written as text, then its parenthesised argument."""
    if not (
        isinstance(node, Text) and re.fullmatch(r"[A-Za-z]{2,}", node.value.strip()) and k + 1 < len(items)
    ):
        return False
    after = items[k + 1]
    if isinstance(after, Script) and after.sub is None:
        after = after.base  # type: ignore[assignment]
    return isinstance(after, Fenced) and after.open in ("(", "[")


def functions_around(items: list[Node], k: int) -> bool:
    def fn_like(x: Node | None) -> bool:
        return isinstance(x, Atom) and (
            x.kind == "function" or x.value in ("f", "g", "h", "F", "G", "phi", "psi")
        )

    return fn_like(items[k - 1] if k >= 1 else None) and fn_like(items[k + 1] if k + 1 < len(items) else None)


def indexed(value: Any, indices: list[Any]) -> Any:
    if isinstance(value, sympy.Indexed):
        return sympy.IndexedBase(value.base.label)[(*value.indices, *indices)]
    return sympy.IndexedBase(value)[tuple(indices)]
