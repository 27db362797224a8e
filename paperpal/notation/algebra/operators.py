"""Functions, big operators and tables as sympy: what acts on something else.

Owns: ``Operators``, the part of the converter for a function applied to its arguments (sympy's
own functions, or an undefined function named as the paper writes it; ``p(a | b)`` with
``GivenOf``, ``p(x; θ)`` with ``ParamsOf``, ``KL(p ‖ q)`` with ``BetweenOf``; a superscript on a
function raises the result or, i and j, picks an entry), big operators (``Sum``/``Product`` over a
range, ``Over`` forms over a set or a variable, ``Integral`` with its ``dx``, ``ExpectationOf``,
``Limit``), and tables (cases as ``Piecewise`` with conditions, matrices).

Must not: be imported at start-up (it imports sympy).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sympy

from paperpal.mathtokens import normalize
from paperpal.notation.algebra import forms
from paperpal.notation.algebra.parts import (
    KNOWN,
    Unsupported,
    is_named,
    items_of,
    name_of,
    single,
    split,
    trim,
    unwrap,
)
from paperpal.notation.symbols import SymbolOccurrence
from paperpal.notation.tree import (
    Apply,
    Atom,
    Big,
    Fenced,
    Font,
    Node,
    Op,
    Rel,
    Script,
    Table,
    Text,
    to_latex,
    word_of,
)

__all__ = ["Operators"]


class Operators:
    """Functions, big operators and tables; mixed into ``convert.Converter``."""

    if TYPE_CHECKING:  # provided by the converter

        def node(self, node: Node) -> Any: ...
        def sum(self, items: list[Node] | tuple[Node, ...]) -> Any: ...
        def statement(self, items: list[Node]) -> Any: ...
        def variable(self, node: Node) -> Any: ...
        def occurrence(self, node: Node) -> SymbolOccurrence | None: ...

    def apply(self, node: Apply) -> Any:
        fn = node.fn
        power = sub = None
        if isinstance(fn, Script) and fn.base is not None and fn.sup is not None and self.raised(fn):
            power, fn = fn.sup, Script(fn.base, fn.sub, None, 0, fn.start, fn.end) if fn.sub else fn.base
        if isinstance(fn, Script) and fn.base is not None and is_named(fn.base):
            sub, fn = fn.sub, fn.base  # \log_2 x
        name = name_of(fn)
        if name and isinstance(fn, Atom | Font | Text) and (name in KNOWN or name in ("max", "min")):
            value = self.apply_named(name, node.arg, sub)
        else:
            if sub is not None:
                raise Unsupported(f"the subscript on {to_latex(node.fn)!r} has no sympy form")
            value = self.function(fn)(*self.arguments(node.arg))
        if power is None:
            return value
        if word_of(power) in ("i", "j"):  # f(x)^j: the j-th component (f^{-1}, f^2 are powers)
            return forms.EntryOf(value, self.node(power))
        return value ** self.node(power)

    def raised(self, fn: Script) -> bool:
        """Whether the superscript of an applied ``fn`` raises the result to a power (``\\sin^2``,
        ``\\sigma(x)^2``) rather than naming the function (``f^{-1}``, ``D^*``, ``J^{1:L}``)."""
        if fn.primes or fn.sup is None or any(isinstance(x, Op) and x.value == ":" for x in items_of(fn.sup)):
            return False
        if fn.base is not None and is_named(fn.base):
            return True
        occ = self.occurrence(fn)
        return occ is None or occ.superscript_role in ("power", "index")

    def apply_named(self, name: str, arg: Node, sub: Node | None = None) -> Any:
        args = self.arguments(arg)
        if name in ("max", "min"):
            return (sympy.Max if name == "max" else sympy.Min)(*args)
        if name in KNOWN:
            if len(args) != 1:
                raise Unsupported(f"{name} takes one argument here, not {len(args)}")
            if name == "log" and sub is not None:
                return sympy.log(args[0], self.node(sub))
            return KNOWN[name](args[0])
        return sympy.Function(f"\\mathrm{{{name}}}")(*args)

    def function(self, fn: Node) -> Any:
        occ = self.occurrence(fn)
        if isinstance(fn, Script):
            name = normalize(to_latex(fn))  # f_4 and f_3 are different functions
        elif occ is not None:
            name = occ.key
        elif isinstance(fn, Font | Atom) and word_of(fn):
            name = normalize(to_latex(fn))
        else:
            raise Unsupported(f"{to_latex(fn)!r} is applied but is not a function name")
        return sympy.Function(name)

    def given(self, items: list[Node], bar: int, form: Any = None) -> Any:
        """``a, b | c, d`` (or ``x; θ``) as ``GivenOf((a, b), (c, d))`` (or ``ParamsOf``)."""
        left = [self.statement(p) for p in split(items[:bar], ",")]
        right = [self.statement(p) for p in split(items[bar + 1 :], ",")]
        if not left or not right:
            raise Unsupported("a condition has nothing on one side of its bar")
        return (form or forms.GivenOf)(sympy.Tuple(*left), sympy.Tuple(*right))

    def arguments(self, arg: Node) -> list[Any]:
        if not (isinstance(arg, Fenced) and arg.open in ("(", "[")):
            return [self.node(arg)]
        items = list(arg.body.items)
        given = [k for k, x in enumerate(items) if isinstance(x, Op) and x.value == "|"]
        if given:
            return [self.given(items, given[0])]
        params = [k for k, x in enumerate(items) if isinstance(x, Op) and x.value == ";"]
        if params:  # p(x; θ): x, with the parameters θ
            return [self.given(items, params[0], forms.ParamsOf)]
        between = [k for k, x in enumerate(items) if isinstance(x, Op) and x.value == "\\|"]
        if between:
            k = between[0]
            return [forms.BetweenOf(self.sum(items[:k]), self.sum(items[k + 1 :]))]
        parts = split(items, ",")
        if not parts:
            raise Unsupported("a function is applied to nothing")
        return [self.statement(p) for p in parts]

    def big(self, node: Big) -> Any:
        body_items = list(node.body.items)
        if node.op == "E":
            inner = unwrap(body_items)
            bar = next((k for k, x in enumerate(inner) if isinstance(x, Op) and x.value == "|"), None)
            if bar is not None:  # 𝔼[a | c]: a conditional expectation
                body = self.given(inner, bar)
            else:
                body = self.sum(inner)
            return forms.ExpectationOf(body, *([self.under(node.sub)] if node.sub is not None else []))
        if node.op == "int":
            return self.integral(node, body_items)
        if not body_items:
            raise Unsupported(f"a {node.op} has nothing to act on")
        body = self.sum(body_items)
        if node.op == "lim":
            sub = items_of(node.sub) if node.sub is not None else ()
            arrow = next(
                (k for k, x in enumerate(sub) if isinstance(x, Rel) and x.value in ("\\to", "\\rightarrow")),
                None,
            )
            if arrow is None:
                raise Unsupported("a limit does not say what approaches what")
            return sympy.Limit(body, self.variable(single(sub[:arrow])), self.sum(sub[arrow + 1 :]))
        if node.op in ("sum", "prod") and node.sub is not None and node.sup is not None:
            sub = items_of(node.sub)
            eq = next((k for k, x in enumerate(sub) if isinstance(x, Rel) and x.value == "="), None)
            if eq is not None:
                var = self.variable(single(sub[:eq]))
                limits = (var, self.sum(sub[eq + 1 :]), self.node(node.sup))
                return (sympy.Sum if node.op == "sum" else sympy.Product)(body, limits)
        cls = forms.over(node.op)
        if cls is None:
            raise Unsupported(f"the big operator {node.op} has no sympy form")
        if node.sub is None:
            raise Unsupported(f"a {node.op} does not say what it runs over")
        if node.sup is not None:
            raise Unsupported(f"a {node.op} with an upper limit but no start has no sympy form")
        return cls(body, self.under(node.sub))

    def under(self, sub: Node) -> Any:
        """What a big operator runs over: ``x \\sim p``, ``i \\in S``, ``\\theta``, ``q(z)``."""
        return self.statement(list(items_of(sub)))

    def integral(self, node: Big, body: list[Node]) -> Any:
        k = len(body) - 2
        while k >= 0:
            d = body[k]
            if word_of(d) == "d" and isinstance(d, Atom | Font) and not isinstance(body[k + 1], Op):
                break
            k -= 1
        if k < 0:
            raise Unsupported("an integral does not say what it integrates over (no dx)")
        var = self.variable(body[k + 1])
        integrand = self.sum(body[:k] + body[k + 2 :]) if body[:k] + body[k + 2 :] else sympy.Integer(1)
        if node.sub is not None and node.sup is not None:
            return sympy.Integral(integrand, (var, self.node(node.sub), self.node(node.sup)))
        if node.sub is not None:
            return forms.over("int")(sympy.Integral(integrand, var), self.under(node.sub))  # type: ignore[misc]
        return sympy.Integral(integrand, var)

    def table(self, node: Table) -> Any:
        if node.env in ("cases", "dcases") or (node.env == "array" and all(len(r) == 2 for r in node.rows)):
            pieces = []
            for row in node.rows:
                value = self.sum(trim(list(row[0].items)))
                pieces.append((value, self.condition(list(row[1].items) if len(row) > 1 else [])))
            try:
                return sympy.Piecewise(*pieces)
            except (TypeError, ValueError) as err:
                raise Unsupported(
                    f"a condition of the cases is not a true-or-false statement ({err})"
                ) from None
        if "matrix" in node.env or node.env == "array":
            rows = [[self.sum(cell.items) for cell in row] for row in node.rows]
            if len({len(r) for r in rows}) != 1:
                raise Unsupported("a matrix has rows of different lengths")
            return sympy.ImmutableMatrix(rows)
        raise Unsupported(f"the {node.env} environment has no sympy form")

    def condition(self, items: list[Node]) -> Any:
        items = [
            x
            for x in trim(items)
            if not (isinstance(x, Text) and x.value.strip().lower() in ("if", "when", "for", ""))
        ]
        if not items or (
            len(items) == 1 and isinstance(items[0], Text) and "otherwise" in items[0].value.lower()
        ):
            return sympy.true
        if any(isinstance(x, Text) for x in items):
            texts = [x.value.strip() for x in items if isinstance(x, Text)]
            if any("otherwise" in t.lower() or "else" in t.lower() for t in texts) and len(texts) == len(
                items
            ):
                return sympy.true
            raise Unsupported(f"a condition is written in words ({' '.join(texts)!r})")
        return self.statement(items)
