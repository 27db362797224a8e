"""paperpal.extract: a cached paper's files -> one ``Document``, whichever way it had to be read.

Owns: the choice between the LaTeX source (accurate: read first when a main ``.tex`` is there)
and the PDF (the fallback, also used when the LaTeX path fails or finds nothing), and filling
the LaTeX equations' pages from the PDF when that is cheap.
Must not: import pymupdf or the LaTeX reader at module level (both are imported inside
``read_document``), or lose a paper because one path failed: that becomes a warning.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from paperpal.errors import PaperpalError, UnreadablePaper
from paperpal.extract.equation_names import named
from paperpal.models import Document, Equation, PaperFiles

_SNIFF_BYTES = 200_000
_MAX_TEX_FILES = 500


def has_main_tex(source_dir: Path | None) -> bool:
    """True when the folder holds a ``.tex`` file that starts a document."""
    if source_dir is None or not source_dir.is_dir():
        return False
    for n, path in enumerate(source_dir.rglob("*.tex")):
        if n >= _MAX_TEX_FILES:
            break
        try:
            with path.open("rb") as fh:
                head = fh.read(_SNIFF_BYTES)
        except OSError:
            continue
        if b"\\documentclass" in head or b"\\begin{document}" in head:
            return True
    return False


def _useful(doc: Document) -> bool:
    return any(True for _ in doc.paragraphs) or any(True for _ in doc.equations)


def read_document(files: PaperFiles) -> Document:
    """The paper's ``Document``: from the LaTeX source when usable, from the PDF otherwise.

    Either way every display equation gets its name (extract/equation_names.py).
    """
    doc = _read(files)
    return replace(doc, blocks=named(doc.blocks))


def _read(files: PaperFiles) -> Document:
    title = files.meta.title
    warnings: list[str] = []
    pdf = files.pdf if files.pdf is not None and files.pdf.is_file() else None
    if has_main_tex(files.source_dir):
        assert files.source_dir is not None
        try:
            from paperpal.extract.latex import read_latex

            doc = read_latex(files.source_dir, title_hint=title)
        except PaperpalError as err:
            warnings.append(f"the LaTeX source could not be read ({err}); the PDF was used instead")
        except Exception as err:  # noqa: BLE001 - a bug in the LaTeX path must not lose the paper
            warnings.append(
                f"reading the LaTeX source failed ({type(err).__name__}: {err}); the PDF was used instead"
            )
        else:
            if _useful(doc):
                if pdf is not None:
                    doc = _pages_from_pdf(doc, pdf)
                return doc
            warnings.append("the LaTeX source had no text or equations; the PDF was used instead")
    elif files.source_dir is not None:
        warnings.append("the LaTeX source has no main .tex file; the PDF was used instead")
    if pdf is None:
        if warnings:
            raise UnreadablePaper(
                f"{files.meta.id}: {warnings[0].split(';')[0]} and there is no PDF to fall back on."
            )
        raise UnreadablePaper(
            f"{files.meta.id} has neither a LaTeX source nor a PDF in the library; fetch it again."
        )
    from paperpal.extract.pdf import read_pdf

    doc = read_pdf(pdf, title_hint=title)
    if warnings:
        doc = replace(doc, warnings=tuple(warnings) + doc.warnings)
    return doc


def _pages_from_pdf(doc: Document, pdf: Path) -> Document:
    """Give numbered LaTeX equations the page their number is printed on in the PDF."""
    if not any(eq.number and eq.page is None for eq in doc.equations):
        return doc
    from paperpal.extract.pdf import equation_number_pages

    try:
        pages, count = equation_number_pages(pdf)
    except PaperpalError:
        return doc
    blocks = tuple(
        replace(b, page=pages[b.number])
        if isinstance(b, Equation) and b.page is None and b.number in pages
        else b
        for b in doc.blocks
    )
    return replace(doc, blocks=blocks, pages=doc.pages or count)
