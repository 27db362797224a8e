"""A formula's LaTeX in normal form: the notation as written, without the typesetting around it.

Owns: ``tidy_math``, which every formula the LaTeX reader produces (display rows and inline
``$...$``) goes through, so ``Equation.latex`` and ``InlineMath.latex`` hold only notation that
every consumer (symbols, rendering, reading aloud, the equation tree) understands:

- layout goes: size and style switches (``\\small``, ``\\displaystyle``), space and box wrappers
  (``\\resizebox``, ``\\raisebox``, ``\\phantom``, ``\\hspace``), colours, ``\\ensuremath``,
  ``\\mathsmaller``, table rules and ``\\multicolumn``, alignment primitives (``\\span``);
- old font switches become the math alphabets they mean: ``{\\bf x}`` -> ``\\mathbf{x}``,
  ``\\cal L`` -> ``\\mathcal{L}``; package spellings become the standard ones: ``\\mathbbm{1}``
  -> ``\\mathbb{1}``, ``\\nicefrac`` -> ``\\frac``, ``\\not=`` -> ``\\neq``;
- ``array`` (and a ``tabular`` inside math) becomes ``matrix``: the column spec is layout;
- text inside math (``\\text``, ``\\mbox``, ``\\textbf``...) holds plain words: nested
  commands are read to their text (``\\mbox{\\textbf{wrong:}}`` -> ``\\textbf{wrong:}``) and a
  formula inside the text comes out as math (``\\text{if $x>0$}`` -> ``\\text{if } x>0``);
- a script written as an unbraced command gets braces: ``x_\\text{max}`` -> ``x_{\\text{max}}``.

Must not: change the notation itself: a command it does not know is kept as written (the
renderer decides how to show it), and spacing commands (``\\,``, ``\\quad``) stay. Bounded:
nesting deeper than ``_MAX_DEPTH`` is kept as written.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from paperpal.extract.latex_cites import Bibliography
from paperpal.extract.latex_scan import CONTROL, read_group, read_optional, skip_spaces
from paperpal.extract.latex_text import to_plain
from paperpal.models import InlineMath

_MAX_DEPTH = 40
_WS = re.compile(r"\s+")
_SPECIAL = re.compile(r"[\\{]")
# One symbol: a letter, a command, or a command with one plain argument ("\mathbf{f}").
_ATOM = re.compile(r"^\s*(?:[A-Za-z0-9]|\\[A-Za-z]+(?:\s*\{[^{}]*\})?)\s*$")


# A group that is only a script: "{^{\mathsf{T}}}", "{^\top}".
_LONE_SCRIPT = re.compile(r"^\s*[\^_](?:\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}|\\[A-Za-z]+|[A-Za-z0-9])\s*$")


def _attachable(out: list[str], script_end: int) -> bool:
    """Whether a lone script can join what is before it: a symbol, a group or a bracket, but not
    one that has a script already (TeX forbids "x^{2}^{T}"), and not nothing."""
    before = "".join(out[-3:]).rstrip()
    if not before:
        return False
    if script_end >= 0 and (script_end == len(out) or (script_end == len(out) - 1 and not out[-1].strip())):
        return False  # right after a script's group
    if _ENDS_IN_SCRIPT.search(before):
        return False
    return before[-1].isalnum() or before[-1] in ")]}|"


_ENDS_IN_SCRIPT = re.compile(r"[\^_]\s*(?:\\[A-Za-z]+|\w)$")


def _script_follows(s: str, j: int) -> bool:
    rest = s[j:].lstrip()
    return rest[:1] in ("^", "_", "'")  # a prime is a superscript too


def _free_position(out: list[str], script_end: int) -> bool:
    """Whether a group here stands on its own: not a command's argument ("\\frac{a}{b}"), nor a
    script ("x^{y}"); after a script's group ("W^{(l)} {h}") it does, whitespace between or not."""
    if script_end >= 0 and (script_end == len(out) or (script_end == len(out) - 1 and not out[-1].strip())):
        return True
    before = "".join(out[-3:]).rstrip()
    return not before or before[-1] in "=+-*/(,[|<>&;:!"


