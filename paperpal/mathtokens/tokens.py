"""Splitting math-mode LaTeX into tokens (see the package docstring for the kinds), and the
vocabularies the tokenizer and the canonical spelling share (commands and their arities,
synonyms, sizing and font switches).

Must not: import anything outside the standard library, or raise on any input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


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
SYNONYMS: dict[str, str] = {
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
SYNONYMS.update(dict.fromkeys(TEXT_COMMANDS - {"\\label", "\\tag", "\\emph"}, "\\mathrm"))
# Old-style font switches: ``{\bf x}`` means ``\mathbf{x}``.
FONT_SWITCHES: dict[str, str] = {
    "\\bf": "\\mathbf",
    "\\rm": "\\mathrm",
    "\\it": "\\mathit",
    "\\cal": "\\mathcal",
    "\\sf": "\\mathsf",
    "\\tt": "\\mathtt",
}
SIZING = frozenset(
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
