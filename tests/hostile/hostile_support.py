"""Helpers for the hostile-input tests: run the real ``paperpal`` CLI in a child process, the way
a user would, and check what it left behind.

``run_cli`` measures the child's wall time and its own peak memory, and kills it when a time
limit passes, so a hang fails the test instead of the suite. The peak is the child program's
own high-water mark (``VmHWM`` of its memory after ``exec``, sampled while it runs): the rusage
of a forked child (``os.wait4``) also counts the memory it was forked with, which is this test
process's, so a test process that had loaded the embedding model made every child look 500 MB
big. ``wait4``'s figure is used only when the child ended before it could be sampled.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

# Files a half-finished download, unpack or cache write would leave behind.
STRAY_SUFFIXES = (".download", ".tmp", ".part")


@dataclass(frozen=True, slots=True)
class Ran:
    """One finished ``paperpal`` run."""

    args: tuple[str, ...]
    code: int
    out: str
    err: str
    seconds: float
    peak_mb: float
    timed_out: bool

    def describe(self) -> str:
        """What happened, for assertion messages."""
        shown = " ".join(a if len(a) < 60 else a[:57] + "..." for a in self.args)
        return (
            f"`paperpal {shown}` exited {self.code} after {self.seconds:.1f} s"
            f"{' (killed: time limit)' if self.timed_out else ''}\n"
            f"--- stderr ---\n{self.err[-3000:]}\n--- stdout ---\n{self.out[-1500:]}"
        )


def run_cli(
    *args: str,
    home: Path,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 60.0,
    user: int | None = None,
) -> Ran:
    """Run ``python -m paperpal ARGS`` with PAPERPAL_HOME=home; never raises on failure."""
    child_env = {k: v for k, v in os.environ.items() if k != "PAPERPAL_DEBUG"}
    child_env["PAPERPAL_HOME"] = str(home)
    child_env["PAPERPAL_CONFIG"] = str(home / "config.toml")
    child_env.update(env or {})
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.monotonic()
        proc = subprocess.Popen(
            [sys.executable, "-m", "paperpal", *args],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            cwd=cwd,
            env=child_env,
            user=user,
            group=user,
            extra_groups=[] if user is not None else None,
            start_new_session=True,
        )
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout, kill)
        timer.start()
        peak = _PeakSampler(proc.pid)
        peak.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
            peak.done.set()
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        seconds = time.monotonic() - started
        out.seek(0)
        err.seek(0)
        return Ran(
            args=args,
            code=proc.returncode,
            out=out.read().decode("utf-8", "replace"),
            err=err.read().decode("utf-8", "replace"),
            seconds=seconds,
            peak_mb=(peak.kib if peak.kib else usage.ru_maxrss) / 1024,  # KiB on Linux
            timed_out=killed.is_set(),
        )


class _PeakSampler(threading.Thread):
    """The high-water mark of a child's memory once it runs paperpal (after ``exec``)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.kib = 0
        self.done = threading.Event()

    def run(self) -> None:
        status = Path(f"/proc/{self.pid}/status")
        cmdline = Path(f"/proc/{self.pid}/cmdline")
        while not self.done.is_set():
            try:
                if b"-m\x00paperpal" in cmdline.read_bytes():  # exec'd: the memory is its own
                    for line in status.read_text().splitlines():
                        if line.startswith("VmHWM:"):
                            self.kib = max(self.kib, int(line.split()[1]))
            except (OSError, ValueError, IndexError):
                pass
            self.done.wait(0.01)


def expect_failure(ran: Ran, code: int, *fragments: str) -> None:
    """A deliberate refusal: exit ``code``, a ``paperpal:`` message holding every fragment, and
    neither a traceback nor the CLI's last-resort "internal error"."""
    assert not ran.timed_out, f"paperpal hung:\n{ran.describe()}"
    assert "Traceback" not in ran.err, f"a traceback reached the user:\n{ran.describe()}"
    assert "internal error" not in ran.err, f"an unexpected exception escaped:\n{ran.describe()}"
    assert ran.code == code, f"expected exit code {code}:\n{ran.describe()}"
    assert "paperpal: " in ran.err, f"no `paperpal:` message on stderr:\n{ran.describe()}"
    for fragment in fragments:
        assert fragment in ran.err, f"the message should say {fragment!r}:\n{ran.describe()}"


def expect_success(ran: Ran) -> None:
    """Exit 0 with no traceback (warnings on stderr are fine: they are the designed outcome)."""
    assert not ran.timed_out, f"paperpal hung:\n{ran.describe()}"
    assert "Traceback" not in ran.err, f"a traceback reached the user:\n{ran.describe()}"
    assert ran.code == 0, f"expected success:\n{ran.describe()}"


def stray_files(home: Path) -> list[str]:
    """Leftovers of an interrupted job anywhere under the home: staging folders, partial files."""
    found: list[str] = []
    for path in home.rglob("*"):
        rel = path.relative_to(home).as_posix()
        if path.name.startswith(".staging-") or path.name.endswith(STRAY_SUFFIXES):
            found.append(rel)
    return sorted(found)


def library_papers(home: Path) -> list[str]:
    """The paper folders in the library (hidden staging folders are not papers)."""
    library = home / "library"
    if not library.is_dir():
        return []
    return sorted(p.name for p in library.iterdir() if p.is_dir() and not p.name.startswith("."))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with its content hash: to prove nothing was changed."""
    return {p.relative_to(folder).as_posix(): digest(p) for p in sorted(folder.rglob("*")) if p.is_file()}
