"""Evaluating an equation's sympy expression (``notation.algebra``) with numbers, step by step.

Owns: ``Evaluator`` — puts a number on every symbol of the expression (``values.Values``), then
computes it the way a reader checks it by hand, writing down each step worth seeing: a function
applied to a number (``σ(0.5) = 0.6225``, with a note on what σ and log mean here), a sum or
product over a small range written out term by term, a softmax over a short vector; and
``Cannot``, the reason an expression cannot honestly be computed from a few numbers (an
expectation, an integral, a derivative, a function the paper defines, a list of values).

Must not: be imported at start-up (it imports sympy), or make up a value for a function the
paper defines.
"""

from __future__ import annotations

import re
from typing import Any

import sympy
from sympy.core.function import AppliedUndef

from paperpal.errors import BadValue
from paperpal.notation.algebra import forms
from paperpal.notation.algebra.convert import Converter
from paperpal.notation.algebra.printing import latex_of
from paperpal.notation.render import to_unicode
from paperpal.notation.shapes import Shape
from paperpal.notation.tree import Node, Row, to_latex
from paperpal.notation.tryit.steps import FN_SHOWN
from paperpal.notation.tryit.values import RANGE, Values, fmt

__all__ = ["Cannot", "Evaluator"]


class Cannot(Exception):
    """This expression cannot be evaluated with numbers; the message says why."""


_STEPPED = {"exp": sympy.exp, "tanh": sympy.tanh, "sin": sympy.sin, "cos": sympy.cos, "log": sympy.log}
_SIGMOID = ("\\sigma", "\\mathrm{sigmoid}", "sigmoid")
_RELU = ("\\mathrm{relu}", "\\mathrm{ReLU}", "relu", "ReLU")
_SOFTMAX = ("\\mathrm{softmax}", "softmax")


