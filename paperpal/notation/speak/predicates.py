"""Small questions the reader asks about nodes before saying them: is it simple enough to say
without pauses, is a fraction a derivative (and of what, with respect to what), is ``∘`` between
two functions, are three dots an ellipsis.

Owns: pure predicates and helpers over ``notation.tree`` nodes for ``speak.reader``. One reason to
change: when a construct counts as simple, a derivative, a list.

Must not: produce sentences beyond a single atom's word (``atom_said``), or know meanings.
"""

from __future__ import annotations

from paperpal.notation.speak.words import BIG, FUNCTIONS, GREEK_SAID, SYMBOLS
from paperpal.notation.tree import Accent, Atom, Font, Frac, Node, Op, Rel, Row, Script, Sep, Text, word_of


def atom_said(node: Atom) -> str:
    if node.kind == "greek":
        return GREEK_SAID.get(node.value, node.value)
    if node.kind == "dots":
        return (
            "dot dot dot"
            if node.value in ("ldots", "cdots")
            else {"vdots": "vertical dots", "ddots": "diagonal dots"}[node.value]
        )
    if node.kind == "function":
        return FUNCTIONS.get(node.value, node.value).removeprefix("the ").removesuffix(" of")
    if node.kind == "bigop":
        return BIG.get(node.value, node.value).removeprefix("the ")
    if node.kind == "symbol":
        return SYMBOLS.get(node.value, node.value)
    return node.value


def items_of(node: Node) -> tuple[Node, ...]:
    return node.items if isinstance(node, Row) else (node,)


def flat(node: Node) -> str:
    if isinstance(node, Atom):
        return node.value
    if isinstance(node, Op | Rel):
        return node.value
    if isinstance(node, Row):
        return "".join(flat(x) for x in node.items)
    return "…"


def simple(node: Node) -> bool:
    """One symbol, number or short word: read without pauses around it."""
    if isinstance(node, Row):
        if len(node.items) == 1:
            return simple(node.items[0])
        return (
            bool(node.items)
            and len(node.items) <= 3
            and all(isinstance(x, Atom) and x.kind == "letter" for x in node.items)
        )
    if isinstance(node, Atom | Text):
        return True
    if isinstance(node, Font | Accent):
        return simple(node.body)
    if isinstance(node, Script):
        return (
            node.base is not None
            and simple(node.base)
            and all(s is None or (isinstance(s, Atom | Font)) for s in (node.sub, node.sup))
        )
    return False


def is_single_operand(items: tuple[Node, ...]) -> bool:
    return len(items) == 1 and not isinstance(items[0], Op | Rel | Sep)


def function_name(fn: Node) -> str:
    if isinstance(fn, Atom) and fn.kind in ("function", "bigop", "word"):
        return fn.value
    if isinstance(fn, Font):
        return word_of(fn.body)
    return ""


def derivative_parts(node: Frac) -> tuple[int, str, Node | None, list[Node]] | None:
    """(order, "partial"|"total", what is differentiated or None, variables) of d/dx-like fractions."""
    num = list(items_of(node.num))
    den = list(items_of(node.den))
    head = num[0] if num else None
    order = 1
    kind = ""
    if isinstance(head, Script) and isinstance(head.base, Op) and head.base.value == "\\partial":
        kind, order = "partial", int(word_of(head.sup)) if word_of(head.sup).isdigit() else 1
    elif isinstance(head, Op) and head.value == "\\partial":
        kind = "partial"
    elif (
        isinstance(head, Atom) and head.value == "d" or (isinstance(head, Font) and word_of(head.body) == "d")
    ):
        kind = "total"
    elif isinstance(head, Script) and (word_of(head.base) == "d") and word_of(head.sup).isdigit():
        kind, order = "total", int(word_of(head.sup))
    if not kind or not den:
        return None
    wrt: list[Node] = []
    k = 0
    while k < len(den):
        x = den[k]
        is_d = (
            (isinstance(x, Op) and x.value == "\\partial")
            or (isinstance(x, Atom) and x.value == "d")
            or (isinstance(x, Font) and word_of(x.body) == "d")
        )
        if is_d and k + 1 < len(den):
            wrt.append(den[k + 1])
            k += 2
            continue
        if (
            isinstance(x, Script)
            and isinstance(x.base, Atom | Op)
            and flat(x.base) in ("d", "\\partial")
            and x.sup is not None
        ):
            k += 1  # dx^2 style: keep going
            continue
        return None
    if not wrt:
        return None
    rest = num[1:]
    of: Node | None = None
    if rest:
        of = rest[0] if len(rest) == 1 else Row(tuple(rest))
    return order, kind, of, wrt


def derivative_operator(node: Frac) -> bool:
    d = derivative_parts(node)
    return d is not None and d[2] is None


def functions_around(items: list[Node], k: int) -> bool:
    """``f \\circ g``: both sides are function names or letters papers use for functions."""

    def fn_like(x: Node | None) -> bool:
        return isinstance(x, Atom) and (
            x.kind == "function" or x.value in ("f", "g", "h", "F", "G", "phi", "psi")
        )

    before = items[k - 1] if k >= 1 else None
    after = items[k + 1] if k + 1 < len(items) else None
    return fn_like(before) and fn_like(after)


def dots(items: list[Node]) -> list[Node]:
    """Three ``.`` in a row (``...`` typed, or from a PDF) are one ellipsis."""
    out: list[Node] = []
    k = 0
    while k < len(items):
        if all(k + m < len(items) and op_is(items[k + m], ".") for m in range(3)):  # type: ignore[union-attr]
            out.append(Atom("dots", "ldots"))
            k += 3
            while k < len(items) and isinstance(items[k], Op) and items[k].value == ".":  # type: ignore[union-attr]
                k += 1
            continue
        out.append(items[k])
        k += 1
    return out


def op_is(node: Node, value: str) -> bool:
    return isinstance(node, Op) and node.value == value
