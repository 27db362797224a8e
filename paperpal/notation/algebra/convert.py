"""The equation tree as a sympy expression: what sympy can compute with and compare.

Owns: ``Converter`` (``notation.tree`` nodes -> sympy) and ``Unsupported`` (why a part has no
sympy form). The decisions, each a normalisation of what sympy cannot represent as written:

- A symbol is named by its grouping key (``notation.symbols``: ``W_z``, ``\\beta_1``,
  ``\\hat{m}``, ``\\theta^*``) and indexed by the scripts that index it: ``h_{t-1}`` is
  ``Indexed(h, t - 1)``, ``x_k`` inside a sum over k is the sum's k-th x. A superscript is a power,
  an index, a transpose (``TransposeOf``), an inverse (a power of -1) or part of the name, as
  ``notation.symbols`` decides for the whole formula (``\\beta_1^t`` is a power). ``e^{x}`` is
  the exponential. Every symbol is a commutative scalar: sympy's matrix symbols need shapes a
  paper rarely states, so the order of a matrix product is not kept.
- ``p(a | b)`` is ``p`` applied to ``GivenOf((a,), (b,))``; ``KL(p ‖ q)`` to ``BetweenOf(p, q)``; a
  letter or name applied to arguments is an undefined function (``f(x)``, ``\\sigma(z)``,
  ``\\mathrm{softmax}(x)``); the functions sympy knows are sympy's (exp, log, tanh, max …).
- ``⊙``, ``∘`` between values, ``·``, ``×`` and ``*`` multiply (element-wise products are
  products of scalars); ``∘`` between two functions, ``⊗``, ``∪`` … are infix forms (``forms``).
- ``|x|`` is ``Abs``, ``‖x‖`` a ``NormOf``, floors and ceilings sympy's, ``⟨u, v⟩`` an ``InnerOf``.
- A sum or product with a range is ``Sum``/``Product``; over a set or a bare variable it is an
  ``Over`` form; an integral with its ``dx`` is an ``Integral``; ``𝔼`` is an ``ExpectationOf``;
  ``max``/``min``/``argmax`` over a variable are ``Over`` forms, over arguments ``Max``/``Min``;
  a limit is a ``Limit``.
- ``d/dx``, ``∂L/∂w`` and ``∇_θ`` are ``Derivative`` (of what follows, for an operator).
- ``=``, ``≡``, ``:=``, ``←`` are ``Eq``; ``<``, ``≤``, ``>``, ``≥``, ``≠`` sympy's relations;
  the rest (``≈``, ``∼``, ``∝``, ``∈`` …) infix forms; a chain ``a = b = c`` and several
  statements (lines, commas, "for", "where") are a ``Tuple``.
- Cases are a ``Piecewise`` ("otherwise" is True); a matrix is an ``ImmutableMatrix``.

What has no faithful form raises ``Unsupported`` with a reason a reader can follow: an ellipsis
(terms not written), a set written by a rule, a mapping ``f: X → Y``, a sum with no range or
variable, an evaluation bar, a ``±``.

Must not: be imported at start-up (it imports sympy), evaluate what the paper did not (no
``doit``; relations are built unevaluated), or let sympy's own exceptions escape (they become
``Unsupported``).
"""

from __future__ import annotations

import re
from typing import Any

import sympy

from paperpal.mathtokens import normalize
from paperpal.notation.algebra import forms
from paperpal.notation.speak.predicates import derivative_parts
from paperpal.notation.symbols import SymbolOccurrence, extract_symbols
from paperpal.notation.tree import (
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
    to_latex,
    word_of,
)

__all__ = ["Converter", "Unsupported"]


class Unsupported(Exception):
    """A part of the equation sympy cannot represent faithfully; the message says which."""


