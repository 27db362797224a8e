"""Searching the stored vectors at library scale: ``nearest``.

Owns: the arrays a process searches (loaded once per database state, memory-mapped from the
cache folder by ``vector_cache.py``) and the ranking.

How it scales (benchmarks/bench_search.py, bench_vectors_1m.py; the exact float32 product over
1,000,000 rows took 127 ms on the development machine when quiet, and holding those vectors
takes 1.5 GB). Per passage, a process maps its vector as int8 with a scale (388 bytes) and its
sign bits (48 bytes): 436 MB at 1,000,000 passages, in the page cache rather than read each
time. Up to ``SCAN_ROWS`` rows every row is scored with its int8 vector; above that, the Hamming
distance between sign bits (6 words a row, column-major, numpy's popcount: 8 ms at 1,000,000
rows when quiet) first keeps the nearest ``POOL_SHARE`` of the rows. Hits are ranked by their
int8 scores (within 0.01 of the cosine; the float32 vectors stay the source of truth). Measured
on real embeddings (benchmarks/vector_recall.py, results/vector_recall.json): int8 keeps 99 % of
the exact top 10 in its own top 10; the sign bits keep 97-98 % of the exact top 10 in their
nearest 5 %. Rescoring the best 50 with float32 vectors read from the blobs cost 50-80 ms at
1,000,000 rows under load and changed almost nothing, so it is not done. Subtracting a mean
vector before taking signs did not help (measured), so signs are taken as they are.

Must not: import numpy at module level; write to the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from paperpal.embeddings import DIMENSIONS, MODEL_NAME
from paperpal.store.passages import text_hash
from paperpal.store.vector_cache import SearchArrays, search_arrays
from paperpal.store.vectors import CODE_BYTES, VectorIndex, sign_codes

if TYPE_CHECKING:
    import numpy as np

_CURRENT = """FROM paper_vectors v JOIN papers p
    ON p.paper_id = v.paper_id AND p.content_hash = v.content_hash
    WHERE v.model = ? AND v.count > 0"""
SCAN_ROWS = 50_000  # up to this many rows, every row is scored with its int8 vector
POOL_SHARE = 0.05  # above it, the share of rows the Hamming scan keeps (see the recall benchmark)


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


class VectorSearch(VectorIndex):
    """Nearest passages and notes to a query vector."""

    def load_vectors(self) -> LoadedVectors:
        """The search arrays of every current paper row (see ``vector_cache``) and the notes'
        vectors, kept in memory until this or another process writes to the database."""
        import numpy as np

        key = (*self.data_key(), MODEL_NAME)
        memo = self._memo.get("vectors")
        if memo is not None and memo[0] == key:
            loaded: LoadedVectors = memo[1]
            return loaded
        with self._read() as conn:
            # Only the columns before the blobs: listing 10,000 papers reads no vector bytes.
            listing = [
                tuple(row)
                for row in conn.execute(
                    f"SELECT v.rowid, v.paper_id, v.content_hash, v.count {_CURRENT} ORDER BY v.rowid",
                    (MODEL_NAME,),
                )
            ]
        arrays = search_arrays(self.path, listing, MODEL_NAME, lambda: self._read_arrays(listing))
        starts = np.zeros(len(arrays.counts) + 1, dtype=np.int64)
        np.cumsum(arrays.counts, out=starts[1:])
        note_texts = self._note_texts(None)
        note_keys = list(note_texts)
        cached = self._cached_by_hash([text_hash(text) for text in note_texts.values()])
        kept = [index for index in range(len(note_keys)) if index in cached]
        note_matrix = (
            np.stack([cached[index] for index in kept]).astype(np.float32)
            if kept
            else np.zeros((0, DIMENSIONS), dtype=np.float32)
        )
        loaded = LoadedVectors(
            papers=list(arrays.papers),
            rowids=[int(r) for r in arrays.rowids],
            first_ids=np.asarray(arrays.first_ids, dtype=np.int64),
            starts=starts,
            codes=arrays.codes,
            quantised=arrays.quantised,
            scales=arrays.scales,
            note_keys=[note_keys[index] for index in kept],
            note_matrix=note_matrix,
        )
        self._memo["vectors"] = (key, loaded)
        return loaded

    def _read_arrays(self, listing: list[tuple[Any, ...]]) -> SearchArrays:
        """The search arrays of the rows in ``listing``, read from the database, filled in
        place a paper at a time (no second copy of the library in memory)."""
        import numpy as np

        total = sum(int(row[3]) for row in listing)
        words = CODE_BYTES // 8
        codes = np.empty((words, total), dtype=np.uint64)
        quantised = np.empty((total, DIMENSIONS), dtype=np.int8)
        scales = np.empty(total, dtype=np.float32)
        papers, rowids, first_ids, counts = [], [], [], []
        wanted = {int(row[0]): str(row[2]) for row in listing}
        row = 0
        with self._read() as conn:
            for rowid, pid, digest, first, count, code_bytes, scale_bytes, q8_bytes in conn.execute(
                f"""SELECT v.rowid, v.paper_id, v.content_hash, v.first_id, v.count, v.codes, v.scales,
                v.quantised {_CURRENT} ORDER BY v.rowid""",
                (MODEL_NAME,),
            ):
                if wanted.get(rowid) != digest or row + count > total:
                    continue  # committed after the listing: the next load sees it
                papers.append(pid)
                rowids.append(rowid)
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
        return SearchArrays(
            papers=papers,
            codes=codes[:, :row],
            quantised=quantised[:row],
            scales=scales[:row],
            first_ids=np.asarray(first_ids, dtype=np.int64),
            counts=np.asarray(counts, dtype=np.int64),
            rowids=np.asarray(rowids, dtype=np.int64),
        )

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
