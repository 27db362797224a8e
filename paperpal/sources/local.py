"""Importing a paper from disk (a .pdf, .tex, .tar.gz/.tgz/.gz or a folder) into the library.

Owns the stable local id (``local-`` + 12 hex of a SHA-256 of the content, so the same file
always lands in the same folder) and finding a title without heavy imports: a ``meta.json`` in
the folder, the LaTeX ``\\title{...}``, the PDF's Info or XMP title, else the file name. The
original files are copied, never moved or modified; archives go through ``sources.unpack``.

Inside a folder REF, nothing is read through a symbolic link, whatever the file (a ``.tex``, a
``.pdf``, ``meta.json``): links are skipped with a warning where they matter, and every file is
opened with ``O_NOFOLLOW`` and checked to be a regular file, so a link swapped in after the
folder was listed is refused too. ``meta.json`` is read up to 1 MB.
Must not import pymupdf (``extract/pdf.py`` owns it) and does no network.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from paperpal.errors import BadReference, CorruptDownload
from paperpal.fileio import MAX_META_FILE, parse_json, read_stream_limited
from paperpal.models import PaperFiles, PaperMeta
from paperpal.sources import cache
from paperpal.sources.fetch import check_pdf
from paperpal.sources.refs import is_paper_file
from paperpal.sources.unpack import unpack_eprint

Progress = Callable[[str], None]
ARCHIVE_SUFFIXES = (".tar.gz", ".tgz", ".gz")
MAX_FOLDER_FILES = 5_000
MAX_FOLDER_BYTES = 512 * 1024 * 1024


def _walk(folder: Path) -> Iterator[Path]:
    """Regular files under ``folder``, sorted, never following links (they could lead anywhere).

    Stops with ``BadReference`` past the import limits, before anything large is hashed or copied:
    a folder like the home directory is not a paper.
    """
    count = total = 0
    for path in sorted(folder.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        if any(part.startswith(".") for part in path.relative_to(folder).parts):
            continue  # .git, editor droppings: not the paper
        count += 1
        total += path.stat().st_size
        if count > MAX_FOLDER_FILES or total > MAX_FOLDER_BYTES:
            raise BadReference(
                f"the folder {folder} is too large to be one paper (more than {MAX_FOLDER_FILES} files "
                f"or {MAX_FOLDER_BYTES // (1024 * 1024)} MB); point paperpal at the paper's own folder"
            )
        yield path


def open_regular(path: Path) -> BinaryIO:
    """``path`` opened for reading, refusing a symbolic link (even one swapped in after the folder
    was listed), a device, a pipe or a socket with ``OSError``."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(f"{path} is not a regular file")
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _copy_regular(src: Path, dest: Path) -> None:
    with open_regular(src) as fh, open(dest, "wb") as out:
        shutil.copyfileobj(fh, out, 1 << 20)