# Layout with no argument: dropped.
_DROP = frozenset(
    "displaystyle textstyle scriptstyle scriptscriptstyle tiny scriptsize footnotesize small "
    "normalsize large Large LARGE huge Huge span xspace protect mathstrut strut hfill hfil "
    "normalfont boldmath unboldmath hline toprule midrule bottomrule smallskip medskip bigskip "
    "noindent centering displaylimits nolinebreak mdseries smaller larger".split()
)
# Layout with arguments: (optional arguments before, braced arguments) dropped with the command.
_DROP_ARGS: dict[str, tuple[int, int]] = {
    "vspace": (0, 1),
    "hspace": (0, 1),
    "phantom": (0, 1),
    "vphantom": (0, 1),
    "hphantom": (0, 1),
    "color": (1, 1),
    "settoheight": (0, 2),
    "settowidth": (0, 2),
    "settodepth": (0, 2),
    "cline": (0, 1),
    "cmidrule": (1, 1),
    "mspace": (0, 1),
    "noalign": (0, 1),
    "mathversion": (0, 1),
    "rule": (1, 2),
    "label": (0, 1),
}
# Wrappers whose last argument is the content: (braced args skipped, optional args, then content).
_UNWRAP: dict[str, tuple[int, int]] = {
    "ensuremath": (0, 0),
    "mathsmaller": (0, 0),
    "mathlarger": (0, 0),
    "mathnormal": (0, 0),
    "textcolor": (1, 0),
    "colorbox": (1, 0),
    "fcolorbox": (2, 0),
    "resizebox": (2, 0),
    "scalebox": (1, 1),
    "raisebox": (1, 2),
    "smash": (0, 1),
    "mathclap": (0, 0),
    "mathllap": (0, 0),
    "mathrlap": (0, 0),
    "clap": (0, 0),
    "llap": (0, 0),
    "rlap": (0, 0),
    "vcenter": (0, 0),
    "multicolumn": (2, 0),
}
# Package spellings of standard notation.
_SYNONYMS = {
    "mathbbm": "mathbb",
    "mathds": "mathbb",
    "mathbbold": "mathbb",
    "varmathbb": "mathbb",
    "symbb": "mathbb",
    "Bbb": "mathbb",
    "frak": "mathfrak",
    "symcal": "mathcal",
    "symbf": "mathbf",
    "mathbfit": "boldsymbol",
    "mathbfup": "mathbf",
    "symrm": "mathrm",
    "mathup": "mathrm",
    "nicefrac": "frac",
    "sfrac": "frac",
    "vv": "vec",
}
# Old font switches: ``{\bf x}`` is ``\mathbf{x}`` (to the end of the group).
_SWITCHES = {
    "bf": "mathbf",
    "bfseries": "mathbf",
    "rm": "mathrm",
    "rmfamily": "mathrm",
    "upshape": "mathrm",
    "it": "mathit",
    "itshape": "mathit",
    "sl": "mathit",
    "em": "mathit",
    "mit": "mathit",
    "cal": "mathcal",
    "sf": "mathsf",
    "sffamily": "mathsf",
    "tt": "mathtt",
    "ttfamily": "mathtt",
}
# Commands whose argument is text; the rare ones become \text (the renderers know it).
_TEXT = {
    "text": "text",
    "textrm": "textrm",
    "textit": "textit",
    "textbf": "textbf",
    "textsf": "textsf",
    "texttt": "texttt",
    "textnormal": "textnormal",
    "textup": "textup",
    "mbox": "mbox",
    "hbox": "hbox",
    "emph": "emph",
    "textmd": "text",
    "textsl": "textit",
    "textsc": "text",
    "fbox": "text",
    "makebox": "text",
    "framebox": "text",
    "intertext": "text",
}
_TEXT_OPTIONALS = {"makebox": 2, "framebox": 2}
# Environments that are a grid of cells whatever their layout arguments say.
_GRIDS = {
    "array": ("matrix", 1),
    "tabular": ("matrix", 1),
    "subarray": ("matrix", 1),
    "alignedat": ("aligned", 1),
    "dcases": ("cases", 0),
    "dcases*": ("cases", 0),
    "pmatrix*": ("pmatrix", 0),
    "bmatrix*": ("bmatrix", 0),
    "vmatrix*": ("vmatrix", 0),
    "matrix*": ("matrix", 0),
}
_NEGATED = {"=": "\\neq", "\\in": "\\notin", "\\ni": "\\not\\ni"}
_DIMEN = re.compile(
    r"\s*=?\s*[-+]?\s*(?:\d+(?:\.\d*)?|\.\d+)\s*(?:pt|mu|em|ex|mm|cm|in|bp|sp|pc|dd|cc)"
    r"(?:\s+(?:plus|minus)\s*[-+]?\s*(?:\d+(?:\.\d*)?|\.\d+)\s*(?:pt|mu|em|ex|fill?l*))*"
)
_DIMEN_COMMANDS = frozenset({"kern", "mkern", "hskip", "mskip", "vskip", "hspace", "vspace"})
_TEXT_ESCAPES = str.maketrans(
    {"{": "\\{", "}": "\\}", "%": "\\%", "&": "\\&", "$": "\\$", "#": "\\#", "\\": "∖"}
)
_INLINE = re.compile(r"\$\$?|\\\(|\\\)")
_SCRIPT_COMMAND = re.compile(
    r"([_^])\s*(\\(?:textnormal|text|textrm|textit|textbf|texttt|mathrm|mathbf|mathit|mathsf"
    r"|mathtt|mathcal|mathbb|mathfrak|mathscr|boldsymbol|bm|operatorname|hat|tilde|bar|vec|dot"
    r"|ddot|widehat|widetilde|overline|underline)\s*)(?=\{)"
)