_PRODUCT = frozenset({"\\cdot", "\\times", "*", "\\odot", "\\ast", "\\bullet"})
_EQUALS = frozenset({"=", "\\equiv", "\\triangleq", "\\coloneqq", "\\doteq", "\\leftarrow", "\\gets"})
_CONNECTIVES = frozenset(
    "for and where with if when s.t. st subject to such that all otherwise or then while given "
    "else since as in on at each every".split()
)
_KNOWN: dict[str, Any] = {
    "exp": sympy.exp, "log": sympy.log, "ln": sympy.log, "sin": sympy.sin, "cos": sympy.cos,
    "tan": sympy.tan, "tanh": sympy.tanh, "sinh": sympy.sinh, "cosh": sympy.cosh,
    "arcsin": sympy.asin, "arccos": sympy.acos, "arctan": sympy.atan, "sqrt": sympy.sqrt,
    "sgn": sympy.sign, "sign": sympy.sign, "abs": sympy.Abs,
}  # fmt: skip
_SPECIAL = {"infty": sympy.oo, "emptyset": sympy.EmptySet, "varnothing": sympy.EmptySet}


class Converter:
    """Converts one tree; ``expression()`` is the whole equation as one sympy object."""

    def __init__(self, tree: Tree) -> None:
        self.tree = tree
        self.occ: dict[int, SymbolOccurrence] = {}
        for occ in extract_symbols(tree.latex):
            self.occ.setdefault(occ.start, occ)
        # every symbol made, with the node it was first written as, in the order written
        self.leaves: dict[Any, Node] = {}
        # e is Euler's number (e^{x} the exponential) unless the formula uses e as a symbol too
        self.euler = sum(1 for o in self.occ.values() if o.key == "e") <= 1

    # ---- statements --------------------------------------------------------------------------

    def expression(self) -> Any:
        if not self.tree.complete:
            raise Unsupported("its LaTeX is incomplete: " + "; ".join(self.tree.problems))
        statements = [self.statement(items) for items in self.lines(list(self.tree.root.items))]
        statements = [s for s in statements if s is not None]
        if not statements:
            raise Unsupported("there is nothing to compute in it")
        return statements[0] if len(statements) == 1 else sympy.Tuple(*statements)

    def lines(self, items: list[Node]) -> list[list[Node]]:
        """Statements: lines of a multi-line display (a line that starts with a relation or an
        operator continues the one before), split at top-level commas and connective words."""
        lines: list[list[Node]] = [[]]
        for x in items:
            if isinstance(x, Sep) and x.value == "&":
                continue
            if isinstance(x, Table) and x.env in ("aligned", "split", "align", "gathered", "gather",
                                                   "eqnarray", "alignedat"):  # fmt: skip
                for row in x.rows:
                    lines.append([y for cell in row for y in cell.items])
                continue
            if isinstance(x, Sep):
                lines.append([])
                continue
            lines[-1].append(x)
        joined: list[list[Node]] = []
        for line in lines:
            line = [x for x in line if not (isinstance(x, Sep))]
            if not line:
                continue
            first = line[0]
            continues = isinstance(first, Rel) or (
                isinstance(first, Op) and first.value in ("+", "-", "\\cdot", "\\times")
            )
            ends = (
                bool(joined)
                and isinstance(joined[-1][-1], Op)
                and joined[-1][-1].value in ("+", "-", "\\cdot", "\\times")
            )
            if joined and (continues or ends):
                joined[-1].extend(line)
            else:
                joined.append(line)
        out: list[list[Node]] = []
        for line in joined:
            out.extend(self.split_statements(line))
        return out

    def split_statements(self, items: list[Node]) -> list[list[Node]]:
        """At connective words, and at commas between two statements that each hold a relation
        (``a = b, c = d``); a comma inside one statement stays (``f_t, i_t = σ(…)``)."""
        pieces = self._pieces(items)
        out: list[list[Node]] = []
        for piece, cut in pieces:
            if out and not cut and not (_has_relation(out[-1]) and _has_relation(piece)):
                out[-1] = [*out[-1], Op(","), *piece]
            else:
                out.append(piece)
        return out

    def _pieces(self, items: list[Node]) -> list[tuple[list[Node], bool]]:
        """Pieces between separators; the flag says the separator was a word or a ';' (a cut)."""
        pieces: list[tuple[list[Node], bool]] = []
        current: list[Node] = []
        cut = False
        for x in items:
            word = (
                isinstance(x, Text)
                and (not x.value.strip() or x.value.strip().lower().split()[0].rstrip(":,.") in _CONNECTIVES)
            ) or (isinstance(x, Font) and x.font == "roman" and word_of(x.body).lower() in _CONNECTIVES)
            # "for", "where λ are eigenvalues of …", \mathrm{and}: prose around the mathematics
            if (isinstance(x, Op) and x.value in (",", ";", ".")) or word:
                if current:
                    pieces.append((current, cut))
                current = []
                cut = word or (isinstance(x, Op) and x.value in (";", "."))
            else:
                current.append(x)
        if current:
            pieces.append((current, cut))
        return pieces

    def statement(self, items: list[Node]) -> Any:
        sides: list[list[Node]] = [[]]
        rels: list[str] = []
        for x in items:
            rel = _relation(x)
            if rel is not None:
                rels.append(rel)
                sides.append([])
            else:
                sides[-1].append(x)
        if rels and not sides[0]:
            # "= b": the display continues the one before it; what it says is its right side
            sides, rels = sides[1:], rels[1:]
        if any(not side for side in sides):
            raise Unsupported("a relation has nothing on one side")
        values = [self.side(side) for side in sides]
        if not rels:
            return values[0]
        made = [_relate(rel, a, b) for rel, a, b in zip(rels, values, values[1:], strict=False)]
        return made[0] if len(made) == 1 else sympy.Tuple(*made)

    def side(self, items: list[Node]) -> Any:
        """One side of a relation: ``x, z \\sim q`` has the pair (x, z) on its left."""
        parts = _split(_trim(items), ",")
        if len(parts) > 1:
            return sympy.Tuple(*(self.sum(p) for p in parts))
        return self.sum(items)

    # ---- sums and products -------------------------------------------------------------------

    def sum(self, items: list[Node] | tuple[Node, ...]) -> Any:
        # empty groups and the alignment of a bracket that spans lines are only layout
        items = _trim([x for x in items if x != Row() and not isinstance(x, Sep)])
        terms: list[Any] = []
        sign = 1
        current: list[Node] = []
        for x in items:
            if isinstance(x, Op) and x.value in ("+", "-"):
                if current:
                    terms.append(_signed(sign, self.product(current)))
                    current, sign = [], 1
                sign *= -1 if x.value == "-" else 1
                continue
            if isinstance(x, Op) and x.value in ("\\pm", "\\mp"):
                raise Unsupported("a ± stands for two expressions at once")
            current.append(x)
        if current:
            terms.append(_signed(sign, self.product(current)))
        elif terms or sign != 1:
            raise Unsupported("an operator has nothing after it")
        if not terms:
            raise Unsupported("an empty expression")
        return terms[0] if len(terms) == 1 else sympy.Add(*terms)

    def product(self, items: list[Node]) -> Any:
        for k, x in enumerate(items):
            if isinstance(x, Op) and forms.binary(x.value) is not None:
                if x.value == "\\circ" and not _functions_around(items, k):
                    continue  # ∘ between values: the element-wise product
                cls = forms.binary(x.value)
                assert cls is not None
                return cls(self.product(items[:k]), self.product(items[k + 1 :]))
        factors: list[Any] = []
        divide = False
        k = 0
        while k < len(items):
            x = items[k]
            if isinstance(x, Op):
                if x.value in _PRODUCT or x.value == "\\circ":
                    k += 1
                    continue
                if x.value == "/":
                    divide = True
                    k += 1
                    continue
                if x.value == "!" and factors:
                    factors[-1] = sympy.factorial(factors[-1])
                    k += 1
                    continue
                if x.value == "\\nabla":
                    if k + 1 >= len(items):
                        raise Unsupported("a gradient has nothing to act on")
                    factors.append(forms.GradientOf(self.node(items[k + 1])))
                    k += 2
                    continue
                raise Unsupported(_op_reason(x.value))
            operator = self.operator(x)
            if operator is not None:  # d/dx, ∇_θ: of the factor after it, as with a function
                if k + 1 >= len(items) or isinstance(items[k + 1], Op):
                    raise Unsupported("a derivative has nothing to act on")
                factors.append(operator(self.node(items[k + 1])))
                k += 2
                continue
            if _applied_text(x, items, k):
                after = items[k + 1]
                if isinstance(after, Script) and after.base is not None:  # uniform[0,1]^k
                    applied = self.apply_named(word_of(x), after.base)
                    factors.append(applied ** self.node(after.sup) if after.sup is not None else applied)
                else:
                    factors.append(self.apply_named(word_of(x), after))
                k += 2
                continue
            value = self.node(x)
            if divide:
                if not factors:
                    raise Unsupported("a division has nothing before it")
                factors[-1] = factors[-1] / value
                divide = False
            else:
                factors.append(value)
            k += 1
        if divide or not factors:
            raise Unsupported("an operator has nothing after it")
        return factors[0] if len(factors) == 1 else sympy.Mul(*factors)

    def operator(self, node: Node) -> Any:
        """A derivative operator (``d/dx``, ``∂/∂θ``, ``∇_θ``) as a function of its operand."""
        if isinstance(node, Frac):
            parts = derivative_parts(node)
            if parts is not None and parts[2] is None:
                wrt = self.variables(parts[3])
                return lambda body: sympy.Derivative(body, *reversed(wrt))
        if isinstance(node, Script) and isinstance(node.base, Op) and node.base.value == "\\nabla":
            if node.sub is None:
                return None
            wrt = self.variable(node.sub)
            return lambda body: sympy.Derivative(body, wrt)
        return None

    def variables(self, nodes: list[Node]) -> list[Any]:
        """What a derivative is taken with respect to; ``∂y_1^2`` is y_1 twice."""
        out = []
        for v in nodes:
            if isinstance(v, Script) and v.sup is not None and word_of(v.sup).isdigit():
                out.extend(
                    [self.variable(Script(v.base, v.sub, None, v.primes, v.start, v.end))]
                    * int(word_of(v.sup))
                )
            else:
                out.append(self.variable(v))
        return out

    def variable(self, node: Node) -> Any:
        value = self.node(node)
        if not isinstance(value, (sympy.Symbol, sympy.Indexed)):
            raise Unsupported(f"a derivative is taken with respect to {to_latex(node)!r}, not a variable")
        return value

    # ---- nodes -------------------------------------------------------------------------------

    def node(self, node: Node) -> Any:
        if isinstance(node, Row):
            return self.sum(node.items)
        if isinstance(node, Atom):
            return self.atom(node)
        if isinstance(node, Font | Accent):
            return self.symbol(node)
        if isinstance(node, Script):
            return self.script(node)
        if isinstance(node, Frac):
            return self.frac(node)
        if isinstance(node, Root):
            body = self.node(node.body)
            return sympy.sqrt(body) if node.index is None else sympy.root(body, self.node(node.index))
        if isinstance(node, Fenced):
            return self.fenced(node)
        if isinstance(node, Apply):
            return self.apply(node)
        if isinstance(node, Big):
            return self.big(node)
        if isinstance(node, Table):
            return self.table(node)
        if isinstance(node, Stack):
            if isinstance(node.base, Rel):
                raise Unsupported("a relation stands inside an expression")
            return self.node(node.base)
        if isinstance(node, Text):
            word = node.value.strip()
            if re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", word):
                return self.leaf(sympy.Symbol(f"\\mathrm{{{word}}}"), node)
            raise Unsupported(f"it has words in it ({word!r})")
        if isinstance(node, Rel):
            raise Unsupported("a relation stands inside an expression")
        if isinstance(node, Op):
            raise Unsupported(_op_reason(node.value))
        raise Unsupported("a part of it has no sympy form")

    def atom(self, node: Atom) -> Any:
        if node.kind == "number":
            return sympy.Float(node.value) if "." in node.value else sympy.Integer(node.value)
        if node.kind in ("letter", "greek"):
            return self.symbol(node)
        if node.kind == "symbol":
            if node.value in _SPECIAL:
                return _SPECIAL[node.value]
            if node.value.isalpha():
                return sympy.Symbol("\\" + node.value)
            raise Unsupported(f"the sign {node.value!r} has no sympy form")
        if node.kind == "word":
            return sympy.Symbol(f"\\mathrm{{{node.value}}}")
        if node.kind == "dots":
            raise Unsupported("an ellipsis stands for terms that are not written")
        if node.kind in ("function", "bigop"):
            raise Unsupported(f"\\{node.value} has nothing to act on")
        raise Unsupported(f"{node.value!r} has no sympy form")

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
            if isinstance(node, Font) and node.font == "roman" and _is_prose(word_of(node.body)):
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
        if _is_symbolic(base):
            return self.scripted_symbol(node)
        if isinstance(base, Fenced) and base.open == "\\{" and node.sub is not None:
            # {a_n}_{n=1}^N: the sequence of a_n for n from 1 to N
            limits = [self.under(node.sub)] + ([self.node(node.sup)] if node.sup is not None else [])
            return forms.SequenceOf(self.fenced(base), *limits)
        value = self.node(base)
        if node.sub is not None:
            if isinstance(value, sympy.Symbol | sympy.Indexed):  # {x_i}_j, a printed Indexed
                value = _indexed(value, self.indices(node.sub))
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
        if node.sub is not None and occ.subscript_role == "index" and _holds_relation(node.sub):
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
            and any(isinstance(x, Op) and x.value == "," for x in _items(node.sup))
        ):
            role = "index"  # F^{a, i}: two indices, not a power
        if node.sup is not None and role == "index":
            indices.extend(self.indices(node.sup))
        if indices:
            value = _indexed(value, indices)
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

    def frac(self, node: Frac) -> Any:
        if node.kind == "binom":
            return sympy.binomial(self.node(node.num), self.node(node.den))
        parts = derivative_parts(node)
        if parts is not None:
            order, _, of, wrt = parts
            if of is None:
                raise Unsupported("a derivative has nothing to act on")
            variables = self.variables(wrt)
            if len(variables) == 1 and order > 1:
                variables = variables * order
            return sympy.Derivative(self.node(of), *reversed(variables))
        return self.node(node.num) / self.node(node.den)

    def fenced(self, node: Fenced) -> Any:
        if node.close is None:
            raise Unsupported(f"a {node.open!r} is never closed")
        items = list(node.body.items)
        if node.open == "." and node.close not in (".", ")", "]"):
            raise Unsupported("an evaluation bar has no sympy form")
        if node.open in ("(", "[", "."):
            parts = _split(items, ",")
            if len(parts) > 1:
                return sympy.Tuple(*(self.statement(p) for p in parts))
            return self.sum(items)
        if node.open == "|":
            return sympy.Abs(self.sum(items))
        if node.open == "\\|":
            return forms.NormOf(self.sum(items))
        if node.open == "\\lfloor":
            return sympy.floor(self.sum(items))
        if node.open == "\\lceil":
            return sympy.ceiling(self.sum(items))
        if node.open == "\\langle":
            return forms.InnerOf(*(self.sum(p) for p in _split(items, ",")))
        if node.open == "\\{" and len(items) == 1 and isinstance(items[0], Table):
            return self.table(items[0])  # \left\{ \begin{array} ... \right.: cases
        if node.open == "\\{":
            if any(isinstance(x, Op) and x.value in ("|", ":") for x in items):
                raise Unsupported("a set written by a rule has no sympy form")
            return sympy.FiniteSet(*(self.sum(p) for p in _split(items, ",")))
        raise Unsupported(f"the brackets {node.open}…{node.close} have no sympy form")

    # ---- functions, big operators, tables ----------------------------------------------------

    def apply(self, node: Apply) -> Any:
        fn = node.fn
        power = sub = None
        if isinstance(fn, Script) and fn.base is not None and fn.sup is not None and self.raised(fn):
            power, fn = fn.sup, Script(fn.base, fn.sub, None, 0, fn.start, fn.end) if fn.sub else fn.base
        if isinstance(fn, Script) and fn.base is not None and _is_named(fn.base):
            sub, fn = fn.sub, fn.base  # \log_2 x
        name = _name_of(fn)
        if name and isinstance(fn, Atom | Font | Text) and (name in _KNOWN or name in ("max", "min")):
            value = self.apply_named(name, node.arg, sub)
        else:
            if sub is not None:
                raise Unsupported(f"the subscript on {to_latex(node.fn)!r} has no sympy form")
            value = self.function(fn)(*self.arguments(node.arg))
        if power is None:
            return value
        if word_of(power) in ("i", "j"):  # f(x)^j: the j-th component (f^{-1}, f^2 are powers)
            return forms.EntryOf(value, self.node(power))
        return value ** self.node(power)

    def raised(self, fn: Script) -> bool:
        """Whether the superscript of an applied ``fn`` raises the result to a power (``\\sin^2``,
        ``\\sigma(x)^2``) rather than naming the function (``f^{-1}``, ``D^*``, ``J^{1:L}``)."""
        if fn.primes or fn.sup is None or any(isinstance(x, Op) and x.value == ":" for x in _items(fn.sup)):
            return False
        if fn.base is not None and _is_named(fn.base):
            return True
        occ = self.occurrence(fn)
        return occ is None or occ.superscript_role in ("power", "index")

    def apply_named(self, name: str, arg: Node, sub: Node | None = None) -> Any:
        args = self.arguments(arg)
        if name in ("max", "min"):
            return (sympy.Max if name == "max" else sympy.Min)(*args)
        if name in _KNOWN:
            if len(args) != 1:
                raise Unsupported(f"{name} takes one argument here, not {len(args)}")
            if name == "log" and sub is not None:
                return sympy.log(args[0], self.node(sub))
            return _KNOWN[name](args[0])
        return sympy.Function(f"\\mathrm{{{name}}}")(*args)

    def function(self, fn: Node) -> Any:
        occ = self.occurrence(fn)
        if isinstance(fn, Script):
            name = normalize(to_latex(fn))  # f_4 and f_3 are different functions
        elif occ is not None:
            name = occ.key
        elif isinstance(fn, Font | Atom) and word_of(fn):
            name = normalize(to_latex(fn))
        else:
            raise Unsupported(f"{to_latex(fn)!r} is applied but is not a function name")
        return sympy.Function(name)

    def given(self, items: list[Node], bar: int, form: Any = None) -> Any:
        """``a, b | c, d`` (or ``x; θ``) as ``GivenOf((a, b), (c, d))`` (or ``ParamsOf``)."""
        left = [self.statement(p) for p in _split(items[:bar], ",")]
        right = [self.statement(p) for p in _split(items[bar + 1 :], ",")]
        if not left or not right:
            raise Unsupported("a condition has nothing on one side of its bar")
        return (form or forms.GivenOf)(sympy.Tuple(*left), sympy.Tuple(*right))

    def arguments(self, arg: Node) -> list[Any]:
        if not (isinstance(arg, Fenced) and arg.open in ("(", "[")):
            return [self.node(arg)]
        items = list(arg.body.items)
        given = [k for k, x in enumerate(items) if isinstance(x, Op) and x.value == "|"]
        if given:
            return [self.given(items, given[0])]
        params = [k for k, x in enumerate(items) if isinstance(x, Op) and x.value == ";"]
        if params:  # p(x; θ): x, with the parameters θ
            return [self.given(items, params[0], forms.ParamsOf)]
        between = [k for k, x in enumerate(items) if isinstance(x, Op) and x.value == "\\|"]
        if between:
            k = between[0]
            return [forms.BetweenOf(self.sum(items[:k]), self.sum(items[k + 1 :]))]
        parts = _split(items, ",")
        if not parts:
            raise Unsupported("a function is applied to nothing")
        return [self.statement(p) for p in parts]

    def big(self, node: Big) -> Any:
        body_items = list(node.body.items)
        if node.op == "E":
            inner = _unwrap(body_items)
            bar = next((k for k, x in enumerate(inner) if isinstance(x, Op) and x.value == "|"), None)
            if bar is not None:  # 𝔼[a | c]: a conditional expectation
                body = self.given(inner, bar)
            else:
                body = self.sum(inner)
            return forms.ExpectationOf(body, *([self.under(node.sub)] if node.sub is not None else []))
        if node.op == "int":
            return self.integral(node, body_items)
        if not body_items:
            raise Unsupported(f"a {node.op} has nothing to act on")
        body = self.sum(body_items)
        if node.op == "lim":
            sub = _items(node.sub) if node.sub is not None else ()
            arrow = next(
                (k for k, x in enumerate(sub) if isinstance(x, Rel) and x.value in ("\\to", "\\rightarrow")),
                None,
            )
            if arrow is None:
                raise Unsupported("a limit does not say what approaches what")
            return sympy.Limit(body, self.variable(_single(sub[:arrow])), self.sum(sub[arrow + 1 :]))
        if node.op in ("sum", "prod") and node.sub is not None and node.sup is not None:
            sub = _items(node.sub)
            eq = next((k for k, x in enumerate(sub) if isinstance(x, Rel) and x.value == "="), None)
            if eq is not None:
                var = self.variable(_single(sub[:eq]))
                limits = (var, self.sum(sub[eq + 1 :]), self.node(node.sup))
                return (sympy.Sum if node.op == "sum" else sympy.Product)(body, limits)
        cls = forms.over(node.op)
        if cls is None:
            raise Unsupported(f"the big operator {node.op} has no sympy form")
        if node.sub is None:
            raise Unsupported(f"a {node.op} does not say what it runs over")
        if node.sup is not None:
            raise Unsupported(f"a {node.op} with an upper limit but no start has no sympy form")
        return cls(body, self.under(node.sub))

    def under(self, sub: Node) -> Any:
        """What a big operator runs over: ``x \\sim p``, ``i \\in S``, ``\\theta``, ``q(z)``."""
        return self.statement(list(_items(sub)))

    def integral(self, node: Big, body: list[Node]) -> Any:
        k = len(body) - 2
        while k >= 0:
            d = body[k]
            if word_of(d) == "d" and isinstance(d, Atom | Font) and not isinstance(body[k + 1], Op):
                break
            k -= 1
        if k < 0:
            raise Unsupported("an integral does not say what it integrates over (no dx)")
        var = self.variable(body[k + 1])
        integrand = self.sum(body[:k] + body[k + 2 :]) if body[:k] + body[k + 2 :] else sympy.Integer(1)
        if node.sub is not None and node.sup is not None:
            return sympy.Integral(integrand, (var, self.node(node.sub), self.node(node.sup)))
        if node.sub is not None:
            return forms.over("int")(sympy.Integral(integrand, var), self.under(node.sub))  # type: ignore[misc]
        return sympy.Integral(integrand, var)

    def table(self, node: Table) -> Any:
        if node.env in ("cases", "dcases") or (node.env == "array" and all(len(r) == 2 for r in node.rows)):
            pieces = []
            for row in node.rows:
                value = self.sum(_trim(list(row[0].items)))
                pieces.append((value, self.condition(list(row[1].items) if len(row) > 1 else [])))
            try:
                return sympy.Piecewise(*pieces)
            except (TypeError, ValueError) as err:
                raise Unsupported(
                    f"a condition of the cases is not a true-or-false statement ({err})"
                ) from None
        if "matrix" in node.env or node.env == "array":
            rows = [[self.sum(cell.items) for cell in row] for row in node.rows]
            if len({len(r) for r in rows}) != 1:
                raise Unsupported("a matrix has rows of different lengths")
            return sympy.ImmutableMatrix(rows)
        raise Unsupported(f"the {node.env} environment has no sympy form")

    def condition(self, items: list[Node]) -> Any:
        items = [
            x
            for x in _trim(items)
            if not (isinstance(x, Text) and x.value.strip().lower() in ("if", "when", "for", ""))
        ]
        if not items or (
            len(items) == 1 and isinstance(items[0], Text) and "otherwise" in items[0].value.lower()
        ):
            return sympy.true
        if any(isinstance(x, Text) for x in items):
            texts = [x.value.strip() for x in items if isinstance(x, Text)]
            if any("otherwise" in t.lower() or "else" in t.lower() for t in texts) and len(texts) == len(
                items
            ):
                return sympy.true
            raise Unsupported(f"a condition is written in words ({' '.join(texts)!r})")
        return self.statement(items)


