"""Vectors for search by meaning: stored per paper, contiguously, and searched at library scale.

Owns: computing the vectors that are missing (``embed_missing``), the ``paper_vectors`` table
(one row per paper and model: a float32 blob of its passages' vectors in passage-id order, their
sign bits, and short text hashes so that re-indexing re-embeds only changed passages), notes'
vectors (the ``embeddings`` table, keyed by content hash: notes are few and change often), and
``nearest``: the rows most similar to a query vector.

How ``nearest`` scales (benchmarks/bench_search.py, results/search.json; the exact float32
product over 1,000,000 rows took 127 ms on the development machine, and holding those vectors
takes 1.5 GB). A process loads, per passage, its vector as int8 with a scale (388 bytes) and its
sign bits (48 bytes): 436 MB at 1,000,000 passages, read in one query. Up to ``SCAN_ROWS`` rows
every row is scored with the int8 vectors; above that, the Hamming distance between sign bits
(6 words a row, column-major, numpy's popcount: 8 ms at 1,000,000 rows) first keeps the nearest
``POOL_SHARE`` of the rows. The hits are ranked by their int8 scores (within 0.01 of the cosine;
the float32 vectors are kept as the source of truth, for re-indexing). Measured on real
embeddings (benchmarks/vector_recall.py, results/vector_recall.json): int8 keeps 99 % of the
exact top 10 in its own top 10; the sign bits keep 97-98 % of the exact top 10 in their nearest
5 %. Rescoring the best 50 with float32 vectors read from the blobs cost 50-80 ms at 1,000,000
rows under load (a blob opened per paper) and changed almost nothing, so it is not done.
Subtracting a mean vector before taking signs did not help (measured), so signs are taken as
they are.

Must not: import numpy or the embedding model at module level (opening the store stays cheap),
or build an embedder (callers pass one in).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
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

SCAN_ROWS = 50_000  # up to this many rows, every row is scored with its int8 vector
POOL_SHARE = 0.05  # above it, the share of rows the Hamming scan keeps (see the recall benchmark)
CODE_BYTES = DIMENSIONS // 8
_HASH_BYTES = 8
_EMBED_BATCH = 256
_ROW_BYTES = DIMENSIONS * 4


@dataclass(frozen=True, slots=True)
class Neighbour:
    kind: str  # "passage" | "note"
    key: Any  # passage id (int) or note id (str)
    paper_id: str
    score: float  # cosine similarity


@dataclass(slots=True)
class LoadedVectors:
    """What one process keeps in memory for search by meaning (see the module docstring)."""

    papers: list[str]  # per paper row: paper id
    rowids: list[int]  # per paper row: its rowid in paper_vectors
    first_ids: Any  # per paper row: the first passage id (int64 array)
    starts: Any  # per paper row: index of its first vector row (int64 array, one extra at the end)
    codes: Any  # (CODE_BYTES // 8, rows) uint64, column-major
    quantised: Any  # (rows, DIMENSIONS) int8
    scales: Any  # (rows,) float32
    note_keys: list[tuple[str, str]]  # per note row: (note id, paper id)
    note_matrix: Any  # (notes, DIMENSIONS) float32

    @property
    def rows(self) -> int:
        return int(self.starts[-1])


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

    # -- reading ---------------------------------------------------------------------------

    def load_vectors(self) -> LoadedVectors:
        """Sign bits of every current paper row and the notes' vectors, kept in memory until
        this or another process writes to the database."""
        import numpy as np

        key = (*self.data_key(), MODEL_NAME)
        memo = self._memo.get("vectors")
        if memo is not None and memo[0] == key:
            loaded: LoadedVectors = memo[1]
            return loaded
        papers: list[str] = []
        rowids: list[int] = []
        first_ids: list[int] = []
        counts: list[int] = []
        current = """FROM paper_vectors v JOIN papers p
            ON p.paper_id = v.paper_id AND p.content_hash = v.content_hash
            WHERE v.model = ? AND v.count > 0"""
        words = CODE_BYTES // 8
        with self._read() as conn:
            total = int(
                conn.execute(f"SELECT coalesce(sum(v.count), 0) {current}", (MODEL_NAME,)).fetchone()[0]
            )
            # Filled in place, a paper at a time: no second copy of the library in memory.
            codes = np.empty((words, total), dtype=np.uint64)
            quantised = np.empty((total, DIMENSIONS), dtype=np.int8)
            scales = np.empty(total, dtype=np.float32)
            row = 0
            for rowid, pid, first, count, code_bytes, scale_bytes, q8_bytes in conn.execute(
                f"""SELECT v.rowid, v.paper_id, v.first_id, v.count, v.codes, v.scales, v.quantised
                {current} ORDER BY v.rowid""",
                (MODEL_NAME,),
            ):
                if row + count > total:
                    break  # another process committed meanwhile: the next load sees it
                rowids.append(rowid)
                papers.append(pid)
                first_ids.append(first)
                counts.append(count)
                codes[:, row : row + count] = (
                    np.frombuffer(code_bytes, dtype=np.uint64).reshape(count, words).T
                )
                quantised[row : row + count] = np.frombuffer(q8_bytes, dtype=np.int8).reshape(
                    count, DIMENSIONS
                )
                scales[row : row + count] = np.frombuffer(scale_bytes, dtype=np.float32)
                row += count
        starts = np.zeros(len(counts) + 1, dtype=np.int64)
        np.cumsum(counts, out=starts[1:])
        note_texts = self._note_texts(None)
        note_keys = list(note_texts)
        hashes = [text_hash(text) for text in note_texts.values()]
        cached = self._cached_by_hash(hashes)
        kept = [index for index in range(len(note_keys)) if index in cached]
        note_matrix = (
            np.stack([cached[index] for index in kept]).astype(np.float32)
            if kept
            else np.zeros((0, DIMENSIONS), dtype=np.float32)
        )
        loaded = LoadedVectors(
            papers=papers,
            rowids=rowids,
            first_ids=np.asarray(first_ids, dtype=np.int64),
            starts=starts,
            codes=codes[:, :row],
            quantised=quantised[:row],
            scales=scales[:row],
            note_keys=[note_keys[index] for index in kept],
            note_matrix=note_matrix,
        )
        self._memo["vectors"] = (key, loaded)
        return loaded

    def nearest(self, query: np.ndarray, *, paper_id: str | None = None, limit: int = 20) -> list[Neighbour]:
        """The ``limit`` passages and notes most similar to the unit vector ``query``, best
        first (of one paper and its notes, with ``paper_id``)."""
        import numpy as np

        loaded = self.load_vectors()
        query = np.asarray(query, dtype=np.float32)
        found: list[Neighbour] = []
        # Passages: candidate rows, their int8 scores, then exact scores for the best.
        if paper_id is not None:
            indices = [i for i, pid in enumerate(loaded.papers) if pid == paper_id]
            start, end = (loaded.starts[indices[0]], loaded.starts[indices[0] + 1]) if indices else (0, 0)
            rows = np.arange(start, end)
        elif loaded.rows <= SCAN_ROWS:
            rows = np.arange(loaded.rows)
        else:
            pool = max(SCAN_ROWS // 10, int(POOL_SHARE * loaded.rows))
            rows = _hamming_pool(loaded.codes, sign_code_words(query), pool)
        if len(rows):
            scores = _int8_scores(loaded, rows, query)
            best = _top(scores, limit)
            owners = np.searchsorted(loaded.starts, rows[best], side="right") - 1
            for row, owner, score in zip(rows[best], owners, scores[best], strict=True):
                passage_id = int(loaded.first_ids[owner] + (row - loaded.starts[owner]))
                found.append(Neighbour("passage", passage_id, loaded.papers[owner], float(score)))
        # Notes: few, scored exactly.
        if len(loaded.note_keys):
            note_scores = loaded.note_matrix @ query
            if paper_id is not None:
                mine = np.array([pid == paper_id for _, pid in loaded.note_keys])
                note_scores = np.where(mine, note_scores, -np.inf)
            for index in _top(note_scores, limit):
                if np.isfinite(note_scores[index]):
                    nid, pid = loaded.note_keys[index]
                    found.append(Neighbour("note", nid, pid, float(note_scores[index])))
        found.sort(key=lambda hit: -hit.score)
        return found[:limit]


def sign_code_words(vector: np.ndarray) -> np.ndarray:
    """One vector's sign bits as ``CODE_BYTES // 8`` uint64 words (as stored, per row)."""
    import numpy as np

    return np.frombuffer(sign_codes(vector[None, :]), dtype=np.uint64)


