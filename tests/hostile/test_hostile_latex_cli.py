"""Bad LaTeX through the real CLI: `paperpal show paper.tex` (or a folder) as a user would type it.

Recursive and exponential macros, unbalanced braces and environments, ``\\input`` loops, binary
junk and a 50 MB file all end in bounded time. A paper with readable parts gives a report (exit 0)
whose warnings say what was skipped; a file with nothing readable gives ``UnreadablePaper`` (6).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hostile_support import Ran, expect_failure, expect_success, library_papers, run_cli, stray_files

from paperpal.errors import UnreadablePaper

FIFTY_MB = 50 * 1024 * 1024


def _tex(path: Path, body: str, preamble: str = "") -> Path:
    path.write_text(
        f"\\documentclass{{article}}\n{preamble}\n\\begin{{document}}\n{body}\n\\end{{document}}\n",
        encoding="utf-8",
    )
    return path


def _name(i: int) -> str:
    """A letters-only macro name (TeX names hold no digits): 0 -> "a", 27 -> "bb"."""
    return chr(ord("a") + i % 26) * (i // 26 + 1)


def _show_json(ran: Ran) -> dict[str, object]:
    expect_success(ran)
    report: dict[str, object] = json.loads(ran.out)
    return report


def _warnings(report: dict[str, object]) -> list[str]:
    paper = report["paper"]
    assert isinstance(paper, dict)
    return list(paper["warnings"])


def _big_tex(path: Path, paragraph: str) -> Path:
    chunk = paragraph * 200
    with path.open("w", encoding="utf-8") as handle:
        handle.write("\\documentclass{article}\n\\begin{document}\n\\section{Big}\n")
        while handle.tell() < FIFTY_MB:
            handle.write(chunk)
        handle.write("\\end{document}\n")
    return path


@pytest.fixture(scope="session")
def fifty_mb_tex(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """50 MB of LaTeX with a real paper's density of math: a formula every 1.5 KB of prose."""
    prose = (
        "Recurrent networks read a sequence one step at a time and keep a summary of what they have "
        "seen so far. Each step mixes the new input with the old summary, and training adjusts how "
        "much of each to keep. This paragraph stands for the long stretches of prose between formulas. "
    ) * 5
    paragraph = (
        prose + "We define $h_t = \\sigma(W x_t + U h_{t-1})$ for every step.\n\n"
        "\\begin{equation} y_t = V h_t + c \\end{equation}\n\n"
    )
    return _big_tex(tmp_path_factory.mktemp("big-tex") / "big.tex", paragraph)


