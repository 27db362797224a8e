"""The invariant of the LaTeX path, on every corpus paper that has a source: a reader never sees
LaTeX. No rendered equation, read-aloud, symbol meaning, evidence, paragraph or heading holds a
LaTeX command (a backslash followed by letters), and no "[cite]" is paperpal's own placeholder.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from paperpal.export.handout import build_handout
from paperpal.extract.equation_names import named
from paperpal.extract.latex import read_latex
from paperpal.extract.latex_files import flatten
from paperpal.glossary.model import Glossary
from paperpal.models import PaperMeta, PaperReport
from paperpal.notation.decode import decode
from paperpal.notation.prose import to_screen
from paperpal.report import report_to_dict

LATEX_COMMAND = re.compile(r"\\[A-Za-z]+")
LATEX_PAPERS = [
    "1205.4446",
    "1402.5836",
    "1502.03492",
    "1603.07285",
    "1605.09410",
    "1606.00704",
    "1709.04057",
    "1711.00123",
    "1911.02782",
]


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    from paperpal.glossary.loader import load_glossary

    return load_glossary(None)


def _report(paper_id: str, corpus: Path, source: Path, glossary: Glossary) -> PaperReport:
    meta = PaperMeta(**{k: v for k, v in _meta(corpus, paper_id).items() if k in ("id", "title")})
    document = read_latex(source, title_hint=meta.title)
    document = replace(document, blocks=named(document.blocks))
    decoded = decode(document, glossary)
    return PaperReport(meta, document, decoded.equations, decoded.symbols)


def _meta(corpus: Path, paper_id: str) -> dict[str, object]:
    data: dict[str, object] = json.loads((corpus / paper_id / "meta.json").read_text(encoding="utf-8"))
    return data


def _leaks(label: str, text: str | None) -> list[str]:
    if text and LATEX_COMMAND.search(text):
        return [f"{label}: {text[:160]}"]
    return []


@pytest.mark.parametrize("paper_id", LATEX_PAPERS)
def test_no_latex_reaches_the_reader(paper_id: str, corpus: Path, corpus_source, glossary: Glossary) -> None:
    report = _report(paper_id, corpus, corpus_source(paper_id), glossary)
    data = report_to_dict(report)
    leaks: list[str] = []
    for equation in data["equations"]:
        name = equation["name"]
        leaks += _leaks(f"equation {name} text", equation["text"])
        leaks += _leaks(f"equation {name} read aloud", equation["literal"])
        leaks += _leaks(f"equation {name} in words", equation["spoken_meaning"])
    for symbol in data["symbols"]:
        key = symbol["latex"]
        leaks += _leaks(f"symbol {key}", symbol["text"])
        leaks += _leaks(f"symbol {key} read as", symbol["read_as"])
        leaks += _leaks(f"symbol {key} meaning", symbol["meaning_text"])
        leaks += _leaks(f"symbol {key} evidence", symbol["evidence_text"])
    for block in report.document.paragraphs:
        leaks += _leaks(f"paragraph {block.id}", to_screen(block.text))
    for section in report.document.sections:
        leaks += _leaks(f"heading {section.id}", to_screen(section.title))
    leaks += _leaks("abstract", to_screen(report.document.abstract))
    for paper in build_handout([report], []):
        for row in paper.notation:
            leaks += _leaks(f"handout {row.latex} meaning", row.meaning)
            leaks += _leaks(f"handout {row.latex} evidence", row.evidence)
    assert not leaks, f"{paper_id}: {len(leaks)} LaTeX leaks, e.g.\n" + "\n".join(leaks[:10])

    # "[cite]" appears only where the authors typed it themselves (a draft note in 1402.5836).
    written = flatten(corpus_source(paper_id), str(report.meta.title)).text.count("[cite]")
    shown = sum(p.text.count("[cite]") for p in report.document.paragraphs)
    assert shown <= written, f"{paper_id}: {shown} '[cite]' marks, {written} in the source"
    assert "[cite]" not in report.document.abstract


def test_explain_prints_no_latex_for_the_paper_that_had_most(corpus: Path) -> None:
    """1402.5836 (macros in a .sty, \\mathsmaller, {\\bf x}) through the real CLI."""
    from paperpal.cli import cli

    result = CliRunner().invoke(cli, ["explain", str(corpus / "1402.5836"), "--offline"])
    assert result.exit_code == 0, result.output
    printed = [line for line in result.output.splitlines() if LATEX_COMMAND.search(line)]
    assert not printed, "\n".join(printed[:10])
