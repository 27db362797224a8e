"""The notation sympy has no class for, as small sympy functions that print back as written.

Owns: the sympy function classes the tree conversion (``algebra.convert``) builds where an ML
paper writes something sympy cannot represent as such: a condition inside a probability
(``GivenOf``: ``p(y | x)``), a divergence's two arguments (``BetweenOf``: ``KL(p ‖ q)``), a norm, an
inner product, a transpose, an expectation, a sum, product, maximum or arg max over a set or a
variable rather than a range (``Over``), a gradient, relations sympy lacks (``≈``, ``∼``, ``∝``,
``∈`` …) and operators between sets or tensors (``⊗``, ``∪`` …). Each is an undefined function to
sympy (it keeps it, compares it and substitutes into it) and prints as the paper's notation, so
an expression printed by ``sympy.latex`` reads back through ``notation.tree`` to the same thing.

Must not: be imported at start-up (it imports sympy: ``algebra`` loads it inside a function),
or evaluate anything: these functions stay as written.
"""

from __future__ import annotations

from typing import Any

import sympy

__all__ = [
    "BINARY", "RELATIONS", "BetweenOf", "EntryOf", "ParamsOf", "RangeOf", "SequenceOf", "ExpectationOf", "GivenOf", "GradientOf", "InnerOf", "NormOf", "Over",
    "TransposeOf", "binary", "over", "relation",
]  # fmt: skip


class _Form(sympy.Function):  # type: ignore[misc]
    """An undefined function that prints as notation (``notation``) instead of ``name(args)``."""

    # a scalar like any other: p(y | x) divides, multiplies and sorts as sympy's symbols do
    is_commutative = True

    @classmethod
    def eval(cls, *args: Any) -> None:
        return None  # never evaluates: the paper's notation stays as written

    def _latex(self, printer: Any, exp: str | None = None) -> str:
        text = self.notation(printer)
        return f"\\left({text}\\right)^{{{exp}}}" if exp is not None else text

    def notation(self, printer: Any) -> str:
        raise NotImplementedError


def _joined(printer: Any, items: Any) -> str:
    return ", ".join(printer._print(a) for a in items)


def _grouped(printer: Any, expr: Any) -> str:
    """``expr`` printed, in parentheses when it is a sum (so a big operator's body stays whole)."""
    text = printer._print(expr)
    if isinstance(expr, sympy.Add):
        return f"\\left({text}\\right)"
    return text


class GivenOf(_Form):
    """The argument of a conditional: ``GivenOf((y,), (x, θ))`` prints ``y \\mid x, θ``."""

    def notation(self, printer: Any) -> str:
        return f"{_joined(printer, self.args[0])} \\mid {_joined(printer, self.args[1])}"


class ParamsOf(_Form):
    """Arguments and the parameters they are read with: ``ParamsOf((x,), (θ,))`` prints ``x; θ``."""

    def notation(self, printer: Any) -> str:
        return f"{_joined(printer, self.args[0])}; {_joined(printer, self.args[1])}"


class SequenceOf(_Form):
    """``{a_n}_{n=1}^N``: the set, what its index runs over, and (optionally) the upper end."""

    def notation(self, printer: Any) -> str:
        sup = "^{" + printer._print(self.args[2]) + "}" if len(self.args) > 2 else ""
        return "{" + printer._print(self.args[0]) + "}_{" + printer._print(self.args[1]) + "}" + sup


class EntryOf(_Form):
    """An entry of what an expression is: ``adj(A)_{ij}``."""

    def notation(self, printer: Any) -> str:
        return (
            "{\\left(" + printer._print(self.args[0]) + "\\right)}_{" + _joined(printer, self.args[1:]) + "}"
        )


class RangeOf(_Form):
    """An index running over a range: ``a_{1:t}``; with no arguments, all of them (``J^{:,i}``)."""

    def notation(self, printer: Any) -> str:
        if not self.args:
            return ":"
        return f"{printer._print(self.args[0])}:{printer._print(self.args[1])}"


class BetweenOf(_Form):
    """The arguments of a divergence: ``BetweenOf(p, q)`` prints ``p \\| q``."""

    def notation(self, printer: Any) -> str:
        return f"{printer._print(self.args[0])} \\| {printer._print(self.args[1])}"


class NormOf(_Form):
    """``NormOf(x)`` is ‖x‖; ``NormOf(x, p)`` the p-norm ‖x‖_p."""

    def notation(self, printer: Any) -> str:
        text = f"\\left\\|{printer._print(self.args[0])}\\right\\|"
        if len(self.args) > 1:
            text = "{" + text + "}_{" + printer._print(self.args[1]) + "}"
        return text


class InnerOf(_Form):
    """⟨u, v⟩."""

    def notation(self, printer: Any) -> str:
        return f"\\left\\langle {_joined(printer, self.args)}\\right\\rangle"


class TransposeOf(_Form):
    """x^⊤ (sympy's own transpose is for matrices of known shape; a paper's symbols have none)."""

    def notation(self, printer: Any) -> str:
        return "{" + printer._print(self.args[0]) + "}^{\\top}"


