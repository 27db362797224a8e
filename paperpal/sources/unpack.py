"""Unpacking e-prints, which are untrusted archives, into a paper's ``source/`` folder.

Owns recognising arXiv's three e-print shapes (a gzipped tar, a single gzipped .tex, a PDF) and
extracting them safely: no member may land outside the target folder (``..``, absolute paths,
links), and extraction stops at a total-size and member-count limit so a gzip bomb cannot fill
the disk. Bytes actually written are counted, never the sizes an archive claims. Unsafe members
are skipped with a warning; a bomb raises ``UnsafeArchive``. It does no network.
"""

from __future__ import annotations

import gzip
import shutil
import tarfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Literal, Protocol

from paperpal.errors import UnsafeArchive

MAX_TOTAL_BYTES = 1024 * 1024 * 1024  # 1 GiB unpacked; the largest corpus source is ~9 MB
MAX_MEMBERS = 20_000
CHUNK = 64 * 1024

Shape = Literal["tar", "tex", "pdf", "unknown"]


class Damaged(Exception):
    """The archive breaks off or is corrupt part-way; what came before is kept."""


class _Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


@dataclass(frozen=True, slots=True)
class Limits:
    total_bytes: int = MAX_TOTAL_BYTES
    members: int = MAX_MEMBERS


@dataclass(frozen=True, slots=True)
class Unpacked:
    shape: Shape
    files: int = 0
    size: int = 0
    warnings: tuple[str, ...] = ()


def _looks_like_tar(head: bytes) -> bool:
    if len(head) < 512:
        return False
    if head[257:262] == b"ustar":
        return True
    # Old (v7) tars have no magic: check the header checksum instead.
    try:
        stored = int(head[148:156].replace(b"\x00", b" ").strip() or b"-1", 8)
    except ValueError:
        return False
    computed = sum(head[:148]) + 8 * 32 + sum(head[156:512])
    return stored == computed


def sniff(path: Path) -> Shape:
    """What kind of e-print ``path`` holds, from its first bytes."""
    with open(path, "rb") as fh:
        head = fh.read(1024)
    if head[:2] == b"\x1f\x8b":
        try:
            with gzip.open(path, "rb") as gz:
                inner = gz.read(512)
        except (OSError, EOFError, zlib.error):
            return "unknown"
        return "tar" if _looks_like_tar(inner) else "tex"
    if head.lstrip()[:5] == b"%PDF-":
        return "pdf"
    if _looks_like_tar(head[:512]):
        return "tar"
    if any(marker in head for marker in (b"\\documentclass", b"\\documentstyle", b"\\begin{document}")):
        return "tex"  # an uncompressed .tex (a mirror or proxy may have unzipped it on the way)
    return "unknown"


def _copy_limited(src: _Readable, dest: Path, budget: int, what: str, limits: Limits) -> int:
    """Copy at most ``budget`` bytes; more means a bomb: raise before the disk fills."""
    written = 0
    with open(dest, "wb") as out:
        while True:
            try:
                chunk = src.read(CHUNK)
            except (OSError, EOFError, zlib.error) as err:
                out.close()
                dest.unlink(missing_ok=True)
                raise Damaged(f"the e-print is damaged at {what} ({err}); kept what came before it") from None
            if not chunk:
                return written
            written += len(chunk)
            if written > budget:
                out.close()
                dest.unlink(missing_ok=True)
                raise UnsafeArchive(
                    f"the e-print unpacks to more than {limits.total_bytes // (1024 * 1024)} MB "
                    f"(stopped at {what}); it looks like a compression bomb and was not unpacked"
                )
            out.write(chunk)


def _safe_relative(name: str) -> PurePosixPath | None:
    """The member's path relative to the target, or None when it would escape it."""
    if not name or "\x00" in name:
        return None
    name = name.replace("\\", "/")
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return None
    parts = [p for p in PurePosixPath(name).parts if p not in ("", ".")]
    if not parts or any(p == ".." for p in parts):
        return None
    return PurePosixPath(*parts)


