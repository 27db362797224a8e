"""The installed `paperpal open` in a real terminal (tmux): the main flow, walked the way a person
does it, at 120x40 and at 80x24, checked against what is on the screen.

Each step's screen is kept as a text snapshot (tests/tui/__snapshots__/test_tmux/); when the
reader changes on purpose, regenerate them with `--snapshot-update` and read the diff.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

pytestmark = pytest.mark.tmux

TMUX = shutil.which("tmux")


class Terminal:
    """A tmux server of its own (its own socket), so tests running side by side never meet."""

    def __init__(self, session: str) -> None:
        assert TMUX is not None, "tmux is not installed (.ci/run installs it; apt-get install tmux)"
        self.session = session

    def tmux(self, *args: str, check: bool = False) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["tmux", "-L", self.session, *args], capture_output=True, text=True, check=check
        )

    def capture(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.session).stdout

    def keys(self, *keys: str) -> None:
        for key in keys:
            self.tmux("send-keys", "-t", self.session, key, check=True)
            time.sleep(0.15)

    def wait_for(self, needle: str | re.Pattern[str], timeout: float = 90.0) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.capture()
            if needle.search(screen) if isinstance(needle, re.Pattern) else needle in screen:
                return self.settled()
            time.sleep(0.2)
        raise AssertionError(f"{needle!r} never appeared on the terminal; last screen:\n{screen}")

    def wait_gone(self, needle: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.capture()
            if needle not in screen:
                return self.settled()
            time.sleep(0.2)
        raise AssertionError(f"{needle!r} stayed on the terminal:\n{self.capture()}")

    def settled(self) -> str:
        """The screen once three captures over half a second agree (the reader finished drawing:
        on a busy machine a frame can take a while to reach the terminal)."""
        last = self.capture()
        same = 0
        for _ in range(60):
            time.sleep(0.25)
            now = self.capture()
            same = same + 1 if now == last else 0
            if same == 2:
                return now
            last = now
        return last


def no_raw_markup(screen: str) -> None:
    body = screen.replace("$5", "").replace("$10", "")
    assert "$" not in body, f"raw LaTeX on screen:\n{screen}"
    assert "**" not in screen, f"raw Markdown on screen:\n{screen}"


def symbol_rows_are_whole_or_marked(screen: str, meanings: dict[str, str], *, required: bool = True) -> None:
    """Every meaning in the symbol table is shown whole, or cut at a word with "…"."""
    seen = 0
    for line in screen.splitlines():
        match = re.search(r"\s(paper|glossary|convention|unsure)\s{2,}(.+?)\s*$", line)
        if not match:
            continue
        shown = match.group(2).rstrip("▁▂▃▄▅▆▇█▌▐│ ")
        for meaning in meanings.values():
            if meaning == shown or (shown.endswith("…") and meaning.startswith(shown[:-1].rstrip())):
                cut = shown[:-1].rstrip()
                if shown.endswith("…"):
                    assert meaning[len(cut) : len(cut) + 1] in (" ", ",", ";", ":", "", "-"), (
                        f"cut mid-word: {line!r}"
                    )
                seen += 1
                break
        else:
            raise AssertionError(f"a meaning is cut without an ellipsis: {line!r}\n{screen}")
    assert seen or not required, f"no symbol table on screen:\n{screen}"


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_the_main_flow_in_a_real_terminal(fake_arxiv, home: Path, size: tuple[int, int], snapshot) -> None:
    from paperpal.pipeline import read_paper
    from paperpal.store import open_store

    report = read_paper("1412.3555")  # fetched and memoised: what `paperpal fetch` leaves
    meanings = {s.text: s.meaning for s in report.symbols if s.meaning}
    with open_store() as store:
        store.add_note("1412.3555", "**Why** mix $h_t^j$ and not add?", anchor_kind="equation", anchor="5")
    paperpal = Path(sys.executable).parent / "paperpal"
    assert paperpal.exists(), f"the paperpal command is not installed next to {sys.executable}"
    width, height = size
    session = f"paperpal-test-{uuid.uuid4().hex[:8]}"
    env = (
        f"PAPERPAL_HOME={home} PAPERPAL_CONFIG={home / 'config.toml'} PAPERPAL_ARXIV_URL={fake_arxiv.url} "
        "PAPERPAL_ARXIV_INTERVAL=0 PAPERPAL_LINK=0 TERM=xterm-256color"
    )
    term = Terminal(session)
    # COLUMNS and LINES (pytest's environment may set them) would override the terminal's size.
    term.tmux(
        "new-session",
        "-d",
        "-s",
        session,
        "-x",
        str(width),
        "-y",
        str(height),
        f"env -u COLUMNS -u LINES {env} {paperpal} open 1412.3555",
        check=True,
    )
    shots: dict[str, str] = {}
    try:
        # The first screen: the paper, with the keys and where help is.
        screen = term.wait_for("equations,")
        assert "Empirical Evaluation of Gated" in screen
        bottom = [line for line in screen.splitlines() if line.strip()][-1]
        assert "F1 Help" in bottom, bottom
        no_raw_markup(screen)
        shots["first screen"] = screen

        # Space scrolls the paper (not a hidden list).
        term.keys("Space")
        screen = term.settled()
        assert screen.splitlines()[1] != shots["first screen"].splitlines()[1], (
            "Space did not scroll the paper"
        )

        # ] selects the first equation; the decoder reads it and lists its symbols.
        term.keys("]")
        screen = term.wait_for("Read aloud")
        no_raw_markup(screen)
        shots["equation"] = screen

        # Into the symbol list and back out: Escape stays in the paper.
        term.keys("s", "Down", "Down")
        screen = term.settled()
        symbol_rows_are_whole_or_marked(screen, meanings)
        term.keys("Escape")
        screen = term.settled()
        assert "Empirical Evaluation" in screen.splitlines()[0] and "library" not in screen.splitlines()[0]
        assert "▌" in screen, "Escape lost the selected equation:\n" + screen
        assert re.search(r"\s(paper|glossary|convention)\s{2,}\S", screen), (
            "the decoder lost the equation:\n" + screen
        )
        shots["after escape"] = screen

        # Equation (5) with its note, rendered.
        term.keys("C-p")
        term.wait_for("Search for commands")
        term.keys("e", "q", " ", "5", "Enter")
        screen = term.wait_for(re.compile(r"Equation \(5\)"))
        flat = " ".join(screen.split())
        assert "Why mix hₜʲ and not add?" in flat, screen
        no_raw_markup(screen)
        symbol_rows_are_whole_or_marked(screen, meanings, required=False)
        shots["equation 5 with its note"] = screen

        # t, then k on a term: a ✓, here and on the reading path.
        term.keys("t")
        screen = term.wait_for("×")
        term.keys("k")
        screen = term.wait_for(re.compile(r"✓ \S"))
        screen = term.wait_gone("Marked")
        assert re.search(r"✓ \S", screen), screen
        shots["a term marked known"] = screen
        term.keys("Escape", "p")
        screen = term.wait_for("Reading path")
        assert "1 known" in " ".join(screen.split()), f"the path does not count the mark:\n{screen}"
        shots["reading path"] = screen
        # Escape from the path shows the term again; Escape once more, the equation.
        term.keys("Escape")
        term.wait_for("gated recurrent unit")
        term.keys("Escape")
        term.wait_for("Read aloud")

        # The library and back: Escape returns to the paper, where it was.
        term.keys("C-o")
        screen = term.wait_for("Type to filter")
        assert "Empirical Evaluation" in screen
        if width < 100:
            assert "…" in screen, "a title cut without an ellipsis"
        shots["library"] = screen
        term.keys("Escape")
        screen = term.wait_for("Equation (5)")
        assert "Why mix" in " ".join(screen.split())

        # F1 shows the help, escape closes it; ctrl+q quits cleanly.
        term.keys("F1")
        shots["help"] = term.wait_for("Everywhere")
        term.keys("Escape")
        term.wait_gone("Everywhere")
        term.keys("C-q")
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            alive = term.tmux("has-session", "-t", session)
            if alive.returncode != 0:
                break
            time.sleep(0.2)
        else:
            raise AssertionError("paperpal did not quit on ctrl+q:\n" + term.capture())
    finally:
        term.tmux("kill-server")
    for name, shot in shots.items():
        assert shot == snapshot(name=name), f"the screen '{name}' changed (see --snapshot-update)"