class GradientOf(_Form):
    """∇f: the gradient of f, with respect to what the paper leaves implicit."""

    def notation(self, printer: Any) -> str:
        return f"\\nabla {_grouped(printer, self.args[0])}"


class ExpectationOf(_Form):
    """𝔼[x] (one argument) or 𝔼_{sub}[x] (two: the body, then what the expectation is over)."""

    def notation(self, printer: Any) -> str:
        sub = "_{" + printer._print(self.args[1]) + "}" if len(self.args) > 1 else ""
        return f"\\mathbb{{E}}{sub}\\left[{printer._print(self.args[0])}\\right]"


class Over(_Form):
    """A big operator over a set or a variable: ``(body, what it runs over)``."""

    head = ""

    def notation(self, printer: Any) -> str:
        body = self.args[0]
        if self.head == "\\int" and isinstance(body, sympy.Integral) and len(body.limits[0]) == 1:
            # ∫_X f(x) dx: the integrand and its variable inside, the domain below
            var = printer._print(body.limits[0][0])
            inner = f"{_grouped(printer, body.function)} \\, d {var}"
            return f"\\left({self.head}_{{{printer._print(self.args[1])}}} {inner}\\right)"
        # in parentheses: otherwise the body would run on into the next factor when read back
        return (
            f"\\left({self.head}_{{{printer._print(self.args[1])}}} {_grouped(printer, self.args[0])}\\right)"
        )


_OVER_HEADS = {
    "sum": "\\sum", "prod": "\\prod", "int": "\\int", "max": "\\max", "min": "\\min",
    "sup": "\\sup", "inf": "\\inf", "argmax": "\\operatorname*{arg\\,max}",
    "argmin": "\\operatorname*{arg\\,min}", "bigcup": "\\bigcup", "bigcap": "\\bigcap",
}  # fmt: skip
_OVER: dict[str, type[Over]] = {
    op: type(f"Over_{op}", (Over,), {"head": head}) for op, head in _OVER_HEADS.items()
}


def over(op: str) -> type[Over] | None:
    """The class for big operator ``op`` ("sum", "argmax" …) over a set or variable, or None."""
    return _OVER.get(op)


class _Infix(_Form):
    """Two or more arguments joined by a LaTeX infix command."""

    infix = ""

    def notation(self, printer: Any) -> str:
        return f" {self.infix} ".join(_grouped(printer, a) for a in self.args)


# Relations sympy has no class for (=, <, ≤, >, ≥ and ≠ are sympy's own).
RELATIONS = {
    "\\approx": "\\approx", "\\simeq": "\\simeq", "\\sim": "\\sim", "\\propto": "\\propto",
    "\\in": "\\in", "\\notin": "\\notin", "\\subset": "\\subset", "\\subseteq": "\\subseteq",
    "\\supset": "\\supset", "\\supseteq": "\\supseteq", "\\rightarrow": "\\rightarrow",
    "\\to": "\\rightarrow", "\\longrightarrow": "\\rightarrow", "\\mapsto": "\\mapsto",
    "\\ll": "\\ll", "\\gg": "\\gg", "\\perp": "\\perp", "\\cong": "\\cong",
    "\\Rightarrow": "\\Rightarrow", "\\implies": "\\Rightarrow", "\\iff": "\\iff",
    "\\Leftrightarrow": "\\iff", "\\lesssim": "\\lesssim", "\\gtrsim": "\\gtrsim",
    "\\prec": "\\prec", "\\succ": "\\succ", "\\preceq": "\\preceq", "\\succeq": "\\succeq",
    "\\models": "\\models", "\\leftrightarrow": "\\leftrightarrow",
}  # fmt: skip
# Operators between sets, tensors or functions.
BINARY = {
    "\\otimes": "\\otimes", "\\oplus": "\\oplus", "\\cup": "\\cup", "\\cap": "\\cap",
    "\\setminus": "\\setminus", "\\wedge": "\\wedge", "\\land": "\\wedge", "\\vee": "\\vee",
    "\\lor": "\\vee", "\\circledast": "\\circledast", "\\circ": "\\circ", "\\diamond": "\\diamond",
    "\\star": "\\star",
}  # fmt: skip
_CLASSES: dict[str, type[_Infix]] = {}


def _infix(command: str) -> type[_Infix]:
    if command not in _CLASSES:
        name = "Infix_" + command.lstrip("\\")
        _CLASSES[command] = type(name, (_Infix,), {"infix": command})
    return _CLASSES[command]


def relation(value: str) -> type[_Infix] | None:
    """The class for relation ``value`` ("\\approx" …) when sympy has none, or None."""
    command = RELATIONS.get(value)
    return _infix(command) if command else None


def binary(value: str) -> type[_Infix] | None:
    """The class for infix operator ``value`` ("\\otimes" …), or None."""
    command = BINARY.get(value)
    return _infix(command) if command else None
