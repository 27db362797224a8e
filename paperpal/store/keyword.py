"""Search by words: SQLite FTS5 over notes and papers' passages, ranked by bm25.

Owns: the FTS5 queries (raw SQL: ``MATCH``, ``bm25`` and rowid windows are beyond sqlite-utils'
``Table.search``), the rank window that keeps very common words fast, and the rows keyword hits
are made from. Work per document is bounded: a hit's text is read up to ``TEXT_CHARS``
characters and its snippet is cut from a window of that (``snippets.py``); FTS5's own
``snippet()`` is not used, because it weighs every pair of match positions (a 160 KB note with
32,000 matches took 6.7 s, a 100 MB note over 12 minutes).

Must not: parse what the reader typed (query.py does) or rank by meaning.
"""

from __future__ import annotations

from typing import Any

from paperpal.store.database import Database
from paperpal.store.snippets import mark_words

RANK_WINDOW = 1500  # most matches bm25 ranks per table and query (see KeywordSearch.rank_floor)
TEXT_CHARS = 100_000  # characters of a hit's text returned (a note may be huge)


class KeywordSearch(Database):
    """bm25-ranked matches over notes and passages."""

    def rank_floor(self, table: str, fts_query: str) -> int:
        """The rowid above which to rank: 0 (everything) unless the query matches more than
        ``RANK_WINDOW`` rows, then only the most recent ``RANK_WINDOW`` matches are ranked.

        bm25 must score every match before the best can be picked; a word found in half the
        library would cost ~100 ms. Such a query says little about what is wanted, so ranking
        its newest matches (recently indexed papers, recently edited notes) keeps every search
        fast at the cost of some recall for very common words only.
        """
        with self._read() as conn:
            row = conn.execute(
                f"SELECT rowid FROM {table} WHERE {table} MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?",
                (fts_query, RANK_WINDOW),
            ).fetchone()
        return 0 if row is None else int(row[0])

    def keyword_rows(
        self, fts_query: str, *, paper_id: str | None, limit: int, words: tuple[str, ...] = ()
    ) -> list[dict[str, Any]]:
        """FTS5 matches over notes and passages, best (lowest bm25) first, each with a snippet
        marking ``words``."""
        paper_clause = "AND x.paper_id = :paper" if paper_id else ""
        params: dict[str, Any] = {"q": fts_query, "paper": paper_id, "limit": limit, "chars": TEXT_CHARS}
        params.update({"lo": 0, "hi": -1})
        if paper_id:
            # A paper's notes are few: filter first, then rank just those (an ORDER BY the
            # FTS5 index cannot answer, so bm25 runs only on the rows left after the filter).
            order, floor = "bm25(notes_fts, 1.0, 0.7, 0.5, 0.5, 0.0)", 0
        else:
            order, floor = "notes_fts.rank", self.rank_floor("notes_fts", fts_query)
        params["note_floor"] = floor
        notes = self._query(
            f"""SELECT 'note' AS kind, x.id AS note_id, x.paper_id, substr(x.body, 1, :chars) AS text,
                x.anchor_kind, x.anchor, NULL AS section, NULL AS equation, {order} AS rank
            FROM notes_fts JOIN notes x ON x.id = notes_fts.note_id
            WHERE notes_fts MATCH :q AND notes_fts.rowid > :note_floor
                AND x.deleted = 0 {paper_clause}
            ORDER BY {order} LIMIT :limit""",
            params,
        )
        passages: list[dict[str, Any]] = []
        span = None
        if paper_id:
            # A paper's passages are written in one transaction with consecutive ids, which
            # FTS5 can restrict to before ranking.
            span = self._query(
                "SELECT min(id) AS lo, max(id) AS hi FROM passages WHERE paper_id = ?", (paper_id,)
            )[0]
            params.update(lo=span["lo"], hi=span["hi"])
        else:
            params.update(lo=self.rank_floor("passages_fts", fts_query) + 1, hi=2**62)
        if span is None or span["lo"] is not None:
            passages = self._query(
                f"""SELECT 'passage' AS kind, NULL AS note_id, x.paper_id, substr(x.text, 1, :chars) AS text,
                    x.kind AS pkind, x.section, x.equation, passages_fts.rank AS rank
                FROM passages_fts JOIN passages x ON x.id = passages_fts.rowid
                WHERE passages_fts MATCH :q AND passages_fts.rowid BETWEEN :lo AND :hi {paper_clause}
                ORDER BY passages_fts.rank LIMIT :limit""",
                params,
            )
        merged = sorted(notes + passages, key=lambda row: row["rank"])[:limit]
        for row in merged:
            row["snippet"] = mark_words(row["text"], words)
        return merged

    def rows_for(self, keys: list[tuple[str, Any, str]]) -> dict[tuple[str, Any], dict[str, Any]]:
        """Full rows (text up to ``TEXT_CHARS``), keyed by (kind, row id), for vector keys
        ``(kind, id, paper id)`` (semantic hits)."""
        found: dict[tuple[str, Any], dict[str, Any]] = {}
        note_ids = [key for kind, key, _ in keys if kind == "note"]
        passage_ids = [key for kind, key, _ in keys if kind == "passage"]
        if note_ids:
            marks = ",".join("?" * len(note_ids))
            for row in self._query(
                f"""SELECT id AS note_id, paper_id, substr(body, 1, {TEXT_CHARS}) AS text, anchor_kind, anchor
                FROM notes WHERE id IN ({marks})""",
                note_ids,
            ):
                found[("note", row["note_id"])] = row
        if passage_ids:
            marks = ",".join("?" * len(passage_ids))
            for row in self._query(
                f"""SELECT id, paper_id, substr(text, 1, {TEXT_CHARS}) AS text, kind AS pkind, section, equation
                FROM passages WHERE id IN ({marks})""",
                passage_ids,
            ):
                found[("passage", row["id"])] = row
        return found
