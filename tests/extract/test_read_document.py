"""read_document: LaTeX first when the source has a main .tex, the PDF otherwise, never nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from paperpal.errors import UnreadablePaper
from paperpal.extract import read_document
from paperpal.models import PaperFiles, PaperMeta
from tests.conftest import CORPUS, CORPUS_IDS


def files_for(paper_id: str, corpus_source, *, source: bool = True, pdf: bool = True) -> PaperFiles:
    meta = json.loads((CORPUS / paper_id / "meta.json").read_text())
    has_source = (CORPUS / paper_id / "source.tar.gz").is_file()
    pdf_path = CORPUS / paper_id / "paper.pdf"
    return PaperFiles(
        meta=PaperMeta(id=paper_id, title=meta.get("title", "")),
        folder=CORPUS / paper_id,
        pdf=pdf_path if pdf and pdf_path.is_file() else None,
        source_dir=corpus_source(paper_id) if source and has_source else None,
    )


def test_pdf_only_paper_is_read_from_its_pdf(corpus_source) -> None:
    doc = read_document(files_for("1412.3555", corpus_source))
    assert doc.source == "pdf"
    assert doc.title.startswith("Empirical Evaluation of Gated Recurrent Neural Networks")
    assert any("pages 2–3 could not be read" in w for w in doc.warnings), doc.warnings


def test_latex_source_is_preferred(corpus_source) -> None:
    doc = read_document(files_for("1911.02782", corpus_source))
    assert doc.source == "latex", f"the e-print should be read, got {doc.source}: {doc.warnings}"
    numbers = [s.number for s in doc.sections if s.level == 1 and s.number]
    assert numbers[:3] == ["1", "2", "3"], f"sections out of order: {numbers}"


def test_latex_equations_get_pages_from_the_pdf(corpus_source) -> None:
    doc = read_document(files_for("1711.00123", corpus_source))
    assert doc.source == "latex"
    first = next((e for e in doc.equations if e.number == "1"), None)
    assert first is not None, "equation (1) missing from the LaTeX path"
    assert first.page == 2, f"equation (1) is printed on page 2 of the PDF, got {first.page}"


def test_source_without_main_tex_falls_back_to_pdf(tmp_path: Path) -> None:
    (tmp_path / "README.txt").write_text("figures only")
    files = PaperFiles(
        meta=PaperMeta(id="1412.3555", title="GRU"),
        folder=tmp_path,
        pdf=CORPUS / "1412.3555" / "paper.pdf",
        source_dir=tmp_path,
    )
    doc = read_document(files)
    assert doc.source == "pdf"
    assert any("no main .tex" in w for w in doc.warnings), doc.warnings


def test_empty_latex_document_falls_back_to_pdf(tmp_path: Path) -> None:
    (tmp_path / "main.tex").write_text("\\documentclass{article}\n\\begin{document}\n\\end{document}\n")
    files = PaperFiles(
        meta=PaperMeta(id="1412.3555", title="GRU"),
        folder=tmp_path,
        pdf=CORPUS / "1412.3555" / "paper.pdf",
        source_dir=tmp_path,
    )
    doc = read_document(files)
    assert doc.source == "pdf", "an empty LaTeX document is not useful: the PDF should be read"
    assert any("PDF was used instead" in w for w in doc.warnings), doc.warnings


def test_neither_source_nor_pdf(tmp_path: Path) -> None:
    files = PaperFiles(meta=PaperMeta(id="0000.00000", title="ghost"), folder=tmp_path)
    with pytest.raises(UnreadablePaper, match="neither a LaTeX source nor a PDF"):
        read_document(files)


@pytest.mark.parametrize("paper_id", CORPUS_IDS)
def test_every_corpus_paper_opens(paper_id: str, corpus_source) -> None:
    doc = read_document(files_for(paper_id, corpus_source))
    assert doc.blocks, f"{paper_id}: the document is empty ({doc.source}, {doc.warnings})"
    assert doc.title, f"{paper_id}: no title"
