"""Equations as sympy expressions, built from paperpal's tree (notation/algebra/)."""

from __future__ import annotations

from pathlib import Path

import pytest
import sympy

from paperpal.notation.algebra import latex_of, round_trips, to_sympy
from paperpal.pipeline import load_document


def expr(latex: str):  # type: ignore[no-untyped-def]
    conversion = to_sympy(latex)
    assert conversion.ok, f"{latex}: {conversion.reason}"
    return conversion.expr


S = sympy.Symbol


def test_a_recurrence_keeps_its_steps_as_indices() -> None:
    got = expr(r"h_t = (1 - z_t) h_{t-1} + z_t \tilde{h}_t")
    h, z, ht, t = (
        sympy.IndexedBase(S("h")),
        sympy.IndexedBase(S("z")),
        sympy.IndexedBase(S(r"\tilde{h}")),
        S("t"),
    )
    assert got == sympy.Eq(h[t], (1 - z[t]) * h[t - 1] + z[t] * ht[t], evaluate=False)


def test_a_conditional_probability_is_an_applied_function_of_given() -> None:
    got = expr(r"p(a | b, c) = \frac{p(b | a, c) p(a | c)}{p(b | c)}")
    assert got.lhs.func.__name__ == "p"
    given = got.lhs.args[0]
    assert type(given).__name__ == "GivenOf" and given.args == (
        sympy.Tuple(S("a")),
        sympy.Tuple(S("b"), S("c")),
    )
    assert sympy.fraction(got.rhs)[1].func.__name__ == "p", "the evidence p(b | c) divides"


def test_sums_with_a_range_are_sympy_sums() -> None:
    got = expr(r"\mu = \frac{1}{m} \sum_{i=1}^{m} x_i")
    x, i, m = sympy.IndexedBase(S("x")), S("i"), S("m")
    assert got.rhs == sympy.Sum(x[i], (i, 1, m)) / m


def kinds(e) -> set[str]:  # type: ignore[no-untyped-def]
    return {type(x).__name__ for x in sympy.preorder_traversal(e)}


def test_expectations_norms_transposes_and_relations() -> None:
    e = expr(r"\mathcal{L} = \mathbb{E}_{x \sim p}[\log q(x)]")
    assert type(e.rhs).__name__ == "ExpectationOf"
    assert type(e.rhs.args[1]).__name__ == "Infix_sim", "x ~ p: what the expectation is over"
    assert {"NormOf", "Pow"} <= kinds(expr(r"J = L + \lambda \|w\|_2^2"))
    assert "TransposeOf" in kinds(expr(r"y = W^\top x"))
    assert isinstance(expr(r"a \leq b"), sympy.Le)
    assert type(expr(r"a \approx b")).__name__ == "Infix_approx"


def test_a_rate_to_the_power_of_the_step_is_a_power() -> None:
    got = expr(r"\hat{m}_t = \frac{m_t}{1 - \beta_1^t}")
    assert sympy.Pow(S(r"\beta_1"), S("t")) in got.rhs.atoms(sympy.Pow)


def test_cases_derivatives_and_elementwise_products() -> None:
    cases = expr(r"c_t = \begin{cases} 0, & \text{if } t = 0 \\ c_{t-1} + 1, & \text{otherwise} \end{cases}")
    assert isinstance(cases.rhs, sympy.Piecewise) and cases.rhs.args[1].cond is sympy.true
    derivative = expr(r"\frac{\partial^2 f}{\partial x \partial y}")
    assert derivative == sympy.Derivative(S("f"), S("y"), S("x")), "∂²f/∂x∂y: differentiate by y, then by x"
    assert expr(r"z \odot h") == S("z") * S("h"), "an element-wise product of scalars is a product"


def test_what_has_no_faithful_form_says_why() -> None:
    assert to_sympy(r"x_1 + \cdots + x_n").reason == "an ellipsis stands for terms that are not written"
    assert "a set written by a rule" in (to_sympy(r"S = \{x \mid x > 0\}").reason or "")
    assert to_sympy(r"\frac{a}{").reason is not None and not to_sympy(r"\frac{a}{").ok


@pytest.mark.parametrize(
    "latex",
    [
        r"\alpha_{ij} = \frac{\exp(e_{ij})}{\sum_{k=1}^{T_x} \exp(e_{ik})}",
        r"\mathrm{Attention}(Q,K,V)=\mathrm{softmax}(\frac{QK^T}{\sqrt{d_k}})V",
        r"\min_G \max_D V(D, G) = \mathbb{E}_{x \sim p}[\log D(x)] + \mathbb{E}_{z}[\log(1 - D(G(z)))]",
        r"h(X) = -\int_{\mathbb{X}} p(x)\log p(x)\,dx",
        r"\frac{\partial}{\partial \theta} \mathbb{E}_{p(b|\theta)}[f(b)] = \mathbb{E}_{p(b|\theta)}[f(b) \frac{\partial}{\partial \theta} \log p(b|\theta)]",
        r"\theta_t = \min \left(\Gamma_t \exp \left(-\frac{e - S}{S_2} \right), 1 \right)",
    ],
)
def test_printed_back_and_read_again_it_is_the_same_expression(latex: str) -> None:
    conversion = to_sympy(latex)
    assert round_trips(conversion), f"{latex}\n printed: {latex_of(conversion.expr)}"


def test_every_converted_display_of_a_paper_round_trips(corpus: Path) -> None:
    """RELAX (1711.00123): policy gradients, control variates, cases, Gumbel noise."""
    _, document = load_document(str(corpus / "1711.00123"), offline=True)
    displays = [e.latex for e in document.equations if e.display]
    conversions = [to_sympy(latex) for latex in displays]
    converted = [c for c in conversions if c.ok]
    assert len(converted) >= 0.9 * len(displays), [c.reason for c in conversions if not c.ok]
    assert [c.latex for c in converted if not round_trips(c)] == []
