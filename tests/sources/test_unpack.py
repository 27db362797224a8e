"""Unpacking e-prints: the three shapes arXiv serves, and every way an archive can be hostile."""

from __future__ import annotations

import gzip
import io
import os
import tarfile
from pathlib import Path

import pytest

from paperpal.errors import UnsafeArchive
from paperpal.sources.unpack import Limits, sniff, unpack_eprint


def make_tar(path: Path, members: list[tuple[tarfile.TarInfo, bytes | None]]) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        for info, data in members:
            if data is not None:
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
            else:
                tar.addfile(info)
    return path


def file_member(name: str, data: bytes = b"hello") -> tuple[tarfile.TarInfo, bytes]:
    return tarfile.TarInfo(name), data


def link_member(name: str, target: str, kind: bytes) -> tuple[tarfile.TarInfo, None]:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = target
    return info, None


def files_under(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_real_eprint_tar(corpus: Path, tmp_path: Path) -> None:
    result = unpack_eprint(corpus / "1603.07285" / "source.tar.gz", tmp_path / "src")
    assert result.shape == "tar"
    names = files_under(tmp_path / "src")
    assert any(n.endswith(".tex") for n in names), f"no .tex unpacked from 1603.07285: {names}"
    assert result.warnings == (), f"a clean e-print should unpack without warnings: {result.warnings}"


def test_single_gzipped_tex_becomes_main_tex(tmp_path: Path) -> None:
    gz = tmp_path / "eprint"
    gz.write_bytes(gzip.compress(b"\\documentclass{article}\\begin{document}Hi\\end{document}"))
    assert sniff(gz) == "tex"
    result = unpack_eprint(gz, tmp_path / "src")
    assert result.shape == "tex"
    assert (tmp_path / "src" / "main.tex").read_bytes().startswith(b"\\documentclass")


def test_pdf_eprint_is_left_to_the_caller(corpus: Path, tmp_path: Path) -> None:
    result = unpack_eprint(corpus / "1706.03762" / "paper.pdf", tmp_path / "src")
    assert result.shape == "pdf"
    assert not (tmp_path / "src").exists(), "a PDF e-print must not create a source folder"


def test_plain_uncompressed_tar(tmp_path: Path) -> None:
    raw = tmp_path / "plain.tar"
    with tarfile.open(raw, "w") as tar:
        data = b"\\documentclass{article}"
        info = tarfile.TarInfo("paper.tex")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    assert sniff(raw) == "tar"
    assert unpack_eprint(raw, tmp_path / "src").files == 1


@pytest.mark.parametrize(
    "name",
    ["../evil.tex", "a/../../evil.tex", "/tmp/evil-absolute.tex", "..\\evil.tex", "C:/evil.tex"],
)
def test_members_outside_the_folder_are_skipped(tmp_path: Path, name: str) -> None:
    archive = make_tar(tmp_path / "e.tar.gz", [file_member(name), file_member("ok.tex")])
    target = tmp_path / "deep" / "src"
    result = unpack_eprint(archive, target)
    assert files_under(target) == ["ok.tex"], f"{name!r} was written: {files_under(target)}"
    assert not (tmp_path / "deep" / "evil.tex").exists() and not (tmp_path / "evil.tex").exists()
    assert not Path("/tmp/evil-absolute.tex").exists()
    assert any("outside" in w for w in result.warnings), f"no warning about {name!r}: {result.warnings}"


def test_symlinks_are_skipped(tmp_path: Path) -> None:
    archive = make_tar(
        tmp_path / "e.tar.gz",
        [
            link_member("passwd.tex", "/etc/passwd", tarfile.SYMTYPE),
            link_member("up", "..", tarfile.SYMTYPE),
            file_member("up/escaped.tex"),
        ],
    )
    target = tmp_path / "src"
    result = unpack_eprint(archive, target)
    assert not (target / "passwd.tex").exists() and not (target / "passwd.tex").is_symlink()
    assert not (target / "up").is_symlink(), "a symlink was created"
    assert not (tmp_path / "escaped.tex").exists(), "a file escaped through a symlinked folder"
    assert sum("symbolic link" in w for w in result.warnings) == 2, result.warnings


def test_hard_links_outside_are_skipped_inside_are_copied(tmp_path: Path) -> None:
    archive = make_tar(
        tmp_path / "e.tar.gz",
        [
            file_member("main.tex", b"real"),
            link_member("copy.tex", "main.tex", tarfile.LNKTYPE),
            link_member("shadow.tex", "/etc/shadow", tarfile.LNKTYPE),
            link_member("up.tex", "../outside.tex", tarfile.LNKTYPE),
        ],
    )
    target = tmp_path / "src"
    result = unpack_eprint(archive, target)
    assert files_under(target) == ["copy.tex", "main.tex"]
    assert (target / "copy.tex").read_bytes() == b"real"
    assert os.stat(target / "copy.tex").st_nlink == 1, "a hard link was created instead of a copy"
    assert sum("hard link" in w for w in result.warnings) == 2, result.warnings


def test_gzip_bomb_stops_at_the_limit(tmp_path: Path) -> None:
    # 64 MiB of zeros compresses to ~64 KiB; the limit is 4 MiB.
    bomb = tmp_path / "bomb.tar.gz"
    with tarfile.open(bomb, "w:gz") as tar:
        info = tarfile.TarInfo("zeros.tex")
        info.size = 64 * 1024 * 1024
        tar.addfile(info, io.BytesIO(bytes(info.size)))
    assert bomb.stat().st_size < 1024 * 1024
    target = tmp_path / "src"
    with pytest.raises(UnsafeArchive, match="more than 4 MB"):
        unpack_eprint(bomb, target, Limits(total_bytes=4 * 1024 * 1024))
    written = sum(p.stat().st_size for p in target.rglob("*") if p.is_file())
    assert written <= 4 * 1024 * 1024, f"{written} bytes were written past the limit"


def test_single_file_gzip_bomb(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.gz"
    with gzip.open(bomb, "wb") as gz:
        for _ in range(32):
            gz.write(bytes(1024 * 1024))
    with pytest.raises(UnsafeArchive, match="compression bomb"):
        unpack_eprint(bomb, tmp_path / "src", Limits(total_bytes=1024 * 1024))


def test_too_many_members(tmp_path: Path) -> None:
    archive = make_tar(tmp_path / "e.tar.gz", [file_member(f"f{i}.tex", b"x") for i in range(30)])
    with pytest.raises(UnsafeArchive, match="more than 10 members"):
        unpack_eprint(archive, tmp_path / "src", Limits(members=10))


def test_damaged_archive_keeps_what_was_read(corpus: Path, tmp_path: Path) -> None:
    data = (corpus / "1603.07285" / "source.tar.gz").read_bytes()
    cut = tmp_path / "cut.tar.gz"
    cut.write_bytes(data[: len(data) // 2])
    result = unpack_eprint(cut, tmp_path / "src")
    assert any("damaged" in w for w in result.warnings), (
        f"no warning for a damaged archive: {result.warnings}"
    )
    for file in (tmp_path / "src").rglob("*.tex"):
        assert file.stat().st_size > 0


def test_device_and_fifo_members_are_skipped(tmp_path: Path) -> None:
    fifo = tarfile.TarInfo("pipe")
    fifo.type = tarfile.FIFOTYPE
    archive = make_tar(tmp_path / "e.tar.gz", [(fifo, None), file_member("a.tex")])
    result = unpack_eprint(archive, tmp_path / "src")
    assert files_under(tmp_path / "src") == ["a.tex"]
    assert any("not a regular file" in w for w in result.warnings)