def _int8_scores(loaded: LoadedVectors, rows: np.ndarray, query: np.ndarray) -> np.ndarray:
    """Approximate cosines of ``query`` with ``rows`` from their int8 vectors, converted a
    block at a time into one reused float32 buffer."""
    import numpy as np

    out = np.empty(len(rows), dtype=np.float32)
    block = 8192
    buffer = np.empty((min(block, len(rows)), DIMENSIONS), dtype=np.float32)
    contiguous = len(rows) == 0 or int(rows[-1]) - int(rows[0]) + 1 == len(rows)
    for start in range(0, len(rows), block):
        chosen = rows[start : start + block]
        part = buffer[: len(chosen)]
        if contiguous:
            first = int(chosen[0])
            part[...] = loaded.quantised[first : first + len(chosen)]
        else:
            part[...] = loaded.quantised[chosen]
        out[start : start + len(chosen)] = part @ query
    out *= loaded.scales[rows]
    return out


def _hamming_pool(codes: np.ndarray, query_words: np.ndarray, pool: int) -> np.ndarray:
    """Sorted indices of about ``pool`` rows nearest to the query in Hamming distance (rows at
    the cut-off distance are kept up to ``pool`` in all)."""
    import numpy as np

    distance = np.bitwise_count(np.bitwise_xor(codes[0], query_words[0])).astype(np.uint16)
    for word in range(1, len(codes)):
        distance += np.bitwise_count(np.bitwise_xor(codes[word], query_words[word]))
    counts = np.cumsum(np.bincount(distance, minlength=DIMENSIONS + 1))
    cut = int(np.searchsorted(counts, pool))
    rows = np.flatnonzero(distance <= cut)
    if len(rows) > pool:
        # Rows tie at the cut-off: keep all closer ones and the first of the tied.
        closer = np.flatnonzero(distance < cut)
        tied = np.flatnonzero(distance == cut)[: max(0, pool - len(closer))]
        rows = np.sort(np.concatenate([closer, tied]))  # disjoint: no need to deduplicate
    return rows


def _top(scores: np.ndarray, count: int) -> np.ndarray:
    """Indices of the ``count`` highest scores, best first."""
    import numpy as np

    count = min(count, len(scores))
    if count <= 0:
        return np.zeros(0, dtype=np.int64)
    best = np.argpartition(-scores, count - 1)[:count]
    return best[np.argsort(-scores[best], kind="stable")]
