"""Importing papers from disk: .pdf, .tex, .tar.gz, .gz and folders, under stable local ids."""

from __future__ import annotations

import gzip
import re
import shutil
from pathlib import Path

import pytest

from paperpal import paths
from paperpal.errors import BadReference
from paperpal.sources import get_paper, list_library
from paperpal.sources.local import latex_title, pdf_title


def test_pdf_import_is_a_copy_with_a_stable_id(corpus: Path, tmp_path: Path) -> None:
    original = tmp_path / "hyper.pdf"
    shutil.copyfile(corpus / "1502.03492" / "paper.pdf", original)
    paper = get_paper(str(original))
    assert re.fullmatch(r"local-[0-9a-f]{12}", paper.meta.id), paper.meta.id
    assert paper.meta.origin == "local" and paper.meta.url is None
    assert paper.meta.title == "Gradient-based Hyperparameter Optimization through Reversible Learning"
    assert paper.pdf is not None and paper.pdf.parent == paths.library_dir() / paper.meta.id
    assert paper.pdf.read_bytes() == original.read_bytes() and original.is_file()
    assert paper.source_dir is None and any("no LaTeX source" in w for w in paper.warnings)
    # Same content, another name: the same paper, already in the library.
    renamed = tmp_path / "other-name.pdf"
    shutil.copyfile(original, renamed)
    again = get_paper(str(renamed))
    assert again.meta.id == paper.meta.id and again.from_cache


def test_pdf_without_a_title_uses_the_file_name(corpus: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "adam-optimizer.pdf"
    shutil.copyfile(corpus / "1412.6980" / "paper.pdf", pdf)
    assert get_paper(str(pdf)).meta.title == "adam-optimizer"


def test_tex_import(tmp_path: Path) -> None:
    tex = tmp_path / "draft.tex"
    tex.write_text(
        "% a comment \\title{Not This}\n\\documentclass{article}\n"
        "\\title{Gated Units\\thanks{Thanks to all.} \\\\ for \\emph{Sequence} Modeling}\n"
        "\\begin{document}\\maketitle $h_t$\\end{document}\n"
    )
    paper = get_paper(str(tex))
    assert paper.meta.title == "Gated Units for Sequence Modeling"
    assert paper.source_dir is not None and (paper.source_dir / "draft.tex").read_text() == tex.read_text()
    assert paper.pdf is None


def test_tar_gz_import(corpus: Path) -> None:
    paper = get_paper(str(corpus / "1603.07285" / "source.tar.gz"))
    assert paper.source_dir is not None and any(paper.source_dir.rglob("*.tex"))
    assert "convolution arithmetic" in paper.meta.title.lower(), paper.meta.title


def test_gzipped_tex_import(tmp_path: Path) -> None:
    gz = tmp_path / "note.gz"
    gz.write_bytes(gzip.compress(b"\\documentclass{article}\\title{Zipped}\\begin{document}x\\end{document}"))
    paper = get_paper(str(gz))
    assert paper.meta.title == "Zipped" and paper.source_dir is not None
    assert (paper.source_dir / "main.tex").is_file()


def test_folder_import_like_the_corpus(corpus: Path) -> None:
    paper = get_paper(str(corpus / "1709.04057"))
    assert paper.meta.title.startswith("Parallelizing Linear Recurrent Neural Nets")
    assert paper.meta.authors[0] == "Eric Martin"
    assert paper.pdf is not None and paper.source_dir is not None


def test_folder_of_latex_files(tmp_path: Path, corpus_source) -> None:
    src = corpus_source("1711.00123")
    folder = tmp_path / "paper"
    shutil.copytree(src, folder)
    (folder / "link-out").symlink_to("/etc")
    paper = get_paper(str(folder))
    assert paper.source_dir is not None
    assert not (paper.source_dir / "link-out").exists(), "a symlink in the folder was followed"
    copied = sorted(p.name for p in paper.source_dir.rglob("*") if p.is_file())
    assert copied == sorted(p.name for p in src.rglob("*") if p.is_file())
    assert paper.meta.title.startswith("Backpropagation through the Void"), paper.meta.title
    # Importing twice gives the same id and reuses the copy.
    assert get_paper(str(folder)).meta.id == paper.meta.id
    assert len(list_library()) == 1


def test_not_a_pdf(tmp_path: Path) -> None:
    fake = tmp_path / "fake.pdf"
    fake.write_text("<html>hello</html>")
    with pytest.raises(BadReference, match="not a PDF"):
        get_paper(str(fake))
    assert not paths.library_dir().exists() or not any(paths.library_dir().iterdir())


def test_garbage_archive(tmp_path: Path) -> None:
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"this is not gzip at all")
    with pytest.raises(BadReference, match="neither a gzipped tar"):
        get_paper(str(junk))


