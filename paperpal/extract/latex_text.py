"""Turn text-mode LaTeX (macros already expanded) into readable plain text with inline math.

Owns: the text conversion of a paragraph: emphasis and fonts dropped to their words, ``~``,
dashes, quotes, accents and special characters to Unicode, ``\\cite`` to "[3]" (from the .bbl
order) or "[cite]", ``\\ref``/``\\eqref`` to the resolved number, footnotes and layout commands
dropped. Inline math (``$..$``, ``\\(..\\)``, ``\\ensuremath``) is kept as ``$latex$`` and its
offsets in the produced text are returned.

Must not: raise on any input, or take more than linear time. Unknown commands are dropped and
their braced arguments read as text, so their words survive.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

from paperpal.extract.latex_math import tidy_math
from paperpal.extract.latex_scan import (
    CONTROL,
    find_env_end,
    find_math_end,
    read_group,
    read_optional,
)
from paperpal.models import InlineMath

# Commands whose arguments are not text to read (counted: how many braced arguments to skip).
_DROP_ARGS: dict[str, int] = {
    "label": 1,
    "footnote": 1,
    "footnotetext": 1,
    "thanks": 1,
    "vspace": 1,
    "hspace": 1,
    "includegraphics": 1,
    "bibliographystyle": 1,
    "bibliography": 1,
    "index": 1,
    "pagestyle": 1,
    "thispagestyle": 1,
    "setlength": 2,
    "addtolength": 2,
    "setcounter": 2,
    "addtocounter": 2,
    "color": 1,
    "marginpar": 1,
    "todo": 1,
    "hypersetup": 1,
    "nocite": 1,
    "newtheorem": 2,
    "definecolor": 3,
    "addcontentsline": 3,
    "enlargethispage": 1,
    "captionsetup": 1,
    "setstretch": 1,
    "fontsize": 2,
    "usetikzlibrary": 1,
    "tikzset": 1,
    "pgfplotsset": 1,
    "linespread": 1,
    "raisebox": 1,
    "rule": 2,
    "phantom": 1,
    "vphantom": 1,
    "hphantom": 1,
    "caption": 1,
    "paperpal@theequation": 1,
    "settoheight": 2,
    "settowidth": 2,
    "settodepth": 2,
    "affil": 1,
    "author": 1,
    "title": 1,
    "date": 1,
    "email": 1,
    "address": 1,
    "affiliation": 1,
    "keywords": 1,
    "input": 1,
    "include": 1,
    "numberwithin": 2,
    "counterwithin": 2,
    "textcolor": 1,
    "colorbox": 1,
    "href": 1,
    "resizebox": 2,
    "scalebox": 1,
    "parbox": 1,
    "multicolumn": 2,
    "multirow": 2,
    "cline": 1,
    "specialrule": 3,
    "setboolean": 2,
    "newboolean": 1,
    "acrodef": 2,
    "newacro": 2,
    "urlstyle": 1,
    "icmlsetsymbol": 2,
}
_ENV_ARGS = {"minipage": 1, "tabular": 1, "tabularx": 2, "tabular*": 2, "list": 2, "array": 1}
_CITE = re.compile(r"(?:[cC]ite[a-z]*|[pt]?cite|parencite|textcite|autocite)\*?\Z")
_REF = {"ref", "eqref", "autoref", "cref", "Cref", "pageref", "autopageref", "nameref", "vref"}
_SYMBOLS: dict[str, str] = {
    "ldots": "…",
    "dots": "…",
    "textellipsis": "…",
    "LaTeX": "LaTeX",
    "TeX": "TeX",
    "LaTeXe": "LaTeX2e",
    "ss": "ß",
    "ae": "æ",
    "AE": "Æ",
    "oe": "œ",
    "OE": "Œ",
    "o": "ø",
    "O": "Ø",
    "l": "ł",
    "L": "Ł",
    "i": "ı",
    "j": "ȷ",
    "aa": "å",
    "AA": "Å",
    "S": "§",
    "P": "¶",
    "copyright": "©",
    "dag": "†",
    "ddag": "‡",
    "textendash": "–",
    "textemdash": "—",
    "textquoteleft": "‘",
    "textquoteright": "’",
    "textquotedblleft": "“",
    "textquotedblright": "”",
    "textasciitilde": "~",
    "textbackslash": "\\",
    "textbar": "|",
    "textless": "<",
    "textgreater": ">",
    "textbullet": "•",
    "textdegree": "°",
    "pounds": "£",
    "euro": "€",
    "texttrademark": "™",
    "textregistered": "®",
    "checkmark": "✓",
    "quad": " ",
    "qquad": " ",
    "enspace": " ",
    "thinspace": " ",
    "space": " ",
    "newline": " ",
    "linebreak": " ",
    "par": "\n",
    "item": "\n• ",
    "and": ", ",
    "AND": ", ",
    "hfill": " ",
    "bigskip": " ",
    "medskip": " ",
    "smallskip": " ",
    "noindent": "",
    "centering": "",
    "xspace": "",
    "maketitle": "",
    "today": "",
    "relax": "",
    "protect": "",
    "clearpage": "",
    "cleardoublepage": "",
    "appendix": "",
    "tableofcontents": "",
    "onecolumn": "",
    "twocolumn": "",
    "hline": "",
    "toprule": "",
    "midrule": "",
    "bottomrule": "",
    "nobreak": "",
    "allowbreak": "",
    "sloppy": "",
    "raggedright": "",
    "ensuremath": "",
    "printbibliography": "",
}
_SHORT: dict[str, str] = {
    ",": " ",
    ";": " ",
    ":": " ",
    "!": "",
    " ": " ",
    "\n": " ",
    "\t": " ",
    "\\": " ",
    "/": "",
    "%": "%",
    "$": "$",
    "&": "&",
    "#": "#",
    "_": "_",
    "{": "{",
    "}": "}",
    "-": "",
    "@": "",
    "*": "",
}
_ACCENTS: dict[str, str] = {
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    '"': "\u0308",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    "u": "\u0306",
    "v": "\u030c",
    "H": "\u030b",
    "c": "\u0327",
    "d": "\u0323",
    "b": "\u0331",
    "r": "\u030a",
    "k": "\u0328",
    "t": "\u0361",
}
_WS = re.compile(r"\s+")
_TEXT_RUN = re.compile(r"[^\\${}~`'\-\s\x01]+")


@dataclass
class _Builder:
    """Plain text under construction: whitespace collapsed as it goes, so offsets stay true."""

    parts: list[str] = field(default_factory=list)
    length: int = 0
    space: bool = True  # the text so far ends in a space (or is empty): no space to add
    math: list[InlineMath] = field(default_factory=list)

    def text(self, s: str) -> None:
        if not s:
            return
        if "\n• " in s:
            self.newline_bullet()
            return
        if s.isspace():
            if not self.space:
                self._add(" ")
                self.space = True
            return
        s = _WS.sub(" ", s)
        if self.space and s.startswith(" "):
            s = s[1:]
        if s:
            self._add(s)
            self.space = s.endswith(" ")

    def newline_bullet(self) -> None:
        if self.length:
            self._add(" ")
        self._add("• ")
        self.space = True

    def formula(self, latex: str) -> None:
        latex = tidy_math(latex)
        if not latex:
            return
        start = self.length
        self._add("$" + latex + "$")
        self.math.append(InlineMath(latex=latex, start=start, end=self.length))
        self.space = False

    def _add(self, s: str) -> None:
        self.parts.append(s)
        self.length += len(s)

    def result(self) -> tuple[str, tuple[InlineMath, ...]]:
        text = "".join(self.parts).rstrip()
        return text, tuple(m for m in self.math if m.end <= len(text))


def to_plain(
    latex: str,
    labels: Mapping[str, str] | None = None,
    cites: Mapping[str, int] | None = None,
    label_kinds: Mapping[str, str] | None = None,
) -> tuple[str, tuple[InlineMath, ...]]:
    """Plain text of a text-mode fragment and its inline formulas (see the module docstring)."""
    out = _Builder()
    _convert(latex, out, labels or {}, cites, label_kinds or {})
    return out.result()


def plain(latex: str) -> str:
    """Plain text only (titles, captions): formulas kept as ``$latex$``."""
    return to_plain(latex)[0]


def _convert(
    s: str,
    out: _Builder,
    labels: Mapping[str, str],
    cites: Mapping[str, int] | None,
    kinds: Mapping[str, str],
) -> None:
    i = 0
    n = len(s)
    while i < n:
        c = s[i]
        if c == "\\":
            i = _command(s, i, out, labels, cites, kinds)
        elif c == "$":
            if s.startswith("$$", i):
                end = find_math_end(s, i + 2, "$$")
                stop = end + 2 if end >= 0 else n
                out.formula(s[i + 2 : end if end >= 0 else n])
                i = stop
            else:
                end = find_math_end(s, i + 1, "$")
                if end < 0:
                    i += 1  # a stray dollar: drop it
                    continue
                out.formula(s[i + 1 : end])
                i = end + 1
        elif c in "{}":
            i += 1
        elif c == "~":
            out.text(" ")
            i += 1
        elif c == "-":
            if s.startswith("---", i):
                out.text("—")
                i += 3
            elif s.startswith("--", i):
                out.text("–")
                i += 2
            else:
                out.text("-")
                i += 1
        elif c == "`":
            if s.startswith("``", i):
                out.text("“")
                i += 2
            else:
                out.text("‘")
                i += 1
        elif c == "'":
            if s.startswith("''", i):
                out.text("”")
                i += 2
            else:
                out.text("'")
                i += 1
        elif c.isspace():
            j = i + 1
            while j < n and s[j].isspace():
                j += 1
            out.text(" ")
            i = j
        else:
            match = _TEXT_RUN.match(s, i)
            if match is None:  # a control byte: skip it
                i += 1
                continue
            out.text(match.group(0))
            i = match.end()


def _command(
    s: str,
    i: int,
    out: _Builder,
    labels: Mapping[str, str],
    cites: Mapping[str, int] | None,
    kinds: Mapping[str, str],
) -> int:
    match = CONTROL.match(s, i)
    if match is None:  # a lone backslash at the very end
        return i + 1
    name = match.group(0)[1:]
    j = match.end()
    star = j < len(s) and s[j] == "*"
    if name in _ACCENTS and not (name.isalpha() and j < len(s) and s[j].isalpha()):
        arg, j = read_group(s, j)
        base = plain(arg) if arg.startswith("\\") else arg
        if base in ("\\i", "ı"):
            base = "i"
        out.text(unicodedata.normalize("NFC", (base[:1] or " ") + _ACCENTS[name] + base[1:]))
        return j
    if len(name) == 1 and not name.isalpha():
        if name == "(":
            end = find_math_end(s, j, "\\)")
            stop = end if end >= 0 else len(s)
            out.formula(s[j:stop])
            return stop + 2 if end >= 0 else stop
        if name == "[":
            end = find_math_end(s, j, "\\]")
            stop = end if end >= 0 else len(s)
            out.formula(s[j:stop])
            return stop + 2 if end >= 0 else stop
        out.text(_SHORT.get(name, name))
        return j
    if star:
        j += 1
    if _CITE.match(name):
        _, j = read_optional(s, j)
        _, j = read_optional(s, j)
        keys, j = read_group(s, j)
        found = [cites.get(k.strip()) for k in keys.split(",")] if cites else []
        if name.startswith(("citeauthor", "citeyear", "Citeauthor")):
            return j
        if found and all(number is not None for number in found):
            out.text("[" + ", ".join(str(number) for number in found) + "]")
        else:
            out.text("[cite]")
        return j
    if name in _REF:
        key, j = read_group(s, j)
        names = [k.strip() for k in key.split(",")]
        numbers = [labels.get(k, "?") for k in names]
        if name == "eqref":
            out.text(", ".join(f"({number})" for number in numbers))
        elif name in ("autoref", "cref", "Cref"):
            pairs = zip(names, numbers, strict=True)
            out.text(", ".join(f"{kinds.get(k, '')} {number}".strip() for k, number in pairs))
        elif name.endswith("pageref"):
            out.text("?")
        else:
            out.text(", ".join(numbers))
        return j
    if name == "texorpdfstring":  # the TeX version is what the PDF prints
        arg, j = read_group(s, j)
        _, j = read_group(s, j)
        _convert(arg, out, labels, cites, kinds)
        return j
    if name == "ensuremath":
        arg, j = read_group(s, j)
        out.formula(arg)
        return j
    if name == "begin":
        env, k = read_group(s, j)
        if env.strip() == "math":
            start, end = find_env_end(s, k, "math")
            out.formula(s[k:start])
            return end
        # An environment inside a paragraph: read its contents as text, not its layout
        # arguments (a minipage's width, a tabular's column spec).
        _, k = read_optional(s, k)
        for _ in range(_ENV_ARGS.get(env.strip(), 0)):
            _, k = read_group(s, k)
        return k
    if name == "end":
        _, k = read_group(s, j)
        return k
    if name in ("verb", "lstinline") and j < len(s):
        delimiter = s[j]
        close = s.find(delimiter, j + 1)
        if close < 0:
            return len(s)
        out.text(s[j + 1 : close])
        return close + 1
    if name in ("url", "nolinkurl", "path"):
        arg, j = read_group(s, j)
        out.text(arg)
        return j
    if name in _SYMBOLS:
        out.text(_SYMBOLS[name])
        return j
    count = _DROP_ARGS.get(name)
    if count is not None:
        _, j = read_optional(s, j)
        for _ in range(count):
            _, j = read_group(s, j)
        return j
    # Any other command (\emph, \textbf, \textit, an unknown author macro...): drop the name,
    # read what follows as text so the words survive.
    return j