@pytest.fixture(scope="session")
def fifty_mb_dense_tex(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """50 MB of nothing but formulas: the 2 MB the reader keeps still hold ~18,000 equations."""
    paragraph = (
        "We define $h_t = \\sigma(W x_t + U h_{t-1})$ for every step, as usual.\n\n"
        "\\begin{equation} y = f(x) \\end{equation}\n"
    )
    return _big_tex(tmp_path_factory.mktemp("dense-tex") / "dense.tex", paragraph)


RECURSIVE_PREAMBLE = (
    r"\def\a{\a\a}"  # exponential self-reference
    r"\newcommand{\ping}{\pong}\newcommand{\pong}{\ping}"  # mutual recursion
    r"\newcommand{\dbl}[1]{\dbl{#1#1}}"  # the argument doubles on every expansion
    + "".join(rf"\def\m{_name(i + 1)}{{\m{_name(i)}\m{_name(i)}}}" for i in range(40))
    + rf"\def\huge{{\m{_name(40)}}}"  # a chain that expands to 2^40 tokens
)


def test_recursive_and_exponential_macros_warn_and_the_paper_survives(tmp_path: Path, home: Path) -> None:
    body = (
        "\\section{Self}\nBefore. $\\a$ after.\n\n"
        "\\section{Mutual}\n$\\ping = 1$.\n\n"
        "\\section{Doubling}\n$\\dbl{z}$.\n\n"
        "\\section{Chain}\n$\\huge$.\n\n"
        "\\section{Fine}\nThe update gate is\n\\begin{equation} z_t = \\sigma(W_z x_t) \\end{equation}\n"
    )
    paper = _tex(tmp_path / "macros.tex", body, RECURSIVE_PREAMBLE)
    ran = run_cli("show", str(paper), "--json", home=home, timeout=60)
    report = _show_json(ran)
    warnings = _warnings(report)
    for macro in ("\\a ", "\\ping ", "\\dbl)"):
        assert any(macro in w and "macro" in w for w in warnings), f"no warning about {macro}: {warnings}"
    sections = report["sections"]
    assert isinstance(sections, list)
    titles = [s["title"] for s in sections]
    assert titles == ["Self", "Mutual", "Doubling", "Chain", "Fine"], titles
    equations = report["equations"]
    assert isinstance(equations, list) and any("z_t" in e["latex"] for e in equations), equations
    assert ran.seconds < 30, f"recursive macros took {ran.seconds:.1f} s"
    assert ran.peak_mb < 1024, f"recursive macros took {ran.peak_mb:.0f} MB"


@pytest.mark.slow
def test_linear_self_reference_is_bounded(tmp_path: Path, home: Path) -> None:
    paper = _tex(tmp_path / "linear.tex", "\\section{Linear}\n$\\lin$ and more.\n", r"\def\lin{x\lin}")
    # A normal one-line paper shows in under a second; 5 s leaves room for a slow machine.
    ran = run_cli("show", str(paper), "--json", home=home, timeout=5)
    assert not ran.timed_out, f"a one-line paper with \\def\\lin{{x\\lin}} took over 5 s\n{ran.describe()}"
    assert any("\\lin" in w for w in _warnings(_show_json(ran)))


def test_unbalanced_braces_and_environments_give_warnings_not_a_crash(tmp_path: Path, home: Path) -> None:
    body = (
        "\\section{Fine}\nText before.\n\n"
        "\\begin{equation} a = {b \\label{x}\n\\end{equation}\n"
        "Closing braces }}} everywhere. \\end{itemize}\n\n"
        "\\begin{align} never closed \n\n\\section{Lost {title\n$unclosed math\n"
    )
    ran = run_cli("show", str(_tex(tmp_path / "unbalanced.tex", body)), "--json", home=home)
    report = _show_json(ran)
    assert any("never closed" in w for w in _warnings(report)), _warnings(report)
    sections = report["sections"]
    assert isinstance(sections, list) and sections[0]["title"] == "Fine", sections
    assert stray_files(home) == []


def test_input_loops_junk_and_files_outside_the_folder(tmp_path: Path, home: Path) -> None:
    """A folder paper whose \\input graph loops, pulls in binary junk and reaches outside."""
    secret = tmp_path / "secret.tex"
    secret.write_text("\\section{Secret from outside}\n", encoding="utf-8")
    folder = tmp_path / "paper"
    folder.mkdir()
    (folder / "a.tex").write_text("\\section{A}\nIn a. \\input{b}\n", encoding="utf-8")
    (folder / "b.tex").write_text("In b. \\input{a}\n\\include{main}\n", encoding="utf-8")
    (folder / "junk.tex").write_bytes(os.urandom(5000).replace(b"\x00", b""))
    filler = "A real paragraph of words about gates and states. " * 50
    _tex(
        folder / "main.tex",
        f"{filler}\n\n\\input{{a}}\n\\input{{junk}}\n\\input{{missing/file}}\n"
        "\\input{../secret}\n\\input{/etc/hostname}\n",
    )
    ran = run_cli("show", str(folder), "--json", home=home, timeout=60)
    report = _show_json(ran)
    warnings = _warnings(report)
    assert any("loop" in w for w in warnings), f"the \\input loop should be reported: {warnings}"
    assert any("missing/file" in w for w in warnings), warnings
    assert any("not a text file" in w for w in warnings), f"the junk file should be reported: {warnings}"
    sections = report["sections"]
    assert isinstance(sections, list)
    assert [s["title"] for s in sections] == ["A"], "nothing from outside the paper's folder may be read"
    assert ran.seconds < 30, f"an \\input loop took {ran.seconds:.1f} s"


def test_binary_junk_named_tex_is_unreadable(tmp_path: Path, home: Path) -> None:
    junk = tmp_path / "junk.tex"
    junk.write_bytes(os.urandom(20_000))
    ran = run_cli("show", str(junk), home=home)
    expect_failure(ran, UnreadablePaper.exit_code, "LaTeX source", "no PDF to fall back on")
    assert str(junk) in ran.err, ran.describe()
    assert stray_files(home) == [] and library_papers(home) == []


@pytest.mark.slow
def test_fifty_megabyte_tex_reads_its_beginning_in_bounded_time(fifty_mb_tex: Path, home: Path) -> None:
    ran = run_cli("show", str(fifty_mb_tex), "--json", home=home, timeout=120)
    report = _show_json(ran)
    assert any("only its beginning was read" in w for w in _warnings(report)), _warnings(report)
    equations = report["equations"]
    assert isinstance(equations, list) and equations and equations[0]["number"] == "1"
    assert ran.seconds < 60, f"a 50 MB .tex took {ran.seconds:.1f} s"
    assert ran.peak_mb < 1024, f"a 50 MB .tex took {ran.peak_mb:.0f} MB of memory"
    assert library_papers(home) and stray_files(home) == []


@pytest.mark.slow
def test_fifty_megabyte_tex_of_dense_math_is_bounded(fifty_mb_dense_tex: Path, home: Path) -> None:
    # About 7 s on a quiet machine; the limit leaves room for a loaded CI box (it used to take 100 s).
    ran = run_cli("show", str(fifty_mb_dense_tex), "--json", home=home, timeout=40)
    assert not ran.timed_out, (
        f"`paperpal show` of 50 MB of dense math did not finish in 40 s\n{ran.describe()}"
    )
    warnings = _warnings(_show_json(ran))
    assert any("formulas; only the first" in w for w in warnings), warnings
