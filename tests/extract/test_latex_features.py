"""The LaTeX reader on small papers written here: numbering rules, macros, text conversion."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from paperpal.errors import UnreadablePaper
from paperpal.extract.latex import read_latex
from paperpal.models import Document, Equation


def _paper(tmp_path: Path, body: str, preamble: str = "", name: str = "paper.tex") -> Path:
    (tmp_path / name).write_text(
        "\\documentclass{article}\n\\usepackage{amsmath}\n"
        + preamble
        + "\n\\begin{document}\n"
        + body
        + "\n\\end{document}\n",
        encoding="utf-8",
    )
    return tmp_path


def _numbers(doc: Document) -> list[str | None]:
    return [e.number for e in doc.equations]


def _by_label(doc: Document, label: str) -> Equation:
    found = [e for e in doc.equations if e.label == label]
    assert found, f"no equation labelled {label}: {[e.label for e in doc.equations]}"
    return found[0]


def test_deep_learning_book_macros_are_expanded(tmp_path: Path, corpus: Path) -> None:
    dlbook = corpus.parent / "references" / "dlbook_notation" / "math_commands.tex"
    shutil.copy(dlbook, tmp_path / "math_commands.tex")
    _paper(
        tmp_path,
        "\\section{Model}\nThe input $\\vx$ is multiplied by $\\mW$.\n"
        "\\begin{equation}\\label{eq:kl}\n"
        "\\E_{\\vx \\sim p}[\\log q(\\vx)] - \\KL(p \\| q)\n\\end{equation}\n"
        "as \\Eqref{eq:kl} shows.",
        preamble="\\input{math_commands.tex}",
    )
    doc = read_latex(tmp_path)
    (equation,) = doc.equations
    assert equation.latex == (r"\mathbb{E}_{{\bm{x}} \sim p}[\log q({\bm{x}})] - D_{\mathrm{KL}}(p \| q)")
    assert equation.number == "1" and equation.label == "eq:kl"
    first = doc.paragraphs[0]
    assert first.text == "The input ${\\bm{x}}$ is multiplied by ${\\bm{W}}$."
    assert [m.latex for m in first.math] == ["{\\bm{x}}", "{\\bm{W}}"]
    # The DL book redefines \Eqref as "Equation~\ref{#1}".
    assert doc.paragraphs[-1].text == "as Equation 1 shows."


def test_newcommand_def_and_operator_forms(tmp_path: Path) -> None:
    preamble = r"""
