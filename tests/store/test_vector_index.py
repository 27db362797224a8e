"""The vector index: per-paper contiguous vectors, reuse on re-indexing, and the library-scale
path (sign-bit pool, int8 scores) agreeing with an exact search.

These tests are about the index's mechanics, not about meaning, so the embedder is a stand-in
that gives each distinct text a fixed random unit vector (the real model is used where meaning
matters: test_store_semantic.py, test_embeddings.py)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from paperpal.embeddings import DIMENSIONS, Embedder
from paperpal.models import Document, Paragraph
from paperpal.store import open_store
from paperpal.store import vector_search as vectors_module


class TextHashEmbedder(Embedder):
    """A fixed random unit vector per text; counts what it was asked to embed."""

    def __init__(self) -> None:
        super().__init__()
        self.embedded: list[str] = []

    @property
    def loaded(self) -> bool:
        return True

    def encode(self, texts: Sequence[str], *, batch_size: int = 64) -> np.ndarray:
        self.embedded.extend(texts)
        rows = []
        for text in texts:
            seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "little")
            vector = np.random.default_rng(seed).standard_normal(DIMENSIONS).astype(np.float32)
            rows.append(vector / np.linalg.norm(vector))
        return np.array(rows, dtype=np.float32).reshape(len(texts), DIMENSIONS)


def paper(texts: list[str]) -> Document:
    return Document(
        title="t", source="latex", blocks=tuple(Paragraph(f"p-{i}", t) for i, t in enumerate(texts))
    )


def texts_of(paper_no: int, count: int) -> list[str]:
    return [f"paper {paper_no} passage {i} about topic {i % 7}" for i in range(count)]


def test_vectors_are_stored_per_paper_and_reused_when_a_paper_changes(tmp_path: Path) -> None:
    embedder = TextHashEmbedder()
    with open_store(tmp_path / "n.db") as store:
        store.index_document("p1", "t", paper(texts_of(1, 30)), embedder=embedder)
        assert len(embedder.embedded) == 30
        changed = texts_of(1, 30)
        changed[5] = "a rewritten passage"
        embedder.embedded.clear()
        store.index_document("p1", "t", paper(changed), embedder=embedder)
        assert embedder.embedded == ["a rewritten passage"], "unchanged passages keep their vectors"
        (row,) = store._query("SELECT first_id, count, length(vectors) AS size FROM paper_vectors")
        ids = [r["id"] for r in store._query("SELECT id FROM passages WHERE paper_id = 'p1' ORDER BY id")]
        assert ids == list(range(row["first_id"], row["first_id"] + 30)), "one paper is one id range"
        assert row["size"] == 30 * DIMENSIONS * 4
        hit = store.search("a rewritten passage", mode="semantic", embedder=embedder, limit=1)[0]
        assert hit.text == "a rewritten passage" and hit.score == pytest.approx(1.0, abs=0.01)


def test_the_library_scale_path_finds_what_an_exact_search_finds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    embedder = TextHashEmbedder()
    with open_store(tmp_path / "n.db") as store:
        all_texts = []
        for number in range(6):
            texts = texts_of(number, 40)
            all_texts += texts
            store.index_document(f"p{number}", "t", paper(texts), embedder=embedder)
        matrix = embedder.encode(all_texts)
        exact_scan = store.search(all_texts[77], mode="semantic", embedder=embedder, limit=5)
        # Force the Hamming pool: a quarter of the 240 rows, then int8 scores.
        monkeypatch.setattr(vectors_module, "SCAN_ROWS", 10)
        monkeypatch.setattr(vectors_module, "POOL_SHARE", 0.25)
        store._memo.clear()
        pooled = store.search(all_texts[77], mode="semantic", embedder=embedder, limit=5)
        assert pooled[0].text == all_texts[77] and pooled[0].score == pytest.approx(1.0, abs=0.01)
        exact = {text: float(matrix[i] @ matrix[77]) for i, text in enumerate(all_texts)}
        assert all(h.score == pytest.approx(exact[h.text], abs=0.01) for h in pooled), (
            "int8 scores are within 0.01 of the cosines"
        )
        truth = np.argsort(-(matrix @ matrix[77]))[:5]
        assert [h.text for h in exact_scan] == [all_texts[i] for i in truth]
        # A pool holding every row is the exact search.
        monkeypatch.setattr(vectors_module, "POOL_SHARE", 1.0)
        store._memo.clear()
        whole = store.search(all_texts[77], mode="semantic", embedder=embedder, limit=5)
        assert [h.text for h in whole] == [h.text for h in exact_scan]
        # One paper: its rows only, every one scored.
        mine = store.search(all_texts[77], mode="semantic", embedder=embedder, paper_id="p3", limit=50)
        assert {h.paper_id for h in mine} == {"p3"} and len(mine) == 40


def test_a_stale_vector_row_is_not_used_until_it_is_rebuilt(tmp_path: Path) -> None:
    embedder = TextHashEmbedder()
    with open_store(tmp_path / "n.db") as store:
        store.index_document("p1", "t", paper(["first text"]), embedder=embedder)
        store.index_document("p1", "t", paper(["second text"]))  # no embedder: vectors now stale
        assert store.load_vectors().rows == 0, "vectors of replaced passages must not be searched"
        hits = store.search("second text", mode="semantic", embedder=embedder)
        assert [h.text for h in hits] == ["second text"], "searching computes what is missing"


def test_search_arrays_are_mapped_from_the_cache_folder_and_rebuilt_when_damaged_or_stale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAPERPAL_CACHE", str(tmp_path / "cache"))
    embedder = TextHashEmbedder()
    db = tmp_path / "n.db"
    with open_store(db) as store:
        store.index_document("p1", "t", paper(texts_of(1, 20)), embedder=embedder)
        assert store.load_vectors().rows == 20
    (folder,) = (tmp_path / "cache" / "search").iterdir()
    assert sorted(p.name for p in folder.iterdir()) == [
        "codes.npy", "counts.npy", "database.txt", "first_ids.npy", "papers.json", "quantised.npy", "rowids.npy",
        "scales.npy",
    ]  # fmt: skip
    with open_store(db) as store:
        loaded = store.load_vectors()
        assert isinstance(loaded.quantised, np.memmap), (
            "a second process maps the arrays, it does not re-read them"
        )
    (folder / "quantised.npy").write_bytes(b"damaged")
    with open_store(db) as store:
        hit = store.search(texts_of(1, 20)[3], mode="semantic", embedder=embedder, limit=1)[0]
        assert hit.text == texts_of(1, 20)[3], "a damaged cache is rebuilt from the database"
    # A pickled array dropped in its place is not loaded (it could run code): rebuilt too.
    np.save(folder / "scales.npy", np.array([{"x": 1}], dtype=object), allow_pickle=True)
    with open_store(db) as store:
        assert store.load_vectors().rows == 20
        store.index_document("p2", "t", paper(texts_of(2, 5)), embedder=embedder)
        assert store.load_vectors().rows == 25, "a new paper gives new arrays"
    assert len(list((tmp_path / "cache" / "search").iterdir())) == 1, (
        "older arrays of the database are removed"
    )
