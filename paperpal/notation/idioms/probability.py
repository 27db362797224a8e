"""Losses and probability: Bayes' rule, marginalisation, the chain rule of probability and
independence, KL and Jensen–Shannon divergences, entropy, cross-entropy and log-likelihood,
score-function gradients, expectations (as averages, as integrals, with a control variate), the
reparameterisation trick, Gaussian densities and normal distributions, log-odds and Gumbel noise,
the change-of-variables rule.

Owns: ``RULES`` (idiom name -> recogniser) for this family; ``notation.idioms`` decides the order
they are tried in. Each recogniser takes a ``shapes.Shape`` and returns a sentence or None.

Must not: state an uncertain meaning as fact (symbols are named through ``Shape.name``), or say
anything about an equation it does not recognise.
"""

from __future__ import annotations

from collections.abc import Callable

from paperpal.notation.idioms.parts import (
    derivative_of,
    first,
    is_,
    is_d_operator,
    strip_d,
    subject_of,
    subject_or_this,
)
from paperpal.notation.shapes import (
    Shape,
    big_var,
    factors,
    fn_name,
    has,
    is_exp,
    is_log,
    is_probability,
    is_rel,
    one_minus,
    terms,
    unwrap,
)
from paperpal.notation.tree import (
    Apply,
    Atom,
    Big,
    Fenced,
    Frac,
    Node,
    Op,
    Rel,
    Row,
    Script,
    to_latex,
    word_of,
)


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
        return f"{shape.text(shape.lhs)} is found by {how} {var} out: add up {shape.text(strip_d(body))} over every value of {var}"
    return None


def _differential(body: list[Node]) -> str:
    for k, x in enumerate(body[:-1]):
        if word_of(x) == "d" and not isinstance(body[k + 1], Op):
            return word_of(body[k + 1]) or to_latex(body[k + 1])
    return ""


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
    lead = f"{subject_of(shape)} is expressed through" if shape.lhs else "this uses"
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
        body = strip_d(list(t[0][1][0].body.items))
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
            if logs and len(body) == 1 and isinstance(logs[0], Apply) and is_probability(first(logs[0].arg)):
                return f"a log-likelihood: the sum over {big_var(core[0])} of the log-probability {shape.text(logs[0].arg)}, large when the model gives the data high probability"
    return None


def _score(shape: Shape) -> str | None:
    def score(x: object) -> bool:
        return isinstance(x, Apply) and is_log(x) and is_probability(first(x.arg))

    items = shape.rhs
    for k, x in enumerate(items[:-1]):
        if isinstance(x, Frac) and is_d_operator(x) and score(items[k + 1]):
            return (
                f"{is_(shape)} a score-function (REINFORCE) gradient: it weights the gradient of the "
                f"log-probability {shape.text(items[k + 1])} by how good the outcome was, so it needs no "
                f"gradient of the outcome itself"
            )
        if isinstance(x, Frac) and has(x.num, score) and shape.lhs:
            return (
                f"{is_(shape)} a policy-gradient estimate: the gradient of the log-probability of each action, "
                f"weighted by how much better than expected its outcome was"
            )
    return None


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
    subject = subject_of(shape)
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


def _reparameterise(shape: Shape) -> str | None:
    noise = [x for x in shape.conditions if isinstance(x, Rel) and x.value == "\\sim"]
    t = terms(shape.rhs)
    if noise and len(t) == 2 and t[0][0] > 0:
        eps = shape.text(shape.conditions[0])
        scaled = factors(t[1][1])
        if len(scaled) == 2 and shape.text(scaled[1]) == eps:
            return (
                f"the reparameterisation trick: the random {subject_of(shape) or 'sample'} is built from fixed noise {eps} "
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
    return f"{is_(shape)} a Gaussian (bell-shaped) curve: largest at its centre and falling off with the squared distance from it"


def _logit(shape: Shape) -> str | None:
    found = []
    for _, term in terms(shape.rhs):
        if len(term) == 1 and is_log(term[0]) and isinstance(term[0], Apply):
            arg = unwrap(term[0].arg)
            if len(arg) == 1 and isinstance(arg[0], Frac) and one_minus(arg[0].den) is not None:
                found.append(shape.text(arg[0].num))
    if found:
        noise = f" (the second, of uniform noise {found[1]}, is logistic noise)" if len(found) == 2 else ""
        return f"{subject_or_this(shape)} adds up log-odds: log(p / (1 − p)) turns a probability p into a score on the whole number line{noise}"
    t = terms(shape.rhs)
    if len(t) == 2 and t[1][0] < 0 and is_log(t[0][1][0]) and len(t[1][1]) == 1 and is_log(t[1][1][0]):
        inner = unwrap(t[1][1][0].arg)  # type: ignore[union-attr]
        if inner and isinstance(inner[0], Op) and inner[0].value == "-" and is_log(inner[-1]):
            return f"{subject_or_this(shape)} adds Gumbel noise −log(−log u) to a log-probability: taking the largest of such values samples from the distribution (the Gumbel-max trick)"
    return None


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
        return (
            f"{subject_or_this(shape)} is "
            + " plus ".join(found)
            + " (an expectation written as an integral)"
        )
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
                    and derivative_of(y) is not None
                ),
            )
        )

    if has(shape.rhs, jac_bars):
        return (
            "the change-of-variables rule: the density of the transformed variable is the original density, "
            "rescaled by the absolute determinant of the Jacobian (how much the transformation stretches space)"
        )
    return None


RULES: dict[str, Callable[[Shape], str | None]] = {
    "bayes": _bayes,
    "marginalisation": _marginal,
    "factorisation": _factorise,
    "divergence": _kl,
    "entropy": _entropy,
    "cross-entropy": _cross_entropy,
    "score-function": _score,
    "expectation": _expectation,
    "reparameterisation": _reparameterise,
    "gaussian": _gaussian,
    "logit": _logit,
    "control-variate": _control_variate,
    "weighted-average": _weighted_average,
    "normal": _normal,
    "change-of-variables": _change_of_variables,
}
