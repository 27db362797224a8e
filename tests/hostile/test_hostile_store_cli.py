"""A notes database that is locked, read-only or corrupt, through the real CLI.

Every case gives ``StoreError`` (exit 7) with a message saying what to do, leaves the file
byte-for-byte as it was, and loses no note: the notes written before the fault are all there
afterwards. Reading a paper (`paperpal show`) never depends on the notes database: it warns and
goes on.

Read-only is real: when the tests run as root (whom file permissions do not stop), notes.db is
made immutable (``chattr +i``), which no user can write.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hostile_support import digest, expect_failure, expect_success, run_cli

from paperpal.errors import StoreError

AS_ROOT = os.geteuid() == 0

LOCKER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
conn.rollback()
"""


def _add(home: Path, body: str, *extra: str) -> None:
    expect_success(run_cli("note", "add", "1412.3555", body, *extra, home=home))


def _bodies(home: Path) -> list[str]:
    ran = run_cli("notes", "--json", home=home)
    expect_success(ran)
    return sorted(n["body"] for n in json.loads(ran.out))


def _kept_file(err: str) -> Path:
    """The file a refused note was kept in, as the message names it."""
    found = re.search(r"kept in (\S+\.json);", err)
    assert found, f"the message does not say where the note was kept:\n{err}"
    return Path(found.group(1))


def _kept_bodies(path: Path) -> list[str]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [n["body"] for n in data["notes"]]


def _checkpointed(db: Path) -> None:
    """Fold the WAL into the main file so its bytes are the whole database."""
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def _tiny_paper(folder: Path) -> Path:
    paper = folder / "tiny.tex"
    paper.write_text(
        "\\documentclass{article}\\begin{document}\\section{Gates}\n"
        "The gate $z$ mixes old and new.\n\\begin{equation} h = z a + (1 - z) b \\end{equation}\n"
        "\\end{document}\n",
        encoding="utf-8",
    )
    return paper


@pytest.fixture
def locker(home: Path) -> Iterator[object]:
    """``locker(seconds)`` holds an exclusive lock on notes.db from another process."""
    procs: list[subprocess.Popen[str]] = []

    def lock(seconds: float) -> subprocess.Popen[str]:
        proc = subprocess.Popen(
            [sys.executable, "-c", LOCKER, str(home / "notes.db"), str(seconds)],
            stdout=subprocess.PIPE,
            text=True,
        )
        procs.append(proc)
        assert proc.stdout is not None and proc.stdout.readline().strip() == "locked", "the locker failed"
        return proc

    yield lock
    for proc in procs:
        proc.kill()
        proc.wait()


@pytest.mark.slow
def test_locked_database_gives_a_clear_message_and_loses_nothing(home: Path, locker) -> None:
    _add(home, "before the lock")
    holder = locker(60)
    ran = run_cli("note", "add", "1412.3555", "while locked", home=home, timeout=60)
    expect_failure(ran, StoreError.exit_code, "locked by another", "paperpal notes import")
    assert ran.seconds < 30, f"waiting for the lock took {ran.seconds:.1f} s"
    kept = _kept_file(ran.err)
    assert kept.parent == home / "unsaved-notes" and _kept_bodies(kept) == ["while locked"]
    holder.kill()
    holder.wait()
    assert _bodies(home) == ["before the lock"], "the notes written before the lock must all be there"
    # What the message says to do brings the refused note in.
    expect_success(run_cli("notes", "import", str(kept), home=home))
    assert _bodies(home) == ["before the lock", "while locked"]


def test_a_short_lock_is_waited_out(home: Path, locker) -> None:
    _add(home, "first")
    locker(1.5)
    ran = run_cli("note", "add", "1412.3555", "second, after waiting", home=home, timeout=60)
    expect_success(ran)
    assert _bodies(home) == ["first", "second, after waiting"]


@pytest.fixture
def readonly_db(home: Path) -> Iterator[Path]:
    """notes.db with one note, made unwritable for the CLI: read-only permissions, or for root
    (whom permissions do not stop) the immutable attribute, which stops every user."""
    _add(home, "written while writable")
    db = home / "notes.db"
    _checkpointed(db)
    if AS_ROOT:
        if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(db)]).returncode != 0:
            pytest.skip("running as root and the file system cannot make notes.db immutable")
        try:
            yield db
        finally:
            subprocess.run(["chattr", "-i", str(db)], check=True)
        return
    db.chmod(0o444)
    try:
        yield db
    finally:
        db.chmod(0o644)


def test_readonly_database_is_refused_for_writes_and_left_unchanged(home: Path, readonly_db: Path) -> None:
    before = digest(readonly_db)
    ran = run_cli("note", "add", "1412.3555", "should not be saved", home=home)
    expect_failure(ran, StoreError.exit_code, "is read-only", "left it unchanged")
    assert digest(readonly_db) == before, "a read-only database was changed"
    assert not (home / "notes.db-wal").exists()
    assert _kept_bodies(_kept_file(ran.err)) == ["should not be saved"], "the refused note was lost"


