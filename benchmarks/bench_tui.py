"""The reader's speed: the first full screen, and how long each key takes to show its effect.

First screen of `paperpal open REF` (paper cached), measured two ways:
- in a real terminal: tmux starts the installed `paperpal open REF`, and the clock stops when
  the paper's title and the decoder's first line are on the screen (includes Python start-up);
- in-process with Textual's Pilot: from App start to the reader's report being mounted.

Also checks that loading the embedding model does not block keystrokes. The reader loads it in
a child process (``ProcessEmbedder``); measured are the worst key press (Pilot's ``press``, which
waits until the screen is redrawn) while it loads and without it, and the longest stall of the
event loop (a 10 ms ticker) while it loads against an idle baseline.

Keys (``key_latency``): for each key, the time from the key event reaching the app to the end
of the last repaint it caused (the app's output to the terminal, headless), p50 and p95 over many
presses, at 120x40 and 80x24. Targets: a key that moves the selection (``]``, ``[``, ↓/↑ in the
symbol list, Tab) 50 ms at p95; opening F1, the palette or a tab 100 ms at p95.

    .venv/bin/python benchmarks/bench_tui.py [--paper 1412.3555] [--runs 5] [--presses 30]
Writes benchmarks/results/tui.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from machine import conditions, verdict

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


def _prepare(home: Path, paper: str, url: str) -> None:
    os.environ.update(PAPERPAL_HOME=str(home), PAPERPAL_ARXIV_URL=url, PAPERPAL_ARXIV_INTERVAL="0")
    from paperpal.pipeline import read_paper

    read_paper(paper)  # fetch + build the memoised report: the "cached" state


def _cpu_seconds(session: str) -> float | None:
    """CPU time the program in the tmux pane has used so far (robust where wall time is not:
    on a shared, loaded machine)."""
    pid = subprocess.run(
        ["tmux", "display", "-p", "-t", session, "#{pane_pid}"], capture_output=True, text=True
    ).stdout.strip()
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def tmux_first_screen(home: Path, paper: str, url: str, runs: int) -> tuple[list[float], list[float]]:
    """Wall seconds to the first full screen (title and decoder on the terminal), and the CPU
    seconds the program had used by then, per run."""
    if shutil.which("tmux") is None:
        return [], []
    exe = Path(sys.executable).parent / "paperpal"
    times: list[float] = []
    cpus: list[float] = []
    for _ in range(runs):
        (home / "places.json").unlink(missing_ok=True)  # the first screen of the paper, not of a place
        session = f"bench-{uuid.uuid4().hex[:6]}"
        env = (
            f"PAPERPAL_HOME={home} PAPERPAL_ARXIV_URL={url} PAPERPAL_ARXIV_INTERVAL=0 PAPERPAL_LINK=0 "
            "TERM=xterm-256color"
        )
        command = ["tmux", "new-session", "-d", "-s", session, "-x", "140", "-y", "40"]
        command.append(f"env -u COLUMNS -u LINES {env} {exe} open {paper}")
        start = time.perf_counter()
        for _attempt in range(3):
            # The previous run's tmux server may still be exiting ("server exited unexpectedly").
            if subprocess.run(command, capture_output=True).returncode == 0:
                break
            time.sleep(0.2)
            start = time.perf_counter()
        else:
            raise RuntimeError("tmux could not start a session")
        try:
            while time.perf_counter() - start < 60:
                screen = subprocess.run(
                    ["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True
                ).stdout
                if "equations," in screen and "symbols," in screen:
                    times.append(time.perf_counter() - start)
                    cpu = _cpu_seconds(session)
                    if cpu is not None:
                        cpus.append(cpu)
                    break
                time.sleep(0.01)
        finally:
            subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    return times, cpus


class PaintClock:
    """Records when the app writes a frame (``App._display``), to time what a key causes."""

    def __init__(self, app: object) -> None:
        self.times: list[float] = []
        original = app._display  # type: ignore[attr-defined]

        def display(screen: object, renderable: object) -> None:
            self.times.append(time.perf_counter())
            original(screen, renderable)

        app._display = display  # type: ignore[attr-defined]


async def _press(app: object, clock: PaintClock, key: str, quiet: float = 0.12) -> tuple[float, float] | None:
    """Seconds from sending ``key`` to the first frame it caused and to the end of the last one
    (None: no frame)."""
    from textual import events

    before = len(clock.times)
    start = time.perf_counter()
    char = key if len(key) == 1 else None
    app._driver.send_message(events.Key(key, char))  # type: ignore[attr-defined]
    last = start
    while True:
        await asyncio.sleep(0.004)
        now = time.perf_counter()
        if len(clock.times) > before:
            last = clock.times[-1]
        if now - last > quiet or now - start > 3:
            break
    if len(clock.times) == before:
        return None
    return clock.times[before] - start, last - start


def _stats(samples: list[float]) -> dict[str, float | int]:
    ordered = sorted(samples)
    return {
        "p50_ms": round(1000 * statistics.median(ordered), 1),
        "p95_ms": round(1000 * ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))], 1),
        "n": len(ordered),
    }


async def key_latency(paper: str, size: tuple[int, int], presses: int) -> dict[str, dict[str, float | int]]:
    """p50/p95 per key, the reader opened on ``paper`` at ``size``."""
    from paperpal.tui.app import PaperpalApp
    from paperpal.tui.screens.reader import ReaderScreen

    app = PaperpalApp(paper, link_terms=False)
    app.preload()
    clock = PaintClock(app)
    found: dict[str, list[float]] = {}

    def keep(label: str, value: tuple[float, float] | None) -> None:
        """A key that moves the selection: done when its last frame is out. A key that opens
        something: its first frame shows it (kept too: when the last frame is out)."""
        if value is None:
            return
        first, last = value
        if label.split()[0] in ("f1", "ctrl+p", "t", "c"):
            found.setdefault(label + " (first frame)", []).append(first)
            found.setdefault(label + " (settled)", []).append(last)
        else:
            found.setdefault(label, []).append(last)

    async with app.run_test(size=size) as pilot:
        while not (isinstance(app.screen, ReaderScreen) and app.screen.ready):
            await pilot.pause(0.02)
        await pilot.pause(0.5)
        for _ in range(presses):
            keep("] next equation", await _press(app, clock, "right_square_bracket"))
        for _ in range(presses):
            keep("[ previous equation", await _press(app, clock, "left_square_bracket"))
        for _ in range(presses):
            keep("tab next passage", await _press(app, clock, "tab"))
        await pilot.press("home")
        for _ in range(presses):
            keep("pagedown scroll", await _press(app, clock, "pagedown"))
            if app.screen.query_one("#paper").scroll_offset.y >= app.screen.query_one("#paper").max_scroll_y:
                await pilot.press("home")
        # The symbol list: an equation with several symbols, then down and up through them.
        reader = app.screen
        state = reader.state
        rich = max(state.items, key=lambda item: len(item.info.symbols) if item.info else 0)
        reader.goto_equation(rich.anchor)
        await pilot.pause(0.2)
        await pilot.press("s")
        await pilot.pause(0.2)
        count = len(rich.info.symbols) if rich.info else 1
        step = "down"
        for i in range(presses):
            if i and i % max(1, count - 1) == 0:
                step = "up" if step == "down" else "down"
            keep("↓↑ symbol list", await _press(app, clock, step))
        await pilot.press("escape")
        for _ in range(max(5, presses // 3)):
            keep("f1 help", await _press(app, clock, "f1"))
            await pilot.press("escape")
            await pilot.pause(0.1)
            keep("ctrl+p palette", await _press(app, clock, "ctrl+p"))
            await pilot.press("escape")
            await pilot.pause(0.1)
            keep("t terms tab", await _press(app, clock, "t"))
            keep("c contents tab", await _press(app, clock, "c"))
            await pilot.press("escape")
            await pilot.pause(0.1)
    return {label: _stats(values) for label, values in found.items()}


async def pilot_first_screen(paper: str, runs: int) -> list[float]:
    from paperpal.tui.app import PaperpalApp
    from paperpal.tui.screens.reader import ReaderScreen

    times = []
    for _ in range(runs):
        start = time.perf_counter()
        app = PaperpalApp(paper)
        async with app.run_test(size=(140, 40)) as pilot:
            while not (isinstance(app.screen, ReaderScreen) and app.screen.report is not None):
                await pilot.pause(0.005)
            await pilot.pause()
            times.append(time.perf_counter() - start)
    return times


async def event_loop_stall(paper: str, *, load_model: bool, seconds: float = 8.0) -> float:
    """The longest the reader's event loop went unanswered (a 10 ms ticker), in seconds, while
    the embedding model loads (``load_model``) or while nothing happens (the baseline)."""
    from paperpal.embeddings import ProcessEmbedder
    from paperpal.tui.app import PaperpalApp
    from paperpal.tui.screens.reader import ReaderScreen

    embedder = ProcessEmbedder()
    app = PaperpalApp(paper, embedder=embedder, link_terms=False)
    async with app.run_test(size=(140, 40)) as pilot:
        while not (isinstance(app.screen, ReaderScreen) and app.screen.report is not None):
            await pilot.pause(0.01)
        await pilot.pause(0.3)
        if load_model:
            app.run_worker(embedder.warm_up, thread=True)
        worst = 0.0
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            before = time.perf_counter()
            await asyncio.sleep(0.01)
            worst = max(worst, time.perf_counter() - before - 0.01)
    embedder.close()
    return worst


async def keystroke_while_model_loads(paper: str) -> float:
    """Seconds a key press waits while the embedding model loads in the background."""
    from paperpal.embeddings import ProcessEmbedder
    from paperpal.tui.app import PaperpalApp
    from paperpal.tui.screens.reader import ReaderScreen

    embedder = ProcessEmbedder()  # what the reader uses: the model loads in a child process
    app = PaperpalApp(paper, embedder=embedder)
    async with app.run_test(size=(140, 40)) as pilot:
        while not (isinstance(app.screen, ReaderScreen) and app.screen.report is not None):
            await pilot.pause(0.01)
        app.run_worker(embedder.warm_up, thread=True)
        await pilot.pause(0.2)
        worst = 0.0
        for _ in range(10):
            start = time.perf_counter()
            await pilot.press("right_square_bracket")
            worst = max(worst, time.perf_counter() - start)
        embedder.close()
        return worst


async def keystroke_without_model(paper: str) -> float:
    """The same ten key presses with no model loading: what a key costs the reader by itself."""
    from paperpal.tui.app import PaperpalApp
    from paperpal.tui.screens.reader import ReaderScreen

    app = PaperpalApp(paper, link_terms=False)
    async with app.run_test(size=(140, 40)) as pilot:
        while not (isinstance(app.screen, ReaderScreen) and app.screen.report is not None):
            await pilot.pause(0.01)
        await pilot.pause(0.2)
        worst = 0.0
        for _ in range(10):
            start = time.perf_counter()
            await pilot.press("right_square_bracket")
            worst = max(worst, time.perf_counter() - start)
        return worst


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--paper", default="1412.3555")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--presses", type=int, default=30)
    parser.add_argument("--keys-only", action="store_true", help="only the key latencies")
    args = parser.parse_args()
    before = conditions()
    from conftest import CORPUS  # type: ignore[import-not-found]
    from fake_arxiv import FakeArxiv

    server = FakeArxiv(CORPUS).start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            home = Path(tmp)
            _prepare(home, args.paper, server.url)
            terminal, terminal_cpu = tmux_first_screen(home, args.paper, server.url, args.runs)
            keys = {
                f"{w}x{h}": asyncio.run(key_latency(args.paper, (w, h), args.presses))
                for w, h in ((120, 40), (80, 24))
            }
            if args.keys_only:
                print(json.dumps(keys, indent=2, ensure_ascii=False))
                return
            pilot = asyncio.run(pilot_first_screen(args.paper, args.runs))
            keystroke = asyncio.run(keystroke_while_model_loads(args.paper))
            keystroke_idle = asyncio.run(keystroke_without_model(args.paper))
            stall_idle = asyncio.run(event_loop_stall(args.paper, load_model=False))
            stall_loading = asyncio.run(event_loop_stall(args.paper, load_model=True))
    finally:
        server.stop()
    result = {
        "paper": args.paper,
        "machine": {"before": before, "after": conditions(), "verdict": verdict(before, conditions())},
        "key_latency": keys,
        "terminal_first_screen_s": {"median": statistics.median(terminal), "max": max(terminal)}
        if terminal
        else None,
        "terminal_first_screen_cpu_s": {"median": statistics.median(terminal_cpu), "max": max(terminal_cpu)}
        if terminal_cpu
        else None,
        "pilot_first_screen_s": {"median": statistics.median(pilot), "max": max(pilot)},
        "worst_keystroke_while_model_loads_s": keystroke,
        "worst_keystroke_without_model_s": keystroke_idle,
        "event_loop_stall_idle_s": stall_idle,
        "event_loop_stall_while_model_loads_s": stall_loading,
    }
    out = ROOT / "benchmarks" / "results" / "tui.json"
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
