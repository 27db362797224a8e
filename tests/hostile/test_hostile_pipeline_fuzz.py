"""Property: no LaTeX paper, however mangled, makes the whole pipeline raise anything but a
``PaperpalError``; and what it reports stays honest.

The unit fuzz tests cover the macro expander, the LaTeX reader, the symbol tokenizer and the
query parser one by one. This one feeds generated papers through everything a user's
`paperpal show paper.tex --json` runs: import into the library, the LaTeX reader, the notation
decoder, jargon linking, the reading path and the JSON report. It runs in-process (a child per
example would be too slow) with the real shipped glossary.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paperpal.errors import PaperpalError

# Pieces of real papers' LaTeX: structure, math, definitions in prose, and things that break.
PIECES = [
    "\\section{", "\\subsection*{", "}", "{", "$", "$$", "\\[", "\\]", "\\begin{equation}",
    "\\end{equation}", "\\begin{align}", "\\end{align}", "&", "\\\\", "\\label{e}", "\\eqref{e}",
    "\\def\\v{\\mathbf{v}}", "\\newcommand{\\R}{\\mathbb{R}}", "\\newcommand{\\f}[1]{f(#1)}", "\\v",
    "\\R", "\\f{x}", "#1", "x", "z_t", "h_{t-1}", "W", "^", "_", "\\sigma", "\\tanh", "\\odot",
    "\\frac{", "\\sum_{i=1}^{n}", "\\tilde{h}", "\\hat", "\\left(", "\\right)", "\\mathcal{L}",
    "\\nabla_\\theta", "\\mathbb{E}", "\\|", "=", "+", "(", ")", " where ", " is the ", " denotes ",
    " and ", "update gate", "learning rate", ". ", "\n\n", "%", "\\input{x}", "\\verb|", "\\",
    "\x00", "é", "∑", "\\end{document}",
]  # fmt: skip

MATH = [
    "x", "z_t", "h_{t-1}", "W", "W_z", "b", "\\sigma", "\\tanh", "\\odot", "^", "_", "{", "}", "(", ")",
    "=", "+", "-", "\\frac{1}{n}", "\\sum_{i=1}^{n}", "\\tilde{h}_t", "\\mathbf{x}", "\\theta",
    "\\nabla_\\theta", "\\mathbb{E}", "\\log", "p(x|z)", "\\|", "\\left(", "\\right)", "\\in", "\\R",
]  # fmt: skip
PROSE = ["where", "is the", "denotes", "the update gate", "the learning rate", "and", "Let", "be", "."]

soup = st.lists(st.sampled_from(PIECES) | st.text(max_size=6), max_size=30).map("".join)
math = st.lists(st.sampled_from(MATH), min_size=1, max_size=12).map("".join)
prose = st.lists(st.sampled_from(PROSE), max_size=4).map(" ".join)
sentence = st.tuples(prose, math, prose).map(lambda t: f"{t[0]} ${t[1]}$ {t[2]}. ")
display = math.map(lambda m: f"\n\\begin{{equation}} {m} \\end{{equation}}\n")
# Mostly paper-shaped text (so the decoder gets equations and definitions), some pure soup.
paper_body = st.lists(st.one_of(sentence, display, soup), max_size=12).map("".join)


@pytest.fixture(scope="module")
def glossary():  # type: ignore[no-untyped-def]
    from paperpal.glossary.loader import load_glossary

    return load_glossary()


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(preamble=soup, body=paper_body)
def test_no_paper_breaks_the_pipeline(glossary, tmp_path: Path, preamble: str, body: str) -> None:  # type: ignore[no-untyped-def]
    from paperpal.pipeline import read_paper
    from paperpal.report import report_to_dict
    from paperpal.sources import get_paper

    paper = tmp_path / "fuzzed.tex"
    paper.write_text(
        f"\\documentclass{{article}}\n{preamble}\n\\begin{{document}}\n{body}\n\\end{{document}}\n",
        encoding="utf-8",
        errors="surrogatepass",
    )
    try:
        files = get_paper(str(paper), offline=True)
        report = read_paper(files, glossary=glossary, use_cache=False)
    except PaperpalError as err:
        assert str(err).strip(), "a PaperpalError must carry a message for the user"
        return
    data = report_to_dict(report)
    json.dumps(data)  # the --json report must always serialise
    for symbol in data["symbols"]:
        assert (symbol["meaning"] is None) == (symbol["source"] is None), (
            f"a meaning without a source (or the reverse) is an invented meaning: {symbol}"
        )
        if symbol["source"] == "paper":
            assert symbol["evidence"], f"a meaning from the paper must quote its sentence: {symbol}"
