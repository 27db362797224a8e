"""Glyphs and fonts of a PDF mapped back to LaTeX.

Owns: deciding whether a font is a math font (CMMI, CMSY, CMEX, MSBM, Symbol, STIX, ...), and
turning the Unicode text PyMuPDF reports for a span into LaTeX tokens by its font (blackboard,
calligraphic, fraktur, sans-serif and bold letters, upright names, CMEX slots), using the
character tables of pdf_charmap.py and pdf_cmex.py; joining tokens and accents into LaTeX.
Must not: import pymupdf or know about page layout (pdf_lines.py and pdf_page.py do that).
"""

from __future__ import annotations

import re
from functools import lru_cache

from paperpal.extract.pdf_charmap import (
    ACCENT_MARK,
    GREEK,
    LIGATURES,
    OPERATOR_NAMES,
    SPACING_ACCENTS,
    SYMBOLS,
)
from paperpal.extract.pdf_cmex import CMEX_PRINTABLE, CMEX_SLOTS, DROPPED_PIECES, PIECES, cmex_slot

# Fonts whose glyphs are math whatever the paper's body font is.
_MATH_FONT = re.compile(
    r"cmmi|cmsy|cmex|cmbsy|msbm|msam|symbol|stix|math|txmi|txsy|txex|pxmi|pxsy|pxex|rtxmi|"
    r"rtxsy|mtmi|mtsy|mtex|eufm|eusm|rsfs|lmmi|lmsy|lmex|esint|wasy|bbm|bbold|dsrom|eurm|euex|"
    r"cambria.?math|mathematicalpi|mnsymbol",
    re.IGNORECASE,
)
# TeX upright fonts: math (digits, "=", "(", "tanh") when the body text is set in another font.
_TEX_ROMAN = re.compile(r"^(cmr|cmbx|cmss|cmtt|lmroman|lmr\d|sfrm)", re.IGNORECASE)
_BOLD_FONT = re.compile(r"cmbx|cmmib|cmbsy|bold|medi|\bbx", re.IGNORECASE)


def font_name(raw: str) -> str:
    """The font's name without a subset prefix ("ABCDEF+CMMI10" -> "CMMI10")."""
    return raw.split("+", 1)[1] if "+" in raw[:8] else raw


def is_math_font(font: str) -> bool:
    return bool(_MATH_FONT.search(font))


def is_tex_roman(font: str) -> bool:
    return bool(_TEX_ROMAN.match(font))


def is_bold_font(font: str, flags: int) -> bool:
    return bool(flags & 16) or bool(_BOLD_FONT.search(font))


def font_family(font: str) -> str:
    """A font's family for comparing with the body font: "NimbusRomNo9L-Regu" -> "nimbusromno9l"."""
    name = font_name(font).lower()
    name = re.split(r"[-,]", name, maxsplit=1)[0]
    return re.sub(r"\d+$", "", name)


_WORD = re.compile(r"[A-Za-z]{2,}")
# In a text font inside a formula, a name may carry digits: "A2C", "L2".
_TEXT_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*|[A-Za-z]+[0-9]+[A-Za-z0-9]*")


def clean_text(text: str) -> str:
    """Text-font characters as a reader wants them: ligatures split, nothing invisible."""
    if text.isascii() and text.isprintable():
        return text
    out = []
    for ch in text:
        if ch in LIGATURES:
            out.append(LIGATURES[ch])
        elif ch >= " " or ch == "\t":
            out.append(ch)
    return "".join(out)


def glyphs_to_latex(text: str, font: str, bold: bool) -> list[str]:
    """One span's characters as LaTeX tokens (one token per glyph or per roman word)."""
    return list(_glyphs_to_latex(text, font, bold))


