"""The notes database under stress: concurrent writers, a killed writer, locked, read-only and
corrupt files. Real subprocesses on a real file."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from paperpal.errors import StoreError
from paperpal.store import database as store_module
from paperpal.store import open_store

ROOT = Path(__file__).resolve().parents[2]


def _spawn(code: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


ADD_NOTES = """
    import sys
    from pathlib import Path
    from paperpal.store import open_store
    with open_store(Path(sys.argv[1])) as store:
        for i in range(int(sys.argv[3])):
            store.add_note("1412.3555", f"{sys.argv[2]} note {i}", tags=[sys.argv[2]])
"""


def test_two_processes_adding_notes_lose_none(tmp_path: Path) -> None:
    db = tmp_path / "n.db"
    open_store(db).close()  # both writers start on an existing, migrated file
    writers = [_spawn(ADD_NOTES, str(db), name, "150") for name in ("alice", "bob")]
    for proc in writers:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, f"a writer failed: {err}"
    with open_store(db) as store:
        for name in ("alice", "bob"):
            got = len(store.list_notes(tag=name))
            assert got == 150, f"{name} added 150 notes but {got} were saved"


def test_two_processes_creating_the_database_at_once(tmp_path: Path) -> None:
    db = tmp_path / "fresh.db"
    writers = [_spawn(ADD_NOTES, str(db), name, "20") for name in ("alice", "bob")]
    for proc in writers:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, f"a writer creating the database failed: {err}"
    with open_store(db) as store:
        assert len(store.list_notes()) == 40, "notes were lost while migrating concurrently"


KILLED_WRITER = """
    import sys, time
    from pathlib import Path
    from paperpal.store import open_store
    from paperpal.store.passages import Passage
    with open_store(Path(sys.argv[1])) as store:
        for i in range(5):
            store.add_note("1412.3555", f"committed {i}")
        def passages():
            for i in range(100_000):
                if i == 2000:
                    print("writing", flush=True)
                    time.sleep(60)  # killed here, mid-transaction
                yield Passage("paragraph", f"passage {i} about gates")
        store.write_passages("1412.3555", "GRU", "hash", passages())
"""


def test_process_killed_mid_write_leaves_a_consistent_database(tmp_path: Path) -> None:
    db = tmp_path / "n.db"
    proc = _spawn(KILLED_WRITER, str(db))
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert line.strip() == "writing", f"the writer did not start: {proc.stderr.read() if proc.stderr else ''}"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok", "database corrupted"
    conn.close()
    with open_store(db) as store:
        assert len(store.list_notes()) == 5, "notes committed before the crash must survive"
        assert store.indexed_papers() == {}, "a half-written index must be rolled back"
        assert store.search("gates", mode="keyword") == [], "no half-indexed passage may match"
        store.add_note("1412.3555", "after the crash")  # and it is writable again
        assert len(store.list_notes()) == 6


LOCKER = """
    import sqlite3, sys, time
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("BEGIN EXCLUSIVE")
    print("locked", flush=True)
    time.sleep(30)
"""


def test_locked_database_gives_a_clear_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "n.db"
    with open_store(db) as store:
        store.add_note("1412.3555", "before the lock")
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_S", 0.3)
    locker = _spawn(LOCKER, str(db))
    try:
        assert locker.stdout is not None and locker.stdout.readline().strip() == "locked"
        with open_store(db) as store, pytest.raises(StoreError, match="locked by another"):
            store.add_note("1412.3555", "while locked")
    finally:
        locker.kill()
        locker.wait()
    with open_store(db) as store:
        assert [n.body for n in store.list_notes()] == ["before the lock"]


def test_garbage_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    db = tmp_path / "n.db"
    db.write_bytes(b"these are my precious notes in a text file\n" * 100)
    before = _digest(db)
    for readonly in (False, True):
        with pytest.raises(StoreError, match="damaged or is not a SQLite database"):
            open_store(db, readonly=readonly)
    assert _digest(db) == before, "a corrupt database file must never be overwritten"


def test_damaged_pages_give_a_clear_message_and_file_is_kept(tmp_path: Path) -> None:
    db = tmp_path / "n.db"
    with open_store(db) as store:
        for i in range(300):
            store.add_note("1412.3555", f"note number {i} " + "padding " * 40)
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(db.read_bytes())
    data[4096 * 2 : 4096 * 6] = os.urandom(4096 * 4)  # smash some pages, keep the header
    db.write_bytes(bytes(data))
    before = _digest(db)
    with pytest.raises(StoreError, match="damaged"):
        with open_store(db) as store:
            store.list_notes()
            store.search("note", mode="keyword")
    assert _digest(db) == before, "a damaged database must not be rewritten"


def test_readonly_open_reads_but_refuses_writes(tmp_path: Path) -> None:
    db = tmp_path / "n.db"
    with open_store(db) as store:
        store.add_note("1412.3555", "read me")
    with open_store(db, readonly=True) as store:
        assert [n.body for n in store.list_notes()] == ["read me"]
        with pytest.raises(StoreError, match="read-only"):
            store.add_note("1412.3555", "nope")
    with pytest.raises(StoreError, match="no notes database"):
        open_store(tmp_path / "missing.db", readonly=True)


def test_readonly_file_gives_a_clear_message_and_is_not_changed(tmp_path: Path) -> None:
    db = tmp_path / "n.db"
    with open_store(db) as store:
        store.add_note("1412.3555", "read me")
    before = _digest(db)
    with _unwritable(db):
        with pytest.raises(StoreError, match="read-only"):
            open_store(db)
    assert _digest(db) == before


@contextlib.contextmanager
def _unwritable(path: Path) -> Iterator[None]:
    """``path`` made unwritable: read-only permissions, or for root (whom permissions do not stop)
    the immutable attribute, which stops every user."""
    if os.geteuid() != 0:
        path.chmod(0o444)
        try:
            yield
        finally:
            path.chmod(0o644)
        return
    if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(path)]).returncode != 0:
        pytest.skip("running as root on a file system that cannot make a file immutable")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)
