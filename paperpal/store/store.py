"""The notes database: one SQLite file, owned by one ``Store`` per process.

Owns: the connection (the only importer of sqlite_utils), opening safely (WAL, a busy timeout,
migrations), every write (each in one ``BEGIN IMMEDIATE`` transaction, so two processes never
lose each other's notes and a killed process leaves the last committed state), notes, known
concepts, the passages of indexed papers, and the embedding cache.

Must not: overwrite, delete or "repair" a database it cannot read (a corrupt, read-only or locked
file gives a ``StoreError`` and stays as it was); import heavy libraries at module level; build
an embedder (callers pass one in).

Failures from SQLite are translated into ``StoreError``s with a message a user can act on.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import sqlite_utils

from paperpal import paths
from paperpal.errors import NotFoundInPaper, StoreError
from paperpal.models import Document, Note, SearchHit
from paperpal.store import migrations
from paperpal.store.passages import Passage, document_hash, document_passages

if TYPE_CHECKING:
    import numpy as np

    from paperpal.embeddings import Embedder

Progress = Callable[[str], None]
SearchMode = Literal["hybrid", "keyword", "semantic"]
VectorKey = tuple[str, Any, str]  # (kind, row id, paper id)

BUSY_TIMEOUT_S = 10.0
_SQLITE_HEADER = b"SQLite format 3\x00"
_ANCHOR_KINDS = ("paper", "section", "equation", "symbol", "term", "quote")
_MIN_PREFIX = 6
RANK_WINDOW = 1500  # most matches bm25 ranks per table and query (see Store._rank_floor)
_EMBED_BATCH = 256
EXPORT_FORMAT = "paperpal-notes"
EXPORT_VERSION = 1


def now_iso() -> str:
    # Microseconds keep "newer wins" meaningful for edits made in quick succession.
    return datetime.now(UTC).isoformat(timespec="microseconds")


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


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


def new_note(
    paper_id: str,
    body: str,
    *,
    anchor_kind: str = "paper",
    anchor: str | None = None,
    quote: str | None = None,
    tags: Iterable[str] = (),
) -> Note:
    """A new note (fresh id, stamped now), not yet saved; ``StoreError`` for one that cannot be."""
    if not paper_id.strip():
        raise StoreError("A note needs the id of the paper it belongs to.")
    if not body.strip():
        raise StoreError("The note is empty; nothing was saved.")
    if anchor_kind not in _ANCHOR_KINDS:
        raise StoreError(f"Unknown note anchor {anchor_kind!r}; use one of: {', '.join(_ANCHOR_KINDS)}.")
    stamp = now_iso()
    return Note(
        id=uuid.uuid4().hex,
        paper_id=paper_id.strip(),
        body=body,
        anchor_kind=anchor_kind,  # type: ignore[arg-type]  # checked above
        anchor=anchor,
        quote=quote,
        tags=normalise_tags(tags),
        created=stamp,
        updated=stamp,
    )


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


class Store:
    """Owns one connection to the notes database. Use as a context manager or call ``close``."""

    def __init__(self, path: Path, *, readonly: bool = False) -> None:
        self.path = path
        self.readonly = readonly
        _check_file(path, readonly)
        # One lock serialises this object's use of the connection across threads (the TUI
        # runs searches in workers); other processes are handled by SQLite's own locking.
        self._lock = threading.RLock()
        self._local_writes = 0
        self._matrix_cache: tuple[tuple[int, int, str], Any] | None = None
        self._matrix_papers: Any = None  # paper id of each matrix row, for --paper filters
        # paper id (None: all) -> data key at which every vector it needs was known to exist
        self._complete: dict[str | None, tuple[int, int]] = {}
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
                        migrations.migrate(conn)
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

    def __enter__(self) -> Store:
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

    # -- known concepts ----------------------------------------------------------------------

    def known_concepts(self) -> frozenset[str]:
        """The glossary concept ids the reader has marked as known."""
        rows = self._query("SELECT concept_id FROM known_concepts")
        return frozenset(row["concept_id"] for row in rows)

    def set_known(self, concept_id: str, known: bool = True) -> None:
        """Mark (or with ``known=False`` unmark) a concept as known. Idempotent."""
        concept_id = concept_id.strip()
        if not concept_id:
            raise StoreError("A concept id is needed to mark it as known.")
        with self._write() as conn:
            if known:
                conn.execute(
                    "INSERT OR IGNORE INTO known_concepts(concept_id, since) VALUES (?, ?)",
                    (concept_id, now_iso()),
                )
            else:
                conn.execute("DELETE FROM known_concepts WHERE concept_id = ?", (concept_id,))

    def set_known_many(self, concept_ids: Iterable[str], known: bool = True) -> None:
        """``set_known`` for several concepts, in one transaction."""
        ids = [cid.strip() for cid in concept_ids]
        if not ids or not all(ids):
            raise StoreError("A concept id is needed to mark it as known.")
        with self._write() as conn:
            if known:
                since = now_iso()
                conn.executemany(
                    "INSERT OR IGNORE INTO known_concepts(concept_id, since) VALUES (?, ?)",
                    [(cid, since) for cid in ids],
                )
            else:
                conn.executemany("DELETE FROM known_concepts WHERE concept_id = ?", [(cid,) for cid in ids])

    # -- notes -------------------------------------------------------------------------------

    def add_note(
        self,
        paper_id: str,
        body: str,
        *,
        anchor_kind: str = "paper",
        anchor: str | None = None,
        quote: str | None = None,
        tags: Iterable[str] = (),
    ) -> Note:
        """Save a new note and return it (with its new id and timestamps)."""
        return self.save_new_note(
            new_note(paper_id, body, anchor_kind=anchor_kind, anchor=anchor, quote=quote, tags=tags)
        )

    def save_new_note(self, note: Note) -> Note:
        """Write a note made by ``new_note``."""
        with self._write() as conn:
            _insert_note(conn, note)
        return note

    def _resolve_id(self, note_id: str) -> str:
        """A full note id from a full id or a unique prefix of at least 6 characters."""
        wanted = note_id.strip().lower()
        if len(wanted) < _MIN_PREFIX:
            raise StoreError(f"Note id {note_id!r} is too short: give at least {_MIN_PREFIX} characters.")
        escaped = wanted.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        rows = self._query(
            "SELECT id FROM notes WHERE id LIKE ? ESCAPE '\\' ORDER BY id LIMIT 3",
            (escaped + "%",),
        )
        if not rows:
            raise NotFoundInPaper(
                f"No note with id {note_id!r}. `paperpal notes` lists the notes and their ids."
            )
        exact = [row["id"] for row in rows if row["id"] == wanted]
        if exact:
            return exact[0]
        if len(rows) > 1:
            raise StoreError(f"Note id {note_id!r} is ambiguous: give more characters.")
        return str(rows[0]["id"])

    def get_note(self, note_id: str) -> Note:
        """The note with this id (or unique prefix of >= 6 characters), deleted ones included."""
        full = self._resolve_id(note_id)
        rows = self._query("SELECT * FROM notes WHERE id = ?", (full,))
        return _row_to_note(rows[0])

    def update_note(self, note_id: str, body: str | None = None, tags: Iterable[str] | None = None) -> Note:
        """Change a note's body and/or tags; returns the updated note."""
        full = self._resolve_id(note_id)
        if body is not None and not body.strip():
            raise StoreError("The new text is empty; the note was left unchanged.")
        with self._write() as conn:
            row = conn.execute("SELECT body, tags FROM notes WHERE id = ?", (full,)).fetchone()
            new_body = body if body is not None else row[0]
            new_tags = json.dumps(list(normalise_tags(tags))) if tags is not None else row[1]
            conn.execute(
                "UPDATE notes SET body = ?, tags = ?, updated = ? WHERE id = ?",
                (new_body, new_tags, now_iso(), full),
            )
        return self.get_note(full)

    def _set_deleted(self, note_id: str, deleted: bool) -> Note:
        full = self._resolve_id(note_id)
        with self._write() as conn:
            conn.execute(
                "UPDATE notes SET deleted = ?, updated = ? WHERE id = ?",
                (int(deleted), now_iso(), full),
            )
        return self.get_note(full)

    def delete_note(self, note_id: str) -> Note:
        """Hide a note (soft delete): ``restore_note`` brings it back."""
        return self._set_deleted(note_id, True)

    def restore_note(self, note_id: str) -> Note:
        return self._set_deleted(note_id, False)

    def list_notes(
        self,
        paper_id: str | None = None,
        tag: str | None = None,
        include_deleted: bool = False,
    ) -> list[Note]:
        """Notes, oldest first, optionally of one paper and/or with one tag."""
        where: list[str] = []
        params: list[Any] = []
        if paper_id is not None:
            where.append("paper_id = ?")
            params.append(paper_id)
        if tag is not None:
            where.append("EXISTS (SELECT 1 FROM json_each(notes.tags) WHERE value = ?)")
            params.append(normalise_tag(tag))
        if not include_deleted:
            where.append("deleted = 0")
        sql = "SELECT * FROM notes"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY created, id"
        return [_row_to_note(row) for row in self._query(sql, params)]

    # -- exchange ----------------------------------------------------------------------------

    def export_notes(self) -> dict[str, Any]:
        """Every note (deleted ones too, so a deletion travels) as a JSON-ready dict."""
        notes = self.list_notes(include_deleted=True)
        return {
            "format": EXPORT_FORMAT,
            "version": EXPORT_VERSION,
            "exported": now_iso(),
            "notes": [note_to_dict(note) for note in notes],
        }

    def import_notes(self, data: Any) -> tuple[int, int, int]:
        """Merge exported notes: new ids are added, a known id is replaced only by a newer
        ``updated``; returns (added, updated, skipped). Invalid data changes nothing."""
        incoming = parse_export(data)
        added = updated = skipped = 0
        with self._write() as conn:
            for note in incoming:
                row = conn.execute("SELECT updated FROM notes WHERE id = ?", (note.id,)).fetchone()
                if row is None:
                    _insert_note(conn, note)
                    added += 1
                elif note.updated > row[0]:
                    conn.execute(
                        """UPDATE notes SET paper_id = ?, body = ?, anchor_kind = ?, anchor = ?,
                        quote = ?, tags = ?, created = ?, updated = ?, deleted = ? WHERE id = ?""",
                        (
                            note.paper_id,
                            note.body,
                            note.anchor_kind,
                            note.anchor,
                            note.quote,
                            json.dumps(list(note.tags)),
                            note.created,
                            note.updated,
                            int(note.deleted),
                            note.id,
                        ),
                    )
                    updated += 1
                else:
                    skipped += 1
        return added, updated, skipped

    # -- papers' text ------------------------------------------------------------------------

    def index_document(
        self,
        paper_id: str,
        title: str,
        document: Document,
        *,
        embedder: Embedder | None = None,
        progress: Progress | None = None,
    ) -> int:
        """Index a paper's text for search; returns how many passages were written.

        Re-indexing replaces the paper's passages; a document whose content hash is unchanged
        is skipped (returns 0), though missing vectors are still computed when ``embedder`` is
        given.
        """
        passages = document_passages(title, document)
        digest = document_hash(title, passages)
        rows = self._query("SELECT content_hash FROM papers WHERE paper_id = ?", (paper_id,))
        written = 0
        if not rows or rows[0]["content_hash"] != digest:
            self.write_passages(paper_id, title, digest, passages)
            written = len(passages)
            if progress:
                progress(f"indexed {paper_id}: {written} passages")
        if embedder is not None:
            self.embed_missing(embedder, progress=progress, paper_id=paper_id)
        return written

    def write_passages(self, paper_id: str, title: str, digest: str, passages: Iterable[Passage]) -> int:
        """Replace a paper's passages in one transaction (also used by the benchmark)."""
        count = 0
        with self._write() as conn:
            conn.execute("DELETE FROM passages WHERE paper_id = ?", (paper_id,))
            for passage in passages:
                conn.execute(
                    """INSERT INTO passages(paper_id, kind, section, equation, text, content_hash)
                    VALUES (?, ?, ?, ?, ?, ?)""",
                    (
                        paper_id,
                        passage.kind,
                        passage.section,
                        passage.equation,
                        passage.text,
                        text_hash(passage.text),
                    ),
                )
                count += 1
            conn.execute(
                """INSERT OR REPLACE INTO papers(paper_id, title, content_hash, passages, indexed)
                VALUES (?, ?, ?, ?, ?)""",
                (paper_id, title, digest, count, now_iso()),
            )
        return count

    def indexed_papers(self) -> dict[str, str]:
        """Paper id -> content hash of every indexed paper."""
        rows = self._query("SELECT paper_id, content_hash FROM papers ORDER BY paper_id")
        return {row["paper_id"]: row["content_hash"] for row in rows}

    # -- embeddings --------------------------------------------------------------------------

    def _missing_texts(self, model: str, paper_id: str | None) -> dict[str, str]:
        """content hash -> text, for live notes and passages with no cached vector."""
        paper_clause = "AND p.paper_id = ?" if paper_id else ""
        params: list[Any] = [model] + ([paper_id] if paper_id else [])
        passages = self._query(
            f"""SELECT p.content_hash AS h, p.text AS t FROM passages p
            WHERE NOT EXISTS (SELECT 1 FROM embeddings e
                              WHERE e.content_hash = p.content_hash AND e.model = ?)
            {paper_clause}""",
            params,
        )
        missing = {row["h"]: row["t"] for row in passages}
        for note in self.list_notes(paper_id=paper_id):
            text = note_embed_text(note)
            missing.setdefault(text_hash(text), text)
        if missing:
            known = self._known_hashes(model, list(missing))
            for digest in known:
                missing.pop(digest, None)
        return missing

    def _known_hashes(self, model: str, hashes: list[str]) -> set[str]:
        found: set[str] = set()
        for start in range(0, len(hashes), 500):
            chunk = hashes[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._query(
                f"SELECT content_hash FROM embeddings WHERE model = ? AND content_hash IN ({marks})",
                [model, *chunk],
            )
            found.update(row["content_hash"] for row in rows)
        return found

    def embed_missing(
        self,
        embedder: Embedder,
        *,
        progress: Progress | None = None,
        paper_id: str | None = None,
    ) -> int:
        """Compute and cache vectors for every live note and passage lacking one.

        A read-only store computes nothing: search then ranks what already has a vector.
        """
        from paperpal.embeddings import MODEL_NAME

        if self.readonly:
            return 0
        key = self._data_key()
        if key in (self._complete.get(None), self._complete.get(paper_id)):
            return 0  # nothing changed since the last complete pass: skip the scan
        missing = self._missing_texts(MODEL_NAME, paper_id)
        items = list(missing.items())
        for start in range(0, len(items), _EMBED_BATCH):
            batch = items[start : start + _EMBED_BATCH]
            vectors = embedder.encode([text for _, text in batch])
            self.put_vectors(MODEL_NAME, [(digest, vectors[i]) for i, (digest, _) in enumerate(batch)])
            if progress:
                progress(f"embedded {min(start + _EMBED_BATCH, len(items))}/{len(items)} passages")
        self._complete[paper_id] = self._data_key()
        return len(items)

    def _data_key(self) -> tuple[int, int]:
        """Changes whenever anyone commits: data_version for other connections, the local
        counter for this one."""
        with self._read() as conn:
            return int(conn.execute("PRAGMA data_version").fetchone()[0]), self._local_writes

    def put_vectors(self, model: str, pairs: Iterable[tuple[str, np.ndarray]]) -> None:
        """Cache vectors (float32 blobs) by content hash."""
        import numpy as np

        with self._write() as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO embeddings(content_hash, model, vector) VALUES (?, ?, ?)",
                ((digest, model, np.asarray(vector, dtype=np.float32).tobytes()) for digest, vector in pairs),
            )

    def vector_matrix(self, model: str) -> tuple[list[VectorKey], np.ndarray]:
        """Every vectorised live note and passage: (keys, matrix), one key per matrix row,
        ("note", note id, paper id) or ("passage", passage id, paper id).

        Kept in memory until this or another process writes to the database, so repeated
        searches cost one matrix product each.
        """
        import numpy as np

        key = (*self._data_key(), model)
        if self._matrix_cache is not None and self._matrix_cache[0] == key:
            cached: tuple[list[VectorKey], np.ndarray] = self._matrix_cache[1]
            return cached
        keys: list[VectorKey] = []
        blobs: list[bytes] = []
        with self._read() as conn:
            for pid, paper, blob in conn.execute(
                """SELECT p.id, p.paper_id, e.vector FROM passages p JOIN embeddings e
                ON e.content_hash = p.content_hash AND e.model = ? ORDER BY p.id""",
                (model,),
            ):
                keys.append(("passage", pid, paper))
                blobs.append(blob)
            notes = conn.execute("SELECT id, paper_id, body, quote FROM notes WHERE deleted = 0").fetchall()
            by_hash: dict[str, list[tuple[str, str]]] = {}
            for nid, paper, body, quote in notes:
                text = _embed_text(body, quote)
                by_hash.setdefault(text_hash(text), []).append((nid, paper))
            for start in range(0, len(by_hash), 500):
                chunk = list(by_hash)[start : start + 500]
                marks = ",".join("?" * len(chunk))
                for digest, blob in conn.execute(
                    f"""SELECT content_hash, vector FROM embeddings
                    WHERE model = ? AND content_hash IN ({marks})""",
                    [model, *chunk],
                ):
                    for nid, paper in by_hash[digest]:
                        keys.append(("note", nid, paper))
                        blobs.append(blob)
        if blobs:
            matrix = np.frombuffer(b"".join(blobs), dtype=np.float32).reshape(len(blobs), -1)
        else:
            matrix = np.zeros((0, 384), dtype=np.float32)
        self._matrix_cache = (key, (keys, matrix))
        self._matrix_papers = np.array([paper for _, _, paper in keys], dtype=object)
        return keys, matrix

    def paper_rows(self, model: str, paper_id: str) -> np.ndarray:
        """A boolean mask over ``vector_matrix`` rows: those of one paper (and its notes)."""
        self.vector_matrix(model)
        mask: np.ndarray = self._matrix_papers == paper_id
        return mask

    # -- search ------------------------------------------------------------------------------

    def _rank_floor(self, table: str, fts_query: str) -> int:
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

    def keyword_rows(self, fts_query: str, *, paper_id: str | None, limit: int) -> list[dict[str, Any]]:
        """FTS5 matches over notes and passages, best (lowest bm25) first, with snippets."""
        from paperpal.store.search import MARK_CLOSE, MARK_OPEN

        paper_clause = "AND x.paper_id = :paper" if paper_id else ""
        params: dict[str, Any] = {"q": fts_query, "paper": paper_id, "limit": limit}
        params.update({"open": MARK_OPEN, "close": MARK_CLOSE, "lo": 0, "hi": -1})
        if paper_id:
            # A paper's notes are few: filter first, then rank just those (an ORDER BY the
            # FTS5 index cannot answer, so bm25 runs only on the rows left after the filter).
            order, floor = "bm25(notes_fts, 1.0, 0.7, 0.5, 0.5, 0.0)", 0
        else:
            order, floor = "notes_fts.rank", self._rank_floor("notes_fts", fts_query)
        params["note_floor"] = floor
        notes = self._query(
            f"""SELECT 'note' AS kind, x.id AS note_id, x.paper_id, x.body AS text,
                x.anchor_kind, x.anchor, NULL AS section, NULL AS equation,
                {order} AS rank,
                snippet(notes_fts, -1, :open, :close, '…', 24) AS snippet
            FROM notes_fts JOIN notes x ON x.id = notes_fts.note_id
            WHERE notes_fts MATCH :q AND notes_fts.rowid > :note_floor
                AND x.deleted = 0 {paper_clause}
            ORDER BY {order} LIMIT :limit""",
            params,
        )
        if paper_id:
            # A paper's passages are written in one transaction: one contiguous id range,
            # which FTS5 can restrict to before ranking.
            span = self._query(
                "SELECT min(id) AS lo, max(id) AS hi FROM passages WHERE paper_id = ?", (paper_id,)
            )[0]
            if span["lo"] is None:
                return sorted(notes, key=lambda row: row["rank"])[:limit]
            params.update(lo=span["lo"], hi=span["hi"])
        else:
            params.update(lo=self._rank_floor("passages_fts", fts_query) + 1, hi=2**62)
        passages = self._query(
            f"""SELECT 'passage' AS kind, NULL AS note_id, x.paper_id, x.text, x.kind AS pkind,
                x.section, x.equation, passages_fts.rank AS rank,
                snippet(passages_fts, 0, :open, :close, '…', 24) AS snippet
            FROM passages_fts JOIN passages x ON x.id = passages_fts.rowid
            WHERE passages_fts MATCH :q AND passages_fts.rowid BETWEEN :lo AND :hi {paper_clause}
            ORDER BY passages_fts.rank LIMIT :limit""",
            params,
        )
        merged = sorted(notes + passages, key=lambda row: row["rank"])
        return merged[:limit]

    def rows_for(self, keys: list[VectorKey]) -> dict[tuple[str, Any], dict[str, Any]]:
        """Full rows, keyed by (kind, row id), for vector keys (semantic hits)."""
        found: dict[tuple[str, Any], dict[str, Any]] = {}
        note_ids = [key for kind, key, _ in keys if kind == "note"]
        passage_ids = [key for kind, key, _ in keys if kind == "passage"]
        if note_ids:
            marks = ",".join("?" * len(note_ids))
            for row in self._query(
                f"""SELECT id AS note_id, paper_id, body AS text, anchor_kind, anchor
                FROM notes WHERE id IN ({marks})""",
                note_ids,
            ):
                found[("note", row["note_id"])] = row
        if passage_ids:
            marks = ",".join("?" * len(passage_ids))
            for row in self._query(
                f"""SELECT id, paper_id, text, kind AS pkind, section, equation
                FROM passages WHERE id IN ({marks})""",
                passage_ids,
            ):
                found[("passage", row["id"])] = row
        return found

    def search(
        self,
        query: str,
        *,
        paper_id: str | None = None,
        mode: SearchMode = "hybrid",
        embedder: Embedder | None = None,
        limit: int = 20,
    ) -> list[SearchHit]:
        """Search notes and indexed papers; see ``paperpal.store.search.search``."""
        from paperpal.store.search import search

        return search(self, query, paper_id=paper_id, mode=mode, embedder=embedder, limit=limit)