def test_titles_from_the_corpus(corpus: Path, corpus_source) -> None:
    assert (
        pdf_title(corpus / "1911.02782" / "paper.pdf") == "S2ORC: The Semantic Scholar Open Research Corpus"
    )
    # Tool leftovers (temp files, outline entries) are not titles.
    assert pdf_title(corpus / "1402.5836" / "paper.pdf") is None
    assert pdf_title(corpus / "1502.03167" / "paper.pdf") is None
    assert latex_title("\\title[Short]{Long {Title}}") == "Long Title"
    assert latex_title("no title here") is None


def test_latex_without_a_title_uses_the_folder_name(tmp_path: Path, corpus_source) -> None:
    folder = tmp_path / "hogg-recipes"
    shutil.copytree(corpus_source("1205.4446"), folder)  # uses \section*, no \title: nothing to guess
    assert get_paper(str(folder)).meta.title == "hogg-recipes"


def test_a_huge_folder_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from paperpal.sources import local

    monkeypatch.setattr(local, "MAX_FOLDER_FILES", 3)
    for i in range(5):
        (tmp_path / f"part{i}.tex").write_text("x")
    with pytest.raises(BadReference, match="too large to be one paper"):
        get_paper(str(tmp_path))


def test_no_file_of_a_folder_is_read_through_a_link(tmp_path: Path, corpus: Path) -> None:
    """meta.json, a .tex, a .pdf: a link in a folder REF is never followed, even one that points
    at another paper's real files, and a meta.json beyond the size cap is ignored."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "meta.json").write_text('{"title": "Private Title", "abstract": "secret"}', encoding="utf-8")
    (elsewhere / "main.tex").write_text(
        "\\documentclass{article}\\title{Linked Title}\\begin{document}x\\end{document}\n", encoding="utf-8"
    )
    folder = tmp_path / "paper"
    folder.mkdir()
    (folder / "own.tex").write_text(
        "\\documentclass{article}\\title{Own Title}\\begin{document}Own words.\\end{document}\n",
        encoding="utf-8",
    )
    (folder / "meta.json").symlink_to(elsewhere / "meta.json")
    (folder / "linked.tex").symlink_to(elsewhere / "main.tex")
    (folder / "paper.pdf").symlink_to(corpus / "1706.03762" / "paper.pdf")
    paper = get_paper(str(folder))
    assert paper.meta.title == "Own Title" and paper.meta.abstract == ""
    assert any("meta.json: it is a symbolic link" in w for w in paper.warnings), paper.warnings
    assert paper.pdf is None, "a linked PDF was copied"
    assert paper.source_dir is not None
    assert sorted(p.name for p in paper.source_dir.iterdir()) == ["own.tex"]


def test_an_oversized_meta_json_is_ignored_with_a_warning(tmp_path: Path) -> None:
    folder = tmp_path / "paper"
    folder.mkdir()
    (folder / "main.tex").write_text(
        "\\documentclass{article}\\title{Own Title}\\begin{document}x\\end{document}\n", encoding="utf-8"
    )
    (folder / "meta.json").write_text('{"title": "' + "x" * (2 * 1024 * 1024) + '"}', encoding="utf-8")
    paper = get_paper(str(folder))
    assert paper.meta.title == "Own Title"
    assert any("larger than 1 MB" in w for w in paper.warnings), paper.warnings
