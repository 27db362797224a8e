"""The macro expander on its own: definitions and uses, as TeX would expand them."""

from __future__ import annotations

import pytest

from paperpal.extract.macros import MacroTable, expand


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (r"\newcommand{\R}{\mathbb{R}}$x \in \R^n$", r"$x \in \mathbb{R}^n$"),
        (r"\newcommand\f[2]{#1(#2)}\f g{x}", "g(x)"),
        (r"\newcommand{\o}[2][1]{#1/#2}\o{2} \o[3]{4}", "1/2 3/4"),
        (r"\def\p#1#2{(#1,#2)}\p{a}{b}", "(a,b)"),
        (r"\newcommand{\x}{\alpha}\x y", r"\alpha y"),
        (r"\newcommand{\x}{\alpha}\x{}y", r"\alpha{}y"),
        (r"\newcommand{\x}{a}\renewcommand{\x}{b}\providecommand{\x}{c}\x", "b"),
        (r"\let\old\emph\renewcommand{\emph}[1]{\old{#1}!}\emph{hi}", r"\emph{hi}!"),
        (r"\newcommand{\a}{A}\let\b=\a\renewcommand{\a}{Z}\b\a", "AZ"),
        (r"\DeclareMathOperator*{\argmin}{arg\,min}\argmin_x", r"\operatorname*{arg\,min}_x"),
        (r"\newcommand{\h}[1]{#1##}\h{x}", "x#"),
        (
            r"\newenvironment{note}[1][Note]{\textbf{#1:}}{\qed}\begin{note}[Tip]body\end{note}",
            r"\begin{note}\textbf{Tip:}body\qed\end{note}",
        ),
        # Structural commands are never redefined: latex.py must see them.
        (r"\renewcommand{\section}[1]{X}\section{Intro}", r"\section{Intro}"),
        (r"\renewenvironment{equation}{X}{Y}\begin{equation}a\end{equation}", r"\begin{equation}a\end{equation}"),
    ],
)  # fmt: skip
def test_expansion(source: str, expected: str) -> None:
    expanded, warnings = expand(source, MacroTable())
    assert expanded == expected
    assert warnings == []


def test_style_files_give_only_their_plain_definitions() -> None:
    table = MacroTable()
    style = (
        r"\newcommand{\vx}{\mathbf{x}}"
        r"\renewcommand{\normalsize}{\@setfontsize\normalsize\@xpt\@xiipt}"
        r"\def\@maketitle{junk}\newenvironment{abstract}{Abstract}{}"
    )
    out, _ = expand(style, table, harvest_only=True)
    assert out == ""
    assert set(table.macros) == {r"\vx"}, "internals (@) and layout must not be harvested"
    assert table.environments == {}
    expanded, _ = expand(r"$\vx$ \normalsize text", table)
    assert expanded == r"$\mathbf{x}$ \normalsize text"


def test_delimited_def_is_reported_not_expanded() -> None:
    expanded, warnings = expand(r"\def\foo#1.{[#1]}\foo x.", MacroTable())
    assert expanded == r"\foo x."
    assert warnings == [r"\def\foo uses delimited parameters, which are not expanded"]
