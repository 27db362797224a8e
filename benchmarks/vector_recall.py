"""Recall of the vector index's candidate pool on real embeddings.

``paperpal.store.vectors`` keeps, above ``SCAN_ROWS`` rows, the ``POOL_SHARE`` of rows nearest
to the query in Hamming distance between sign bits and ranks those by their int8 vectors. This measures, on real all-MiniLM-L6-v2 vectors, how many of
the exact top 10 each step keeps: the SymLink paragraphs (3,120 paragraphs from five fields,
split into sentences) are the rows; the judged queries and every 40th sentence (left out of the
rows) are the queries. It also tries subtracting a mean vector (the corpus papers' passages',
text the rows do not come from) before taking signs.

The pool is given as a share of the rows: 2,000 rows at 1,000,000 passages is 0.2 %, at
100,000 passages 2 %. With only a few thousand real vectors this is the best stand-in for a
large library we have; the share, not the count, is what is compared.

Run: ``.venv/bin/python benchmarks/vector_recall.py`` (a few minutes the first time: it embeds
about 6,000 texts; cached in the temporary folder). Writes ``benchmarks/results/vector_recall.json``.
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
from pathlib import Path

import numpy as np

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
RESULTS = HERE / "results" / "vector_recall.json"
CACHE = Path(tempfile.gettempdir()) / "paperpal-vector-recall"
SHARES = (0.002, 0.005, 0.01, 0.02, 0.05)


def symlink_sentences(limit: int) -> list[str]:
    import judged_library

    texts: list[str] = []
    for path in sorted((judged_library.SHARED / "datasets" / "symlink" / "train").glob("*.json")):
        for item in json.loads(path.read_text(encoding="utf-8")).values():
            for piece in re.split(r"(?<=[.!?])\s+(?=[A-Z])", item["text"]):
                if 40 <= len(piece) <= 600:
                    texts.append(piece)
    unique = list(dict.fromkeys(texts))
    return unique[:: max(1, len(unique) // limit)][:limit]


def embed(name: str, texts: list[str]) -> np.ndarray:
    from paperpal.embeddings import Embedder

    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"{name}-{len(texts)}.npy"
    if path.exists():
        return np.load(path, allow_pickle=False)
    vectors = Embedder().encode(texts)
    np.save(path, vectors)
    return vectors


def int8_recall(base: np.ndarray, queries: np.ndarray, keep: int) -> float:
    from paperpal.store.vectors import quantise

    raw, raw_scales = quantise(base)
    q8 = np.frombuffer(raw, dtype=np.int8).reshape(base.shape).astype(np.float32)
    scales = np.frombuffer(raw_scales, dtype=np.float32)
    found = 0
    for query in queries:
        exact = set(np.argsort(-(base @ query))[:10].tolist())
        approx = (q8 @ query) * scales
        found += len(exact & set(np.argsort(-approx)[:keep].tolist()))
    return found / (10 * len(queries))


def recall(base: np.ndarray, queries: np.ndarray, centre: np.ndarray, share: float) -> float:
    from paperpal.store.vector_search import _hamming_pool

    codes = np.packbits((base - centre) > 0, axis=1).view(np.uint64)
    columns = np.ascontiguousarray(codes.T)
    pool = max(10, int(round(share * len(base))))
    found = 0
    for query in queries:
        exact = set(np.argsort(-(base @ query))[:10].tolist())
        words = np.packbits(((query - centre) > 0)[None, :], axis=1).view(np.uint64)[0]
        rows = _hamming_pool(columns, words, pool)
        found += len(exact & set(rows.tolist()))
    return found / (10 * len(queries))


def main() -> None:
    import judged_library

    from paperpal.store import open_store
    from paperpal.store.vector_search import POOL_SHARE, SCAN_ROWS

    db = judged_library.build(Path(tempfile.gettempdir()) / "paperpal-judged-library")
    with open_store(db) as store:
        corpus_texts = [row["text"] for row in store._query("SELECT text FROM passages ORDER BY id")]
    corpus = embed("corpus", corpus_texts)
    centre = corpus.mean(axis=0).astype(np.float32)
    sentences = symlink_sentences(4000)
    vectors = embed("symlink", sentences)
    judged = json.loads((HERE / "judged_queries.json").read_text(encoding="utf-8"))["queries"]
    query_vectors = np.concatenate([embed("judged", [q["query"] for q in judged]), vectors[::40]])
    base = np.delete(vectors, np.arange(0, len(vectors), 40), axis=0)
    results: dict[str, object] = {
        "rows": len(base),
        "queries": len(query_vectors),
        "settings": {"scan_rows": SCAN_ROWS, "pool_share": POOL_SHARE},
        "int8_top10_keeps_of_exact_top10": round(int8_recall(base, query_vectors, 10), 3),
        "int8_top20_keeps_of_exact_top10": round(int8_recall(base, query_vectors, 20), 3),
        "sign_bits_pool_keeps_of_exact_top10": [],
    }
    print(results)
    shares = results["sign_bits_pool_keeps_of_exact_top10"]
    assert isinstance(shares, list)
    for share in SHARES:
        plain = recall(base, query_vectors, np.zeros_like(centre), share)
        centred = recall(base, query_vectors, centre, share)
        shares.append({"pool_share": share, "uncentred": round(plain, 3), "centred": round(centred, 3)})
        print(f"pool {share:.1%}: recall@10 uncentred {plain:.3f}, centred {centred:.3f}")
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
