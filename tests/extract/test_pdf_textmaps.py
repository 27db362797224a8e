"""Mending TeX fonts whose ToUnicode map is wrong: the parsers, the decision, the real papers.

1412.6980 (Adam) is a pdfTeX paper re-saved by macOS Quartz, whose re-encoded math fonts carry a
map that gives α as "↵", ε as "✏", θ as "✓", ∈ as "2" and → as "!". The glyph names in the fonts
still say what each glyph is; mending gives the map those characters and leaves alone any map
that agrees with the font (1412.3555, a plain pdfTeX paper, reads exactly as before).
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pymupdf
import pytest
from click.testing import CliRunner

from paperpal.cli import cli
from paperpal.extract.pdf import read_pdf
from paperpal.extract.pdf_tounicode import (
    SimpleFont,
    mended_map,
    parse_cmap,
    parse_differences,
    program_encoding,
    render_cmap,
)
from paperpal.models import Document, Paragraph
from tests.conftest import CORPUS

# The glyph list MuPDF's own text extraction uses: the decision is made with the real one.
GLYPHS: Callable[[str], int] = pymupdf.mupdf.fz_unicode_from_glyph_name
# The keyboard symbols Quartz's table puts where TeX's math glyphs should be.
KEYBOARD = set("↵✏✓⇣⇤⇡⇠⌘◆\uf8ff")
_docs: dict[tuple[str, bool], Document] = {}


def pdf_doc(paper_id: str, mend: bool = True) -> Document:
    if (paper_id, mend) not in _docs:
        _docs[paper_id, mend] = read_pdf(CORPUS / paper_id / "paper.pdf", mend_fonts=mend)
    return _docs[paper_id, mend]


# --- parsing the pieces of a font -------------------------------------------------------------


def test_parse_cmap_reads_bfchar_bfrange_and_arrays() -> None:
    cmap = b"""/CIDInit /ProcSet findresource begin 12 dict begin begincmap