# --------------------------------------------------------------------------------------------
# small helpers
# --------------------------------------------------------------------------------------------


def _is_prose(word: str) -> bool:
    return word.lower() in _CONNECTIVES or word.lower() in (
        "is",
        "are",
        "the",
        "of",
        "namely",
        "then",
        "thus",
    )


def _has_relation(items: list[Node]) -> bool:
    return any(_relation(x) is not None for x in items)


def _holds_relation(node: Node) -> bool:
    return any(isinstance(x, Rel) for x in _items(node))


def _signed(sign: int, value: Any) -> Any:
    return value if sign > 0 else -value


def _relation(node: Node) -> str | None:
    if isinstance(node, Rel):
        return node.value
    if isinstance(node, Stack) and isinstance(node.base, Rel):
        return "=" if node.base.value == "=" else node.base.value
    return None


def _relate(rel: str, a: Any, b: Any) -> Any:
    if rel in _EQUALS:
        return sympy.Eq(a, b, evaluate=False)
    made = {"<": sympy.Lt, ">": sympy.Gt, "\\leq": sympy.Le, "\\le": sympy.Le, "\\leqslant": sympy.Le,
            "\\geq": sympy.Ge, "\\ge": sympy.Ge, "\\geqslant": sympy.Ge, "\\neq": sympy.Ne,
            "\\ne": sympy.Ne}.get(rel)  # fmt: skip
    if made is not None:
        return made(a, b, evaluate=False)
    cls = forms.relation(rel)
    if cls is None:
        raise Unsupported(f"the relation {rel} has no sympy form")
    return cls(a, b)


