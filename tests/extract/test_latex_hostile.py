"""Hostile LaTeX: every case ends in bounded time with warnings, never a hang or a traceback."""

from __future__ import annotations

import os
import resource
import time
from pathlib import Path

import pytest

from paperpal.errors import UnreadablePaper
from paperpal.extract.latex import read_latex
from paperpal.models import Document


def _paper(folder: Path, body: str, preamble: str = "") -> Path:
    (folder / "main.tex").write_text(
        f"\\documentclass{{article}}\n{preamble}\n\\begin{{document}}\n{body}\n\\end{{document}}\n",
        encoding="utf-8",
    )
    return folder


def _name(i: int) -> str:
    """A letters-only macro name suffix (TeX names cannot hold digits): 0 -> "a", 27 -> "bb"."""
    return chr(ord("a") + i % 26) * (i // 26 + 1)


def _timed(folder: Path, limit: float = 10.0) -> Document:
    started = time.perf_counter()
    doc = read_latex(folder)
    elapsed = time.perf_counter() - started
    assert elapsed < limit, f"reading took {elapsed:.1f} s (limit {limit} s)"
    return doc


@pytest.mark.parametrize(
    "preamble",
    [
        r"\def\a{\a\a}",  # exponential self-reference
        r"\def\a{x\a}",  # linear self-reference
        r"\newcommand{\a}{\b}\newcommand{\b}{\a}",  # mutual recursion
        r"\newcommand{\a}[1]{\a{#1#1}}",  # argument doubling
        "".join(rf"\def\m{_name(i + 1)}{{\m{_name(i)}\m{_name(i)}}}" for i in range(40))
        + rf"\def\a{{\m{_name(40)}}}",
    ],
    ids=["self-exponential", "self-linear", "mutual", "arg-doubling", "2^40-chain"],
)
def test_recursive_macros_warn_and_stop(tmp_path: Path, preamble: str) -> None:
    doc = _timed(_paper(tmp_path, "\\section{S}\nBefore. $\\a$ After.\n", preamble))
    assert any("macro" in w for w in doc.warnings), doc.warnings
    assert [s.title for s in doc.sections] == ["S"], "the paper around the macro must survive"


def test_unbalanced_braces_and_environments(tmp_path: Path) -> None:
    body = (
        "\\section{Fine}\nText before.\n\n"
        "\\begin{equation} a = {b \\label{x}\n\\end{equation}\n"
        "Closing braces }}} everywhere. \\end{itemize}\n\n"
        "\\begin{align} never closed \n\n\\section{Lost {title\n$unclosed math\n"
    )
    doc = _timed(_paper(tmp_path, body))
    assert doc.sections[0].title == "Fine"
    assert doc.equations, "the first equation was well formed enough to read"
    assert any("never closed" in w for w in doc.warnings), doc.warnings


def test_input_loops_are_cut(tmp_path: Path) -> None:
    (tmp_path / "a.tex").write_text("\\section{A}\nIn a. \\input{b}\n", encoding="utf-8")
    (tmp_path / "b.tex").write_text("In b. \\input{a}\n\\include{main}\n", encoding="utf-8")
    doc = _timed(_paper(tmp_path, "\\input{a}\n\\input{missing/file}\n"))
    assert [s.title for s in doc.sections] == ["A"]
    assert any("loop" in w for w in doc.warnings), doc.warnings
    assert any("missing/file" in w for w in doc.warnings), doc.warnings


def test_input_outside_the_source_is_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.tex"
    secret.write_text("\\section{Secret}\n", encoding="utf-8")
    paper = tmp_path / "paper"
    paper.mkdir()
    doc = _timed(_paper(paper, "\\section{Mine}\n\\input{../secret}\n\\input{/etc/hostname}\n"))
    assert [s.title for s in doc.sections] == ["Mine"]


def test_fifty_megabyte_tex_is_bounded(tmp_path: Path) -> None:
    paragraph = (
        "We define $h_t = \\sigma(W x_t + U h_{t-1})$ for every step, as usual.\n\n"
        "\\begin{equation} y = f(x) \\end{equation}\n"
    )
    chunk = paragraph * 1000
    with (tmp_path / "main.tex").open("w", encoding="utf-8") as handle:
        handle.write("\\documentclass{article}\n\\begin{document}\n\\section{Big}\n")
        while handle.tell() < 50 * 1024 * 1024:
            handle.write(chunk)
    assert os.path.getsize(tmp_path / "main.tex") >= 50 * 1024 * 1024
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    doc = _timed(tmp_path, limit=60.0)
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert any("only its beginning was read" in w for w in doc.warnings), doc.warnings
    assert doc.equations and doc.equations[0].number == "1"
    assert grown < 1_000_000, f"peak memory grew by {grown / 1000:.0f} MB"


def test_binary_junk_main_file_is_unreadable(tmp_path: Path) -> None:
    (tmp_path / "main.tex").write_bytes(os.urandom(20_000))
    with pytest.raises(UnreadablePaper):
        read_latex(tmp_path)


def test_binary_junk_inside_a_paper_is_survived(tmp_path: Path) -> None:
    junk = os.urandom(5_000).replace(b"\x00", b"")
    (tmp_path / "junk.tex").write_bytes(junk)
    filler = "A real paragraph of words. " * 400 + "\n\n"
    text = f"\\section{{Real}}\n{filler}Junk: {junk.decode('latin-1')}\n\\input{{junk}}\n"
    (tmp_path / "main.tex").write_text(
        "\\documentclass{article}\\begin{document}" + text + "\\end{document}", encoding="utf-8"
    )
    doc = _timed(tmp_path)
    assert doc.sections[0].title == "Real"
    assert any("not a text file" in w for w in doc.warnings), doc.warnings


def test_empty_document_is_unreadable(tmp_path: Path) -> None:
    with pytest.raises(UnreadablePaper):
        read_latex(_paper(tmp_path, ""))


def test_links_out_of_the_source_and_unreadable_files(tmp_path: Path) -> None:
    outside = tmp_path / "outside.tex"
    outside.write_text(
        "\\documentclass{article}\\begin{document}\\title{Outside}\\section{Secret}"
        + "x" * 5000
        + "\\end{document}",
        encoding="utf-8",
    )
    paper = tmp_path / "paper"
    paper.mkdir()
    (paper / "link.tex").symlink_to(outside)
    locked = paper / "locked.tex"
    locked.write_text("\\section{Locked}", encoding="utf-8")
    locked.chmod(0)
    _paper(paper, "\\section{Mine}\nText.\n\\input{locked}\n\\input{link}\n")
    try:
        doc = _timed(paper)
    finally:
        locked.chmod(0o644)
    assert [s.title for s in doc.sections] in (["Mine"], ["Mine", "Locked"]), doc.sections