def brace_scripts(latex: str) -> str:
    """``x_\\text{max}`` -> ``x_{\\text{max}}``: the same formula, with the script's extent explicit.

    TeX lets a one-argument command stand as a script unbraced; parsers downstream need braces.
    """
    if "_" not in latex and "^" not in latex:
        return latex
    pieces: list[str] = []
    i = 0
    for match in _SCRIPT_COMMAND.finditer(latex):
        if match.start() < i:
            continue
        group, end = read_group(latex, match.end())
        pieces.append(latex[i : match.start()])
        pieces.append(f"{match.group(1)}{{{match.group(2).strip()}{{{group}}}}}")
        i = end
    pieces.append(latex[i:])
    return "".join(pieces)


def tidy_math(latex: str) -> str:
    """``latex`` in normal form, whitespace collapsed (see the module docstring)."""
    if "\\" not in latex:
        return _WS.sub(" ", latex).strip()
    return _WS.sub(" ", _normal(brace_scripts(latex), 0)).strip()


def paragraph_text(
    latex: str,
    labels: Mapping[str, str] | None = None,
    cites: Bibliography | None = None,
    kinds: Mapping[str, str] | None = None,
) -> tuple[str, tuple[InlineMath, ...]]:
    """Plain text of a text-mode fragment, its inline formulas in normal form (and their offsets)."""
    return to_plain(latex, labels, cites, kinds, tidy=tidy_math)


