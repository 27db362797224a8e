"""Glyphs and fonts of a PDF mapped back to LaTeX.

Owns: deciding whether a font is a math font (CMMI, CMSY, CMEX, MSBM, Symbol, STIX, ...), and
turning the Unicode text PyMuPDF reports for a span into LaTeX tokens (Greek letters, operators,
blackboard and calligraphic letters, bold, CMEX's big delimiters, T1 ligature codes).
Must not: import pymupdf or know about page layout (pdf_layout.py does that).
"""

from __future__ import annotations

import re
from functools import lru_cache

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


GREEK = {
    "α": r"\alpha",
    "β": r"\beta",
    "γ": r"\gamma",
    "δ": r"\delta",
    "ϵ": r"\epsilon",
    "ζ": r"\zeta",
    "η": r"\eta",
    "θ": r"\theta",
    "ϑ": r"\vartheta",
    "ι": r"\iota",
    "κ": r"\kappa",
    "λ": r"\lambda",
    "µ": r"\mu",
    "μ": r"\mu",
    "ν": r"\nu",
    "ξ": r"\xi",
    "π": r"\pi",
    "ϖ": r"\varpi",
    "ρ": r"\rho",
    "ϱ": r"\varrho",
    "σ": r"\sigma",
    "ς": r"\varsigma",
    "τ": r"\tau",
    "υ": r"\upsilon",
    "φ": r"\phi",
    "ϕ": r"\phi",
    "χ": r"\chi",
    "ψ": r"\psi",
    "ω": r"\omega",
    "Γ": r"\Gamma",
    "∆": r"\Delta",
    "Δ": r"\Delta",
    "Θ": r"\Theta",
    "Λ": r"\Lambda",
    "Ξ": r"\Xi",
    "Π": r"\Pi",
    "Σ": r"\Sigma",
    "Υ": r"\Upsilon",
    "Φ": r"\Phi",
    "Ψ": r"\Psi",
    "Ω": r"\Omega",
    "ε": r"\varepsilon",
}
# The Greek letters are listed separately because they are symbols a reader decodes.
SYMBOLS = {
    "−": "-",
    "∗": "*",
    "′": "'",
    "″": "''",
    "·": r"\cdot",
    "⋅": r"\cdot",
    "×": r"\times",
    "÷": r"\div",
    "±": r"\pm",
    "∓": r"\mp",
    "⊙": r"\odot",
    "⊗": r"\otimes",
    "⊕": r"\oplus",
    "◦": r"\circ",
    "∘": r"\circ",
    "•": r"\bullet",
    "∑": r"\sum",
    "∏": r"\prod",
    "∫": r"\int",
    "∮": r"\oint",
    "∂": r"\partial",
    "∇": r"\nabla",
    "∞": r"\infty",
    "≤": r"\leq",
    "≥": r"\geq",
    "≠": r"\neq",
    "≈": r"\approx",
    "≡": r"\equiv",
    "∼": r"\sim",
    "≃": r"\simeq",
    "≅": r"\cong",
    "∝": r"\propto",
    "≪": r"\ll",
    "≫": r"\gg",
    "∈": r"\in",
    "∉": r"\notin",
    "∋": r"\ni",
    "⊂": r"\subset",
    "⊃": r"\supset",
    "⊆": r"\subseteq",
    "⊇": r"\supseteq",
    "∪": r"\cup",
    "∩": r"\cap",
    "∅": r"\emptyset",
    "∀": r"\forall",
    "∃": r"\exists",
    "¬": r"\neg",
    "∧": r"\wedge",
    "∨": r"\vee",
    "→": r"\to",
    "←": r"\leftarrow",
    "↔": r"\leftrightarrow",
    "⇒": r"\Rightarrow",
    "⇐": r"\Leftarrow",
    "⇔": r"\Leftrightarrow",
    "↦": r"\mapsto",
    "⟨": r"\langle",
    "⟩": r"\rangle",
    "〈": r"\langle",
    "〉": r"\rangle",
    "⌊": r"\lfloor",
    "⌋": r"\rfloor",
    "⌈": r"\lceil",
    "⌉": r"\rceil",
    "‖": r"\|",
    "∥": r"\|",
    "ℓ": r"\ell",
    "∣": "|",
    "…": r"\ldots",
    "⋯": r"\cdots",
    "⋮": r"\vdots",
    "⋱": r"\ddots",
    "†": r"\dagger",
    "⊤": r"\top",
    "⊥": r"\perp",
    "ℝ": r"\mathbb{R}",
    "ℕ": r"\mathbb{N}",
    "ℤ": r"\mathbb{Z}",
    "ℂ": r"\mathbb{C}",
    "∖": r"\setminus",
    "⋆": r"\star",
    "√": r"\sqrt",
    "ħ": r"\hbar",
    "ℏ": r"\hbar",
    "∠": r"\angle",
    "△": r"\triangle",
    "⟂": r"\perp",
    "≺": r"\prec",
    "≻": r"\succ",
    "≜": r"\triangleq",
    "≔": ":=",
    "⊺": r"\top",
    "ı": r"\imath",
    "ȷ": r"\jmath",
}
# CMEX puts its big delimiters and operators at control-character code points.
_CMEX = {
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
# Stands for CMEX slot 32 (the tallest left parenthesis), which text extraction gives as a space.
CMEX_SPACE = "\ue020"
# Printable CMEX slots (Knuth's cmex10 layout): big operators, radicals and the "Big" delimiter
# sizes. Extension pieces (tops, bottoms, middles of tall delimiters) name the delimiter once, by
# their top piece; the other pieces and the wide accents (read by position) give nothing here.
_CMEX_PRINTABLE = {
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
    code = 0x20 if glyph == CMEX_SPACE else ord(glyph)
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
_PIECES = {
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
_DROP = set("\uf8ec\uf8ed\uf8ef\uf8f0\uf8f2\uf8f3\uf8f4\uf8f7\uf8f8\uf8fa\uf8fb\uf8fd\uf8fe⎜⎝⎢⎣⎨⎩⎟⎠⎥⎦⎬⎭⎪")
# Every piece of a tall delimiter: never a big operator, whatever it maps to.
DELIMITER_PIECES = frozenset(_PIECES) | frozenset(_DROP)
# Accents TeX draws as a separate glyph above the letter.
ACCENTS = {
    "˜": r"\tilde",
    "~": r"\tilde",
    "ˆ": r"\hat",
    "^": r"\hat",
    "¯": r"\bar",
    "ˉ": r"\bar",
    "˙": r"\dot",
    "¨": r"\ddot",
    "⃗": r"\vec",
    "→": r"\vec",
    "ˇ": r"\check",
    "˘": r"\breve",
}
# The same accents met inside a run, before the glyph they sit on: a marker token that
# ``apply_accents`` folds into the next token.
ACCENT_MARK = "\x00"
_SPACING_ACCENTS = {k: v for k, v in ACCENTS.items() if k not in "~^→"}
# T1/OT1 ligature slots that Type 3 fonts leave unmapped.
LIGATURES = {
    "\x1b": "ff",
    "\x1c": "fi",
    "\x1d": "fl",
    "\x1e": "ffi",
    "\x1f": "ffl",
    "\x0b": "ff",
    "\x0c": "fi",
    "\x0d": "fl",
    "\x0e": "ffi",
    "\x0f": "ffl",
    "ﬀ": "ff",
    "ﬁ": "fi",
    "ﬂ": "fl",
    "ﬃ": "ffi",
    "ﬄ": "ffl",
    "\u2019": "'",
    "\u2018": "'",
}
OPERATOR_NAMES = {
    "tanh",
    "sinh",
    "cosh",
    "exp",
    "log",
    "ln",
    "sin",
    "cos",
    "tan",
    "max",
    "min",
    "sup",
    "inf",
    "arg",
    "lim",
    "det",
    "dim",
    "ker",
    "Pr",
    "deg",
    "gcd",
    "liminf",
    "limsup",
}
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
    roman = is_tex_roman(font) or not is_math_font(font)
    tokens: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if roman and ch.isalpha():
            word = (_WORD if is_tex_roman(font) else _TEXT_WORD).match(text, i)
            if word:
                w = word.group(0)
                tokens.append("\\" + w if w in OPERATOR_NAMES else r"\mathrm{" + w + "}")
                i = word.end()
                continue
        i += 1
        code = ord(ch)
        if ch.isspace():
            continue
        if cmex and ch == CMEX_SPACE:
            tokens.append("(")
            continue
        if cmex and code < 0x30:
            tokens.append(_CMEX.get(code, ""))
            continue
        if cmex and ch.isascii():
            # Printable CMEX slots are big operators and radicals; anything else (extension
            # pieces, wide accents) is dropped rather than misread as a letter.
            tokens.append(_CMEX_PRINTABLE.get(ch, ""))
            continue
        if ch in _DROP:
            continue
        if ch in _PIECES:
            tokens.append(_PIECES[ch])
            continue
        if ch in LIGATURES:
            tokens.append(LIGATURES[ch])
            continue
        if ch in _SPACING_ACCENTS:
            tokens.append(ACCENT_MARK + _SPACING_ACCENTS[ch])
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


def join_latex(tokens: list[str]) -> str:
    """Concatenate LaTeX tokens, adding a space only where a command would swallow a letter."""
    out = ""
    for tok in apply_accents(tokens):
        if not tok:
            continue
        if out and re.search(r"\\[A-Za-z]+$", out) and (tok[0].isalnum()):
            out += " "
        out += tok
    return out


def wrap_group(latex: str) -> str:
    """A script's content: bare when it is a single character or command, braced otherwise."""
    if len(latex) == 1 or re.fullmatch(r"\\[A-Za-z]+", latex):
        return latex
    return "{" + latex + "}"
