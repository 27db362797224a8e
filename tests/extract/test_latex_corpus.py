"""The LaTeX reader on the real corpus sources: expectations written from reading the .tex files."""

from __future__ import annotations

import time

import pytest

from paperpal.extract.latex import read_latex
from paperpal.models import Document, Equation, Paragraph, Section

LATEX_PAPERS = [
    "1205.4446",
    "1402.5836",
    "1502.03492",
    "1603.07285",
    "1605.09410",
    "1606.00704",
    "1709.04057",
    "1711.00123",
    "1911.02782",
]


def _eq(doc: Document, number: str) -> Equation:
    found = [e for e in doc.equations if e.number == number]
    assert found, f"no equation numbered {number}; numbers: {[e.number for e in doc.equations]}"
    return found[0]


@pytest.mark.parametrize("paper_id", LATEX_PAPERS)
def test_every_corpus_source_reads_without_exception(corpus_source, paper_id: str) -> None:
    started = time.perf_counter()
    doc = read_latex(corpus_source(paper_id))
    elapsed = time.perf_counter() - started
    assert doc.source == "latex"
    assert doc.title, f"{paper_id}: no title"
    assert doc.sections, f"{paper_id}: no sections"
    assert len(doc.paragraphs) > 20, f"{paper_id}: only {len(doc.paragraphs)} paragraphs"
    ids = [b.id for b in doc.blocks]
    assert len(ids) == len(set(ids)), f"{paper_id}: block ids are not unique"
    for paragraph in doc.paragraphs:
        for formula in paragraph.math:
            span = paragraph.text[formula.start : formula.end]
            assert span == f"${formula.latex}$", f"{paper_id}: offsets wrong for {formula}"
    # Generous bound (a shared 2-core machine): the reader takes ~0.05 s per paper.
    assert elapsed < 5, f"{paper_id}: reading took {elapsed:.2f} s"


def test_conv_arithmetic_every_display_equation(corpus_source) -> None:
    """1603.07285 has 18 displays, all equation* (unnumbered): the relationships carry numbers."""
    doc = read_latex(corpus_source("1603.07285"))
    assert doc.title == "A guide to convolution arithmetic for deep learning"
    equations = doc.equations
    assert len(equations) == 18, [e.latex for e in equations]
    assert all(e.number is None for e in equations), "equation* must stay unnumbered"
    assert equations[1].latex == "o = (i - k) + 1."
    assert equations[2].latex == "o = (i - k) + 2p + 1."
    assert equations[5].latex == r"o = \left\lfloor \frac{i - k}{s} \right\rfloor + 1."
    assert equations[16].latex == r"\hat{k} = k + (k - 1)(d - 1)."
    # The theorem-like "Relationship" environment numbers what the equation belongs to.
    assert equations[1].context_before.endswith(
        "Relationship 1. For any $i$ and $k$, and for $s = 1$ and $p = 0$,"
    ), equations[1].context_before
    # An inner pmatrix keeps its column marks.
    assert r"\begin{pmatrix} w_{0,0} & w_{0,1}" in equations[8].latex


def test_conv_arithmetic_report_class_numbering(corpus_source) -> None:
    doc = read_latex(corpus_source("1603.07285"))
    outline = [(s.number, s.title, s.level) for s in doc.sections]
    assert outline[:4] == [
        ("1", "Introduction", 0),
        ("1.1", "Discrete convolutions", 1),
        ("1.2", "Pooling", 1),
        ("2", "Convolution arithmetic", 0),
    ]
    assert ("2.2.1", "Half (same) padding", 2) in outline
    assert outline[-1] == ("5.1", "Dilated convolutions", 1)
    texts = " ".join(p.text for p in doc.paragraphs)
    # \autoref to a figure in chapter 2 of a report: "Figure 2.2"
    assert "Figure 2.2 provides an example for $i = 5$, $k = 4$ and $p = 2$." in texts


