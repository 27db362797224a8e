"""A tokenizer and canonical spelling for LaTeX math, at the bottom of paperpal's layers.

Owns: splitting a math-mode LaTeX string into tokens (``tokenize``) and turning it into one
canonical spelling for lookups (``normalize``), so that the glossary, the notation decoder and
the glossary checker all agree on when two spellings mean the same symbol.

Must not: import anything outside the standard library (the glossary checker uses it, and it
must stay instant), raise on any input, or know what a symbol means.

Token kinds
-----------
``command``  ``\\alpha``, ``\\frac``, ``\\{``, ``\\|`` (value includes the backslash)
``letter``   one letter (ASCII or any Unicode letter)
``digit``    a run of digits, with at most one decimal point inside: ``3``, ``10``, ``0.5``
``symbol``   any other single character: ``+ - = ( ) [ ] | < > , . ; : ! / * ' @ #``
``open`` / ``close``   ``{`` and ``}`` (only braces group in TeX; parentheses are symbols)
``sub`` / ``sup``      ``_`` and ``^``
``space``    whitespace, ``~`` and spacing commands (``\\,`` ``\\;`` ``\\quad`` ...)
``align``    ``&`` and ``\\\\`` (alignment and row breaks)
``comment``  ``% ...`` up to the end of the line
``text``     the raw content of ``\\text{...}``-like commands (the braces are open/close tokens)
``error``    a lone trailing backslash, an unmatched ``}``, a ``{`` never closed

Canonical spelling (decisions)
------------------------------
- Whitespace and spacing commands are dropped; a space is kept only where TeX needs one
  (``\\alpha x``).
- Arguments are always braced: ``\\mathbf x`` == ``\\mathbf{x}`` == ``\\mathbf{ x }``,
  ``x_t`` == ``x_{t}``, ``\\frac12`` == ``\\frac{1}{2}``. Redundant braces around one atom go:
  ``{x}_t`` == ``x_{t}``.
- Subscript before superscript: ``x^2_i`` == ``x_{i}^{2}``.
- A text-font command around one letter or digit is a symbol in that math font:
  ``\\textbf{c}`` == ``\\mathbf{c}`` (its token is the ``\\mathbf`` command); around a word it stays
  text. Upright ones (``\\text{d}``, ``\\textrm{T}``) always stay text.
- Bold is bold: ``\\boldsymbol``, ``\\bm``, ``\\pmb``, ``\\mathbold`` and ``\\bf`` all become
  ``\\mathbf``. Papers pick one of them for typographic reasons (``\\mathbf`` cannot bold Greek),
  and the reader sees the same bold letter, with the same convention (bold = vector or matrix).
- Upright names are names: ``\\operatorname``, ``\\operatorname*``, ``\\text``, ``\\textrm``,
  ``\\mbox``, ``\\rm`` become ``\\mathrm``.
- Sizing is not meaning: ``\\left``, ``\\right``, ``\\big``... are dropped (``\\left(`` == ``(``);
  ``\\dfrac`` and ``\\tfrac`` are ``\\frac``; ``\\displaystyle`` and friends are dropped.
- Synonyms: ``\\le``/``\\leq``, ``\\ge``/``\\geq``, ``\\ne``/``\\neq``, ``\\to``/``\\rightarrow``,
  ``\\Vert``/``\\lVert``/``\\rVert``/``\\|``, ``\\vert``/``\\lvert``/``\\rvert``/``|``,
  ``\\lbrace``/``\\{``, ``\\colon``/``:``.
- ``^\\top``, ``^T`` and ``^\\intercal`` stay distinct: ``T`` may be a count, not a transpose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Token", "tokenize", "normalize", "COMMAND_ARITY", "TEXT_COMMANDS"]


@dataclass(frozen=True, slots=True)
class Token:
    kind: str
    value: str
    start: int
    end: int


# Commands whose argument is text, not math: its content becomes one "text" token.
TEXT_COMMANDS = frozenset(
    {
        "\\text",
        "\\textrm",
        "\\textit",
        "\\textbf",
        "\\textsf",
        "\\texttt",
        "\\textnormal",
        "\\mbox",
        "\\hbox",
        "\\textup",
        "\\emph",
        "\\label",
        "\\tag",
    }
)

_SPACING = frozenset(
    {
        "\\,",
        "\\;",
        "\\:",
        "\\!",
        "\\ ",
        "\\>",
        "\\quad",
        "\\qquad",
        "\\enspace",
        "\\thinspace",
        "\\medspace",
        "\\thickspace",
        "\\negthinspace",
        "\\hfill",
        "\\nonumber",
        "\\notag",
        "\\displaystyle",
        "\\textstyle",
        "\\scriptstyle",
        "\\scriptscriptstyle",
        "\\limits",
        "\\nolimits",
        "\\allowbreak",
        "\\nobreak",
        "\\relax",
        "\\cr",
    }
)

# Number of mandatory arguments, for the commands where that matters to a reader.
COMMAND_ARITY: dict[str, int] = {
    "\\frac": 2,
    "\\binom": 2,
    "\\overset": 2,
    "\\underset": 2,
    "\\stackrel": 2,
    "\\sqrt": 1,
    "\\mathbf": 1,
    "\\mathrm": 1,
    "\\mathit": 1,
    "\\mathsf": 1,
    "\\mathtt": 1,
    "\\mathcal": 1,
    "\\mathscr": 1,
    "\\mathfrak": 1,
    "\\mathbb": 1,
    "\\hat": 1,
    "\\widehat": 1,
    "\\tilde": 1,
    "\\widetilde": 1,
    "\\bar": 1,
    "\\overline": 1,
    "\\underline": 1,
    "\\vec": 1,
    "\\dot": 1,
    "\\ddot": 1,
    "\\check": 1,
    "\\breve": 1,
    "\\acute": 1,
    "\\grave": 1,
    "\\mathring": 1,
    "\\overrightarrow": 1,
    "\\overleftarrow": 1,
    "\\overbrace": 1,
    "\\underbrace": 1,
    "\\boxed": 1,
    "\\begin": 1,
    "\\end": 1,
    "\\color": 1,
    "\\textcolor": 2,
    "\\phantom": 1,
    "\\hphantom": 1,
    "\\vphantom": 1,
    "\\mathop": 1,
    "\\mathbin": 1,
    "\\mathrel": 1,
    "\\mathord": 1,
}
COMMAND_ARITY.update(dict.fromkeys(TEXT_COMMANDS, 1))

_SYNONYMS: dict[str, str] = {
    "\\dfrac": "\\frac",
    "\\tfrac": "\\frac",
    "\\cfrac": "\\frac",
    "\\boldsymbol": "\\mathbf",
    "\\bm": "\\mathbf",
    "\\pmb": "\\mathbf",
    "\\mathbold": "\\mathbf",
    "\\bold": "\\mathbf",
    "\\operatorname": "\\mathrm",
    "\\le": "\\leq",
    "\\ge": "\\geq",
    "\\ne": "\\neq",
    "\\to": "\\rightarrow",
    "\\gets": "\\leftarrow",
    "\\Vert": "\\|",
    "\\lVert": "\\|",
    "\\rVert": "\\|",
    "\\vert": "|",
    "\\lvert": "|",
    "\\rvert": "|",
    "\\mid": "|",
    "\\lbrace": "\\{",
    "\\rbrace": "\\}",
    "\\lbrack": "[",
    "\\rbrack": "]",
    "\\colon": ":",
    "\\land": "\\wedge",
    "\\lor": "\\vee",
    "\\lnot": "\\neg",
    "\\dots": "\\ldots",
    "\\dotsc": "\\ldots",
    "\\dotsb": "\\cdots",
    "\\widehat": "\\hat",
    "\\widetilde": "\\tilde",
}
_SYNONYMS.update(dict.fromkeys(TEXT_COMMANDS - {"\\label", "\\tag", "\\emph"}, "\\mathrm"))

# Old-style font switches: ``{\bf x}`` means ``\mathbf{x}``.
_FONT_SWITCHES: dict[str, str] = {
    "\\bf": "\\mathbf",
    "\\rm": "\\mathrm",
    "\\it": "\\mathit",
    "\\cal": "\\mathcal",
    "\\sf": "\\mathsf",
    "\\tt": "\\mathtt",
}

_SIZING = frozenset(
    {
        "\\left",
        "\\right",
        "\\middle",
        "\\big",
        "\\Big",
        "\\bigg",
        "\\Bigg",
        "\\bigl",
        "\\bigr",
        "\\Bigl",
        "\\Bigr",
        "\\biggl",
        "\\biggr",
        "\\Biggl",
        "\\Biggr",
        "\\bigm",
        "\\Bigm",
        "\\biggm",
        "\\Biggm",
    }
)

_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_LETTERS = re.compile(r"[A-Za-z]+")


def tokenize(latex: str) -> list[Token]:
    """Split ``latex`` (math mode) into tokens. Never raises; problems become "error" tokens."""
    if not isinstance(latex, str):
        return []
    tokens: list[Token] = []
    text = latex
    n = len(text)
    i = 0
    pending_text = False  # the previous command takes a text argument
    while i < n:
        ch = text[i]
        if pending_text and ch == "{":
            pending_text = False
            end, closed = _balanced_end(text, i + 1)
            tokens.append(Token("open", "{", i, i + 1))
            tokens.append(Token("text", text[i + 1 : end], i + 1, end))
            if closed:
                tokens.append(Token("close", "}", end, end + 1))
                i = end + 1
            else:
                # A text argument never closed: mark its opening brace.
                tokens[-2] = Token("error", "{", i, i + 1)
                i = end
            continue
        if ch == "\\":
            m = _LETTERS.match(text, i + 1)
            if m:
                name = "\\" + m.group(0)
                end = m.end()
                if name == "\\operatorname" and end < n and text[end] == "*":
                    end += 1
                    name = "\\operatorname"
                kind = "space" if name in _SPACING else "command"
                font = _math_font_of_text(name, text, end)
                if font is not None:
                    # \textbf{c} inside math: a bold letter (a symbol), not a word of text.
                    tokens.append(Token("command", font, i, end))
                    i = end
                    continue
                tokens.append(Token(kind, name, i, end))
                if name in TEXT_COMMANDS:
                    # Skip spaces before the brace of a text argument.
                    j = end
                    while j < n and text[j] in " \t\n":
                        j += 1
                    if j < n and text[j] == "{":
                        if j > end:
                            tokens.append(Token("space", text[end:j], end, j))
                        end = j
                        pending_text = True
                i = end
                continue
            if i + 1 < n:
                name = text[i : i + 2]
                if name == "\\\\":
                    kind = "align"
                elif name in _SPACING or name[1] in " \t\n":
                    kind = "space"
                else:
                    kind = "command"
                tokens.append(Token(kind, name, i, i + 2))
                i += 2
                continue
            tokens.append(Token("error", "\\", i, i + 1))
            i += 1
            continue
        pending_text = False
        if ch.isspace() or ch == "~":
            j = i + 1
            while j < n and (text[j].isspace() or text[j] == "~"):
                j += 1
            tokens.append(Token("space", text[i:j], i, j))
            i = j
            continue
        if ch == "%":
            j = text.find("\n", i)
            j = n if j < 0 else j
            tokens.append(Token("comment", text[i:j], i, j))
            i = j
            continue
        if ch.isdigit() and ch.isascii():
            m = _NUMBER.match(text, i)
            end = m.end() if m else i + 1
            tokens.append(Token("digit", text[i:end], i, end))
            i = end
            continue
        if ch.isalpha():
            tokens.append(Token("letter", ch, i, i + 1))
        elif ch == "{":
            tokens.append(Token("open", ch, i, i + 1))
        elif ch == "}":
            tokens.append(Token("close", ch, i, i + 1))
        elif ch == "_":
            tokens.append(Token("sub", ch, i, i + 1))
        elif ch == "^":
            tokens.append(Token("sup", ch, i, i + 1))
        elif ch == "&":
            tokens.append(Token("align", ch, i, i + 1))
        else:
            tokens.append(Token("symbol", ch, i, i + 1))
        i += 1
    return _mark_unbalanced(tokens)


# Text-font commands whose one-letter argument, inside math, is a symbol in that math font:
# ``\textbf{c}`` is the bold c a paper meant (``\mathbf{c}``). Upright text commands stay text
# (``\text{d}`` is the differential's d, ``\textrm{T}`` a label).
_MATH_FONT_OF_TEXT = {"\\textbf": "\\mathbf", "\\textit": "\\mathit", "\\textsf": "\\mathsf"}
_ONE_LETTER_ARGUMENT = re.compile(r"\s*\{\s*[A-Za-z0-9]\s*\}")


def _math_font_of_text(name: str, text: str, end: int) -> str | None:
    """The math font command ``name`` stands for when its argument is one letter or digit."""
    font = _MATH_FONT_OF_TEXT.get(name)
    if font is None or not _ONE_LETTER_ARGUMENT.match(text, end):
        return None
    return font


def _balanced_end(text: str, i: int) -> tuple[int, bool]:
    """Index of the ``}`` closing a group whose content starts at ``i``, and whether found."""
    depth = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            if depth == 0:
                return i, True
            depth -= 1
        i += 1
    return n, False


def _mark_unbalanced(tokens: list[Token]) -> list[Token]:
    stack: list[int] = []
    out = list(tokens)
    for k, tok in enumerate(out):
        if tok.kind == "open":
            stack.append(k)
        elif tok.kind == "close":
            if stack:
                stack.pop()
            else:
                out[k] = Token("error", tok.value, tok.start, tok.end)
    for k in stack:
        tok = out[k]
        out[k] = Token("error", tok.value, tok.start, tok.end)
    return out


# ------------------------------------------------------------------------------------------
# normalize: a tree of groups, re-emitted in one spelling
# ------------------------------------------------------------------------------------------

_Node = Token | list  # a token, or a braced group (list of nodes)


def _tree(tokens: list[Token]) -> list[_Node]:
    root: list[_Node] = []
    stack: list[list[_Node]] = [root]
    for tok in tokens:
        if tok.kind in ("space", "comment"):
            continue
        if tok.kind == "open":
            group: list[_Node] = []
            stack[-1].append(group)
            stack.append(group)
        elif tok.kind == "close":
            if len(stack) > 1:
                stack.pop()
        else:
            stack[-1].append(tok)
    return root


def normalize(latex: str) -> str:
    """The canonical spelling of ``latex`` for lookups (see the module docstring). Never raises."""
    try:
        return _join(_emit(_tree(tokenize(latex))))
    except RecursionError:
        # Absurdly deep nesting: fall back to a whitespace-free spelling.
        return re.sub(r"\s+", "", latex) if isinstance(latex, str) else ""


def _join(pieces: list[str]) -> str:
    out: list[str] = []
    for piece in pieces:
        if not piece:
            continue
        if out and piece[0].isalpha() and re.search(r"\\[A-Za-z]+$", out[-1]):
            out.append(" ")
        out.append(piece)
    return "".join(out)


def _canonical(name: str) -> str:
    return _SYNONYMS.get(name, name)


def _arg(nodes: list[_Node], i: int) -> tuple[str | None, int]:
    """The braced, normalized argument starting at ``nodes[i]``, and the index after it."""
    if i >= len(nodes):
        return None, i
    node = nodes[i]
    if isinstance(node, list):
        return "{" + _join(_emit(node)) + "}", i + 1
    if node.kind in ("sub", "sup", "align", "error"):
        return None, i
    if node.kind == "symbol" and node.value == "'":
        return None, i  # a prime belongs to the scripts (``_scripts``), never an argument
    if node.kind == "digit" and len(node.value) > 1:
        # TeX takes one character as an unbraced argument: ``\frac12`` is ``\frac{1}{2}``.
        rest = Token("digit", node.value[1:], node.start + 1, node.end)
        node = Token("digit", node.value[0], node.start, node.start + 1)
        nodes[i : i + 1] = [node, rest]
    if node.kind == "command":
        # ``\hat\alpha``: the argument is the command (with its own arguments, if any).
        piece, j = _atom(nodes, i)
        return "{" + _join(piece) + "}", j
    return "{" + node.value + "}", i + 1


def _atom(nodes: list[_Node], i: int) -> tuple[list[str], int]:
    """Emit the atom at ``nodes[i]`` (without scripts); return pieces and the next index."""
    node = nodes[i]
    if isinstance(node, list):
        inner = node
        if inner and isinstance(inner[0], Token) and inner[0].value in _FONT_SWITCHES:
            return [_FONT_SWITCHES[inner[0].value], "{", _join(_emit(inner[1:])), "}"], i + 1
        body = _join(_emit(inner))
        if _is_single_atom(inner):
            return [body], i + 1
        return ["{" + body + "}"], i + 1
    if node.kind == "text":
        return ["".join(node.value.split())], i + 1
    if node.kind != "command":
        return [node.value], i + 1
    name = _canonical(node.value)
    following = nodes[i + 1] if i + 1 < len(nodes) else None
    if node.value in TEXT_COMMANDS and isinstance(following, Token) and following.kind == "error":
        name = node.value  # a text argument never closed stays text (and the same) on the next pass
    if name in _SIZING:
        j = i + 1
        if j < len(nodes) and _is_value(nodes[j], "."):
            j += 1  # \left. is an invisible delimiter
        return [], j
    if name in _FONT_SWITCHES:
        return [_FONT_SWITCHES[name]], i + 1
    pieces = [name]
    j = i + 1
    if name == "\\sqrt" and j < len(nodes) and _is_value(nodes[j], "["):
        # The optional index runs to the matching "]" (\sqrt[\sqrt[3]{2}]{x} nests).
        k, depth = j + 1, 0
        while k < len(nodes) and not (depth == 0 and _is_value(nodes[k], "]")):
            depth += 1 if _is_value(nodes[k], "[") else -1 if _is_value(nodes[k], "]") else 0
            k += 1
        if k < len(nodes):  # an index never closed is left as written, not closed for it
            pieces.append("[" + _join(_emit(nodes[j + 1 : k])) + "]")
            j = k + 1
    for _ in range(COMMAND_ARITY.get(name, 0)):
        arg, j2 = _arg(nodes, j)
        if arg is None:
            break
        pieces.append(arg)
        j = j2
    return pieces, j


def _is_value(node: _Node, value: str) -> bool:
    return isinstance(node, Token) and node.value == value


def _is_single_atom(nodes: list[_Node]) -> bool:
    if len(nodes) != 1:
        return False
    node = nodes[0]
    if isinstance(node, list):
        return _is_single_atom(node)
    return node.kind in ("letter", "digit") or (
        node.kind == "command" and COMMAND_ARITY.get(_canonical(node.value), 0) == 0
    )


def _emit(nodes: list[_Node]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(nodes):
        node = nodes[i]
        if isinstance(node, Token) and node.kind in ("sub", "sup"):
            # A script with no base (``{}^\top`` lost its group, or a leading ``_``). Primes
            # after it are left to stand alone: moving them in front of the script (as for a
            # base) would move them again on every pass, and the spelling must be a fixed point.
            # After other material the script gets an explicit empty base, as TeX itself writes a
            # second superscript (``x^a{}^b``): otherwise sorting its scripts (subscript first)
            # could merge it with the group before it on the next pass.
            sub, sup, primes, i = _scripts(nodes, i, primes=False)
            if out:
                out.append("{}")
            out.extend(_script_pieces(sub, sup, primes))
            continue
        pieces, i = _atom(nodes, i)
        out.extend(pieces)
        sub, sup, primes, i = _scripts(nodes, i)
        out.extend(_script_pieces(sub, sup, primes))
    return out


def _scripts(nodes: list[_Node], i: int, *, primes: bool = True) -> tuple[str | None, str | None, str, int]:
    sub: str | None = None
    sup: str | None = None
    marks = ""
    while i < len(nodes):
        node = nodes[i]
        if primes and isinstance(node, Token) and node.value == "'" and node.kind == "symbol":
            marks += "'"
            i += 1
            continue
        if not (isinstance(node, Token) and node.kind in ("sub", "sup")):
            break
        arg, j = _arg(nodes, i + 1)
        if arg is None:
            arg, j = "{}", i + 1
        if node.kind == "sub" and sub is None:
            sub = arg
        elif node.kind == "sup" and sup is None:
            sup = arg
        else:
            break  # a double script is a TeX error; leave the rest as written
        i = j
    return sub, sup, marks, i


def _script_pieces(sub: str | None, sup: str | None, primes: str) -> list[str]:
    out = [primes] if primes else []
    if sub is not None:
        out.append("_" + sub)
    if sup is not None:
        out.append("^" + sup)
    return out
