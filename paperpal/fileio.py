"""Reading and writing the files a user names, safely.

Reading (``read_limited``, ``parse_json``): every file paperpal reads on the user's behalf (the
config file, the user glossary, a notes file to import, a folder's ``meta.json``) is read up to
a size cap, so ``/dev/zero`` or a runaway file is refused with a message instead of filling the
memory; JSON that is not UTF-8, nests without end or holds a lone surrogate is refused the same
way. The caller chooses the error class, and so the exit code.

Writing (``write_file``): the file a user names with ``--out`` or ``-o`` is written atomically
(a temporary file in the same folder, renamed over the target only once complete and synced), so
a full disk or a crash never leaves half a file where a good one was. Only regular files are
ever replaced: a folder, a device node, a pipe or a socket is refused, and so is a link that
does not end at a regular file; a link to a regular file is written through (the link stays).
An existing file is replaced only when the caller allows it; it keeps its permission bits, and
a file with other hard links is rewritten in place, so every name of it sees the new text. A
new file gets the usual permissions (0666 less the umask). Failures are ``WriteError``.

Must not: import anything above ``paperpal.errors``; print or prompt (callers ask the user).
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from paperpal.errors import PaperpalError, WriteError

MB = 1024 * 1024
MAX_CONFIG_FILE = 1 * MB  # a config file is a few lines
MAX_GLOSSARY_FILE = 8 * MB  # the largest shipped glossary file is about 40 KB
MAX_META_FILE = 1 * MB  # a folder's meta.json: a title, authors, an abstract
MAX_NOTES_FILE = 64 * MB  # about 100,000 notes of ordinary length


# ----------------------------------------------------------------------------------------------
# reading
# ----------------------------------------------------------------------------------------------


def read_limited(path: Path, limit: int, *, what: str, error: type[PaperpalError]) -> bytes:
    """The bytes of ``path``, refused with ``error`` past ``limit`` bytes or when unreadable.

    ``FileNotFoundError`` is left to the caller (a missing config file is no error).
    """
    try:
        with open(path, "rb") as fh:
            return read_stream_limited(fh, limit, what=f"{what} {path}", error=error)
    except FileNotFoundError:
        raise
    except IsADirectoryError:
        raise error(f"{what} {path} is a folder, not a file") from None
    except OSError as err:
        raise error(f"cannot read {what} {path}: {err.strerror or err}") from None


def read_stream_limited(stream: BinaryIO, limit: int, *, what: str, error: type[PaperpalError]) -> bytes:
    """At most ``limit`` bytes from an open binary stream (standard input); ``error`` beyond."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise error(f"{what} is larger than {_size(limit)}, more than paperpal reads; is it the right file?")
    return data


def parse_json(data: bytes, *, what: str, error: type[PaperpalError]) -> Any:
    """JSON from UTF-8 bytes; ``error`` for bad UTF-8, bad JSON, endless nesting, lone surrogates."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise error(f"{what} is not UTF-8 text (an invalid byte at offset {err.start})") from None
    try:
        value = json.loads(text)
    except json.JSONDecodeError as err:
        raise error(f"{what} is not JSON ({err.msg} at line {err.lineno})") from None
    except RecursionError:
        raise error(f"{what} is nested too deeply to be read") from None
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise error(
            f"{what} holds text that is not valid Unicode (a lone surrogate such as \\ud800)"
        ) from None
    except RecursionError:
        raise error(f"{what} is nested too deeply to be read") from None
    return value


def _size(limit: int) -> str:
    return f"{limit // MB} MB" if limit >= MB else f"{limit} bytes"


# ----------------------------------------------------------------------------------------------
# writing
# ----------------------------------------------------------------------------------------------


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def writable_target(target: Path) -> tuple[Path, os.stat_result | None]:
    """Where writing ``target`` would really go, and that file's status (None: a new file).

    ``WriteError`` when it must not be written at all: not a regular file, a link that does not
    end at one, or a folder that does not exist.
    """
    target = target.expanduser()
    if target.name in ("", ".", ".."):
        raise WriteError(f"{target} is a folder; give a file name")
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        info = None
    except OSError as err:
        raise WriteError(f"cannot write {target}: {err.strerror or err}") from None
    real = target
    if info is not None and stat.S_ISLNK(info.st_mode):
        try:
            real = target.resolve(strict=True)
            info = os.stat(real)
        except (FileNotFoundError, RuntimeError, OSError) as err:
            reason = "a loop of links" if isinstance(err, RuntimeError) else "nothing that exists"
            raise WriteError(
                f"{target} is a symbolic link to {reason}; paperpal writes only regular files"
            ) from None
    if info is not None and not stat.S_ISREG(info.st_mode):
        what = _kind(info.st_mode)
        shown = f"{target} (which leads to {real})" if real != target else str(target)
        raise WriteError(f"{shown} is {what}; paperpal writes only regular files, give a file name")
    folder = real.parent
    if not folder.is_dir():
        raise WriteError(f"cannot write {target}: the folder {folder} does not exist")
    return real, info


def write_file(target: Path, data: bytes, *, replace: bool | Callable[[Path], bool]) -> Path:
    """Write ``data`` to ``target`` atomically under the rules above; return the path written.

    ``replace`` says whether an existing file may be replaced: a bool, or a function asked with
    the path (it prompts the user) that returns the answer.
    """
    real, info = writable_target(target)
    if info is not None:
        allowed = replace(target) if callable(replace) else replace
        if not allowed:
            raise kept_existing(target)
    tmp = real.with_name(f".{real.name}.{os.urandom(4).hex()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # the umask applies
        try:
            if info is not None:
                os.fchmod(fd, stat.S_IMODE(info.st_mode))
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        if info is not None and info.st_nlink > 1:
            tmp.unlink()
            _rewrite_in_place(real, data)
        else:
            os.replace(tmp, real)
    except OSError as err:
        tmp.unlink(missing_ok=True)
        raise WriteError(f"could not write {target}: {err.strerror or err}") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def kept_existing(target: Path) -> WriteError:
    """The refusal for an existing file the user did not allow to be replaced."""
    return WriteError(f"{target} exists; paperpal left it as it is (use --force to replace it)")


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _rewrite_in_place(path: Path, data: bytes) -> None:
    # The complete new text has just fitted on this file system as the temporary file (now
    # removed again), so rewriting the file in place is not cut short by a full disk.
    fd = os.open(path, os.O_WRONLY | os.O_NOFOLLOW)
    try:
        _write_all(fd, data)
        os.ftruncate(fd, len(data))
        os.fsync(fd)
    finally:
        os.close(fd)
