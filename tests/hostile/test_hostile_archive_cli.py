"""Hostile archives through the real CLI, from disk (`paperpal show evil.tar.gz`) and as an arXiv
e-print (`paperpal fetch ID` against the fake arXiv).

Members that climb out (``../``), absolute paths, symbolic and hard links pointing outside, and
files written through a linked folder are skipped with a warning; nothing lands outside the
paper's folder. A gzip bomb or an archive with too many members stops at the unpacking limit with
``UnsafeArchive`` (5), and no half-unpacked paper is left in the library.
"""

from __future__ import annotations

import gzip
import io
import json
import tarfile
from pathlib import Path

import pytest
from hostile_support import expect_failure, expect_success, library_papers, run_cli, stray_files

from paperpal.errors import UnsafeArchive
from paperpal.sources.unpack import MAX_MEMBERS, MAX_TOTAL_BYTES

MAIN_TEX = (
    b"\\documentclass{article}\\begin{document}\\section{Safe}\n"
    b"We write $x$ for the input.\n\\begin{equation} y = W x + b \\end{equation}\n\\end{document}\n"
)
NEW_ID = "2001.00001"


def _member(name: str, data: bytes = b"", **attrs: object) -> tuple[tarfile.TarInfo, bytes]:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    for key, value in attrs.items():
        setattr(info, key, value)
    return info, data


def _tar_gz(path: Path, members: list[tuple[tarfile.TarInfo, bytes]]) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        for info, data in members:
            tar.addfile(info, io.BytesIO(data) if info.isfile() else None)
    return path


def evil_archive(path: Path, outside: Path) -> Path:
    """main.tex plus every way out of the folder we know; ``outside`` is where escapes would land."""
    return _tar_gz(
        path,
        [
            _member("main.tex", MAIN_TEX),
            _member("../escaped-dotdot.tex", b"escaped"),
            _member("sub/../../escaped-nested.tex", b"escaped"),
            _member(str(outside / "escaped-absolute.tex"), b"escaped"),
            _member("passwd-link", type=tarfile.SYMTYPE, linkname="/etc/passwd"),
            _member("out-dir", type=tarfile.SYMTYPE, linkname=str(outside)),
            _member("out-dir/through-link.tex", b"lands inside"),  # a real folder once the link is skipped
            _member("passwd-hard", type=tarfile.LNKTYPE, linkname="/etc/passwd"),
            _member("up-hard", type=tarfile.LNKTYPE, linkname="../escaped-dotdot.tex"),
        ],
    )


def _escapes(outside: Path) -> list[str]:
    return sorted(p.name for p in outside.rglob("escaped*"))