def _normal(s: str, depth: int) -> str:
    """One pass over ``s`` (a group's inside); groups are normalised recursively."""
    if depth > _MAX_DEPTH:
        return s
    out: list[str] = []
    script_end = -1  # len(out) just after a script's group ("^{(L)}"), which takes no argument
    i, n = 0, len(s)
    while i < n:
        c = s[i]
        if c == "{":
            group, j = read_group(s, i)
            inner = _normal(group, depth + 1)
            is_script = "".join(out[-1:]).rstrip().endswith(("^", "_"))
            if _ATOM.match(inner) and _script_follows(s, j) and _free_position(out, script_end):
                # "{\mathbf{f}}^{(L)}" (an author's macro wrapped in braces) is "\mathbf{f}^{(L)}":
                # the script belongs to the symbol, not to an anonymous group.
                out.append(inner)
            elif _LONE_SCRIPT.match(inner) and _attachable(out, script_end):
                # "h(x) {^{\mathsf{T}}}" (a transpose macro in braces) is "h(x)^{\mathsf{T}}".
                while out and not out[-1].strip():
                    out.pop()
                if out:
                    out[-1] = out[-1].rstrip()
                out.append(inner)
                is_script = True  # a group after it stands on its own
            else:
                out.append("{" + inner + "}")
            script_end = len(out) if is_script else -1
            i = j
            continue
        if c != "\\":
            special = _SPECIAL.search(s, i + 1)
            j = special.start() if special else n
            out.append(s[i:j])
            i = j
            continue
        match = CONTROL.match(s, i)
        if match is None:  # a lone backslash at the very end
            out.append(s[i:])
            break
        token = match.group(0)
        name = token[1:]
        j = match.end()
        if name == "\\":
            i = _row_break(s, j, out)
        elif name in _SWITCHES:
            i = _switch(s, j, _SWITCHES[name], out, depth)
        elif name in _TEXT:
            i = _text(s, j, name, out, depth)
        elif name in _DROP:
            out.append(" ")
            i = j
        elif name in _DROP_ARGS:
            optional, braced = _DROP_ARGS[name]
            j = j + 1 if s.startswith("*", j) else j
            for _ in range(optional):
                _, j = read_optional(s, j)
            for _ in range(braced):
                _, j = read_group(s, j)
            out.append(" ")
            i = j
        elif name in _DIMEN_COMMANDS:
            dimen = _DIMEN.match(s, j)
            i = dimen.end() if dimen else j
            out.append(" ")
        elif name in _UNWRAP:
            i = _unwrap(s, j + (1 if s.startswith("*", j) else 0), name, out, depth)
        elif name == "multirow":
            _, j = read_optional(s, j)
            _, j = read_group(s, j)
            _, j = read_optional(s, j)
            _, j = read_group(s, j)
            _, j = read_optional(s, j)
            content, i = read_group(s, j)
            out.append("{" + _normal(content, depth + 1) + "}")
        elif name == "mathchoice":
            content, j = read_group(s, j)
            for _ in range(3):
                _, j = read_group(s, j)
            out.append("{" + _normal(content, depth + 1) + "}")
            i = j
        elif name in _SYNONYMS:
            out.append("\\" + _SYNONYMS[name])
            i = j
        elif name == "not":
            i = _negation(s, j, out)
        elif name in ("begin", "end"):
            i = _environment(s, j, name, out)
        else:
            out.append(token)
            i = j
    return "".join(out)


def _row_break(s: str, j: int, out: list[str]) -> int:
    """``\\\\`` inside an inner grid: its ``*`` and ``[2pt]`` spacing are layout."""
    out.append("\\\\")
    if s.startswith("*", j):
        j += 1
    k = skip_spaces(s, j)
    if k < len(s) and s[k] == "[":
        close = s.find("]", k)
        if 0 < close - k < 20:
            return close + 1
    return j


def _switch(s: str, j: int, alphabet: str, out: list[str], depth: int) -> int:
    """``\\bf x`` -> ``\\mathbf{x}``: the switch holds to the end of its group."""
    j = skip_spaces(s, j)
    rest = s[j:]
    if not rest.strip():
        return len(s)
    if re.fullmatch(r"[A-Za-z0-9 ]+", rest.strip()):
        out.append(f"\\{alphabet}{{{rest.strip()}}}")
        return len(s)
    if s[j] == "{":
        content, k = read_group(s, j)
    else:
        command = CONTROL.match(s, j)
        k = command.end() if command else j + 1
        content = s[j:k]
    out.append(f"\\{alphabet}{{{_normal(content, depth + 1)}}}")
    return k


