"""Helpers for the hostile-input tests: run the real ``paperpal`` CLI in a child process, the way
a user would, and check what it left behind.

``run_cli`` measures the child's wall time and its own peak memory, and kills it when a time
limit passes, so a hang fails the test instead of the suite. The peak is the child's ``VmHWM``
(the high-water mark of the memory of the program it runs), which the child reports through a
pipe as it exits. ``ru_maxrss`` from ``os.wait4`` is only the fallback (a child killed at the
time limit): Linux carries the parent's peak over an ``exec`` into it, so a pytest worker that
had loaded the embedding model made every child look 600 MB large.
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
from typing import IO

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
    report_read, report_write = os.pipe()
    child_env["HOSTILE_HWM_FD"] = str(report_write)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.monotonic()
        try:
            proc = _spawn(args, report_write, out, err, cwd, child_env, user)
        except BaseException:
            _reported_peak(report_read, report_write)
            raise
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        seconds = time.monotonic() - started
        peak_kib = _reported_peak(report_read, report_write) or usage.ru_maxrss
        out.seek(0)
        err.seek(0)
        return Ran(
            args=args,
            code=proc.returncode,
            out=out.read().decode("utf-8", "replace"),
            err=err.read().decode("utf-8", "replace"),
            seconds=seconds,
            peak_mb=peak_kib / 1024,  # KiB
            timed_out=killed.is_set(),
        )


def _spawn(
    args: tuple[str, ...], report: int, out: IO[bytes], err: IO[bytes], cwd: Path | None,
    env: dict[str, str], user: int | None,
) -> subprocess.Popen[bytes]:  # fmt: skip
    return subprocess.Popen(
        [sys.executable, "-c", _REPORTING_MAIN, *args],
        pass_fds=(report,),
        stdin=subprocess.DEVNULL,
        stdout=out,
        stderr=err,
        cwd=cwd,
        env=env,
        user=user,
        group=user,
        extra_groups=[] if user is not None else None,
        start_new_session=True,
    )


def _reported_peak(read_end: int, write_end: int) -> int | None:
    """What the child wrote to the report pipe (its VmHWM in KiB), closing both ends."""
    os.close(write_end)
    with os.fdopen(read_end, "rb") as report:
        reported = report.read().decode().strip()
    return int(reported) if reported.isdigit() else None


# ``python -m paperpal ARGS``, which also writes its VmHWM (KiB) to the inherited pipe at exit.
_REPORTING_MAIN = """
import atexit, os, runpy, sys
def _report():
    fd = int(os.environ.pop("HOSTILE_HWM_FD"))
    with open("/proc/self/status") as status:
        peak = next((l.split()[1] for l in status if l.startswith("VmHWM:")), "")
    os.write(fd, peak.encode())
atexit.register(_report)
sys.argv[0] = "paperpal"
runpy.run_module("paperpal", run_name="__main__", alter_sys=True)
"""


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
