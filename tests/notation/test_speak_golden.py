"""Golden readings: one construct each, read aloud in ClearSpeak's style (notation/speak/)."""

from __future__ import annotations

import pytest

from paperpal.notation.speak import literal

# The decoder explains ∘ as the element-wise product (as in 1412.3555's GRU): the reading agrees.
MEANINGS = {"\\circ": ("the element-wise product", True)}

GOLDEN = [
    ("simple fraction", "\\frac{a}{b}", "a over b"),
    ("one half", "\\frac{1}{2}", "one half"),
    (
        "complex fraction",
        "\\frac{x + 1}{y - 2}",
        "the fraction with numerator x plus 1 and denominator y minus 2",
    ),
    ("sum with limits", "\\sum_{k=1}^{T_x} x_k", "the sum from k equals 1 to T sub x of x sub k"),
    ("sum over a set", "\\sum_{b} p(b)", "the sum over b of p of b"),
    ("product", "\\prod_{n=1}^{N} p(x_n)", "the product from n equals 1 to N of p of x sub n"),
    ("integral", "\\int_{0}^{1} f(x) dx", "the integral from 0 to 1 of f of x d x"),
    (
        "softmax attention",
        "\\alpha_{ij} = \\frac{\\exp(e_{ij})}{\\sum_{k=1}^{T_x} \\exp(e_{ik})}",
        "alpha sub i j equals the fraction with numerator the exponential of e sub i j and denominator the sum from k equals 1 to T sub x of the exponential of e sub i k",
    ),
    ("size of a set", "|\\mathcal{S}|", "the size of script S"),
    ("absolute value", "|x|", "the absolute value of x"),
    ("determinant of bold matrix", "|\\mathbf{K}|", "the determinant of K"),
    ("union size", "|A \\cup B|", "the size of A union B"),
    ("norm", "\\|x\\|", "the norm of x"),
    ("2-norm squared", "\\|x\\|_2^2", "the 2-norm of x, squared"),
    ("conditional probability", "p(y|x)", "p of y given x"),
    ("conditional with mid", "p(y \\mid x, \\theta)", "p of y given x and theta"),
    (
        "expectation drawn from",
        "\\mathbb{E}_{x \\sim p}[f(x)]",
        "the expectation over x drawn from p of f of x",
    ),
    (
        "expectation under",
        "\\mathbb{E}_{q(z)}[\\log p(x)]",
        "the expectation under q of z of the log of p of x",
    ),
    ("plain expectation", "\\mathbb{E}[x]", "the expectation of x"),
    ("transpose", "W^\\top", "W transpose"),
    ("transpose T", "\\mathbf{W}^T", "W transpose"),
    ("inverse", "A^{-1}", "A inverse"),
    ("hat", "\\hat{x}", "x hat"),
    ("tilde with scripts", "\\tilde{h}_t", "h tilde sub t"),
    ("bar", "\\bar{x}", "x bar"),
    (
        "partial derivative",
        "\\frac{\\partial L}{\\partial w}",
        "the partial derivative of L with respect to w",
    ),
    ("derivative operator", "\\frac{d}{dx} f(x)", "the derivative with respect to x of f of x"),
    (
        "second partial",
        "\\frac{\\partial^2 f}{\\partial x \\partial y}",
        "the second partial derivative of f with respect to x and y",
    ),
    ("gradient", "\\nabla_\\theta L", "the gradient with respect to theta of L"),
    ("ellipsis in a list", "x_1, \\ldots, x_n", "x sub 1, and so on, x sub n"),
    ("cdots in a sum", "a_1 + \\cdots + a_n", "a sub 1 plus dot dot dot plus a sub n"),
    ("two symbols", "W_z, W_r", "W sub z and W sub r"),
    ("squared", "x^2", "x squared"),
    ("a rate to the power of the step", "1 - \\beta_1^t", "1 minus beta sub 1 to the power t"),
    ("an index above", "h_t^j", "h sub t superscript j"),
    ("bold written as text bold", "\\textbf{c}_t", "c sub t"),
    ("power", "x^{n+1}", "x to the power n plus 1"),
    ("square root", "\\sqrt{d_k}", "the square root of d sub k"),
    ("cube root", "\\sqrt[3]{x}", "the cube root of x"),
    ("elementwise odot", "z \\odot h", "z element-wise times h"),
    ("circ by meaning", "z \\circ h", "z element-wise times h"),
    ("sigma application", "\\sigma(W x + b)", "sigma of open paren W x plus b close paren"),
    ("log", "\\log p(x)", "the log of p of x"),
    ("max two args", "\\max(0, x)", "the maximum of 0 and x"),
    ("argmax", "\\arg\\max_{y} p(y|x)", "the arg max over y of p of y given x"),
    ("minimax", "\\min_G \\max_D V(D, G)", "the minimum over G of the maximum over D of V of D and G"),
    (
        "cases",
        "c_t = \\begin{cases} 0, & \\text{if } t = 0 \\\\ c_{t-1}, & \\text{otherwise} \\end{cases}",
        "c sub t equals in 2 cases: 0, if t equals 0; c sub t minus 1, otherwise",
    ),
    ("matrix", "\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}", "the 2 by 2 matrix with rows: a, b; c, d"),
    ("real space", "W \\in \\mathbb{R}^{n \\times m}", "W is in the real space of dimension n by m"),
    ("set of", "\\{x_i\\}_{i=1}^{N}", "the set of x sub i, for i equals 1 to N"),
    (
        "floor",
        "\\lfloor \\frac{i - k}{s} \\rfloor",
        "the floor of the fraction with numerator i minus k and denominator s",
    ),
    ("defined as", "Z \\equiv \\int p(x) dx", "Z is defined as the integral of p of x d x"),
    ("drawn from", "\\epsilon \\sim \\mathcal{N}(0, I)", "epsilon is drawn from script N of 0 and I"),
    ("gets", "\\theta \\leftarrow \\theta - \\alpha g", "theta gets theta minus alpha g"),
    ("ensuremath dropped", "\\ensuremath{x} + 1", "x plus 1"),
    ("calligraphic", "\\mathcal{L}(\\theta)", "script L of theta"),
    ("named function", "\\mathrm{softmax}(z)", "softmax of z"),
    ("a function with its parameters", "c_\\phi(z) + q_\\theta(x)", "c sub phi of z plus q sub theta of x"),
    ("parenthesised product", "(1 - z_t) h_{t-1}", "open paren 1 minus z sub t close paren h sub t minus 1"),
    ("limit", "\\lim_{n \\to \\infty} a_n", "the limit as n approaches infinity of a sub n"),
    ("inner product", "\\langle u, v \\rangle", "the inner product of u and v"),
    ("star", "\\theta^*", "theta star"),
    ("prime", "x'", "x prime"),
    ("binomial", "\\binom{n}{k}", "n choose k"),
    ("KL divergence", "KL(p \\| q)", "the KL divergence between p and q"),
]


@pytest.mark.parametrize(("construct", "latex", "expected"), GOLDEN, ids=[g[0] for g in GOLDEN])
def test_golden_reading(construct: str, latex: str, expected: str) -> None:
    assert literal(latex, MEANINGS) == expected, f"{construct}: {latex}"


def test_at_least_forty_constructs() -> None:
    assert len({g[0] for g in GOLDEN}) >= 40


def test_circ_reads_as_the_decoder_explains_it() -> None:
    assert literal(r"f \circ g") == "f composed with g", "two functions: composition"
    assert literal(r"z \circ h", {"\\circ": ("function composition", True)}) == "z composed with h"
    assert (
        literal(r"z \circ h", {"\\circ": ("the elementwise (Hadamard) product", False)})
        == "z element-wise times h"
    )


def test_bars_follow_the_meaning_of_what_they_hold() -> None:
    assert literal("|S|", {"S": ("the set of training examples", True)}) == "the size of S"
    assert literal("|J|", {"J": ("the Jacobian matrix", True)}) == "the determinant of J"
    assert literal("|g|", {"g": ("the gradient", True)}) == "the absolute value of g"
