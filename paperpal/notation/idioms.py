"""Reading an equation by meaning: recognise the shapes ML equations share and say what they do.

Owns: ``by_meaning(latex, meanings) -> str | None`` and the idioms it knows: softmax and
normalisation, attention and weighted sums, the gate blend, moving averages and optimiser
moments (momentum, Adam), bias correction, gradient steps, affine maps and activations,
residual connections, the reparameterisation trick, averages, variances and batch-norm
standardisation, expectations, cross-entropy and log-likelihood, entropy, KL divergence,
score-function gradients, argmax decisions, minimax games, the chain rule of probability,
independence, Bayes' rule, marginalisation, normalisation of a density, Gaussian densities,
norms and regularisers, rounding down, definitions by cases, the chain rule of derivatives, and
recurrences.

Symbols are named with the paper's own letters and, where the decoder has one, their meaning:
stated when it is certain, offered ("probably …") when it is not (``shapes.Shape.name``).

Must not: say anything about an equation it does not recognise (None, never "X is computed from
[list]"), state an uncertain meaning as fact, or raise.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from paperpal.notation.idioms_more import MORE_RULES
from paperpal.notation.shapes import (
    Meanings,
    Shape,
    big_var,
    factors,
    fn_name,
    has,
    is_exp,
    is_log,
    is_probability,
    is_rel,
    lines,
    meaning_of,
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
    Root,
    Row,
    Script,
    Sep,
    Table,
    parse,
    word_of,
)

__all__ = ["Meanings", "by_meaning", "meaning_of", "recognise"]

_ACTIVATIONS = {"sigma": "the logistic sigmoid σ, which squashes it into the range 0 to 1",
                "sigmoid": "the logistic sigmoid, which squashes it into the range 0 to 1",
                "tanh": "tanh, which squashes it into the range −1 to 1",
                "relu": "ReLU, which keeps its positive part", "ReLU": "ReLU, which keeps its positive part",
                "tau": "the activation τ", "g": "the activation g", "phi": "the activation φ",
                "softplus": "softplus, a smooth version of ReLU"}  # fmt: skip
_DECAY = frozenset({"beta", "lambda", "mu", "rho", "gamma", "alpha", "tau", "eta", "delta"})


def by_meaning(latex: str, meanings: Meanings | None = None) -> str | None:
    """What ``latex`` does, in words, or None when no idiom fits. Never raises."""
    try:
        found = recognise(latex, meanings or {})
        return found[1] if found else None
    except Exception:  # noqa: BLE001 - a sentence is optional; never break a report for it
        return None


def recognise(latex: str, meanings: Meanings) -> tuple[str, str] | None:
    """(idiom name, sentence) of the first idiom ``latex`` fits, or None."""
    if not isinstance(latex, str) or not latex.strip():
        return None
    tree = parse(latex)
    rows = lines(tree.root.items)
    if not rows:
        return None
    first = [x for x in rows[0] if not isinstance(x, Sep)]
    if first and isinstance(first[0], Rel) and first[0].value in ("=", "\\leq", "\\geq", "\\approx"):
        return (
            "continuation",
            "A step of a derivation: the previous line's right-hand side, rewritten as shown.",
        )
    found: list[tuple[str, str]] = []
    for row in rows[:6]:
        items = [x for x in row if not isinstance(x, Sep)]
        if found and items and isinstance(items[0], Rel):
            continue  # a later line of the same chain
        shape = Shape.of(tree, meanings, row)
        if not shape.rhs and not shape.lhs:
            continue
        for name, rule in _RULES:
            sentence = rule(shape)
            if sentence:
                found.append((name, _sentence(sentence)))
                break
    if not found:
        return None
    return found[0][0], " ".join(sentence for _, sentence in found[:4])


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    if re.match(r"[a-z]{2,}(?=[\s,:'])", text):  # an English word, never a symbol (vₜ, o)
        text = text[:1].upper() + text[1:]
    return text + ("" if text.endswith(".") else ".")


def _subject(shape: Shape) -> str:
    return shape.subject() if shape.lhs else ""


def _is_(shape: Shape) -> str:
    """ "zₜ (…) is" or "" when the equation has no left side."""
    subject = _subject(shape)
    return f"{subject} is" if subject else "this is"


# --------------------------------------------------------------------------------------------
# the idioms
# --------------------------------------------------------------------------------------------


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
        who = _subject(shape) or "the answer"
        return f"{who} is the choice of {shape.name(big.sub)} that makes {shape.text(list(big.body.items))} {goal}"
    return None


def _bayes(shape: Shape) -> str | None:
    if len(shape.lhs) != 1 or not is_probability(shape.lhs[0]):
        return None
    rhs = shape.rhs
    num: list[Node]
    if len(rhs) == 1 and isinstance(rhs[0], Frac):
        num, den = list(unwrap(rhs[0].num)), list(unwrap(rhs[0].den))
        if not (
            all(is_probability(x) for x in factors(num)) and all(is_probability(x) for x in factors(den))
        ):
            return None
        evidence = shape.text(den)
    elif (
        rhs
        and isinstance(rhs[0], Frac)
        and word_of(rhs[0].num) == "1"
        and all(is_probability(x) for x in rhs[1:])
    ):
        num, evidence = rhs[1:], f"the normaliser {shape.text(rhs[0].den)}"
    else:
        return None
    if len(factors(num)) != 2:
        return None
    likelihood, prior = factors(num)
    return (
        f"Bayes' rule: {shape.text(shape.lhs)} is found by turning the conditional around, "
        f"{shape.text(likelihood)} times the prior {shape.text(prior)}, divided by {evidence}"
    )


def _marginal(shape: Shape) -> str | None:
    rhs = shape.rhs
    if len(rhs) != 1 or not isinstance(rhs[0], Big) or rhs[0].op not in ("int", "sum", "iint"):
        return None
    big = rhs[0]
    body = list(big.body.items)
    if not body or not any(is_probability(x) for x in body):
        return None
    var = big_var(big) or _differential(body)
    if word_of(shape.lhs[0] if len(shape.lhs) == 1 else None) == "1":
        return f"probabilities add up to one: {shape.text(body)} summed over every value of {var} is 1"
    if len(shape.lhs) == 1 and is_probability(shape.lhs[0]):
        how = "integrating" if big.op != "sum" else "summing"
        return f"{shape.text(shape.lhs)} is found by {how} {var} out: add up {shape.text(_strip_d(body))} over every value of {var}"
    return None


def _differential(body: list[Node]) -> str:
    for k, x in enumerate(body[:-1]):
        if word_of(x) == "d" and not isinstance(body[k + 1], Op):
            return word_of(body[k + 1]) or to_text(body[k + 1])
    return ""


def to_text(node: Node) -> str:
    from paperpal.notation.tree import to_latex

    return to_latex(node)


def _strip_d(body: list[Node]) -> list[Node]:
    for k in range(len(body) - 1, 0, -1):
        if word_of(body[k - 1]) == "d":
            return body[: k - 1]
    return body


def _factorise(shape: Shape) -> str | None:
    if len(shape.lhs) != 1 or not is_probability(shape.lhs[0]):
        return None
    rhs = shape.rhs
    if len(rhs) == 1 and isinstance(rhs[0], Big) and rhs[0].op == "prod":
        big = rhs[0]
        if all(is_probability(x) for x in factors(list(big.body.items))):
            given = _given(big.body.items[0])
            tail = f" given {given}" if given else ""
            return (
                f"independence: the probability of all of them together is the product of each one's "
                f"probability {shape.text(list(big.body.items))}{tail}, over {shape.text(big.sub)}"
                + (f" to {shape.text(big.sup)}" if big.sup is not None else "")
            )
    parts = factors(rhs)
    if len(parts) >= 2 and all(is_probability(x) for x in parts):
        joint = shape.text(shape.lhs)
        return f"the chain rule of probability: {joint} is split into a product of simpler probabilities, {' times '.join(shape.text(p) for p in parts)}"
    return None


def _given(node: Node) -> str:
    if isinstance(node, Apply) and isinstance(node.arg, Fenced):
        items = node.arg.body.items
        for k, x in enumerate(items):
            if isinstance(x, Op) and x.value == "|":
                from paperpal.notation.render import to_unicode
                from paperpal.notation.tree import to_latex

                return to_unicode(to_latex(Row(items[k + 1 :])))
    return ""


def _kl(shape: Shape) -> str | None:
    def is_div(x: object) -> bool:
        if isinstance(x, Apply):
            name = fn_name(x.fn)
            sub = word_of(x.fn.sub) if isinstance(x.fn, Script) else ""
            return name in ("KL", "JSD", "JS") or (name == "D" and sub in ("KL", "JS"))
        return False

    if not has(shape.rhs, is_div):
        return None
    kind = (
        "Jensen–Shannon"
        if has(shape.rhs, lambda x: isinstance(x, Apply) and fn_name(x.fn) in ("JSD", "JS"))
        else "Kullback–Leibler (KL)"
    )
    lead = f"{_subject(shape)} is expressed through" if shape.lhs else "this uses"
    return f"{lead} the {kind} divergence, which measures how different two probability distributions are (zero when they are the same)"


def _entropy(shape: Shape) -> str | None:
    t = terms(shape.rhs)
    if (
        len(t) == 1
        and t[0][0] < 0
        and len(t[0][1]) == 1
        and isinstance(t[0][1][0], Big)
        and t[0][1][0].op in ("sum", "int")
    ):
        body = _strip_d(list(t[0][1][0].body.items))
        ps = [x for x in body if is_probability(x)]
        logs = [x for x in body if is_log(x)]
        if ps and logs and isinstance(logs[0], Apply) and shape.text(logs[0].arg) == shape.text(ps[0]):
            return f"the entropy of {shape.text(ps[0])}: the average surprise −log p, how uncertain the outcome is"
    return None


def _cross_entropy(shape: Shape) -> str | None:
    for sign, term in terms(shape.rhs):
        core = term
        if len(term) == 2 and isinstance(term[0], Frac) and word_of(term[0].num) == "1":
            core = term[1:]
        if len(core) == 1 and isinstance(core[0], Big) and core[0].op == "sum":
            body = list(core[0].body.items)
            logs = [x for x in body if is_log(x)]
            if logs and sign < 0 and len(body) >= 2:
                return f"a cross-entropy: minus the sum of {shape.text([x for x in body if not is_log(x)])} times the log of {shape.text(logs[0].arg if isinstance(logs[0], Apply) else logs[0])}, small when the predictions put high probability on the targets"
            if logs and len(body) == 1 and isinstance(logs[0], Apply) and is_probability(_first(logs[0].arg)):
                return f"a log-likelihood: the sum over {big_var(core[0])} of the log-probability {shape.text(logs[0].arg)}, large when the model gives the data high probability"
    return None


def _first(node: Node) -> Node:
    items = unwrap(node)
    return items[0] if len(items) == 1 else node


def _score(shape: Shape) -> str | None:
    def score(x: object) -> bool:
        return isinstance(x, Apply) and is_log(x) and is_probability(_first(x.arg))

    items = shape.rhs
    for k, x in enumerate(items[:-1]):
        if isinstance(x, Frac) and _is_d_operator(x) and score(items[k + 1]):
            return (
                f"{_is_(shape)} a score-function (REINFORCE) gradient: it weights the gradient of the "
                f"log-probability {shape.text(items[k + 1])} by how good the outcome was, so it needs no "
                f"gradient of the outcome itself"
            )
        if isinstance(x, Frac) and has(x.num, score) and shape.lhs:
            return (
                f"{_is_(shape)} a policy-gradient estimate: the gradient of the log-probability of each action, "
                f"weighted by how much better than expected its outcome was"
            )
    return None


def _is_d_operator(x: Frac) -> bool:
    items = unwrap(x.num)
    return len(items) == 1 and (
        word_of(items[0]) == "d" or (isinstance(items[0], Op) and items[0].value == "\\partial")
    )


def _expectation(shape: Shape) -> str | None:
    t = terms(shape.rhs)
    bigs = [term[0] for _, term in t if len(term) == 1 and isinstance(term[0], Big) and term[0].op == "E"]
    if not bigs or len(bigs) != len(t):
        return None
    parts = []
    for big in bigs:
        assert isinstance(big, Big)
        inner = unwrap(big.body.items[0]) if len(big.body.items) == 1 else list(big.body.items)
        over = _over(shape, big.sub)
        parts.append(f"the average of {shape.text(inner)}{over}")
    subject = _subject(shape)
    what = " plus ".join(parts) if len(parts) <= 2 else f"a sum of {len(parts)} averages"
    lead = f"{subject} is" if subject else "this is"
    return f"{lead} {what} (an expectation)"


def _over(shape: Shape, sub: Node | None) -> str:
    if sub is None:
        return ""
    items = unwrap(sub)
    for k, x in enumerate(items):
        if is_rel(x, "\\sim"):
            return f" over {shape.text(items[:k])} drawn from {shape.text(items[k + 1 :])}"
    return f" under {shape.text(items)}"


def _softmax(shape: Shape) -> str | None:
    rhs = shape.rhs
    if rhs and isinstance(rhs[0], Apply) and fn_name(rhs[0].fn) == "softmax":
        arg = unwrap(rhs[0].arg)
        rest = rhs[1:]
        scores = shape.text(arg)
        if rest:
            if len(arg) == 1 and isinstance(arg[0], Frac) and isinstance(arg[0].den, Root):
                return (
                    f"attention: each query in Q is compared with every key in K (the dot products {shape.text(arg[0].num)}), "
                    f"scaled down by {shape.text(arg[0].den)}, turned into weights by softmax, and the weights average "
                    f"the values {shape.text(rest)}"
                )
            return f"a weighted average of {shape.text(rest)}, with weights given by the softmax of {scores}"
        return f"{_is_(shape)} the softmax of {scores}: the scores are turned into positive weights that add up to 1"
    if len(rhs) == 1 and isinstance(rhs[0], Frac):
        num, den = unwrap(rhs[0].num), unwrap(rhs[0].den)
        if len(den) == 1 and isinstance(den[0], Big) and den[0].op == "sum":
            total = list(den[0].body.items)
            if len(num) == 1 and len(total) == 1 and is_exp(num[0]) and is_exp(total[0]):
                return (
                    f"a softmax: {shape.text(num)} divided by the sum of such terms over {big_var(den[0])}, "
                    f"so {_subject(shape) or 'the result'} is a positive weight and all the weights add up to 1"
                )
            if len(num) == 1 and len(total) == 1 and shape.key(num[0]) == shape.key(total[0]):
                return f"a normalisation: {shape.text(num)} as a share of its total over {big_var(den[0])}, so the shares add up to 1"
    return None


def _standardise(shape: Shape) -> str | None:
    rhs = shape.rhs
    if len(rhs) == 1 and isinstance(rhs[0], Frac):
        num, den = unwrap(rhs[0].num), unwrap(rhs[0].den)
        t = terms(num)
        if len(t) == 2 and t[1][0] < 0 and len(den) == 1 and isinstance(den[0], Root):
            inside = terms(unwrap(den[0].body))
            eps = (
                f", with {shape.name(inside[-1][1][0])} added so it never divides by zero"
                if len(inside) == 2
                else ""
            )
            return (
                f"a standardisation: subtract the mean {shape.name(t[1][1][0] if len(t[1][1]) == 1 else None) if len(t[1][1]) == 1 else shape.text(t[1][1])} "
                f"from {shape.text(t[0][1])} and divide by the standard deviation {shape.text(den)}{eps}; the result has mean 0 and variance 1"
            )
    return None


def _average(shape: Shape) -> str | None:
    rhs = shape.rhs
    if (
        len(rhs) == 2
        and isinstance(rhs[0], Frac)
        and word_of(rhs[0].num) == "1"
        and isinstance(rhs[1], Big)
        and rhs[1].op == "sum"
    ):
        body = list(rhs[1].body.items)
        var = big_var(rhs[1])
        n = shape.text(rhs[0].den)
        if (
            len(body) == 1
            and isinstance(body[0], Script)
            and word_of(body[0].sup) == "2"
            and isinstance(body[0].base, Fenced)
        ):
            inside = terms(unwrap(body[0].base))
            if len(inside) == 2 and inside[1][0] < 0:
                return f"{_is_(shape)} the variance: the average over the {n} values of {var} of the squared distance of {shape.text(inside[0][1])} from {shape.text(inside[1][1])}"
        return f"{_is_(shape)} the average of {shape.text(body)} over the {n} values of {var}"
    return None


def _blend(shape: Shape) -> str | None:
    if any(isinstance(x, Rel) and x.value in ("\\geq", "\\leq", "<", ">") for x in shape.items):
        return None  # an inequality between blends is convexity (idioms_more)
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
    subject = _subject(shape) or "the result"
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
        direction, lambda x: isinstance(x, Frac) and _is_d_operator(x)
    )
    what = "the gradient" if grad or word_of(direction[0] if direction else None) == "g" else move
    return f"a gradient-descent step: {shape.name(lhs)} moves against {what}{said_rate}{adam}"


def _bias_correction(shape: Shape) -> str | None:
    if len(shape.lhs) != 1 or len(shape.rhs) != 1 or not isinstance(shape.rhs[0], Frac):
        return None
    lhs, frac = shape.lhs[0], shape.rhs[0]
    den = unwrap(frac.den)
    t = terms(den)
    if not (isinstance(_core(lhs), Accent) and len(t) == 2 and t[1][0] < 0 and word_of(t[0][1][0]) == "1"):
        return None
    power = t[1][1][0]
    if not (isinstance(power, Script) and power.sup is not None):
        return None
    return (
        f"bias correction: {shape.text(frac.num)} is divided by {shape.text(den)}, which undoes the pull towards zero "
        f"of an average that started at zero (it matters only in the first steps)"
    )


def _core(node: Node) -> Node:
    return node.base if isinstance(node, Script) and node.base is not None else node


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
            return f"{_is_(shape)} {activation}, applied to {_affine_words(shape, inside)}"
    if (
        rhs
        and isinstance(rhs[0], Apply)
        and fn_name(rhs[0].fn) == "max"
        and word_of(unwrap(rhs[0].arg)[0]) == "0"
    ):
        return f"{_is_(shape)} a feed-forward layer: an affine map, ReLU (keep the positive part), then a second affine map"
    if _is_affine(shape, rhs) and len(terms(rhs)) >= 2 and shape.lhs:
        return f"{_is_(shape)} {_affine_words(shape, rhs)}"
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
    return isinstance(node, Atom | Script | Font | Accent) and not isinstance(_core(node), Fenced)


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


def _reparameterise(shape: Shape) -> str | None:
    noise = [x for x in shape.conditions if isinstance(x, Rel) and x.value == "\\sim"]
    t = terms(shape.rhs)
    if noise and len(t) == 2 and t[0][0] > 0:
        eps = shape.text(shape.conditions[0])
        scaled = factors(t[1][1])
        if len(scaled) == 2 and shape.text(scaled[1]) == eps:
            return (
                f"the reparameterisation trick: the random {_subject(shape) or 'sample'} is built from fixed noise {eps} "
                f"by shifting by {shape.text(t[0][1])} and scaling by {shape.text(scaled[0])}, so gradients can flow through it"
            )
    return None


def _gaussian(shape: Shape) -> str | None:
    def is_gauss(x: object) -> bool:
        if not (isinstance(x, Apply) and is_exp(x)):
            return False
        inner = unwrap(x.arg)
        return (
            len(inner) >= 2
            and isinstance(inner[0], Op)
            and inner[0].value == "-"
            and isinstance(inner[1], Frac)
        )

    if not has(shape.rhs, is_gauss):
        return None
    return f"{_is_(shape)} a Gaussian (bell-shaped) curve: largest at its centre and falling off with the squared distance from it"


def _norm(shape: Shape) -> str | None:
    for _, term in terms(shape.rhs)[1:]:
        parts = factors(term)
        for x in parts:
            core = _core(x)
            if isinstance(core, Fenced) and core.open == "\\|":
                weight = [p for p in parts if p is not x]
                by = f", weighted by {shape.name(weight[0])}" if weight else ""
                return f"{_is_(shape)} a sum with a penalty on the size of {shape.text(list(core.body.items))} (a regulariser{by}), which keeps it small"
    if len(shape.rhs) == 1 and isinstance(_core(shape.rhs[0]), Fenced) and _core(shape.rhs[0]).open == "\\|":  # type: ignore[union-attr]
        return f"{_is_(shape)} the length (norm) of {shape.text(list(_core(shape.rhs[0]).body.items))}"  # type: ignore[union-attr]
    return None


def _floor(shape: Shape) -> str | None:
    for x in shape.rhs:
        if (
            isinstance(x, Fenced)
            and x.open == "\\lfloor"
            and len(x.body.items) == 1
            and isinstance(x.body.items[0], Frac)
        ):
            frac = x.body.items[0]
            return f"{_is_(shape)} computed by counting how many whole steps of {shape.text(frac.den)} fit into {shape.text(frac.num)} (the division is rounded down)"
    return None


def _cases(shape: Shape) -> str | None:
    if len(shape.rhs) == 1 and isinstance(shape.rhs[0], Table | Fenced):
        table = shape.rhs[0]
        if isinstance(table, Fenced) and len(table.body.items) == 1:
            table = table.body.items[0]  # type: ignore[assignment]
        if (
            isinstance(table, Table)
            and table.env in ("cases", "dcases", "array")
            and all(len(r) == 2 for r in table.rows)
            and len(table.rows) >= 2
        ):
            parts = [
                f"{shape.text(list(r[0].items))} when {shape.text(list(r[1].items)).removeprefix('if ').strip()}"
                for r in table.rows
            ]
            return f"{_subject(shape) or 'the value'} is defined case by case: " + "; ".join(parts)
    return None


def _chain_rule(shape: Shape) -> str | None:
    derivs = [x for x in factors(_flatten_parens(shape.rhs)) if isinstance(x, Frac) and _is_derivative(x)]
    if len(derivs) >= 2 and len(derivs) == len(factors(_flatten_parens(shape.rhs))):
        return "the chain rule: the derivative through a chain of functions is the product of the derivatives of each link"
    return None


def _flatten_parens(items: list[Node]) -> list[Node]:
    out: list[Node] = []
    for x in items:
        if isinstance(x, Fenced) and x.open == "(":
            out.extend(_flatten_parens(list(x.body.items)))
        else:
            out.append(x)
    return out


def _is_derivative(x: Frac) -> bool:
    head = unwrap(x.num)[0] if unwrap(x.num) else None
    return isinstance(head, Op) and head.value == "\\partial" or word_of(head) == "d"


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


_RULES: list[tuple[str, Callable[[Shape], str | None]]] = [
    ("minimax", _minimax),
    ("argmax", _argmax),
    ("bayes", _bayes),
    ("marginalisation", _marginal),
    ("factorisation", _factorise),
    ("divergence", _kl),
    ("entropy", _entropy),
    ("score-function", _score),
    ("cross-entropy", _cross_entropy),
    ("softmax", _softmax),
    ("standardisation", _standardise),
    ("bias-correction", _bias_correction),
    ("average", _average),
    ("blend", _blend),
    ("gradient-step", _gradient_step),
    ("reparameterisation", _reparameterise),
    ("residual", _residual),
    ("affine", _affine),
    ("expectation", _expectation),
    ("gaussian", _gaussian),
    ("norm", _norm),
    ("floor", _floor),
    ("cases", _cases),
    ("chain-rule", _chain_rule),
    *MORE_RULES,
    ("recurrence", _recurrence),
]
