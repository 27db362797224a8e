"""Pooling notes safely: every imported field is checked, a local text is never lost (conflict
copies), exports are written atomically, long notes search in bounded time."""

from __future__ import annotations

import json
import os
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from paperpal.cli import cli
from paperpal.errors import StoreError, WriteError
from paperpal.store import open_store
from paperpal.store.exchange import CONFLICT_TAG, NotesImport
from paperpal.store.keyword import TEXT_CHARS
from paperpal.store.snippets import SNIPPET_CHARS

NOTE_ID = "0123456789abcdef0123456789abcdef"


def export_of(**fields: object) -> dict[str, object]:
    note = {
        "id": NOTE_ID,
        "paper_id": "1412.3555",
        "body": "their text",
        "updated": "2026-01-02T00:00:00+00:00",
    }
    note.update(fields)
    return {"format": "paperpal-notes", "notes": [note]}


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"updated": "z", "deleted": True}, "not an ISO 8601 timestamp"),
        ({"created": 20260101}, "not a timestamp"),
        ({"deleted": "false"}, "must be true or false"),
        ({"deleted": 0}, "must be true or false"),
        ({"updated": "9999-12-31T00:00:00+00:00"}, "in the future"),
        ({"body": 42}, "an invalid 'body'"),
        ({"paper_id": ["x"]}, "an invalid 'paper_id'"),
        ({"body": "half a pair \ud800"}, "not valid Unicode"),
        ({"anchor": {"x": 1}}, "an invalid 'anchor'"),
        ({"tags": "question"}, "not a list of strings"),
        ({"anchor_kind": ["paper"]}, "unknown anchor kind"),
    ],
)
def test_an_invalid_field_imports_nothing_and_keeps_the_local_note(
    tmp_path: Path, fields: dict[str, object], message: str
) -> None:
    with open_store(tmp_path / "n.db") as store:
        store.import_notes(export_of(body="my text", updated="2026-01-01T00:00:00+00:00"))
        with pytest.raises(StoreError, match=message):
            store.import_notes(export_of(**fields))
        kept = store.get_note(NOTE_ID)
        assert (kept.body, kept.deleted) == ("my text", False), "a refused import must change nothing"


def test_timestamps_are_compared_as_times_not_text(tmp_path: Path) -> None:
    with open_store(tmp_path / "n.db") as store:
        store.import_notes(export_of(body="at noon UTC", updated="2026-01-01T12:00:00+00:00"))
        # 13:00 in +02:00 is 11:00 UTC: older, although its text sorts after "12:00".
        result = store.import_notes(
            export_of(body="at noon UTC", updated="2026-01-01T13:00:00+02:00", deleted=True)
        )
        assert result == NotesImport(0, 0, 1)
        assert not store.get_note(NOTE_ID).deleted


def test_a_text_changed_on_both_sides_keeps_both(tmp_path: Path) -> None:
    with open_store(tmp_path / "alice.db") as alice, open_store(tmp_path / "bob.db") as bob:
        shared = alice.add_note("1412.3555", "The update gate mixes old and new.")
        bob.import_notes(json.loads(json.dumps(alice.export_notes())))
        alice.update_note(shared.id, body="Alice: z weighs the candidate.")
        bob.update_note(shared.id, body="Bob: 1 - z weighs the old state.")  # later: newer
        result = alice.import_notes(bob.export_notes())
        assert result.updated == 1 and len(result.conflicts) == 1
        assert alice.get_note(shared.id).body == "Bob: 1 - z weighs the old state."
        (copy,) = alice.list_notes(tag=CONFLICT_TAG)
        assert copy.id == result.conflicts[0] and copy.body == "Alice: z weighs the candidate."
        assert copy.paper_id == "1412.3555" and not copy.deleted
        again = alice.import_notes(bob.export_notes())
        assert again.conflicts == () and len(alice.list_notes(tag=CONFLICT_TAG)) == 1, "no second copy"
        # The copy travels like any note: Bob gets Alice's concurrent edit too, once.
        back = bob.import_notes(alice.export_notes())
        assert back == NotesImport(1, 0, 1)
        assert [n.body for n in bob.list_notes(tag=CONFLICT_TAG)] == ["Alice: z weighs the candidate."]
        assert bob.get_note(shared.id).body == "Bob: 1 - z weighs the old state."


