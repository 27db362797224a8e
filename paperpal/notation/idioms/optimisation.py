"""Optimisers, updates and objectives: gradient-descent steps (Adam's update), bias correction,
argmax decisions, minimax games, extremes, norms as regularisers, convexity inequalities.

Owns: ``RULES`` (idiom name -> recogniser) for this family; ``notation.idioms`` decides the order
they are tried in. Each recogniser takes a ``shapes.Shape`` and returns a sentence or None.

Must not: state an uncertain meaning as fact (symbols are named through ``Shape.name``), or say
anything about an equation it does not recognise.
"""

from __future__ import annotations

from collections.abc import Callable

from paperpal.notation.idioms.parts import (
    core_of,
    is_,
    is_d_operator,
    subject_of,
    subject_or_this,
)
from paperpal.notation.shapes import (
    Shape,
    factors,
    has,
    one_minus,
    terms,
    unwrap,
)
from paperpal.notation.tree import (
    Accent,
    Big,
    Fenced,
    Frac,
    Op,
    Rel,
    Root,
    Row,
    Script,
    word_of,
)


def _minimax(shape: Shape) -> str | None:
    for side in (shape.lhs, shape.rhs):
        if side and isinstance(side[0], Big) and side[0].op in ("min", "max"):
            outer = side[0]
            inner = outer.body.items[0] if outer.body.items else None
            if isinstance(inner, Big) and inner.op in ("min", "max") and inner.op != outer.op:
                mx, mn = (inner, outer) if inner.op == "max" else (outer, inner)
                objective = shape.text(list(inner.body.items))
                return (
                    f"a two-player game over {objective}: {shape.name(mx.sub)} is chosen to make it as "
                    f"large as possible, while {shape.name(mn.sub)} is chosen to make it as small as possible"
                )
    return None


def _argmax(shape: Shape) -> str | None:
    if len(shape.rhs) == 1 and isinstance(shape.rhs[0], Big) and shape.rhs[0].op in ("argmax", "argmin"):
        big = shape.rhs[0]
        goal = "largest" if big.op == "argmax" else "smallest"
        who = subject_of(shape) or "the answer"
        return f"{who} is the choice of {shape.name(big.sub)} that makes {shape.text(list(big.body.items))} {goal}"
    return None


def _gradient_step(shape: Shape) -> str | None:
    if len(shape.lhs) != 1:
        return None
    t = terms(shape.rhs)
    if len(t) != 2 or t[0][0] < 0 or t[1][0] > 0 or len(t[0][1]) != 1:
        return None
    lhs, start = shape.lhs[0], t[0][1][0]
    if shape.key(lhs) != shape.key(start):
        return None
    step = factors(t[1][1])
    rate, direction = (step[0], step[1:]) if len(step) >= 2 else (None, step)
    said_rate = f" of size {shape.name(rate)}" if rate is not None else ""
    move = shape.text(direction)
    adam = ""
    if len(direction) == 1 and isinstance(direction[0], Frac) and isinstance(direction[0].den, Root | Row):
        adam = " (Adam's update: the average gradient divided by the root of the average squared gradient)"
    grad = has(direction, lambda x: isinstance(x, Op) and x.value == "\\nabla") or has(
        direction, lambda x: isinstance(x, Frac) and is_d_operator(x)
    )
    what = "the gradient" if grad or word_of(direction[0] if direction else None) == "g" else move
    return f"a gradient-descent step: {shape.name(lhs)} moves against {what}{said_rate}{adam}"


def _bias_correction(shape: Shape) -> str | None:
    if len(shape.lhs) != 1 or len(shape.rhs) != 1 or not isinstance(shape.rhs[0], Frac):
        return None
    lhs, frac = shape.lhs[0], shape.rhs[0]
    den = unwrap(frac.den)
    t = terms(den)
    if not (isinstance(core_of(lhs), Accent) and len(t) == 2 and t[1][0] < 0 and word_of(t[0][1][0]) == "1"):
        return None
    power = t[1][1][0]
    if not (isinstance(power, Script) and power.sup is not None):
        return None
    return (
        f"bias correction: {shape.text(frac.num)} is divided by {shape.text(den)}, which undoes the pull towards zero "
        f"of an average that started at zero (it matters only in the first steps)"
    )


def _norm(shape: Shape) -> str | None:
    for _, term in terms(shape.rhs)[1:]:
        parts = factors(term)
        for x in parts:
            core = core_of(x)
            if isinstance(core, Fenced) and core.open == "\\|":
                weight = [p for p in parts if p is not x]
                by = f", weighted by {shape.name(weight[0])}" if weight else ""
                return f"{is_(shape)} a sum with a penalty on the size of {shape.text(list(core.body.items))} (a regulariser{by}), which keeps it small"
    only = core_of(shape.rhs[0]) if len(shape.rhs) == 1 else None
    if isinstance(only, Fenced) and only.open == "\\|":
        return f"{is_(shape)} the length (norm) of {shape.text(list(only.body.items))}"
    return None


def _extremum(shape: Shape) -> str | None:
    rhs = shape.rhs
    if (
        len(rhs) == 1
        and isinstance(rhs[0], Big)
        and rhs[0].op in ("max", "min", "sup", "inf")
        and rhs[0].sub is not None
    ):
        goal = "largest" if rhs[0].op in ("max", "sup") else "smallest"
        return f"{subject_or_this(shape)} is the {goal} value {shape.text(list(rhs[0].body.items))} can reach as {shape.name(rhs[0].sub)} varies"
    return None


def _convexity(shape: Shape) -> str | None:
    items = shape.items
    rel = next((k for k, x in enumerate(items) if isinstance(x, Rel) and x.value in ("\\geq", "\\leq")), None)
    if rel is None:
        return None
    t = terms(items[:rel])
    if len(t) == 2 and any(one_minus(f) is not None for f in factors(t[1][1])):
        return "a convexity inequality: the weighted average of the function's values is at least the function of the weighted average"
    return None


RULES: dict[str, Callable[[Shape], str | None]] = {
    "minimax": _minimax,
    "argmax": _argmax,
    "gradient-step": _gradient_step,
    "bias-correction": _bias_correction,
    "norm": _norm,
    "extremum": _extremum,
    "convexity": _convexity,
}
