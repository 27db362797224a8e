"""The library on disk: one folder per paper, written atomically.

Owns the layout ``paths.library_dir() / <id with "/" as "_">/`` holding ``meta.json`` (the
``PaperMeta`` fields), ``paper.pdf``, ``source/`` (the unpacked e-print) and ``fetch.json`` (when
and how it was fetched, unpacking warnings). A paper is built in a hidden staging folder beside
the library's papers and renamed into place only when complete, so a crash or a failed download
never leaves a half-written paper that later looks cached. Other stages may add their own files to
a paper's folder (caches); a refresh replaces the folder as a whole. No network here.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any

from paperpal import paths
from paperpal.errors import BadReference
from paperpal.models import PaperFiles, PaperMeta
from paperpal.sources.refs import folder_name, match_id

META = "meta.json"
FETCH = "fetch.json"
PDF = "paper.pdf"
SOURCE = "source"
STAGING_PREFIX = ".staging-"
STAGING_PID = "pid"  # staging names hold "-pid<N>-": the process building them

NO_SOURCE = "arXiv has no LaTeX source for this paper; reading the PDF"
NO_SOURCE_LOCAL = "no LaTeX source for this paper; reading the PDF"
NO_PDF = "arXiv has no PDF for this paper; reading the LaTeX source"
NO_PDF_LOCAL = "no PDF for this paper; reading the LaTeX source"

log = logging.getLogger("paperpal.sources")


def paper_folder(paper_id: str) -> Path:
    return paths.library_dir() / folder_name(paper_id)


def meta_from_json(data: dict[str, Any]) -> PaperMeta:
    """A ``PaperMeta`` from its JSON form; unknown keys are ignored, lists become tuples."""
    known = {f.name for f in fields(PaperMeta)}
    values: dict[str, Any] = {
        k: (tuple(v) if isinstance(v, list) else v) for k, v in data.items() if k in known
    }
    if not isinstance(values.get("id"), str) or not isinstance(values.get("title"), str):
        raise ValueError("meta.json lacks an id or a title")
    return PaperMeta(**values)


def _has_files(folder: Path) -> bool:
    return folder.is_dir() and any(folder.iterdir())


def load(folder: Path, *, from_cache: bool = True, extra_warnings: tuple[str, ...] = ()) -> PaperFiles:
    """Read a complete paper folder. Raises ``ValueError``/``OSError`` when it is broken."""
    meta = meta_from_json(json.loads((folder / META).read_text(encoding="utf-8")))
    pdf = folder / PDF
    source = folder / SOURCE
    notes: list[str] = []
    fetch_file = folder / FETCH
    if fetch_file.is_file():
        try:
            stored = json.loads(fetch_file.read_text(encoding="utf-8")).get("warnings", [])
            notes.extend(w for w in stored if isinstance(w, str))
        except (ValueError, OSError, AttributeError):
            pass  # fetch.json is a courtesy; a damaged one must not lose the paper
    has_pdf = pdf.is_file()
    has_source = _has_files(source)
    local = meta.origin == "local"
    if not has_source and has_pdf:
        notes.insert(0, NO_SOURCE_LOCAL if local else NO_SOURCE)
    if not has_pdf and has_source:
        notes.insert(0, NO_PDF_LOCAL if local else NO_PDF)
    return PaperFiles(
        meta=meta,
        folder=folder,
        pdf=pdf if has_pdf else None,
        source_dir=source if has_source else None,
        warnings=tuple(notes) + extra_warnings,
        from_cache=from_cache,
    )


def cached_paper(paper_id: str) -> PaperFiles | None:
    """The cached paper with this id, or None (also None for a broken folder).

    A versioned id (``1412.3555v2``) matches only when the library holds that version.
    """
    version: int | None = None
    found = match_id(paper_id)
    if found is not None:
        paper_id, version = found
    try:
        folder = paper_folder(paper_id)
    except BadReference:
        return None
    if not (folder / META).is_file():
        return None
    try:
        paper = load(folder)
    except (OSError, ValueError, TypeError) as err:
        log.warning("the library folder %s is damaged (%s); it will be fetched again", folder, err)
        return None
    if version is not None and paper.meta.version != version:
        return None
    return paper


def list_library(warn: Callable[[str], None] | None = None) -> list[PaperFiles]:
    """Every cached paper, sorted by id; a broken folder is skipped with a warning."""
    warn = warn or log.warning
    root = paths.library_dir()
    if not root.is_dir():
        return []
    papers: list[PaperFiles] = []
    for folder in sorted(root.iterdir()):
        if folder.name.startswith(".") or not folder.is_dir():
            continue
        try:
            papers.append(load(folder))
        except (OSError, ValueError, TypeError) as err:
            reason = "no meta.json" if isinstance(err, FileNotFoundError) else str(err)
            warn(f"skipped the library folder {folder.name}: it is damaged ({reason})")
    return sorted(papers, key=lambda p: p.meta.id)


def write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def write_meta(folder: Path, meta: PaperMeta, warnings: tuple[str, ...] = (), how: str = "") -> None:
    write_json(
        folder / FETCH,
        {
            "fetched": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "how": how,
            "warnings": list(warnings),
        },
    )
    # meta.json last: its presence is what marks the folder as a paper.
    write_json(folder / META, asdict(meta))


@contextmanager
def staging(paper_id: str) -> Iterator[Path]:
    """A fresh folder to build a paper in, removed again unless ``commit`` moved it.

    Its name carries this process's id, so a later run can tell a folder whose builder is gone
    (killed outright, where no clean-up could run) and remove it at once.
    """
    root = paths.ensure(paths.library_dir())
    clean_stale_staging()
    prefix = f"{STAGING_PREFIX}{folder_name(paper_id)}-{STAGING_PID}{os.getpid()}-"
    folder = Path(tempfile.mkdtemp(prefix=prefix, dir=root))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def commit(built: Path, paper_id: str) -> Path:
    """Move a complete paper folder into place, replacing an older copy; return its final path."""
    final = paper_folder(paper_id)
    old: Path | None = None
    if final.exists():
        old = final.with_name(
            f"{STAGING_PREFIX}old-{final.name}-{STAGING_PID}{os.getpid()}-{time.monotonic_ns()}"
        )
        final.rename(old)
    try:
        built.rename(final)
    except OSError:
        # Another paperpal finished the same paper first: theirs is as good as ours.
        if old is not None and not final.exists():
            old.rename(final)
            old = None
        if not (final / META).is_file():
            raise
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    return final


def imported_from(paper: PaperFiles) -> str | None:
    """The file or folder a local paper was imported from, as the user named it (None: unknown)."""
    try:
        how = json.loads((paper.folder / FETCH).read_text(encoding="utf-8")).get("how", "")
    except (OSError, ValueError, AttributeError):
        return None
    prefix = "imported from "
    return how[len(prefix) :] if isinstance(how, str) and how.startswith(prefix) else None


def discard(paper: PaperFiles) -> None:
    """Take a paper out of the library again (one that was imported but cannot be read).

    The folder is renamed aside first, so the library never shows a half-removed paper.
    """
    folder = paper.folder
    if not (folder / META).is_file() or folder.parent != paths.library_dir():
        return
    aside = folder.with_name(
        f"{STAGING_PREFIX}gone-{folder.name}-{STAGING_PID}{os.getpid()}-{time.monotonic_ns()}"
    )
    try:
        folder.rename(aside)
    except OSError:
        return
    shutil.rmtree(aside, ignore_errors=True)


def clean_stale_staging(max_age: float = 24 * 3600) -> None:
    """Remove staging folders left behind: those whose process is gone, and any older than a day."""
    root = paths.library_dir()
    if not root.is_dir():
        return
    now = time.time()
    for folder in root.glob(f"{STAGING_PREFIX}*"):
        try:
            if _builder_gone(folder.name) or now - folder.stat().st_mtime > max_age:
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            continue


def _builder_gone(name: str) -> bool:
    """True when the folder name records a process id and no such process is running."""
    found = re.search(rf"-{STAGING_PID}(\d+)-", name)
    if found is None:
        return False
    pid = int(found.group(1))
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False  # alive, but someone else's
    return False
