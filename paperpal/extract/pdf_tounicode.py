"""Mending a TeX font's text map when the PDF gives its math glyphs the wrong characters.

A PDF font's ``ToUnicode`` map says which character each glyph is. Some PDFs carry a wrong one:
macOS's Quartz, re-encoding pdfTeX's fonts, maps every TeX slot below 32 through a table of
keyboard symbols (α becomes "↵", ε "✏", θ "✓", a big parenthesis "⇣") and leaves the slot's
own code for the others (∈ becomes "2", → "!"); other tools map to the Private Use Area or
leave glyphs unmapped. The font itself still says what each glyph is: the glyph names of the
PDF's ``/Differences`` and of the font program's own encoding, and the TeX encoding its base
font is laid out in (pdf_tex_encodings.py).

Owns: reading the pieces of a simple font a PDF holds (a ToUnicode CMap, a Differences array,
the cleartext encoding of a Type 1 program), deciding for each code whether the character PDF
text extraction would give agrees with what the font says the glyph is, and writing a CMap
that gives the font's answer where it does not. A mapping that agrees with any reading the font
supports (the glyph list's and the TeX encoding's, variant Greek and symbol forms and ASCII
look-alikes alike) is kept, so a PDF with a proper map reads exactly as before; a glyph whose
name the glyph list does not know is only mended when its character is one no glyph can be
(private use, a control code). TeX's extension font is mapped to its slots (a control slot to
U+E000 + slot), the form pdf_glyphs.py reads CMEX in.
Must not: import pymupdf or touch a PDF object (pdf_textmaps.py reads the font objects and
installs the new map), or know about pages and layout.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from paperpal.extract.pdf_charmap import GREEK, SYMBOLS
from paperpal.extract.pdf_cmex import CMEX_PRINTABLE, CMEX_PRIVATE, CMEX_SLOTS, DELIMITER_PIECES
from paperpal.extract.pdf_tex_encodings import CMEX_NAMES, TABLES, tex_family, tex_slot

# A glyph name's character by the glyph list PDF text extraction uses (0xFFFD when unknown).
GlyphList = Callable[[str], int]


@dataclass(frozen=True)
class SimpleFont:
    """What a PDF says about one simple (single-byte) font."""

    base: str  # the base font name without its subset prefix: "CMMI10"
    base_encoding: str | None = None  # a named encoding ("MacRomanEncoding"), None for the font's own
    differences: dict[int, str] = field(default_factory=dict)  # code -> glyph name
    to_unicode: dict[int, str] | None = None  # code -> text, None without a ToUnicode map
    builtin: dict[int, str] = field(default_factory=dict)  # the Type 1 program's code -> glyph name


_HEX = re.compile(rb"<([^<>]*)>|\[|\]")


def _utf16(hexdigits: bytes) -> str:
    raw = bytes.fromhex(hexdigits.translate(None, b" \t\r\n\f").decode("ascii"))
    if len(raw) % 2:
        raw = b"\x00" + raw
    return raw.decode("utf-16-be", errors="replace")


def parse_cmap(data: bytes) -> dict[int, str]:
    """A ToUnicode CMap's one-byte codes: ``bfchar`` pairs and ``bfrange`` runs and arrays."""
    out: dict[int, str] = {}
    for kind, body in re.findall(rb"begin(bfchar|bfrange)(.*?)end\1", data, re.DOTALL):
        tokens = [m.group(1) if m.group(1) is not None else m.group(0) for m in _HEX.finditer(body)]
        step = 2 if kind == b"bfchar" else 3
        i = 0
        while i + step <= len(tokens):
            try:
                if kind == b"bfchar":
                    _put(out, int(tokens[i], 16), _utf16(tokens[i + 1]))
                    i += 2
                    continue
                lo, hi = int(tokens[i], 16), int(tokens[i + 1], 16)
                if tokens[i + 2] == b"[":
                    end = tokens.index(b"]", i + 3)
                    for k, dst in enumerate(tokens[i + 3 : end]):
                        _put(out, lo + k, _utf16(dst))
                    i = end + 1
                    continue
                first = _utf16(tokens[i + 2])
                for k in range(min(hi, 255) - lo + 1):
                    _put(out, lo + k, first[:-1] + chr(ord(first[-1]) + k) if first else "")
                i += 3
            except (ValueError, TypeError):
                i += 1  # a malformed entry: skip it, keep the rest
    return out


