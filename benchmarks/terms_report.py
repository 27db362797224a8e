"""How much of each corpus paper's jargon paperpal links to a glossary concept.

    .venv/bin/python benchmarks/terms_report.py [--no-model] [--show] [--threshold 0.62] [IDS...]

For every paper in ../shared/corpus: read it (LaTeX source first, the PDF otherwise), find its
terms without and with the embedding model, and report how many terms were found, how many were
linked by name/alias/abbreviation, how many candidates the model linked, the share linked, the
default and full reading paths' lengths and the time taken. ``--show`` prints every embedding link with its
similarity (and the best rejected guess), which is how ``linking.DEFAULT_THRESHOLD`` was tuned.
Results go to benchmarks/results/terms.json.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = Path(os.environ.get("PAPERPAL_SHARED", ROOT.parent / "shared")) / "corpus"
RESULTS = ROOT / "benchmarks" / "results"


def _share(linked: int, total: int) -> float:
    return round(linked / total, 3) if total else 0.0


def report_paper(paper_id: str, glossary: Any, embedder: Any, threshold: float, show: bool) -> dict[str, Any]:
    from paperpal.glossary.paper_path import paper_path
    from paperpal.linking import find_terms
    from paperpal.pipeline import load_document

    start = time.perf_counter()
    _, document = load_document(str(CORPUS / paper_id))
    read_seconds = time.perf_counter() - start

    start = time.perf_counter()
    exact = find_terms(document, glossary)
    exact_seconds = time.perf_counter() - start
    row: dict[str, Any] = {
        "paper": paper_id,
        "source": document.source,
        "read_seconds": round(read_seconds, 2),
        "terms": len(exact),
        "linked_exact": sum(1 for t in exact if t.concept),
        "candidates": sum(1 for t in exact if t.match == "candidate"),
        "find_terms_seconds": round(exact_seconds, 3),
    }
    row["share_linked_exact"] = _share(row["linked_exact"], row["terms"])
    row["path_length"] = len(paper_path(exact, glossary))
    row["full_path_length"] = len(paper_path(exact, glossary, full=True))

    if embedder is not None:
        start = time.perf_counter()
        linked = find_terms(document, glossary, embedder=embedder, threshold=threshold)
        row["find_terms_model_seconds"] = round(time.perf_counter() - start, 3)
        row["linked_by_model"] = sum(1 for t in linked if t.match == "embedding")
        row["linked_total"] = sum(1 for t in linked if t.concept)
        row["share_linked"] = _share(row["linked_total"], len(linked))
        if show:
            _show_links(linked, glossary, embedder)
    return row


def _show_links(terms: Any, glossary: Any, embedder: Any) -> None:
    import numpy as np

    from paperpal.linking import concept_vectors

    ids, names, full = concept_vectors(glossary, embedder)
    candidates = [t for t in terms if t.match in ("candidate", "embedding")]
    if not candidates:
        return
    queries = embedder.encode([t.name for t in candidates])
    scores = np.maximum(queries @ names.T, queries @ full.T)
    for term, row in zip(candidates, scores, strict=True):
        best = int(np.argmax(row))
        mark = "LINK" if term.match == "embedding" else "    "
        print(f"    {mark} {float(row[best]):.3f}  {term.name!r:42} -> {ids[best]}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("ids", nargs="*", help="corpus ids (default: all)")
    parser.add_argument("--no-model", action="store_true", help="skip the embedding model")
    parser.add_argument("--show", action="store_true", help="print every candidate's nearest concept")
    parser.add_argument("--threshold", type=float, default=None)
    args = parser.parse_args()

    # The library cache is a scratch folder: the corpus is imported, never the reader's library.
    os.environ["PAPERPAL_HOME"] = tempfile.mkdtemp(prefix="paperpal-terms-")
    from paperpal.glossary import load_glossary
    from paperpal.linking import DEFAULT_THRESHOLD

    threshold = DEFAULT_THRESHOLD if args.threshold is None else args.threshold
    glossary = load_glossary(None)
    embedder = None
    if not args.no_model:
        from paperpal.embeddings import Embedder

        embedder = Embedder()
    ids = args.ids or sorted(p.name for p in CORPUS.iterdir() if p.is_dir())
    rows = []
    for paper_id in ids:
        try:
            row = report_paper(paper_id, glossary, embedder, threshold, args.show)
        except Exception as err:  # noqa: BLE001 - one unreadable paper is a row, not a crash
            row = {"paper": paper_id, "error": f"{type(err).__name__}: {err}"}
        rows.append(row)
        print(json.dumps(row), flush=True)

    done = [r for r in rows if "error" not in r]
    summary: dict[str, Any] = {
        "threshold": threshold,
        "glossary_concepts": len(glossary.concepts),
        "papers": len(rows),
        "papers_with_terms": sum(1 for r in done if r["terms"]),
        "papers_with_path": sum(1 for r in done if r["path_length"]),
        "share_linked_exact": _share(sum(r["linked_exact"] for r in done), sum(r["terms"] for r in done)),
        "max_find_terms_seconds": max((r["find_terms_seconds"] for r in done), default=0.0),
    }
    if embedder is not None and done:
        summary["share_linked"] = _share(sum(r["linked_total"] for r in done), sum(r["terms"] for r in done))
    print(json.dumps(summary, indent=2))
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "terms.json").write_text(json.dumps({"summary": summary, "papers": rows}, indent=2) + "\n")


if __name__ == "__main__":
    main()
