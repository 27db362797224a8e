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

The package: one module per family of idioms (``normalisation``, ``gates``, ``probability``,
``optimisation``, ``derivatives``, ``structure``), each with its ``RULES``; ``parts`` holds what
they share; ``shapes`` (``notation.shapes``) cuts an equation into the sides and terms they
match on. The order rules are tried in is decided here (``ORDER``): the most specific first.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from paperpal.notation.idioms import derivatives, gates, normalisation, optimisation, probability, structure
from paperpal.notation.shapes import Meanings, Shape, lines, meaning_of
from paperpal.notation.tree import Rel, Sep, parse

__all__ = ["Meanings", "ORDER", "by_meaning", "meaning_of", "recognise"]

# The order idioms are tried in: a softmax is also a fraction, a blend also a recurrence, so the
# more specific shape comes first; the recurrence is the last resort.
ORDER = (
    "minimax", "argmax", "bayes", "marginalisation", "factorisation", "divergence", "entropy",
    "score-function", "cross-entropy", "softmax", "standardisation", "bias-correction", "average",
    "blend", "gradient-step", "reparameterisation", "residual", "affine", "expectation", "gaussian",
    "norm", "floor", "cases", "chain-rule", "derivative", "jacobian", "change-of-variables",
    "setting", "big-o", "membership", "set", "mapping", "logit", "control-variate", "sinusoid",
    "weighted-average", "normal", "share", "concatenation", "composition", "extremum",
    "discounted-sum", "convexity", "arithmetic", "recurrence",
)  # fmt: skip
_ALL: dict[str, Callable[[Shape], str | None]] = {
    **normalisation.RULES, **gates.RULES, **probability.RULES, **optimisation.RULES,
    **derivatives.RULES, **structure.RULES,
}  # fmt: skip
_RULES = [(name, _ALL[name]) for name in ORDER]


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
