"""Normalisation and attention: softmax (and attention built on it), standardisation (batch norm),
averages and variances, a share of a total.

Owns: ``RULES`` (idiom name -> recogniser) for this family; ``notation.idioms`` decides the order
they are tried in. Each recogniser takes a ``shapes.Shape`` and returns a sentence or None.

Must not: state an uncertain meaning as fact (symbols are named through ``Shape.name``), or say
anything about an equation it does not recognise.
"""

from __future__ import annotations

from collections.abc import Callable

from paperpal.notation.idioms.parts import (
    is_,
    subject_of,
    subject_or_this,
)
from paperpal.notation.shapes import (
    Shape,
    big_var,
    fn_name,
    is_exp,
    terms,
    unwrap,
)
from paperpal.notation.tree import (
    Apply,
    Big,
    Fenced,
    Frac,
    Root,
    Script,
    word_of,
)


def _softmax(shape: Shape) -> str | None:
    rhs = shape.rhs
    if rhs and isinstance(rhs[0], Apply) and fn_name(rhs[0].fn) == "softmax":
        arg = unwrap(rhs[0].arg)
        rest = rhs[1:]
        scores = shape.text(arg)
        if rest:
            if len(arg) == 1 and isinstance(arg[0], Frac) and isinstance(arg[0].den, Root):
                return (
                    f"attention: each query in Q is compared with every key in K (the dot products {shape.text(arg[0].num)}), "
                    f"scaled down by {shape.text(arg[0].den)}, turned into weights by softmax, and the weights average "
                    f"the values {shape.text(rest)}"
                )
            return f"a weighted average of {shape.text(rest)}, with weights given by the softmax of {scores}"
        return f"{is_(shape)} the softmax of {scores}: the scores are turned into positive weights that add up to 1"
    if len(rhs) == 1 and isinstance(rhs[0], Frac):
        num, den = unwrap(rhs[0].num), unwrap(rhs[0].den)
        if len(den) == 1 and isinstance(den[0], Big) and den[0].op == "sum":
            total = list(den[0].body.items)
            if len(num) == 1 and len(total) == 1 and is_exp(num[0]) and is_exp(total[0]):
                return (
                    f"a softmax: {shape.text(num)} divided by the sum of such terms over {big_var(den[0])}, "
                    f"so {subject_of(shape) or 'the result'} is a positive weight and all the weights add up to 1"
                )
            if len(num) == 1 and len(total) == 1 and shape.key(num[0]) == shape.key(total[0]):
                return f"a normalisation: {shape.text(num)} as a share of its total over {big_var(den[0])}, so the shares add up to 1"
    return None


def _standardise(shape: Shape) -> str | None:
    rhs = shape.rhs
    if len(rhs) == 1 and isinstance(rhs[0], Frac):
        num, den = unwrap(rhs[0].num), unwrap(rhs[0].den)
        t = terms(num)
        if len(t) == 2 and t[1][0] < 0 and len(den) == 1 and isinstance(den[0], Root):
            inside = terms(unwrap(den[0].body))
            eps = (
                f", with {shape.name(inside[-1][1][0])} added so it never divides by zero"
                if len(inside) == 2
                else ""
            )
            return (
                f"a standardisation: subtract the mean {shape.name(t[1][1][0] if len(t[1][1]) == 1 else None) if len(t[1][1]) == 1 else shape.text(t[1][1])} "
                f"from {shape.text(t[0][1])} and divide by the standard deviation {shape.text(den)}{eps}; the result has mean 0 and variance 1"
            )
    return None


def _average(shape: Shape) -> str | None:
    rhs = shape.rhs
    if (
        len(rhs) == 2
        and isinstance(rhs[0], Frac)
        and word_of(rhs[0].num) == "1"
        and isinstance(rhs[1], Big)
        and rhs[1].op == "sum"
    ):
        body = list(rhs[1].body.items)
        var = big_var(rhs[1])
        n = shape.text(rhs[0].den)
        if (
            len(body) == 1
            and isinstance(body[0], Script)
            and word_of(body[0].sup) == "2"
            and isinstance(body[0].base, Fenced)
        ):
            inside = terms(unwrap(body[0].base))
            if len(inside) == 2 and inside[1][0] < 0:
                return f"{is_(shape)} the variance: the average over the {n} values of {var} of the squared distance of {shape.text(inside[0][1])} from {shape.text(inside[1][1])}"
        return f"{is_(shape)} the average of {shape.text(body)} over the {n} values of {var}"
    return None


def _share(shape: Shape) -> str | None:
    if len(shape.rhs) == 1 and isinstance(shape.rhs[0], Frac):
        num, den = shape.text(unwrap(shape.rhs[0].num)), unwrap(shape.rhs[0].den)
        t = terms(den)
        if len(t) == 2 and all(s > 0 for s, _ in t) and num in (shape.text(t[0][1]), shape.text(t[1][1])):
            return f"{subject_or_this(shape)} is the share of {num} in the total {shape.text(den)}, a number between 0 and 1"
    return None


RULES: dict[str, Callable[[Shape], str | None]] = {
    "softmax": _softmax,
    "standardisation": _standardise,
    "average": _average,
    "share": _share,
}
