"""paperpal.store: the reader's notes database (SQLite via sqlite-utils).

``open_store()`` gives a ``Store`` owning one connection: notes, known concepts, the indexed
text of library papers, their vectors, and search over all of it (store.py lists the modules).
Importing this package is cheap: sqlite_utils is light and numpy/embeddings are imported only
where vectors are used.
"""

from __future__ import annotations

from paperpal.store.store import Store, open_store, read_known_concepts

__all__ = ["Store", "open_store", "read_known_concepts"]
