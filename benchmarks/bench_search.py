"""Search latency and indexing throughput at library scale.

Builds, in a temporary database, 10,000 notes and 100,000 passages (500 synthetic papers of 200
paragraphs each, indexed through ``Store.index_document``), then times ``Store.search``:

- keyword: FTS5 bm25 over notes + passages, 300 queries (one to three words of varied
  frequency, phrases, exclusions, prefixes, odd punctuation);
- semantic: the real all-MiniLM-L6-v2 model, loaded and warmed up before timing; the query's
  embedding is included in the semantic latency and also reported on its own. The cached
  passage and note vectors are random unit vectors (latency does not depend on their values),
  written straight into the embedding cache by content hash.

The text is synthetic: words drawn with Zipf-like frequencies from a vocabulary of real ML words
plus generated ones, so common words match tens of thousands of passages, as in a real library.

Run: ``.venv/bin/python benchmarks/bench_search.py`` (about a minute). Writes
``benchmarks/results/search.json``. Targets: keyword p95 < 20 ms, semantic p95 < 50 ms.
"""

from __future__ import annotations

import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from paperpal.embeddings import DIMENSIONS, MODEL_NAME, Embedder
from paperpal.models import Document, Paragraph, Section
from paperpal.store import open_store
from paperpal.store.store import RANK_WINDOW, note_embed_text, text_hash

PAPERS = 500
PARAGRAPHS_PER_PAPER = 200  # 100,000 paragraph passages (+ a few section titles per paper)
NOTES = 10_000
KEYWORD_QUERIES = 300
SEMANTIC_QUERIES = 100
RESULTS = Path(__file__).parent / "results" / "search.json"

ML_WORDS = """gradient descent learning rate momentum adam optimizer loss function softmax attention
head query key value transformer encoder decoder embedding token sequence recurrent gate update
reset lstm gru hidden state cell memory convolution kernel stride padding pooling batch
normalization dropout regularization weight decay variance mean expectation probability
distribution likelihood posterior prior bayesian inference sampling generator discriminator
adversarial divergence entropy matrix vector tensor eigenvalue jacobian hessian derivative chain
rule backpropagation residual layer activation sigmoid tanh relu linear scan parallel
associative operator sum product norm bound theorem proof lemma""".split()


def vocabulary(rng: random.Random) -> tuple[list[str], list[float]]:
    made = ["".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=rng.randint(4, 9))) for _ in range(8000)]
    words = ML_WORDS + made
    weights = [1.0 / (rank + 10) for rank in range(len(words))]  # Zipf-like, softened head
    return words, weights


def sentence(rng: random.Random, words: list[str], weights: list[float], n: int) -> str:
    return " ".join(rng.choices(words, weights, k=n)).capitalize() + "."


class FixedVector:
    """Stands in for the embedder once the query vector is known: times ranking alone."""

    def __init__(self, vector: np.ndarray) -> None:
        self.vector = vector

    def encode_one(self, text: str) -> np.ndarray:
        return self.vector


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def summary(ms: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(percentile(ms, 50), 2),
        "p95_ms": round(percentile(ms, 95), 2),
        "max_ms": round(max(ms), 2),
        "mean_ms": round(statistics.fmean(ms), 2),
    }


