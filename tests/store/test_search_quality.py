"""What search returns is worth reading (issue 18, item 9): passages, not bare headings; each
passage once; no weak hits by meaning after good ones by words."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperpal.models import Document, Equation, Paragraph, Section
from paperpal.store import open_store

GRU = Document(
    title="GRU",
    source="latex",
    blocks=(
        Section("sec-3", "3", "Gated Recurrent Unit", 1),
        Paragraph(
            "p-1",
            "The activation of the unit is a linear interpolation between the previous activation and the candidate.",
        ),
        Equation(
            "eq-5",
            r"h_t = (1 - z_t) h_{t-1} + z_t \tilde{h}_t",
            number="5",
            context_before="The activation of the unit is a linear interpolation between the previous activation and the candidate.",
            context_after="where the update gate decides how much the unit updates.",
        ),
        Section("sec-9", None, "References", 1),
        Paragraph("p-2", "[1] Cho et al. Learning phrase representations using RNN encoder-decoder."),
        Section("sec-10", None, "Acknowledgments", 1),
    ),
)


def test_a_heading_alone_is_not_a_result(tmp_path: Path) -> None:
    with open_store(tmp_path / "n.db") as store:
        store.index_document("1412.3555", "GRU", GRU)
        for query in ("references", "acknowledgments", "gated recurrent unit"):
            for hit in store.search(query, mode="keyword"):
                assert hit.text not in ("References", "Acknowledgments", "3 Gated Recurrent Unit"), hit
        # The heading still finds the passages under it.
        hits = store.search("gated recurrent unit", mode="keyword")
        assert hits and all(h.section == "3 Gated Recurrent Unit" for h in hits)


def test_a_passage_and_the_equation_that_quotes_it_are_one_result(tmp_path: Path) -> None:
    with open_store(tmp_path / "n.db") as store:
        store.index_document("1412.3555", "GRU", GRU)
        hits = store.search("linear interpolation", mode="keyword")
        assert len(hits) == 1, [h.text for h in hits]
        assert hits[0].equation == "5", "the merged result keeps the equation to jump to"


@pytest.mark.model
def test_weak_hits_by_meaning_do_not_follow_good_ones_by_words(tmp_path: Path) -> None:
    from paperpal.embeddings import ProcessEmbedder

    # The model in a child process, as the reader runs it: this test process stays small (the
    # hostile suite measures its own children's memory, which a fork starts from ours).
    embedder = ProcessEmbedder()
    try:
        _check_weak_hits(tmp_path, embedder)
    finally:
        embedder.close()


def _check_weak_hits(tmp_path: Path, embedder: object) -> None:
    from paperpal.store.search import MIN_SIMILARITY

    with open_store(tmp_path / "n.db") as store:
        store.index_document("1412.3555", "GRU", GRU, embedder=embedder)
        store.add_note(
            "1412.3555", "The update gate mixes old and new state.", anchor_kind="equation", anchor="5"
        )
        hits = store.search("gate", embedder=embedder)
        assert hits, "a word the paper uses finds something"
        query = embedder.encode_one("gate")
        for hit in hits:
            if hit.via == ("semantic",):  # found by meaning alone, after good hits by words
                score = float(query @ embedder.encode_one(hit.text))
                assert score >= MIN_SIMILARITY - 1e-3, (
                    f"a weak hit by meaning was kept: {score:.2f} {hit.text!r}"
                )
        # The reference list has nothing to do with gates: not a result, by words or by meaning.
        assert not any(h.text.startswith("[1] Cho") for h in hits)