@lru_cache(maxsize=65536)
def _glyphs_to_latex(text: str, font: str, bold: bool) -> tuple[str, ...]:
    # Cached: layout asks about the same span several times (operators, limits, rows).
    lower = font.lower()
    cmex = "cmex" in lower or "lmex" in lower
    blackboard = "msbm" in lower or "bbm" in lower or "dsrom" in lower or "bbold" in lower
    calligraphic = "cmsy" in lower or "lmsy" in lower or "eusm" in lower or "rsfs" in lower
    fraktur = "eufm" in lower
    sans = lower.startswith(("cmss", "lmss"))
    roman = is_tex_roman(font) or not is_math_font(font)
    tokens: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if roman and ch.isalpha():
            word = (_WORD if is_tex_roman(font) else _TEXT_WORD).match(text, i)
            if word:
                w = word.group(0)
                tokens.append(
                    "\\" + w if w in OPERATOR_NAMES else (r"\mathsf{" if sans else r"\mathrm{") + w + "}"
                )
                i = word.end()
                continue
            if sans:
                tokens.append(r"\mathsf{" + ch + "}")
                i += 1
                continue
        i += 1
        code = ord(ch)
        if ch.isspace():
            continue
        if cmex:
            code = cmex_slot(ch)
        if cmex and code < 0x30:
            tokens.append(CMEX_SLOTS.get(code, ""))
            continue
        if cmex and ch.isascii():
            # Printable CMEX slots are big operators and radicals; anything else (extension
            # pieces, wide accents) is dropped rather than misread as a letter.
            tokens.append(CMEX_PRINTABLE.get(ch, ""))
            continue
        if ch in DROPPED_PIECES:
            continue
        if ch in PIECES:
            tokens.append(PIECES[ch])
            continue
        if ch in LIGATURES:
            tokens.append(LIGATURES[ch])
            continue
        if ch in SPACING_ACCENTS:
            tokens.append(ACCENT_MARK + SPACING_ACCENTS[ch])
            continue
        if ch in GREEK:
            tok = GREEK[ch]
            tokens.append(r"\boldsymbol{" + tok + "}" if bold else tok)
            continue
        if ch in SYMBOLS:
            tokens.append(SYMBOLS[ch])
            continue
        if ch.isascii() and ch.isalpha():
            if blackboard and ch.isupper():
                tokens.append(r"\mathbb{" + ch + "}")
            elif calligraphic and ch.isupper():
                tokens.append(r"\mathcal{" + ch + "}")
            elif fraktur:
                tokens.append(r"\mathfrak{" + ch + "}")
            elif bold:
                tokens.append(r"\mathbf{" + ch + "}")
            else:
                tokens.append(ch)
            continue
        if ch in "{}":
            tokens.append("\\" + ch)
            continue
        if code < 0x20 or 0xE000 <= code <= 0xF8FF:
            continue  # an unmapped glyph: better nothing than a wrong symbol
        tokens.append(ch)
    return tuple(t for t in tokens if t)


def apply_accents(tokens: list[str]) -> list[str]:
    """Fold accent markers into the token after them: ["\\x00\\hat", "g"] -> ["\\hat{g}"]."""
    out: list[str] = []
    pending: str | None = None
    for tok in tokens:
        if tok.startswith(ACCENT_MARK):
            pending = tok[1:]
            continue
        if pending and tok and not tok.startswith(("_", "^")):
            tok = pending + "{" + tok + "}"
            pending = None
        out.append(tok)
    return out


_ENDS_IN_COMMAND = re.compile(r"\\[A-Za-z]+$")
_COMMAND = re.compile(r"\\[A-Za-z]+")


def join_latex(tokens: list[str]) -> str:
    """Concatenate LaTeX tokens, adding a space only where a command would swallow a letter."""
    out = ""
    for tok in apply_accents(tokens):
        if not tok:
            continue
        if out and tok[0].isalnum() and _ENDS_IN_COMMAND.search(out):
            out += " "
        out += tok
    return out


def wrap_group(latex: str) -> str:
    """A script's content: bare when it is a single character or command, braced otherwise."""
    if len(latex) == 1 or _COMMAND.fullmatch(latex):
        return latex
    return "{" + latex + "}"
