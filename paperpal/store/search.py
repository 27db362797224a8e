"""Search over notes and the indexed text of papers: by words, by meaning, and both merged.

Owns: ranking. Keyword search is SQLite FTS5 with bm25 (notes and passages ranked together);
semantic search is the cosine between the query's embedding and every cached vector (a matrix
the ``Store`` keeps in memory); hybrid merges the two rankings by reciprocal rank fusion (RRF),
which needs no score calibration between bm25 and cosine.

Snippets mark matched words with ``MARK_OPEN``/``MARK_CLOSE`` ("[" and "]"): FTS5 marks the
tokens it matched; semantic-only hits get the query's words marked where they occur. The TUI
may style the brackets; scripts may strip them.

Must not: import sqlite_utils (store.py owns the connection) or build an embedder.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from paperpal.models import SearchHit
from paperpal.store.query import STOP_WORDS, parse_query

if TYPE_CHECKING:
    from paperpal.embeddings import Embedder
    from paperpal.store.store import SearchMode, Store

MARK_OPEN = "["
MARK_CLOSE = "]"
RRF_K = 60  # the usual constant: damps the weight of the very first ranks
# Weak hits by meaning are dropped: a hit must score at least SEMANTIC_RATIO of the best one,
# and in a hybrid search that found something by words, at least SEMANTIC_FLOOR too (cosine).
# Calibrated by benchmarks/calibrate_semantic_floor.py on the hand-annotated definitions of
# ../shared/datasets/meanings (results/semantic_floor.json): the pair keeps 95% of the answers a
# top 20 shows and cuts the unrelated passages in it from 9.4 to 3.5 per question.
SEMANTIC_FLOOR = 0.40
SEMANTIC_RATIO = 0.70
_SNIPPET_CHARS = 220
_POOL = 50  # candidates taken from each ranking before fusing


def search(
    store: Store,
    query: str,
    *,
    paper_id: str | None = None,
    mode: SearchMode = "hybrid",
    embedder: Embedder | None = None,
    limit: int = 20,
) -> list[SearchHit]:
    """Best hits first. Any text is a valid query; an empty one finds nothing.

    "hybrid" without an embedder is "keyword"; "semantic" without one is an error.
    """
    if mode not in ("hybrid", "keyword", "semantic"):
        raise ValueError(f"unknown search mode {mode!r}")
    if mode == "semantic" and embedder is None:
        from paperpal.errors import StoreError

        raise StoreError("Semantic search needs the embedding model, but none was given.")
    if mode == "hybrid" and embedder is None:
        mode = "keyword"
    limit = max(1, limit)
    parsed = parse_query(query)
    pool = limit if mode == "keyword" else max(limit, _POOL)
    keyword: list[SearchHit] = []
    if mode in ("hybrid", "keyword") and parsed.fts is not None:
        rows = store.keyword_rows(parsed.fts, paper_id=paper_id, limit=pool)
        if not rows and parsed.loose:
            # A sentence typed as a question rarely has all its words in one passage; rank
            # passages by how many (and how rare) of them they share instead.
            rows = store.keyword_rows(parsed.loose, paper_id=paper_id, limit=pool)
        keyword = [_hit(row, -float(row["rank"]), row["snippet"], "keyword") for row in rows]
    if mode == "keyword":
        return _unique(keyword)[:limit]
    assert embedder is not None
    semantic = semantic_hits(store, query, parsed.words, embedder, paper_id=paper_id, limit=pool)
    semantic = strong(semantic, floor=SEMANTIC_FLOOR if mode == "hybrid" and keyword else None)
    if mode == "semantic":
        return _unique(semantic)[:limit]
    return fuse([keyword, semantic], limit=limit)


def semantic_hits(
    store: Store,
    query: str,
    words: tuple[str, ...],
    embedder: Embedder,
    *,
    paper_id: str | None,
    limit: int,
) -> list[SearchHit]:
    import numpy as np

    from paperpal.embeddings import MODEL_NAME

    if not query.strip():
        return []
    store.embed_missing(embedder, paper_id=paper_id)
    keys, matrix = store.vector_matrix(MODEL_NAME)
    if not keys:
        return []
    vector = embedder.encode_one(query)
    scores = matrix @ vector
    if paper_id is not None:
        # Score everything, then rule out other papers: one pass, no second query.
        scores = np.where(store.paper_rows(MODEL_NAME, paper_id), scores, -np.inf)
    order = [int(i) for i in top_rows(scores, limit) if np.isfinite(scores[i])]
    rows = store.rows_for([keys[i] for i in order])
    hits: list[SearchHit] = []
    for index in order:
        row = rows.get(keys[index][:2])
        if row is not None:
            hits.append(_hit(row, float(scores[index]), mark_words(row["text"], words), "semantic"))
    return hits


def strong(hits: list[SearchHit], *, floor: float | None) -> list[SearchHit]:
    """The hits by meaning worth showing: near the best one, and above ``floor`` when given."""
    if not hits:
        return hits
    best = max(hit.score for hit in hits)
    return [h for h in hits if h.score >= SEMANTIC_RATIO * best and (floor is None or h.score >= floor)]


def top_rows(scores: Any, count: int) -> Any:
    """Indices of the ``count`` highest scores, best first."""
    import numpy as np

    count = min(count, len(scores))
    if count <= 0:
        return np.zeros(0, dtype=np.int64)
    best = np.argpartition(-scores, count - 1)[:count]
    return best[np.argsort(-scores[best])]


def _key(hit: SearchHit) -> tuple[str, str, str]:
    # A paper may repeat a paragraph word for word (abstract and introduction): show it once.
    return (hit.kind, hit.note_id or "", hit.paper_id + "\x00" + _plain(hit.text))


def _plain(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _unique(hits: list[SearchHit]) -> list[SearchHit]:
    """Hits in order, each passage once: the same words again (whitespace, case, punctuation
    aside), or a passage inside another hit of the same paper (a paragraph and the equation
    passage that quotes it), merge into the better-ranked one, which keeps an equation number
    either had."""
    from dataclasses import replace

    seen: set[tuple[str, str, str]] = set()
    kept: list[SearchHit] = []
    for hit in hits:
        if _key(hit) in seen:
            continue
        plain = _plain(hit.text)
        twin = next(
            (
                i
                for i, other in enumerate(kept)
                if other.kind == hit.kind == "passage"
                and other.paper_id == hit.paper_id
                and len(plain) > 40
                and (plain in _plain(other.text) or _plain(other.text) in plain)
            ),
            None,
        )
        if twin is not None:
            if kept[twin].equation is None and hit.equation is not None:
                kept[twin] = replace(kept[twin], equation=hit.equation)
            continue
        seen.add(_key(hit))
        kept.append(hit)
    return kept


def fuse(rankings: list[list[SearchHit]], *, limit: int) -> list[SearchHit]:
    """Reciprocal rank fusion: each ranking adds 1 / (RRF_K + rank) to a hit's score."""
    from dataclasses import replace

    scores: dict[tuple[str, str, str], float] = {}
    best: dict[tuple[str, str, str], SearchHit] = {}
    via: dict[tuple[str, str, str], list[str]] = {}
    for ranking in rankings:
        for rank, hit in enumerate(_unique(ranking), start=1):
            key = _key(hit)
            scores[key] = scores.get(key, 0.0) + 1.0 / (RRF_K + rank)
            via.setdefault(key, []).extend(v for v in hit.via if v not in via.get(key, []))
            # Keep the keyword hit's snippet when there is one: FTS5 marks exact tokens.
            if key not in best:
                best[key] = hit
    ordered = sorted(scores, key=lambda key: -scores[key])
    fused = [replace(best[key], score=scores[key], via=tuple(via[key])) for key in ordered]
    return _unique(fused)[:limit]