def _op_reason(value: str) -> str:
    return {
        ":": "a mapping or a set rule (':') has no sympy form",
        "\\colon": "a mapping or a set rule (':') has no sympy form",
        "|": "a bar outside a function's arguments has no sympy form",
        "\\partial": "a ∂ on its own has no sympy form",
        "\\forall": "a 'for all' has no sympy form",
        "\\exists": "a 'there exists' has no sympy form",
    }.get(value, f"the operator {value!r} has no sympy form here")


def _split(items: list[Node], sep: str) -> list[list[Node]]:
    parts: list[list[Node]] = [[]]
    for x in items:
        if isinstance(x, Op) and x.value == sep:
            parts.append([])
        else:
            parts[-1].append(x)
    if len(parts) > 1 and any(not p for p in parts):
        raise Unsupported("a list has an empty item")
    return [p for p in parts if p]


def _items(node: Node | None) -> tuple[Node, ...]:
    if node is None:
        return ()
    return node.items if isinstance(node, Row) else (node,)


def _single(items: tuple[Node, ...] | list[Node]) -> Node:
    return items[0] if len(items) == 1 else Row(tuple(items))


def _unwrap(items: list[Node]) -> list[Node]:
    if len(items) == 1 and isinstance(items[0], Fenced) and items[0].open in ("[", "(", "."):
        return list(items[0].body.items)
    return items


