"""The PDF reader against what a reader of the page sees (issue 15, PDF side).

Figure labels, table cells and algorithm steps are not display equations; formulas are rebuilt
from glyph geometry (fraction bars, limits, radicals, stacked arrows, arrays); words broken
across lines are mended as the paper spells them; captions stand apart from the prose. Real
corpus PDFs throughout, plus one PDF compiled from tests/extract/fixtures/formulas.tex for the
attention softmax of arXiv:1409.0473, a paper the corpus does not hold.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from paperpal.extract.pdf import read_pdf
from paperpal.models import Document
from tests.conftest import CORPUS, CORPUS_IDS

FIXTURES = Path(__file__).parent / "fixtures"
PDF_IDS = [i for i in CORPUS_IDS if (CORPUS / i / "paper.pdf").is_file()]
_cache: dict[str, Document] = {}


def pdf_doc(paper_id: str) -> Document:
    if paper_id not in _cache:
        path = FIXTURES / paper_id if paper_id.endswith(".pdf") else CORPUS / paper_id / "paper.pdf"
        _cache[paper_id] = read_pdf(path)
    return _cache[paper_id]


def numbered(paper_id: str) -> dict[str, str]:
    return {e.number: e.latex for e in pdf_doc(paper_id).equations if e.number}


# -- what is not an equation ----------------------------------------------------------------------


def test_figure_labels_are_neither_equations_nor_prose() -> None:
    """1402.5836 page 5: panel titles p(x), p(f^(1)(x)) and diagram labels x, f^(1)(x)."""
    doc = pdf_doc("1402.5836")
    page5 = [e for e in doc.equations if e.page == 5]
    assert [e.number for e in page5] == ["16", "17"], [e.latex for e in page5]
    texts = [p.text for p in doc.paragraphs if p.page == 5]
    for label in ("Identity Map", "1 Layer", "$p(\\mathbf{x})$", "b) Input-connected architecture"):
        assert not any(t.startswith(label) for t in texts), f"figure text {label!r} became a paragraph"


def test_table_cells_are_rows_not_equations() -> None:
    """1412.3555's Table 1: "≈ 19.8 × 10^3" is a cell of a row, as the LaTeX path writes rows."""
    doc = pdf_doc("1412.3555")
    assert not any("10^3" in e.latex for e in doc.equations), [e.latex for e in doc.equations]
    rows = [p.text for p in doc.paragraphs if p.page == 6]
    assert "LSTM | 36 | $\\approx 19.8\\times 10^3$" in rows, rows[:12]


def test_algorithm_steps_are_paragraphs_not_equations() -> None:
    doc = pdf_doc("1502.03492")
    assert not any("\\mathbf{v}_{t+1}" in e.latex for e in doc.equations)
    steps = [p.text for p in doc.paragraphs if p.page == 2]
    assert any(
        t.startswith("5: $\\mathbf{v}_{t+1}=\\gamma_t\\mathbf{v}_t-(1-\\gamma_t)\\mathbf{g}_t$")
        for t in steps
    )
    assert "Algorithm 1 Stochastic gradient descent with momentum" in steps


def test_formula_ending_a_paragraph_stays_inline() -> None:
    """1706.03762: "d_ff = 2048." is the last line of a paragraph, flush left: not a display."""
    doc = pdf_doc("1706.03762")
    assert not any("2048" in e.latex for e in doc.equations), [e.latex for e in doc.equations]
    assert any(p.text.endswith("the inner-layer has dimensionality $d_{ff}=2048$.") for p in doc.paragraphs)


@pytest.mark.parametrize("paper_id", ["1603.07285", "1606.00704", "1709.04057"])
def test_compiled_pairs_show_no_more_displays_than_the_source(paper_id: str, corpus_source) -> None:
    """Twice as many displays as the source had was the symptom; now each display is one."""
    from paperpal.extract.latex import read_latex

    truth = [e for e in read_latex(corpus_source(paper_id)).equations if e.display]
    shown = pdf_doc(paper_id).equations
    assert len(shown) <= len(truth) + 1, [e.latex[:60] for e in shown]


# -- structure from glyph geometry ------------------------------------------------------------------


def test_attention_softmax_of_1409_0473() -> None:
    """The equation the issue quotes, compiled with pdfTeX: the fraction bar, the sum's limits."""
    eqs = numbered("formulas.pdf")
    assert eqs["1"] == r"\alpha_{ij}=\frac{\exp(e_{ij})}{\sum_{k=1}^{T_x}\exp(e_{ik})}", eqs["1"]


def test_arrows_over_letters_are_accents() -> None:
    eqs = numbered("formulas.pdf")
    assert eqs["2"] == r"h_j=[\overrightarrow{h}_j^\top;\overleftarrow{h}_j^\top]^\top", eqs["2"]
    prose = " ".join(p.text for p in pdf_doc("formulas.pdf").paragraphs)
    assert "$\\overrightarrow{h}_i$" in prose and "$\\overleftarrow{h}_i$" in prose, prose


