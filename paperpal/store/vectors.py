"""Vectors for search by meaning: computed, and stored per paper, contiguously.

Owns: computing the vectors that are missing (``embed_missing``), the ``paper_vectors`` table
(one row per paper and model: a float32 blob of its passages' vectors in passage-id order, the
same as int8 with a scale per row, their sign bits, and short text hashes so that re-indexing
re-embeds only changed passages), and notes' vectors (the ``embeddings`` table, keyed by content
hash: notes are few and change often). Searching them is ``vector_search.py``.

Must not: import numpy or the embedding model at module level (opening the store stays cheap),
or build an embedder (callers pass one in).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from paperpal.embeddings import DIMENSIONS, MODEL_NAME
from paperpal.models import Document
from paperpal.store.notes import embed_text
from paperpal.store.papers import PapersIndex, Progress
from paperpal.store.passages import Passage, text_hash

if TYPE_CHECKING:
    import numpy as np

    from paperpal.embeddings import Embedder

EmbedProgress = Callable[[int, int], None]  # (texts embedded so far, texts to embed)
VectorKey = tuple[str, Any, str]  # (kind, row id, paper id): ("passage", 12, "1412.3555")

CODE_BYTES = DIMENSIONS // 8
_HASH_BYTES = 8
_EMBED_BATCH = 256


def sign_codes(vectors: np.ndarray) -> bytes:
    """Sign bits of ``vectors``, packed 48 bytes a row."""
    import numpy as np

    return np.packbits(np.asarray(vectors) > 0, axis=1).tobytes()


def quantise(vectors: np.ndarray) -> tuple[bytes, bytes]:
    """``vectors`` as int8 (each row scaled so its largest component is 127) and the scales."""
    import numpy as np

    vectors = np.asarray(vectors, dtype=np.float32)
    scales = np.maximum(np.abs(vectors).max(axis=1), 1e-12) / 127.0
    quantised = np.clip(np.rint(vectors / scales[:, None]), -127, 127).astype(np.int8)
    return quantised.tobytes(), scales.astype(np.float32).tobytes()


def short_hash(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()[:_HASH_BYTES]


class VectorIndex(PapersIndex):
    """Vectors of passages (per paper) and notes (per text), and nearest-neighbour search."""

    # -- writing ---------------------------------------------------------------------------

    def index_document(
        self,
        paper_id: str,
        title: str,
        document: Document,
        *,
        embedder: Embedder | None = None,
        progress: Progress | None = None,
    ) -> int:
        """``PapersIndex.index_document``, then the paper's missing vectors when ``embedder``
        is given (also for an unchanged paper)."""
        written = super().index_document(paper_id, title, document, progress=progress)
        if embedder is not None:
            self.embed_missing(embedder, paper_id=paper_id)
        return written

    def embed_missing(
        self,
        embedder: Embedder,
        *,
        progress: EmbedProgress | None = None,
        paper_id: str | None = None,
    ) -> int:
        """Compute and store vectors for every live note and indexed passage lacking one (of
        one paper, with ``paper_id``); returns how many texts were embedded.

        A read-only store computes nothing: search then ranks what already has a vector.
        """
        if self.readonly:
            return 0
        complete: dict[str | None, tuple[int, int]] = self._memo.setdefault("complete", {})
        if self.data_key() in (complete.get(None), complete.get(paper_id)):
            return 0  # nothing changed since the last complete pass: skip the scan
        stale = self._stale_papers(paper_id)
        notes = self._notes_missing(paper_id)
        total = sum(count for _, _, count in stale) + len(notes)
        done = 0
        if progress and total:
            progress(0, total)
        for pid, digest, _ in stale:
            for embedded in self._embed_paper(embedder, pid, digest):
                done += embedded
                if progress:
                    progress(done, total)
        items = list(notes.items())
        for start in range(0, len(items), _EMBED_BATCH):
            batch = items[start : start + _EMBED_BATCH]
            vectors = embedder.encode([text for _, text in batch])
            with self._write():
                self.db.table("embeddings").upsert_all(
                    (
                        {"content_hash": digest, "model": MODEL_NAME, "vector": vectors[i].tobytes()}
                        for i, (digest, _) in enumerate(batch)
                    ),
                    pk=("content_hash", "model"),
                )
            done += len(batch)
            if progress:
                progress(done, total)
        if stale and paper_id is None:
            self._prune_note_cache()
        complete[paper_id] = self.data_key()
        return done

    def _stale_papers(self, paper_id: str | None) -> list[tuple[str, str, int]]:
        """(paper id, content hash, passages) of indexed papers whose vectors are missing or
        older than their text."""
        clause = "AND p.paper_id = ?" if paper_id else ""
        params: list[Any] = [MODEL_NAME] + ([paper_id] if paper_id else [])
        with self._read() as conn:
            rows = conn.execute(
                f"""SELECT p.paper_id, p.content_hash, p.passages FROM papers p
                LEFT JOIN paper_vectors v ON v.paper_id = p.paper_id AND v.model = ?
                WHERE v.content_hash IS NOT p.content_hash {clause} ORDER BY p.paper_id""",
                params,
            ).fetchall()
        return [(str(pid), str(digest), int(count)) for pid, digest, count in rows]

    def _embed_paper(self, embedder: Embedder, paper_id: str, digest: str) -> Iterator[int]:
        """Write ``paper_id``'s vector row, reusing vectors of unchanged passages; yields how
        many texts each embedding batch did."""
        import numpy as np

        with self._read() as conn:
            passages = conn.execute(
                "SELECT id, text, content_hash FROM passages WHERE paper_id = ? ORDER BY id", (paper_id,)
            ).fetchall()
            old = conn.execute(
                "SELECT vectors, hashes FROM paper_vectors WHERE paper_id = ? AND model = ?",
                (paper_id, MODEL_NAME),
            ).fetchone()
        ids = [int(row[0]) for row in passages]
        if ids and ids != list(range(ids[0], ids[0] + len(ids))):
            self._renumber(paper_id)
            yield from self._embed_paper(embedder, paper_id, digest)
            return
        reuse: dict[bytes, Any] = {}
        if old is not None:
            old_vectors = np.frombuffer(old[0], dtype=np.float32).reshape(-1, DIMENSIONS)
            old_hashes = old[1]
            for row in range(len(old_vectors)):
                reuse[old_hashes[row * _HASH_BYTES : (row + 1) * _HASH_BYTES]] = old_vectors[row]
        hashes = [short_hash(text) for _, text, _ in passages]
        matrix = np.zeros((len(passages), DIMENSIONS), dtype=np.float32)
        todo: list[int] = []
        for row, digest8 in enumerate(hashes):
            if digest8 in reuse:
                matrix[row] = reuse[digest8]
            else:
                todo.append(row)
        # Vectors cached before schema 3 (the ``embeddings`` table, by content hash): an upgrade
        # re-embeds nothing it already had.
        for row, vector in self._cached_by_hash([passages[row][2] for row in todo]).items():
            matrix[todo[row]] = vector
        todo = [row for row in todo if not matrix[row].any()]
        for start in range(0, len(todo), _EMBED_BATCH):
            batch = todo[start : start + _EMBED_BATCH]
            matrix[batch] = embedder.encode([passages[row][1] for row in batch])
            yield len(batch)
        self.put_paper_vectors(paper_id, digest, matrix, hashes)

    def put_paper_vectors(
        self, paper_id: str, digest: str, matrix: np.ndarray, hashes: list[bytes] | None = None
    ) -> bool:
        """Store a paper's passage vectors (``matrix``: one row per passage, in passage-id
        order) for its text with content hash ``digest``; False (nothing written) when the
        paper was re-indexed meanwhile. The benchmark writes synthetic vectors with it."""
        import numpy as np

        matrix = np.ascontiguousarray(matrix, dtype=np.float32)
        if hashes is None:
            with self._read() as conn:
                texts = conn.execute("SELECT text FROM passages WHERE paper_id = ? ORDER BY id", (paper_id,))
                hashes = [short_hash(text) for (text,) in texts]
        quantised, scales = quantise(matrix) if len(matrix) else (b"", b"")
        with self._write() as conn:
            current = conn.execute(
                "SELECT content_hash FROM papers WHERE paper_id = ?", (paper_id,)
            ).fetchone()
            first = conn.execute("SELECT min(id) FROM passages WHERE paper_id = ?", (paper_id,)).fetchone()[0]
            if current is None or current[0] != digest or len(hashes) != len(matrix):
                return False  # re-indexed meanwhile by another process: its own pass embeds it
            self.db.table("paper_vectors").upsert(
                {
                    "paper_id": paper_id,
                    "model": MODEL_NAME,
                    "content_hash": digest,
                    "first_id": first or 0,
                    "count": len(matrix),
                    "vectors": matrix.tobytes(),
                    "quantised": quantised,
                    "scales": scales,
                    "codes": sign_codes(matrix) if len(matrix) else b"",
                    "hashes": b"".join(hashes),
                },
                pk=("paper_id", "model"),
            )
        return True

    def _renumber(self, paper_id: str) -> None:
        """Give a paper's passages consecutive ids (written by an older paperpal)."""
        with self._read() as conn:
            title, digest = conn.execute(
                "SELECT title, content_hash FROM papers WHERE paper_id = ?", (paper_id,)
            ).fetchone()
            passages = [
                Passage(kind, text, section, equation)
                for kind, text, section, equation in conn.execute(
                    "SELECT kind, text, section, equation FROM passages WHERE paper_id = ? ORDER BY id",
                    (paper_id,),
                )
            ]
        self.write_passages(paper_id, title, digest, passages)

    def _cached_by_hash(self, hashes: list[str]) -> dict[int, Any]:
        """index in ``hashes`` -> vector, for texts the ``embeddings`` table has."""
        import numpy as np

        found: dict[str, Any] = {}
        with self._read() as conn:
            for start in range(0, len(hashes), 500):
                chunk = hashes[start : start + 500]
                marks = ",".join("?" * len(chunk))
                for digest, blob in conn.execute(
                    f"SELECT content_hash, vector FROM embeddings WHERE model = ? AND content_hash IN ({marks})",
                    [MODEL_NAME, *chunk],
                ):
                    found[digest] = np.frombuffer(blob, dtype=np.float32)
        return {index: found[digest] for index, digest in enumerate(hashes) if digest in found}

    def _notes_missing(self, paper_id: str | None) -> dict[str, str]:
        """content hash -> text, for live notes with no cached vector."""
        missing: dict[str, str] = {}
        for text in self._note_texts(paper_id).values():
            missing.setdefault(text_hash(text), text)
        hashes = list(missing)
        with self._read() as conn:
            for start in range(0, len(hashes), 500):
                chunk = hashes[start : start + 500]
                marks = ",".join("?" * len(chunk))
                for (digest,) in conn.execute(
                    f"SELECT content_hash FROM embeddings WHERE model = ? AND content_hash IN ({marks})",
                    [MODEL_NAME, *chunk],
                ):
                    missing.pop(digest, None)
        return missing

    def _note_texts(self, paper_id: str | None) -> dict[tuple[str, str], str]:
        """(note id, paper id) -> the text embedded for it, for live notes."""
        clause = "AND paper_id = ?" if paper_id else ""
        with self._read() as conn:
            rows = conn.execute(
                f"SELECT id, paper_id, body, quote FROM notes WHERE deleted = 0 {clause} ORDER BY id",
                [paper_id] if paper_id else [],
            ).fetchall()
        return {(nid, pid): embed_text(body, quote) for nid, pid, body, quote in rows}

    def _prune_note_cache(self) -> None:
        """Drop cached vectors no note uses (passages' vectors live in ``paper_vectors``)."""
        with self._read() as conn:
            notes = conn.execute("SELECT body, quote FROM notes").fetchall()
            cached = int(conn.execute("SELECT count(*) FROM embeddings").fetchone()[0])
        used = {text_hash(embed_text(body, quote)) for body, quote in notes}
        if cached <= len(used):
            return
        with self._write() as conn:
            conn.execute("CREATE TEMP TABLE IF NOT EXISTS used_hashes(h TEXT PRIMARY KEY)")
            conn.execute("DELETE FROM used_hashes")
            conn.executemany("INSERT OR IGNORE INTO used_hashes VALUES (?)", [(h,) for h in used])
            conn.execute("DELETE FROM embeddings WHERE content_hash NOT IN (SELECT h FROM used_hashes)")
