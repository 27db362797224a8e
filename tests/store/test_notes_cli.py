"""The `note`, `notes` and `search` commands, end to end on a real notes database."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from paperpal.cli import cli
from paperpal.errors import NotFoundInPaper, StoreError

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=input)


def ok(*args: str, input: str | None = None) -> str:
    result = run(*args, input=input)
    assert result.exit_code == 0, f"`paperpal {' '.join(args)}` failed: {result.output}{result.exception!r}"
    return result.stdout


def test_add_list_edit_remove_restore(home: Path) -> None:
    saved = json.loads(
        ok(
            "note",
            "add",
            "arXiv:1412.3555v1",
            "--equation",
            "5",
            "--question",
            "-t",
            "gates,gru",
            "Why",
            "a",
            "dial?",
            "--json",
        )
    )
    assert saved["paper_id"] == "1412.3555", "a versioned REF must map to the library id"
    assert (saved["anchor_kind"], saved["anchor"], saved["body"]) == ("equation", "5", "Why a dial?")
    assert saved["tags"] == ["gates", "gru", "question"]
    ok("note", "add", "1706.03762", "--quote", "Attention is all you need", "Bold claim.")
    listed = json.loads(ok("notes", "1412.3555", "--json"))
    assert [n["id"] for n in listed] == [saved["id"]], "`notes REF` must list that paper's notes"
    assert len(json.loads(ok("notes", "--json"))) == 2
    assert len(json.loads(ok("notes", "--tag", "question", "--json"))) == 1
    assert "Bold claim." in ok("notes")
    short = saved["id"][:8]
    assert json.loads(ok("note", "edit", short, "--text", "Edited", "--json"))["body"] == "Edited"
    ok("note", "rm", short)
    assert len(json.loads(ok("notes", "--json"))) == 1, "a removed note must not be listed"
    ok("note", "restore", short)
    assert json.loads(ok("note", "show", short, "--json"))["deleted"] is False


def test_add_without_text_uses_the_editor(monkeypatch: pytest.MonkeyPatch) -> None:
    # paperpal hands click.edit bytes (so an editor that saves Latin-1 loses nothing) and gets bytes back.
    monkeypatch.setattr(
        click, "edit", lambda text=None, **_: b"Written in $EDITOR, with $x^2$.\n" + (text or b"")
    )
    saved = json.loads(ok("note", "add", "1412.3555", "--json"))
    assert saved["body"] == "Written in $EDITOR, with $x^2$.", "the editor hint must be stripped"
    monkeypatch.setattr(click, "edit", lambda text=None, **_: b"   \n")
    result = run("note", "add", "1412.3555")
    assert result.exit_code != 0 and "empty" in result.output, "an empty edit must abort"
    assert len(json.loads(ok("notes", "--json"))) == 1, "an aborted edit must save nothing"


def test_export_import_round_trip(tmp_path: Path) -> None:
    ok("note", "add", "1412.3555", "shared note")
    exported = tmp_path / "notes.json"
    ok("notes", "export", "-o", str(exported))
    assert json.loads(ok("notes", "import", str(exported), "--json")) == {
        "added": 0,
        "updated": 0,
        "skipped": 1,
        "conflicts": [],
    }
    data = json.loads(exported.read_text())
    data["notes"].append({**data["notes"][0], "id": "f" * 32, "body": "from a friend"})
    imported = json.loads(ok("notes", "import", "-", "--json", input=json.dumps(data)))
    assert imported == {"added": 1, "updated": 0, "skipped": 1, "conflicts": []}
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    result = run("notes", "import", str(bad))
    assert isinstance(result.exception, StoreError) and "not JSON" in str(result.exception)


def test_search_keyword_json_and_odd_queries() -> None:
    ok("note", "add", "1412.3555", "-t", "question", "Is the reset gate ever fully closed?")
    hits = json.loads(ok("search", "reset gate", "--keyword", "--json"))
    assert hits and hits[0]["kind"] == "note" and "[reset]" in hits[0]["snippet"]
    for query in ['"unbalanced', "(gate AND", "-", "NEAR(", "*"]:
        ok("search", query, "--keyword", "--json")
    assert json.loads(ok("search", "gate", "--keyword", "--paper", "1706.03762", "--json")) == []


def test_errors_are_messages_not_tracebacks() -> None:
    result = run("note", "show", "0123456789")
    assert isinstance(result.exception, NotFoundInPaper)
    proc = subprocess.run(
        [sys.executable, "-m", "paperpal", "note", "rm", "abc"], cwd=ROOT, capture_output=True, text=True
    )
    assert proc.returncode == StoreError.exit_code, proc.stderr
    assert "at least 6 characters" in proc.stderr and "Traceback" not in proc.stderr


def test_anchors_are_checked_against_a_library_paper(corpus: Path) -> None:
    source = str(corpus / "1603.07285" / "source.tar.gz")
    saved = json.loads(ok("note", "add", source, "--section", "2.1", "Stride 1 first.", "--json"))
    assert saved["paper_id"].startswith("local-") and saved["anchor_kind"] == "section"
    assert saved["anchor"].startswith("sec-"), "a section number should be stored as its section id"
    ok("note", "add", source, "--term", "zero padding", "A term note.")
    for option, value in (("--section", "9.9"), ("--term", "quantum gravity"), ("--equation", "999")):
        result = run("note", "add", source, option, value, "never saved")
        assert isinstance(result.exception, NotFoundInPaper), f"{option} {value}: {result.output}"
    assert len(json.loads(ok("notes", "--json"))) == 2, "a rejected anchor must save nothing"
