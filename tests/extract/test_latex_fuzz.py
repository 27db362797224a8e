"""Property: no input makes the macro expander, the text converter or the reader raise.

Inputs are built from LaTeX's own pieces (definitions, parameters, braces, environments, math
delimiters) so that hypothesis reaches the tricky paths quickly, mixed with arbitrary text.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paperpal.errors import UnreadablePaper
from paperpal.extract.latex import read_latex
from paperpal.extract.latex_cites import Bibliography, Reference
from paperpal.extract.latex_math import tidy_math
from paperpal.extract.latex_text import to_plain
from paperpal.extract.macros import MacroTable, expand

PIECES = [
    "\\def", "\\a", "\\b", "#1", "#2", "##", "{", "}", "[", "]", "\\newcommand", "\\renewcommand",
    "\\providecommand", "\\let", "\\DeclareMathOperator", "*", "[1]", "[2][x]",
    "\\newenvironment", "{e}", "\\begin", "\\end", "{equation}", "{align}", "{itemize}",
    "\\item", "\\section", "\\appendix", "\\label", "{k}", "\\eqref", "\\ref", "\\cite",
    "\\tag", "\\nonumber", "\\\\", "&", "$", "$$", "\\[", "\\]", "\\(", "\\)", "%", "\n\n",
    " ", "x", "=", "\\frac", "\\'", "\\\"", "\\verb|", "|", "~", "--", "``", "''", "\\input",
    "{subequations}", "\\footnote", "\\paragraph", "\\title", "\x00", "\\", "é",
    "(", ")", ".", ",", "\\par", "\\bf", "\\cal", "\\text", "\\mbox", "\\textsc", "\\not",
    "\\multicolumn", "{array}", "{cc}", "\\DeclarePairedDelimiter", "\\NewDocumentCommand",
    "{s o m}", "\\IfValueTF", "\\IfBooleanT", "\\citet", "\\citep", "\\ensuremath", "\\color",
    "\\mathbbm", "\\resizebox", "\\kern", "-2pt", "\\operatorname*",
]  # fmt: skip

latex_soup = st.lists(st.sampled_from(PIECES) | st.text(max_size=8), max_size=60).map("".join)

FAST = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@FAST
@given(latex_soup)
def test_expander_never_raises(text: str) -> None:
    expanded, warnings = expand(text, MacroTable())
    assert isinstance(expanded, str) and isinstance(warnings, list)


@FAST
@given(latex_soup)
def test_text_conversion_never_raises_and_offsets_hold(text: str) -> None:
    bibliography = Bibliography({"k": Reference(1, "Kim", "2020")}, "author-year")
    plain_text, math = to_plain(text, {"k": "1"}, bibliography, tidy=tidy_math)
    for formula in math:
        assert plain_text[formula.start : formula.end] == f"${formula.latex}$"


@FAST
@given(latex_soup, latex_soup)
def test_reader_never_raises(preamble: str, body: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "main.tex").write_text(
            f"\\documentclass{{article}}{preamble}\\begin{{document}}{body}\\end{{document}}",
            encoding="utf-8",
            errors="replace",
        )
        try:
            doc = read_latex(Path(folder))
        except UnreadablePaper:
            return  # allowed: nothing readable came out
        assert doc.source == "latex"


@FAST
@given(latex_soup)
def test_normal_form_and_rendering_never_raise(text: str) -> None:
    from paperpal.notation.render import to_unicode

    tidied = tidy_math(text)
    assert isinstance(tidied, str)
    assert isinstance(to_unicode(tidied), str)