def unpack_tar(archive: Path, target: Path, limits: Limits = Limits()) -> Unpacked:
    """Extract a (gzipped) tar into ``target``, skipping unsafe members with a warning."""
    warnings: list[str] = []
    total = 0
    files = 0
    seen = 0
    target.mkdir(parents=True, exist_ok=True)
    root = target.resolve()
    written: dict[str, Path] = {}
    try:
        tar = tarfile.open(archive, "r:*")
    except (tarfile.TarError, OSError, EOFError, zlib.error) as err:
        raise UnsafeArchive(f"the e-print is not a readable tar archive: {err}") from None
    with tar:
        while True:
            try:
                member = tar.next()
            except (tarfile.TarError, OSError, EOFError, zlib.error) as err:
                warnings.append(
                    f"the e-print archive is damaged after {files} files ({err}); kept what was read"
                )
                break
            if member is None:
                break
            seen += 1
            if seen > limits.members:
                raise UnsafeArchive(
                    f"the e-print has more than {limits.members} members; it was not unpacked further"
                )
            if member.isdir() and not member.name.replace("\\", "/").strip("./"):
                continue  # the archive's own root ("./"): nothing to create
            rel = _safe_relative(member.name)
            if rel is None:
                warnings.append(
                    f"skipped {member.name!r} from the e-print: it points outside the paper's folder"
                )
                continue
            dest = target / rel
            if not dest.resolve().is_relative_to(root):
                # A folder created earlier cannot be a link (we never create links), but be sure.
                warnings.append(
                    f"skipped {member.name!r} from the e-print: it points outside the paper's folder"
                )
                continue
            if member.isdir():
                dest.mkdir(parents=True, exist_ok=True)
                continue
            if member.issym():
                warnings.append(f"skipped the symbolic link {member.name!r} in the e-print")
                continue
            if member.islnk():
                # A hard link to a file already unpacked is a harmless duplicate: copy it.
                source = written.get(str(_safe_relative(member.linkname) or ""))
                if source is None:
                    warnings.append(f"skipped the hard link {member.name!r} in the e-print")
                    continue
                if total + source.stat().st_size > limits.total_bytes:
                    raise UnsafeArchive(
                        f"the e-print unpacks to more than {limits.total_bytes // (1024 * 1024)} MB; "
                        "it looks like a compression bomb and was not unpacked"
                    )
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, dest)
                total += source.stat().st_size
                files += 1
                continue
            if not member.isfile():
                warnings.append(f"skipped {member.name!r} in the e-print: not a regular file")
                continue
            try:
                dest.parent.mkdir(parents=True, exist_ok=True)
            except (FileExistsError, NotADirectoryError):
                warnings.append(f"skipped {member.name!r} in the e-print: its folder clashes with a file")
                continue
            fh = tar.extractfile(member)
            if fh is None:
                continue
            try:
                with fh:
                    total += _copy_limited(fh, dest, limits.total_bytes - total, member.name, limits)
            except Damaged as err:
                warnings.append(str(err))
                break
            except IsADirectoryError:
                warnings.append(f"skipped {member.name!r} in the e-print: a folder has the same name")
                continue
            written[str(rel)] = dest
            files += 1
    return Unpacked(shape="tar", files=files, size=total, warnings=tuple(warnings))


def unpack_gzip_tex(archive: Path, target: Path, limits: Limits = Limits()) -> Unpacked:
    """A single (usually gzipped) .tex file: becomes ``target/main.tex``."""
    target.mkdir(parents=True, exist_ok=True)
    with open(archive, "rb") as fh:
        gzipped = fh.read(2) == b"\x1f\x8b"
    try:
        with gzip.open(archive, "rb") if gzipped else open(archive, "rb") as gz:
            size = _copy_limited(gz, target / "main.tex", limits.total_bytes, "main.tex", limits)
    except Damaged as err:
        return Unpacked(shape="tex", warnings=(str(err),))
    return Unpacked(shape="tex", files=1, size=size)


def unpack_eprint(archive: Path, target: Path, limits: Limits = Limits()) -> Unpacked:
    """Unpack any e-print shape. A PDF (or anything unknown) is left for the caller; nothing is written."""
    shape = sniff(archive)
    if shape == "tar":
        return unpack_tar(archive, target, limits)
    if shape == "tex":
        return unpack_gzip_tex(archive, target, limits)
    return Unpacked(shape=shape)
