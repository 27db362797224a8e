"""More idioms for ``notation.idioms``: derivatives, settings and shapes, sampling tricks, sets and
mappings, ratios, compositions, and arithmetic said with the symbols' meanings.

Owns: ``MORE_RULES``, tried after the optimisation and probability idioms of ``idioms`` and
before its recurrence fallback. Each rule takes a ``shapes.Shape`` and returns a sentence or None.

Must not: state an uncertain meaning as fact (names come from ``Shape.name``), or read an equation
it does not recognise.
"""

from __future__ import annotations

from collections.abc import Callable

from paperpal.notation.shapes import (
    Shape,
    big_var,
    factors,
    fn_name,
    has,
    is_log,
    is_probability,
    is_rel,
    one_minus,
    terms,
    unwrap,
)
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
    Rel,
    Row,
    Script,
    Table,
    Text,
    word_of,
)


def _is_d(node: Node | None) -> bool:
    return (
        (isinstance(node, Op) and node.value == "\\partial")
        or word_of(node) == "d"
        or (
            isinstance(node, Script)
            and (word_of(node.base) == "d" or isinstance(node.base, Op) and node.base.value == "\\partial")
        )
    )


def _derivative(node: Node) -> tuple[str, str] | None:
    """(what, with respect to) of ``∂f/∂x``, ``d/dx`` or ``∇_x f``; None otherwise."""
    if isinstance(node, Frac):
        num, den = unwrap(node.num), unwrap(node.den)
        if num and _is_d(num[0]) and den and _is_d(den[0]):
            return ("", "") if len(num) == 1 else ("num", "den")
    return None


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
    if isinstance(head, Frac) and _derivative(head) is not None:
        num, den = unwrap(head.num), unwrap(head.den)
        wrt = shape.text([x for x in den if not _is_d(x)])
        what = shape.text(num[1:]) if len(num) > 1 else shape.text(lhs[1:])
        second = isinstance(num[0], Script) and word_of(num[0].sup) == "2"
        rate = "how the rate of change of" if second else "how much"
        tail = " itself changes" if second else " changes"
        return f"a derivative: {rate} {what}{tail} when {wrt} changes a little, written out on the right"
    return None


def _setting(shape: Shape) -> str | None:
    if (
        len(shape.lhs) == 1
        and len(shape.rhs) == 1
        and isinstance(shape.rhs[0], Atom)
        and shape.rhs[0].kind == "number"
    ):
        return f"a setting: {shape.name(shape.lhs[0])} is fixed at {shape.rhs[0].value}"
    return None


def _big_o(shape: Shape) -> str | None:
    items = shape.lhs + shape.rhs if shape.lhs else shape.rhs
    os = [x for x in items if isinstance(x, Apply) and fn_name(x.fn) == "O"]
    if os and len(os) * 1 >= len([x for x in items if not isinstance(x, Op | Rel)]):
        return (
            "costs in big-O notation: "
            + "; ".join(f"grows like {shape.text(unwrap(x.arg))}" for x in os)
            + ", ignoring constant factors"
        )  # type: ignore[union-attr]
    return None


def _membership(shape: Shape) -> str | None:
    items = shape.items
    for k, x in enumerate(items):
        if is_rel(x, "\\in") and k + 1 < len(items):
            space = items[k + 1]
            if isinstance(space, Script) and isinstance(space.base, Font) and word_of(space.base.body) == "R":
                dims = shape.text(space.sup)
                kind = (
                    "matrix"
                    if has(space.sup, lambda y: isinstance(y, Op) and y.value == "\\times")
                    else "vector"
                )
                return f"{shape.name(items[k - 1]) if k else 'it'} is a {kind} of real numbers of size {dims.replace('×', ' by ').replace('  ', ' ')}"
    return None


