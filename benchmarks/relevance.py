"""Relevance of search: recall@10 and MRR of keyword, semantic and hybrid search on a judged
query set.

The library is the 15 corpus papers and 12 reader notes (``judged_library.py``); the queries,
written the way readers ask, and the passages and notes that answer each (judged by reading
them) are in ``judged_queries.json``. An answer is found when a hit in the top 10 holds its
text (a passage of its paper, or a note); recall@10 is the share of a query's answers found,
averaged over queries; MRR is the mean of 1 / rank of the first hit that answers the query.

Run: ``.venv/bin/python benchmarks/relevance.py [--sweep]`` (about a minute with the model;
``--sweep`` also tries fusion weights and semantic floors). Writes
``benchmarks/results/relevance.json``.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
RESULTS = HERE / "results" / "relevance.json"
LIBRARY = Path(tempfile.gettempdir()) / "paperpal-judged-library"


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def answers_found(hit: Any, relevant: list[dict[str, str]]) -> set[int]:
    text = _norm(hit.text)
    found = set()
    for index, answer in enumerate(relevant):
        if "note" in answer:
            if hit.kind == "note" and _norm(answer["note"]) in text:
                found.add(index)
        elif hit.kind == "passage" and hit.paper_id == answer["paper"] and _norm(answer["text"]) in text:
            found.add(index)
    return found


def score(store: Any, queries: list[dict[str, Any]], mode: str, embedder: Any) -> dict[str, Any]:
    recalls, reciprocal, misses = [], [], []
    for item in queries:
        hits = store.search(item["query"], mode=mode, embedder=embedder, limit=10)
        found: set[int] = set()
        first = 0
        for rank, hit in enumerate(hits, start=1):
            matched = answers_found(hit, item["relevant"])
            if matched and not first:
                first = rank
            found |= matched
        recalls.append(len(found) / len(item["relevant"]))
        reciprocal.append(1.0 / first if first else 0.0)
        if not first:
            misses.append(item["query"])
    count = len(queries)
    return {
        "recall@10": round(sum(recalls) / count, 3),
        "mrr": round(sum(reciprocal) / count, 3),
        "queries_with_no_answer_in_top_10": misses,
    }


def check_judgements(store: Any, queries: list[dict[str, Any]]) -> None:
    """Every judged text must exist in the library (a typo would silently lower recall)."""
    passages = store._query("SELECT paper_id, text FROM passages")
    notes = [_norm(n.body) for n in store.list_notes()]
    for item in queries:
        for answer in item["relevant"]:
            if "note" in answer:
                ok = any(_norm(answer["note"]) in body for body in notes)
            else:
                ok = any(
                    row["paper_id"] == answer["paper"] and _norm(answer["text"]) in _norm(row["text"])
                    for row in passages
                )
            if not ok:
                raise SystemExit(f"judged text not in the library: {item['query']!r}: {answer}")


def main() -> None:
    import judged_library

    from paperpal.embeddings import Embedder
    from paperpal.store import open_store
    from paperpal.store import search as search_module

    queries = json.loads((HERE / "judged_queries.json").read_text(encoding="utf-8"))["queries"]
    db = judged_library.build(LIBRARY)
    embedder = Embedder()
    results: dict[str, Any] = {"queries": len(queries), "answers": sum(len(q["relevant"]) for q in queries)}
    with open_store(db) as store:
        check_judgements(store, queries)
        store.embed_missing(embedder)
        for mode in ("keyword", "semantic", "hybrid"):
            results[mode] = score(store, queries, mode, embedder)
            print(f"{mode:9} recall@10 {results[mode]['recall@10']:.3f}  MRR {results[mode]['mrr']:.3f}")
        results["fusion"] = {
            "rrf_k": search_module.RRF_K,
            "keyword_weight": search_module.KEYWORD_WEIGHT,
            "semantic_weight": search_module.SEMANTIC_WEIGHT,
            "min_similarity": search_module.MIN_SIMILARITY,
        }
        if "--sweep" in sys.argv:
            sweep = []
            for k in (10, 30, 60):
                for weight in (0.6, 0.8, 1.0, 1.25, 1.5):
                    for floor in (0.0, 0.2, 0.25, 0.3, 0.35):
                        search_module.RRF_K, search_module.SEMANTIC_WEIGHT = k, weight
                        search_module.MIN_SIMILARITY = floor
                        got = score(store, queries, "hybrid", embedder)
                        sweep.append(
                            {
                                "rrf_k": k,
                                "semantic_weight": weight,
                                "min_similarity": floor,
                                "recall@10": got["recall@10"],
                                "mrr": got["mrr"],
                            }
                        )
                        print(k, weight, floor, got["recall@10"], got["mrr"])
            results["sweep"] = sorted(sweep, key=lambda r: -(r["recall@10"] + r["mrr"]))
    if "sweep" not in results and RESULTS.exists():
        # A run without --sweep keeps the last sweep (and what the settings replaced).
        previous = json.loads(RESULTS.read_text(encoding="utf-8"))
        for key in ("sweep", "before_tuning", "note"):
            if key in previous:
                results[key] = previous[key]
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