def _hit(row: dict[str, Any], score: float, snippet: str, via: str) -> SearchHit:
    is_note = row.get("note_id") is not None
    equation = row.get("equation")
    section = row.get("section")
    if is_note and row.get("anchor_kind") == "equation":
        equation = row.get("anchor")
    elif is_note and row.get("anchor_kind") == "section":
        section = row.get("anchor")
    return SearchHit(
        kind="note" if is_note else "passage",
        paper_id=row["paper_id"],
        text=row["text"],
        snippet=snippet,
        score=score,
        note_id=row.get("note_id"),
        section=section,
        equation=equation,
        via=(via,),
    )


def mark_words(text: str, words: tuple[str, ...]) -> str:
    """A window of ``text`` around the first query word, each query word [marked]."""
    flat = " ".join(text.split())
    words = tuple(w for w in words if w not in STOP_WORDS)
    if not words:
        return _clip(flat, 0)
    pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\w*", re.IGNORECASE)
    first = pattern.search(flat)
    start = max(0, first.start() - 60) if first else 0
    window = _clip(flat, start)
    return pattern.sub(lambda m: f"{MARK_OPEN}{m.group(0)}{MARK_CLOSE}", window)


def _clip(text: str, start: int) -> str:
    end = start + _SNIPPET_CHARS
    piece = text[start:end]
    return ("…" if start > 0 else "") + piece + ("…" if end < len(text) else "")
