"""The installed `paperpal open` in a real terminal (tmux), checked the way a person sees it."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

pytestmark = pytest.mark.tmux

TMUX = shutil.which("tmux")


def capture(session: str) -> str:
    out = subprocess.run(
        ["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True, check=False
    )
    return out.stdout


def wait_for_screen(session: str, needle: str, timeout: float = 90.0) -> str:
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = capture(session)
        if needle in screen:
            return screen
        time.sleep(0.3)
    raise AssertionError(f"{needle!r} never appeared on the terminal; last screen:\n{screen}")


@pytest.mark.skipif(TMUX is None, reason="tmux is not installed (.ci/run installs it)")
def test_open_the_gru_paper_in_a_real_terminal(fake_arxiv, home: Path) -> None:
    paperpal = Path(sys.executable).parent / "paperpal"
    assert paperpal.exists(), f"the paperpal command is not installed next to {sys.executable}"
    session = f"paperpal-test-{uuid.uuid4().hex[:8]}"
    env = (
        f"PAPERPAL_HOME={home} PAPERPAL_CONFIG={home / 'config.toml'} PAPERPAL_ARXIV_URL={fake_arxiv.url} "
        "PAPERPAL_ARXIV_INTERVAL=0 TERM=xterm-256color"
    )
    subprocess.run(
        [
            "tmux",
            "new-session",
            "-d",
            "-s",
            session,
            "-x",
            "140",
            "-y",
            "40",
            f"env {env} {paperpal} open 1412.3555",
        ],
        check=True,
    )
    try:
        screen = wait_for_screen(session, "Empirical Evaluation of Gated")
        assert "Contents" in screen and "Terms" in screen, screen
        # A person presses ] to select the first equation; the decoder reads it aloud.
        subprocess.run(["tmux", "send-keys", "-t", session, "]"], check=True)
        screen = wait_for_screen(session, "Read aloud")
        assert "Symbols" in screen, screen
        # F1 shows the help, escape closes it.
        subprocess.run(["tmux", "send-keys", "-t", session, "F1"], check=True)
        wait_for_screen(session, "Everywhere")
        subprocess.run(["tmux", "send-keys", "-t", session, "Escape"], check=True)
        # ctrl+q quits cleanly: the session ends with the program.
        subprocess.run(["tmux", "send-keys", "-t", session, "C-q"], check=True)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            alive = subprocess.run(["tmux", "has-session", "-t", session], capture_output=True, check=False)
            if alive.returncode != 0:
                break
            time.sleep(0.2)
        else:
            raise AssertionError("paperpal did not quit on ctrl+q:\n" + capture(session))
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True, check=False)
