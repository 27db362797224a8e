"""The front matter from LaTeX: the abstract is the abstract, with no title-block machinery."""

from __future__ import annotations

from pathlib import Path

from paperpal.extract.latex import read_latex


def _paper(folder: Path, body: str, preamble: str = "") -> Path:
    (folder / "main.tex").write_text(
        f"\\documentclass{{article}}\n{preamble}\n\\begin{{document}}\n{body}\n\\end{{document}}\n",
        encoding="utf-8",
    )
    return folder


def test_counters_and_affiliation_marks_do_not_reach_the_abstract(tmp_path: Path) -> None:
    body = (
        "\\title{Gates\\thanks{Work done at X.}}\n"
        "\\author{A. Author\\textsuperscript{\\arabic{affilcounter}}\\stepcounter{affilcounter}}\n"
        "\\maketitle\n"
        "\\begin{abstract}\n\\refstepcounter{affilcounter}\\setcounter{footnote}{0}"
        "\\addtocounter{affilcounter}{1}\\vskip 2pt We study gates.\\footnote{Code online.}"
        " They help \\citep{x}.\n\\end{abstract}\n\\section{Intro}\nText.\n"
    )
    doc = read_latex(_paper(tmp_path, body))
    assert doc.title == "Gates"
    assert doc.abstract == "We study gates. They help […]."


def test_an_abstract_environment_used_for_acknowledgements_is_not_the_abstract(tmp_path: Path) -> None:
    """1603.07285 renames \\abstractname to print its acknowledgements in the abstract style."""
    body = (
        "\\renewcommand{\\abstractname}{Acknowledgements}\n\\begin{abstract}Thanks to all.\\end{abstract}\n"
        "\\renewcommand{\\abstractname}{Abstract}\n\\begin{abstract}The real one.\\end{abstract}\n"
        "\\section{Intro}\nText.\n"
    )
    assert read_latex(_paper(tmp_path, body)).abstract == "The real one."


def test_conv_arithmetic_has_no_abstract_rather_than_its_acknowledgements(corpus_source) -> None:
    doc = read_latex(corpus_source("1603.07285"))
    assert doc.abstract == "", doc.abstract[:80]
