"""Try an equation with numbers: plug small example values into its right-hand side, show the
working and the result, the way the glossary's worked examples do (0.75·0.8 + 0.25·0.2 = 0.65).

Owns: ``try_equation(info, symbols, values) -> Trial``, the one function the CLI
(``paperpal explain REF --equation N --try``) and the reader's "try it" action call. Values come
from the reader (``{"z_t": "0.8", "e": "1,2,0.5"}``, checked: ``errors.BadValue`` names the
problem) or from defaults chosen by what a symbol is (a gate 0.8, a decay rate 0.9, a learning
rate 0.1, ε 1e-8, a count or a sum's upper limit 3, the time step t = 2, a symbol indexed by a
sum's variable a vector of that length). Evaluation is sympy's (sigmoid, tanh, exp, natural log,
square roots, max/min, softmax over a short vector, sums and products over a small range).

Must not: import sympy at module level, evaluate what it cannot honestly evaluate (an
expectation, a function the paper defines, a matrix product: ``Trial.evaluable`` is False with
the reason), or raise anything but ``BadValue``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from paperpal.errors import BadValue
from paperpal.mathtokens import normalize
from paperpal.models import EquationInfo, SymbolInfo, Trial, TrialValue
from paperpal.notation.render import to_unicode
from paperpal.notation.shapes import Shape, lines
from paperpal.notation.tree import (
    Accent,
    Apply,
    Atom,
    Big,
    Fenced,
    Font,
    Frac,
    Node,
    Op,
    Root,
    Row,
    Script,
    parse,
    to_latex,
    word_of,
)

__all__ = ["try_equation"]

_SCALARS = (0.5, 0.2, 1.0, 0.3, 1.5, -0.4, 0.7, 2.0)
_VECTOR = (1.0, 2.0, 0.5, 1.5, 0.2, 0.8)
_RANGE = 3
_DECAY = frozenset({"beta", "lambda", "mu", "rho", "gamma"})
_COUNTS = frozenset("N T M K n m d L".split())


class _Cannot(Exception):
    """This equation cannot be evaluated with numbers; the message says why."""


def try_equation(
    info: EquationInfo, symbols: Iterable[SymbolInfo] = (), values: Mapping[str, str] | None = None
) -> Trial:
    """``info``'s equation with example numbers plugged in. ``values`` are the reader's own."""
    eq = info.equation
    tree = parse(eq.latex)
    rows = lines(tree.root.items)
    meanings = {s.latex: (s.meaning or "", False) for s in symbols}
    shape = Shape.of(tree, meanings, rows[0] if rows else [])
    target = shape.text(shape.lhs) if shape.lhs else ""
    if not shape.rhs:
        return Trial(eq.id, False, target, reason="there is no expression to compute here")
    trial = _Evaluator(shape, dict(values or {}))
    trial.check_reader_values()
    try:
        result = trial.run()
    except _Cannot as why:
        return Trial(eq.id, False, target, tuple(trial.shown()), reason=str(why))
    except (ZeroDivisionError, OverflowError, ValueError, TypeError) as err:
        return Trial(
            eq.id, False, target, tuple(trial.shown()), reason=f"these numbers cannot be computed ({err})"
        )
    return Trial(
        eq.id,
        True,
        target,
        tuple(trial.shown()),
        tuple(trial.steps),
        result,
        notes=tuple(dict.fromkeys(trial.notes)),
    )


def _fmt(x: float) -> str:
    if x == int(x) and abs(x) < 1e6:
        return str(int(x))
    return f"{x:.4g}"


class _Evaluator:
    def __init__(self, shape: Shape, given: dict[str, str]) -> None:
        import sympy

        self.sp: Any = sympy
        self.shape = shape
        self.given = given
        self.used: dict[str, TrialValue] = {}  # written form -> value shown
        self.vectors: dict[str, list[float]] = {}
        self.bound: dict[str, int] = {}
        self.steps: list[str] = []
        self.notes: list[str] = []
        self.counter = 0
        self.quiet = False
        self.memo: dict[str, Any] = {}
        self.forms = {self._form(x): x for x in _symbols(shape.rhs)}

    # ---- the reader's values ---------------------------------------------------------------

    def check_reader_values(self) -> None:
        known = {self._form(x) for x in _symbols(self.shape.rhs)} | set(self.bound_names())
        keys = {self.shape.key(x) for x in _symbols(self.shape.rhs)}
        for name, raw in self.given.items():
            if (
                normalize(name) not in known
                and normalize(name) not in keys
                and name not in _texts(self.shape)
            ):
                listed = ", ".join(sorted(known)) or "none"
                raise BadValue(f"no symbol {name!r} on the right-hand side; its symbols are: {listed}")
            _parse_value(name, raw)

    def bound_names(self) -> list[str]:
        out = []
        for x in _walk(self.shape.rhs):
            if isinstance(x, Big) and x.sup is not None:
                out.append(normalize(to_latex(x.sup)))
        return out

    def lookup(self, form: str, key: str) -> str | None:
        for name, raw in self.given.items():
            n = normalize(name)
            if n in (form, key) or name == to_unicode(form):
                return raw
        return None

    # ---- evaluation --------------------------------------------------------------------------

    def run(self) -> str:
        sp = self.sp
        rhs = Row(tuple(self.shape.rhs))
        value = self.value(rhs)
        working, self.steps = self.steps, []
        self.quiet = True
        self.steps.append(self.show(rhs))
        self.steps.extend(dict.fromkeys(working))
        if isinstance(value, list):
            result = "[" + ", ".join(_fmt(float(v)) for v in value) + "]"
        else:
            terms = self.term_values(list(rhs.items))
            if terms:
                self.steps.append("= " + terms)
            result = _fmt(float(sp.N(value)))
        self.steps.append("= " + result)
        return result

    def step(self, text: str) -> None:
        if not self.quiet:
            self.steps.append(text)

    def term_values(self, items: list[Node]) -> str:
        parts: list[str] = []
        current: list[Node] = []
        for x in [*items, Op("+")]:
            if isinstance(x, Op) and x.value in ("+", "-"):
                if current:
                    v = self.value(Row(tuple(current)))
                    parts.append(_fmt(float(self.sp.N(v))) if not isinstance(v, list) else "…")
                    current = []
                if x is not items[-1:] and len(parts) or parts:
                    parts.append(x.value)
                continue
            current.append(x)
        text = " ".join(parts[:-1]).replace("+ -", "- ")
        return text if len(parts) > 2 else ""

    def value(self, node: Node) -> Any:
        sp = self.sp
        if isinstance(node, Row):
            return self.row(list(node.items))
        if isinstance(node, Atom) and node.kind == "number":
            return sp.Float(node.value) if "." in node.value else sp.Integer(node.value)
        if isinstance(node, Atom | Script | Font | Accent) and self.is_symbol(node):
            return self.symbol(node)
        if isinstance(node, Script):
            if node.base is None:
                raise _Cannot("a script stands without a base")
            if node.sub is not None and node.sup is not None:
                base = self.value(Script(node.base, node.sub, None, node.primes, node.start, node.end))
            else:
                base = self.value(node.base)
            if node.sup is None:
                return base
            sup = word_of(node.sup)
            if sup in ("T", "\\top", "top", "intercal"):
                self.notes.append("a transpose does nothing to a single number")
                return base
            return base ** self.value(node.sup)
        if isinstance(node, Frac):
            return self.value(node.num) / self.value(node.den)
        if isinstance(node, Root):
            return (
                sp.sqrt(self.value(node.body))
                if node.index is None
                else self.value(node.body) ** (1 / self.value(node.index))
            )
        if isinstance(node, Fenced):
            inner = self.row(list(node.body.items))
            if node.open == "|" or node.open == "\\|":
                return sp.Abs(inner)
            if node.open == "\\lfloor":
                return sp.floor(inner)
            if node.open == "\\lceil":
                return sp.ceiling(inner)
            return inner
        if isinstance(node, Apply):
            return self.apply(node)
        if isinstance(node, Big):
            return self.big(node)
        raise _Cannot(f"paperpal cannot compute {self.shape.text(node) or 'a part of it'} with numbers")

    def row(self, items: list[Node]) -> Any:
        sp = self.sp
        total: Any = sp.Integer(0)
        sign = 1
        product: Any = None
        op = "*"
        for x in items:
            if isinstance(x, Op) and x.value in ("+", "-"):
                if product is not None:
                    total += sign * product
                    product = None
                sign = -1 if x.value == "-" else 1
                continue
            if isinstance(x, Op) and x.value in ("\\cdot", "\\times", "\\odot", "*", "\\circ"):
                continue
            if isinstance(x, Op) and x.value == "/":
                op = "/"
                continue
            if isinstance(x, Op) and x.value == ",":
                raise _Cannot("it holds a list of values, not one expression")
            if isinstance(x, Op | Atom) and not isinstance(x, Atom):
                raise _Cannot(f"paperpal cannot compute with {x.value!r} in it")
            v = self.value(x)
            if isinstance(v, list):
                if product is None and len(items) == 1:
                    return v
                raise _Cannot("a vector appears inside a larger expression; try its parts one by one")
            product = v if product is None else (product / v if op == "/" else product * v)
            op = "*"
        if product is not None:
            total += sign * product
        return total

    def apply(self, node: Apply) -> Any:
        sp = self.sp
        name = _fn(node.fn)
        args = node.arg.body.items if isinstance(node.arg, Fenced) else (node.arg,)
        if name == "softmax":
            vec = self.vector_arg(list(args))
            exps = [sp.exp(v) for v in vec]
            total = sum(exps)
            self.step(
                f"softmax: exp of each → {', '.join(_fmt(float(e)) for e in exps)}; total {_fmt(float(total))}; "
                "each divided by the total"
            )
            return [e / total for e in exps]
        parts = _split(list(args))
        values = [self.row(p) for p in parts]
        if name in ("max", "min") and len(values) >= 2:
            return (sp.Max if name == "max" else sp.Min)(*values)
        if len(values) != 1:
            raise _Cannot(f"{self.shape.text(node.fn)} takes several arguments paperpal cannot evaluate")
        x = values[0]
        functions = {"exp": sp.exp, "tanh": sp.tanh, "sin": sp.sin, "cos": sp.cos, "sqrt": sp.sqrt,
                     "log": sp.log, "ln": sp.log, "sigma": lambda v: 1 / (1 + sp.exp(-v)),
                     "sigmoid": lambda v: 1 / (1 + sp.exp(-v)), "relu": lambda v: sp.Max(0, v),
                     "ReLU": lambda v: sp.Max(0, v), "abs": sp.Abs}  # fmt: skip
        if name in functions:
            if name == "log":
                self.notes.append("log is the natural logarithm (base e)")
            if name == "sigma":
                self.notes.append("σ applied to a value is read as the logistic sigmoid 1/(1 + e^(−x))")
            result = functions[name](x)
            self.step(f"{_FN_SHOWN.get(name, name)}({_fmt(float(sp.N(x)))}) = {_fmt(float(sp.N(result)))}")
            return result
        raise _Cannot(
            f"{self.shape.text(node.fn)} is a function the paper defines; paperpal cannot evaluate it"
        )

    def vector_arg(self, args: list[Node]) -> list[Any]:
        if len(args) == 1 and isinstance(args[0], Atom | Script | Font | Accent) and self.is_symbol(args[0]):
            form, key = self._form(args[0]), self.shape.key(args[0])
            raw = self.lookup(form, key)
            vec = _parse_value(form, raw) if raw is not None else list(_VECTOR[:_RANGE])
            if not isinstance(vec, list):
                vec = [vec]
            self.record(args[0], vec, raw is not None, "a short vector of scores")
            return [self.sp.Float(v) for v in vec]
        raise _Cannot("softmax needs a vector: give it one symbol and a list, for example --value x=1,2,0.5")

    def big(self, node: Big) -> Any:
        sp = self.sp
        if node.op not in ("sum", "prod"):
            raise _Cannot({"E": "an expectation averages over a probability distribution, which numbers alone do not give",
                           "int": "an integral needs a whole function, not a few numbers"}.get(node.op, f"paperpal cannot evaluate a {node.op}"))  # fmt: skip
        var, lo, hi = self.limits(node)
        terms = []
        for k in range(lo, hi + 1):
            self.bound[var] = k
            terms.append(self.row(list(node.body.items)))
        self.bound.pop(var, None)
        total = sum(terms) if node.op == "sum" else sp.Mul(*terms)
        joiner = " + " if node.op == "sum" else " · "
        self.step(
            f"{'∑' if node.op == 'sum' else '∏'} over {var} = {lo}…{hi}: "
            f"{joiner.join(_fmt(float(sp.N(t))) for t in terms)} = {_fmt(float(sp.N(total)))}"
        )
        return total

    def limits(self, node: Big) -> tuple[str, int, int]:
        items: list[Node] = (
            list(node.sub.items)
            if isinstance(node.sub, Row)
            else ([node.sub] if node.sub is not None else [])
        )
        eq = next((k for k, x in enumerate(items) if getattr(x, "value", None) == "="), None)
        var = (
            normalize(to_latex(Row(tuple(items[:eq]))))
            if eq is not None
            else normalize(to_latex(Row(tuple(items))))
        )
        lo = int(self.sp.N(self.row(items[eq + 1 :]))) if eq is not None else 1
        if node.sup is None:
            hi = lo + _RANGE - 1
            self.notes.append(f"the sum has no upper limit written; {var} runs over {_RANGE} values here")
        else:
            upper = self.value(node.sup)
            hi = int(self.sp.N(upper))
        if hi - lo > 50:
            raise _Cannot(f"the range {lo}…{hi} is too long to write out; give a smaller upper limit")
        return var or "k", lo, hi

    # ---- symbols -----------------------------------------------------------------------------

    def is_symbol(self, node: Node) -> bool:
        core = node
        while isinstance(core, Script | Accent | Font):
            if isinstance(core, Script):
                if core.sup is not None and not (
                    isinstance(core.sup, Atom)
                    and core.sup.kind in ("letter", "greek")
                    and word_of(core.sup) not in ("T",)
                ):
                    return False
                core = core.base  # type: ignore[assignment]
            else:
                core = core.body
        return isinstance(core, Atom) and core.kind in ("letter", "greek")

    def _form(self, node: Node) -> str:
        return normalize(to_latex(node))

    def symbol(self, node: Node) -> Any:
        sp = self.sp
        form, key = self._form(node), self.shape.key(node)
        if form in self.bound:
            return sp.Integer(self.bound[form])
        sub = node.sub if isinstance(node, Script) else None
        index_var = next((v for v in self.bound if sub is not None and v in _names(sub)), None)
        raw = self.lookup(form, key)
        if index_var is not None:
            if key not in self.vectors:
                given = self.lookup(key, key)
                vec = _parse_value(key, given) if given is not None else None
                self.vectors[key] = (
                    list(vec)
                    if isinstance(vec, list)
                    else [float(_VECTOR[i % len(_VECTOR)]) for i in range(8)]
                )
                self.record(
                    node,
                    self.vectors[key][:_RANGE],
                    given is not None,
                    f"one value for each {index_var}",
                    show=key,
                )
            k = self.bound[index_var]
            vec = self.vectors[key]
            if k - 1 >= len(vec) or k < 1:
                raise BadValue(f"{to_unicode(key)} needs a value for {index_var} = {k}; give a longer list")
            return sp.Float(vec[k - 1])
        if form in self.memo:
            return self.memo[form]
        self.memo[form] = self._scalar(node, form, raw)
        return self.memo[form]

    def _scalar(self, node: Node, form: str, raw: str | None) -> Any:
        sp = self.sp
        key = self.shape.key(node)
        if raw is not None:
            value = _parse_value(form, raw)
            if isinstance(value, list):
                raise BadValue(f"{form} is used as a single number here; give one value, not a list")
            self.record(node, value, True, "")
            return sp.Float(value)
        value, why = self.default(node, key)
        self.record(node, value, False, why)
        return sp.Float(value) if not float(value).is_integer() else sp.Integer(int(value))

    def default(self, node: Node, key: str) -> tuple[float, str]:
        phrase = str(self.shape.meanings.get(key, ("", False))[0]).lower()  # type: ignore[index]
        core = node
        while isinstance(core, Script | Accent | Font):
            core = core.base if isinstance(core, Script) else core.body  # type: ignore[assignment]
        base = word_of(core)
        if "gate" in phrase or (base in ("z", "r", "g", "f", "i", "o") and self._in_blend(node)):
            return 0.8, "a gate, between 0 and 1"
        if "probabil" in phrase:
            return 0.7, "a probability"
        if "learning rate" in phrase or "step size" in phrase or base in ("alpha", "eta"):
            return 0.1, "a step size"
        if base in ("epsilon", "varepsilon"):
            return 1e-8, "a tiny constant that avoids dividing by zero"
        if base in _DECAY:
            return 0.9, "a decay rate, just below 1"
        if base == "t":
            return 2, "the time step"
        if base in _COUNTS or re.search(
            r"number of|dimension|size|count|length|stride|padding|width|height", phrase
        ):
            return 4 if base == "d" else _RANGE, "a small count"
        value = _SCALARS[self.counter % len(_SCALARS)]
        self.counter += 1
        return value, "an example value"

    def _in_blend(self, node: Node) -> bool:
        text = to_latex(Row(tuple(self.shape.rhs)))
        return f"1-{to_latex(node)}" in text.replace(" ", "") or bool(re.search(r"\\sigma|sigmoid", text))

    def record(
        self, node: Node, value: float | list[float], reader: bool, why: str, show: str | None = None
    ) -> None:
        form = show or self._form(node)
        if form in self.used:
            return
        shown = "[" + ", ".join(_fmt(v) for v in value) + "]" if isinstance(value, list) else _fmt(value)
        self.used[form] = TrialValue(
            form, to_unicode(form), shown, "reader" if reader else "default", "" if reader else why
        )

    def shown(self) -> list[TrialValue]:
        return list(self.used.values())

    # ---- the equation with numbers in it -----------------------------------------------------

    def show(self, node: Node) -> str:
        if isinstance(node, Row):
            out = ""
            for k, x in enumerate(node.items):
                if k and not isinstance(x, Op) and not isinstance(node.items[k - 1], Op):
                    out += "·"
                out += self.show(x)
            return out
        if isinstance(node, Op):
            return {
                "+": " + ",
                "-": " − ",
                "\\cdot": "·",
                "\\odot": "·",
                "\\times": "·",
                "*": "·",
                "/": "/",
            }.get(node.value, node.value)
        form = self._form(node) if isinstance(node, Atom | Script | Font | Accent) else ""
        if form in self.used and not self.used[form].value.startswith("["):
            return self.used[form].value
        if isinstance(node, Frac):
            return f"({self.show(node.num)})/({self.show(node.den)})"
        if isinstance(node, Fenced):
            inner = self.show(node.body)
            return {"|": f"|{inner}|", "\\|": f"‖{inner}‖"}.get(node.open, f"({inner})")
        if isinstance(node, Apply):
            arg = node.arg
            inner = self.show(arg.body) if isinstance(arg, Fenced) else self.show(arg)
            return f"{_FN_SHOWN.get(_fn(node.fn), self.shape.text(node.fn))}({inner})"
        if isinstance(node, Root):
            return f"√({self.show(node.body)})"
        if (
            isinstance(node, Script)
            and node.sup is not None
            and self.is_symbol(node) is False
            and node.base is not None
        ):
            return f"{self.show(node.base)}^{self.show(node.sup)}"
        return self.shape.text(node)


_FN_SHOWN = {"sigma": "σ", "sigmoid": "σ", "relu": "ReLU", "ReLU": "ReLU"}


def _fn(node: Node) -> str:
    core = node.base if isinstance(node, Script) else node
    if isinstance(core, Atom):
        return core.value
    return word_of(core)


def _split(items: list[Node]) -> list[list[Node]]:
    parts: list[list[Node]] = [[]]
    for x in items:
        if isinstance(x, Op) and x.value == ",":
            parts.append([])
        else:
            parts[-1].append(x)
    return [p for p in parts if p]


def _walk(items: Iterable[Node]) -> Iterable[Node]:
    for x in items:
        yield x
        for child in ("body", "arg", "num", "den", "base", "sub", "sup", "fn"):
            inner = getattr(x, child, None)
            if isinstance(inner, Row):
                yield from _walk(inner.items)
            elif inner is not None and not isinstance(inner, str | int):
                yield from _walk([inner])


def _symbols(items: list[Node]) -> list[Node]:
    return [x for x in _walk(items) if isinstance(x, Script | Atom | Font | Accent) and _is_leaf_symbol(x)]


def _is_leaf_symbol(node: Node) -> bool:
    if isinstance(node, Atom):
        return node.kind in ("letter", "greek")
    core = node
    while isinstance(core, Script | Accent | Font):
        core = core.base if isinstance(core, Script) else core.body  # type: ignore[assignment]
    return isinstance(core, Atom) and core.kind in ("letter", "greek")


def _names(node: Node) -> set[str]:
    items = node.items if isinstance(node, Row) else (node,)
    return {x.value if x.kind == "letter" else "\\" + x.value for x in _walk(items) if isinstance(x, Atom)}


def _texts(shape: Shape) -> set[str]:
    return {shape.text(x) for x in _symbols(shape.rhs)}


def _parse_value(name: str, raw: str | None) -> float | list[float]:
    text = (raw or "").strip().strip("[]()")
    try:
        if "," in text:
            values = [float(v) for v in text.split(",") if v.strip()]
            if not values or len(values) > 12:
                raise ValueError
            return values
        value = float(text)
    except ValueError:
        raise BadValue(
            f"{raw!r} is not a number for {name}: write --value {name}=0.8, or a short list --value {name}=1,2,0.5"
        ) from None
    if value != value or value in (float("inf"), float("-inf")):
        raise BadValue(f"{raw!r} is not a finite number for {name}")
    return value