def _set(shape: Shape) -> str | None:
    rhs = shape.rhs
    if len(shape.lhs) == 1 and len(rhs) == 1:
        node = rhs[0].base if isinstance(rhs[0], Script) else rhs[0]
        if (
            isinstance(node, Fenced)
            and node.open == "\\{"
            and not any(isinstance(y, Table) for y in node.body.items)
        ):
            return f"{shape.name(shape.lhs[0])} is the collection of {shape.text(list(node.body.items))}"
        if (
            isinstance(node, Fenced)
            and node.open == "["
            and has(node, lambda y: isinstance(y, Op) and y.value == ",")
        ):
            return f"{shape.name(shape.lhs[0])} is shorthand for the list {shape.text(list(node.body.items))}"
        if isinstance(node, Text) or (
            isinstance(node, Row) and node.items and all(isinstance(y, Text) for y in node.items)
        ):
            return f"{shape.text(shape.lhs)} stands for the {shape.text(rhs).strip().rstrip(',.')}"
    return None


def _is_arrow(node: Node) -> bool:
    return isinstance(node, Rel) and node.value in ("\\rightarrow", "\\to")


def _mapping(shape: Shape) -> str | None:
    items = shape.items
    for k, x in enumerate(items):
        if (
            isinstance(x, Op)
            and x.value == ":"
            and k + 1 < len(items)
            and any(isinstance(y, Rel) and y.value in ("\\rightarrow", "\\to") for y in items[k:])
        ):
            arrow = next(j for j in range(k, len(items)) if _is_arrow(items[j]))
            return f"{shape.text(items[:k])} is a mapping: it takes {shape.text(items[k + 1 : arrow])} to {shape.text(items[arrow + 1 :])}"
    return None


def _logit(shape: Shape) -> str | None:
    found = []
    for _, term in terms(shape.rhs):
        if len(term) == 1 and is_log(term[0]) and isinstance(term[0], Apply):
            arg = unwrap(term[0].arg)
            if len(arg) == 1 and isinstance(arg[0], Frac) and one_minus(arg[0].den) is not None:
                found.append(shape.text(arg[0].num))
    if found:
        noise = f" (the second, of uniform noise {found[1]}, is logistic noise)" if len(found) == 2 else ""
        return f"{_subject(shape)} adds up log-odds: log(p / (1 − p)) turns a probability p into a score on the whole number line{noise}"
    t = terms(shape.rhs)
    if len(t) == 2 and t[1][0] < 0 and is_log(t[0][1][0]) and len(t[1][1]) == 1 and is_log(t[1][1][0]):
        inner = unwrap(t[1][1][0].arg)  # type: ignore[union-attr]
        if inner and isinstance(inner[0], Op) and inner[0].value == "-" and is_log(inner[-1]):
            return f"{_subject(shape)} adds Gumbel noise −log(−log u) to a log-probability: taking the largest of such values samples from the distribution (the Gumbel-max trick)"
    return None


def _subject(shape: Shape) -> str:
    return shape.subject() if shape.lhs else "this"


def _control_variate(shape: Shape) -> str | None:
    t = terms(shape.rhs)
    minus = {shape.text(term) for sign, term in t if sign < 0}
    for sign, term in t:
        if sign > 0 and len(term) == 1 and isinstance(term[0], Big) and term[0].op == "E":
            inner = shape.text(unwrap(term[0].body.items[0]) if term[0].body.items else [])
            if inner in minus:
                return (
                    f"a control variate: {inner} is subtracted and its expectation added back, which keeps the "
                    f"estimate unbiased while it can lower its variance"
                )
    return None


def _sinusoid(shape: Shape) -> str | None:
    rhs = shape.rhs
    if len(rhs) == 1 and isinstance(rhs[0], Apply) and fn_name(rhs[0].fn) in ("sin", "cos"):
        return f"{_subject(shape)} is a {'sine' if fn_name(rhs[0].fn) == 'sin' else 'cosine'} wave of {shape.text(unwrap(rhs[0].arg))}: each position gets a smooth, repeating code"
    return None


