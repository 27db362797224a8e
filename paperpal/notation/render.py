"""LaTeX math to text a terminal can show.

Owns: ``to_unicode`` (one line: Greek letters, operators, combining accents, Unicode sub- and
superscripts where every character has one, a clear linear form ``x_(t-1)`` where not).

The two-dimensional drawing is ``notation.layout`` (from the equation tree); sympy's pretty
printer, used before issue 17, drew 4 of the corpus's 180 equations with a fraction, sum, root or
integral and cost 0.87 s of imports per cold report.

Must not: raise (any failure falls back to the LaTeX as written, command names without their
backslash), show a LaTeX command (an unknown one is shown by its name), or import sympy.
"""

from __future__ import annotations

import re
import unicodedata

from paperpal.mathtokens import Token, tokenize
from paperpal.mathtokens.normal import group_tokens
from paperpal.notation.unicode_tables import (
    ACCENTS as _ACCENTS,
)
from paperpal.notation.unicode_tables import (
    ARROWS_OVER as _ARROWS_OVER,
)
from paperpal.notation.unicode_tables import (
    BB_SPECIAL as _BB_SPECIAL,
)
from paperpal.notation.unicode_tables import (
    BOLD_GREEK as _BOLD_GREEK,
)
from paperpal.notation.unicode_tables import (
    CAL_SPECIAL as _CAL_SPECIAL,
)
from paperpal.notation.unicode_tables import (
    COMMANDS as _COMMANDS,
)
from paperpal.notation.unicode_tables import (
    DROP as _DROP,
)
from paperpal.notation.unicode_tables import (
    FRAK_SPECIAL as _FRAK_SPECIAL,
)
from paperpal.notation.unicode_tables import (
    FUNCTION_NAMES as _FUNCTION_NAMES,
)
from paperpal.notation.unicode_tables import (
    GRIDS as _GRIDS,
)
from paperpal.notation.unicode_tables import (
    SILENT as _SILENT,
)
from paperpal.notation.unicode_tables import (
    SUB as _SUB,
)
from paperpal.notation.unicode_tables import (
    SUP as _SUP,
)


def _styled(text: str, font: str) -> str:
    """Letters in a mathematical alphabet (bold 𝐖, blackboard ℝ, calligraphic ℒ)."""
    out = []
    for ch in text:
        if "0" <= ch <= "9" and font in ("mathbb", "bold"):
            out.append(chr((0x1D7D8 if font == "mathbb" else 0x1D7CE) + ord(ch) - ord("0")))
            continue
        if font == "bold" and ch in _BOLD_GREEK:
            out.append(_BOLD_GREEK[ch])
            continue
        if not ("A" <= ch <= "Z" or "a" <= ch <= "z"):
            out.append(ch)
            continue
        upper = ch.isupper()
        offset = ord(ch) - (ord("A") if upper else ord("a"))
        if font == "mathbb" and upper:
            out.append(_BB_SPECIAL.get(ch) or chr(0x1D538 + offset))
        elif font in ("mathcal", "mathscr") and upper:
            out.append(_CAL_SPECIAL.get(ch) or chr(0x1D49C + offset))
        elif font == "mathfrak" and upper:
            out.append(_FRAK_SPECIAL.get(ch) or chr(0x1D504 + offset))
        elif font == "bold":
            out.append(chr((0x1D400 if upper else 0x1D41A) + offset))
        else:
            out.append(ch)
    return "".join(out)


_PROSE = frozenset("where if and or for otherwise else with when then s.t. subject to all such that".split())
_BOLD = frozenset({"mathbf", "boldsymbol", "bm", "pmb", "mathbold", "bf"})
_PLAIN_FONTS = frozenset(
    {"mathrm", "mathit", "mathsf", "mathtt", "operatorname", "text", "textrm", "textit",
     "textbf", "textsf", "texttt", "textnormal", "mbox", "hbox", "emph", "textup", "rm", "it"}
)  # fmt: skip


_Node = Token | list


def _tree(tokens: list[Token]) -> list[_Node]:
    return group_tokens(tokens, skip=("comment",))  # spaces kept: they separate words here


_BARE = re.compile(r"\\([A-Za-z]+)")


def to_unicode(latex: str) -> str:
    """``latex`` as one line of Unicode text; the LaTeX as written (command names without their
    backslash: never LaTeX on screen) when anything goes wrong."""
    if not isinstance(latex, str):
        return ""
    try:
        text = _render(_tree(tokenize(latex)))
        # A function name is followed by a space unless its argument is in parentheses.
        text = re.sub(_FN_GAP + r"\s*(?=[(\[_^₀-₉ₐ-ₜ]|$)", "", text).replace(_FN_GAP, " ")
        return re.sub(r"[ \t]{2,}", " ", text).strip()  # "" for pure layout (\qquad)
    except Exception:  # noqa: BLE001 - rendering is best effort; the LaTeX is a faithful fallback
        return _BARE.sub(r"\1", latex)  # as written, command names without their backslash


