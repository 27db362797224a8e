"""By-meaning readings: one test per idiom (the families of notation/idioms/)."""

from __future__ import annotations

import pytest

from paperpal.notation.idioms import by_meaning, recognise

IDIOMS = [
    ("softmax", r"\alpha_{ij} = \frac{\exp(e_{ij})}{\sum_{k=1}^{T_x} \exp(e_{ik})}", "a softmax"),
    ("softmax", r"y = \mathrm{softmax}(z)", "positive weights that add up to 1"),
    (
        "softmax",
        r"\mathrm{Attention}(Q,K,V)=\mathrm{softmax}(\frac{QK^T}{\sqrt{d_k}})V",
        "attention: each query",
    ),
    ("softmax", r"c_i = \mathrm{softmax}(s) h", "a weighted average of h"),
    ("blend", r"h_t = (1 - z_t) h_{t-1} + z_t \tilde{h}_t", "a blend of its previous value and h̃ₜ"),
    ("blend", r"m_t = \beta_1 m_{t-1} + (1 - \beta_1) g_t", "Adam's first moment"),
    ("blend", r"v_t = \beta_2 v_{t-1} + (1 - \beta_2) g_t^2", "Adam's second moment"),
    ("blend", r"\bar{x}_t = \rho \bar{x}_{t-1} + (1 - \rho) x_t", "an exponential moving average"),
    ("affine", r"z_t = \sigma(W_z x_t + U_z h_{t-1})", "the logistic sigmoid"),
    ("affine", r"y = W x + b", "an affine map: x multiplied by the weights W plus the bias b"),
    ("affine", r"\mathrm{FFN}(x)=\max(0,xW_1+b_1)W_2+b_2", "a feed-forward layer"),
    ("recurrence", r"u_t = \max(\beta_2 u_{t-1}, |g_t|)", "a recurrence"),
    (
        "expectation",
        r"\mathcal{L}(\theta) = \mathbb{E}_{x \sim p}[f(x)]",
        "the average of f(x) over x drawn from p",
    ),
    ("average", r"\mu = \frac{1}{m} \sum_{i=1}^{m} x_i", "the average of xᵢ over the m values of i"),
    ("average", r"\sigma^2 = \frac{1}{m} \sum_{i=1}^{m} (x_i - \mu)^2", "the variance"),
    ("cross-entropy", r"L = -\sum_{c} y_c \log \hat{y}_c", "a cross-entropy"),
    ("cross-entropy", r"\ell(\theta) = \sum_{n=1}^{N} \log p(x_n | \theta)", "a log-likelihood"),
    ("divergence", r"C = KL(p \| q)", "Kullback–Leibler"),
    ("entropy", r"H = -\sum_{x} p(x) \log p(x)", "the entropy"),
    ("gradient-step", r"\theta_{t+1} = \theta_t - \alpha \nabla_\theta L", "a gradient-descent step"),
    (
        "gradient-step",
        r"\theta_t = \theta_{t-1} - \alpha \frac{\hat{m}_t}{\sqrt{\hat{v}_t} + \epsilon}",
        "Adam's update",
    ),
    ("bias-correction", r"\hat{m}_t = \frac{m_t}{1 - \beta_1^t}", "bias correction"),
    ("standardisation", r"\hat{x}_i = \frac{x_i - \mu_B}{\sqrt{\sigma_B^2 + \epsilon}}", "a standardisation"),
    ("argmax", r"\hat{y} = \arg\max_{y} p(y | x)", "the choice of y that makes p(y|x) largest"),
    ("minimax", r"\min_G \max_D V(D, G)", "a two-player game"),
    ("factorisation", r"p(a, b) = p(a) p(b | a)", "the chain rule of probability"),
    ("factorisation", r"p(D | \theta) = \prod_{n=1}^N p(D_n | \theta)", "independence"),
    ("bayes", r"p(a | b) = \frac{p(b | a) p(a)}{p(b)}", "Bayes' rule"),
    ("marginalisation", r"p(a) = \int p(a, b) \, db", "integrating b out"),
    ("marginalisation", r"1 = \sum_b p(b | c)", "probabilities add up to one"),
    ("norm", r"J = L + \lambda \|w\|^2", "a regulariser"),
    ("gaussian", r"f(x) = \exp\left(-\frac{(x - \mu)^2}{2 \sigma^2}\right)", "a Gaussian"),
    (
        "score-function",
        r"g = f(b) \frac{\partial}{\partial \theta} \log p(b | \theta)",
        "score-function (REINFORCE)",
    ),
    (
        "reparameterisation",
        r"z = \mu + \sigma \odot \epsilon, \quad \epsilon \sim \mathcal{N}(0, I)",
        "the reparameterisation trick",
    ),
    ("residual", r"y = F(x) + x", "a residual connection"),
    ("derivative", r"\frac{\partial \det(A)}{\partial A_{ij}} = \det(A) A^{-1}_{ji}", "a derivative"),
    ("continuation", r"= \det(A) \mathrm{tr}(A^{-1})", "a step of a derivation"),
    ("setting", r"d_{ff} = 2048", "fixed at 2048"),
    ("big-o", r"O(n^2 \cdot d)", "big-O"),
    ("control-variate", r"\hat g_{new}(b) = \hat g(b) - c(b) + \mathbb{E}_{p(b)}[c(b)]", "a control variate"),
    ("logit", r"z = \log \frac{\theta}{1 - \theta} + \log \frac{u}{1 - u}", "log-odds"),
    ("share", r"D^*(x) = \frac{p(x)}{p(x) + q(x)}", "the share of p(x)"),
    ("floor", r"o = \left\lfloor \frac{i - k}{s} \right\rfloor + 1", "rounded down"),
    (
        "cases",
        r"c_t = \begin{cases} 0, & \text{if } t = 0 \\ c_{t-1}, & \text{otherwise} \end{cases}",
        "case by case",
    ),
    (
        "chain-rule",
        r"\frac{\partial f}{\partial x} = \frac{\partial f}{\partial g} \cdot \frac{\partial g}{\partial x}",
        "the chain rule",
    ),
    ("membership", r"W \in \mathbb{R}^{n \times m}", "a matrix of real numbers of size n by m"),
    ("concatenation", r"M = \mathrm{Concat}(a, b) W", "side by side"),
    ("composition", r"z = g(\mathrm{BN}(W u))", "a composition"),
    ("extremum", r"C(G) = \max_D V(G, D)", "the largest value"),
    ("normal", r"p(e) = N(e | 0, \sigma^2)", "mean 0 and variance σ²"),
    ("set", r"\mathcal{B} = \{x_1, x_2\}", "the collection of"),
    ("discounted-sum", r"v_t = (1 - \beta) \sum_{i=1}^{t} \beta^{t-i} g_i", "exponentially weighted sum"),
    (
        "jacobian",
        r"J = \begin{bmatrix} \frac{\partial f_1}{\partial x_1} & \frac{\partial f_1}{\partial x_2} \\ \frac{\partial f_2}{\partial x_1} & \frac{\partial f_2}{\partial x_2} \end{bmatrix}",
        "the Jacobian",
    ),
    ("weighted-average", r"E(a | c) = \int a \, p(a | c) \, d a", "weighted by the probability"),
    ("convexity", r"\lambda f(x) + (1 - \lambda) f(y) \geq f(\lambda x + (1 - \lambda) y)", "convexity"),
    ("sinusoid", r"PE = \sin(pos / 10000)", "a sine wave"),
    ("mapping", r"\mathrm{BN}: x \to y", "a mapping"),
    ("change-of-variables", r"p(y) = p_x(x) \left| J(x) \right|", "change-of-variables"),
]