def main() -> None:
    rng = random.Random(6)
    words, weights = vocabulary(rng)
    folder = Path(tempfile.mkdtemp(prefix="paperpal-bench-"))
    store = open_store(folder / "notes.db")

    started = time.perf_counter()
    passages = 0
    for paper in range(PAPERS):
        blocks: list[Section | Paragraph] = []
        for i in range(PARAGRAPHS_PER_PAPER):
            if i % 50 == 0:
                blocks.append(Section(f"sec-{i}", str(i // 50 + 1), sentence(rng, words, weights, 3), 1))
            blocks.append(Paragraph(f"p-{i}", sentence(rng, words, weights, rng.randint(20, 60))))
        doc = Document(title=f"Paper {paper}", source="latex", blocks=tuple(blocks))
        passages += store.index_document(f"bench.{paper:05d}", doc.title, doc)
        if paper % 100 == 99:
            print(f"indexed {paper + 1}/{PAPERS} papers ({passages} passages)", file=sys.stderr)
    index_s = time.perf_counter() - started

    notes = [
        {
            "id": f"{n:032x}",
            "paper_id": f"bench.{rng.randrange(PAPERS):05d}",
            "body": sentence(rng, words, weights, rng.randint(5, 40)),
            "tags": ["question"] if n % 10 == 0 else [],
            "updated": "2026-01-01T00:00:00+00:00",
        }
        for n in range(NOTES)
    ]
    started = time.perf_counter()
    store.import_notes({"notes": notes})
    notes_s = time.perf_counter() - started

    # Random unit vectors stand in for real embeddings of every passage and note.
    started = time.perf_counter()
    hashes = [row["content_hash"] for row in store._query("SELECT DISTINCT content_hash FROM passages")]
    hashes += [text_hash(note_embed_text(note)) for note in store.list_notes()]
    vectors = np.random.default_rng(6).standard_normal((len(hashes), DIMENSIONS)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    store.put_vectors(MODEL_NAME, zip(hashes, vectors, strict=True))
    vectors_s = time.perf_counter() - started

    queries: list[str] = []
    for i in range(KEYWORD_QUERIES):
        picked = rng.choices(words, weights, k=rng.randint(1, 3))
        style = i % 6
        if style == 3:
            picked = ['"' + " ".join(picked) + '"']
        elif style == 4:
            picked = [*picked, "-" + rng.choice(ML_WORDS)]
        elif style == 5:
            picked = [picked[0][:4] + "*", '(AND "', *picked[1:]]
        queries.append(" ".join(picked))

    keyword_ms: list[float] = []
    for query in queries:
        t0 = time.perf_counter()
        store.search(query, mode="keyword", limit=20)
        keyword_ms.append((time.perf_counter() - t0) * 1000)

    embedder = Embedder()
    t0 = time.perf_counter()
    embedder.warm_up()
    embedder.encode_one("warm up")
    load_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    store.vector_matrix(MODEL_NAME)  # first call reads every vector into memory
    matrix_s = time.perf_counter() - t0
    store.search("warm up", mode="semantic", embedder=embedder)

    semantic_ms: list[float] = []
    encode_ms: list[float] = []
    ranking_ms: list[float] = []
    hybrid_ms: list[float] = []
    for query in queries[:SEMANTIC_QUERIES]:
        t0 = time.perf_counter()
        vector = embedder.encode_one(query)
        encode_ms.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        store.search(query, mode="semantic", embedder=FixedVector(vector), limit=20)  # type: ignore[arg-type]
        ranking_ms.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        store.search(query, mode="semantic", embedder=embedder, limit=20)
        semantic_ms.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        store.search(query, mode="hybrid", embedder=embedder, limit=20)
        hybrid_ms.append((time.perf_counter() - t0) * 1000)

    store.close()
    db_mb = (folder / "notes.db").stat().st_size / 1e6
    shutil.rmtree(folder, ignore_errors=True)
    results = {
        "library": {"papers": PAPERS, "passages": passages, "notes": NOTES},
        "indexing": {
            "passages_per_s": round(passages / index_s),
            "seconds": round(index_s, 2),
            "notes_import_per_s": round(NOTES / notes_s),
            "vector_cache_write_s": round(vectors_s, 2),
            "db_mb": round(db_mb, 1),
        },
        "keyword": {"queries": len(keyword_ms), **summary(keyword_ms)},
        "semantic": {
            "queries": len(semantic_ms),
            "includes_query_embedding": True,
            **summary(semantic_ms),
            "query_embedding": summary(encode_ms),
            "ranking_only": summary(ranking_ms),
            "matrix_first_load_s": round(matrix_s, 2),
            "model_load_s": round(load_s, 2),
        },
        "hybrid": {"queries": len(hybrid_ms), **summary(hybrid_ms)},
        "notes": "synthetic Zipf-like text; cached vectors are random unit vectors (latency only); "
        "query embeddings use the real model on CPU; "
        f"keyword ranking is bounded to the newest {RANK_WINDOW} matches per table",
        "targets": {"keyword_p95_ms": 20, "semantic_p95_ms": 50},
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
