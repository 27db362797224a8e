"""How a written symbol becomes a sympy symbol: its name, its indices and its superscript.

Owns: ``Naming``, the part of the converter that turns a symbol node into ``Symbol`` (named by
its grouping key from ``notation.symbols``, primes kept) or ``Indexed`` (the scripts that index
it: ``h_{t-1}`` is h indexed by t - 1, ``F^{a, i}`` has two indices, ``a_{1:t}`` a range), and
its superscript into a power, a transpose, an inverse or part of the name, as ``notation.symbols``
decides for the whole formula. A subscript holding a relation (``J_{y \\to x}``) is a label, part
of the name. ``e^{x}`` is the exponential unless the formula uses e as a symbol. Every symbol made
is remembered with the node it was written as (``leaves``), for ``tryit``.

Must not: be imported at start-up (it imports sympy).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sympy

from paperpal.mathtokens import normalize
from paperpal.notation.algebra import forms
from paperpal.notation.algebra.parts import (
    Unsupported,
    holds_relation,
    indexed,
    is_prose,
    is_symbolic,
    items_of,
)
from paperpal.notation.symbols import SymbolOccurrence, extract_symbols
from paperpal.notation.tree import (
    Accent,
    Apply,
    Atom,
    Fenced,
    Font,
    Node,
    Op,
    Row,
    Script,
    to_latex,
    word_of,
)

__all__ = ["Naming"]


class Naming:
    """Symbols and their scripts; mixed into ``convert.Converter``."""

    occ: dict[int, SymbolOccurrence]
    leaves: dict[Any, Node]
    euler: bool

    if TYPE_CHECKING:  # provided by the converter

        def node(self, node: Node) -> Any: ...
        def sum(self, items: list[Node] | tuple[Node, ...]) -> Any: ...
        def fenced(self, node: Fenced) -> Any: ...
        def under(self, sub: Node) -> Any: ...
        def atom(self, node: Atom) -> Any: ...

    def leaf(self, value: Any, node: Node) -> Any:
        self.leaves.setdefault(value, node)
        return value

    def occurrence(self, node: Node) -> SymbolOccurrence | None:
        start = getattr(node, "start", None)
        occ = self.occ.get(start) if start is not None else None
        if occ is not None and occ.kind in ("identifier", "set", "operator", "function"):
            return occ
        found = extract_symbols(to_latex(node))
        return found[0] if found and found[0].kind in ("identifier", "set", "operator", "function") else None

    def symbol(self, node: Node, occ: SymbolOccurrence | None = None) -> Any:
        """A symbol with no scripts (or whose scripts are all part of its name)."""
        occ = occ or self.occurrence(node)
        if occ is None:
            if isinstance(node, Font) and node.font == "roman" and is_prose(word_of(node.body)):
                raise Unsupported(f"it has words in it ({word_of(node.body)!r})")
            if isinstance(node, Font) and node.font == "roman" and word_of(node.body):
                return self.leaf(sympy.Symbol(f"\\mathrm{{{word_of(node.body)}}}"), node)
            if isinstance(node, Font) and word_of(node.body).isdigit():
                return self.leaf(sympy.Symbol(normalize(to_latex(node))), node)  # a bold 0: a vector of zeros
            if isinstance(node, Font | Accent):
                inner = self.node(node.body)
                if isinstance(inner, sympy.Symbol):
                    return self.leaf(sympy.Symbol(normalize(to_latex(node))), node)
            raise Unsupported(f"{to_latex(node)!r} is not a symbol sympy can name")
        if occ.kind == "operator" and occ.key not in ("\\mathbb{E}",) and not occ.font:
            raise Unsupported(f"{occ.latex!r} is an operator with nothing to act on")
        return self.leaf(sympy.Symbol(occ.key), node)

    def script(self, node: Script) -> Any:
        base = node.base
        if base is None:
            raise Unsupported("a script has no base")
        if isinstance(base, Op) and base.value == "\\nabla":
            raise Unsupported("a gradient has nothing to act on")
        if isinstance(base, Fenced) and base.open == "\\|":
            value: Any = forms.NormOf(self.sum(base.body.items), *([self.node(node.sub)] if node.sub else []))
            return value ** self.node(node.sup) if node.sup is not None else value
        if isinstance(base, Atom) and base.value == "e" and node.sub is None and node.sup is not None:
            if not node.primes and self.euler:
                return sympy.exp(self.node(node.sup))  # e^{x}: the exponential
        if is_symbolic(base):
            return self.scripted_symbol(node)
        if isinstance(base, Fenced) and base.open == "\\{" and node.sub is not None:
            # {a_n}_{n=1}^N: the sequence of a_n for n from 1 to N
            limits = [self.under(node.sub)] + ([self.node(node.sup)] if node.sup is not None else [])
            return forms.SequenceOf(self.fenced(base), *limits)
        value = self.node(base)
        if node.sub is not None:
            if isinstance(value, sympy.Symbol | sympy.Indexed):  # {x_i}_j, a printed Indexed
                value = indexed(value, self.indices(node.sub))
            else:  # adj(A)_{ij}: an entry of what the expression is
                value = forms.EntryOf(value, *self.indices(node.sub))
        if node.primes:
            raise Unsupported("a prime on an expression has no sympy form")
        if node.sup is not None:
            if word_of(node.sup) in ("T", "top", "intercal") or to_latex(node.sup) in ("\\top", "\\intercal"):
                return forms.TransposeOf(value)
            if isinstance(base, Apply) and word_of(node.sup) in ("i", "j"):
                return forms.EntryOf(value, self.node(node.sup))  # σ(…)^j: its j-th component
            value = value ** self.node(node.sup)
        return value

    def scripted_symbol(self, node: Script) -> Any:
        occ = self.occurrence(node)
        if occ is None:
            raise Unsupported(f"{to_latex(node)!r} is not a symbol sympy can name")
        written = node
        name = occ.key + "'" * (node.primes if occ.superscript_role != "prime" else 0)
        if node.sub is not None and occ.subscript_role == "index" and holds_relation(node.sub):
            # J_{y \to x}: a label, not an index (no index holds a relation)
            name += "_{" + normalize(to_latex(node.sub)) + "}"
            node = Script(node.base, None, node.sup, node.primes, node.start, node.end)
        if occ.superscript_role == "prime":
            name += "'" * len(occ.superscript or "'")
        value: Any = sympy.Symbol(name)
        indices: list[Any] = []
        if node.sub is not None and occ.subscript_role == "index":
            indices.extend(self.indices(node.sub))
        role = occ.superscript_role
        if (
            node.sup is not None
            and role == "power"
            and any(isinstance(x, Op) and x.value == "," for x in items_of(node.sup))
        ):
            role = "index"  # F^{a, i}: two indices, not a power
        if node.sup is not None and role == "index":
            indices.extend(self.indices(node.sup))
        if indices:
            value = indexed(value, indices)
        if node.sup is not None and role in ("power", "transpose", "inverse"):
            written = Script(written.base, written.sub, None, written.primes, written.start, written.end)
        self.leaf(value, written)
        if node.sup is None:
            return value
        if role == "transpose":
            return forms.TransposeOf(value)
        if role == "inverse":
            return value**-1
        if role == "power":
            return value ** self.node(node.sup)
        return value  # a name, a star or an index: already in the symbol

    def indices(self, node: Node) -> list[Any]:
        """The indices a script holds: ``t-1`` is one, ``i,j`` and ``ij`` are two."""
        items = list(node.items) if isinstance(node, Row) else [node]
        if len(items) > 1 and all(isinstance(x, Atom) and x.kind in ("letter", "number") for x in items):
            return [self.atom(x) for x in items]  # type: ignore[arg-type]  # ij, s0: two indices
        parts: list[list[Node]] = [[]]
        for x in items:
            if isinstance(x, Op) and x.value == ",":
                parts.append([])
            else:
                parts[-1].append(x)
        if any(not p for p in parts):
            raise Unsupported("an index is missing")
        return [self.index(p) for p in parts]

    def index(self, items: list[Node]) -> Any:
        colon = [k for k, x in enumerate(items) if isinstance(x, Op) and x.value == ":"]
        if len(colon) == 1 and 0 < colon[0] < len(items) - 1:  # a_{1:t}: the run from 1 to t
            return forms.RangeOf(self.sum(items[: colon[0]]), self.sum(items[colon[0] + 1 :]))
        if len(items) == 1 and colon:  # J^{:,i}: every row
            return forms.RangeOf()
        return self.sum(items)
