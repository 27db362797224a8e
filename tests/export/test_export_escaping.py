"""Each export format's one escaper, on the attacks issue 12 found (and their neighbours).

HTML: latex2mathml copies ``\\text{}``/``\\mbox{}``/``\\textrm{}`` unescaped and turns ``\\href``
into an ``href``; ``export.mathml`` rebuilds the tree from an allowlist. Markdown: raw HTML and
link syntax in data must not render. BibTeX: braces in data must not close a field, and math
must survive. The hostile-text suite (tests/hostile/test_hostile_text_cli.py) runs the same
payloads through the whole CLI.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from paperpal.export.bibtex import bibtex_entry
from paperpal.export.markdown import cell, code_block, code_span, note_markdown, text
from paperpal.export.mathml import to_mathml
from paperpal.export.notetext import Piece, note_pieces
from paperpal.models import PaperMeta


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def parsed(markup: str) -> list[tuple[str, dict[str, str | None]]]:
    collector = _Collect()
    collector.feed(markup)
    return collector.tags


@pytest.mark.parametrize(
    "latex",
    [
        r"y = x \text{<script>alert(1)</script>}",
        r"\mbox{<img src=x onerror=alert(1)>}",
        r"\textrm{<svg/onload=alert(1)>}",
        r"\href{javascript:alert(1)}{x}",
        r"\style{background:url(javascript:alert(1))}{x}",
        r"\text{</math><script>alert(1)</script>}",
        r"\text{&lt;script&gt;}",
    ],
)
def test_mathml_from_hostile_latex_has_only_mathml(latex: str) -> None:
    mathml = to_mathml(latex)
    assert mathml is not None
    for tag, attrs in parsed(mathml):
        assert tag.startswith("m") or tag == "none", f"<{tag}> in {mathml}"
        assert not {"href", "style", "src"} & set(attrs), attrs
        assert not any(name.startswith("on") for name in attrs), attrs
        for name, value in attrs.items():
            if name != "alttext":
                assert "javascript" not in (value or ""), (name, value)
    assert mathml.count("<math") == 1 and mathml.endswith("</math>")


def test_mathml_keeps_the_formula() -> None:
    mathml = to_mathml(r"\frac{a}{b} \le \sum_{i=1}^n x_i^2", display=True)
    assert mathml is not None
    assert mathml.startswith('<math xmlns="http://www.w3.org/1998/Math/MathML" display="block" alttext=')
    assert "<mfrac>" in mathml and "<msubsup>" in mathml and "≤" in mathml and "∑" in mathml
    assert to_mathml(r"\frac{") is None or "<math" in (to_mathml(r"\frac{") or "")


def test_markdown_text_escapes_html_links_and_code() -> None:
    assert text("a <b>x</b>") == "a &lt;b>x&lt;/b>"
    assert text("[x](javascript:alert(1))") == "\\[x\\](javascript:alert(1))"
    # The data's own backslash cannot cancel the escape: \] stays a literal bracket.
    assert text("\\[x\\](javascript:1)") == "\\\\\\[x\\\\\\](javascript:1)"
    assert text("`code` and\nnew\x1b[2Jline") == "\\`code\\` and newline"
    assert cell("a | b") == "a \\| b"


def test_markdown_code_uses_a_fence_longer_than_the_data() -> None:
    assert code_span("a`b") == "``a`b``"
    assert code_span("`x`") == "`` `x` ``"
    assert code_block("x\n```\n<script>", "math") == ["````math", "x\n```\n <script>", "````"]


def test_note_pieces_split_text_math_and_code() -> None:
    body = "see $x<y$ and `a<b` then\n```html\n<script>\n```\nend"
    assert note_pieces(body) == [
        Piece("text", "see "),
        Piece("math", "x<y"),
        Piece("text", " and "),
        Piece("code", "a<b"),
        Piece("text", " then"),
        Piece("block", "<script>", "html"),
        Piece("text", "end"),
    ]
    assert note_pieces("costs $5 and $6", math=False) == [Piece("text", "costs $5 and $6")]
    # An unclosed fence ends with the note instead of swallowing the rest of the handout.
    assert note_pieces("```\n<b>open")[-1] == Piece("block", "<b>open", "")


def test_note_markdown_keeps_markdown_but_no_html_or_links() -> None:
    rendered = note_markdown("**bold** <img src=x onerror=1> [l](javascript:x) $\\sigma$ `<i>`")
    assert rendered == "**bold** &lt;img src=x onerror=1> \\[l\\](javascript:x) $`\\sigma`$ `<i>`"


def meta(**fields: object) -> PaperMeta:
    values: dict[str, object] = {
        "id": "2101.00001",
        "title": "A title",
        "authors": ("Ada Lovelace",),
        "abstract": "",
        "version": 1,
        "categories": ("cs.LG",),
        "primary_category": "cs.LG",
        "published": "2021-01-02",
        "origin": "arxiv",
        "url": "https://arxiv.org/abs/2101.00001v1",
    }
    values.update(fields)
    return PaperMeta(**values)  # type: ignore[arg-type]


def parse_bib(entry: str) -> dict[str, str]:
    import bibtexparser

    library = bibtexparser.parse_string(entry)
    assert not library.failed_blocks and len(library.entries) == 1, entry
    return {f.key: str(f.value) for f in library.entries[0].fields}


def test_bibtex_braces_in_data_cannot_add_a_field() -> None:
    entry = bibtex_entry(meta(authors=("Alice} , title={Injected", "Bob")))
    fields = parse_bib(entry)
    assert set(fields) == {
        "title",
        "author",
        "year",
        "month",
        "eprint",
        "archivePrefix",
        "primaryClass",
        "url",
    }
    assert fields["title"] == "{A title}"
    assert "\\textbraceright{}" in fields["author"] and "\\textbraceleft{}" in fields["author"]


def test_bibtex_keeps_math_intact() -> None:
    fields = parse_bib(bibtex_entry(meta(title="Robust $\\epsilon$-nets for $\\mathcal{O}(n^2)$ 50% & more")))
    assert fields["title"] == "{Robust $\\epsilon$-nets for $\\mathcal{O}(n^2)$ 50\\% \\& more}"


def test_bibtex_math_with_unbalanced_braces_is_escaped_as_text() -> None:
    fields = parse_bib(bibtex_entry(meta(title="Broken $\\frac{a$ math } here")))
    value = fields["title"]
    assert "\\$" in value and "\\textbraceleft{}" in value and "\\textbraceright{}" in value
    depth = 0
    for char in value:
        depth += {"{": 1, "}": -1}.get(char, 0)
        assert depth >= 0
    assert depth == 0


def test_bibtex_names_holding_and_stay_one_author_and_controls_go() -> None:
    fields = parse_bib(bibtex_entry(meta(authors=("Research and Development Team", "Eve\x1b[2J Example"))))
    assert fields["author"] == "{Research and Development Team} and Eve Example"
    assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]", bibtex_entry(meta(title="a\x00b\x9bc")))
