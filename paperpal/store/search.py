"""Search over notes and the indexed text of papers: by words, by meaning, and both merged.

Owns: ranking. Keyword search is SQLite FTS5 with bm25 (keyword.py; notes and passages ranked
together); semantic search is the cosine between the query's embedding and the stored vectors
(vectors.py, vector_search.py); hybrid merges the two rankings by weighted reciprocal rank fusion (RRF), which
needs no calibration between bm25 and cosine. Semantic hits below ``MIN_SIMILARITY`` are
dropped before fusing: they are what the model returns when nothing means the same, and in
hybrid they would push true keyword hits down. The weights and the floor were set on the
judged query set (benchmarks/relevance.py, results/relevance.json).

A passage that repeats another of the same paper (an equation's passage holds the sentences
around it, which are also a paragraph; an abstract repeated in the introduction) is shown once:
the better-ranked one stays and takes the other's ``via``.

Snippets mark matched words with ``MARK_OPEN``/``MARK_CLOSE`` ("[" and "]"), see snippets.py.
The TUI may style the brackets; scripts may strip them.

Must not: build an embedder (callers pass one in) or touch the connection directly.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any, Literal

from paperpal.errors import StoreError
from paperpal.models import SearchHit
from paperpal.store.keyword import KeywordSearch
from paperpal.store.query import parse_query
from paperpal.store.snippets import MARK_CLOSE, MARK_OPEN, mark_words
from paperpal.store.vector_search import VectorSearch

if TYPE_CHECKING:
    from paperpal.embeddings import Embedder

__all__ = ["MARK_CLOSE", "MARK_OPEN", "Search", "SearchMode", "fuse"]

SearchMode = Literal["hybrid", "keyword", "semantic"]

RRF_K = 30  # damps the weight of the very first ranks (60 is the usual constant; 30 measured better)
KEYWORD_WEIGHT = 1.0
SEMANTIC_WEIGHT = 1.25
MIN_SIMILARITY = 0.35  # semantic hits below this cosine are left out of hybrid (set on the judged set)
_POOL = 50  # candidates taken from each ranking before fusing


class Search(KeywordSearch, VectorSearch):
    """``search``: the one entry point the CLI and the reader use."""

    def search(
        self,
        query: str,
        *,
        paper_id: str | None = None,
        mode: SearchMode = "hybrid",
        embedder: Embedder | None = None,
        limit: int = 20,
    ) -> list[SearchHit]:
        """Best hits first. Any text is a valid query; an empty one finds nothing.

        "hybrid" without an embedder is "keyword"; "semantic" without one is an error. An
        embedder whose model cannot be loaded raises its ``PaperpalError`` (the CLI falls back
        to keyword search and says so).
        """
        if mode not in ("hybrid", "keyword", "semantic"):
            raise ValueError(f"unknown search mode {mode!r}")
        if mode == "semantic" and embedder is None:
            raise StoreError("Semantic search needs the embedding model, but none was given.")
        if mode == "hybrid" and embedder is None:
            mode = "keyword"
        limit = max(1, limit)
        parsed = parse_query(query)
        pool = limit if mode == "keyword" else max(limit, _POOL)
        keyword: list[SearchHit] = []
        if mode in ("hybrid", "keyword") and parsed.fts is not None:
            rows = self.keyword_rows(parsed.fts, paper_id=paper_id, limit=pool, words=parsed.words)
            if not rows and parsed.loose:
                # A sentence typed as a question rarely has all its words in one passage; rank
                # passages by how many (and how rare) of them they share instead.
                rows = self.keyword_rows(parsed.loose, paper_id=paper_id, limit=pool, words=parsed.words)
            keyword = [_hit(row, -float(row["rank"]), row["snippet"], "keyword") for row in rows]
        if mode == "keyword":
            return merge_duplicates(keyword)[:limit]
        assert embedder is not None
        semantic = self.semantic_hits(query, parsed.words, embedder, paper_id=paper_id, limit=pool)
        if mode == "semantic":
            return merge_duplicates(semantic)[:limit]
        confident = [hit for hit in semantic if hit.score >= MIN_SIMILARITY]
        return fuse([(keyword, KEYWORD_WEIGHT), (confident, SEMANTIC_WEIGHT)], limit=limit)

    def semantic_hits(
        self,
        query: str,
        words: tuple[str, ...],
        embedder: Embedder,
        *,
        paper_id: str | None,
        limit: int,
    ) -> list[SearchHit]:
        if not query.strip():
            return []
        self.embed_missing(embedder, paper_id=paper_id)
        vector = embedder.encode_one(query)
        neighbours = self.nearest(vector, paper_id=paper_id, limit=limit)
        rows = self.rows_for([(n.kind, n.key, n.paper_id) for n in neighbours])
        hits: list[SearchHit] = []
        for neighbour in neighbours:
            row = rows.get((neighbour.kind, neighbour.key))
            if row is not None:
                hits.append(_hit(row, neighbour.score, mark_words(row["text"], words), "semantic"))
        return hits


def _key(hit: SearchHit) -> tuple[str, str, str]:
    return (hit.kind, hit.note_id or "", hit.paper_id + "\x00" + hit.text)


def _flat(text: str) -> str:
    return " ".join(text.lower().split())


def merge_duplicates(hits: list[SearchHit]) -> list[SearchHit]:
    """``hits`` with each passage that repeats a better-ranked one of the same paper (the same
    text, or one holding the other) merged into it."""
    kept: list[SearchHit] = []
    flats: list[str] = []
    for hit in hits:
        flat = _flat(hit.text)
        twin = None
        if hit.kind == "passage":
            for index, other in enumerate(kept):
                if other.kind == "passage" and other.paper_id == hit.paper_id:
                    if flat == flats[index] or (
                        min(len(flat), len(flats[index])) >= 40
                        and (flat in flats[index] or flats[index] in flat)
                    ):
                        twin = index
                        break
        if twin is None:
            kept.append(hit)
            flats.append(flat)
        else:
            extra = tuple(v for v in hit.via if v not in kept[twin].via)
            if extra:
                kept[twin] = replace(kept[twin], via=kept[twin].via + extra)
            if kept[twin].equation is None and hit.equation is not None:
                # A paragraph and the equation passage that quotes it: keep the place to jump to.
                kept[twin] = replace(kept[twin], equation=hit.equation)
    return kept


def fuse(rankings: list[tuple[list[SearchHit], float]], *, limit: int) -> list[SearchHit]:
    """Weighted reciprocal rank fusion: each ranking adds weight / (RRF_K + rank) to a hit's
    score; duplicates are merged before and after."""
    scores: dict[tuple[str, str, str], float] = {}
    best: dict[tuple[str, str, str], SearchHit] = {}
    via: dict[tuple[str, str, str], list[str]] = {}
    for ranking, weight in rankings:
        for rank, hit in enumerate(merge_duplicates(ranking), start=1):
            key = _key(hit)
            scores[key] = scores.get(key, 0.0) + weight / (RRF_K + rank)
            via.setdefault(key, []).extend(v for v in hit.via if v not in via.get(key, []))
            # Keep the keyword hit's snippet when there is one: it marks the matched words.
            if key not in best:
                best[key] = hit
    ordered = sorted(scores, key=lambda key: -scores[key])
    fused = [replace(best[key], score=scores[key], via=tuple(via[key])) for key in ordered]
    return merge_duplicates(fused)[:limit]


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