def _is(node: _Node, *, kind: str | None = None, value: str | None = None) -> bool:
    if not isinstance(node, Token):
        return False
    return (kind is None or node.kind == kind) and (value is None or node.value == value)


def _arg(nodes: list[_Node], i: int) -> tuple[list[_Node], int]:
    """The argument at ``nodes[i]`` (skipping spaces) as a node list, and the next index."""
    while i < len(nodes) and _is(nodes[i], kind="space"):
        i += 1
    if i >= len(nodes):
        return [], i
    node = nodes[i]
    if isinstance(node, list):
        return node, i + 1
    if node.kind == "digit" and len(node.value) > 1:
        return [Token("digit", node.value[0], node.start, node.start + 1)], i + 1  # rest dropped
    return [node], i + 1


_FN_GAP = "\u0000"
_PREFIX = frozenset({"partial", "nabla", "neg", "lnot", "forall", "exists", "sqrt"})


def _needs_parens(text: str) -> bool:
    plain = set(_SUB.values()) | set(_SUP.values()) | {"′", "\u20d7", "∂", "∇"}
    if len(text) <= 1 or re.fullmatch(r"\(.*\)|√\S*", text):
        return False
    return not all(ch.isalnum() or ch in plain or "\u0300" <= ch <= "\u036f" for ch in text)


def _script(text: str, table: dict[str, str], mark: str) -> str:
    if text and all(ch in table for ch in text):
        return "".join(table[ch] for ch in text)
    if len(text) == 1 or re.fullmatch(r"\w", text):
        return mark + text
    return f"{mark}({text})"


def _render(nodes: list[_Node]) -> str:
    out: list[str] = []
    i = 0
    while i < len(nodes):
        node = nodes[i]
        if isinstance(node, list):
            out.append(_render(node))
            i += 1
            continue
        kind, value = node.kind, node.value
        if kind in ("sub", "sup"):
            arg, i = _arg(nodes, i + 1)
            inner = _render(arg).strip()
            if kind == "sup":
                marks = {"T": "ᵀ", "⊤": "ᵀ", "′": "′", "′′": "″", "∗": "*", "⋆": "*", "*": "*"}
                out.append(marks[inner] if inner in marks else _script(inner, _SUP, "^"))
            else:
                out.append(_script(inner, _SUB, "_"))
            continue
        i += 1
        if kind == "space":
            if value[1:] in _SILENT:
                continue  # \limits, \displaystyle...: layout, not a visible space
            prev = nodes[i - 2] if i >= 2 else None
            if isinstance(prev, Token) and prev.value[1:] in _PREFIX:
                continue  # the space that ends a command's name is not a visible space
            out.append(" ")
            continue
        if kind == "align":
            out.append("; " if value == "\\\\" else "")
            continue
        if kind == "text":
            out.append(_text(value))
            continue
        if kind == "symbol":
            out.append({"'": "′", "*": "*", "-": "−" if False else "-"}.get(value, value))
            continue
        if kind != "command":
            out.append(value)
            continue
        name = value[1:]
        if name in _DROP:
            if name in ("label", "tag", "color", "phantom", "hphantom", "vphantom"):
                _, i = _arg(nodes, i)
            elif name in ("left", "right", "middle") and i < len(nodes):
                nxt = nodes[i]
                if isinstance(nxt, Token) and nxt.value == ".":
                    i += 1
            continue
        if name == "begin":
            env, i = _arg(nodes, i)
            i = _environment(nodes, i, _render(env).strip(), out)
            continue
        if name == "end":
            _, i = _arg(nodes, i)
            continue
        if name == "not":
            nxt, i = _arg(nodes, i)
            negated = _render(nxt).strip()
            out.append(unicodedata.normalize("NFC", negated + "\u0338") if negated else "≠")
            continue
        if name == "substack":
            a, i = _arg(nodes, i)
            out.append(re.sub(r"\s*;\s*", ", ", _render(a)).strip(" ,"))
            continue
        if name in _ARROWS_OVER:
            if i < len(nodes) and _is(nodes[i], value="["):  # \xrightarrow[below]{above}
                while i < len(nodes) and not _is(nodes[i], value="]"):
                    i += 1
                i += 1
            a, i = _arg(nodes, i)
            above = _render(a).strip()
            out.append(_ARROWS_OVER[name] + (_script(above, _SUP, "^") if above else ""))
            continue
        if name in ("bmod", "mod"):
            out.append(" mod ")
            continue
        if name == "pmod":
            a, i = _arg(nodes, i)
            out.append(f" (mod {_render(a).strip()})")
            continue
        if name in ("frac", "dfrac", "tfrac", "cfrac"):
            a, i = _arg(nodes, i)
            b, i = _arg(nodes, i)
            num, den = _render(a).strip(), _render(b).strip()
            num = f"({num})" if _needs_parens(num) else num
            den = f"({den})" if _needs_parens(den) else den
            out.append(f"{num}/{den}")
            continue
        if name == "binom":
            a, i = _arg(nodes, i)
            b, i = _arg(nodes, i)
            out.append(f"C({_render(a).strip()}, {_render(b).strip()})")
            continue
        if name == "sqrt":
            index = ""
            if i < len(nodes) and _is(nodes[i], value="["):
                k = i + 1
                while k < len(nodes) and not _is(nodes[k], value="]"):
                    k += 1
                index = _script(_render(nodes[i + 1 : k]).strip(), _SUP, "^")
                i = k + 1
            a, i = _arg(nodes, i)
            body = _render(a).strip()
            out.append(f"{index}√{body}" if len(body) <= 1 or body.startswith("(") else f"{index}√({body})")
            continue
        if name in _ACCENTS:
            a, i = _arg(nodes, i)
            body = _render(a).strip()
            if len(body) == 1 or (len(body) == 2 and body[1] in "\u0302\u0303\u0304"):
                out.append(body[0] + _ACCENTS[name] + body[1:])
            elif body and name in ("overrightarrow", "overleftarrow", "overleftrightarrow", "vv"):
                out.append(body + _ACCENTS[name])  # the arrow over a segment's name: AB⃗
            else:
                out.append(f"{name}({body})")
            continue
        if name in ("overset", "underset", "stackrel"):
            top, i = _arg(nodes, i)
            base, i = _arg(nodes, i)
            out.append(_render(base))
            continue
        if name in ("overbrace", "underbrace", "boxed", "mathop", "mathbin", "mathrel", "mathord"):
            a, i = _arg(nodes, i)
            out.append(_render(a))
            continue
        if name == "textcolor":
            _, i = _arg(nodes, i)
            a, i = _arg(nodes, i)
            out.append(_render(a))
            continue
        if name in _BOLD or name in ("mathbb", "mathcal", "mathscr", "mathfrak"):
            a, i = _arg(nodes, i)
            font = "bold" if name in _BOLD else name
            out.append(_styled(_render(a), font))
            continue
        if name in _PLAIN_FONTS:
            a, i = _arg(nodes, i)
            word = _render(a)
            # Prose inside math ("\text{where}", "\mathrm{if}") needs air around it.
            out.append(f" {word.strip()} " if word.strip().lower() in _PROSE else word)
            continue
        if name in _FUNCTION_NAMES or name in ("argmax", "argmin"):
            out.append(name + _FN_GAP)
            continue
        if name in _COMMANDS:
            out.append(_COMMANDS[name])
            continue
        # A command nobody defined for us (an author's macro we could not expand): its name, read
        # as a function of what follows it in braces. Never the backslash: that is LaTeX.
        out.append(name.rstrip("@") or value)
        if i < len(nodes) and isinstance(nodes[i], list):
            args: list[str] = []
            while i < len(nodes) and isinstance(nodes[i], list) and len(args) < 9:
                args.append(_render(nodes[i]).strip())  # type: ignore[arg-type]
                i += 1
            out.append("(" + ", ".join(args) + ")")
    return "".join(out)


