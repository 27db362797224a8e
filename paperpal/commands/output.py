"""The terminal boundary: everything a command prints passes through here.

``cli.main`` runs every command inside ``terminal_boundary()``, which puts a ``TerminalStream``
in front of stdout and stderr for the whole run. Whatever prints (``echo``, ``warn``,
``print_json``, an error message, a library's warning, a stray ``print``), control characters
and escape sequences are removed from it (``paperpal.controls.strip_controls``: all but newline
and tab), so a title, an author, an equation, a note or a file name can never clear the screen,
retitle the window, write the clipboard or plant a link, whichever command shows it.

paperpal's own styling survives because it is not made of escape characters until the very end:
``style`` writes it as a mark holding a secret chosen when this process started, which data
cannot contain, and only the stream turns marks back into escape codes, and only for a terminal.

Also here: JSON output (DEL and C1 escaped, see ``escape_json_controls``), raw bytes for
``export`` (cleaned like text when they go to a terminal), and the translation of a failed write
to standard output (a full disk) into a ``WriteError``.
"""

from __future__ import annotations

import io
import json
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

import click

from paperpal.controls import escape_json_controls, strip_controls
from paperpal.errors import WriteError

# Stands for ESC inside paperpal's own styling; random per process, so no data can forge it.
_MARK = "\ue000" + os.urandom(8).hex() + "\ue000"
_STYLE_CODE = re.compile(re.escape(_MARK) + r"\[[0-9;]*m")


def style(text: str, **styles: Any) -> str:
    """``text`` with click's styles (bold=True, fg="red"...), safe to embed in printed text.

    The text is cleaned first; the styling is kept as marks that only ``TerminalStream`` turns
    into escape codes (and drops when the output is not a terminal).
    """
    styled = click.style(strip_controls(text), **styles)
    if not isinstance(sys.stdout, TerminalStream):
        return styled  # no boundary (click's test runner): plain click styling, as click expects
    return styled.replace("\x1b", _MARK)


def echo(message: str = "", *, err: bool = False, nl: bool = True) -> None:
    """Print one message (a line unless ``nl`` is False) on stdout, or stderr with ``err``."""
    click.echo(message, err=err, nl=nl)


def warn(message: str) -> None:
    """A warning or progress line for the user, on stderr."""
    click.echo(message, err=True)


def json_text(data: Any) -> str:
    """``data`` as indented JSON, non-ASCII kept readable and every control character escaped."""
    return escape_json_controls(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def print_json(data: Any) -> None:
    """Print ``data`` as indented JSON on stdout."""
    click.echo(json_text(data))


def is_tty() -> bool:
    return sys.stdout.isatty()


def write_bytes(data: bytes) -> None:
    """Write a file's bytes (an export) to stdout: as they are into a pipe or a file, cleaned of
    control characters when stdout is a terminal."""
    stream = sys.stdout
    if isinstance(stream, TerminalStream):
        stream.write_bytes(data)
        return
    stream.flush()
    try:
        stream.buffer.write(data)
        stream.buffer.flush()
    except BrokenPipeError:
        raise
    except OSError as err:
        raise WriteError(f"could not write to standard output: {err.strerror or err}", stdout=True) from None


class TerminalStream(io.TextIOBase):
    """A text stream in front of stdout or stderr that lets no control character through."""

    def __init__(self, raw: TextIO, name: str) -> None:
        super().__init__()
        self._raw = raw
        self._name = name
        try:
            self._tty = raw.isatty()
        except (OSError, ValueError):
            self._tty = False

    # -- what click and print look at ---------------------------------------------------------

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self._raw, "encoding", None) or "utf-8"

    @property
    def errors(self) -> str | None:  # type: ignore[override]
        return getattr(self._raw, "errors", None) or "strict"

    def isatty(self) -> bool:
        return self._tty

    def fileno(self) -> int:
        return self._raw.fileno()

    def writable(self) -> bool:
        return True

    @property
    def raw_stream(self) -> TextIO:
        """The stream behind this one (for code that must hand a real file to a child process)."""
        return self._raw

    # -- writing ----------------------------------------------------------------------------------

    def write(self, s: str) -> int:
        if not isinstance(s, str):
            raise TypeError(f"write() argument must be str, not {type(s).__name__}")
        text = strip_controls(s)
        if _MARK in text:
            text = text.replace(_MARK, "\x1b") if self._tty else _STYLE_CODE.sub("", text).replace(_MARK, "")
        self._guard(self._write_raw, text)
        return len(s)

    def _write_raw(self, text: str) -> None:
        try:
            self._raw.write(text)
        except UnicodeEncodeError:
            encoding = self.encoding
            self._raw.write(text.encode(encoding, "replace").decode(encoding))

    def flush(self) -> None:
        self._guard(self._raw.flush)

    def write_bytes(self, data: bytes) -> None:
        if self._tty:
            self.write(data.decode("utf-8", "replace"))
            self.flush()
            return
        self.flush()
        buffer = self._raw.buffer
        self._guard(buffer.write, data)
        self._guard(buffer.flush)

    def _guard(self, action: Any, *args: Any) -> None:
        try:
            action(*args)
        except BrokenPipeError:
            raise  # the reader went away (`paperpal show X | head`): handled by the CLI
        except OSError as err:
            raise WriteError(
                f"could not write to standard {self._name}: {err.strerror or err}",
                stdout=self._name == "output",
            ) from None


@contextmanager
def terminal_boundary() -> Iterator[None]:
    """Run a command with stdout and stderr behind ``TerminalStream`` (restored afterwards)."""
    old_out, old_err = sys.stdout, sys.stderr
    if old_out is not None and not isinstance(old_out, TerminalStream):
        sys.stdout = TerminalStream(old_out, "output")
    if old_err is not None and not isinstance(old_err, TerminalStream):
        sys.stderr = TerminalStream(old_err, "error")
    try:
        yield
    finally:
        try:
            if sys.stdout is not None:
                sys.stdout.flush()
        except (OSError, WriteError):
            discard_stdout()
        sys.stdout, sys.stderr = old_out, old_err


def discard_stdout() -> None:
    """After stdout failed (a full disk, a closed pipe): send what is left to /dev/null, so the
    interpreter's own last flush cannot fail again with a message of its own."""
    try:
        target = sys.__stdout__
        if target is None:
            return
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, target.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
