"""Where output goes: `export --out`, `notes export -o`, standard output, and the data folder.

`--out` writes only regular files, atomically, never replacing one without --force (or a yes at
a prompt), keeping its permissions and its hard links; `-` is standard output. A full disk or a
missing folder is a one-line message with exit 11 (``WriteError``), never a traceback, and never
half a file. A note typed for `note add` is kept or printed whatever PAPERPAL_HOME is.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from hostile_support import expect_failure, expect_success, run_cli

from paperpal.errors import WriteError

PAPER = "1603.07285"


@pytest.fixture
def fetched(fake_arxiv, home: Path) -> str:
    expect_success(run_cli("fetch", PAPER, home=home))
    return PAPER


def export(home: Path, *args: str) -> object:
    return run_cli("export", PAPER, "--offline", *args, home=home)


def test_out_refuses_what_is_not_a_regular_file(fetched: str, home: Path, tmp_path: Path) -> None:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    link_to_stdout = tmp_path / "to-stdout"
    link_to_stdout.symlink_to("/dev/stdout")
    dangling = tmp_path / "dangling"
    dangling.symlink_to(tmp_path / "nowhere")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for target, why in [
        ("/dev/null", "a device"),
        ("/dev/full", "a device"),
        (str(link_to_stdout), "paperpal writes only regular files"),
        (str(dangling), "a symbolic link to nothing that exists"),
        (str(fifo), "a pipe"),
        (str(folder), "a folder"),
    ]:
        ran = export(home, "--out", target, "--force")
        expect_failure(ran, WriteError.exit_code, why)
    assert link_to_stdout.is_symlink() and dangling.is_symlink(), "a link was replaced"
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_out_never_replaces_a_file_without_force(fetched: str, home: Path, tmp_path: Path) -> None:
    target = tmp_path / "notes.md"
    target.write_text("my own notes\n", encoding="utf-8")
    target.chmod(0o644)
    ran = export(home, "--out", str(target))
    expect_failure(ran, WriteError.exit_code, "exists", "--force")
    assert target.read_text(encoding="utf-8") == "my own notes\n"

    expect_success(export(home, "--out", str(target), "--force"))
    assert "A guide to convolution arithmetic" in target.read_text(encoding="utf-8")
    assert stat.S_IMODE(target.stat().st_mode) == 0o644, "the file's permissions changed"
    assert [p.name for p in tmp_path.iterdir()] == ["notes.md"], "a temporary file was left behind"


def test_out_keeps_hard_links_and_writes_through_a_link_to_a_file(
    fetched: str, home: Path, tmp_path: Path
) -> None:
    target = tmp_path / "handout.md"
    target.write_text("old\n", encoding="utf-8")
    other_name = tmp_path / "same-file.md"
    os.link(target, other_name)
    expect_success(export(home, "--out", str(target), "--force"))
    assert other_name.read_text(encoding="utf-8") == target.read_text(encoding="utf-8") != "old\n"
    assert target.stat().st_ino == other_name.stat().st_ino, "the hard link was broken"

    link = tmp_path / "link.md"
    link.symlink_to(target)
    expect_success(export(home, "--out", str(link), "--force", "--format", "bibtex"))
    assert link.is_symlink(), "the link itself was replaced"
    assert target.read_text(encoding="utf-8").startswith("@misc{")


def test_a_new_file_gets_the_usual_permissions_and_dash_is_stdout(
    fetched: str, home: Path, tmp_path: Path
) -> None:
    target = tmp_path / "new.bib"
    expect_success(export(home, "--out", str(target), "--format", "bibtex"))
    mode = stat.S_IMODE(target.stat().st_mode)
    assert mode == 0o666 & ~_umask(), f"a new file got mode {mode:o}"
    ran = run_cli("export", PAPER, "--offline", "--format", "bibtex", "-o", "-", home=home, cwd=tmp_path)
    expect_success(ran)
    assert ran.out.startswith("@misc{") and not (tmp_path / "-").exists(), "`-o -` wrote a file named -"


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def test_missing_or_unwritable_folders_and_a_full_disk(fetched: str, home: Path, tmp_path: Path) -> None:
    ran = export(home, "--out", str(tmp_path / "no" / "such" / "folder" / "x.md"))
    expect_failure(ran, WriteError.exit_code, "does not exist")
    assert not (tmp_path / "no").exists(), "missing folders were created"
    ran = export(home, "--out", "/etc/passwd/x.md")
    expect_failure(ran, WriteError.exit_code, "cannot write /etc/passwd/x.md: Not a directory")
    ran = export(home, "--out", "/sys/x.md")  # not writable, even for root
    expect_failure(ran, WriteError.exit_code, "could not write /sys/x.md")

    # Standard output on a full disk: `paperpal show X > /dev/full`.
    with open("/dev/full", "w") as full:
        import subprocess
        import sys

        env = {**os.environ, "PAPERPAL_HOME": str(home), "PAPERPAL_CONFIG": str(home / "config.toml")}
        proc = subprocess.run(
            [sys.executable, "-m", "paperpal", "show", PAPER, "--offline"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            timeout=60,
        )
    assert proc.returncode == WriteError.exit_code, proc.stderr
    assert proc.stderr.strip().endswith("could not write to standard output: No space left on device"), (
        proc.stderr
    )
    assert "Traceback" not in proc.stderr and "Exception ignored" not in proc.stderr


def test_notes_export_is_atomic_and_refuses_devices(home: Path, tmp_path: Path) -> None:
    expect_success(run_cli("note", "add", PAPER, "a note worth keeping", home=home))
    backup = tmp_path / "backup.json"
    backup.write_text('{"old": "backup"}\n', encoding="utf-8")
    backup.chmod(0o640)
    expect_success(run_cli("notes", "export", "-o", str(backup), home=home))
    assert json.loads(backup.read_text(encoding="utf-8"))["notes"][0]["body"] == "a note worth keeping"
    assert stat.S_IMODE(backup.stat().st_mode) == 0o640
    ran = run_cli("notes", "export", "-o", "/dev/full", home=home)
    expect_failure(ran, WriteError.exit_code, "a device")
    ran = run_cli("notes", "export", "-o", "-", home=home, cwd=tmp_path)
    expect_success(ran)
    assert json.loads(ran.out)["notes"] and not (tmp_path / "-").exists()


@pytest.mark.parametrize("kind", ["a file", "a dangling link", "a link loop"])
def test_a_typed_note_is_printed_whatever_the_home_folder_is(tmp_path: Path, kind: str) -> None:
    home = tmp_path / "home"
    if kind == "a file":
        home.write_text("not a folder\n", encoding="utf-8")
    elif kind == "a dangling link":
        home.symlink_to(tmp_path / "nowhere")
    else:
        home.symlink_to(home)
    editor = tmp_path / "editor.sh"
    editor.write_text('#!/bin/sh\nprintf "my precious note\\n" > "$1"\n', encoding="utf-8")
    editor.chmod(0o755)
    ran = run_cli("note", "add", PAPER, home=home, env={"EDITOR": str(editor), "VISUAL": str(editor)})
    expect_failure(ran, WriteError.exit_code, "cannot create the folder", "my precious note")


@pytest.mark.parametrize(("answer", "replaced"), [("y", True), ("n", False)])
def test_on_a_terminal_paperpal_asks_before_replacing(
    fetched: str, home: Path, tmp_path: Path, answer: str, replaced: bool
) -> None:
    import pty
    import select
    import subprocess
    import sys
    import time

    target = tmp_path / "handout.md"
    target.write_text("mine\n", encoding="utf-8")
    parent, child = pty.openpty()
    env = {**os.environ, "PAPERPAL_HOME": str(home), "PAPERPAL_CONFIG": str(home / "config.toml")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "paperpal", "export", PAPER, "--offline", "--out", str(target)],
        stdin=child,
        stdout=child,
        stderr=child,
        env=env,
    )
    os.close(child)
    seen = b""
    deadline = time.monotonic() + 60
    try:
        while b"Replace it?" not in seen and time.monotonic() < deadline:
            if select.select([parent], [], [], 0.5)[0]:
                seen += os.read(parent, 4096)
        assert b"Replace it?" in seen, seen.decode(errors="replace")
        os.write(parent, answer.encode() + b"\n")
        proc.wait(timeout=60)
    finally:
        proc.kill()
        os.close(parent)
    assert (target.read_text(encoding="utf-8") != "mine\n") == replaced
    assert proc.returncode == (0 if replaced else WriteError.exit_code)


def test_text_that_is_not_utf8_is_refused_on_the_command_line_and_kept_from_the_editor(
    home: Path, tmp_path: Path
) -> None:
    import subprocess
    import sys

    env = {**os.environ, "PAPERPAL_HOME": str(home), "PAPERPAL_CONFIG": str(home / "config.toml")}
    typed = subprocess.run(
        [sys.executable, "-m", "paperpal", "note", "add", PAPER, b"caf\xe9"],
        capture_output=True,
        env=env,
        timeout=60,
    )
    assert typed.returncode == 2 and b"not UTF-8" in typed.stderr, typed.stderr
    assert b"Traceback" not in typed.stderr

    editor = tmp_path / "latin1-editor.sh"
    editor.write_text("#!/bin/sh\nprintf 'caf\\351 au lait\\n' > \"$1\"\n", encoding="utf-8")
    editor.chmod(0o755)
    ran = run_cli(
        "note", "add", PAPER, "--json", home=home, env={"EDITOR": str(editor), "VISUAL": str(editor)}
    )
    expect_success(ran)
    assert json.loads(ran.out)["body"] == "café au lait", "the typed note was changed or lost"
    assert "read as Latin-1" in ran.err
