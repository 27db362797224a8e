"""The 2-D drawing of an equation (notation/layout/): goldens, and when there is none."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from paperpal.notation.layout import MAX_WIDTH, draw
from paperpal.notation.layout.boxes import width

GOLDEN = [
    ("fraction", r"\frac{a}{b}", [" a", "───", " b"]),
    (
        "nested fraction",
        r"\frac{1}{1 + \frac{1}{x}}",
        ["    1", "─────────", "      1", " 1 + ───", "      x"],
    ),
    ("sum with limits", r"\sum_{k=1}^{T} x_k", [" T", " ∑  xₖ", "k=1"]),
    ("product with limits", r"\prod_{n=1}^{N} p(x_n)", [" N", " ∏  p(xₙ)", "n=1"]),
    ("square root", r"\sqrt{d_k}", [" __", "√dₖ"]),
    ("root over a fraction", r"\sqrt{\frac{a}{b}}", ["  ___", " │ a", " │───", "╲│ b"]),
    ("cube root", r"\sqrt[3]{x} + 1", [" _", "∛x + 1"]),
    (
        "scripts: small characters where Unicode has them, a row below where not",
        r"\frac{x^{n+1}}{d_{\mathrm{model}}}",
        ["  xⁿ⁺¹", "────────", " d", "  model"],
    ),
    ("integral limits at its side", r"\int_{0}^{1} f(x)\,dx", [" 1", "∫  f(x) dx", " 0"]),
    (
        "arg max under its name",
        r"\arg\max_{y} \frac{p(y)}{2}",
        ["         p(y)", "arg max ──────", "   y      2"],
    ),
    ("tall parentheses and a power", r"\left(\frac{a}{b}\right)^2", ["⎛ a ⎞²", "⎜───⎟", "⎝ b ⎠"]),
    (
        "cases",
        r"c_t = \begin{cases} \frac{1}{2}, & \text{if } t = 0 \\ c_{t-1}, & \text{otherwise} \end{cases}",
        ["     ⎧  1", "cₜ = ⎪ ───,   if t = 0", "     ⎨  2", "     ⎩ cₜ₋₁,  otherwise"],
    ),
    (
        "matrix",
        r"W = \begin{bmatrix} a & \frac{1}{2} \\ c & d \end{bmatrix}",
        ["    ⎡     1  ⎤", "W = ⎢ a  ─── ⎥", "    ⎢     2  ⎥", "    ⎣ c   d  ⎦"],
    ),
    (
        "attention softmax: the rule on the baseline of the equals sign",
        r"\alpha_{ij} = \frac{\exp(e_{ij})}{\sum_{k=1}^{T_x} \exp(e_{ik})}",
        ["         exp(eᵢⱼ)", "αᵢⱼ = ──────────────", "       Tₓ", "        ∑  exp(eᵢₖ)", "       k=1"],
    ),
    (
        "lines aligned at &",
        r"o &= i + 2 \lfloor k / 2 \rfloor \\ &= \frac{i}{2}",
        ["o = i + 2⌊k/2⌋", "", "     i", "  = ───", "     2"],
    ),
]


@pytest.mark.parametrize(("construct", "latex", "rows"), GOLDEN, ids=[g[0] for g in GOLDEN])
def test_golden_drawing(construct: str, latex: str, rows: list[str]) -> None:
    drawn = draw(latex)
    assert drawn is not None, construct
    assert drawn.split("\n") == rows, f"{construct}:\n{drawn}"


def test_one_line_equations_get_no_drawing() -> None:
    assert draw(r"h_t = (1 - z_t) h_{t-1} + z_t \tilde{h}_t") is None, "nothing to stack"
    assert draw(r"\|x\|_2^2 + \mathbb{E}[x]") is None
    assert draw(r"\frac{a}{") is None, "incomplete LaTeX"
    assert draw("") is None


def test_a_drawing_wider_than_the_limit_is_left_out() -> None:
    wide = r"\frac{1}{2} + " + " + ".join(f"x_{{{k}}}" for k in range(40))
    assert draw(wide) is None
    narrow = draw(r"\frac{1}{2} + x_1")
    assert narrow is not None and max(width(r) for r in narrow.split("\n")) <= MAX_WIDTH


def test_columns_count_what_a_terminal_shows() -> None:
    assert width("x̂") == 1, "a combining accent takes no column"
    assert width("𝐖ᵀ") == 2
    assert width("漢") == 2


def test_the_report_carries_the_drawing(corpus: Path, home: Path) -> None:
    paper = str(corpus / "1706.03762")
    done = subprocess.run(
        [sys.executable, "-m", "paperpal", "explain", paper, "--equation", "1", "--json"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    pretty = json.loads(done.stdout)["pretty"]
    assert pretty.split("\n")[1] == "Attention(Q,K,V) = softmax⎜─────⎟ V", pretty
    shown = subprocess.run(
        [sys.executable, "-m", "paperpal", "explain", paper, "--equation", "1"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert "      Attention(Q,K,V) = softmax⎜─────⎟ V" in shown.stdout.split("\n")
