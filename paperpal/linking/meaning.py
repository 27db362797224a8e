"""Linking candidate terms to glossary concepts by meaning, with the embedding model.

This module owns comparing a candidate phrase the glossary does not name with every concept's
name and summary, and linking it to the nearest one when the cosine similarity reaches a
threshold. Every link made this way carries its similarity as ``confidence``, and a concept
whose glossary entry lists ``cues`` must also find one in the paper (``senses``), as links by
name must.

The threshold is calibrated on judged links from the corpus papers
(``benchmarks/data/meaning_links_judged.json``, ``benchmarks/bench_terms.py --calibrate``): the
lowest similarity at which the judged links above it are at least 90% right, or, when no
similarity gets there, just above the most similar link judged wrong. On the corpus no
similarity gets there: of 78 judged nearest concepts only 18 were right, and the most similar
(0.949, "layer inputs" -> input layer) was wrong; generic phrases sit close to generic
concepts ("model architecture" -> model). So a phrase links by meaning only when it is all but
the concept's own wording; the paper's own definitions (``defined``) explain the rest.

It must not import the embedding model at module level: the ``Embedder`` loads it lazily.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from paperpal.glossary.model import Glossary
from paperpal.linking.forms import FOUNDATION_DOMAIN
from paperpal.models import Concept, TermInfo

if TYPE_CHECKING:
    import numpy as np

    from paperpal.embeddings import Embedder

#: Cosine similarity a candidate needs to be linked to a concept (calibrated: see above;
#: benchmarks/results/terms_bench.json "meaning_links").
DEFAULT_THRESHOLD = 0.95


def link_by_meaning(
    candidates: list[TermInfo],
    glossary: Glossary,
    embedder: Embedder,
    threshold: float,
    *,
    plausible: Callable[[TermInfo, str], bool] = lambda term, concept_id: True,
) -> list[TermInfo]:
    """Each candidate linked to its nearest concept when similar enough (and ``plausible``)."""
    import numpy as np

    ids, names, full = concept_vectors(glossary, embedder)
    if not ids or not candidates:
        return candidates
    queries = embedder.encode([term.name for term in candidates])
    # A phrase is compared with each concept's name and with its name plus summary; the better
    # of the two counts, since short phrases match names and descriptive ones match summaries.
    scores = np.maximum(queries @ names.T, queries @ full.T)
    linked = []
    for term, row in zip(candidates, scores, strict=True):
        best = int(np.argmax(row))
        similarity = float(row[best])
        if similarity >= threshold and plausible(term, ids[best]):
            concept = glossary.concepts[ids[best]]
            term = replace(
                term,
                concept=concept.id,
                explanation=concept.summary,
                match="embedding",
                confidence=round(similarity, 3),
            )
        linked.append(term)
    return linked


def nearest_concepts(phrases: list[str], glossary: Glossary, embedder: Embedder) -> list[tuple[str, float]]:
    """(concept id, similarity) of the nearest concept to each phrase (for calibration)."""
    import numpy as np

    ids, names, full = concept_vectors(glossary, embedder)
    if not phrases or not ids:
        return []
    queries = embedder.encode(phrases)
    scores = np.maximum(queries @ names.T, queries @ full.T)
    found = []
    for row in scores:
        best = int(np.argmax(row))
        found.append((ids[best], round(float(row[best]), 3)))
    return found


def _concept_texts(concepts: Iterable[Concept]) -> tuple[list[str], list[str], list[str]]:
    ids, names, full = [], [], []
    for concept in concepts:
        if concept.domain == FOUNDATION_DOMAIN:
            continue
        ids.append(concept.id)
        names.append(concept.name)
        full.append(f"{concept.name}: {concept.summary}")
    return ids, names, full


def concept_vectors(glossary: Glossary, embedder: Embedder) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Concept ids with their name and name+summary embeddings (cached in the cache folder by
    content: ``embeddings.cached_vectors``)."""
    from paperpal.embeddings import cached_vectors

    ids, names, full = _concept_texts(glossary.concepts.values())
    name_vectors = cached_vectors("concept-names", names, embedder)
    full_vectors = cached_vectors("concept-summaries", full, embedder)
    return ids, name_vectors, full_vectors