def test_s2orc_multi_file_eprint_sections_in_order(corpus_source) -> None:
    doc = read_latex(corpus_source("1911.02782"))
    assert doc.title == "S2ORC: The Semantic Scholar Open Research Corpus"
    assert doc.abstract.startswith("We introduce S2ORC, a large corpus of 81.1M")
    numbered = [(s.number, s.title) for s in doc.sections if s.number]
    assert numbered[:5] == [
        ("1", "Introduction"),
        ("2", "Constructing the corpus"),
        ("2.1", "Processing PDFs"),
        ("2.2", "Processing LaTeX source"),
        ("2.3", "Selecting canonical metadata"),
    ]
    assert ("8", "Conclusion") in numbered
    assert ("A", "Background & Terminology") in numbered, "\\appendix must letter the sections"
    assert numbered[-1][0] == "G"
    # Citations read as the ACL-style PDF prints them, from main.bbl's natbib labels:
    # \cite is parenthetical in this style (acl2020.sty), \citet is textual.
    texts = [p.text for p in doc.paragraphs]
    assert any("AMiner's Open Academic Graph (Tang et al., 2008), the Microsoft" in t for t in texts), texts[
        :3
    ]
    assert any("Saier and Färber (2019) is derived from arXiv" in t for t in texts)
    assert not any("[cite]" in t or "[…]" in t for t in texts), "every key is in main.bbl"
    # Float captions are paragraphs where the float stands, numbered as printed.
    assert any(t.startswith("Figure 1: Inline citations and references") for t in texts)
    assert _eq(doc, "1").latex == r"S_{title} = \frac{2 \times J \times C}{J + C}"


def test_inputs_of_part_files_and_redefined_accents(corpus_source) -> None:
    """1605.09410: \\input{x.tex.part}; the paper redefines \\u, \\d, \\b, \\r, \\*."""
    doc = read_latex(corpus_source("1605.09410"))
    assert [s.title for s in doc.sections][:3] == [
        "Introduction",
        "Recurrent attention model",
        "Part A: External memory",
    ]
    assert [s.number for s in doc.sections if s.title == "Scheduled sampling"] == ["A.1"]
    assert _eq(doc, "4").latex == r"\textbf{u}_t = \texttt{CNN}(\textbf{d}_t)"
    first = _eq(doc, "1").latex
    assert first.startswith(r"\textbf{c}_t = \begin{cases} \textbf{0}, & \text{if } t = 0")
    numbers = [e.number for e in doc.equations if e.number]
    assert numbers == [str(i) for i in range(1, len(numbers) + 1)], numbers
    texts = [p.text for p in doc.paragraphs]
    # \renewcommand{\u}{$\uparrow$}, \renewcommand{\*}[1]{\textbf{#1}}
    assert any("MWCov $\\uparrow$" in t for t in texts), "\\u was not expanded in the tables"
    assert any(
        t.startswith("Our proposed model has four major components: A) an external memory") for t in texts
    )
    inline = {m.latex for p in doc.paragraphs for m in p.math}
    assert "\\textbf{x}_0" in inline, sorted(inline)[:20]


def test_eqnarray_only_paper_numbers_and_refs(corpus_source) -> None:
    """1205.4446 uses only eqnarray: every row is numbered, labels resolve."""
    doc = read_latex(corpus_source("1205.4446"))
    assert doc.title == "Data analysis recipes: Probability calculus for inference"
    numbers = [e.number for e in doc.equations]
    assert numbers == [str(i) for i in range(1, 43)], numbers
    bayes = [e for e in doc.equations if e.label == "eq:bayes"]
    assert bayes and bayes[0].number == "10"
    assert "&" not in bayes[0].latex, "eqnarray's &=& must be removed in a single row"
    texts = " ".join(p.text for p in doc.paragraphs)
    # \\eqref{eq:bayes} resolves to the printed number, in the paper's own words.
    assert "the denominator in equation (10)" in texts and "Bayes rule (10)" in texts


