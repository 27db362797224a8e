"""Notes, known concepts and note exchange, on a real SQLite file."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from paperpal.errors import NotFoundInPaper, StoreError
from paperpal.store import open_store
from paperpal.store.exchange import NotesImport
from paperpal.store.migrations import LATEST


def test_default_path_is_created_in_paperpal_home(home: Path) -> None:
    with open_store() as store:
        store.add_note("1412.3555", "first")
    db = home / "notes.db"
    assert db.is_file(), "open_store() should create notes.db inside PAPERPAL_HOME"
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal", "the database must use WAL"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST, "migrations not applied"


def test_known_concepts_round_trip(tmp_path: Path) -> None:
    with open_store(tmp_path / "n.db") as store:
        assert store.known_concepts() == frozenset()
        store.set_known("softmax")
        store.set_known("softmax")  # idempotent
        store.set_known("gradient")
        store.set_known("gradient", False)
    with open_store(tmp_path / "n.db") as again:
        assert again.known_concepts() == frozenset({"softmax"}), "known concepts must persist"


def test_note_lifecycle(tmp_path: Path) -> None:
    with open_store(tmp_path / "n.db") as store:
        note = store.add_note(
            "1412.3555",
            "The update gate $z_t$ is a dial.",
            anchor_kind="equation",
            anchor="5",
            tags=["Question", "#gates", "question"],
        )
        assert note.tags == ("question", "gates"), "tags should be normalised and deduplicated"
        assert store.get_note(note.id[:6]) == note, "a 6-character prefix should find the note"
        edited = store.update_note(note.id, body="Edited", tags=["gates"])
        assert edited.body == "Edited" and edited.tags == ("gates",)
        assert edited.updated > note.updated, "editing must move the updated timestamp"
        store.delete_note(note.id)
        assert store.list_notes() == [], "a deleted note must not be listed"
        assert store.list_notes(include_deleted=True)[0].deleted, "deletion must be soft"
        store.restore_note(note.id[:8])
        assert [n.id for n in store.list_notes()] == [note.id], "restore must bring it back"


def test_list_filters_by_paper_and_tag(tmp_path: Path) -> None:
    with open_store(tmp_path / "n.db") as store:
        a = store.add_note("1412.3555", "a", tags=["question"])
        store.add_note("1412.3555", "b")
        c = store.add_note("1706.03762", "c", tags=["question"])
        assert [n.id for n in store.list_notes(tag="question")] == [a.id, c.id]
        assert [n.body for n in store.list_notes(paper_id="1412.3555")] == ["a", "b"]
        assert [n.id for n in store.list_notes("1706.03762", tag="question")] == [c.id]


def test_bad_ids_and_empty_notes_give_clear_errors(tmp_path: Path) -> None:
    with open_store(tmp_path / "n.db") as store:
        with pytest.raises(NotFoundInPaper, match="No note with id"):
            store.get_note("abcdef123")
        with pytest.raises(StoreError, match="at least 6"):
            store.get_note("ab")
        with pytest.raises(StoreError, match="empty"):
            store.add_note("1412.3555", "   ")
        with pytest.raises(StoreError, match="anchor"):
            store.add_note("1412.3555", "x", anchor_kind="page")


def test_export_import_merges_without_duplicates(tmp_path: Path) -> None:
    with open_store(tmp_path / "alice.db") as alice, open_store(tmp_path / "bob.db") as bob:
        shared = alice.add_note("1412.3555", "GRU gates", tags=["question"])
        alice.add_note("1706.03762", "attention")
        bob.add_note("1412.3555", "bob's own")
        data = json.loads(json.dumps(alice.export_notes()))  # through real JSON
        assert bob.import_notes(data) == NotesImport(2, 0, 0)
        assert bob.import_notes(data) == NotesImport(0, 0, 2), "importing twice must not duplicate notes"
        assert len(bob.list_notes()) == 3
        # Bob edits the shared note later: his newer edit wins over Alice's older copy...
        bob.update_note(shared.id, body="bob's better text")
        assert bob.import_notes(data) == NotesImport(0, 0, 2)
        assert bob.get_note(shared.id).body == "bob's better text"
        # ...and comes back to Alice, with the same id.
        assert alice.import_notes(bob.export_notes()) == NotesImport(1, 1, 1)
        assert alice.get_note(shared.id).body == "bob's better text"


def test_import_rejects_garbage_and_changes_nothing(tmp_path: Path) -> None:
    with open_store(tmp_path / "n.db") as store:
        store.add_note("1412.3555", "keep me")
        for bad in ({"notes": "nope"}, [{"id": "zz"}], {"format": "other", "notes": []}, 42):
            with pytest.raises(StoreError):
                store.import_notes(bad)
        good = {"id": "a" * 32, "paper_id": "x", "body": "fine"}
        with pytest.raises(StoreError, match="#2"):
            store.import_notes({"notes": [good, {"id": "b" * 32, "paper_id": "x"}]})
        assert [n.body for n in store.list_notes()] == ["keep me"], "a bad import must add nothing"
