"""Printing a converted expression back to LaTeX that ``notation.tree`` reads unambiguously.

Owns: ``latex_of(expr)``, sympy's LaTeX printer with the few choices that make its output read
back as the same expression: every symbol spelled exactly as its name (the paper's LaTeX), a
``\\cdot`` between factors (``H (x + 1)`` would read as H applied to x + 1), big operators in
parentheses (a sum's body would otherwise run on into the next factor), a derivative of
anything but a symbol written as an operator on a parenthesised body, ``\\exp(x)`` rather than
``e^{x}`` (e may be a symbol), and a function the paper names as its name with its arguments.

Must not: be imported at start-up (it imports sympy).
"""

from __future__ import annotations

from typing import Any

import sympy
from sympy.core.function import UndefinedFunction
from sympy.printing.latex import LatexPrinter

__all__ = ["latex_of"]


class _Printer(LatexPrinter):  # type: ignore[misc]
    def _print_Symbol(self, expr: Any, style: str = "plain") -> str:
        return str(expr.name)

    def _print_Function(self, expr: Any, exp: str | None = None) -> str:
        if not isinstance(expr.func, UndefinedFunction):
            return str(super()._print_Function(expr, exp))
        text = f"{expr.func.__name__}{{\\left({', '.join(self._print(a) for a in expr.args)}\\right)}}"
        return f"\\left({text}\\right)^{{{exp}}}" if exp is not None else text

    def _print_exp(self, expr: Any, exp: str | None = None) -> str:
        text = f"\\exp{{\\left({self._print(expr.args[0])}\\right)}}"
        return f"\\left({text}\\right)^{{{exp}}}" if exp is not None else text

    def _wrapped(self, text: str) -> str:
        return f"\\left({text}\\right)"

    def _print_Sum(self, expr: Any) -> str:
        return self._wrapped(super()._print_Sum(expr))

    def _print_Product(self, expr: Any) -> str:
        return self._wrapped(super()._print_Product(expr))

    def _print_Integral(self, expr: Any) -> str:
        return self._wrapped(super()._print_Integral(expr))

    def _print_Limit(self, expr: Any) -> str:
        return self._wrapped(super()._print_Limit(expr))

    def _print_Derivative(self, expr: Any) -> str:
        body = expr.expr
        variables = [v for v, count in expr.variable_count for _ in range(int(count))]
        kind = "\\partial" if len(expr.free_symbols) > 1 or len(set(variables)) > 1 else "d"
        order = len(variables)
        head = kind if order == 1 else f"{kind}^{{{order}}}"
        den = "".join(f"{kind} {self._print(v)}" for v in reversed(variables))
        if isinstance(body, sympy.Symbol | sympy.Indexed):
            return f"\\frac{{{head} {self._print(body)}}}{{{den}}}"
        return f"\\frac{{{head}}}{{{den}}} \\left({self._print(body)}\\right)"


def latex_of(expr: Any) -> str:
    """``expr`` as LaTeX that reads back, through the tree, as ``expr``."""
    return str(_Printer({"mul_symbol": "dot"}).doprint(expr))
