"""Pieces the idiom families share: how an equation's subject is said, and small questions about
nodes (the core under a script, a ``d``/``∂`` operator, a derivative fraction's parts).

Owns: ``subject_of``/``subject_or_this``/``is_`` (the start of a sentence about an equation) and node
helpers used by more than one family.

Must not: recognise an idiom, or state a meaning (``Shape.name`` does, certain-aware).
"""

from __future__ import annotations

from paperpal.notation.shapes import (
    Shape,
    unwrap,
)
from paperpal.notation.tree import (
    Accent,
    Atom,
    Fenced,
    Font,
    Frac,
    Node,
    Op,
    Rel,
    Row,
    Script,
    word_of,
)


def subject_of(shape: Shape) -> str:
    return shape.subject() if shape.lhs else ""


def subject_or_this(shape: Shape) -> str:
    return shape.subject() if shape.lhs else "this"


def is_(shape: Shape) -> str:
    """ "zₜ (…) is" or "" when the equation has no left side."""
    subject = subject_of(shape)
    return f"{subject} is" if subject else "this is"


def core_of(node: Node) -> Node:
    return node.base if isinstance(node, Script) and node.base is not None else node


def first(node: Node) -> Node:
    items = unwrap(node)
    return items[0] if len(items) == 1 else node


def strip_d(body: list[Node]) -> list[Node]:
    for k in range(len(body) - 1, 0, -1):
        if word_of(body[k - 1]) == "d":
            return body[: k - 1]
    return body


def is_d_operator(x: Frac) -> bool:
    items = unwrap(x.num)
    return len(items) == 1 and (
        word_of(items[0]) == "d" or (isinstance(items[0], Op) and items[0].value == "\\partial")
    )


def flatten_parens(items: list[Node]) -> list[Node]:
    out: list[Node] = []
    for x in items:
        if isinstance(x, Fenced) and x.open == "(":
            out.extend(flatten_parens(list(x.body.items)))
        else:
            out.append(x)
    return out


def is_derivative(x: Frac) -> bool:
    head = unwrap(x.num)[0] if unwrap(x.num) else None
    return isinstance(head, Op) and head.value == "\\partial" or word_of(head) == "d"


def is_d(node: Node | None) -> bool:
    return (
        (isinstance(node, Op) and node.value == "\\partial")
        or word_of(node) == "d"
        or (
            isinstance(node, Script)
            and (word_of(node.base) == "d" or isinstance(node.base, Op) and node.base.value == "\\partial")
        )
    )


def derivative_of(node: Node) -> tuple[str, str] | None:
    """(what, with respect to) of ``∂f/∂x``, ``d/dx`` or ``∇_x f``; None otherwise."""
    if isinstance(node, Frac):
        num, den = unwrap(node.num), unwrap(node.den)
        if num and is_d(num[0]) and den and is_d(den[0]):
            return ("", "") if len(num) == 1 else ("num", "den")
    return None


def leaves(items: list[Node]) -> list[Node]:
    out: list[Node] = []
    for x in items:
        if isinstance(x, Fenced):
            out.extend(leaves(list(x.body.items)))
        elif isinstance(x, Atom | Script | Font | Accent):
            out.append(x)
        elif not isinstance(x, Op):
            out.append(x)  # anything else (a fraction, a function): not a plain sum
            return out + [Row()]
    return out


def is_arrow(node: Node) -> bool:
    return isinstance(node, Rel) and node.value in ("\\rightarrow", "\\to")
