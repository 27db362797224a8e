"""Finding an open PDF's TeX fonts, reading their encoding objects, installing mended text maps.

Owns: walking the fonts a PDF's pages use (each font object once), reading a simple TeX font's
encoding facts from its objects (its Differences, its ToUnicode CMap, the cleartext encoding of
its embedded Type 1 program) into a ``SimpleFont``, and, where pdf_tounicode.py finds codes the
map gets wrong, writing the mended CMap into the in-memory document as the font's ToUnicode, so
every later extraction (spans and glyph boxes alike) gives the right characters.
Must not: import pymupdf (pdf.py hands over the open document and MuPDF's glyph list), decide
which codes are wrong (pdf_tounicode.py does), write the PDF file, or raise for a font object
it cannot read (such a font is read as it is).

Fonts are found in each page's own or inherited font resources; a page with none (its text all
inside form XObjects) is scanned in full. Fonts used only inside a form XObject of a page that
also has its own fonts (a figure's labels) are not looked at: the full scan costs up to a tenth
of a second on a figure-heavy paper, and figure text never becomes equations.
"""

from __future__ import annotations

import re
from typing import Any

from paperpal.extract.pdf_glyphs import font_name
from paperpal.extract.pdf_tex_encodings import tex_family
from paperpal.extract.pdf_tounicode import (
    GlyphList,
    SimpleFont,
    mended_map,
    parse_cmap,
    parse_differences,
    program_encoding,
    render_cmap,
)

_REF = re.compile(r"(\d+) 0 R")
# Font programs and maps bigger than this are not TeX's (cmmi10's whole program is 36 KB):
# read as they are rather than decompressed in full.
_MAX_STREAM = 4 << 20


def mend_text_maps(doc: Any, glyph_list: GlyphList, pages: int) -> int:
    """Give the TeX fonts of ``doc``'s first ``pages`` pages whose text map gives wrong
    characters a map from the font itself; return how many glyph codes were mended."""
    seen: set[int] = set()
    mended = 0
    for index in range(min(doc.page_count, pages)):
        for xref in page_font_xrefs(doc, index):
            if xref in seen:
                continue
            seen.add(xref)
            try:
                mended += _mend_font(doc, xref, glyph_list)
            except Exception:  # noqa: BLE001 - a font object MuPDF cannot read is left as it is
                continue
    return mended


def _mend_font(doc: Any, xref: int, glyph_list: GlyphList) -> int:
    kind = doc.xref_get_key(xref, "Subtype")[1]
    if kind not in ("/Type1", "/MMType1"):
        return 0  # TeX's fonts are Type 1 (a Type 3 font draws its glyphs; TrueType is not TeX's)
    base = font_name(doc.xref_get_key(xref, "BaseFont")[1].lstrip("/"))
    if tex_family(base) is None:
        return 0
    result = mended_map(simple_font(doc, xref, base), glyph_list)
    if result is None:
        return 0
    mapping, changed = result
    cmap = doc.get_new_xref()
    doc.update_object(cmap, "<<>>")
    doc.update_stream(cmap, render_cmap(mapping))
    doc.xref_set_key(xref, "ToUnicode", f"{cmap} 0 R")
    return changed


def page_font_xrefs(doc: Any, index: int) -> list[int]:
    """The font objects of page ``index``'s resources (its own or inherited), or, for a page
    without font resources (its text all inside form XObjects), every font MuPDF finds in it."""
    try:
        page = doc.page_xref(index)
        for key in ("Resources/Font", "Parent/Resources/Font", "Parent/Parent/Resources/Font"):
            kind, value = doc.xref_get_key(page, key)
            if kind == "dict":
                return [int(x) for x in _REF.findall(value)]
            if kind == "xref":
                inner = doc.xref_object(int(value.split()[0]), compressed=True)
                return [int(x) for x in _REF.findall(inner)]
        return [int(font[0]) for font in doc.get_page_fonts(index) if font[0]]
    except Exception:  # noqa: BLE001 - a damaged page: its fonts are read as they are
        return []


def simple_font(doc: Any, xref: int, base: str) -> SimpleFont:
    """The encoding facts of font ``xref``: its Differences, ToUnicode map and program encoding."""
    kind, value = doc.xref_get_key(xref, "Encoding")
    base_encoding: str | None = value.lstrip("/") if kind == "name" else None
    differences: dict[int, str] = {}
    if kind in ("dict", "xref"):
        named = doc.xref_get_key(xref, "Encoding/BaseEncoding")
        base_encoding = named[1].lstrip("/") if named[0] == "name" else None
        diff = doc.xref_get_key(xref, "Encoding/Differences")
        if diff[0] == "array":
            differences = parse_differences(diff[1])
    cmap = _stream(doc, xref, "ToUnicode")
    program = _stream(doc, xref, "FontDescriptor/FontFile")
    return SimpleFont(
        base=base,
        base_encoding=base_encoding,
        differences=differences,
        to_unicode=parse_cmap(cmap) if cmap is not None else None,
        builtin=program_encoding(program) if program else {},
    )


def _stream(doc: Any, xref: int, key: str) -> bytes | None:
    """The decoded stream that ``key`` of object ``xref`` refers to, None when there is none."""
    kind, value = doc.xref_get_key(xref, key)
    if kind != "xref":
        return None
    target = int(value.split()[0])
    if not doc.xref_is_stream(target):
        return None
    length = doc.xref_get_key(target, "Length")
    if length[0] == "int" and int(length[1]) > _MAX_STREAM:
        return None
    return bytes(doc.xref_stream(target) or b"")
