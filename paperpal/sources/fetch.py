"""Fetching one arXiv paper into the library: metadata, e-print, PDF, then an atomic commit.

Owns the order of downloads and what each answer means. The e-print comes first: for a PDF-only
submission it *is* the PDF, which saves a second download. A definite "not here" (404) for the
e-print or the PDF becomes a warning; a broken transfer (cut short, HTML instead of a PDF,
retries exhausted) aborts the whole fetch so nothing half-complete is ever cached. Talks to the
network only through ``sources.http`` and ``sources.arxiv``.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import requests

from paperpal.config import ArxivSettings
from paperpal.errors import CorruptDownload, NetworkError, PaperNotFound
from paperpal.models import PaperFiles, PaperMeta
from paperpal.sources import cache
from paperpal.sources.arxiv import fetch_meta
from paperpal.sources.http import request, save_body
from paperpal.sources.unpack import unpack_eprint

Progress = Callable[[str], None]

DAMAGED_PDF = "the PDF is damaged at its start (no %PDF header); some pages may not be readable"


def _looks_like_html(head: bytes) -> bool:
    start = head.lstrip()[:512].lower()
    return start.startswith((b"<!doctype", b"<html", b"<?xml", b"<head", b"<body")) or b"<html" in start


def check_pdf(path: Path, content_type: str = "") -> str | None:
    """None for a good PDF, a warning for a damaged but usable one; ``CorruptDownload`` otherwise."""
    with open(path, "rb") as fh:
        head = fh.read(2048)
        fh.seek(max(0, path.stat().st_size - 2048))
        tail = fh.read()
    if head.lstrip()[:5] == b"%PDF-":
        return None
    if _looks_like_html(head) or "html" in content_type:
        raise CorruptDownload(
            "arXiv sent a web page instead of the PDF; try again later, or open the paper's PDF file"
        )
    if b"%%EOF" in tail or "pdf" in content_type:
        return DAMAGED_PDF
    raise CorruptDownload("what arrived is not a PDF; try again later, or open the paper's PDF file")


def _download(url: str, target: Path, settings: ArxivSettings, progress: Progress | None) -> str | None:
    """Save ``url`` to ``target``; return its Content-Type, or None when the server says 404/410."""

    def consume(response: requests.Response) -> str | None:
        if response.status_code in (404, 410):
            return None
        if response.status_code != 200:
            raise NetworkError(f"{url} answered HTTP {response.status_code}")
        save_body(response, target)
        return response.headers.get("Content-Type", "").lower()

    return request(url, settings, consume=consume, progress=progress)


def fetch_arxiv(
    arxiv_id: str, version: int | None, settings: ArxivSettings, progress: Progress | None = None
) -> PaperFiles:
    say = progress or (lambda _message: None)
    say(f"asking arXiv about {arxiv_id}{f'v{version}' if version else ''}")
    meta: PaperMeta = fetch_meta(arxiv_id, version, settings, progress)
    versioned = f"{arxiv_id}v{meta.version}" if meta.version else arxiv_id
    warnings: list[str] = []
    with cache.staging(arxiv_id) as folder:
        eprint = folder / "eprint.download"
        say(f"downloading the source of {versioned}")
        eprint_type = _download(f"{settings.base_url}/e-print/{versioned}", eprint, settings, progress)
        pdf = folder / cache.PDF
        how = "arxiv"
        if eprint_type is not None:
            unpacked = unpack_eprint(eprint, folder / cache.SOURCE)
            warnings.extend(unpacked.warnings)
            if unpacked.shape == "pdf" or (unpacked.shape == "unknown" and "pdf" in eprint_type):
                # A PDF-only submission: the e-print is the paper's PDF itself.
                problem = check_pdf(eprint, eprint_type)
                if problem:
                    warnings.append(problem)
                eprint.rename(pdf)
                how = "arxiv (PDF-only submission)"
            elif unpacked.shape == "unknown":
                warnings.append("arXiv's source for this paper is in a format paperpal cannot read")
            elif unpacked.files == 0:
                shutil.rmtree(folder / cache.SOURCE, ignore_errors=True)
                warnings.append("arXiv's source archive for this paper holds no usable files")
            eprint.unlink(missing_ok=True)
        if not pdf.exists():
            say(f"downloading the PDF of {versioned}")
            part = folder / "pdf.download"
            pdf_type = _download(f"{settings.base_url}/pdf/{versioned}", part, settings, progress)
            if pdf_type is not None:
                problem = check_pdf(part, pdf_type)
                if problem:
                    warnings.append(problem)
                part.rename(pdf)
        if not pdf.exists() and not (folder / cache.SOURCE).is_dir():
            raise PaperNotFound(f"arXiv has neither a PDF nor a LaTeX source for {versioned}")
        cache.write_meta(folder, meta, tuple(warnings), how)
        final = cache.commit(folder, arxiv_id)
    return cache.load(final, from_cache=False)