def test_root_product_integral_cases_and_array() -> None:
    doc = pdf_doc("formulas.pdf")
    unnumbered = [e.latex for e in doc.equations if not e.number]
    assert r"y=\sqrt{\frac{a+b}{2}}+\prod_{i=1}^nx_i^2-\int_0^1f(x)dx" in unnumbered, unnumbered
    cases = numbered("formulas.pdf")["3"]
    assert cases.startswith(r"\hat{z}_i=\begin{cases} -\log(-\log v_i) & i=b \\ 0 & i\neq b \end{cases}"), (
        cases
    )
    assert cases.endswith(r"J=[\begin{array}{c} J^{1:L-1} \\ I_D \end{array}]"), cases


def test_sums_with_limits_around_a_fraction_on_a_real_paper() -> None:
    """1711.00123 (9): display limits above and below each sum, a fraction, a prime in a subscript."""
    assert numbered("1711.00123")["9"] == (
        r"\hat{g}_{\mathrm{A2C}}=\sum_{t=1}^T\frac{\partial\log\pi(a_t|s_t,\theta)}{\partial\theta}"
        r"[\sum_{t'=t}^Tr_{t'}-c_\phi(s_t)],a_t\sim\pi(a_t|s_t,\theta)"
    )


def test_neighbouring_operators_keep_their_own_limits() -> None:
    """1402.5836 (28): the sum's wide limit r ∈ {0,1}^D nearly touches the product's d = 1."""
    eq = numbered("1402.5836")["28"]
    assert r"\frac{1}{2^{-2D}}\sum_{\mathbf{r}\in\{0,1\}^D}\prod_{d=1}^Dk_d" in eq, eq


def test_numbered_rows_of_an_align_keep_their_fractions() -> None:
    """1711.00123 (12)-(15): each row's numerator sits closer to the row above it."""
    eqs = numbered("1711.00123")
    assert eqs["12"] == r"\mathbb{E}_{p(b|\theta)}[f(b)\frac{\partial}{\partial\theta}\log p(b|\theta)]"
    assert eqs["14"] == (
        r"-\mathbb{E}_{p(b|\theta)}[\frac{\partial}{\partial\theta}\mathbb{E}_{p(\tilde{z}|b,\theta)}[c_\phi(\tilde{z})]]"
    )
    assert eqs["15"] == r"+\frac{\partial}{\partial\theta}\mathbb{E}_{p(z|\theta)}[c_\phi(z)]"


def test_rows_of_one_equation_stay_together() -> None:
    """1606.00704 (1): three rows of a split environment, the double integrals as \\iint."""
    eq = numbered("1606.00704")["1"]
    assert eq.count(r" \\ ") == 2 and eq.count(r"\iint") == 2, eq


def test_a_product_keeps_its_upper_limit_between_two_numbered_equations() -> None:
    eqs = numbered("1205.4446")
    assert eqs["31"] == r"p(D_n|\theta,I)=N(D_n|ax_n+b,\sigma_n^2)", eqs["31"]
    assert eqs["32"] == r"p(\{D_n\}_{n=1}^N|\theta,I)=\prod_{n=1}^Np(D_n|\theta,I)", eqs["32"]


def test_damaged_gru_paper_still_decodes_equation_five() -> None:
    doc = pdf_doc("1412.3555")
    assert numbered("1412.3555")["5"] == r"h_t^j=(1-z_t^j)h_{t-1}^j+z_t^j\tilde{h}_t^j"
    assert any("pages 2–3 could not be read" in w for w in doc.warnings), doc.warnings


# -- words and captions -----------------------------------------------------------------------------


def test_words_broken_across_lines_are_mended_as_the_paper_spells_them() -> None:
    text = " ".join(p.text for p in pdf_doc("1706.03762").paragraphs)
    assert "transduction models" in text and "transduc tion" not in text
    # Compounds stay hyphenated: the paper writes them so, or both halves are its words.
    assert "position-wise fully connected" in text
    assert "sequence-aligned recurrence" in text and "sequencealigned" not in text
    relax = " ".join(p.text for p in pdf_doc("1711.00123").paragraphs)
    assert "low-variance estimates" in relax
    assert "RE- LAX" not in relax and "RE-LAX" not in relax


@pytest.mark.parametrize("paper_id", PDF_IDS)
def test_captions_are_never_spliced_into_prose(paper_id: str) -> None:
    for p in pdf_doc(paper_id).paragraphs:
        assert not re.search(r"\S\s+(Figure|Table|Fig\.) \d+: [A-Z]", p.text), (
            f"{paper_id}: a caption inside a paragraph: {p.text[:200]!r}"
        )


def test_captions_are_their_own_paragraphs() -> None:
    texts = [p.text for p in pdf_doc("1706.03762").paragraphs]
    assert "Figure 1: The Transformer - model architecture." in texts
    caption = next(t for t in texts if t.startswith("Table 1: Maximum path lengths"))
    # The whole caption, and nothing of the table under it.
    assert caption.endswith("$r$ the size of the neighborhood in restricted self-attention."), caption
