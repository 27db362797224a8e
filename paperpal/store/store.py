"""The notes database as one object: ``Store``, and how to open it.

Owns: composing the table mixins into ``Store`` (the only class callers use), opening the
default database (``open_store``) and reading known concepts without creating a database.

Each part lives in its own module, with one reason to change:

- ``database.py``: the connection, transactions, SQLite failures as messages;
- ``notes.py``: notes; ``exchange.py``: export and the import merge;
- ``known.py``: known concepts;
- ``papers.py`` (+ ``passages.py``): the papers' text index;
- ``vectors.py``: vectors, per paper, and nearest neighbours;
- ``keyword.py`` (+ ``query.py``, ``snippets.py``) and ``search.py``: search.

Must not: hold logic of its own beyond opening; import heavy libraries at module level; build an
embedder (callers pass one in).
"""

from __future__ import annotations

import os
from pathlib import Path

from paperpal import paths
from paperpal.store.exchange import NotesExchange
from paperpal.store.known import KnownConcepts
from paperpal.store.notes import NotesTable
from paperpal.store.search import Search


class Store(Search, NotesExchange, NotesTable, KnownConcepts):
    """Owns one connection to the notes database. Use as a context manager or call ``close``."""


def open_store(path: Path | None = None, *, readonly: bool = False, reading: bool = False) -> Store:
    """Open (creating when needed, unless ``readonly``) the notes database at ``path``.

    ``reading`` is for commands that only read: a file that cannot be written is then opened
    read-only instead of being refused (writes still refuse it, with a message saying why).

    The default is ``paths.notes_db()``; its folder is created. Raises ``StoreError`` for a file
    that is not a database, cannot be written, or is locked for longer than the busy timeout.
    """
    if path is None:
        path = paths.notes_db()
    path = Path(path)
    if reading and path.is_file() and not os.access(path, os.W_OK):
        readonly = True
    if not readonly and path == paths.notes_db():
        paths.ensure(path.parent)
    return Store(path, readonly=readonly)


def read_known_concepts() -> frozenset[str]:
    """The concepts the reader marked as known, from the default notes database.

    Only reads: a missing database is no known concepts (none is created for it), and a
    read-only one is read as it is. Raises ``StoreError`` when the file cannot be read.
    """
    path = paths.notes_db()
    if not path.exists():
        return frozenset()
    # A writable database is opened as usual, so that an older layout is upgraded first.
    with open_store(path, reading=True) as store:
        return store.known_concepts()
