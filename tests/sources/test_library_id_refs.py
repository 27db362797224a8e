"""A local paper is named by the id `paperpal library` lists, in every command that takes a REF
(issue 18, item 11); and the CLI shows quotes and snippets with their math in Unicode (item 4)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from paperpal.errors import BadReference
from paperpal.sources import parse_ref


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "paperpal", *args],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=180,
    )


def test_a_library_id_parses_as_a_paper_in_the_library() -> None:
    ref = parse_ref("local-7934ef664acb")
    assert (ref.kind, ref.library_id, ref.path) == ("local", "local-7934ef664acb", None)
    with pytest.raises(BadReference):
        parse_ref("local-7934ef664acbX")


@pytest.fixture
def imported(corpus: Path, tmp_path: Path, home: Path) -> str:
    folder = tmp_path / "my-paper"
    folder.mkdir()
    shutil.copy(corpus / "1412.3555" / "paper.pdf", folder / "paper.pdf")
    fetched = run("fetch", str(folder), "--json")
    assert fetched.returncode == 0, fetched.stderr
    listed = run("library", "--json")
    (paper,) = [p for p in json.loads(listed.stdout) if p["id"].startswith("local-")]
    return str(paper["id"])


def test_every_command_that_takes_a_ref_takes_the_library_id(imported: str, tmp_path: Path) -> None:
    for args in (
        ("fetch", imported),
        ("show", imported),
        ("explain", imported, "--equation", "5"),
        ("path", imported),
        ("export", imported, "--format", "md", "--out", str(tmp_path / "out.md")),
        ("note", "add", imported, "--equation", "5", "A note on a local paper."),
        ("notes", imported),
    ):
        result = run(*args)
        assert result.returncode == 0, f"paperpal {' '.join(args)} failed: {result.stderr}"
    assert "A note on a local paper." in run("notes", imported).stdout
    assert "update gate" in run("explain", imported, "--equation", "5").stdout


def test_an_unknown_library_id_is_a_clear_one_line_error(home: Path) -> None:
    result = run("show", "local-000000000000")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "paperpal: local-000000000000 is not in your library (`paperpal library` lists what is); "
        "open the file or folder it was imported from instead."
    ]


def test_the_cli_shows_quotes_snippets_and_evidence_with_math_in_unicode(fake_arxiv, home: Path) -> None:
    assert run("fetch", "1412.3555").returncode == 0
    added = run(
        "note",
        "add",
        "1412.3555",
        "--quote",
        "the activation $h_t^j$ of the GRU",
        "Mixing, it costs $5 and $10.",
    )
    assert added.returncode == 0, added.stderr
    notes = run("notes", "1412.3555").stdout
    assert "hₜʲ" in notes and "$h_t" not in notes, notes
    assert "$5 and $10" in notes, "money is not math"
    found = run("search", "activation", "--keyword", "--paper", "1412.3555").stdout
    assert "activation" in found and "$h_t" not in found and "$$" not in found, found
    explained = run("explain", "1412.3555", "--equation", "5").stdout
    assert "$" not in explained, explained
