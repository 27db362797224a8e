"""The terminal boundary: one sanitiser (paperpal.controls), applied to everything a command prints.

Unit tests of what ``strip_controls`` removes (whole escape sequences, C0 but newline and tab,
DEL, C1) and keeps, and of JSON's lossless escaping; then the real ``paperpal`` in a
pseudo-terminal, where paperpal's own bold and colour must still arrive as SGR codes while a
title's clear-screen, window-title and clipboard sequences must not.
"""

from __future__ import annotations

import json
import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from paperpal.controls import escape_json_controls, has_controls, strip_controls


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("a\x1b[2Jb", "ab"),  # CSI: clear screen, as a whole
        ("a\x1b[38;2;255;0;0mred\x1b[0m", "ared"),  # SGR from data goes too
        ("t\x1b]0;window title\x07x", "tx"),  # OSC 0 ended by BEL
        ("t\x1b]2;title\x1b\\x", "tx"),  # OSC 2 ended by ST
        ("\x1b]8;;http://evil.example/\x1b\\link\x1b]8;;\x1b\\", "link"),  # OSC 8 hyperlink
        ("\x1b]52;c;cHduZWQ=\x07copy", "copy"),  # OSC 52 clipboard write
        ("\x1bP1$r0m\x1b\\dcs", "dcs"),  # DCS
        ("a\x9b31mb\x9d0;t\x9cc", "abc"),  # C1 CSI and OSC ... ST
        ("\x1b]0;unterminated\nnext line", "\nnext line"),  # an open OSC stops at its line end
        ("n\x00u\x07l\x08l\r\x7f\x85", "null"),  # NUL, BEL, BS, CR, DEL, NEL
        ("\x1bcreset", "reset"),  # RIS, a two-byte escape
        ("tab\tand\nnewline stay", "tab\tand\nnewline stay"),
        (
            "Ünïcödé, ∑, 𝐱, emoji 🙂, and [@click=app.quit]markup[/]",
            "Ünïcödé, ∑, 𝐱, emoji 🙂, and [@click=app.quit]markup[/]",
        ),
    ],
)
def test_strip_controls(raw: str, clean: str) -> None:
    assert strip_controls(raw) == clean
    assert has_controls(raw) == (raw != clean)


def test_json_keeps_every_character_but_escapes_controls() -> None:
    data = {"title": "a\x1b]0;x\x07b\x9bc\x7f\x00"}
    text = escape_json_controls(json.dumps(data, ensure_ascii=False))
    assert not has_controls(text), text
    assert json.loads(text) == data, "escaping must not change the data"


def _run_in_a_terminal(args: list[str], env: dict[str, str], timeout: float = 60) -> bytes:
    parent, child = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "paperpal", *args],
        stdin=child,
        stdout=child,
        stderr=child,
        env=env,
        close_fds=True,
    )
    os.close(child)
    output = bytearray()
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([parent], [], [], 0.5)
            if ready:
                try:
                    chunk = os.read(parent, 65536)
                except OSError:  # the child closed the terminal
                    break
                if not chunk:
                    break
                output += chunk
            elif proc.poll() is not None:
                break
    finally:
        proc.kill()
        proc.wait()
        os.close(parent)
    return bytes(output)


def test_a_real_terminal_gets_paperpal_styling_but_no_escape_from_the_data(
    tmp_path: Path, home: Path
) -> None:
    folder = tmp_path / "paper"
    folder.mkdir()
    (folder / "main.tex").write_text(
        "\\documentclass{article}\\begin{document}\\section{Intro}Plain text.\\end{document}\n",
        encoding="utf-8",
    )
    title = "Evil \x1b[2J\x1b]0;PWNED\x07\x1b]52;c;cHduZWQ=\x07\x9b31m title"
    (folder / "meta.json").write_text(
        json.dumps({"title": title, "authors": ["Eve \x1b[5m"]}), encoding="utf-8"
    )
    env = {**os.environ, "PAPERPAL_HOME": str(home), "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    shown = _run_in_a_terminal(["show", str(folder)], env).decode("utf-8", "replace")
    assert "Evil" in shown and "title" in shown, shown
    escapes = re.findall(r"\x1b[^a-zA-Z]*[a-zA-Z]?", shown)
    assert escapes, "paperpal's own styling (the bold title) should reach a terminal"
    for escape in escapes:
        assert re.fullmatch(r"\x1b\[[0-9;]*m", escape), (
            f"a non-styling escape reached the terminal: {escape!r}"
        )
    assert "PWNED" not in shown and "\x9b" not in shown and "\x1b[5m" not in shown
