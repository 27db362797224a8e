"""The notes database's connection: opening it safely, transactions, and turning SQLite's
failures into messages.

Owns: the one ``sqlite3`` connection (autocommit mode; every write is one ``BEGIN IMMEDIATE``
transaction, so two processes never lose each other's notes and a killed process leaves the last
committed state), the ``sqlite_utils.Database`` wrapped around it, WAL and the busy timeout,
running the migrations, and ``StoreError`` messages for locked, read-only, damaged or newer files.

Must not: overwrite, delete or "repair" a database it cannot read (it stays as it was); know
about notes, papers or vectors (the table mixins do).

sqlite-utils is the database layer: tables are created with it (migrations from 3 on), rows are
read with ``Table.get``/``rows_where``/``Database.query`` and written with
``insert``/``insert_all``/``upsert``/``update``. Raw SQL is kept, each for a measured or stated
reason, in these places only:

- the released migrations 1-2 (SQL text that must never change), FTS5 virtual tables and their
  triggers (sqlite-utils' ``enable_fts`` names tables and triggers its own way, and migrations
  already released use other names);
- transaction control (``BEGIN IMMEDIATE``; sqlite-utils' ``atomic()`` opens a deferred
  transaction, which can fail with "database is locked" when two writers upgrade their locks);
- FTS5 ranking queries (``MATCH``, ``bm25``, ``snippet``, rowid windows), which sqlite-utils'
  ``Table.search`` cannot express;
- the per-query and per-paper reads of the vector index (``vectors.py``, ``vector_search.py``):
  ``Database.query`` wraps every statement in a SAVEPOINT/RELEASE pair; measured
  (benchmarks/bench_store_layer.py, results/store_layer.json, under load) a one-row read took
  89 us through it and 37 us on the connection, 2.4x, and those paths run it per paper.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Self

import sqlite_utils

from paperpal.errors import StoreError
from paperpal.store import migrations

BUSY_TIMEOUT_S = 10.0
_SQLITE_HEADER = b"SQLite format 3\x00"


def _check_file(path: Path, readonly: bool) -> None:
    """Refuse, before SQLite touches it, a file we could only damage or fail on."""
    if path.is_dir():
        raise StoreError(f"The notes database path {path} is a folder, not a file.")
    if not path.exists():
        if readonly:
            raise StoreError(f"There is no notes database at {path} yet; add a note first.")
        if not path.parent.is_dir():
            raise StoreError(f"The folder for the notes database does not exist: {path.parent}")
        if not os.access(path.parent, os.W_OK):
            raise StoreError(
                f"Cannot create the notes database: the folder {path.parent} is read-only. "
                "Make it writable or set PAPERPAL_HOME to a writable folder."
            )
        return
    try:
        with path.open("rb") as handle:
            header = handle.read(len(_SQLITE_HEADER))
    except OSError as err:
        raise StoreError(f"Cannot read the notes database {path}: {err.strerror}.") from err
    if header and header != _SQLITE_HEADER:
        raise _corrupt(path)
    if not readonly:
        # WAL needs to write the file and create -wal/-shm files beside it.
        if not os.access(path, os.W_OK):
            raise StoreError(
                f"The notes database {path} is read-only. paperpal left it unchanged; make it "
                f"writable (chmod u+w {path}) to add or change notes."
            )
        if not os.access(path.parent, os.W_OK):
            raise StoreError(
                f"The folder holding the notes database ({path.parent}) is read-only; SQLite "
                "needs to create its journal files there. Make the folder writable."
            )


def _corrupt(path: Path) -> StoreError:
    return StoreError(
        f"The notes database {path} is damaged or is not a SQLite database. paperpal has not "
        f"changed it. Move it aside (e.g. rename it to {path.name}.bad) to start a new one, or "
        "restore it from a backup; `sqlite3 FILE .recover` may rescue its notes."
    )


class Database:
    """Owns one connection to the notes database. Use as a context manager or call ``close``.

    The tables are served by mixins (``NotesTable``, ``KnownConcepts``, ``PapersIndex``,
    ``VectorIndex``, ``KeywordSearch``, ``Search``) that ``paperpal.store.store.Store`` composes;
    each uses only the transactions and queries defined here.
    """

    def __init__(self, path: Path, *, readonly: bool = False) -> None:
        self.path = path
        self.readonly = readonly
        _check_file(path, readonly)
        # One lock serialises this object's use of the connection across threads (the TUI
        # runs searches in workers); other processes are handled by SQLite's own locking.
        self._lock = threading.RLock()
        self._local_writes = 0
        # In-process memos of the mixins (vectors loaded for search, completed embedding passes),
        # each valid for one ``data_key``.
        self._memo: dict[str, Any] = {}
        try:
            if readonly:
                conn = sqlite3.connect(
                    f"{path.resolve().as_uri()}?mode=ro",
                    uri=True,
                    timeout=BUSY_TIMEOUT_S,
                    isolation_level=None,
                    check_same_thread=False,
                )
            else:
                conn = sqlite3.connect(
                    str(path),
                    timeout=BUSY_TIMEOUT_S,
                    isolation_level=None,
                    check_same_thread=False,
                )
        except sqlite3.Error as err:
            raise StoreError(f"Cannot open the notes database {path}: {err}.") from err
        self._conn = conn
        try:
            with self._guard():
                conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
                self.db = sqlite_utils.Database(conn, execute_plugins=False)
                if readonly:
                    version = migrations.schema_version(conn)
                    if version < migrations.LATEST:
                        raise StoreError(
                            f"The notes database {path} uses an older layout; open it once "
                            "without read-only mode to upgrade it."
                        )
                else:
                    conn.execute("PRAGMA journal_mode = WAL")
                    # NORMAL is durable enough in WAL mode: a crash can only lose the last
                    # commit, never corrupt the file.
                    conn.execute("PRAGMA synchronous = NORMAL")
                    try:
                        migrations.migrate(conn, self.db)
                    except RuntimeError as err:
                        raise StoreError(
                            f"The notes database {path} was written by a newer paperpal "
                            f"({err}); upgrade paperpal to use it."
                        ) from err
        except BaseException:
            conn.close()
            raise

    # -- lifecycle ---------------------------------------------------------------------------

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def _guard(self) -> Iterator[None]:
        """Turn SQLite's failures into messages a user can act on."""
        try:
            yield
        except StoreError:
            raise
        except sqlite3.OperationalError as err:
            text = str(err)
            if "locked" in text or "busy" in text:
                raise StoreError(
                    f"The notes database {self.path} is locked by another program (waited "
                    f"{BUSY_TIMEOUT_S:.0f} s). Close other paperpal windows or database tools "
                    "and try again."
                ) from err
            if "readonly" in text or "read-only" in text:
                raise StoreError(
                    f"The notes database {self.path} cannot be written (read-only). paperpal "
                    "left it unchanged; make the file and its folder writable."
                ) from err
            if "disk is full" in text or "disk I/O" in text:
                raise StoreError(f"Cannot write the notes database {self.path}: {text}.") from err
            if "malformed" in text or "not a database" in text:
                raise _corrupt(self.path) from err
            raise StoreError(f"The notes database {self.path} failed: {text}.") from err
        except (sqlite3.ProgrammingError, sqlite3.InterfaceError):
            raise  # a bug in paperpal, not a problem with the file
        except sqlite3.IntegrityError as err:
            raise StoreError(f"The notes database {self.path} refused a change: {err}.") from err
        except sqlite3.DatabaseError as err:
            raise _corrupt(self.path) from err

    @contextlib.contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        with self._lock, self._guard():
            yield self._conn

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One transaction; IMMEDIATE takes the write lock up front so concurrent writers wait
        (busy timeout) instead of failing when they upgrade a read lock."""
        if self.readonly:
            raise StoreError(f"The notes database {self.path} was opened read-only.")
        with self._lock, self._guard():
            conn = self._conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            finally:
                self._local_writes += 1

    def _query(self, sql: str, params: Iterable[Any] | dict[str, Any] = ()) -> list[dict[str, Any]]:
        args = params if isinstance(params, dict) else list(params)
        with self._read():
            return list(self.db.query(sql, args))

    def data_key(self) -> tuple[int, int]:
        """Changes whenever anyone commits: ``data_version`` for other connections, a local
        counter for this one. Memos of derived data are keyed by it."""
        with self._read() as conn:
            return int(conn.execute("PRAGMA data_version").fetchone()[0]), self._local_writes
