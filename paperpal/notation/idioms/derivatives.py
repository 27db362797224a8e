"""Derivatives: a gradient or derivative written out on the right, Jacobians and Hessians, the
chain rule.

Owns: ``RULES`` (idiom name -> recogniser) for this family; ``notation.idioms`` decides the order
they are tried in. Each recogniser takes a ``shapes.Shape`` and returns a sentence or None.

Must not: state an uncertain meaning as fact (symbols are named through ``Shape.name``), or say
anything about an equation it does not recognise.
"""

from __future__ import annotations

from collections.abc import Callable

from paperpal.notation.idioms.parts import (
    derivative_of,
    flatten_parens,
    is_d,
    is_derivative,
    subject_or_this,
)
from paperpal.notation.shapes import (
    Shape,
    factors,
    unwrap,
)
from paperpal.notation.tree import (
    Fenced,
    Frac,
    Op,
    Script,
    Table,
    word_of,
)


def _derivative_lhs(shape: Shape) -> str | None:
    lhs = shape.lhs
    if not lhs:
        return None
    head = lhs[0]
    if isinstance(head, Script) and isinstance(head.base, Op) and head.base.value == "\\nabla":
        what = shape.text(lhs[1:])
        return (
            f"the gradient of {what} with respect to {shape.name(head.sub)}: how much {what} changes when "
            f"{shape.text(head.sub)} changes a little, worked out from the quantities that depend on it (backpropagation)"
        )
    if isinstance(head, Frac) and derivative_of(head) is not None:
        num, den = unwrap(head.num), unwrap(head.den)
        wrt = shape.text([x for x in den if not is_d(x)])
        what = shape.text(num[1:]) if len(num) > 1 else shape.text(lhs[1:])
        second = isinstance(num[0], Script) and word_of(num[0].sup) == "2"
        rate = "how the rate of change of" if second else "how much"
        tail = " itself changes" if second else " changes"
        return f"a derivative: {rate} {what}{tail} when {wrt} changes a little, written out on the right"
    return None


def _jacobian(shape: Shape) -> str | None:
    for x in shape.rhs:
        table = x.body.items[0] if isinstance(x, Fenced) and len(x.body.items) == 1 else x
        if isinstance(table, Table) and "matrix" in table.env:
            cells = [c.items[0] for r in table.rows for c in r if len(c.items) == 1]
            derivs = [c for c in cells if isinstance(c, Frac) and derivative_of(c) is not None]
            if len(derivs) >= max(2, len(cells) // 2):
                second = any(isinstance(unwrap(d.num)[0], Script) for d in derivs)  # type: ignore[union-attr]
                kind = (
                    "the Hessian: the matrix of all second derivatives"
                    if second
                    else "the Jacobian: the matrix of all first derivatives"
                )
                return f"{subject_or_this(shape)} is {kind}, one row per output and one column per input"
    return None


def _chain_rule(shape: Shape) -> str | None:
    derivs = [x for x in factors(flatten_parens(shape.rhs)) if isinstance(x, Frac) and is_derivative(x)]
    if len(derivs) >= 2 and len(derivs) == len(factors(flatten_parens(shape.rhs))):
        return "the chain rule: the derivative through a chain of functions is the product of the derivatives of each link"
    return None


RULES: dict[str, Callable[[Shape], str | None]] = {
    "derivative": _derivative_lhs,
    "jacobian": _jacobian,
    "chain-rule": _chain_rule,
}
