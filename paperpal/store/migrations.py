"""The notes database schema, as numbered migrations.

Owns: the SQL that creates and upgrades the schema, and the schema version kept in SQLite's
``PRAGMA user_version``. Migration N runs only on a database at version N-1, inside one
``BEGIN IMMEDIATE`` transaction together with the version bump, so a crash mid-upgrade leaves the
old schema intact. Add a migration by appending to ``MIGRATIONS``; never edit a released one.

Migrations 1-2 are SQL text (released: never edited). From 3 on a migration is a function given
the ``sqlite_utils.Database``: tables and columns are created with sqlite-utils, which writes the
DDL; FTS5 tables and triggers, if any are added later, stay SQL (see database.py).

Must not: know about notes as values. Works on a ``sqlite3.Connection`` in autocommit mode
(``isolation_level=None``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils


def _vectors_and_note_bases(db: sqlite_utils.Database) -> None:
    """3: vectors stored per paper, contiguously; the shared version of each note.

    ``paper_vectors`` holds one row per indexed paper and model: its passages' vectors as one
    float32 blob (rows in passage id order, from ``first_id``), the same vectors as int8 with a
    scale per row (``quantised``, ``scales``) and as sign bits (``codes``, 48 bytes a row) for
    scanning at library scale, and 8 bytes of each passage's text hash (so re-indexing a paper
    re-embeds only the passages whose text changed). The row is current while ``content_hash``
    equals the paper's in ``papers``.

    ``notes.base`` is the ``updated`` stamp of the version last shared with another reader (set
    by imports); NULL means "as first written". The import merge uses it to tell a stale copy
    from a text that changed on both sides.
    """
    # Column order is record order: what a search loads (codes, scales, int8) comes first, so
    # reading it never walks the float32 blob's overflow pages (measured at 100,000 passages,
    # under load: the sign bits took 0.20 s to read behind the float32 blob, 0.004 s before it).
    db.table("paper_vectors").create(
        {
            "paper_id": str,
            "model": str,
            "content_hash": str,
            "first_id": int,
            "count": int,
            "codes": bytes,
            "scales": bytes,
            "quantised": bytes,
            "hashes": bytes,
            "vectors": bytes,
        },
        pk=("paper_id", "model"),
        not_null={"content_hash", "first_id", "count", "vectors", "quantised", "scales", "codes", "hashes"},
    )
    db.table("notes").add_column("base", str)


Migration = list[str] | Callable[["sqlite_utils.Database"], None]

# Each SQL migration is a list of single statements (triggers contain ";", so no splitting).
MIGRATIONS: list[Migration] = [
    # 1: notes, known concepts, papers' passages, full-text indexes, embedding cache.
    [
        """CREATE TABLE notes (
            id TEXT PRIMARY KEY,
            paper_id TEXT NOT NULL,
            body TEXT NOT NULL,
            anchor_kind TEXT NOT NULL DEFAULT 'paper',
            anchor TEXT,
            quote TEXT,
            tags TEXT NOT NULL DEFAULT '[]',
            created TEXT NOT NULL,
            updated TEXT NOT NULL,
            deleted INTEGER NOT NULL DEFAULT 0
        )""",
        "CREATE INDEX notes_paper ON notes(paper_id)",
        """CREATE TABLE known_concepts (
            concept_id TEXT PRIMARY KEY,
            since TEXT NOT NULL
        )""",
        """CREATE TABLE papers (
            paper_id TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            passages INTEGER NOT NULL,
            indexed TEXT NOT NULL
        )""",
        """CREATE TABLE passages (
            id INTEGER PRIMARY KEY,
            paper_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            section TEXT,
            equation TEXT,
            text TEXT NOT NULL,
            content_hash TEXT NOT NULL
        )""",
        "CREATE INDEX passages_paper ON passages(paper_id)",
        # Notes' index is standalone (note ids are text, FTS needs integer rowids) and kept in
        # step by triggers, so no code path can forget it.
        """CREATE VIRTUAL TABLE notes_fts USING fts5(
            body, quote, anchor, tags, note_id UNINDEXED, tokenize='porter unicode61'
        )""",
        """CREATE TRIGGER notes_ai AFTER INSERT ON notes BEGIN
            INSERT INTO notes_fts(body, quote, anchor, tags, note_id)
            VALUES (new.body, new.quote, new.anchor, new.tags, new.id);
        END""",
        """CREATE TRIGGER notes_ad AFTER DELETE ON notes BEGIN
            DELETE FROM notes_fts WHERE note_id = old.id;
        END""",
        """CREATE TRIGGER notes_au AFTER UPDATE ON notes BEGIN
            DELETE FROM notes_fts WHERE note_id = old.id;
            INSERT INTO notes_fts(body, quote, anchor, tags, note_id)
            VALUES (new.body, new.quote, new.anchor, new.tags, new.id);
        END""",
        # Passages are many (100k+): an external-content index avoids storing the text twice.
        """CREATE VIRTUAL TABLE passages_fts USING fts5(
            text, section, content='passages', content_rowid='id', tokenize='porter unicode61'
        )""",
        """CREATE TRIGGER passages_ai AFTER INSERT ON passages BEGIN
            INSERT INTO passages_fts(rowid, text, section) VALUES (new.id, new.text, new.section);
        END""",
        """CREATE TRIGGER passages_ad AFTER DELETE ON passages BEGIN
            INSERT INTO passages_fts(passages_fts, rowid, text, section)
            VALUES ('delete', old.id, old.text, old.section);
        END""",
        # Vectors keyed by the hash of the embedded text (and the model), so identical text is
        # embedded once and re-indexing an unchanged paragraph costs nothing.
        """CREATE TABLE embeddings (
            content_hash TEXT NOT NULL,
            model TEXT NOT NULL,
            vector BLOB NOT NULL,
            PRIMARY KEY (content_hash, model)
        )""",
    ],
    # 2: rank with column weights inside FTS5 itself, so "ORDER BY rank LIMIT n" is answered by
    # the index in rank order and snippets are built for the returned rows only.
    [
        "INSERT INTO notes_fts(notes_fts, rank) VALUES ('rank', 'bm25(1.0, 0.7, 0.5, 0.5, 0.0)')",
        "INSERT INTO passages_fts(passages_fts, rank) VALUES ('rank', 'bm25(1.0, 0.5)')",
    ],
    _vectors_and_note_bases,
]

LATEST = len(MIGRATIONS)


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, db: sqlite_utils.Database) -> int:
    """Bring the schema up to ``LATEST``; return the version the database was at before."""
    before = schema_version(conn)
    if before > LATEST:
        # A newer paperpal wrote this file; writing with an older schema could damage it.
        raise RuntimeError(f"schema version {before} is newer than this paperpal knows ({LATEST})")
    for number in range(before + 1, LATEST + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have migrated while we waited for the write lock.
            if schema_version(conn) >= number:
                conn.execute("COMMIT")
                continue
            migration = MIGRATIONS[number - 1]
            if callable(migration):
                migration(db)
            else:
                for statement in migration:
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    return before
