"""One equation tree, built once per equation from ``mathtokens``' tokens.

Owns: ``parse(latex) -> Tree``, the structure every other reader of an equation shares (reading
aloud, recognising idioms, evaluating with numbers, the sympy expression, the 2-D drawing):
fractions, scripts, big operators with their limits and body (sums, products, integrals,
expectations, max/min/argmax, limits), function application, grouping and fences (parentheses,
absolute values, norms, sets, floors), relations, operators, cases and matrices, accents, fonts
and text. Each symbol node keeps its offsets in the LaTeX, so a reader can ask
``notation.symbols`` which symbol (and meaning) it is.

The package: ``nodes`` (the node types and ``Tree``), ``vocab`` (which commands are what),
``parser`` (tokens to nodes), ``assemble`` (what the items of a row do to each other: big
operators, function application) and ``latex`` (a node back to LaTeX).

Must not: know what a symbol means, import anything heavy, or raise (a tree is always built;
what could not be read is listed in ``Tree.problems``, and ``Tree.complete`` says whether there
were any).
"""

from __future__ import annotations

from paperpal.notation.tree.assemble import big_op, word_of
from paperpal.notation.tree.latex import to_latex
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
    Tree,
)
from paperpal.notation.tree.parser import parse

__all__ = [
    "Accent", "Apply", "Atom", "Big", "Fenced", "Font", "Frac", "Node", "Op", "Rel", "Root",
    "Row", "Script", "Sep", "Stack", "Table", "Text", "Tree", "parse", "to_latex", "word_of", "big_op",
]  # fmt: skip
