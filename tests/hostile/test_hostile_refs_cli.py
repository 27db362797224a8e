"""Hostile paper references through the real CLI: rejected before any network use or any write.

Path tricks, empty and huge input, look-alike Unicode digits, control characters and URLs of
other hosts all give ``BadReference`` (exit 2) with a message listing what is accepted. The fake
arXiv counts requests, so "no network" is checked, not assumed; the home folder is compared
before and after, so "nothing written" is checked too.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hostile_support import expect_failure, run_cli

from paperpal.errors import BadReference

HOSTILE_REFS = {
    "dotdot-missing": ("../../etc/passwd", "no such file or folder"),
    "empty": ("", "no paper given"),
    "blank": ("   \t ", "no paper given"),
    "very-long": ("1" * 5000, "5000 characters long"),
    "fullwidth-digits": ("１４１２.３５５５", "not an arXiv id"),
    "rtl-override": ("\u202e1412.3555", "not an arXiv id"),
    "newline": ("1412.3555\n../../x", "no such file or folder"),
    "id-then-dotdot": ("1412.3555/../../x", "no such file or folder"),
    "prefix-then-dotdot": ("arXiv:../../etc/passwd", "no such file or folder"),
    "other-host": ("https://evil.example/abs/1412.3555", "is not an arxiv.org abs or pdf URL"),
    "file-url": ("file:///etc/passwd", "is not an arxiv.org abs or pdf URL"),
    "version-zero": ("1412.3555v0", "not an arXiv id"),
    "month-13": ("1413.00001", "not an arXiv id"),
    "device": ("/dev/zero", "not a paper file"),
    "long-file-name": ("x" * 300 + ".pdf", "no such file or folder"),
}


def _untouched(home: Path) -> list[str]:
    return sorted(p.relative_to(home).as_posix() for p in home.rglob("*"))


@pytest.mark.parametrize(("ref", "fragment"), list(HOSTILE_REFS.values()), ids=list(HOSTILE_REFS))
def test_fetch_refuses_before_any_io(fake_arxiv, tmp_path: Path, home: Path, ref: str, fragment: str) -> None:
    ran = run_cli("fetch", "--", ref, home=home, cwd=tmp_path)
    expect_failure(ran, BadReference.exit_code, fragment)
    assert fake_arxiv.count() == 0, f"{ref!r} reached the network: {[r.path for r in fake_arxiv.requests]}"
    assert _untouched(home) == [], f"{ref[:40]!r} wrote into the home folder: {_untouched(home)}"
    assert len(ran.err) < 600, f"the message should stay short even for a long REF: {len(ran.err)} chars"


def test_existing_system_files_are_not_papers(fake_arxiv, tmp_path: Path, home: Path) -> None:
    """`../../etc/passwd` that does resolve to a real file: refused for what it is, not read."""
    (tmp_path / "etc").mkdir()
    (tmp_path / "etc" / "passwd").write_text("root:x:0:0:root:/root:/bin/bash\n")
    cwd = tmp_path / "a" / "b"
    cwd.mkdir(parents=True)
    ran = run_cli("fetch", "../../etc/passwd", home=home, cwd=cwd)
    expect_failure(ran, BadReference.exit_code, "../../etc/passwd is not a paper file")
    assert "root:x" not in ran.err + ran.out
    assert fake_arxiv.count() == 0 and _untouched(home) == []


def test_symlink_loop_and_paperless_folder(fake_arxiv, tmp_path: Path, home: Path) -> None:
    loop = tmp_path / "loop.pdf"
    os.symlink(loop, loop)
    ran = run_cli("fetch", str(loop), home=home, cwd=tmp_path)
    expect_failure(ran, BadReference.exit_code)
    empty = tmp_path / "nothing-here"
    empty.mkdir()
    (empty / "notes.txt").write_text("not a paper")
    ran = run_cli("show", str(empty), home=home, cwd=tmp_path)
    expect_failure(ran, BadReference.exit_code, "holds no .tex, .pdf or .tar.gz file")
    assert fake_arxiv.count() == 0


@pytest.mark.parametrize(
    "command",
    [("show",), ("explain",), ("path",), ("note", "add"), ("notes",), ("open",), ("export",)],
    ids=lambda c: "-".join(c),
)
def test_every_command_taking_a_ref_refuses_it(
    fake_arxiv, tmp_path: Path, home: Path, command: tuple[str, ...]
) -> None:
    extra = ("a note",) if command == ("note", "add") else ()
    ran = run_cli(*command, "../../etc/passwd.pdf", *extra, home=home, cwd=tmp_path, timeout=30)
    expect_failure(ran, BadReference.exit_code, "no such file or folder")
    assert fake_arxiv.count() == 0, f"`{' '.join(command)}` reached the network for a bad REF"


@pytest.mark.parametrize("command", ["show", "explain", "path"])
def test_a_rejected_ref_writes_nothing(tmp_path: Path, home: Path, command: str) -> None:
    ran = run_cli(command, "../../etc/passwd.pdf", home=home, cwd=tmp_path)
    expect_failure(ran, BadReference.exit_code)
    assert _untouched(home) == [], f"`paperpal {command}` of a bad REF wrote {_untouched(home)}"
