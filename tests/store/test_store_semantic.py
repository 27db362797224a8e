"""Search by meaning with the real all-MiniLM-L6-v2 model (loads it once: marked `model`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperpal.embeddings import Embedder
from paperpal.models import Document, Paragraph, Section
from paperpal.store import open_store

PARAGRAPHS = [
    "The learning rate is divided by the running average of squared gradients.",
    "Each image is cropped at random and flipped horizontally before training.",
    "The reset gate lets the unit forget the previously computed state.",
    "Attention weights are obtained with a softmax over the scaled dot products.",
]


@pytest.mark.model
def test_semantic_and_hybrid_find_meaning_not_just_words(tmp_path: Path) -> None:
    embedder = Embedder()
    doc = Document(
        title="Mixed",
        source="latex",
        blocks=(Section("sec-1", "1", "Methods", 1),)
        + tuple(Paragraph(f"p-{i}", text) for i, text in enumerate(PARAGRAPHS)),
    )
    with open_store(tmp_path / "n.db") as store:
        store.index_document("x-1", "Mixed", doc, embedder=embedder)
        note = store.add_note("x-1", "Data augmentation: mirror the pictures left to right.")
        # Apart from stop words, no word of this query occurs in the reset-gate sentence:
        # only meaning can find it.
        query = "how does the recurrent cell discard old memory"
        assert store.search(query, mode="keyword") == []
        semantic = store.search(query, mode="semantic", embedder=embedder)
        assert semantic[0].text == PARAGRAPHS[2], f"semantic best hit was {semantic[0].text!r}"
        assert semantic[0].via == ("semantic",) and 0 < semantic[0].score <= 1
        # Notes get vectors too (embedded on demand, cached by content hash).
        hybrid = store.search("mirroring images", embedder=embedder, limit=3)
        assert {h.note_id for h in hybrid} >= {note.id}, "the augmentation note should be found"
        both = store.search("softmax attention", embedder=embedder)
        assert both[0].text == PARAGRAPHS[3] and set(both[0].via) == {"keyword", "semantic"}
        assert store.search(query, mode="semantic", embedder=embedder, paper_id="other") == []
        cached = store._query("SELECT count(*) AS n FROM embeddings")[0]["n"]
        # The paragraphs and the note (a heading is no passage of its own).
        assert cached == len(PARAGRAPHS) + 1, "every passage and the note should be embedded once"