_TEXT_ESCAPE = re.compile(r"\\([&%$#_{}])|\\([A-Za-z]+)\s*|[{}]")


def _text(value: str) -> str:
    """The words of a ``\\text{...}`` argument: escapes undone, stray commands read or dropped."""
    if "\\" not in value and "{" not in value:
        return value

    def one(match: re.Match[str]) -> str:
        if match.group(1):
            return match.group(1)
        if match.group(2):
            return _COMMANDS.get(match.group(2), "")
        return ""

    return _TEXT_ESCAPE.sub(one, value)


def _environment(nodes: list[_Node], i: int, env: str, out: list[str]) -> int:
    """Render ``\\begin{env}`` .. ``\\end{env}`` from ``nodes[i]``; return the index after it.

    Grids (matrices, cases) become rows "; " of cells ", " inside their brackets; any other
    environment (aligned, split, gathered) is its content, alignment marks dropped.
    """
    depth = 0
    j = i
    while j < len(nodes):
        node = nodes[j]
        if _is(node, value="\\begin"):
            depth += 1
        elif _is(node, value="\\end"):
            if depth == 0:
                break
            depth -= 1
        j += 1
    inner = nodes[i:j]
    grid = _GRIDS.get(env.strip().rstrip("*"))
    if grid is None:
        out.append(_render(inner))
        return j
    rows: list[list[str]] = [[]]
    cell: list[_Node] = []
    depth = 0
    for node in inner:
        if _is(node, value="\\begin"):
            depth += 1
        elif _is(node, value="\\end"):
            depth -= 1
        if depth == 0 and _is(node, kind="align"):
            rows[-1].append(_render(cell).strip())
            cell = []
            if node.value == "\\\\":  # type: ignore[union-attr]
                rows.append([])
            continue
        cell.append(node)
    rows[-1].append(_render(cell).strip())
    lines = [", ".join(c for c in row if c) for row in rows]
    body = "; ".join(line for line in lines if line)
    opening, closing = grid
    out.append(f"{opening}{body}{closing}")
    return j
