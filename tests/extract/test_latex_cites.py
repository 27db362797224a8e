"""Citations read as the PDF prints them, from the paper's .bbl; a neutral mark otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperpal.extract.latex import read_latex
from paperpal.extract.latex_bbl import read_bibliography
from paperpal.extract.latex_cites import UNRESOLVED

NATBIB_BBL = r"""
\begin{thebibliography}{3}
\bibitem[{Vaswani et~al.(2017)Vaswani, Shazeer, Parmar, Uszkoreit, Jones, Gomez,
  Kaiser, and Polosukhin}]{vaswani}
A.~Vaswani et al. Attention is all you need.
\bibitem[Kingma and Ba(2015)]{adam}
D.~P. Kingma and J.~Ba. Adam.
\bibitem[Cho et~al.(2014{\natexlab{a}})Cho, van Merrienboer, and Bengio]{cho}
K.~Cho et al.
\end{thebibliography}
"""

BIBLATEX_BBL = r"""
\refsection{0}
  \entry{he16}{inproceedings}{}
    \name{author}{2}{}{%
      {{hash=1}{family={He}, given={Kaiming}}}%
      {{hash=2}{family={Zhang}, given={Xiangyu}}}%
    }
    \field{labelalpha}{HZ16}
    \field{labelyear}{2016}
  \endentry
\endrefsection
"""


def _paper(folder: Path, body: str, preamble: str = "", bbl: str | None = None) -> Path:
    (folder / "main.tex").write_text(
        f"\\documentclass{{article}}\n{preamble}\n\\begin{{document}}\n{body}\n\\end{{document}}\n",
        encoding="utf-8",
    )
    if bbl is not None:
        (folder / "main.bbl").write_text(bbl, encoding="utf-8")
    return folder


def _text(folder: Path) -> str:
    return " ".join(p.text for p in read_latex(folder).paragraphs)


@pytest.mark.parametrize(
    ("written", "printed"),
    [
        (r"\citet{vaswani}", "Vaswani et al. (2017)"),
        (r"\citep{vaswani}", "(Vaswani et al., 2017)"),
        (r"\citep{vaswani,adam}", "(Vaswani et al., 2017; Kingma and Ba, 2015)"),
        (r"\citep[see][ch.~2]{adam}", "(see Kingma and Ba, 2015, ch. 2)"),
        (r"\citet[p.~3]{adam}", "Kingma and Ba (2015, p. 3)"),
        (r"\citealp{adam}", "Kingma and Ba, 2015"),
        (r"\citealt{adam}", "Kingma and Ba 2015"),
        (r"\citeauthor{cho}", "Cho et al."),
        (r"\citeyear{cho}", "2014a"),
        (r"\citeyearpar{cho}", "(2014a)"),
        (r"\citet*{cho}", "Cho, van Merrienboer, and Bengio (2014a)"),
        (r"\cite{adam}", "Kingma and Ba (2015)"),
        (r"\citep{unknown}", UNRESOLVED),
    ],
)
def test_natbib_author_year_labels(tmp_path: Path, written: str, printed: str) -> None:
    folder = _paper(tmp_path, f"As shown {written} here.", "\\usepackage{natbib}", NATBIB_BBL)
    assert _text(folder) == f"As shown {printed} here."


def test_natbib_numbers_option_prints_numbers(tmp_path: Path) -> None:
    folder = _paper(
        tmp_path, r"By \citet{adam} and \citep{vaswani,cho}.", "\\usepackage[numbers]{natbib}", NATBIB_BBL
    )
    assert _text(folder) == "By Kingma and Ba [2] and [1, 3]."


def test_plain_numeric_bibliography(tmp_path: Path) -> None:
    bbl = "\\begin{thebibliography}{9}\n\\bibitem{a} A.\n\\bibitem{b} B.\n\\end{thebibliography}\n"
    folder = _paper(tmp_path, r"See \cite{b} and \cite{a,b}.", bbl=bbl)
    assert _text(folder) == "See [2] and [1, 2]."


def test_alphabetic_labels(tmp_path: Path) -> None:
    bbl = "\\begin{thebibliography}{Vas17}\n\\bibitem[Vas17]{v} V.\n\\bibitem[KB15]{k} K.\n\\end{thebibliography}\n"
    folder = _paper(tmp_path, r"See \cite{v,k}.", bbl=bbl)
    assert _text(folder) == "See [Vas17, KB15]."


def test_biblatex_records() -> None:
    numeric = read_bibliography(BIBLATEX_BBL, r"\usepackage{biblatex}")
    assert numeric.style == "numeric" and numeric.entries["he16"].short == "He and Zhang"
    authoryear = read_bibliography(BIBLATEX_BBL, r"\usepackage[style=authoryear]{biblatex}")
    assert authoryear.style == "author-year" and authoryear.entries["he16"].year == "2016"
    assert read_bibliography(BIBLATEX_BBL, r"\usepackage[style=alphabetic]{biblatex}").style == "label"


def test_without_a_bibliography_a_neutral_mark_never_cite(tmp_path: Path) -> None:
    folder = _paper(tmp_path, r"Gated units \citep{cho14} work, as \citet{chung} show; \citeyear{x}.")
    text = _text(folder)
    assert text == f"Gated units {UNRESOLVED} work, as {UNRESOLVED} show; ."
    assert "[cite]" not in text