def _weighted_average(shape: Shape) -> str | None:
    t = terms(shape.rhs)
    found = []
    for _, term in t:
        if len(term) == 1 and isinstance(term[0], Big) and term[0].op in ("int", "sum", "iint"):
            body = list(term[0].body.items)
            ps = [x for x in body if is_probability(x)]
            rest = [x for x in body if not is_probability(x) and word_of(x) != "d"]
            rest = rest[: len(rest) - 1] if len(rest) >= 1 and any(word_of(x) == "d" for x in body) else rest
            if ps and rest:
                found.append(
                    f"the average of {shape.text(rest)} weighted by the probability {shape.text(ps)}"
                )
    if found and len(found) == len(t):
        return f"{_subject(shape)} is " + " plus ".join(found) + " (an expectation written as an integral)"
    return None


def _normal(shape: Shape) -> str | None:
    for x in shape.rhs:
        if (
            isinstance(x, Apply)
            and (fn_name(x.fn) == "N" or word_of(x.fn) == "N")
            and isinstance(x.arg, Fenced)
        ):
            items = list(x.arg.body.items)
            bar = next((k for k, y in enumerate(items) if isinstance(y, Op) and y.value == "|"), None)
            params = items[bar + 1 :] if bar is not None else items
            comma = next((k for k, y in enumerate(params) if isinstance(y, Op) and y.value == ","), None)
            if comma is None:
                continue
            of = f" of {shape.text(items[:bar])}" if bar is not None else ""
            return f"a Gaussian (normal) distribution{of} with mean {shape.text(params[:comma])} and variance {shape.text(params[comma + 1 :])}"
        if isinstance(x, Apply) and fn_name(x.fn) == "delta":
            return f"a Dirac delta: all the probability sits where {shape.text(unwrap(x.arg))} is zero, so that relation holds exactly"
    return None


def _share(shape: Shape) -> str | None:
    if len(shape.rhs) == 1 and isinstance(shape.rhs[0], Frac):
        num, den = shape.text(unwrap(shape.rhs[0].num)), unwrap(shape.rhs[0].den)
        t = terms(den)
        if len(t) == 2 and all(s > 0 for s, _ in t) and num in (shape.text(t[0][1]), shape.text(t[1][1])):
            return f"{_subject(shape)} is the share of {num} in the total {shape.text(den)}, a number between 0 and 1"
    return None


def _concat(shape: Shape) -> str | None:
    for x in shape.rhs:
        if isinstance(x, Apply) and fn_name(x.fn).lower() in ("concat", "concatenate"):
            rest = [y for y in shape.rhs if y is not x]
            tail = f", then multiplied by {shape.text(rest)}" if rest else ""
            return f"{_subject(shape)} joins {shape.text(unwrap(x.arg))} side by side (concatenation){tail}"
    return None


def _composition(shape: Shape) -> str | None:
    rhs = shape.rhs
    if len(rhs) == 1 and isinstance(rhs[0], Apply):
        outer = rhs[0]
        inner = unwrap(outer.arg)
        if (
            inner
            and isinstance(inner[0], Apply)
            and fn_name(inner[0].fn) != fn_name(outer.fn)
            and fn_name(inner[0].fn)
        ):
            return (
                f"a composition: {shape.text(outer.fn)} is applied to the output of {shape.text(inner[0].fn)}"
            )
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
        return f"{_subject(shape)} is the {goal} value {shape.text(list(rhs[0].body.items))} can reach as {shape.name(rhs[0].sub)} varies"
    return None


def _discounted(shape: Shape) -> str | None:
    for _, term in terms(shape.rhs):
        for x in term:
            if isinstance(x, Big) and x.op == "sum" and x.body.items:
                body = factors(list(x.body.items))
                head = body[0]
                if (
                    isinstance(head, Script)
                    and head.sup is not None
                    and isinstance(head.base, Atom)
                    and head.base.kind == "greek"
                ):
                    power = shape.text(head.sup)
                    if "-" in power and big_var(x) in power:
                        return (
                            f"{_subject(shape)} is an exponentially weighted sum over past steps: the term from {big_var(x)} steps back "
                            f"is weighted by {shape.text(head.base)} to the power of its age, so recent {shape.text(body[1:])} count most"
                        )
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


