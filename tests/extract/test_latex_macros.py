"""The macro expander on its own: definitions and uses, as TeX would expand them."""

from __future__ import annotations

from pathlib import Path

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


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (r"\def\foo#1.{[#1]}\foo x.", "[x]"),
        (r"\def\foo#1.{[#1]}\foo {a.b}.", "[a.b]"),  # a delimiter inside braces does not count
        (r"\def\pair(#1,#2){\langle #1|#2\rangle}$\pair(a,b)$", r"$\langle a|b\rangle$"),
        (r"\def\ip<#1|#2>{(#1\cdot #2)}\ip<x|y> and \ip<u|v>", r"(x\cdot y) and (u\cdot v)"),
        (r"\def\a#1#2\stop{#2#1}\a xyz\stop!", "yzx!"),
        (r"\def\w#1 and #2.{#2/#1}\w one and two.", "two/one"),
        (r"\def\e#1\par{<#1>}\e some words\par after", "<some words> after"),
    ],
)  # fmt: skip
def test_delimited_def_is_expanded_as_tex_would(source: str, expected: str) -> None:
    table = MacroTable()
    expanded, warnings = expand(source, table)
    assert expanded == expected
    assert warnings == [] and table.details == []


def test_a_use_that_does_not_match_its_def_is_left_as_written_and_noted_in_details() -> None:
    table = MacroTable()
    source = r"\def\pair(#1,#2){<#1,#2>}\pair[a,b] and \pair(c,d)"
    expanded, warnings = expand(source, table)
    assert expanded == r"\pair[a,b] and <c,d>"
    assert warnings == [], "a reader cannot act on this: it is a detail, not a warning"
    assert table.details == [r"\pair is used in a way its \def does not match; left as written"]


def test_a_missing_delimiter_never_eats_the_paragraph_or_the_paper() -> None:
    table = MacroTable()
    text = r"\def\upto#1.{(#1)}\upto no full stop here" + "\n\nNext paragraph. " + "x " * 10_000
    expanded, _ = expand(text, table)
    assert expanded.startswith(r"\upto no full stop here" + "\n\nNext paragraph.")
    assert len(expanded) == len(text) - len(r"\def\upto#1.{(#1)}")


def test_unsupported_def_pattern_goes_to_details() -> None:
    table = MacroTable()
    expanded, warnings = expand(r"\def\b#1#{\hbox#1}\b to 2cm{x}", table)
    assert warnings == []
    assert table.details == [r"\def\b has a parameter pattern we do not read; left as written"]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (r"\DeclarePairedDelimiter\abs{\lvert}{\rvert}$\abs{x} \abs*{y} \abs[\big]{z}$",
         r"$\lvert x\rvert \left\lvert y\right\rvert \bigl\lvert z\bigr\rvert$"),
        (r"\DeclarePairedDelimiterX\inner[2]{\langle}{\rangle}{#1,#2}$\inner{a}{b}$",
         r"$\langle a,b\rangle$"),
        (r"\NewDocumentCommand{\norm}{s O{2} m}{\IfBooleanTF{#1}{N}{\|#3\|_{#2}}}$\norm{x} \norm[1]{y} \norm*{z}$",
         r"$\|x\|_{2} \|y\|_{1} N$"),
        (r"\NewDocumentCommand\E{o m}{\mathbb{E}\IfValueT{#1}{_{#1}}[#2]}$\E{X} \E[p]{Y}$",
         r"$\mathbb{E}[X] \mathbb{E}_{p}[Y]$"),
    ],
)  # fmt: skip
def test_paired_delimiters_and_document_commands(source: str, expected: str) -> None:
    expanded, warnings = expand(source, MacroTable())
    assert expanded == expected
    assert warnings == []


def test_the_deep_learning_book_notation_macros_expand(tmp_path: Path, corpus: Path) -> None:
    """Many ML papers \\input the Deep Learning book's math_commands.tex: \\vx, \\mW, \\E, \\KL..."""
    from paperpal.extract.latex import read_latex
    from paperpal.notation.render import to_unicode

    macros = corpus.parent / "references" / "dlbook_notation" / "math_commands.tex"
    (tmp_path / "math_commands.tex").write_text(macros.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "main.tex").write_text(
        "\\documentclass{article}\n\\input{math_commands.tex}\n\\begin{document}\n\\section{Setup}\n"
        "We draw $\\vx \\in \\sR^n$ and weights $\\mW$; the loss is $\\KL(P \\| Q)$, and $\\reta$ is a "
        "random scalar; see \\figref{fig:a}.\n"
        "\\begin{equation}\n\\vh = \\sigma(\\mW^\\top \\vx + \\vb), \\quad "
        "\\gL(\\vtheta) = \\E_{\\rvx \\sim \\pdata} \\log p(\\rvx) + \\ceil{\\eps}\n\\end{equation}\n"
        "\\end{document}\n",
        encoding="utf-8",
    )
    doc = read_latex(tmp_path)
    assert doc.warnings == ()
    equation = doc.equations[0]
    assert to_unicode(equation.latex) == "𝐡 = σ(𝐖ᵀ 𝐱 + 𝐛), ℒ(𝛉) = 𝔼_(𝐱 ∼ p_(data)) log p(𝐱) + ⌈ ϵ ⌉"
    text = doc.paragraphs[0].text
    assert "${\\bm{x}} \\in {\\mathbb{R}}^n$" in text and "$D_{\\mathrm{KL}}(P \\| Q)$" in text
    assert "$\\eta$ is a random scalar" in text.replace("${ \\eta}$", "$\\eta$"), text
    assert "see figure ?" in text, "\\figref is the book's own \\def: 'figure~\\ref{...}'"


