"""Names link only in their sense, non-English text gives no terms, and papers explain their own terms.

The shipped glossary and real corpus papers; the short documents are written the way papers
are, each with a control where the same word is used in the glossary's sense.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from paperpal.glossary import load_glossary
from paperpal.glossary.model import Glossary
from paperpal.linking import find_terms
from paperpal.models import Document, Paragraph, Section, TermInfo


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary(None)


def _paper(*paragraphs: str, title: str = "A study of sequence models") -> Document:
    blocks = [Section(id="sec-1", number="1", title="Introduction", level=1)]
    blocks += [Paragraph(id=f"p-{i}", text=t, section="sec-1") for i, t in enumerate(paragraphs)]
    return Document(title=title, source="latex", blocks=tuple(blocks))


def _linked(document: Document, glossary: Glossary) -> dict[str, TermInfo]:
    return {t.concept: t for t in find_terms(document, glossary) if t.concept}


@pytest.mark.parametrize(
    ("concept", "prose", "in_sense"),
    [
        (
            "integral",
            "Attention mechanisms have become an integral part of sequence models. We train a recurrent "
            "network with dropout on word sequences.",
            "The expectation is the integral of $f(x) p(x) dx$ over the density, a sum over infinitely many values.",
        ),
        (
            "prior",
            "Unlike prior work, our recurrent network reads the whole sequence. Prior approaches used "
            "convolutions over characters.",
            "We place a Gaussian prior on the weights and compute the posterior with Bayes' rule; the "
            "prior encodes our belief before seeing data.",
        ),
        (
            "generator",
            "A training data generator produces new sentences for the recurrent network. The "
            "generator writes one million sentences.",
            "The generator maps noise to images and the discriminator tells them from real ones in "
            "the adversarial game.",
        ),
        (
            "kernel-filter",
            "We pick the filter size of the low-pass audio filter by hand, and the filter size stays "
            "fixed for every recording of the speech corpus.",
            "Each convolutional layer uses a filter size of 3 with stride 2 and zero padding on the "
            "input image.",
        ),
        (
            "speech-recognition",
            "We also evaluate the units on raw speech signal modeling: each sequence is a raw audio "
            "waveform and the network predicts the next samples.",
            "For speech recognition we transcribe each utterance into text and report the word error rate.",
        ),
    ],
)
def test_a_name_links_only_where_its_sense_is_meant(
    glossary: Glossary, concept: str, prose: str, in_sense: str
) -> None:
    assert concept in glossary.concepts
    wrong = _linked(_paper(prose), glossary)
    assert concept not in wrong, f"{concept!r} linked from prose that does not mean it: {wrong[concept]}"
    right = _linked(_paper(prose, in_sense), glossary)
    assert concept in right, f"{concept!r} not linked where the paper means it: {sorted(right)}"


def test_french_and_table_rows_give_no_terms_and_broken_words_are_mended(glossary: Glossary) -> None:
    french = (
        "Le modèle de traduction est entraîné sur les phrases du corpus et la qualité des "
        "traductions est mesurée par le score obtenu pour chaque phrase de test."
    )
    table = "system net data mAP areo bike bird boat bottle bus car cat chair cow table dog horse"
    english = "A variational auto- encoder is trained; the variational auto- encoder has a latent code."
    terms = find_terms(_paper(french, french, table, table, english), glossary)
    names = [t.name for t in terms]
    assert not any(
        word in name.lower() for name in names for word in ("traduction", "modèle", "phrase", "bike")
    ), names
    vae = next(t for t in terms if t.concept == "variational-autoencoder")
    assert vae.name == "variational autoencoder", (
        "a line-break hyphen is mended, not shown as 'auto- encoder'"
    )


def test_fragments_and_verb_phrases_are_not_candidates(glossary: Glossary) -> None:
    prose = [
        "The right hand side is a sum. The right hand side grows. On the right hand side we see it.",
        "The horizontal dashed line indicates the mean. The horizontal dashed line indicates the best.",
        "We train a 34-layer plain network and a 34-layer plain network again, then a 34-layer plain one.",
        "Each spectral frame alignment costs little; spectral frame alignment is fast, and the "
        "spectral frame alignment needs no labels.",
    ]
    candidates = [t.name for t in find_terms(_paper(*prose), glossary) if t.match == "candidate"]
    assert "spectral frame alignment" in candidates, candidates
    for junk in ("hand side", "line indicates", "dashed line indicates", "layer plain"):
        assert not any(junk in c for c in candidates), f"{junk!r} listed: {candidates}"


def test_the_adam_paper_names_adamax_and_the_glossary_explains_it(corpus: Path, glossary: Glossary) -> None:
    """The paper coins AdaMax ("a variant of Adam ..."); the glossary has it as a concept of its
    own, so it links there, keeps the paper's sentence as evidence and is the paper's own term."""
    from paperpal.pipeline import load_document

    _, document = load_document(str(corpus / "1412.6980"))
    terms = find_terms(document, glossary)
    adamax = next((t for t in terms if t.name == "AdaMax"), None)
    assert adamax is not None, [t.name for t in terms[:20]]
    assert (adamax.match, adamax.concept) == ("name", "adamax")
    assert adamax.evidence == "Finally, we discuss AdaMax, a variant of Adam based on the infinity norm."
    assert adamax.own and adamax.key
    top = terms[0]
    assert (top.concept, top.rank, top.own) == ("adam-optimizer", 1, True), top


def test_relax_names_its_estimators_and_keeps_them_its_own(corpus: Path, glossary: Glossary) -> None:
    from paperpal.pipeline import load_document

    _, document = load_document(str(corpus / "1711.00123"))
    terms = {t.name: t for t in find_terms(document, glossary)}
    lax = terms.get("LAX")
    assert lax is not None and lax.match == "defined" and lax.own, sorted(terms)[:40]
    assert lax.explanation == "This paper's name for a gradient estimator."
    assert lax.evidence and "which we call LAX" in lax.evidence


def test_another_works_method_named_by_its_class_is_explained_as_such(glossary: Glossary) -> None:
    prose = (
        "We compare with the SPARKLE estimator of earlier work [3]. The SPARKLE estimator has high "
        "variance, so we run the SPARKLE estimator with many samples."
    )
    terms = {t.name: t for t in find_terms(_paper(prose), glossary)}
    sparkle = terms.get("SPARKLE")
    assert sparkle is not None and sparkle.match == "defined" and not sparkle.own, sorted(terms)
    assert sparkle.explanation is not None
    assert sparkle.explanation.startswith("An estimator named SPARKLE: this paper refers to it by name")


def test_an_abbreviation_the_glossary_lacks_is_explained_as_a_kind_of_its_tail(glossary: Glossary) -> None:
    prose = (
        "We compare against the tree-structured gated recurrent unit (TGRU) of earlier work. The TGRU "
        "reads a parse tree, and every TGRU shares its gates."
    )
    terms = {t.abbreviation: t for t in find_terms(_paper(prose), glossary)}
    tgru = terms["TGRU"]
    assert (tgru.match, tgru.concept, tgru.kind_of) == ("defined", None, "gated-recurrent-unit"), tgru
    assert tgru.explanation is not None
    assert tgru.explanation.startswith(
        "Short for “tree-structured gated recurrent unit”, an abbreviation this paper introduces."
    )
    assert "It is a kind of gated recurrent unit:" in tgru.explanation
    assert tgru.evidence and tgru.evidence.startswith("We compare against the tree-structured")


def test_an_abbreviation_the_paper_spells_out_means_what_the_paper_says(glossary: Glossary) -> None:
    # The glossary's ML is machine learning; this paper says what its ML is.
    prose = (
        "Investigators often report the MAP parameters instead of the maximum-likelihood (ML) "
        "parameters. The ML parameters maximise the likelihood, and the ML answer ignores the prior."
    )
    terms = find_terms(_paper(prose), glossary)
    ml = [t for t in terms if t.abbreviation == "ML" or t.name == "ML"]
    assert ml and all(t.concept != "machine-learning" for t in ml), ml
    # A paper that spells ML out as machine learning keeps the glossary's link.
    control = (
        "Machine learning (ML) builds programs from examples. ML needs data, and ML models are "
        "trained on examples."
    )
    assert "machine-learning" in _linked(_paper(control), glossary)


def test_a_word_with_senses_needs_its_sense_in_the_paragraph(glossary: Glossary) -> None:
    training = (
        "Because the two networks rely on each other, we propose a bootstrap training procedure: the "
        "networks are pre-trained with ground truth and then trained on each other's output."
    )
    assert "bootstrap" not in _linked(_paper(training), glossary)
    resampling = (
        "We report a bootstrap confidence interval: the bootstrap resamples the test set with "
        "replacement 1000 times."
    )
    assert "bootstrap" in _linked(_paper(resampling), glossary)


def test_a_comparison_is_not_a_term(glossary: Glossary) -> None:
    prose = (
        "The policy keeps an average reward greater than the baseline. An average reward greater than "
        "zero means progress, and the average reward greater than before shows learning."
    )
    names = [t.name.lower() for t in find_terms(_paper(prose), glossary)]
    assert not any(name.endswith("greater") for name in names), names
