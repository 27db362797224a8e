"""Candidates linked to the nearest concept by meaning, with the real all-MiniLM-L6-v2 model."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from paperpal.glossary import load_glossary
from paperpal.linking import DEFAULT_THRESHOLD, find_terms
from paperpal.models import Document, Paragraph

TEXTS = [
    "Each gated recurrent cell keeps a state. The gated recurrent cell is cheap to run, and a "
    "gated recurrent cell replaces the plain tanh unit.",
    "We align audio with spectral frame alignment. Spectral frame alignment is fast, and "
    "spectral frame alignment needs no labels.",
]


@pytest.mark.model
def test_candidates_link_by_meaning_only_above_the_threshold(
    make_glossary: Callable[..., Path], home: Path
) -> None:
    from paperpal.embeddings import Embedder

    glossary = load_glossary(None, root=make_glossary())
    document = Document(
        title="A paper",
        source="latex",
        blocks=tuple(Paragraph(id=f"p-{i}", text=t) for i, t in enumerate(TEXTS)),
    )
    embedder = Embedder()
    # The mechanism at a low threshold (the calibrated default is far stricter: see below).
    terms = {t.name: t for t in find_terms(document, glossary, embedder=embedder, threshold=0.6)}

    cell = terms.get("gated recurrent cell")
    assert cell is not None, f"the repeated phrase should be a term: {sorted(terms)}"
    assert (cell.concept, cell.match) == ("gated-recurrent-unit", "embedding"), cell
    assert cell.confidence is not None and 0.6 <= cell.confidence <= 1.0, cell
    strict = {t.name: t for t in find_terms(document, glossary, embedder=embedder)}
    if cell.confidence < DEFAULT_THRESHOLD:
        assert strict["gated recurrent cell"].concept is None, "below the calibrated threshold: not linked"

    unrelated = terms.get("spectral frame alignment")
    assert unrelated is not None, sorted(terms)
    assert unrelated.concept is None and unrelated.match == "candidate", (
        f"nothing in the glossary means 'spectral frame alignment', yet it was linked: {unrelated}"
    )
    from paperpal.paths import cache_dir

    assert list((cache_dir() / "vectors").glob("concept-names-*.npy")), "concept vectors should be cached"
    outside = [p for p in home.rglob("concept-*") if cache_dir() not in p.parents]
    assert not outside, "vector caches live in the cache folder, not among the reader's data"
    # A second run reads the cached vectors and links the same way.
    again = {t.name: t for t in find_terms(document, glossary, embedder=embedder, threshold=0.6)}
    assert again["gated recurrent cell"].concept == "gated-recurrent-unit"


def test_the_default_threshold_is_the_calibrated_one() -> None:
    import json

    results = Path(__file__).resolve().parents[2] / "benchmarks" / "results" / "terms_bench.json"
    calibration = json.loads(results.read_text())["meaning_links"]
    assert calibration["judged_links"] >= 50, "calibrated on too few judged links"
    assert DEFAULT_THRESHOLD == calibration["threshold"], (
        f"linking.meaning.DEFAULT_THRESHOLD is {DEFAULT_THRESHOLD}, the calibration says "
        f"{calibration['threshold']}: run benchmarks/bench_terms.py --calibrate and update it"
    )
