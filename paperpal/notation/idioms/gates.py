"""Gates, recurrences and layers: the gate blend and exponential moving averages (momentum, Adam's
moments), affine maps with an activation, residual connections, recurrences, exponentially
discounted sums, compositions, concatenation and sinusoidal codes.

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
    subject_of,
    subject_or_this,
)
from paperpal.notation.shapes import (
    Shape,
    big_var,
    factors,
    fn_name,
    has,
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
    Node,
    Rel,
    Row,
    Script,
    word_of,
)

_ACTIVATIONS = {"sigma": "the logistic sigmoid σ, which squashes it into the range 0 to 1",
                "sigmoid": "the logistic sigmoid, which squashes it into the range 0 to 1",
                "tanh": "tanh, which squashes it into the range −1 to 1",
                "relu": "ReLU, which keeps its positive part", "ReLU": "ReLU, which keeps its positive part",
                "tau": "the activation τ", "g": "the activation g", "phi": "the activation φ",
                "softplus": "softplus, a smooth version of ReLU"}  # fmt: skip
# Greek letters papers use for constant rates: a blend weighted by one is a moving average.
_DECAY = frozenset({"beta", "lambda", "mu", "rho", "gamma", "alpha", "tau", "eta", "delta"})


def _blend(shape: Shape) -> str | None:
    if any(isinstance(x, Rel) and x.value in ("\\geq", "\\leq", "<", ">") for x in shape.items):
        return None  # an inequality between blends is convexity (optimisation)
    t = terms(shape.rhs)
    if len(t) != 2 or any(sign < 0 for sign, _ in t):
        return None
    (_, a), (_, b) = t
    fa, fb = factors(a), factors(b)
    for first, second in ((fa, fb), (fb, fa)):
        if len(first) != 2 or len(second) < 2:
            continue
        weight = one_minus(first[0])
        if weight is None:
            continue
        other = second[0]
        if shape.text(other) != shape.text(weight):
            continue
        kept, new = first[1], Row(tuple(second[1:])) if len(second) > 2 else second[1]
        return _blend_sentence(shape, weight, kept, new)
    return None


def _blend_sentence(shape: Shape, weight: Node, kept: Node, new: Node) -> str:
    lhs_key = shape.key(shape.lhs[0]) if shape.lhs else ""
    previous = shape.key(kept) == lhs_key and shape.step(kept) != shape.step(shape.lhs[0])
    previous |= shape.key(new) == lhs_key and shape.step(new) != shape.step(shape.lhs[0])
    core = weight.base if isinstance(weight, Script) else weight
    constant = (
        isinstance(core, Atom)
        and core.kind == "greek"
        and core.value in _DECAY
        and not shape.step(weight).startswith("t")
    )
    subject = subject_of(shape) or "the result"
    if constant and previous:
        source = new if shape.key(kept) == lhs_key else kept
        rate = shape.text(weight)
        what = _moment(shape, source)
        return (
            f"an exponential moving average: {subject} keeps a share {rate} of its previous value and mixes in "
            f"1 − {rate} of {shape.name(source)}{what}"
        )
    kept_name = "its previous value" if shape.key(kept) == lhs_key and previous else shape.name(kept)
    said = f"{subject} is a blend of {kept_name} and {shape.name(new)}, weighted by {shape.name(weight)}"
    if not shape.meaning(weight)[0]:  # nothing said about the weight: say how it acts
        said += f": near 1 it takes {shape.text(new)}, near 0 it keeps {shape.text(kept)}"
    return said


def _moment(shape: Shape, source: Node) -> str:
    base = source.base if isinstance(source, Script) else source
    power = word_of(source.sup) if isinstance(source, Script) else ""
    if isinstance(base, Fenced) and base.open == "|":
        base = base.body.items[0] if base.body.items else base
        if isinstance(base, Script):
            base = base.base  # type: ignore[assignment]
    phrase, _ = shape.meaning(source)
    is_gradient = word_of(base) == "g" or "gradient" in phrase
    if is_gradient and power == "2":
        return " (a running estimate of the squared gradient: Adam's second moment, as in RMSProp)"
    if is_gradient:
        return " (a running estimate of the gradient: momentum, Adam's first moment)"
    return ""


def _affine(shape: Shape) -> str | None:
    rhs = shape.rhs
    if len(rhs) == 1 and isinstance(rhs[0], Script) and isinstance(rhs[0].base, Apply):
        rhs = [rhs[0].base]  # (...)^j: one component
    if len(rhs) == 1 and isinstance(rhs[0], Apply):
        name = fn_name(rhs[0].fn)
        inside = unwrap(rhs[0].arg)
        if name in ("max", "Max") and inside and word_of(inside[0]) == "0":
            inside, name = inside[2:], "relu"
        activation = _ACTIVATIONS.get(name)
        phrase, _ = shape.meaning(rhs[0].fn)
        if activation is None and ("activation" in phrase or "nonlinear" in phrase or "sigmoid" in phrase):
            activation = f"the activation {shape.text(rhs[0].fn)}"
        if activation and _is_affine(shape, inside):
            return f"{is_(shape)} {activation}, applied to {_affine_words(shape, inside)}"
    if (
        rhs
        and isinstance(rhs[0], Apply)
        and fn_name(rhs[0].fn) == "max"
        and word_of(unwrap(rhs[0].arg)[0]) == "0"
    ):
        return f"{is_(shape)} a feed-forward layer: an affine map, ReLU (keep the positive part), then a second affine map"
    if _is_affine(shape, rhs) and len(terms(rhs)) >= 2 and shape.lhs:
        return f"{is_(shape)} {_affine_words(shape, rhs)}"
    return None


def _is_affine(shape: Shape, items: list[Node]) -> bool:
    t = terms(items)
    if not t:
        return False
    products = [
        term for _, term in t if len(factors(term)) == 2 and all(_is_symbol(f) for f in factors(term))
    ]
    singles = [term for _, term in t if len(term) == 1 and _is_symbol(term[0])]
    return bool(products) and len(products) + len(singles) == len(t) and len(singles) <= 1


def _is_symbol(node: Node) -> bool:
    return isinstance(node, Atom | Script | Font | Accent) and not isinstance(core_of(node), Fenced)


def _affine_words(shape: Shape, items: list[Node]) -> str:
    t = terms(items)
    pairs = [factors(term) for _, term in t if len(factors(term)) == 2]
    singles = [term[0] for _, term in t if len(term) == 1]
    inputs = " and ".join(shape.name(p[1]) for p in pairs)
    weights = " and ".join(shape.text(p[0]) for p in pairs)
    bias = f" plus the bias {shape.name(singles[0])}" if singles else ""
    return f"an affine map: {inputs} multiplied by the weights {weights}{bias}"


def _residual(shape: Shape) -> str | None:
    t = terms(shape.rhs)
    if len(t) == 2 and isinstance(t[0][1][0], Apply) and len(t[0][1]) == 1:
        fn = t[0][1][0]
        assert isinstance(fn, Apply)
        arg = unwrap(fn.arg)
        skip = factors(t[1][1])[-1]
        if arg and shape.text(arg[0]) == shape.text(skip):
            return f"a residual connection: the block's output {shape.text(fn)} is added to its input {shape.text(skip)}, so the block only has to learn a correction"
    return None


def _recurrence(shape: Shape) -> str | None:
    if len(shape.lhs) != 1:
        return None
    key, step = shape.key(shape.lhs[0]), shape.step(shape.lhs[0])
    if not step or "t" not in step:
        return None
    previous = []

    def same_earlier(x: object) -> bool:
        if (
            isinstance(x, Script | Atom | Font | Accent)
            and shape.key(x) == key
            and shape.step(x) != step
            and shape.step(x)
        ):  # type: ignore[arg-type]
            previous.append(x)
            return True
        return False

    if has(shape.rhs, same_earlier):
        prev = shape.text(previous[0])
        return f"a recurrence: {shape.name(shape.lhs[0])} at each step is computed from its own previous value {prev} and the new input"
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
                            f"{subject_or_this(shape)} is an exponentially weighted sum over past steps: the term from {big_var(x)} steps back "
                            f"is weighted by {shape.text(head.base)} to the power of its age, so recent {shape.text(body[1:])} count most"
                        )
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


def _concat(shape: Shape) -> str | None:
    for x in shape.rhs:
        if isinstance(x, Apply) and fn_name(x.fn).lower() in ("concat", "concatenate"):
            rest = [y for y in shape.rhs if y is not x]
            tail = f", then multiplied by {shape.text(rest)}" if rest else ""
            return f"{subject_or_this(shape)} joins {shape.text(unwrap(x.arg))} side by side (concatenation){tail}"
    return None


def _sinusoid(shape: Shape) -> str | None:
    rhs = shape.rhs
    if len(rhs) == 1 and isinstance(rhs[0], Apply) and fn_name(rhs[0].fn) in ("sin", "cos"):
        return f"{subject_or_this(shape)} is a {'sine' if fn_name(rhs[0].fn) == 'sin' else 'cosine'} wave of {shape.text(unwrap(rhs[0].arg))}: each position gets a smooth, repeating code"
    return None


RULES: dict[str, Callable[[Shape], str | None]] = {
    "blend": _blend,
    "affine": _affine,
    "residual": _residual,
    "recurrence": _recurrence,
    "discounted-sum": _discounted,
    "composition": _composition,
    "concatenation": _concat,
    "sinusoid": _sinusoid,
}