def test_an_edit_the_database_refuses_is_kept_and_imports_later(home: Path, readonly_db: Path) -> None:
    listed = run_cli("notes", "--json", home=home)
    expect_success(listed)
    note_id = json.loads(listed.out)[0]["id"]
    ran = run_cli("note", "edit", note_id[:8], "--text", "edited while read-only", home=home)
    expect_failure(ran, StoreError.exit_code, "read-only")
    kept = _kept_file(ran.err)
    assert _kept_bodies(kept) == ["edited while read-only"]
    # Writable again (what the fixture undoes at the end): the import replaces the old text.
    if AS_ROOT:
        subprocess.run(["chattr", "-i", str(readonly_db)], check=True)
    else:
        readonly_db.chmod(0o644)
    expect_success(run_cli("notes", "import", str(kept), home=home))
    assert _bodies(home) == ["edited while read-only"]


def test_a_note_that_cannot_be_kept_in_a_file_is_printed(home: Path) -> None:
    (home / "notes.db").write_bytes(GARBAGE)
    (home / "unsaved-notes").write_text("a file where the folder would go\n")
    ran = run_cli("note", "add", "1412.3555", "my precious words about the gates", home=home)
    expect_failure(ran, StoreError.exit_code, "here is its text", "my precious words about the gates")


def test_readonly_database_can_still_be_read(home: Path, readonly_db: Path) -> None:
    before = digest(readonly_db)
    ran = run_cli("notes", "--json", home=home)
    expect_success(ran)
    assert [n["body"] for n in json.loads(ran.out)] == ["written while writable"]
    exported = run_cli("notes", "export", home=home)
    expect_success(exported)
    assert [n["body"] for n in json.loads(exported.out)["notes"]] == ["written while writable"]
    found = run_cli("search", "--keyword", "writable", "--json", home=home)
    expect_success(found)
    assert "read-only" in found.err, found.describe()
    assert any(hit["kind"] == "note" for hit in json.loads(found.out)), found.describe()
    assert digest(readonly_db) == before, "reading a read-only database changed it"


def test_show_works_with_a_readonly_database(home: Path, readonly_db: Path, tmp_path: Path) -> None:
    before = digest(readonly_db)
    ran = run_cli("show", str(_tiny_paper(tmp_path)), home=home)
    expect_success(ran)
    # Known concepts are only read, so a read-only database serves them as it is.
    assert "could not read known concepts" not in ran.err, ran.describe()
    assert "Gates" in ran.out
    assert digest(readonly_db) == before, "showing a paper changed a read-only database"


GARBAGE = b"these are my precious notes, kept in a plain text file by mistake\n" * 200


@pytest.mark.parametrize(
    "command",
    [
        ("note", "add", "1412.3555", "a new note"),
        ("notes", "--json"),
        ("search", "--keyword", "gates"),
        ("know", "logistic-sigmoid"),
        ("notes", "export"),
    ],
    ids=lambda c: "-".join(c[:2]),
)
def test_garbage_database_is_refused_and_never_overwritten(home: Path, command: tuple[str, ...]) -> None:
    db = home / "notes.db"
    db.write_bytes(GARBAGE)
    ran = run_cli(*command, home=home)
    expect_failure(ran, StoreError.exit_code, "damaged or is not a SQLite database", "has not changed it")
    assert db.read_bytes() == GARBAGE, "a corrupt notes database was overwritten"
    journals = sorted(p.name for p in home.glob("notes.db-*"))
    assert journals == [], f"journal files were created beside a corrupt database: {journals}"


def test_damaged_pages_are_refused_and_the_file_is_kept(home: Path) -> None:
    for i in range(3):
        _add(home, f"note {i} " + "padding " * 600)
    db = home / "notes.db"
    _checkpointed(db)
    data = bytearray(db.read_bytes())
    data[4096 * 2 :] = os.urandom(len(data) - 4096 * 2)  # keep the header, smash every later page
    db.write_bytes(bytes(data))
    before = digest(db)
    for command in (("notes", "--json"), ("search", "--keyword", "note"), ("note", "add", "1412.3555", "x")):
        ran = run_cli(*command, home=home)
        expect_failure(ran, StoreError.exit_code, "damaged")
        assert digest(db) == before, f"`paperpal {' '.join(command)}` changed a damaged database"


def test_show_works_with_a_corrupt_database(home: Path, tmp_path: Path) -> None:
    (home / "notes.db").write_bytes(GARBAGE)
    ran = run_cli("show", str(_tiny_paper(tmp_path)), home=home)
    expect_success(ran)
    assert "could not read known concepts" in ran.err and "damaged" in ran.err, ran.describe()
    assert "Gates" in ran.out
    assert (home / "notes.db").read_bytes() == GARBAGE