def _unwrap(s: str, j: int, name: str, out: list[str], depth: int) -> int:
    skipped, optional = _UNWRAP[name]
    for _ in range(skipped):
        _, j = read_group(s, j)
    for _ in range(optional):
        _, j = read_optional(s, j)
    content, j = read_group(s, j)
    content = content.strip()
    if len(content) > 1 and content.startswith("$") and content.endswith("$"):
        content = content.strip("$")  # \resizebox{..}{..}{$ math $} inside math
    out.append("{" + _normal(content, depth + 1) + "}")
    return j


def _negation(s: str, j: int, out: list[str]) -> int:
    k = skip_spaces(s, j)
    for written, negated in _NEGATED.items():
        after = s[k + len(written) : k + len(written) + 1]
        if s.startswith(written, k) and not (written[0] == "\\" and after.isalpha()):
            out.append(negated + " ")
            return k + len(written)
    out.append("\\not")
    return j


def _environment(s: str, j: int, kind: str, out: list[str]) -> int:
    name, k = read_group(s, j)
    grid = _GRIDS.get(name.strip())
    if grid is None:
        out.append(f"\\{kind}{{{name}}}")
        return k
    target, arguments = grid
    if kind == "begin":
        _, k = read_optional(s, k)  # array's [t]/[b], pmatrix*'s [r]
        for _ in range(arguments):
            _, k = read_group(s, k)
    out.append(f"\\{kind}{{{target}}}")
    return k


def _text(s: str, j: int, name: str, out: list[str], depth: int) -> int:
    """A text command in math: its argument read to plain words, formulas inside it as math."""
    for _ in range(_TEXT_OPTIONALS.get(name, 0)):
        _, j = read_optional(s, j)
    k = skip_spaces(s, j)
    if k >= len(s) or s[k] != "{":
        out.append("\\" + _TEXT[name])  # unbraced: leave it to the renderer
        return j
    content, end = read_group(s, k)
    inner = content.strip()
    while inner.startswith("{") and read_group(inner, 0)[1] == len(inner):
        inner = read_group(inner, 0)[0].strip()  # {{...}}: redundant braces
    nested = CONTROL.match(inner)
    if nested and nested.group(0)[1:] in _TEXT and read_group(inner, nested.end())[1] == len(inner):
        # \mbox{\textbf{wrong:}}: the inner command says more; it is what we keep.
        out.append(_normal(inner, depth + 1))
        return end
    command = "text" if name == "textsc" else _TEXT[name]
    pieces = _split_inline(content)
    for is_math, piece in pieces:
        if is_math:
            out.append(" " + _normal(piece, depth + 1))
            continue
        words = to_plain(piece)[0]
        if name == "textsc":
            words = words.upper()
        if words.strip():
            lead = " " if piece[:1].isspace() else ""
            tail = " " if piece[-1:].isspace() else ""
            out.append(f"\\{command}{{{lead}{words.translate(_TEXT_ESCAPES)}{tail}}}")
    return end


def _split_inline(text: str) -> list[tuple[bool, str]]:
    """(is_math, piece) of a text argument: ``if $x > 0$`` -> text "if ", math "x > 0"."""
    if "$" not in text and "\\(" not in text:
        return [(False, text)]
    pieces: list[tuple[bool, str]] = []
    i = 0
    inside = False
    for match in _INLINE.finditer(text):
        if match.start() > 0 and text[match.start() - 1] == "\\" and match.group(0).startswith("$"):
            continue  # an escaped dollar
        pieces.append((inside, text[i : match.start()]))
        inside = not inside
        i = match.end()
    pieces.append((inside, text[i:]))
    return [(math, piece) for math, piece in pieces if piece]