def local_id(path: Path) -> str:
    """``local-<12 hex>`` from the content (and, for a folder, the names) of the paper."""
    digest = hashlib.sha256()
    files = [path] if path.is_file() else list(_walk(path))
    for file in files:
        if path.is_dir():
            digest.update(file.relative_to(path).as_posix().encode() + b"\x00")
        with open_regular(file) if path.is_dir() else open(file, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
    return "local-" + digest.hexdigest()[:12]


# --------------------------------------------------------------------------------------------
# titles
# --------------------------------------------------------------------------------------------


def _braced(text: str, start: int) -> str | None:
    """The content of the brace group opening at ``text[start]``."""
    depth = 0
    for i in range(start, min(len(text), start + 2000)):
        if text[i] == "\\":
            continue
        if text[i] == "{" and (i == 0 or text[i - 1] != "\\"):
            depth += 1
        elif text[i] == "}" and text[i - 1] != "\\":
            depth -= 1
            if depth == 0:
                return text[start + 1 : i]
    return None


def latex_title(tex: str) -> str | None:
    """The text of ``\\title{...}`` with the LaTeX markup stripped, or None."""
    tex = re.sub(r"(?<!\\)%.*", "", tex)
    m = re.search(r"\\title\s*(?:\[[^\]]*\])?\s*\{", tex)
    if not m:
        return None
    body = _braced(tex, m.end() - 1)
    if not body:
        return None
    body = re.sub(r"\\(thanks|footnote|label)\s*\{[^{}]*\}", "", body)
    body = body.replace("\\\\", " ").replace("~", " ")
    body = re.sub(r"\\[a-zA-Z]+\*?\s*", "", body)
    body = re.sub(r"[{}]", "", body)
    title = " ".join(body.split())
    return title or None


_PDF_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _pdf_literal(raw: bytes) -> bytes:
    """Undo a PDF literal string's backslash escapes (\\n, \\(, octal \\376 ...)."""

    def one(m: re.Match[bytes]) -> bytes:
        code = m.group(1)
        if code[:1].isdigit():
            return bytes([int(code, 8) & 0xFF])
        if code in (b"\n", b"\r"):
            return b""  # a line continuation
        return _PDF_ESCAPES.get(code, code)

    return re.sub(rb"\\([0-7]{1,3}|\r\n|.)", one, raw, flags=re.S)


def _pdf_string(raw: bytes) -> str:
    if raw.startswith(b"\xfe\xff"):
        return raw[2:].decode("utf-16-be", "replace")
    return raw.decode("latin-1")


def _plausible(title: str) -> str | None:
    """A title that is not a tool's leftover: temp-file paths and file names are rejected."""
    title = " ".join(title.replace("\x00", "").split())
    if not title or "/" in title or "\\" in title:
        return None
    if re.search(r"\.(ps|dvi|tex|pdf|docx?)$", title, re.I) or (" " not in title and "_" in title):
        return None
    return title


def _title_in(dictionary: bytes) -> str | None:
    m = re.search(rb"/Title\s*\(((?:\\.|[^\\)])*)\)", dictionary, re.S)
    if m:
        return _plausible(_pdf_string(_pdf_literal(m.group(1))))
    m = re.search(rb"/Title\s*<([0-9A-Fa-f\s]+)>", dictionary)
    if m:
        try:
            return _plausible(_pdf_string(bytes.fromhex(m.group(1).decode())))
        except ValueError:
            return None
    return None


def pdf_title(path: Path) -> str | None:
    """The title in a PDF's XMP packet or uncompressed Info dictionary, when there is a real one.

    Only the dictionary the trailer names as /Info is read: outline entries also carry /Title.
    """
    try:
        data = path.read_bytes()[: 64 * 1024 * 1024]
    except OSError:
        return None
    m = re.search(rb"<dc:title>.*?<rdf:li[^>]*>(.*?)</rdf:li>", data, re.S)
    if m:
        title = _plausible(m.group(1).decode("utf-8", "replace"))
        if title:
            return title
    for number in dict.fromkeys(re.findall(rb"/Info\s+(\d+)\s+0\s+R", data)):
        obj = re.search(rb"(?<!\d)" + number + rb"\s+0\s+obj\s*<<(.*?)>>", data, re.S)
        if obj:
            title = _title_in(obj.group(1))
            if title:
                return title
    return None


def _main_tex(source: Path) -> Path | None:
    texs = [p for p in _walk(source) if p.suffix.lower() == ".tex"]
    for tex in sorted(
        texs, key=lambda p: (len(p.relative_to(source).parts), p.name not in ("main.tex", "ms.tex"))
    ):
        try:
            if "\\documentclass" in tex.read_text(encoding="utf-8", errors="replace")[:200_000]:
                return tex
        except OSError:
            continue
    return texs[0] if texs else None


def _title_of(folder: Path, fallback: str) -> str:
    source = folder / cache.SOURCE
    if source.is_dir():
        main = _main_tex(source)
        if main is not None:
            title = latex_title(main.read_text(encoding="utf-8", errors="replace"))
            if title:
                return title
    pdf = folder / cache.PDF
    if pdf.is_file():
        title = pdf_title(pdf)
        if title:
            return title
    return fallback


# --------------------------------------------------------------------------------------------
# copying into the staging folder
# --------------------------------------------------------------------------------------------


def _copy_pdf(src: Path, folder: Path, warnings: list[str], *, inside: bool = False) -> None:
    if inside:
        _copy_regular(src, folder / cache.PDF)  # a file of a folder REF: never through a link
    else:
        shutil.copyfile(src, folder / cache.PDF)
    try:
        problem = check_pdf(folder / cache.PDF)
    except CorruptDownload:
        raise BadReference(f"{src} is not a PDF file") from None
    if problem:
        warnings.append(problem)


def _unpack_archive(src: Path, folder: Path, warnings: list[str]) -> None:
    unpacked = unpack_eprint(src, folder / cache.SOURCE)
    warnings.extend(unpacked.warnings)
    if unpacked.shape == "pdf":
        _copy_pdf(src, folder, warnings)
    elif unpacked.shape == "unknown":
        raise BadReference(f"{src} is neither a gzipped tar, a gzipped .tex nor a PDF")


def _copy_tree(src: Path, dest: Path) -> None:
    for file in _walk(src):
        target = dest / file.relative_to(src)
        target.parent.mkdir(parents=True, exist_ok=True)
        _copy_regular(file, target)


def _import_folder(src: Path, folder: Path, warnings: list[str]) -> dict[str, object]:
    """A folder: LaTeX files (copied whole), an e-print archive, a PDF, maybe a meta.json."""
    top = [p for p in sorted(src.iterdir()) if is_paper_file(p) and not p.is_symlink()]
    if any(p.suffix.lower() == ".tex" for p in top):
        _copy_tree(src, folder / cache.SOURCE)
    else:
        archives = [p for p in top if p.name.lower().endswith(ARCHIVE_SUFFIXES)]
        if archives:
            _unpack_archive(archives[0], folder, warnings)
    pdfs = [p for p in top if p.suffix.lower() == ".pdf"]
    if pdfs and not (folder / cache.PDF).exists():
        best = next((p for p in pdfs if p.name.lower() == "paper.pdf"), pdfs[0])
        _copy_pdf(best, folder, warnings, inside=True)
    return _folder_meta(src / "meta.json", warnings)


def _folder_meta(meta_file: Path, warnings: list[str]) -> dict[str, object]:
    """A folder's ``meta.json`` (title, authors, abstract), read only when it is a regular file
    of the folder itself and at most ``MAX_META_FILE`` bytes; otherwise ignored with a warning."""
    if meta_file.is_symlink():
        warnings.append(
            f"ignored {meta_file}: it is a symbolic link, and paperpal reads no file of a folder through a link"
        )
        return {}
    if not meta_file.exists():
        return {}
    try:
        with open_regular(meta_file) as fh:
            raw = read_stream_limited(fh, MAX_META_FILE, what=str(meta_file), error=BadReference)
        data = parse_json(raw, what=str(meta_file), error=BadReference)
    except (BadReference, OSError) as err:
        reason = err if isinstance(err, BadReference) else (err.strerror or err)
        warnings.append(f"ignored {meta_file}: {reason}")
        return {}
    if not isinstance(data, dict):
        warnings.append(f"ignored {meta_file}: it is not a JSON object")
        return {}
    return data


def import_local(path: Path, *, refresh: bool = False, progress: Progress | None = None) -> PaperFiles:
    """Copy a local paper into the library under its stable id; reuse it when already there."""
    paper_id = local_id(path)
    if not refresh:
        cached = cache.cached_paper(paper_id)
        if cached is not None:
            return cached
    if progress:
        progress(f"importing {path} as {paper_id}")
    warnings: list[str] = []
    name = path.name.lower()
    fallback = path.name
    for suffix in (".tar.gz", ".tgz", ".gz", ".pdf", ".tex"):
        if name.endswith(suffix) and path.is_file():
            fallback = path.name[: -len(suffix)]
            break
    with cache.staging(paper_id) as folder:
        extra: dict[str, object] = {}
        if path.is_dir():
            extra = _import_folder(path, folder, warnings)
        elif name.endswith(".pdf"):
            _copy_pdf(path, folder, warnings)
        elif name.endswith(".tex"):
            (folder / cache.SOURCE).mkdir()
            shutil.copyfile(path, folder / cache.SOURCE / path.name)
        else:
            _unpack_archive(path, folder, warnings)
        if not (folder / cache.PDF).exists() and not any((folder / cache.SOURCE).glob("*")):
            raise BadReference(f"{path} holds no LaTeX source and no PDF that paperpal could use")
        title = extra.get("title")
        authors = extra.get("authors")
        meta = PaperMeta(
            id=paper_id,
            title=title if isinstance(title, str) and title.strip() else _title_of(folder, fallback),
            authors=tuple(str(a) for a in authors) if isinstance(authors, list) else (),
            abstract=str(extra.get("abstract") or ""),
            origin="local",
            url=None,
        )
        cache.write_meta(folder, meta, tuple(warnings), how=f"imported from {path}")
        final = cache.commit(folder, paper_id)
    return cache.load(final, from_cache=False)
