"""What each slot of TeX's math fonts is: the encodings a glyph's character code goes through.

Owns: the character behind each code of TeX's math italic encoding (OML: cmmi, cmmib, lmmi),
its math symbol encoding (OMS: cmsy, cmbsy, lmsy), the AMS symbol fonts (msam, msbm), and the
glyph names of the extension font (cmex, lmex) in slot order; naming which of these a PDF font
uses from its base font name. The rows are written from the fonts' published layouts (Knuth's
Computer Modern tables, the AMS font tables behind amssymb), one row of 16 slots per line, each
slot one character (or ``__`` for a slot that is only a piece of a bigger symbol, or empty).
Must not: read PDFs or decide when a PDF's own mapping is wrong (pdf_tounicode.py does).
"""

from __future__ import annotations

import re

_NONE = "__"


def _rows(text: str) -> dict[int, str]:
    """``"0x10: a b c ..."`` rows as {slot: character}, skipping ``__``."""
    table: dict[int, str] = {}
    for line in text.strip().splitlines():
        start, _, cells = line.partition(":")
        for k, cell in enumerate(cells.split()):
            if cell != _NONE:
                table[int(start, 16) + k] = cell
    return table


# Math italic (cmmi): Greek, oldstyle digits, italic letters, harpoons and a few symbols. Slot
# 0x0F is TeX's \epsilon (lunate), 0x22 its \varepsilon; 0x1E its \phi, 0x27 its \varphi.
OML = _rows(
    """
0x00: Γ Δ Θ Λ Ξ Π Σ Υ Φ Ψ Ω α β γ δ ϵ
0x10: ζ η θ ι κ λ μ ν ξ π ρ σ τ υ ϕ χ
0x20: ψ ω ε ϑ ϖ ϱ ς φ ↼ ↽ ⇀ ⇁ __ __ ▹ ◃
0x30: 0 1 2 3 4 5 6 7 8 9 . , < / > ⋆
0x40: ∂ A B C D E F G H I J K L M N O
0x50: P Q R S T U V W X Y Z ♭ ♮ ♯ ⌣ ⌢
0x60: ℓ a b c d e f g h i j k l m n o
0x70: p q r s t u v w x y z ı ȷ ℘ ⃗ ⁀
"""
)

# Math symbols (cmsy): operators, relations, arrows, calligraphic capitals, delimiters.
# 0x36 is the slash TeX overlays for \not; 0x37 the bar of \mapsto.
OMS = _rows(
    """
0x00: − ⋅ × ∗ ÷ ⋄ ± ∓ ⊕ ⊖ ⊗ ⊘ ⊙ ◯ ∘ •
0x10: ≍ ≡ ⊆ ⊇ ≤ ≥ ⪯ ⪰ ∼ ≈ ⊂ ⊃ ≪ ≫ ≺ ≻
0x20: ← → ↑ ↓ ↔ ↗ ↘ ≃ ⇐ ⇒ ⇑ ⇓ ⇔ ↖ ↙ ∝
0x30: ′ ∞ ∈ ∋ △ ▽ ̸ __ ∀ ∃ ¬ ∅ ℜ ℑ ⊤ ⊥
0x40: ℵ A B C D E F G H I J K L M N O
0x50: P Q R S T U V W X Y Z ∪ ∩ ⊎ ∧ ∨
0x60: ⊢ ⊣ ⌊ ⌋ ⌈ ⌉ { } ⟨ ⟩ | ‖ ↕ ⇕ ∖ ≀
0x70: √ ⨿ ∇ ∫ ⊔ ⊓ ⊑ ⊒ § † ‡ ¶ ♣ ♢ ♡ ♠
"""
)

# AMS symbols A (msam): boxed operators, arrows, relations with equals, corners.
MSAM = _rows(
    """
0x00: ⊡ ⊞ ⊠ □ ■ ⋅ ◊ ⧫ ↻ ↺ ⇌ ⇋ ⊟ ⊩ ⊪ ⊨
0x10: ↠ ↞ ⇇ ⇉ ⇈ ⇊ ↾ ⇂ ↿ ⇃ ↣ ↢ ⇆ ⇄ ↰ ↱
0x20: ⇝ ↭ ↫ ↬ ≗ ≿ ≳ ⪆ ⊸ ∴ ∵ ≑ ≜ ≾ ≲ ⪅
0x30: ⪕ ⪖ ⋞ ⋟ ≼ ≦ ⩽ ≶ ‵ __ ≓ ≒ ≽ ≧ ⩾ ≷
0x40: ⊏ ⊐ ⊳ ⊲ ⊵ ⊴ ★ ≬ ▾ ▸ ◂ ⇢ ⇠ ▵ ▴ ▿
0x50: ≖ ⋚ ⋛ ⪋ ⪌ ¥ ⇛ ⇚ ✓ ⊻ ⊼ ⩞ ∠ ∡ ∢ ∝
0x60: ⌣ ⌢ ⋐ ⋑ ⋓ ⋒ ⋏ ⋎ ⋋ ⋌ ⫅ ⫆ ≏ ≎ ⋘ ⋙
0x70: ⌜ ⌝ ® Ⓢ ⋔ ∔ ∽ ⋍ ⌞ ⌟ ✠ ∁ ⊺ ⊚ ⊛ ⊝
"""
)