def _put(out: dict[int, str], code: int, text: str) -> None:
    if 0 <= code < 256:
        out[code] = text


def parse_differences(text: str) -> dict[int, str]:
    """``[33/alpha/beta 40/gamma]`` as {33: "alpha", 34: "beta", 40: "gamma"}."""
    out: dict[int, str] = {}
    code = 0
    for number, name in re.findall(r"(\d+)|/([^\s/\[\]()<>{}%]+)", text):
        if number:
            code = int(number)
        elif 0 <= code < 256:
            out[code] = re.sub(r"#([0-9A-Fa-f]{2})", lambda m: chr(int(m.group(1), 16)), name)
            code += 1
    return out


def program_encoding(program: bytes) -> dict[int, str]:
    """The encoding a Type 1 font program declares in its cleartext part (``dup 11 /alpha put``)."""
    clear = program[: program.find(b"eexec")] if b"eexec" in program else program[:65536]
    return {
        int(code): name.decode("latin-1")
        for code, name in re.findall(rb"dup\s+(\d+)\s*/([^\s/\[\]()<>{}%]+)\s+put", clear)
        if int(code) < 256
    }


def _odd(ch: str) -> bool:
    """A character no glyph of a math font is: private use, a control, unassigned, a stand-in."""
    return ch == "\ufffd" or unicodedata.category(ch) in ("Co", "Cc", "Cn", "Cs")


def implausible(text: str) -> bool:
    return not text or any(_odd(ch) for ch in text)


# Forms of one symbol a text map may choose between: never a reason to change a map.
_VARIANTS = {
    "ε": "ϵ",
    "ϑ": "θ",
    "ϖ": "π",
    "ϱ": "ρ",
    "ς": "σ",
    "φ": "ϕ",
    "ϰ": "κ",
    "\\": "∖",
    "⃝": "◯",
    "∙": "•",
    "◦": "∘",
    "~": "∼",
    "♦": "♢",
    "♥": "♡",
    "◊": "⋄",
    "▹": "▷",
    "◃": "◁",
    "⩽": "≤",
    "⩾": "≥",
    "∊": "∈",
    "⌀": "∅",
    "∕": "/",
    "∐": "⨿",
    "◻": "□",
    "ʹ": "′",
    "◇": "⋄",
    "○": "◯",
}
_LATEX = {**GREEK, **SYMBOLS}