def test_macros_from_a_local_sty_are_expanded(corpus_source) -> None:
    """1402.5836 keeps its macros in include/preamble.sty (\\expectargs, \\vW...)."""
    doc = read_latex(corpus_source("1402.5836"))
    assert doc.title == "Avoiding pathologies in very deep networks"
    leftovers = [e.latex for e in doc.equations if "\\expect" in e.latex or "\\vW" in e.latex]
    assert not leftovers, leftovers[:2]
    eq4 = _eq(doc, "4")
    assert eq4.label == "eq:one-layer-nn"
    assert r"\mathbf{V}^{(1)} \sigma \left(" in eq4.latex
    texts = " ".join(p.text for p in doc.paragraphs)
    assert "the model given by (4) to have two layers" in texts


def test_equation_context_is_the_sentence_around_it(corpus_source) -> None:
    doc = read_latex(corpus_source("1711.00123"))
    eq2 = _eq(doc, "2")
    assert eq2.latex.startswith(r"\hat g_{\textnormal{REINFORCE}}[f] = f \left( b \right)")
    assert eq2.context_before.endswith("known as the score-function estimator, or REINFORCE […]:")
    assert len(eq2.context_before) <= 300
    assert eq2.context_after.startswith("This estimator is unbiased, but in general has high")
    # A multi-row align keeps its rows; its label resolves for \eqref.
    eq5 = _eq(doc, "5")
    assert eq5.label == "eq:cont_est" and "\\\\" in eq5.latex
    assert eq5.section == "sec-3"


def test_blocks_follow_reading_order(corpus_source) -> None:
    doc = read_latex(corpus_source("1711.00123"))
    kinds = [type(b).__name__ for b in doc.blocks[:6]]
    assert kinds[0] == "Section", kinds
    seen_sections: set[str] = set()
    for block in doc.blocks:
        if isinstance(block, Section):
            seen_sections.add(block.id)
        elif isinstance(block, Paragraph | Equation) and block.section is not None:
            assert block.section in seen_sections, f"{block.id} refers to a later section"


def test_icml_title_block_and_algorithm_lines(corpus_source) -> None:
    """1502.03492: the \\twocolumn[...] title block is not text; step labels name line numbers."""
    doc = read_latex(corpus_source("1502.03492"))
    assert doc.title == "Gradient-based Hyperparameter Optimization through Reversible Learning"
    assert doc.paragraphs[0].text.startswith("Machine learning systems abound with hyperparameters.")
    assert doc.paragraphs[0].section == "sec-1"
    texts = " ".join(p.text for p in doc.paragraphs)
    assert "Computations of steps 11 and 12 both require a Hessian-vector product" in texts
    assert "Every time we apply step 8 to reduce the velocity" in texts
    assert "Algorithm 2 fails utterly" in texts


def test_inline_formulas_including_tables(corpus_source) -> None:
    """1606.00704 has ~640 `$...$` formulas, most of them in its architecture tables."""
    doc = read_latex(corpus_source("1606.00704"))
    inline = [m.latex for p in doc.paragraphs for m in p.math]
    assert len(inline) >= 600, f"only {len(inline)} inline formulas found"
    rows = [p.text for p in doc.paragraphs if " | " in p.text]
    assert "Model | Misclassification rate" in rows, rows[:5]
    assert "SDGM […] | $16.61$" in rows


def test_the_main_file_is_the_paper_not_its_supplement(corpus_source) -> None:
    """1402.5836 ships verydeep.tex (title set with \\aistatstitle) and supplementary.tex."""
    from paperpal.extract.latex_files import find_main

    folder = corpus_source("1402.5836")
    title = "Avoiding pathologies in very deep networks"
    assert find_main(folder, title)[0].name == "verydeep.tex"
    assert find_main(folder, "")[0].name == "verydeep.tex", "a supplement loses even without a title hint"
