"""`pipeline.read_library_paper`: the reader's fast path for a paper already in the library."""

from __future__ import annotations

from pathlib import Path

from paperpal.glossary.loader import load_glossary
from paperpal.pipeline import read_library_paper, read_paper


def test_only_a_cached_arxiv_paper_with_a_memoised_report_is_read(
    fake_arxiv, home: Path, tmp_path: Path
) -> None:
    glossary = load_glossary()
    assert read_library_paper("1412.3555", glossary=glossary) is None, "not in the library yet"
    assert fake_arxiv.count() == 0, "the fast path must never reach the network"
    read_paper("1412.3555", glossary=glossary)  # fetches and memoises
    report = read_library_paper("arXiv:1412.3555", glossary=glossary)
    assert report is not None and report.meta.id == "1412.3555" and report.equations
    assert read_library_paper("1412.3555v9", glossary=glossary) is None, (
        "another version is not the cached one"
    )
    tex = tmp_path / "paper.tex"
    tex.write_text("\\documentclass{article}\\begin{document}\\section{A} Text.\\end{document}\n")
    assert read_library_paper(str(tex), glossary=glossary) is None, "local files are imported by the reader"
    assert read_library_paper("../../etc/passwd", glossary=glossary) is None


def test_a_report_memoised_by_other_code_is_not_served(fake_arxiv, home: Path, monkeypatch) -> None:
    """An edited or reinstalled paperpal with the same version number rebuilds the report."""
    import paperpal.pipeline as pipeline

    glossary = load_glossary()
    read_paper("1412.3555", glossary=glossary)
    assert read_library_paper("1412.3555", glossary=glossary) is not None
    monkeypatch.setattr(pipeline, "_code_fingerprint", lambda: "other code")
    assert read_library_paper("1412.3555", glossary=glossary) is None, "a stale memo was served"
    assert read_paper("1412.3555", glossary=glossary).equations, "it is rebuilt on the slow path"
    assert read_library_paper("1412.3555", glossary=glossary) is not None, "and memoised again"