@lru_cache(maxsize=4096)
def _key(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = _VARIANTS.get(text, text)
    return _LATEX.get(text, text)


def same(a: str, b: str) -> bool:
    """Whether two texts are one symbol (ε and ϵ, 𝑎 and a, ∆ and Δ, · and ⋅)."""
    return a == b or _key(a) == _key(b)


def _glyph(glyph_list: GlyphList, name: str) -> str | None:
    """A glyph name's character by the glyph list, as PDF text extraction would give it."""
    if name.startswith("."):
        return None
    try:
        code = glyph_list(name)
    except Exception:  # noqa: BLE001 - a name the list chokes on is an unknown name
        return None
    return chr(code) if 0 < code < 0x110000 and code != 0xFFFD else None


def _slots_by_name(builtin: dict[int, str]) -> dict[str, int]:
    """Each glyph name's TeX slot in the program's own encoding (its lowest code)."""
    slots: dict[str, int] = {}
    for code in sorted(builtin):
        slots.setdefault(builtin[code], tex_slot(code))
    return slots


def _tex_layout(builtin: dict[int, str], table: dict[int, str], glyph_list: GlyphList) -> bool:
    """Whether a program's own encoding is its TeX layout: most names it places agree with it."""
    agree = compared = 0
    for code, name in builtin.items():
        expected = table.get(tex_slot(code))
        ch = _glyph(glyph_list, name)
        if expected is None or ch is None or _odd(ch):
            continue
        compared += 1
        agree += same(ch, expected)
    return compared == 0 or agree >= 0.7 * compared


# Where Adobe's Symbol font keeps the pieces of tall delimiters, braces and arrows, which the glyph
# list gives for CMEX's extension pieces: read (or dropped) as pieces, never a wrong symbol.
_PIECE_AREA = frozenset(chr(c) for c in range(0xF8E5, 0xF8FF))


def _cmex_char(slot: int) -> str:
    return CMEX_PRIVATE[slot] if slot in CMEX_PRIVATE else chr(slot)


def _cmex_fine(text: str, slot: int) -> bool:
    """Whether pdf_glyphs.py reads a CMEX glyph given as ``text`` right: its slot (ASCII text in
    an extension font is always read as a slot), a piece of a tall delimiter, or a symbol that
    means what the slot does (a sum sign for a big sum)."""
    if text in (chr(slot), _cmex_char(slot)) or (text and set(text) <= DELIMITER_PIECES | _PIECE_AREA):
        return True
    meaning = CMEX_SLOTS.get(slot) if slot < 0x30 else CMEX_PRINTABLE.get(chr(slot))
    return meaning is not None and len(text) == 1 and not text.isascii() and _key(text) == meaning


def right_text(family: str, shown: str, slot: int | None, glyph: str | None, named: bool) -> str | None:
    """The character a glyph of a font laid out in ``family`` should read as, or None when the
    ``shown`` one is right or nothing surer is known. ``slot`` is the glyph's TeX slot (None when
    unknown), ``glyph`` its name's character by the glyph list (None when the list does not know
    the name), ``named`` whether the font names the glyph at all (else the slot is only guessed
    from the code)."""
    if family == "CMEX":
        if slot is None or _cmex_fine(shown, slot) or (not named and not implausible(shown)):
            return None
        return _cmex_char(slot)
    known = glyph is not None and not implausible(glyph)
    if not known and not implausible(shown):
        return None  # nothing but the TeX layout to go by: only an impossible character is wrong
    table = TABLES.get(family, {})
    readings = ([table[slot]] if slot is not None and slot in table else []) + (
        [glyph] if glyph and known else []
    )
    if not readings or any(same(shown, r) for r in readings):
        return None
    return readings[0]


def mended_map(font: SimpleFont, glyph_list: GlyphList) -> tuple[dict[int, str], int] | None:
    """The font's text map with every code the font says is another glyph given that glyph's
    character, and how many codes changed; None when nothing needs to change (the map agrees
    with the font, or the font is not TeX's)."""
    family = tex_family(font.base)
    if family is None:
        return None
    table = TABLES.get(family, {})
    given = {c: t for c, t in (font.to_unicode or {}).items() if t and t != "\x00"}
    own = font.base_encoding is None
    if family == "CMEX":
        slot_of = {**CMEX_NAMES, **_slots_by_name(font.builtin)}
    elif table and _tex_layout(font.builtin, table, glyph_list):
        slot_of = _slots_by_name(font.builtin)
    else:
        slot_of = {}
    codes = set(given) | set(font.differences) | (set(font.builtin) if own else set())
    fixes: dict[int, str] = {}
    for code in sorted(codes):
        name = font.differences.get(code) or (font.builtin.get(code) if own else None)
        if name is None and (not own or font.builtin):
            # A code of a named standard encoding (its names are standard), or one the embedded
            # program has no glyph for (a map may list every code of the full font).
            continue
        glyph = _glyph(glyph_list, name) if name else None
        # What extraction gives now: the map's text, else the glyph name's, else the code itself.
        shown = given.get(code) or glyph or chr(code)
        slot = slot_of.get(name) if name else tex_slot(code)
        right = right_text(family, shown, slot, glyph, named=name is not None)
        if right is not None:
            fixes[code] = right
    if not fixes:
        return None
    return {**given, **fixes}, len(fixes)


def render_cmap(mapping: dict[int, str]) -> bytes:
    """A ToUnicode CMap for one-byte codes."""
    rows = [
        f"<{code:02X}> <{text.encode('utf-16-be').hex().upper()}>" for code, text in sorted(mapping.items())
    ]
    parts = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        "<00> <FF>",
        "endcodespacerange",
    ]
    for start in range(0, len(rows), 100):
        chunk = rows[start : start + 100]
        parts += [f"{len(chunk)} beginbfchar", *chunk, "endbfchar"]
    parts += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(parts).encode("ascii")
