"""A formula's LaTeX in normal form: what reaches Equation.latex, then the screen and the ear."""

from __future__ import annotations

import re

import pytest

from paperpal.extract.latex_math import tidy_math
from paperpal.notation.render import to_unicode
from paperpal.notation.speak import literal

LATEX_COMMAND = re.compile(r"\\[A-Za-z]+")


@pytest.mark.parametrize(
    ("written", "normal"),
    [
        # An author's braced symbol takes its script: {\bf x}_n is x with subscript n.
        (r"{\bf x}_n + {\cal L}", r"\mathbf{x}_n + {\mathcal{L}}"),
        (r"\frac{a}{\beta}^2 + \mathrm{d}{\mathbf{x}}^2", r"\frac{a}{\beta}^2 + \mathrm{d}{\mathbf{x}}^2"),
        (r"\cal L_f", r"\mathcal{L}_f"),
        (r"\bf{W} x", r"\mathbf{W} x"),
        (r"{\rm d}x", r"{\mathrm{d}}x"),
        (r"\mathbbm{1}[y = k]", r"\mathbb{1}[y = k]"),
        (r"J^{\mathsmaller{-1}}", r"J^{{-1}}"),
        (r"\ensuremath{\mathbf{y}}^\ensuremath{T}", r"{\mathbf{y}}^{T}"),
        (r"L^{\tiny\textsc{dqn}}", r"L^{ \text{DQN}}"),
        (r"a \not= b, x \not\in S, p \not\approx q", r"a \neq b, x \notin S, p \not\approx q"),
        (r"\multicolumn{2}{c}{x+y} & z", r"{x+y} & z"),
        (r"\left(\begin{array}{ccccc} y_1 & \cdots & y_N \end{array}\right)",
         r"\left(\begin{matrix} y_1 & \cdots & y_N \end{matrix}\right)"),
        (r"\mbox{\textbf{wrong:}} \int p(a|b)\,db", r"\textbf{wrong:} \int p(a|b)\,db"),
        (r"\lambda \qquad \textrm{where $\lambda$ are eigenvalues}",
         r"\lambda \qquad \textrm{where } \lambda\textrm{ are eigenvalues}"),
        (r"\text{R\&D costs 50\%}", r"\text{R\&D costs 50\%}"),
        (r"\resizebox{\linewidth}{!}{$a+b$}", r"{a+b}"),
        (r"\textcolor{red}{x} + {\color{blue} y} \kern-2pt z", r"{x} + { y} z"),
        (r"\displaystyle\sum_i \scriptstyle x_i", r"\sum_i x_i"),
        (r"x_\text{max} = \nicefrac{a}{b}", r"x_{\text{max}} = \frac{a}{b}"),
        (r"\begin{pmatrix} a \\[2pt] b \end{pmatrix}", r"\begin{pmatrix} a \\ b \end{pmatrix}"),
        (r"\hat g \rightarrow c_\phi \span", r"\hat g \rightarrow c_\phi"),
    ],
)  # fmt: skip
def test_normal_form(written: str, normal: str) -> None:
    assert tidy_math(written) == normal


@pytest.mark.parametrize(
    "written",
    [
        r"\ensuremath{\mathbf{y}} = \left(\begin{array}{ccccc} y_1 & \cdots & y_N \end{array}\right)^\ensuremath{T}",
        r"\cal L_f = \sum_i \not\approx x_i",
        r"\multicolumn{2}{c}{\cdots} & L^{\tiny\textsc{DQN}}",
        r"J^{{\mathsmaller{-1}}} \mathbbm1[x] \text{\textbf{wrong:} and \emph{so} on\ldots}",
        r"\surd 2 \uparrow \downarrow x \bmod y \pmod{n} \substack{i \\ j} \overrightarrow{AB}",
    ],
)
def test_no_latex_command_reaches_the_screen_or_the_ear(written: str) -> None:
    normal = tidy_math(written)
    shown, spoken = to_unicode(normal), literal(normal)
    assert not LATEX_COMMAND.search(shown), shown
    assert not LATEX_COMMAND.search(spoken), spoken


def test_renderer_draws_structure_and_negation() -> None:
    assert to_unicode(r"\begin{pmatrix} a & b \\ c & d \end{pmatrix}") == "(a, b; c, d)"
    assert to_unicode(r"\left\{ \begin{matrix} 1 & x > 0 \\ 0 & \text{otherwise} \end{matrix} \right.") == (
        "{ 1, x > 0; 0, otherwise"
    )
    assert to_unicode(r"p \not\approx q") == "p ≉ q"
    assert to_unicode(r"\mathbb{1}[y = k]") == "𝟙[y = k]"
    assert to_unicode(r"\text{R\&D}") == "R&D"
    assert to_unicode(r"\sum_{\substack{i \\ j}} x") == "∑_(i, j) x"


@pytest.mark.parametrize(
    ("written", "normal"),
    [
        # An author's macros often wrap a symbol or a transpose in braces; the script belongs to
        # the symbol ("{\mathbf{f}}^{(L)}", "h(x) {^{\mathsf{T}}}"), as TeX draws it.
        (r"{\mathbf{f}}^{(1:L)}({\mathbf{x}})", r"\mathbf{f}^{(1:L)}({\mathbf{x}})"),
        (r"k({\mathbf{x}}, {\mathbf{x}}')", r"k({\mathbf{x}}, \mathbf{x}')"),
        (r"\mathbf{W}^{(\ell)} {\mathbf{h}}^{(\ell-1)}", r"\mathbf{W}^{(\ell)} \mathbf{h}^{(\ell-1)}"),
        (
            r"\mathbf{h}_1({\mathbf{x}}) {^{\mathsf{T}}} {\mathbf{h}}_1",
            r"\mathbf{h}_1({\mathbf{x}})^{\mathsf{T}} \mathbf{h}_1",
        ),
        # Arguments and scripts keep their braces; a second script never joins a first.
        (r"\frac{\alpha}{\beta}^2", r"\frac{\alpha}{\beta}^2"),
        (r"e^{{\alpha}^2}", r"e^{\alpha^2}"),
        (r"x^{2} {^{\top}}", r"x^{2} {^{\top}}"),
        (r"= {^{\top}}", r"= {^{\top}}"),
    ],
)
def test_braced_symbols_take_their_scripts(written: str, normal: str) -> None:
    assert tidy_math(written) == normal