class Evaluator:
    def __init__(self, shape: Shape, values: Values, converter: Converter) -> None:
        self.shape = shape
        self.values = values
        self.converter = converter
        self.bound: dict[Any, int] = {}
        self.scalars: dict[Any, Any] = {}
        self.vectors: dict[Any, list[float]] = {}
        self.steps: list[str] = []
        self.notes: list[str] = []
        self.quiet = False
        rhs = to_latex(Row(tuple(shape.rhs))).replace(" ", "")
        self.sigmoid_around = bool(re.search(r"\\sigma|sigmoid", rhs))
        self.rhs_latex = rhs

    # ---- the numbers -------------------------------------------------------------------------

    def assign(self, expr: Any) -> None:
        """A number for every symbol of ``expr`` that is not a running index, in written order."""
        wanted = _value_leaves(expr, _bound_variables(expr))
        for leaf, node in self.converter.leaves.items():
            if leaf in wanted and not _is_running(leaf, _bound_variables(expr)):
                self.scalar(leaf, node)

    def scalar(self, leaf: Any, node: Node) -> Any:
        if leaf not in self.scalars:
            in_blend = f"1-{to_latex(node)}" in self.rhs_latex or self.sigmoid_around
            indexed = isinstance(leaf, sympy.Indexed)
            number = self.values.scalar(node, _key(leaf), in_blend, indexed)
            self.scalars[leaf] = (
                sympy.Integer(int(number)) if float(number).is_integer() else sympy.Float(number)
            )
        return self.scalars[leaf]

    # ---- evaluation --------------------------------------------------------------------------

    def step(self, text: str) -> None:
        if not self.quiet:
            self.steps.append(text)

    def value(self, e: Any) -> Any:
        if isinstance(e, sympy.Tuple) or isinstance(e, sympy.Basic) and e.is_Relational:
            raise Cannot("it holds a list of values, not one expression")
        if e.is_Number or e in (sympy.pi, sympy.E):
            return e
        if e in self.bound:
            return sympy.Integer(self.bound[e])
        if isinstance(e, sympy.Indexed):
            return self.indexed(e)
        if isinstance(e, sympy.Symbol):
            node = self.converter.leaves.get(e)
            if node is None:
                raise Cannot(f"paperpal has no value for {to_unicode(e.name)}")
            return self.scalar(e, node)
        if isinstance(e, sympy.Add | sympy.Mul):
            parts = [self.value(a) for a in e.args]
            if any(isinstance(p, list) for p in parts):
                raise Cannot("a vector appears inside a larger expression; try its parts one by one")
            return sympy.Add(*parts) if isinstance(e, sympy.Add) else sympy.Mul(*parts)
        if isinstance(e, sympy.Pow):
            base, power = self.value(e.base), self.value(e.exp)
            if isinstance(base, list) or isinstance(power, list):
                raise Cannot("a vector appears inside a larger expression; try its parts one by one")
            return base**power
        if isinstance(e, sympy.Sum | sympy.Product) or (
            isinstance(e, forms.Over) and e.head in ("\\sum", "\\prod")
        ):
            return self.big(e)
        if isinstance(e, sympy.Piecewise):
            return self.cases(e)
        if isinstance(e, AppliedUndef):
            return self.applied(e)
        if isinstance(e, sympy.Max | sympy.Min):
            parts = [self.value(a) for a in e.args]
            if any(isinstance(p, list) for p in parts):
                raise Cannot("a maximum over a vector: try its parts one by one")
            return e.func(*parts)
        if isinstance(e, forms.EntryOf):
            self.notes.append(
                "every vector or matrix is a single number here, so an entry of one is that number"
            )
            return self.value(e.args[0])
        if isinstance(e, forms.TransposeOf):
            self.notes.append("a transpose does nothing to a single number")
            return self.value(e.args[0])
        if isinstance(e, forms.ExpectationOf):
            raise Cannot(
                "an expectation averages over a probability distribution, which numbers alone do not give"
            )
        if isinstance(e, sympy.Integral) or isinstance(e, forms.Over) and e.head == "\\int":
            raise Cannot("an integral needs a whole function, not a few numbers")
        if isinstance(e, sympy.Derivative):
            raise Cannot("a derivative needs the whole function, not its value at a few numbers")
        if isinstance(e, sympy.Function) and not isinstance(e, forms.Over):
            return self.function(e)
        raise Cannot(f"paperpal cannot compute {to_unicode(latex_of(e))} with numbers")

    def function(self, e: Any) -> Any:
        name = type(e).__name__
        args = [self.value(a) for a in e.args]
        if any(isinstance(a, list) for a in args):
            raise Cannot(f"{name} of a vector: try its parts one by one")
        if isinstance(e, sympy.log) and len(args) == 1:
            self.notes.append("log is the natural logarithm (base e)")
        if name not in _STEPPED and not isinstance(
            e, sympy.Abs | sympy.Max | sympy.Min | sympy.floor | sympy.ceiling | sympy.sign
        ):
            raise Cannot(f"paperpal cannot evaluate {name} with numbers")
        result = e.func(*args)
        if name in _STEPPED:
            self.step(f"{name}({fmt(float(sympy.N(args[0])))}) = {fmt(float(sympy.N(result)))}")
        return result

    def applied(self, e: Any) -> Any:
        name = e.func.__name__
        if name in _SOFTMAX:
            return self.softmax(e)
        if len(e.args) != 1:
            raise Cannot(f"{to_unicode(name)} takes several arguments paperpal cannot evaluate")
        x = self.value(e.args[0])
        if isinstance(x, list):
            raise Cannot(f"{to_unicode(name)} of a vector: try its parts one by one")
        if name in _SIGMOID:
            if name == "\\sigma":
                self.notes.append("σ applied to a value is read as the logistic sigmoid 1/(1 + e^(−x))")
            result = 1 / (1 + sympy.exp(-x))
            self.step(f"σ({fmt(float(sympy.N(x)))}) = {fmt(float(sympy.N(result)))}")
            return result
        if name in _RELU:
            result = sympy.Max(0, x)
            self.step(f"ReLU({fmt(float(sympy.N(x)))}) = {fmt(float(sympy.N(result)))}")
            return result
        raise Cannot(f"{to_unicode(name)} is a function the paper defines; paperpal cannot evaluate it")

    def softmax(self, e: Any) -> list[Any]:
        arg = e.args[0] if len(e.args) == 1 else None
        node = self.converter.leaves.get(arg) if arg is not None else None
        if node is None:
            raise Cannot(
                "softmax needs a vector: give it one symbol and a list, for example --value x=1,2,0.5"
            )
        vec = self.values.vector(node, _key(arg), "a short vector of scores")
        exps = [sympy.exp(sympy.Float(v)) for v in vec]
        total = sum(exps)
        self.step(
            f"{FN_SHOWN.get('softmax', 'softmax')}: exp of each → {', '.join(fmt(float(x)) for x in exps)}; "
            f"total {fmt(float(total))}; each divided by the total"
        )
        return [x / total for x in exps]

    def indexed(self, e: Any) -> Any:
        running = [s for s in e.indices if any(b in self.bound for b in getattr(s, "free_symbols", ()))]
        if not running:
            node = self.converter.leaves.get(e)
            if node is None:
                raise Cannot(f"paperpal has no value for {to_unicode(latex_of(e))}")
            return self.scalar(e, node)
        index = running[0]
        var = next(b for b in index.free_symbols if b in self.bound)
        position = int(sympy.N(index.subs({b: v for b, v in self.bound.items()})))
        label = e.base.label
        if label not in self.vectors:
            node = self.converter.leaves.get(e) or next(
                (n for leaf, n in self.converter.leaves.items() if getattr(leaf, "base", None) == e.base),
                None,
            )
            if node is None:
                raise Cannot(f"paperpal has no value for {to_unicode(label.name)}")
            self.vectors[label] = self.values.vector(
                node, label.name, f"one value for each {var.name}", RANGE
            )
        vec = self.vectors[label]
        if position < 1 or position > len(vec):
            raise BadValue(
                f"{to_unicode(label.name)} needs a value for {var.name} = {position}; give a longer list"
            )
        return sympy.Float(vec[position - 1])

    def big(self, e: Any) -> Any:
        var, lo, hi = self.limits(e)
        body = e.args[0]
        terms = []
        for k in range(lo, hi + 1):
            self.bound[var] = k
            term = self.value(body)
            if isinstance(term, list):
                raise Cannot("a vector appears inside a sum; try its parts one by one")
            terms.append(term)
        self.bound.pop(var, None)
        is_sum = isinstance(e, sympy.Sum) or getattr(e, "head", "") == "\\sum"
        total = sympy.Add(*terms) if is_sum else sympy.Mul(*terms)
        joiner = " + " if is_sum else " · "
        self.step(
            f"{'∑' if is_sum else '∏'} over {to_unicode(var.name)} = {lo}…{hi}: "
            f"{joiner.join(fmt(float(sympy.N(t))) for t in terms)} = {fmt(float(sympy.N(total)))}"
        )
        return total

    def limits(self, e: Any) -> tuple[Any, int, int]:
        if isinstance(e, sympy.Sum | sympy.Product):
            var, lo_expr, hi_expr = e.limits[0]
            lo, hi = int(sympy.N(self.value(lo_expr))), int(sympy.N(self.value(hi_expr)))
        else:
            under = e.args[1]
            if isinstance(under, sympy.Symbol):
                var, lo = under, 1
            elif isinstance(under, sympy.Eq) and isinstance(under.lhs, sympy.Symbol):
                var, lo = under.lhs, int(sympy.N(self.value(under.rhs)))
            else:
                raise Cannot(
                    f"a sum over {to_unicode(latex_of(under))} cannot be written out with a few numbers"
                )
            hi = lo + RANGE - 1
            self.notes.append(
                f"the sum has no upper limit written; {to_unicode(var.name)} runs over {RANGE} values here"
            )
        if hi - lo > 50:
            raise Cannot(f"the range {lo}…{hi} is too long to write out; give a smaller upper limit")
        return var, lo, hi

    def cases(self, e: Any) -> Any:
        for value, condition in e.args:
            if condition is sympy.true or self.holds(condition):
                return self.value(value)
        raise Cannot("none of its cases holds for these numbers")

    def holds(self, condition: Any) -> bool:
        if not condition.is_Relational:
            raise Cannot(f"paperpal cannot check the condition {to_unicode(latex_of(condition))}")
        left, right = self.value(condition.lhs), self.value(condition.rhs)
        return bool(condition.func(left, right))


