"""The equation tree back to LaTeX: a canonical spelling of any node.

Owns: ``to_latex(node)``, used to name a part of an equation (``render.to_unicode`` of it), to
compare two parts (is this the same symbol written twice), and as the text a sympy conversion
can fall back on.

Must not: raise, or change what the node says (braces only where TeX needs them).
"""

from __future__ import annotations

import re

from paperpal.notation.tree.nodes import (
    Accent,
    Apply,
    Atom,
    Big,
    Fenced,
    Font,
    Frac,
    Node,
    Op,
    Rel,
    Root,
    Row,
    Script,
    Sep,
    Stack,
    Table,
    Text,
)

__all__ = ["to_latex"]

_FONT_CMD = {"bold": "\\mathbf", "calligraphic": "\\mathcal", "script": "\\mathscr", "blackboard": "\\mathbb",
             "fraktur": "\\mathfrak", "roman": "\\mathrm", "sans": "\\mathsf", "mono": "\\mathtt",
             "italic": "\\mathit"}  # fmt: skip
_ACCENT_CMD = {"ring": "\\mathring"}


def to_latex(node: Node | None) -> str:
    """A canonical LaTeX spelling of ``node`` (braces where TeX needs them)."""
    if node is None:
        return ""
    if isinstance(node, Atom):
        if node.kind in ("greek", "function", "bigop", "dots") or (
            node.kind == "symbol" and len(node.value) > 1
        ):
            return "\\" + node.value
        if node.kind == "symbol":
            return "\\" + node.value if node.value in "%$#_&" else node.value
        if node.kind == "word":
            return f"\\mathrm{{{node.value}}}"
        return node.value
    if isinstance(node, Row):
        out = ""
        for x in node.items:
            piece = to_latex(x)
            if out and out[-1].isalpha() and piece[:1].isalpha() and re.search(r"\\[A-Za-z]+$", out):
                out += " "
            out += piece
        return out
    if isinstance(node, Font):
        return f"{_FONT_CMD.get(node.font, '')}{{{to_latex(node.body)}}}"
    if isinstance(node, Accent):
        return f"{_ACCENT_CMD.get(node.accent, chr(92) + node.accent)}{{{to_latex(node.body)}}}"
    if isinstance(node, Script):
        out = to_latex(node.base) if node.base is not None else "{}"
        if isinstance(node.base, (Script, Frac, Root, Big, Apply, Row)):
            out = "{" + out + "}"
        out += "'" * node.primes
        if node.sub is not None:
            out += f"_{{{to_latex(node.sub)}}}"
        if node.sup is not None:
            out += f"^{{{to_latex(node.sup)}}}"
        return out
    if isinstance(node, Frac):
        cmd = "\\binom" if node.kind == "binom" else "\\frac"
        return f"{cmd}{{{to_latex(node.num)}}}{{{to_latex(node.den)}}}"
    if isinstance(node, Root):
        index = f"[{to_latex(node.index)}]" if node.index is not None else ""
        return f"\\sqrt{index}{{{to_latex(node.body)}}}"
    if isinstance(node, Fenced):
        left = {"\\{": "\\{", ".": "\\left."}.get(node.open, node.open)
        right = node.close if node.close is not None else ""
        if node.open == ".":
            right = "\\right" + (right or ".")
        body = to_latex(node.body)
        if re.search(r"\\[A-Za-z]+$", left) and body[:1].isalpha():
            left += " "  # \lfloor k, not \lfloork
        return f"{left}{body}{right}"
    if isinstance(node, Apply):
        fn = to_latex(node.fn)
        arg = to_latex(node.arg)
        return f"{fn}{arg}" if isinstance(node.arg, Fenced) else f"{fn} {arg}"
    if isinstance(node, Big):
        head = (
            "\\mathbb{E}"
            if node.op == "E"
            else (
                "\\" + node.op
                if node.op not in ("argmax", "argmin")
                else f"\\operatorname*{{{node.op[:3]}\\,{node.op[3:]}}}"
            )
        )
        if node.sub is not None:
            head += f"_{{{to_latex(node.sub)}}}"
        if node.sup is not None:
            head += f"^{{{to_latex(node.sup)}}}"
        return f"{head} {to_latex(node.body)}".rstrip()
    if isinstance(node, Rel) or (isinstance(node, Op) and node.value in ("+", "-", "\\pm")):
        return f" {node.value} "
    if isinstance(node, (Op, Sep)):
        return node.value if node.value != "\\\\" else " \\\\ "
    if isinstance(node, Text):
        return f"\\text{{{node.value}}}"
    if isinstance(node, Stack):
        cmd = "\\underset" if node.kind == "underset" else "\\overset"
        return f"{cmd}{{{to_latex(node.top)}}}{{{to_latex(node.base)}}}"
    if isinstance(node, Table):
        rows = " \\\\ ".join(" & ".join(to_latex(c) for c in r) for r in node.rows)
        return f"\\begin{{{node.env}}}{rows}\\end{{{node.env}}}"
    return ""