@pytest.mark.parametrize(
    ("idiom", "latex", "phrase"), IDIOMS, ids=[f"{i[0]}-{n}" for n, i in enumerate(IDIOMS)]
)
def test_idiom_is_recognised_and_said(idiom: str, latex: str, phrase: str) -> None:
    found = recognise(latex, {})
    assert found is not None, f"{idiom} not recognised in {latex}"
    assert found[0] == idiom, f"{latex}: recognised as {found[0]}: {found[1]}"
    assert phrase.lower() in found[1].lower(), found[1]


def test_unrecognised_equations_say_nothing() -> None:
    for latex in (r"y = a b c d e", r"o = (i - k) + 1", "x", r"\det(A^{-1}) = \frac{1}{\det(A)}"):
        assert by_meaning(latex, {"a": ("a thing", True)}) is None, latex


def test_meanings_are_stated_only_when_certain() -> None:
    latex = r"z_t = \sigma(W_z x_t + U_z h_{t-1})"
    certain = by_meaning(latex, {"x": ("the input", True)})
    offered = by_meaning(latex, {"x": ("the input", False)})
    assert certain is not None and "the input xₜ" in certain
    assert offered is not None and "xₜ (probably the input)" in offered
    assert "the input xₜ" not in offered


def test_arithmetic_in_words_needs_every_meaning() -> None:
    latex = r"o = i - k + 1"
    everything = {
        "o": ("the output size", True),
        "i": ("the input size", True),
        "k": ("the kernel size", True),
    }
    assert (
        by_meaning(latex, everything)
        == "The output size o is the input size i minus the kernel size k plus 1."
    )
    assert by_meaning(latex, {"o": ("the output size", True)}) is None


def test_sentence_never_capitalises_a_symbol() -> None:
    said = by_meaning(r"v_t = \beta_2 v_{t-1} + (1 - \beta_2) g_t^2", {})
    assert said is not None and said.startswith("An exponential moving average: vₜ")
    said = by_meaning(r"o = \left\lfloor \frac{i - k}{s} \right\rfloor + 1", {})
    assert said is not None and said.startswith("o is computed")