def _key(leaf: Any) -> str:
    """The symbol's grouping key (its meaning is keyed on it)."""
    if isinstance(leaf, sympy.Indexed):
        return str(leaf.base.label.name)
    return str(getattr(leaf, "name", "")).rstrip("'")


def _bound_variables(expr: Any) -> set[Any]:
    bound: set[Any] = set()
    for sub in sympy.preorder_traversal(expr):
        if isinstance(sub, sympy.Sum | sympy.Product):
            bound.update(limit[0] for limit in sub.limits)
        elif isinstance(sub, forms.Over):
            under = sub.args[1]
            if isinstance(under, sympy.Symbol):
                bound.add(under)
            elif isinstance(under, sympy.Eq) and isinstance(under.lhs, sympy.Symbol):
                bound.add(under.lhs)
    return bound


def _value_leaves(expr: Any, bound: set[Any]) -> set[Any]:
    """Symbols and indexed symbols that take a value (not the indices inside an indexed one)."""
    found: set[Any] = set()
    stack = [expr]
    while stack:
        e = stack.pop()
        if isinstance(e, sympy.Indexed):
            found.add(e)
            continue
        if isinstance(e, sympy.Symbol):
            if e not in bound:
                found.add(e)
            continue
        if isinstance(e, AppliedUndef) and e.func.__name__ in _SOFTMAX:
            continue  # softmax's argument is a vector, given when it is needed
        if isinstance(e, forms.EntryOf):
            stack.append(e.args[0])  # which entry is not a value
            continue
        stack.extend(getattr(e, "args", ()))
    return found


def _is_running(leaf: Any, bound: set[Any]) -> bool:
    """An indexed symbol whose index is a sum's running variable: a vector, given when needed."""
    return isinstance(leaf, sympy.Indexed) and any(s in bound for s in leaf.free_symbols)
