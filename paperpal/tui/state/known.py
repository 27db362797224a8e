"""The concepts the reader knows: one set for the whole app, observed by every screen.

The notes database is the record; this is the app's copy of it. Every screen that shows a
known mark (the reader's Terms tab and term panel, the reading path, the export dialog) reads
this one object and is told when it changes, so no screen can hold a stale copy.

Must not: touch the database (``store_io`` does, in a worker) or import Textual.
"""

from __future__ import annotations

from collections.abc import Iterable

from paperpal.tui.state.observers import Observers


class KnownConcepts:
    def __init__(self) -> None:
        self._ids: frozenset[str] = frozenset()
        self.loaded = False  # read from the notes database at least once
        self.changed: Observers[frozenset[str]] = Observers()  # told which ids changed
        self.version = 0  # bumped on every change (cheap cache key for derived data)

    @property
    def ids(self) -> frozenset[str]:
        return self._ids

    def __contains__(self, concept_id: object) -> bool:
        return concept_id in self._ids

    def load(self, ids: Iterable[str]) -> None:
        """The set as read from the database (replaces what was there)."""
        new = frozenset(ids)
        changed = new ^ self._ids
        self._ids = new
        self.loaded = True
        self._changed(changed, force=True)

    def apply(self, ids: Iterable[str], known: bool) -> None:
        """Marks the database has accepted: ``ids`` are now known (or not)."""
        ids = frozenset(ids)
        new = self._ids | ids if known else self._ids - ids
        changed = new ^ self._ids
        self._ids = new
        self._changed(changed)

    def _changed(self, changed: frozenset[str], *, force: bool = False) -> None:
        if changed or force:
            self.version += 1
            self.changed.emit(changed)