# AMS symbols B (msbm): negated relations, blackboard capitals (as plain letters: the font
# makes them blackboard), Hebrew letters and variants.
MSBM = _rows(
    """
0x00: ≨ ≩ ≰ ≱ ≮ ≯ ⊀ ⊁ ≨ ≩ ⩽̸ ⩾̸ ⪇ ⪈ ⪯̸ ⪰̸
0x10: ⋨ ⋩ ⋦ ⋧ ≦̸ ≧̸ ⪵ ⪶ ⪹ ⪺ ⪉ ⪊ ≁ ≇ ╱ ╲
0x20: ⊊ ⊋ ⫅̸ ⫆̸ ⫋ ⫌ ⫋ ⫌ ⊊ ⊋ ⊈ ⊉ ∦ ∤ ∤ ∦
0x30: ⊬ ⊮ ⊭ ⊯ ⋭ ⋬ ⋪ ⋫ ↚ ↛ ⇍ ⇏ ⇎ ↮ ⋇ ∅
0x40: ∄ A B C D E F G H I J K L M N O
0x50: P Q R S T U V W X Y Z __ __ __ __ __
0x60: Ⅎ ⅁ __ __ __ __ ℧ ð ≂ ℶ ℷ ℸ ⋖ ⋗ ⋉ ⋊
0x70: ∣ ∥ ∖ ∼ ≈ ≊ ⪸ ⪷ ↶ ↷ ϝ ϰ 𝕜 ℏ ħ ϶
"""
)

# The extension font's glyph names in slot order (cmex10), for finding a glyph's slot from the
# name a PDF re-encoding gives it.
CMEX_NAMES: dict[str, int] = {
    name: slot
    for slot, name in enumerate(
        """
parenleftbig parenrightbig bracketleftbig bracketrightbig floorleftbig floorrightbig
ceilingleftbig ceilingrightbig braceleftbig bracerightbig angbracketleftbig angbracketrightbig
vextendsingle vextenddouble slashbig backslashbig parenleftBig parenrightBig parenleftbigg
parenrightbigg bracketleftbigg bracketrightbigg floorleftbigg floorrightbigg ceilingleftbigg
ceilingrightbigg braceleftbigg bracerightbigg angbracketleftbigg angbracketrightbigg slashbigg
backslashbigg parenleftBigg parenrightBigg bracketleftBigg bracketrightBigg floorleftBigg
floorrightBigg ceilingleftBigg ceilingrightBigg braceleftBigg bracerightBigg angbracketleftBigg
angbracketrightBigg slashBigg backslashBigg slashBig backslashBig parenlefttp parenrighttp
bracketlefttp bracketrighttp bracketleftbt bracketrightbt bracketleftex bracketrightex
bracelefttp bracerighttp braceleftbt bracerightbt braceleftmid bracerightmid braceex
arrowvertex parenleftbt parenrightbt parenleftex parenrightex angbracketleftBig
angbracketrightBig unionsqtext unionsqdisplay contintegraltext contintegraldisplay
circledottext circledotdisplay circleplustext circleplusdisplay circlemultiplytext
circlemultiplydisplay summationtext producttext integraltext uniontext intersectiontext
unionmultitext logicalandtext logicalortext summationdisplay productdisplay integraldisplay
uniondisplay intersectiondisplay unionmultidisplay logicalanddisplay logicalordisplay
coproducttext coproductdisplay hatwide hatwider hatwidest tildewide tildewider tildewidest
bracketleftBig bracketrightBig floorleftBig floorrightBig ceilingleftBig ceilingrightBig
braceleftBig bracerightBig radicalbig radicalBig radicalbigg radicalBigg radicalbt
radicalvertex radicaltp arrowvertexdbl arrowtp arrowbt bracehtipdownleft bracehtipdownright
bracehtipupleft bracehtipupright arrowdbltp arrowdblbt
""".split()
    )
}

# Base font names (subset prefix removed) and the encoding their glyphs are laid out in.
_FAMILIES = (
    (re.compile(r"^(cmmib?\d|lmmib?\d|lmmathitalic)", re.IGNORECASE), "OML"),
    (re.compile(r"^(cmb?sy\d|lmb?sy\d|lmmathsymbols)", re.IGNORECASE), "OMS"),
    (re.compile(r"^msam\d", re.IGNORECASE), "MSAM"),
    (re.compile(r"^msbm\d", re.IGNORECASE), "MSBM"),
    (re.compile(r"^(cmex\d|lmex\d|lmmathextension)", re.IGNORECASE), "CMEX"),
)
# Other fonts of the TeX distributions (Computer Modern and Latin Modern text, Euler, the
# script and blackboard fonts): their glyph names are TeX's, but no table is kept here.
_TEX_FONT = re.compile(
    r"^(cm|lm|eu[frs]m|eurb|eusb|eufb|rsfs|bbm|bbold|dsrom|stmary|wasy|msam|msbm)", re.IGNORECASE
)

TABLES = {"OML": OML, "OMS": OMS, "MSAM": MSAM, "MSBM": MSBM}


def tex_slot(code: int) -> int:
    """The slot a character code stands for. Fonts made for systems that could not carry control
    codes (the Blue Sky Type 1 fonts, Textures, BaKoMa) repeat slots 0-9 at 161-170, 10-32 at
    173-195, 32 at 128 and 127 at 196."""
    if 161 <= code <= 170:
        return code - 161
    if 173 <= code <= 195:
        return code - 163
    return {128: 32, 196: 127}.get(code, code)


def tex_family(base_font: str) -> str | None:
    """The encoding a TeX font is laid out in ("OML", "OMS", "MSAM", "MSBM", "CMEX"), "" for
    another TeX font, None for a font that is not TeX's."""
    for pattern, family in _FAMILIES:
        if pattern.match(base_font):
            return family
    return "" if _TEX_FONT.match(base_font) else None
