"""Try an equation with numbers: plug small example values into its right-hand side, show the
working and the result, the way the glossary's worked examples do (0.75·0.8 + 0.25·0.2 = 0.65).

Owns: ``try_equation(info, symbols, values) -> Trial``, the one function the CLI
(``paperpal explain REF --equation N --try``) and the reader's "try it" action call. The
right-hand side becomes a sympy expression through ``notation.algebra`` (the same conversion the
benchmark measures); values come from the reader (``{"z_t": "0.8", "e": "1,2,0.5"}``, checked:
``errors.BadValue`` names the problem) or from defaults chosen by what a symbol is
(``values``); ``evaluate`` computes it step by step (sigmoid, tanh, exp, natural log, square
roots, max/min, cases, softmax over a short vector, sums and products over a small range), and
``steps`` writes the equation with the numbers in.

Must not: import sympy at module level (``evaluate`` and ``algebra`` are imported inside
``try_equation``), evaluate what it cannot honestly evaluate (an expectation, a function the
paper defines, a derivative: ``Trial.evaluable`` is False with the reason), or raise anything
but ``BadValue``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from paperpal.models import EquationInfo, SymbolInfo, Trial
from paperpal.notation.shapes import Shape, lines, terms
from paperpal.notation.tree import Row, parse
from paperpal.notation.tryit.steps import show
from paperpal.notation.tryit.values import Values, fmt

__all__ = ["try_equation"]


def try_equation(
    info: EquationInfo, symbols: Iterable[SymbolInfo] = (), values: Mapping[str, str] | None = None
) -> Trial:
    """``info``'s equation with example numbers plugged in. ``values`` are the reader's own."""
    import sympy

    from paperpal.notation.algebra.convert import Converter, Unsupported
    from paperpal.notation.tryit.evaluate import Cannot, Evaluator

    eq = info.equation
    tree = parse(eq.latex)
    rows = lines(tree.root.items)
    meanings = {s.latex: (s.meaning or "", s.certain) for s in symbols}
    shape = Shape.of(tree, meanings, rows[0] if rows else [])
    target = shape.text(shape.lhs) if shape.lhs else ""
    if not shape.rhs:
        return Trial(eq.id, False, target, reason="there is no expression to compute here")
    chosen = Values(shape, dict(values or {}))
    chosen.check()
    converter = Converter(tree)
    evaluator = Evaluator(shape, chosen, converter)
    try:
        if not tree.complete:
            raise Unsupported("its LaTeX is incomplete")
        expr = converter.sum(shape.rhs)
        evaluator.assign(expr)
        value = evaluator.value(expr)
        working, evaluator.steps = evaluator.steps, []
        evaluator.quiet = True
        steps = [show(Row(tuple(shape.rhs)), chosen, shape), *dict.fromkeys(working)]
        if isinstance(value, list):
            result = "[" + ", ".join(fmt(float(v)) for v in value) + "]"
        else:
            parts = _term_values(converter, evaluator, shape)
            if parts:
                steps.append("= " + parts)
            number = complex(sympy.N(value))
            if number.imag or number.real != number.real or abs(number.real) == float("inf"):
                raise ValueError("the result is not a finite real number")
            result = fmt(number.real)
        steps.append("= " + result)
    except (Unsupported, Cannot) as why:
        return Trial(eq.id, False, target, tuple(chosen.used.values()), reason=str(why))
    except (ZeroDivisionError, OverflowError, ValueError, TypeError) as err:
        return Trial(
            eq.id,
            False,
            target,
            tuple(chosen.used.values()),
            reason=f"these numbers cannot be computed ({err})",
        )
    return Trial(
        eq.id,
        True,
        target,
        tuple(chosen.used.values()),
        tuple(steps),
        result,
        notes=tuple(dict.fromkeys(evaluator.notes)),
    )


def _term_values(converter: object, evaluator: object, shape: Shape) -> str:
    """ "0.05 + 0.6": each top-level term of the right-hand side, computed (only if two or more)."""
    import sympy

    split = terms(shape.rhs)
    if len(split) < 2:
        return ""
    out: list[str] = []
    for sign, term in split:
        value = evaluator.value(converter.product(term))  # type: ignore[attr-defined]
        if isinstance(value, list):
            return ""
        signed = sign * float(sympy.N(value))
        if not out:
            out.append(fmt(signed))
        else:
            out.append(("- " if signed < 0 else "+ ") + fmt(abs(signed)))
    return " ".join(out)
