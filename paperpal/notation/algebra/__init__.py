"""An equation as a sympy expression, built from paperpal's own tree (``notation.tree``).

Owns: ``to_sympy(latex) -> Conversion`` (the expression, or the reason there is none) and
``round_trips(conversion)``: whether the expression, printed back by ``sympy.latex`` and read
again through the tree, is the same expression — the check that the conversion kept the
equation's structure rather than only producing *an* expression.

Why not parse the LaTeX with a LaTeX-to-sympy parser: on the corpus's display equations
latex2sympy2 parses about one in five (``benchmarks/bench_equations.py``), because papers write
``p(y | x)``, ``𝔼_{x∼p}[…]``, ``‖x‖``, ``\\mathrm{softmax}``, sums over sets and cases. The tree
already knows that structure; ``convert`` says, case by case, how sympy should hold it.

The package: ``convert`` (tree -> sympy, and why not), ``forms`` (the notation sympy has no class
for, as functions that print back as written), ``printing`` (sympy's LaTeX printer, set to print
what the tree reads back unambiguously).

Who uses it: ``notation.tryit`` evaluates the expression with numbers;
``benchmarks/bench_equations.py`` measures how often it exists and round-trips.

Must not: import sympy at module level (sympy takes most of a second to import; the reader and
``paperpal --help`` must not pay for it), raise, or let a sympy object leave the notation layer
(``Conversion`` is for ``notation`` modules, never for ``models``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["Conversion", "latex_of", "round_trips", "to_sympy"]


@dataclass(frozen=True, slots=True)
class Conversion:
    """One equation as sympy holds it: ``expr`` (None when there is none) or ``reason`` why not."""

    latex: str
    expr: Any = None
    reason: str | None = None

    @property
    def ok(self) -> bool:
        return self.expr is not None


def to_sympy(latex: str) -> Conversion:
    """``latex`` as a sympy expression, built from its tree. Never raises."""
    from paperpal.notation.algebra.convert import Converter, Unsupported
    from paperpal.notation.tree import parse

    if not isinstance(latex, str) or not latex.strip():
        return Conversion("", reason="there is no equation")
    try:
        return Conversion(latex, Converter(parse(latex)).expression())
    except Unsupported as why:
        return Conversion(latex, reason=str(why))
    except RecursionError:
        return Conversion(latex, reason="it is nested too deeply")
    except Exception as err:  # noqa: BLE001 - sympy raises many kinds of errors on odd input
        return Conversion(latex, reason=f"sympy refused it ({type(err).__name__})")


def latex_of(expr: Any) -> str:
    """``expr`` printed as LaTeX that reads back through the tree (``printing``)."""
    from paperpal.notation.algebra.printing import latex_of as printed

    return printed(expr)


def round_trips(conversion: Conversion) -> bool:
    """Whether the expression, printed back to LaTeX and converted again, is the same."""
    if not conversion.ok:
        return False
    try:
        again = to_sympy(latex_of(conversion.expr))
    except Exception:  # noqa: BLE001 - printing an odd expression can fail; then it does not
        return False
    return again.ok and bool(again.expr == conversion.expr)
