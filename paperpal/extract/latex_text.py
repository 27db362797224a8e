"""Turn text-mode LaTeX (macros already expanded) into readable plain text with inline math.

Owns: the text conversion of a paragraph: emphasis and fonts dropped to their words, ``~``,
dashes, quotes, accents and special characters to Unicode, citations to what the PDF prints
(latex_cites.py: "[3]", "Vaswani et al. (2017)"), ``\\ref``/``\\eqref`` to the resolved number,
footnotes and layout commands dropped. Inline math (``$..$``, ``\\(..\\)``, ``\\ensuremath``) is kept as ``$latex$`` and its
offsets in the produced text are returned.

Must not: raise on any input, or take more than linear time. Unknown commands are dropped and
their braced arguments read as text, so their words survive.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from paperpal.extract.latex_cites import Bibliography, cite_text
from paperpal.extract.latex_scan import (
    CONTROL,
    find_env_end,
    find_math_end,
    read_group,
    read_optional,
)
from paperpal.extract.latex_text_tables import ACCENTS, DROP_ARGS, SHORT, SYMBOLS
from paperpal.models import InlineMath

_ENV_ARGS = {"minipage": 1, "tabular": 1, "tabularx": 2, "tabular*": 2, "list": 2, "array": 1}
_CITE = re.compile(r"(?:[cC]ite[a-z]*|[pt]?cite|[pP]arencite|[tT]extcite|[aA]utocite|smartcite|newcite)\*?\Z")
_REF = {"ref", "eqref", "autoref", "cref", "Cref", "pageref", "autopageref", "nameref", "vref"}
_WS = re.compile(r"\s+")
_DIMEN = re.compile(r"\s*=?\s*-?\s*(?:\d+(?:\.\d*)?|\.\d+)\s*(?:pt|em|ex|mm|cm|in|bp|sp|pc|mu)(?![A-Za-z])")
_TEXT_RUN = re.compile(r"[^\\${}~`'\-\s\x01]+")


@dataclass
class _Builder:
    """Plain text under construction: whitespace collapsed as it goes, so offsets stay true."""

    parts: list[str] = field(default_factory=list)
    length: int = 0
    space: bool = True  # the text so far ends in a space (or is empty): no space to add
    math: list[InlineMath] = field(default_factory=list)
    tidy: Callable[[str], str] = lambda latex: _WS.sub(" ", latex).strip()

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
        latex = self.tidy(latex)
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
    cites: Bibliography | None = None,
    label_kinds: Mapping[str, str] | None = None,
    *,
    tidy: Callable[[str], str] | None = None,
) -> tuple[str, tuple[InlineMath, ...]]:
    """Plain text of a text-mode fragment and its inline formulas (see the module docstring).

    ``tidy`` rewrites each formula (latex_math.tidy_math puts it in normal form); without it a
    formula keeps its LaTeX, whitespace collapsed.
    """
    out = _Builder() if tidy is None else _Builder(tidy=tidy)
    _convert(latex, out, labels or {}, cites, label_kinds or {})
    return out.result()


def plain(latex: str) -> str:
    """Plain text only (titles, captions): formulas kept as ``$latex$``."""
    return to_plain(latex)[0]


def _convert(
    s: str,
    out: _Builder,
    labels: Mapping[str, str],
    cites: Bibliography | None,
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
    cites: Bibliography | None,
    kinds: Mapping[str, str],
) -> int:
    match = CONTROL.match(s, i)
    if match is None:  # a lone backslash at the very end
        return i + 1
    name = match.group(0)[1:]
    j = match.end()
    star = j < len(s) and s[j] == "*"
    if name in ACCENTS and not (name.isalpha() and j < len(s) and s[j].isalpha()):
        arg, j = read_group(s, j)
        base = plain(arg) if arg.startswith("\\") else arg
        if base in ("\\i", "ı"):
            base = "i"
        out.text(unicodedata.normalize("NFC", (base[:1] or " ") + ACCENTS[name] + base[1:]))
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
        out.text(SHORT.get(name, name))
        return j
    if star:
        j += 1
    if _CITE.match(name):
        first, j = read_optional(s, j)
        second, j = read_optional(s, j)
        keys, j = read_group(s, j)
        before, after = (first, second) if second is not None else ("", first)
        out.text(
            cite_text(
                name,
                [k.strip() for k in keys.split(",") if k.strip()],
                cites,
                star=star,
                before=plain(before or "").strip(),
                after=plain(after or "").strip(),
            )
        )
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
    if name in SYMBOLS:
        out.text(SYMBOLS[name])
        return j
    if name in ("vskip", "hskip", "kern", "hspace", "vspace"):
        dimen = _DIMEN.match(s, j)
        if dimen:
            return dimen.end()
    count = DROP_ARGS.get(name)
    if count is not None:
        _, j = read_optional(s, j)
        for _ in range(count):
            _, j = read_group(s, j)
        return j
    # Any other command (\emph, \textbf, \textit, an unknown author macro...): drop the name,
    # read what follows as text so the words survive.
    return j