1 begincodespacerange <00> <FF> endcodespacerange
3 beginbfchar
<21> <03B1>
<0022> <03B2>
<23> <D835DEFC>
endbfchar
2 beginbfrange
<30> <32> <0030>
<40> <41> [<2208> <2192>]
endbfrange
1 beginbfchar
<24> <00660066>
endbfchar
endcmap end end"""
    assert parse_cmap(cmap) == {
        0x21: "α",
        0x22: "β",  # a two-byte source code of a one-byte font
        0x23: "\U0001d6fc",  # a surrogate pair: mathematical italic alpha
        0x30: "0",
        0x31: "1",
        0x32: "2",
        0x40: "∈",
        0x41: "→",
        0x24: "ff",  # one code, two characters (a ligature)
    }


def test_parse_cmap_skips_a_malformed_entry_and_keeps_the_rest() -> None:
    cmap = b"2 beginbfchar <2> <zz> <21> <03B8> endbfchar 1 beginbfrange <300> <301> <0041> endbfrange"
    assert parse_cmap(cmap) == {0x21: "θ"}


def test_render_cmap_round_trips_through_parse_cmap() -> None:
    mapping = {code: chr(0x3B1 + code % 20) for code in range(250)} | {7: "\U0001d6fc", 8: "ff"}
    assert parse_cmap(render_cmap(mapping)) == mapping


def test_parse_differences_numbers_each_name_from_the_last_code() -> None:
    assert parse_differences("[33/alpha/beta 40/gamma/theta#31 300/x]") == {
        33: "alpha",
        34: "beta",
        40: "gamma",
        41: "theta1",  # #31 is an escaped "1"
    }


def test_program_encoding_reads_the_cleartext_part_only() -> None:
    program = (
        b"%!PS-AdobeFont-1.0: CMMI10 003.002\n/Encoding 256 array\n"
        b"0 1 255 {1 index exch /.notdef put} for\ndup 11 /alpha put\ndup 12 /beta put\n"
        b"dup 15 /epsilon1 put\nreadonly def\ncurrentfile eexec\ndup 20 /nothere put"
    )
    assert program_encoding(program) == {11: "alpha", 12: "beta", 15: "epsilon1"}


# --- the decision: mend what disagrees with the font, keep what agrees --------------------------

# cmmi10's own encoding (TeX's math italic layout), as its Type 1 program declares it.
CMMI_PROGRAM = {11: "alpha", 12: "beta", 15: "epsilon1", 18: "theta", 0x22: "epsilon"}
QUARTZ_NAMES = {33: "alpha", 34: "beta", 35: "epsilon1", 36: "theta"}


def test_a_quartz_map_is_mended_from_the_glyph_names() -> None:
    font = SimpleFont(
        base="CMMI10",
        differences=QUARTZ_NAMES,
        to_unicode={33: "↵", 34: "β", 35: "✏", 36: "✓"},
        builtin=CMMI_PROGRAM,
    )
    # epsilon1 is TeX's \epsilon, the lunate ϵ (slot 15 of the math italic layout).
    assert mended_map(font, GLYPHS) == ({33: "α", 34: "β", 35: "ϵ", 36: "θ"}, 3)


def test_a_map_that_agrees_with_the_font_is_kept() -> None:
    # ε for TeX's lunate epsilon and 𝜃 (mathematical italic) for theta are the same symbols.
    font = SimpleFont(
        base="CMMI10",
        differences=QUARTZ_NAMES,
        to_unicode={33: "α", 34: "β", 35: "ε", 36: "\U0001d703"},
        builtin=CMMI_PROGRAM,
    )
    assert mended_map(font, GLYPHS) is None


def test_a_font_without_a_map_whose_names_are_known_is_kept() -> None:
    """pdfTeX's usual font: no ToUnicode, the program's own encoding; extraction reads the names."""
    assert mended_map(SimpleFont(base="CMMI10", builtin=CMMI_PROGRAM), GLYPHS) is None


def test_symbol_font_codes_given_as_ascii_are_mended_and_ascii_look_alikes_kept() -> None:
    font = SimpleFont(
        base="CMSY10",
        differences={33: "element", 34: "arrowright", 35: "minus", 36: "lessequal", 37: "asteriskmath"},
        to_unicode={33: "2", 34: "!", 35: "-", 36: "\uf8ff", 37: "*"},
    )
    # A hyphen for minus and an asterisk for the math asterisk are the same symbol to a reader.
    assert mended_map(font, GLYPHS) == ({33: "∈", 34: "→", 35: "-", 36: "≤", 37: "*"}, 3)


def test_extension_font_glyphs_are_mapped_to_their_slots() -> None:
    """ASCII text in TeX's extension font is read as a slot, so "(" for a big parenthesis would
    read as slot 0x28 (a brace); a sum sign and a radical already read right."""
    font = SimpleFont(
        base="CMEX10",
        differences={33: "summationdisplay", 34: "parenleftbig", 35: "parenrightbig", 36: "radicalbig"},
        to_unicode={33: "∑", 34: "\x00", 35: ")", 36: "√"},
    )
    assert mended_map(font, GLYPHS) == ({33: "∑", 34: "\ue000", 35: "\ue001", 36: "√"}, 2)


def test_fonts_that_are_not_texs_and_standard_encodings_are_left_alone() -> None:
    assert (
        mended_map(SimpleFont(base="Times-Roman", differences={33: "alpha"}, to_unicode={33: "↵"}), GLYPHS)
        is None
    )
    # A code of a named standard encoding has its standard name: nothing to check it against.
    mac = SimpleFont(base="CMMI10", base_encoding="MacRomanEncoding", to_unicode={65: "✓"})
    assert mended_map(mac, GLYPHS) is None


def test_unknown_glyph_names_only_mend_characters_no_glyph_can_be() -> None:
    font = SimpleFont(
        base="CMMI10",
        differences={33: "g12", 34: "g13"},
        to_unicode={33: "γ", 34: "\ue000"},
        builtin={11: "g12", 12: "g13"},
    )
    mapping, changed = mended_map(font, GLYPHS) or ({}, 0)
    assert mapping[33] == "γ", "a plausible character is kept when the name proves nothing"
    assert mapping[34] == "β", "a private-use character is replaced by the slot's TeX glyph"


# --- the real papers ----------------------------------------------------------------------------


def test_adam_update_rule_reads_its_greek_letters() -> None:
    before = pdf_doc("1412.6980", mend=False)
    assert any("↵" in e.latex for e in before.equations), "the precondition: the PDF's own map is wrong"
    pdf = CORPUS / "1412.6980" / "paper.pdf"
    stat = pdf.stat()
    doc = pdf_doc("1412.6980")
    assert (pdf.stat().st_size, pdf.stat().st_mtime) == (stat.st_size, stat.st_mtime), (
        "the file is never written"
    )
    update = next((e.latex for e in doc.equations if r"\leftarrow\theta_{t-1}" in e.latex), None)
    assert update is not None, [e.latex for e in doc.equations[:3]]
    for piece in (
        r"\alpha_t=\alpha",
        r"\beta_1^t",
        r"\beta_2^t",
        r"\theta_t\leftarrow\theta_{t-1}",
        r"\hat{\epsilon}",
    ):
        assert piece in update, f"{piece!r} missing from the update rule {update!r}"
    limit = next(e.latex for e in doc.equations if e.latex.startswith(r"\lim"))
    assert limit.startswith(r"\lim_{T\to\infty}"), limit  # was \lim_{T!1}
    leftover = [e.latex for e in doc.equations if KEYBOARD & set(e.latex)]
    assert not leftover, f"keyboard symbols remain: {leftover}"
    prose = " ".join(b.text for b in doc.blocks if isinstance(b, Paragraph))
    assert r"\theta\in\mathcal{X}" in prose and not KEYBOARD & set(prose)


def test_adam_report_shows_the_symbols_a_reader_looks_up() -> None:
    ran = CliRunner().invoke(cli, ["show", str(CORPUS / "1412.6980"), "--json", "--offline"])
    assert ran.exit_code == 0, ran.output
    report = json.loads(ran.stdout)
    first = report["equations"][0]["text"]
    assert first.startswith("αₜ=α·√(1-β₂ᵗ)/(1-β₁ᵗ)") and "θₜ←θₜ₋₁-αₜ" in first, first
    symbols = {s["latex"] for s in report["symbols"]}
    assert {r"\alpha", r"\beta_1", r"\beta_2", r"\epsilon", r"\theta", r"\in", r"\nabla"} <= symbols, symbols
    shown = json.dumps([report["equations"], report["symbols"]], ensure_ascii=False)
    assert not KEYBOARD & set(shown), sorted(KEYBOARD & set(shown))


@pytest.mark.parametrize("paper_id", ["1412.3555"])
def test_a_paper_whose_map_is_fine_reads_exactly_as_without_mending(paper_id: str) -> None:
    mended, plain = pdf_doc(paper_id), pdf_doc(paper_id, mend=False)
    assert [e.latex for e in mended.equations] == [e.latex for e in plain.equations]
    assert mended.blocks == plain.blocks