def test_macros_from_packages_the_paper_s_packages_load(tmp_path: Path) -> None:
    """A local .sty that \\RequirePackage's another, a local class, a .sty that \\input's a file."""
    from paperpal.extract.latex import read_latex

    (tmp_path / "mycls.cls").write_text(
        "\\LoadClass{article}\\newcommand{\\R}{\\mathbb{R}}\n", encoding="utf-8"
    )
    (tmp_path / "outer.sty").write_text("\\RequirePackage{inner}\\input{defs}\n", encoding="utf-8")
    (tmp_path / "inner.sty").write_text("\\newcommand{\\vx}{\\mathbf{x}}\n", encoding="utf-8")
    (tmp_path / "defs.tex").write_text("\\DeclareMathOperator*{\\argmax}{arg\\,max}\n", encoding="utf-8")
    (tmp_path / "main.tex").write_text(
        "\\documentclass{mycls}\\usepackage{outer}\\begin{document}\\section{S}\n"
        "Take $\\vx \\in \\R^n$ and $\\argmax_x f$.\n\\end{document}\n",
        encoding="utf-8",
    )
    doc = read_latex(tmp_path)
    assert [m.latex for m in doc.paragraphs[0].math] == [
        r"\mathbf{x} \in \mathbb{R}^n",
        r"\operatorname*{arg\,max}_x f",
    ]


def test_a_delimiter_that_never_comes_is_given_up_in_bounded_time() -> None:
    import time

    table = MacroTable()
    uses = "\\upto " + "word " * 3_000
    text = r"\def\upto#1.{(#1)}" + (uses + "\n\n") * 200
    started = time.perf_counter()
    expanded, warnings = expand(text, table)
    elapsed = time.perf_counter() - started
    assert elapsed < 10, f"{elapsed:.1f} s"
    assert expanded.count("\\upto") == 200, "every use is left as written"
    assert warnings == [] and len(table.details) == 1


def test_macros_defined_in_the_preamble_reach_every_equation(tmp_path: Path) -> None:
    """The pattern issue 15 met outside the corpus: nested preamble macros, read as "outerOpt"."""
    from paperpal.extract.latex import read_latex
    from paperpal.notation.render import to_unicode
    from paperpal.notation.speak import literal

    (tmp_path / "main.tex").write_text(
        "\\documentclass{article}\n\\usepackage{amsmath}\n"
        "\\DeclareMathOperator*{\\argmin}{arg\\,min}\n"
        "\\newcommand{\\hyper}{\\lambda}\n"
        "\\newcommand{\\outerLoss}[1]{\\mathcal{L}_V(#1)}\n"
        "\\newcommand{\\innerOpt}[1]{\\mathbf{w}^*(#1)}\n"
        "\\newcommand{\\outerOpt}[1]{\\argmin_{\\hyper} \\outerLoss{#1}}\n"
        "\\begin{document}\n\\section{Method}\n"
        "\\begin{equation}\\hyper^* = \\outerOpt{\\innerOpt{\\hyper}}\\end{equation}\n"
        "\\end{document}\n",
        encoding="utf-8",
    )
    equation = read_latex(tmp_path).equations[0]
    assert (
        equation.latex
        == r"\lambda^* = \operatorname*{arg\,min}_{\lambda} \mathcal{L}_V(\mathbf{w}^*(\lambda))"
    )
    assert to_unicode(equation.latex) == "λ* = arg min_λ ℒ_V(𝐰*(λ))"
    assert "outerOpt" not in literal(equation.latex)


def test_what_a_reader_cannot_act_on_is_a_detail_not_a_warning(tmp_path: Path) -> None:
    from paperpal.extract.latex import read_latex

    (tmp_path / "main.tex").write_text(
        "\\documentclass{article}\n\\def\\boxit#1#{\\hbox#1}\n\\begin{document}\n\\section{S}\nText.\n"
        "\\end{document}\n",
        encoding="utf-8",
    )
    doc = read_latex(tmp_path)
    assert doc.warnings == ()
    assert doc.details == (r"\def\boxit has a parameter pattern we do not read; left as written",)