def _jacobian(shape: Shape) -> str | None:
    for x in shape.rhs:
        table = x.body.items[0] if isinstance(x, Fenced) and len(x.body.items) == 1 else x
        if isinstance(table, Table) and "matrix" in table.env:
            cells = [c.items[0] for r in table.rows for c in r if len(c.items) == 1]
            derivs = [c for c in cells if isinstance(c, Frac) and _derivative(c) is not None]
            if len(derivs) >= max(2, len(cells) // 2):
                second = any(isinstance(unwrap(d.num)[0], Script) for d in derivs)  # type: ignore[union-attr]
                kind = (
                    "the Hessian: the matrix of all second derivatives"
                    if second
                    else "the Jacobian: the matrix of all first derivatives"
                )
                return f"{_subject(shape)} is {kind}, one row per output and one column per input"
    return None


def _change_of_variables(shape: Shape) -> str | None:
    if not shape.lhs or not is_probability(shape.lhs[0]):
        return None

    def jac_bars(x: object) -> bool:
        return (
            isinstance(x, Fenced)
            and x.open == "|"
            and has(
                x,
                lambda y: (
                    isinstance(y, Atom)
                    and y.value == "J"
                    or isinstance(y, Frac)
                    and _derivative(y) is not None
                ),
            )
        )

    if has(shape.rhs, jac_bars):
        return (
            "the change-of-variables rule: the density of the transformed variable is the original density, "
            "rescaled by the absolute determinant of the Jacobian (how much the transformation stretches space)"
        )
    return None


def _arithmetic(shape: Shape) -> str | None:
    """A short sum of named quantities, said with their meanings: only when every symbol has one."""
    if len(shape.lhs) != 1 or not shape.rhs or len(shape.rhs) > 9:
        return None
    symbols = [x for x in _leaves(shape.rhs) if not (isinstance(x, Atom) and x.kind == "number")]
    if not symbols or any(not shape.meaning(x)[0] for x in symbols + [shape.lhs[0]]):
        return None
    words = []
    for x in shape.rhs:
        if isinstance(x, Op) and x.value in ("+", "-"):
            words.append("plus" if x.value == "+" else "minus")
        elif isinstance(x, Atom | Script | Font | Accent):
            words.append(shape.name(x))
        elif isinstance(x, Fenced) and x.open == "(":
            inner = [
                shape.name(y)
                if isinstance(y, Atom | Script | Font | Accent)
                else {"+": "plus", "-": "minus"}.get(getattr(y, "value", ""), shape.text(y))
                for y in x.body.items
            ]
            words.append("(" + " ".join(inner) + ")")
        else:
            return None
    return f"{shape.name(shape.lhs[0])} is {' '.join(words)}"


def _leaves(items: list[Node]) -> list[Node]:
    out: list[Node] = []
    for x in items:
        if isinstance(x, Fenced):
            out.extend(_leaves(list(x.body.items)))
        elif isinstance(x, Atom | Script | Font | Accent):
            out.append(x)
        elif not isinstance(x, Op):
            out.append(x)  # anything else (a fraction, a function): not a plain sum
            return out + [Row()]
    return out


MORE_RULES: list[tuple[str, Callable[[Shape], str | None]]] = [
    ("derivative", _derivative_lhs),
    ("jacobian", _jacobian),
    ("change-of-variables", _change_of_variables),
    ("setting", _setting),
    ("big-o", _big_o),
    ("membership", _membership),
    ("set", _set),
    ("mapping", _mapping),
    ("logit", _logit),
    ("control-variate", _control_variate),
    ("sinusoid", _sinusoid),
    ("weighted-average", _weighted_average),
    ("normal", _normal),
    ("share", _share),
    ("concatenation", _concat),
    ("composition", _composition),
    ("extremum", _extremum),
    ("discounted-sum", _discounted),
    ("convexity", _convexity),
    ("arithmetic", _arithmetic),
]
