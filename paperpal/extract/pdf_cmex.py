"""TeX's extension font (CMEX and its Latin Modern twin): big operators, delimiters, radicals.

Owns: what each slot of cmex10 is (a big sum, a tall bracket or its top piece, a radical, a wide
accent), how far each glyph reaches below the point it hangs from (a TeX extension glyph hangs
from its baseline, unlike any text glyph), and the pieces of tall delimiters that other fonts
put in the Private Use Area.
Must not: know about positions on a page beyond a glyph's own height.
"""

from __future__ import annotations

# CMEX puts its big delimiters and operators at control-character code points.
CMEX_SLOTS = {
    0x00: "(",
    0x01: ")",
    0x02: "[",
    0x03: "]",
    0x04: r"\lfloor",
    0x05: r"\rfloor",
    0x06: r"\lceil",
    0x07: r"\rceil",
    0x08: r"\{",
    0x09: r"\}",
    0x0A: r"\langle",
    0x0B: r"\rangle",
    0x0C: "|",
    0x0D: r"\|",
    0x10: "(",
    0x11: ")",
    0x12: "(",
    0x13: ")",
    0x14: "[",
    0x15: "]",
    0x16: r"\lfloor",
    0x17: r"\rfloor",
    0x18: r"\lceil",
    0x19: r"\rceil",
    0x1A: r"\{",
    0x1B: r"\}",
    0x1C: r"\langle",
    0x1D: r"\rangle",
    0x20: "(",
    0x21: ")",
    0x22: "[",
    0x23: "]",
    0x24: r"\lfloor",
    0x25: r"\rfloor",
    0x26: r"\lceil",
    0x27: r"\rceil",
    0x28: r"\{",
    0x29: r"\}",
    0x2A: r"\langle",
    0x2B: r"\rangle",
}
# CMEX's control slots (and slot 32, the tallest left parenthesis, which text extraction gives
# as a space) as private characters U+E000 + slot, where a PDF's text map cannot carry the slot
# itself (pdf_tounicode.py maps a mended font's slots so; pdf_spans.py reads slot 32 so).
CMEX_PRIVATE = {slot: chr(0xE000 + slot) for slot in range(0x21)}
CMEX_SPACE = CMEX_PRIVATE[0x20]


def cmex_slot(glyph: str) -> int:
    """The CMEX slot a one-character glyph text stands for."""
    code = ord(glyph)
    return code - 0xE000 if 0xE000 <= code <= 0xE020 else code


# Printable CMEX slots (Knuth's cmex10 layout): big operators, radicals and the "Big" delimiter
# sizes. Extension pieces (tops, bottoms, middles of tall delimiters) name the delimiter once, by
# their top piece; the other pieces and the wide accents (read by position) give nothing here.
CMEX_PRINTABLE = {
    "P": r"\sum",
    "X": r"\sum",
    "Q": r"\prod",
    "Y": r"\prod",
    "R": r"\int",
    "Z": r"\int",
    "S": r"\bigcup",
    "[": r"\bigcup",
    "T": r"\bigcap",
    "\\": r"\bigcap",
    "U": r"\biguplus",
    "]": r"\biguplus",
    "V": r"\bigwedge",
    "^": r"\bigwedge",
    "W": r"\bigvee",
    "_": r"\bigvee",
    "`": r"\coprod",
    "a": r"\coprod",
    "F": r"\bigsqcup",
    "G": r"\bigsqcup",
    "p": r"\sqrt",
    "q": r"\sqrt",
    "r": r"\sqrt",
    "s": r"\sqrt",
    "t": r"\sqrt",
    "I": r"\oint",
    "H": r"\oint",
    "J": r"\bigodot",
    "K": r"\bigodot",
    "N": r"\bigotimes",
    "O": r"\bigotimes",
    "L": r"\bigoplus",
    "M": r"\bigoplus",
    "D": r"\langle",
    "E": r"\rangle",
    "h": "[",
    "i": "]",
    "j": r"\lfloor",
    "k": r"\rfloor",
    "l": r"\lceil",
    "m": r"\rceil",
    "n": r"\{",
    "o": r"\}",
    "0": "(",
    "1": ")",
    "2": "[",
    "3": "]",
    "8": r"\{",
    "9": r"\}",
}
# CMEX wide accents, drawn over what they cover.
WIDE_ACCENTS = {
    "b": r"\widehat",
    "c": r"\widehat",
    "d": r"\widehat",
    "e": r"\widetilde",
    "f": r"\widetilde",
    "g": r"\widetilde",
}
# How far (in font sizes) a CMEX glyph reaches below the point it hangs from: text-style big
# operators 1.0, display-style 1.4 (the display integral 2.2), delimiters by their size class.
_CMEX_HEIGHTS = {
    **dict.fromkeys("PQRSTUVW`FHJLN", 1.0),
    **dict.fromkeys("XY[\\]^_aGIKMO", 1.4),
    "Z": 2.2,
    **dict.fromkeys("DEhijklmno", 1.8),
    **dict.fromkeys("pqrst", 1.2),
}


def big_glyph_height(glyph: str) -> float:
    """The height of a CMEX glyph in font sizes (1.2 for an ordinary big delimiter)."""
    if len(glyph) != 1:
        return 1.0
    code = cmex_slot(glyph)
    if code < 0x10:
        return 1.2
    if code < 0x20:
        return 1.8 if code < 0x12 else 2.4
    if code < 0x30:
        return 3.0
    return _CMEX_HEIGHTS.get(glyph, 1.0)


def radical_height(glyph: str, cmex: bool) -> float:
    """How far a radical sign reaches below its top, in font sizes."""
    if not cmex:
        return 1.0
    return {"p": 1.2, "q": 1.8, "r": 2.4, "s": 3.0}.get(glyph, 3.0)


# Pieces of extensible delimiters (Symbol font private use area): keep one per delimiter.
PIECES = {
    "\uf8eb": "(",
    "\uf8f6": ")",
    "\uf8ee": "[",
    "\uf8f9": "]",
    "\uf8f1": r"\{",
    "\uf8fc": r"\}",
    "⎛": "(",
    "⎞": ")",
    "⎡": "[",
    "⎤": "]",
    "⎧": r"\{",
    "⎫": r"\}",
}
DROPPED_PIECES = set(
    "\uf8ec\uf8ed\uf8ef\uf8f0\uf8f2\uf8f3\uf8f4\uf8f7\uf8f8\uf8fa\uf8fb\uf8fd\uf8fe⎜⎝⎢⎣⎨⎩⎟⎠⎥⎦⎬⎭⎪"
)
# Every piece of a tall delimiter: never a big operator, whatever it maps to.
DELIMITER_PIECES = frozenset(PIECES) | frozenset(DROPPED_PIECES)
