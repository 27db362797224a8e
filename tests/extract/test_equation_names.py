"""Every display equation has a name a reader can type: the paper's number, or "5+1" for the
first unnumbered display after (5); one resolver turns what a reader types into the equation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from paperpal.errors import NotFoundInPaper
from paperpal.extract.equation_names import display_label, named, resolve_equation
from paperpal.extract.latex import read_latex
from paperpal.models import Equation, Paragraph


def _eq(i: int, number: str | None) -> Equation:
    return Equation(id=f"eq-{i}", latex="x", number=number)


def test_names_follow_the_numbered_equation_before() -> None:
    blocks = named(
        [
            _eq(1, None),
            Paragraph("p-1", "text"),
            _eq(2, "1"),
            _eq(3, None),
            _eq(4, None),
            _eq(5, "A.2"),
            _eq(6, None),
        ]
    )
    names = [b.name for b in blocks if isinstance(b, Equation)]
    assert names == ["0+1", "1", "1+1", "1+2", "A.2", "A.2+1"]
    equations = [b for b in blocks if isinstance(b, Equation)]
    assert [display_label(e) for e in equations] == ["[0+1]", "(1)", "[1+1]", "[1+2]", "(A.2)", "[A.2+1]"]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1", "eq-2"),
        ("(1)", "eq-2"),
        ("eq. (1)", "eq-2"),
        ("Equation 1", "eq-2"),
        ("1+2", "eq-4"),
        ("[1+2]", "eq-4"),
        ("(1)+2", "eq-4"),
        (" 1 + 2 ", "eq-4"),
        ("0+1", "eq-1"),
        ("a.2+1", "eq-6"),
        ("eq-5", "eq-5"),
        ("7", None),
        ("1+9", None),
        ("", None),
    ],
)
def test_resolve_what_a_reader_types(typed: str, expected: str | None) -> None:
    equations = [
        b
        for b in named([_eq(1, None), _eq(2, "1"), _eq(3, None), _eq(4, None), _eq(5, "A.2"), _eq(6, None)])
        if isinstance(b, Equation)
    ]
    found = resolve_equation(equations, typed)
    assert (found.id if found else None) == expected


def test_relax_paper_names_its_unnumbered_displays(corpus_source) -> None:
    doc = read_latex(corpus_source("1711.00123"))
    names = [(e.number, e.name) for e in doc.equations]
    assert names[10:14] == [("11", "11"), (None, "11+1"), ("12", "12"), ("13", "13")]
    assert all(e.name for e in doc.equations), "every display has a name"
    assert len({e.name for e in doc.equations}) == len(doc.equations), "names are unique"


def test_cli_show_lists_and_explain_accepts_unnumbered_displays(corpus: Path) -> None:
    from paperpal.cli import cli

    paper = str(corpus / "1603.07285")  # 18 displays, all equation*: none has a number
    shown = CliRunner().invoke(cli, ["show", paper, "--offline"])
    assert shown.exit_code == 0, shown.stdout
    assert "[0+1]" in shown.stdout and "[0+18]" in shown.stdout
    assert "o = (i - k) + 1." in shown.stdout

    explained = CliRunner().invoke(cli, ["explain", paper, "--equation", "0+2", "--json", "--offline"])
    assert explained.exit_code == 0, explained.output
    data = json.loads(explained.stdout)
    assert data["name"] == "0+2" and data["number"] is None
    assert data["latex"] == "o = (i - k) + 1."

    missing = CliRunner().invoke(cli, ["explain", paper, "--equation", "0+99", "--offline"])
    assert isinstance(missing.exception, NotFoundInPaper)
    assert "no equation '0+99'" in str(missing.exception)
    assert "(its equations: 0+1, 0+2, 0+3," in str(missing.exception)


def test_report_json_and_handout_carry_the_names(corpus: Path) -> None:
    from paperpal.cli import cli

    shown = CliRunner().invoke(cli, ["show", str(corpus / "1711.00123"), "--json", "--offline"])
    data = json.loads(shown.stdout)
    by_name = {e["name"]: e for e in data["equations"]}
    assert by_name["11+1"]["number"] is None and by_name["11"]["number"] == "11"
    assert "details" in data["paper"] and isinstance(data["paper"]["details"], list)

    exported = CliRunner().invoke(cli, ["export", str(corpus / "1711.00123"), "--format", "md"])
    assert exported.exit_code == 0, exported.output
    # Brackets in data are escaped in Markdown (no accidental links); a viewer shows "[11+1]".
    assert "**\\[11+1\\]**" in exported.stdout, "the handout's key equations include unnumbered displays"
