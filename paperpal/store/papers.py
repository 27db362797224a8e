"""The searchable text of library papers (the ``papers`` and ``passages`` tables).

Owns: writing a paper's passages (cut by ``passages.py``) in one transaction, skipping a paper
whose content hash is unchanged, and listing what is indexed. A paper's passages get
consecutive ids (given explicitly, from the table's largest id), so one paper is one id range:
keyword search restricts to it and the vector index maps its rows onto it.

Must not: cut documents into passages (passages.py) or compute vectors (vectors.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from paperpal.models import Document
from paperpal.store.database import Database
from paperpal.store.notes import now_iso
from paperpal.store.passages import Passage, document_hash, document_passages, text_hash

Progress = Callable[[str], None]
_INSERT_BATCH = 1000


class PapersIndex(Database):
    """Papers' passages, replaced whole when a paper's text changes."""

    def index_document(
        self,
        paper_id: str,
        title: str,
        document: Document,
        *,
        progress: Progress | None = None,
    ) -> int:
        """Index a paper's text for search; returns how many passages were written.

        Re-indexing replaces the paper's passages; a document whose content hash is unchanged
        is skipped (returns 0).
        """
        passages = document_passages(title, document)
        digest = document_hash(title, passages)
        written = 0
        if self.indexed_papers().get(paper_id) != digest:
            written = self.write_passages(paper_id, title, digest, passages)
            if progress:
                progress(f"indexed {paper_id}: {written} passages")
        return written

    def write_passages(self, paper_id: str, title: str, digest: str, passages: Iterable[Passage]) -> int:
        """Replace a paper's passages in one transaction (also used by the benchmark)."""
        with self._write() as conn:
            conn.execute("DELETE FROM passages WHERE paper_id = ?", (paper_id,))
            first = int(conn.execute("SELECT coalesce(max(id), 0) + 1 FROM passages").fetchone()[0])
            rows = (
                {
                    "id": first + number,
                    "paper_id": paper_id,
                    "kind": passage.kind,
                    "section": passage.section,
                    "equation": passage.equation,
                    "text": passage.text,
                    "content_hash": text_hash(passage.text),
                }
                for number, passage in enumerate(passages)
            )
            self.db.table("passages").insert_all(rows, batch_size=_INSERT_BATCH)
            count = int(
                conn.execute("SELECT count(*) FROM passages WHERE paper_id = ?", (paper_id,)).fetchone()[0]
            )
            self.db.table("papers").upsert(
                {
                    "paper_id": paper_id,
                    "title": title,
                    "content_hash": digest,
                    "passages": count,
                    "indexed": now_iso(),
                },
                pk="paper_id",
            )
        return count

    def indexed_papers(self) -> dict[str, str]:
        """Paper id -> content hash of every indexed paper."""
        with self._read():
            rows = self.db.table("papers").rows_where(select="paper_id, content_hash", order_by="paper_id")
            return {row["paper_id"]: row["content_hash"] for row in rows}
