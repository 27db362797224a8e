"""What a reader calls an equation, and finding the equation a reader typed.

Owns: every display equation's name (``Equation.name``) and the one resolver from a typed
identity to an equation, shared by the CLI (``explain --equation``, ``notes add --equation``),
the exports and the reader.

The scheme: a numbered display is called by the number the paper prints ("5", "A.1", "3a"). An
unnumbered display is called by its place after the numbered one before it: "5+1" and "5+2" are
the first and second unnumbered displays after (5); "0+1" is the first unnumbered display before
any numbered one. Names are stable as long as the paper's numbering is, and they read the way a
reader finds the display on the page ("the one after (5)"). Inline formulas have no name.

Accepted when typed: the number or name with or without brackets and spaces ("5", "(5)", "5+1",
"[5 + 1]", "(5)+1"), an optional "eq."/"equation" in front, and the equation's id ("eq-7").

Must not: renumber anything (numbers are the paper's) or depend on how the document was read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from paperpal.models import Block, Equation

_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"^(?:equation|eqn?\.?)(?=[\s(\[0-9])", re.IGNORECASE)


def named(blocks: Iterable[Block]) -> tuple[Block, ...]:
    """``blocks`` with every display equation's ``name`` set (see the module docstring)."""
    out: list[Block] = []
    last = "0"
    since = 0
    for block in blocks:
        if isinstance(block, Equation) and block.display:
            if block.number:
                last, since = block.number, 0
                name = block.number
            else:
                since += 1
                name = f"{last}+{since}"
            if block.name != name:
                block = replace(block, name=name)
        out.append(block)
    return tuple(out)


def equation_name(equation: Equation) -> str:
    """The name a reader types for ``equation``: its ``name``, else its number, else its id."""
    return equation.name or equation.number or equation.id


def display_label(equation: Equation) -> str:
    """How a list shows the name: "(5)" for the paper's own number, "[5+1]" for ours."""
    if equation.number:
        return f"({equation.number})"
    return f"[{equation_name(equation)}]"


def resolve_equation(equations: Iterable[Equation], typed: str) -> Equation | None:
    """The equation ``typed`` names (a number, a name, or an id), or None."""
    wanted = _canonical(typed)
    if not wanted:
        return None
    candidates = list(equations)
    for key in (lambda e: e.number, lambda e: e.name, lambda e: e.id):
        for equation in candidates:
            value = key(equation)
            if value and _canonical(value) == wanted:
                return equation
    return None


def _canonical(text: str) -> str:
    text = _WORD.sub("", text.strip()).strip()
    text = _SPACES.sub("", text)
    # "(5)+1" and "[5+1]" are "5+1"; "(5)" is "5".
    text = re.sub(r"^\((.*?)\)(?=\+|$)", r"\1", text)
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
    return text.strip("()").lower()
