"""The concepts the reader has marked as known (the ``known_concepts`` table).

Owns: marking and unmarking concepts, one or many in a transaction, and reading the set.

Must not: check concept ids against the glossary (the callers do: the store holds whatever it is
given) or open connections of its own.
"""

from __future__ import annotations

from collections.abc import Iterable

from paperpal.errors import StoreError
from paperpal.store.database import Database
from paperpal.store.notes import now_iso


class KnownConcepts(Database):
    """Known concepts: a set of glossary concept ids, each with when it was marked."""

    def known_concepts(self) -> frozenset[str]:
        """The glossary concept ids the reader has marked as known."""
        with self._read():
            return frozenset(row["concept_id"] for row in self.db.table("known_concepts").rows)

    def set_known(self, concept_id: str, known: bool = True) -> None:
        """Mark (or with ``known=False`` unmark) a concept as known. Idempotent."""
        self.set_known_many([concept_id], known)

    def set_known_many(self, concept_ids: Iterable[str], known: bool = True) -> None:
        """Mark or unmark several concepts, in one transaction."""
        ids = [cid.strip() for cid in concept_ids]
        if not ids or not all(ids):
            raise StoreError("A concept id is needed to mark it as known.")
        with self._write():
            table = self.db.table("known_concepts")
            if known:
                since = now_iso()
                table.insert_all(({"concept_id": cid, "since": since} for cid in ids), ignore=True)
            else:
                for start in range(0, len(ids), 500):
                    chunk = ids[start : start + 500]
                    table.delete_where(f"concept_id IN ({','.join('?' * len(chunk))})", chunk)