\newcommand{\norm}[1]{\lVert #1 \rVert}
\newcommand{\loss}[2][\theta]{\mathcal{L}_{#1}(#2)}
\renewcommand*{\vec}[1]{\mathbf{#1}}
\providecommand{\norm}[1]{WRONG}
\def\pair#1#2{\langle #1, #2 \rangle}
\DeclareMathOperator*{\argmax}{arg\,max}
\DeclareMathOperator{\Tr}{Tr}
\let\oldnorm\norm
"""
    body = (
        "\\[ \\norm{x} + \\loss{x} + \\loss[\\phi]{y} + \\pair ab + \\argmax_z \\Tr(A)"
        " + \\oldnorm{\\vec{v}} \\]"
    )
    doc = read_latex(_paper(tmp_path, body, preamble))
    assert doc.equations[0].latex == (
        r"\lVert x \rVert + \mathcal{L}_{\theta}(x) + \mathcal{L}_{\phi}(y) + \langle a, b \rangle"
        r" + \operatorname*{arg\,max}_z \operatorname{Tr}(A) + \lVert \mathbf{v} \rVert"
    )
    assert doc.equations[0].number is None


def test_amsmath_numbering_rules(tmp_path: Path) -> None:
    body = r"""
\section{One}
\begin{equation} a = 1 \label{e1} \end{equation}
\begin{equation*} b = 2 \end{equation*}
\begin{align}
x &= 1 \label{r1} \\
y &= 2 \nonumber \\
z &= 3 \tag{$\star$} \label{star}\\
w &= 4 \notag
\end{align}
\begin{align*} p &= q \\ r &= s \end{align*}
\[ c = 3 \]
$$ d = 4 $$
\begin{gather} g_1 \\ g_2 \label{g2} \end{gather}
\begin{multline} m = a + b \\ + c + d \label{ml} \end{multline}
\begin{equation}\begin{split} s &= t \\ &= u \end{split}\label{sp}\end{equation}
\begin{subequations}\label{sub}
\begin{align} h_1 &= 0 \label{h1} \\ h_2 &= 0 \end{align}
\end{subequations}
\begin{equation} e = 1 \nonumber \end{equation}
\begin{eqnarray} u &=& v \label{ea} \\ v &=& w \end{eqnarray}
\begin{equation} f = 2 \tag*{T} \end{equation}
See \eqref{e1}, \ref{r1}, \eqref{star}, \eqref{g2}, \eqref{ml}, \eqref{sp}, \eqref{sub},
\eqref{h1}, \eqref{ea} and \eqref{nowhere}.
"""
    doc = read_latex(_paper(tmp_path, body))
    by_latex = {e.latex: e.number for e in doc.equations}
    assert by_latex["a = 1"] == "1"
    assert by_latex["b = 2"] is None
    assert by_latex["x = 1"] == "2"
    # y has \nonumber: it belongs with the next numbered row, z, which has a \tag; w is
    # \notag and last, so it joins that group too.
    assert by_latex["y &= 2 \\\\ z &= 3 \\\\ w &= 4"] == "$\\star$"
    assert by_latex["p &= q \\\\ r &= s"] is None
    assert by_latex["c = 3"] is None and by_latex["d = 4"] is None
    assert by_latex["g_1"] == "3" and by_latex["g_2"] == "4"
    assert by_latex["m = a + b + c + d"] == "5"
    assert by_latex["\\begin{split} s &= t \\\\ &= u \\end{split}"] == "6"
    assert by_latex["h_1 = 0"] == "7a" and by_latex["h_2 = 0"] == "7b"
    assert by_latex["e = 1"] is None
    assert by_latex["u = v"] == "8" and by_latex["v = w"] == "9"
    assert by_latex["f = 2"] == "T"
    text = doc.paragraphs[-1].text
    assert text == ("See (1), 2, ($\\star$), (4), (5), (6), (7), (7a), (8) and (?)."), text


def test_numberwithin_section_and_appendix_letters(tmp_path: Path) -> None:
    body = r"""
\section{Intro}
\begin{equation} a \end{equation}
\begin{equation} b \label{b} \end{equation}
\section*{Unnumbered}
\section{Method}\label{sec:method}
\subsection{Detail}
\subsubsection{Finer}
\begin{equation} c \end{equation}
\paragraph{Run-in} Some text, see Section~\ref{sec:method} and \eqref{b}.
\appendix
\section{Proofs}
\begin{equation} d \label{d} \end{equation}
\subsection{Lemma}
"""
    doc = read_latex(_paper(tmp_path, body, "\\numberwithin{equation}{section}"))
    assert [(s.number, s.title, s.level) for s in doc.sections] == [
        ("1", "Intro", 1),
        (None, "Unnumbered", 1),
        ("2", "Method", 1),
        ("2.1", "Detail", 2),
        ("2.1.1", "Finer", 3),
        ("A", "Proofs", 1),
        ("A.1", "Lemma", 2),
    ]
    assert _numbers(doc) == ["1.1", "1.2", "2.1", "A.1"]
    assert [e.section for e in doc.equations] == ["sec-1", "sec-1", "sec-2.1.1", "sec-a"]
    run_in = [p.text for p in doc.paragraphs if p.text.startswith("Run-in")]
    assert run_in == ["Run-in. Some text, see Section 2 and (1.2)."], run_in


def test_text_conversion(tmp_path: Path) -> None:
    body = r"""
\section{Text}
We use \emph{gated} units~\cite{cho14,chung14} --- ``quoted'' and `single' -- with
caf\'e, na\"{\i}ve, \c{c}a, \ss, 50\%, \$5 and \textbf{bold \textit{nested}}.\footnote{Dropped.}
Inline \(a_i\) and \begin{math}b\end{math} and \ensuremath{c}.
\begin{itemize}
\item First item
\item[(b)] Second
\end{itemize}
"""
    doc = read_latex(_paper(tmp_path, body))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == (
        "We use gated units […] — “quoted” and ‘single' – with café, naïve, ça, ß, 50%, $5"
        " and bold nested. Inline $a_i$ and $b$ and $c$."
    ), texts[0]
    assert texts[1:] == ["• First item", "• (b) Second"]


def test_main_file_is_chosen_over_drafts_and_parts(tmp_path: Path) -> None:
    (tmp_path / "old_draft.tex").write_text("\\section{Old} Stale text.\n", encoding="utf-8")
    (tmp_path / "intro.tex").write_text("\\section{Intro} Fresh text.\n", encoding="utf-8")
    (tmp_path / "notes.tex").write_text(
        "\\documentclass{article}\\begin{document}\\title{Notes}Not the paper.\\end{document}",
        encoding="utf-8",
    )
    (tmp_path / "ms.bbl").write_text("\\bibitem{k}\n", encoding="utf-8")
    _paper(tmp_path, "\\title{The Paper}\\maketitle\n\\input{intro}\n", name="ms.tex")
    doc = read_latex(tmp_path, title_hint="The Paper")
    assert doc.title == "The Paper"
    assert [s.title for s in doc.sections] == ["Intro"]


def test_no_main_file_is_unreadable(tmp_path: Path) -> None:
    (tmp_path / "figure.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    (tmp_path / "README").write_text("just a readme", encoding="utf-8")
    with pytest.raises(UnreadablePaper, match="no LaTeX main file"):
        read_latex(tmp_path)


def test_missing_folder_is_unreadable(tmp_path: Path) -> None:
    with pytest.raises(UnreadablePaper, match="does not exist"):
        read_latex(tmp_path / "nope")


def test_iffalse_blocks_and_comments_are_dropped(tmp_path: Path) -> None:
    body = (
        "\\section{Kept}\nVisible 50\\% text % a comment\nstill the same paragraph.\n"
        "\\iffalse\n\\section{Hidden}\nOld text \\ifx\\a\\b nested \\fi\n\\fi\n"
        "\\iffalse draft \\else final \\fi words and $a \\iff b$."
    )
    doc = read_latex(_paper(tmp_path, body))
    assert [s.title for s in doc.sections] == ["Kept"]
    assert [p.text for p in doc.paragraphs] == [
        "Visible 50% text still the same paragraph. final words and $a \\iff b$."
    ]


def test_theorems_labels_in_titles_and_standalone_figures(tmp_path: Path) -> None:
    (tmp_path / "fig.tex").write_text(
        "\\documentclass{standalone}\\begin{document}\\section{Not me}\\end{document}",
        encoding="utf-8",
    )
    preamble = (
        "\\newtheorem{theorem}{Theorem}[section]\n\\newtheorem{lemma}[theorem]{Lemma}\n"
        "\\newtheorem{remark}{Remark}\n"
    )
    body = r"""
\section{First\label{sec:first}}
\begin{theorem}[Main]\label{thm:main} All is well. \end{theorem}
\begin{lemma} Also this. \end{lemma}
\section{\texorpdfstring{Second $\alpha$}{Second alpha}}
\begin{lemma}\label{lem:two} Again. \end{lemma}
\begin{remark} Note. \end{remark}
See Theorem~\ref{thm:main}, Lemma~\ref{lem:two} and \autoref{sec:first}.
"""
    doc = read_latex(_paper(tmp_path, body, preamble))
    assert [s.title for s in doc.sections] == ["First", "Second $\\alpha$"]
    texts = [p.text for p in doc.paragraphs]
    assert texts == [
        "Theorem 1.1 (Main). All is well.",
        "Lemma 1.2. Also this.",
        "Lemma 2.1. Again.",
        "Remark 1. Note.",
        "See Theorem 1.1, Lemma 2.1 and Section 1.",
    ], texts


def test_layout_wrappers_are_removed_from_formulas(tmp_path: Path) -> None:
    body = (
        "Inline $\\displaystyle a \\hspace{2pt} + \\scalebox{0.5}[1]{z}$ here.\n\n"
        "\\begin{equation}\n\\resizebox{.9\\hsize}{!}{$\\begin{pmatrix} a & b \\end{pmatrix}$}"
        "\n\\end{equation}\n"
    )
    doc = read_latex(_paper(tmp_path, body))
    assert doc.paragraphs[0].math[0].latex == "a + {z}"
    assert doc.equations[0].latex == "{\\begin{pmatrix} a & b \\end{pmatrix}}"


def test_single_file_crlf_and_weak_main(tmp_path: Path) -> None:
    tex = tmp_path / "only.tex"
    tex.write_bytes(
        b"\\documentclass{article}\r\n\\begin{document}\r\n\\section{A}\r\nOne.\r\n\r\nTwo.\r\n"
        b"\\end{document}\r\n"
    )
    doc = read_latex(tex)
    assert [p.text for p in doc.paragraphs] == ["One.", "Two."]
    part = tmp_path / "weak"
    part.mkdir()
    (part / "body.tex").write_text("\\begin{document}\\section{B} Text.\\end{document}")
    weak = read_latex(part)
    assert [s.title for s in weak.sections] == ["B"]
    assert any("no complete main file" in w for w in weak.warnings), weak.warnings


def test_citations_numbered_from_an_inline_bibliography(tmp_path: Path) -> None:
    body = (
        "As shown by \\citet{b} and \\cite[p.~3]{a,b}.\n"
        "\\begin{thebibliography}{9}\n\\bibitem{a} A. Author.\n\\bibitem[B(2020)]{b} B.\n"
        "\\end{thebibliography}\n"
    )
    doc = read_latex(_paper(tmp_path, body))
    # Not every entry has an author-year label, so natbib numbers them; \citet names the author
    # it knows, and the page note is printed inside the brackets.
    assert [p.text for p in doc.paragraphs] == ["As shown by B [2] and [1, 2, p. 3]."]


def test_intertext_and_appendices_environment(tmp_path: Path) -> None:
    body = r"""
\section{Main}
\begin{align}
a &= b \\
\intertext{where $b$ is the bias, and}
c &= d
\end{align}
\begin{appendices}
\section{Extra}
\end{appendices}
"""
    doc = read_latex(_paper(tmp_path, body))
    assert [(e.latex, e.number) for e in doc.equations] == [("a = b", "1"), ("c = d", "2")]
    assert doc.equations[0].context_after == "where $b$ is the bias, and"
    assert [s.number for s in doc.sections] == ["1", "A"]


def test_subfiles_are_read_without_their_own_preamble(tmp_path: Path) -> None:
    (tmp_path / "sections").mkdir()
    (tmp_path / "sections" / "intro.tex").write_text(
        "\\documentclass[../main.tex]{subfiles}\n\\begin{document}\n\\section{Intro}\n"
        "First part.\n\\end{document}\n",
        encoding="utf-8",
    )
    _paper(tmp_path, "\\subfile{sections/intro}\n\\section{Next}\nSecond part.\n", name="main.tex")
    doc = read_latex(tmp_path)
    assert [s.title for s in doc.sections] == ["Intro", "Next"]
    assert [p.text for p in doc.paragraphs] == ["First part.", "Second part."]


def test_theequation_redefined_for_the_appendix(tmp_path: Path) -> None:
    body = r"""
\section{Main}
\begin{equation} a \label{a} \end{equation}
\appendix
\section{Proofs}
\setcounter{equation}{0}
\renewcommand{\theequation}{\thesection.\arabic{equation}}
\begin{equation} b \label{b} \end{equation}
\begin{equation} c \end{equation}
See \eqref{a} and \eqref{b}.
"""
    doc = read_latex(_paper(tmp_path, body))
    assert _numbers(doc) == ["1", "A.1", "A.2"]
    assert doc.paragraphs[-1].text == "See (1) and (A.1)."
    roman = read_latex(
        _paper(
            tmp_path,
            "\\begin{equation} x \\end{equation}",
            "\\renewcommand{\\theequation}{\\Roman{equation}}",
        )
    )
    assert _numbers(roman) == ["I"]


def test_unbraced_command_scripts_get_braces(tmp_path: Path) -> None:
    body = "\\[ \\hat g_\\textnormal{LAX} = x_\\text{max}^\\mathrm{T} + z_\\alpha \\]"
    doc = read_latex(_paper(tmp_path, body))
    assert doc.equations[0].latex == (
        "\\hat g_{\\textnormal{LAX}} = x_{\\text{max}}^{\\mathrm{T}} + z_\\alpha"
    )