# -- conversions -----------------------------------------------------------------------------


def normalise_tag(tag: str) -> str:
    return tag.strip().lstrip("#").strip().lower()


def normalise_tags(tags: Iterable[str]) -> tuple[str, ...]:
    if isinstance(tags, str):
        tags = tags.split(",")
    seen: list[str] = []
    for tag in tags:
        clean = normalise_tag(tag)
        if clean and clean not in seen:
            seen.append(clean)
    return tuple(seen)


def _embed_text(body: str, quote: str | None) -> str:
    return f"{quote}\n{body}" if quote else body


def note_embed_text(note: Note) -> str:
    """The text whose vector represents a note (the quoted passage gives it context)."""
    return _embed_text(note.body, note.quote)


def _insert_note(conn: sqlite3.Connection, note: Note) -> None:
    conn.execute(
        """INSERT INTO notes(id, paper_id, body, anchor_kind, anchor, quote, tags, created,
        updated, deleted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        (
            note.id,
            note.paper_id,
            note.body,
            note.anchor_kind,
            note.anchor,
            note.quote,
            json.dumps(list(note.tags)),
            note.created,
            note.updated,
            int(note.deleted),
        ),
    )


def _row_to_note(row: dict[str, Any]) -> Note:
    return Note(
        id=row["id"],
        paper_id=row["paper_id"],
        body=row["body"],
        anchor_kind=row["anchor_kind"],
        anchor=row["anchor"],
        quote=row["quote"],
        tags=tuple(json.loads(row["tags"] or "[]")),
        created=row["created"],
        updated=row["updated"],
        deleted=bool(row["deleted"]),
    )


def note_to_dict(note: Note) -> dict[str, Any]:
    return {
        "id": note.id,
        "paper_id": note.paper_id,
        "body": note.body,
        "anchor_kind": note.anchor_kind,
        "anchor": note.anchor,
        "quote": note.quote,
        "tags": list(note.tags),
        "created": note.created,
        "updated": note.updated,
        "deleted": note.deleted,
    }


def parse_export(data: Any) -> list[Note]:
    """Validate an export (dict with "notes", or a bare list) into notes; StoreError if bad."""
    items = data.get("notes") if isinstance(data, dict) else data
    if isinstance(data, dict) and data.get("format", EXPORT_FORMAT) != EXPORT_FORMAT:
        raise StoreError(f"This file is not a paperpal notes export (format {data.get('format')!r}).")
    if not isinstance(items, list):
        raise StoreError(
            'A notes import must be a JSON object with a "notes" list (as written by '
            "`paperpal notes export`)."
        )
    notes: list[Note] = []
    for index, item in enumerate(items):
        where = f"note #{index + 1} in the import"
        if not isinstance(item, dict):
            raise StoreError(f"{where} is not a JSON object; nothing was imported.")
        for field in ("id", "paper_id", "body"):
            if not isinstance(item.get(field), str) or not item[field].strip():
                raise StoreError(f"{where} has no {field!r}; nothing was imported.")
        note_id = item["id"].strip().lower()
        if len(note_id) < _MIN_PREFIX or not all(c in "0123456789abcdef-" for c in note_id):
            raise StoreError(f"{where} has an invalid id {item['id']!r}; nothing was imported.")
        kind = item.get("anchor_kind") or "paper"
        if kind not in _ANCHOR_KINDS:
            raise StoreError(f"{where} has an unknown anchor kind {kind!r}; nothing was imported.")
        tags = item.get("tags") or []
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            raise StoreError(f"{where} has tags that are not a list of strings.")
        stamp = item.get("updated") or item.get("created") or ""
        notes.append(
            Note(
                id=note_id,
                paper_id=item["paper_id"].strip(),
                body=item["body"],
                anchor_kind=kind,  # type: ignore[arg-type]  # checked against _ANCHOR_KINDS above
                anchor=_opt_str(item.get("anchor")),
                quote=_opt_str(item.get("quote")),
                tags=normalise_tags(tags),
                created=str(item.get("created") or stamp),
                updated=str(stamp),
                deleted=bool(item.get("deleted", False)),
            )
        )
    return notes


def _opt_str(value: Any) -> str | None:
    return None if value is None else str(value)
