"""The shipped glossary's names, aliases and abbreviations: each points at one concept, and the
forms that were once fitted to one paper now say what they mean everywhere."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from paperpal.glossary import load_glossary
from paperpal.linking import find_terms, singular

_TOKEN = re.compile(r"[A-Za-z0-9]+(?:[.'][A-Za-z0-9]+)*|[^\sA-Za-z0-9]")


def _key(form: str, *, exact: bool) -> tuple[str, ...]:
    # The way the linker compares forms: abbreviations as written, everything else folded to
    # lower-case singulars, hyphens and spaces alike.
    words = [t for t in _TOKEN.findall(form) if t[0].isalnum()]
    return tuple(words) if exact else tuple(singular(w) for w in words)


def _is_abbreviation(form: str) -> bool:
    return " " not in form and (sum(ch.isupper() for ch in form) >= 2 or len(form) <= 3)


def test_no_two_concepts_claim_the_same_form() -> None:
    glossary = load_glossary(None)
    owners: dict[tuple[bool, tuple[str, ...]], set[str]] = defaultdict(set)
    for concept in glossary.concepts.values():
        forms = [(f, _is_abbreviation(f)) for f in (concept.name, *concept.aliases)]
        forms += [(f, True) for f in concept.abbreviations]
        for form, exact in forms:
            owners[(exact, _key(form, exact=exact))].add(concept.id)
    shared = {" ".join(key): sorted(ids) for (_, key), ids in owners.items() if len(ids) > 1}
    assert not shared, f"forms claimed by more than one concept (the linker keeps the first): {shared}"


def test_the_gru_paper_raw_audio_task_is_not_speech_recognition(corpus: Path) -> None:
    from paperpal.pipeline import load_document

    glossary = load_glossary(None)
    _, document = load_document(str(corpus / "1412.3555"))
    linked = {t.name.lower(): t.concept for t in find_terms(document, glossary) if t.concept}
    assert linked.get("speech signal modeling") == "raw-audio-modeling", linked
    assert "speech-recognition" not in linked.values(), "the paper models raw audio; it transcribes nothing"
    assert linked.get("binary vector") == "binary-vector", "a 0/1 vector, not the set {0, 1}"


def test_everyday_words_are_not_aliases_of_technical_concepts() -> None:
    # Each of these once linked plain prose ("subject to strong constraints", "contained in this
    # class", "hierarchical models" of deep learning, "negative samples") to a specific concept.
    glossary = load_glossary(None)
    for form in (
        "subject to",
        "contained in",
        "member of",
        "mask",
        "masks",
        "multimodal",
        "adversary",
        "conjugate",
        "bootstrapping",
        "fractions",
        "equivalence",
        "hierarchical models",
        "negative samples",
        "transition function",
        "speech modeling",
        "localization",
    ):
        assert glossary.concept_named(form) is None, f"{form!r} is plain English here, not a concept name"


def test_eponyms_written_with_an_en_dash_link_like_hyphenated_ones() -> None:
    from paperpal.models import Document, Paragraph

    text = "We minimise the Jensen–Shannon divergence, then the Kullback–Leibler divergence – twice."
    document = Document(title="t", source="latex", blocks=(Paragraph(id="p-0", text=text),))
    linked = {t.concept for t in find_terms(document, load_glossary(None)) if t.concept}
    assert {"js-divergence", "kl-divergence"} <= linked, linked