def test_a_newer_deletion_hides_but_keeps_a_locally_edited_text(tmp_path: Path) -> None:
    with open_store(tmp_path / "n.db") as store:
        store.import_notes(export_of(body="shared", updated="2026-01-01T00:00:00+00:00"))
        store.update_note(NOTE_ID, body="my edit")  # now: newer than anything imported below
        stale = store.import_notes(
            export_of(body="shared", updated="2026-01-02T00:00:00+00:00", deleted=True)
        )
        assert stale.skipped == 1 and store.get_note(NOTE_ID).body == "my edit"


def test_an_unchanged_local_note_takes_the_newer_text_without_a_copy(tmp_path: Path) -> None:
    with open_store(tmp_path / "n.db") as store:
        store.import_notes(export_of(body="first", updated="2026-01-01T00:00:00+00:00"))
        result = store.import_notes(export_of(body="second", updated="2026-01-02T00:00:00+00:00"))
        assert result == NotesImport(0, 1, 0) and store.get_note(NOTE_ID).body == "second"
        assert store.list_notes(tag=CONFLICT_TAG) == []


def run(*args: str, input: str | bytes | None = None):  # noqa: ANN201 - click's Result
    return CliRunner().invoke(cli, list(args), input=input)


def test_import_cli_refuses_bad_bytes_and_deep_nesting(tmp_path: Path) -> None:
    bad = tmp_path / "latin1.json"
    bad.write_bytes(b'{"notes": [{"body": "caf\xe9"}]}')
    result = run("notes", "import", str(bad))
    assert isinstance(result.exception, StoreError) and "not UTF-8" in str(result.exception)
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    result = run("notes", "import", str(deep))
    assert isinstance(result.exception, StoreError) and "nested too deeply" in str(result.exception)


def test_import_cli_reports_conflict_copies(home: Path) -> None:
    first = export_of(body="mine", updated="2026-01-01T00:00:00+00:00")
    assert run("notes", "import", "-", input=json.dumps(first)).exit_code == 0
    assert run("note", "edit", NOTE_ID, "--text", "my local edit").exit_code == 0
    soon = (datetime.now(UTC) + timedelta(hours=1)).isoformat()  # newer than the edit, not "future"
    theirs = export_of(body="theirs", updated=soon)
    result = run("notes", "import", "-", "--json", input=json.dumps(theirs))
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["updated"] == 1 and len(data["conflicts"]) == 1
    listed = json.loads(run("notes", "--tag", "conflict", "--json").stdout)
    assert [n["body"] for n in listed] == ["my local edit"]


def test_export_to_a_file_is_atomic_and_keeps_its_mode(home: Path, tmp_path: Path, monkeypatch) -> None:
    assert run("note", "add", "1412.3555", "kept safe").exit_code == 0
    target = tmp_path / "backup.json"
    target.write_text('{"old": "backup"}')
    target.chmod(0o644)
    assert run("notes", "export", "-o", str(target)).exit_code == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o644, "the file's permissions must be kept"
    assert json.loads(target.read_text())["notes"][0]["body"] == "kept safe"
    previous = target.read_text()

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    result = run("notes", "export", "-o", str(target))
    assert isinstance(result.exception, WriteError) and "No space left" in str(result.exception)
    assert target.read_text() == previous, "a failed export must leave the old backup whole"
    assert [p.name for p in tmp_path.iterdir()] == ["backup.json"], "no temporary file may be left"


def test_export_refuses_what_is_not_a_regular_file_and_dash_is_stdout(home: Path, tmp_path: Path) -> None:
    assert run("note", "add", "1412.3555", "to stdout").exit_code == 0
    result = run("notes", "export", "-o", str(tmp_path))
    assert result.exit_code != 0
    result = run("notes", "export", "-o", "/dev/null")
    assert isinstance(result.exception, WriteError) and "writes only regular files" in str(result.exception)
    result = run("notes", "export", "-o", "-")
    assert result.exit_code == 0 and json.loads(result.stdout)["notes"][0]["body"] == "to stdout"
    assert not Path("-").exists()


def test_keyword_search_in_a_long_note_is_bounded(tmp_path: Path) -> None:
    body = "gate " * 32_000  # 160 KB, 32,000 matches: FTS5's snippet() took 6.7 s on it
    with open_store(tmp_path / "n.db") as store:
        store.add_note("1412.3555", body)
        store.add_note("1412.3555", "x " * 200_000 + "the reset gate at the very end")
        hits = store.search("gate", mode="keyword")
        assert len(hits) == 2
        for hit in hits:
            assert "[gate]" in hit.snippet or hit.snippet.startswith("x x"), hit.snippet[:80]
            unmarked = hit.snippet.replace("[", "").replace("]", "")
            assert len(unmarked) <= SNIPPET_CHARS + 2 and len(hit.text) <= TEXT_CHARS