def gzip_bomb(path: Path, size: int) -> Path:
    """A .tar.gz whose one big member unpacks to ``size`` zero bytes, built cheaply: gzip allows
    concatenated members, so one compressed 64 MiB block of zeros is repeated."""
    block = 64 * 1024 * 1024
    count = -(-size // block)
    head = tarfile.TarInfo("main.tex")
    head.size = len(MAIN_TEX)
    zeros = tarfile.TarInfo("zeros.tex")
    zeros.size = count * block
    prefix = head.tobuf() + MAIN_TEX + bytes(-len(MAIN_TEX) % 512) + zeros.tobuf()
    packed_block = gzip.compress(bytes(block), 9, mtime=0)
    with path.open("wb") as out:
        out.write(gzip.compress(prefix, mtime=0))
        for _ in range(count):
            out.write(packed_block)
        out.write(gzip.compress(bytes(1024), mtime=0))
    return path


@pytest.fixture(scope="session")
def gigabyte_bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """~1 MB on disk, more than paperpal's 1 GiB unpacking limit once unpacked."""
    return gzip_bomb(tmp_path_factory.mktemp("bomb") / "bomb.tar.gz", MAX_TOTAL_BYTES + 64 * 1024 * 1024)


@pytest.fixture(scope="session")
def member_bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One member more than the limit; all symbolic links, so a failed limit would write little.
    Headers are packed by hand: tarfile.addfile is slow for 20,000 members."""
    head = tarfile.TarInfo("main.tex")
    head.size = len(MAIN_TEX)
    parts = [head.tobuf(), MAIN_TEX, bytes(-len(MAIN_TEX) % 512)]
    for i in range(MAX_MEMBERS + 1):
        link = tarfile.TarInfo(f"l{i}")
        link.type, link.linkname = tarfile.SYMTYPE, "main.tex"
        parts.append(link.tobuf())
    parts.append(bytes(1024))
    path = tmp_path_factory.mktemp("members") / "many.tar.gz"
    path.write_bytes(gzip.compress(b"".join(parts), 1, mtime=0))
    return path


def _meta(paper_id: str) -> dict[str, object]:
    return {"id": paper_id, "version": 1, "title": "A Hostile E-print", "authors": ["Mallory"]}


def test_local_archive_escapes_are_skipped(tmp_path: Path, home: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    archive = evil_archive(tmp_path / "evil.tar.gz", outside)
    ran = run_cli("show", str(archive), "--json", home=home, cwd=tmp_path)
    expect_success(ran)
    report = json.loads(ran.out)
    warnings = report["paper"]["warnings"]
    for name in ("../escaped-dotdot.tex", "sub/../../escaped-nested.tex", "escaped-absolute.tex"):
        assert any(name in w and "outside the paper's folder" in w for w in warnings), (name, warnings)
    assert any("symbolic link 'passwd-link'" in w for w in warnings), warnings
    assert any("hard link 'passwd-hard'" in w for w in warnings), warnings
    assert _escapes(outside) == [] and _escapes(tmp_path) == [] and _escapes(home) == [], "a member escaped"
    [paper] = library_papers(home)
    source = home / "library" / paper / "source"
    links = [p for p in source.rglob("*") if p.is_symlink()]
    assert links == [], f"links were created in the paper's folder: {links}"
    files = sorted(p.relative_to(source).as_posix() for p in source.rglob("*") if p.is_file())
    assert files == ["main.tex", "out-dir/through-link.tex"], (
        f"only the safe members may be unpacked: {files}"
    )
    assert [s["title"] for s in report["sections"]] == ["Safe"], "the safe part must still be read"
    assert stray_files(home) == []


def test_eprint_escapes_are_skipped(fake_arxiv, tmp_path: Path, home: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    fake_arxiv.add_paper(_meta(NEW_ID), eprint=evil_archive(tmp_path / "evil.tar.gz", outside))
    ran = run_cli("fetch", NEW_ID, "--json", home=home, cwd=tmp_path)
    expect_success(ran)
    fetched = json.loads(ran.out)
    assert fetched["files"] == ["source"], fetched
    assert any("outside the paper's folder" in w for w in fetched["warnings"]), fetched["warnings"]
    assert _escapes(outside) == [] and _escapes(tmp_path) == [] and _escapes(home) == [], "a member escaped"
    source = Path(fetched["source_dir"])
    files = sorted(p.relative_to(source).as_posix() for p in source.rglob("*") if p.is_file())
    assert files == ["main.tex", "out-dir/through-link.tex"], (
        f"only the safe members may be unpacked: {files}"
    )
    assert not [p for p in source.rglob("*") if p.is_symlink()], "links were created in the paper's folder"
    assert stray_files(home) == []


@pytest.mark.slow
def test_gzip_bomb_stops_at_the_limit(gigabyte_bomb: Path, home: Path) -> None:
    ran = run_cli("show", str(gigabyte_bomb), home=home, timeout=120)
    expect_failure(ran, UnsafeArchive.exit_code, "compression bomb", "1024 MB")
    assert library_papers(home) == [], "a bomb must not leave a paper in the library"
    assert stray_files(home) == [], "the half-unpacked bomb was left on disk"
    assert ran.peak_mb < 512, (
        f"unpacking streamed to disk should take little memory, took {ran.peak_mb:.0f} MB"
    )
    assert ran.seconds < 60, f"the bomb took {ran.seconds:.1f} s to refuse"


def test_eprint_with_too_many_members_is_refused_and_not_cached(
    fake_arxiv, member_bomb: Path, home: Path
) -> None:
    fake_arxiv.add_paper(_meta(NEW_ID), eprint=member_bomb)
    ran = run_cli("fetch", NEW_ID, home=home)
    expect_failure(ran, UnsafeArchive.exit_code, f"more than {MAX_MEMBERS} members")
    assert library_papers(home) == [] and stray_files(home) == []
    again = run_cli("fetch", NEW_ID, "--offline", home=home)
    expect_failure(again, 4, "not in your library")
