"""``find_terms``: glossary names, abbreviations and candidate phrases in a paper's prose."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from paperpal.glossary import load_glossary
from paperpal.glossary.model import Glossary
from paperpal.linking import defined_abbreviations, find_terms, singular
from paperpal.models import Document, Paragraph, Section, TermInfo

PROSE = [
    "Gated Recurrent Units for sequence modeling",
    "We compare recurrent neural networks built from a gated recurrent unit (GRU) with those built "
    "from long short-term memory (LSTM) units. A GRU has fewer parameters than an LSTM, and GRUs "
    "train faster. Each unit uses a matrix-vector product $W x_t$ and the matrices are learned.",
    "The Neural Network reads one token at a time. Two neural nets were trained. The RNN is deep.",
    "We call the new layer a sliding window pooler (SWP). The sliding window pooler summarises "
    "blocks of frames, and every SWP halves the length. A sliding window pooler is cheap.",
    "The results show that the results are good. The results of the spectral frame alignment "
    "are shown, and spectral frame alignment is fast, so spectral frame alignment is used.",
    "The gru in lower case is just a typo, and nn is not an abbreviation.",
]


def _document(texts: list[str], *, extra: tuple = ()) -> Document:
    blocks = tuple(Paragraph(id=f"p-{i}", text=t) for i, t in enumerate(texts[1:])) + extra
    return Document(title=texts[0], source="latex", blocks=blocks)


@pytest.fixture
def glossary(make_glossary: Callable[..., Path]) -> Glossary:
    return load_glossary(None, root=make_glossary())


def _by_concept(terms: tuple[TermInfo, ...]) -> dict[str | None, TermInfo]:
    return {t.concept: t for t in terms if t.concept}


def test_names_aliases_plurals_and_hyphens_link_to_concepts(glossary: Glossary) -> None:
    terms = _by_concept(find_terms(_document(PROSE), glossary))
    gru = terms.get("gated-recurrent-unit")
    assert gru is not None, f"GRU not found: {terms}"
    # title "Gated Recurrent Units", "gated recurrent unit (GRU)" (two), "A GRU", "GRUs".
    assert gru.count == 5, f"expected 5 uses of the GRU (name, plural, abbreviation), got {gru.count}"
    assert gru.abbreviation == "GRU" and gru.explanation
    assert terms["long-short-term-memory"].count == 3, "'long short-term memory (LSTM)', 'an LSTM'"
    assert terms["matrix-vector-product"].count == 1, "hyphenated name"
    assert terms["matrix"].count == 1, "irregular plural 'matrices'; inline math is not prose"
    assert terms["neural-network"].count == 2, "case-insensitive name and the alias 'neural nets'"
    assert terms["recurrent-neural-network"].count == 2, "'recurrent neural networks' and 'RNN'"


def test_abbreviations_are_case_sensitive_whole_words(glossary: Glossary) -> None:
    terms = _by_concept(find_terms(_document(PROSE), glossary))
    assert terms["gated-recurrent-unit"].count == 5, "lower-case 'gru' must not count"
    assert terms["neural-network"].count == 2, "lower-case 'nn' must not count"


def test_foundation_concepts_are_not_listed_as_jargon(glossary: Glossary) -> None:
    doc = _document(["A function", "Every function maps a number to a number."])
    assert find_terms(doc, glossary) == ()


def test_a_defined_abbreviation_counts_with_its_long_form_and_is_explained_from_the_paper(
    glossary: Glossary,
) -> None:
    terms = find_terms(_document(PROSE), glossary)
    swp = [t for t in terms if t.abbreviation == "SWP"]
    assert len(swp) == 1, f"one term for 'sliding window pooler (SWP)', got {swp}"
    term = swp[0]
    assert (term.concept, term.match) == (None, "defined")
    assert term.name == "sliding window pooler" and term.count == 5, term
    # "We call the new layer a sliding window pooler (SWP)": the paper's own name, from its sentence.
    assert term.own and term.defined
    assert term.explanation == "This paper's name for the new layer.", term.explanation
    assert term.evidence == "We call the new layer a sliding window pooler (SWP).", term.evidence
    assert term.confidence is not None and 0 < term.confidence < 1


def test_repeated_technical_phrases_become_candidates_but_filler_does_not(glossary: Glossary) -> None:
    candidates = [t.name for t in find_terms(_document(PROSE), glossary) if t.match == "candidate"]
    assert "spectral frame alignment" in candidates, candidates
    assert not any("result" in c for c in candidates), f"'the results' is not jargon: {candidates}"
    assert not any(c in ("frame alignment", "spectral frame") for c in candidates), (
        f"a phrase seen only inside a longer candidate is not listed on its own: {candidates}"
    )


def test_terms_come_most_central_first_with_rank_and_key(glossary: Glossary) -> None:
    terms = find_terms(_document(PROSE), glossary)
    assert [t.rank for t in terms] == list(range(1, len(terms) + 1))
    assert [t.centrality for t in terms] == sorted((t.centrality for t in terms), reverse=True)
    # In the title and used five times, the GRU; named by the paper itself, the sliding window
    # pooler: those two lead, before the neural networks the paper only mentions.
    names = [t.concept or t.name for t in terms]
    assert set(names[:2]) == {"gated-recurrent-unit", "sliding window pooler"}, names
    assert names.index("sliding window pooler") < names.index("neural-network"), names
    assert terms[0].key and any(not t.key for t in terms), [(t.name, t.key) for t in terms]


def test_references_are_not_the_papers_vocabulary(glossary: Glossary) -> None:
    extra = (
        Section(id="sec-r", number=None, title="References", level=1),
        Paragraph(id="p-r", text="Hochreiter. Long short-term memory. Neural Computation, 1997."),
    )
    doc = _document(["Title", "A gated recurrent unit is small."], extra=extra)
    assert "long-short-term-memory" not in _by_concept(find_terms(doc, glossary))


def test_helpers_singular_and_defined_abbreviations() -> None:
    assert [singular(w) for w in ("networks", "matrices", "losses", "Bias", "probabilities")] == [
        "network",
        "matrix",
        "loss",
        "bias",
        "probability",
    ]
    found = list(defined_abbreviations("we use a long short-term memory (LSTM) and (x) and (IEEE)."))
    assert found == [("LSTM", ["long", "short", "term", "memory"])], found


def test_a_real_paper_links_its_central_concepts_without_an_embedder(corpus: Path) -> None:
    # How long this takes is measured in benchmarks/bench_terms.py, not here.
    from paperpal.pipeline import load_document

    glossary = load_glossary(None)
    _, document = load_document(str(corpus / "1706.03762"))
    terms = find_terms(document, glossary)
    linked = {t.concept for t in terms if t.concept}
    for expected in ("softmax", "attention-mechanism", "multi-head-attention", "transformer"):
        assert expected in glossary.concepts, f"the shipped glossary lost {expected}"
        assert expected in linked, f"{expected} not found in Attention Is All You Need: {sorted(linked)}"
    assert terms[0].concept == "transformer" and terms[0].own, terms[0]


def test_compounds_of_everyday_words_match_but_prose_aliases_do_not(
    make_glossary: Callable[..., Path],
) -> None:
    extra = """
    [sequence-to-sequence]
    name = "sequence to sequence"
    aliases = ["sequence-to-sequence", "number of time steps"]
    summary = "Mapping one sequence to another."
    requires = ["recurrent-neural-network"]

    [limit]
    name = "limit"
    aliases = ["tend to", "at least", "output"]
    summary = "The value a quantity approaches."
    requires = ["number"]
    """
    glossary = load_glossary(None, root=make_glossary({"concepts/more.toml": extra}))
    doc = _document(
        [
            "T",
            "We tend to use at least one sequence-to-sequence model; the output grows with the number of time steps.",
        ]
    )
    terms = _by_concept(find_terms(doc, glossary))
    assert terms["sequence-to-sequence"].count == 2, terms
    assert "limit" not in terms, f"'tend to', 'at least', 'output' are plain English: {terms['limit']}"