def _trim(items: list[Node]) -> list[Node]:
    while items and isinstance(items[-1], Op) and items[-1].value in (",", ".", ";", ":"):
        items = items[:-1]
    while items and isinstance(items[0], Op) and items[0].value in (",", ";"):
        items = items[1:]
    return items


def _is_symbolic(node: Node) -> bool:
    core = node
    while isinstance(core, Font | Accent):
        core = core.body
    return (
        isinstance(core, Atom)
        and core.kind in ("letter", "greek")
        or (
            isinstance(core, Row)
            and bool(core.items)
            and all(isinstance(x, Atom) and x.kind == "letter" for x in core.items)
        )
    )


def _is_named(node: Node) -> bool:
    return (isinstance(node, Atom) and node.kind in ("function", "word")) or (
        isinstance(node, Font) and node.font == "roman" and len(word_of(node.body)) > 1
    )


def _name_of(fn: Node) -> str:
    if isinstance(fn, Atom):
        return fn.value
    if isinstance(fn, Font | Text):
        return word_of(fn)
    return ""


def _applied_text(node: Node, items: list[Node], k: int) -> bool:
    """``\\text{softmax}(x)``: a word written as text, then its parenthesised argument."""
    if not (
        isinstance(node, Text) and re.fullmatch(r"[A-Za-z]{2,}", node.value.strip()) and k + 1 < len(items)
    ):
        return False
    after = items[k + 1]
    if isinstance(after, Script) and after.sub is None:
        after = after.base  # type: ignore[assignment]
    return isinstance(after, Fenced) and after.open in ("(", "[")


def _functions_around(items: list[Node], k: int) -> bool:
    def fn_like(x: Node | None) -> bool:
        return isinstance(x, Atom) and (
            x.kind == "function" or x.value in ("f", "g", "h", "F", "G", "phi", "psi")
        )

    return fn_like(items[k - 1] if k >= 1 else None) and fn_like(items[k + 1] if k + 1 < len(items) else None)


def _indexed(value: Any, indices: list[Any]) -> Any:
    if isinstance(value, sympy.Indexed):
        return sympy.IndexedBase(value.base.label)[(*value.indices, *indices)]
    return sympy.IndexedBase(value)[tuple(indices)]
