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

The package's converter is three parts: this module (statements, relations, sums and products,
fractions and brackets), ``naming`` (symbols and their scripts) and ``operators`` (functions, big
operators, tables); ``parts`` holds what they share.
"""

from __future__ import annotations

import re
from typing import Any

import sympy

from paperpal.notation.algebra import forms
from paperpal.notation.algebra.naming import Naming
from paperpal.notation.algebra.operators import Operators
from paperpal.notation.algebra.parts import (
    CONNECTIVES,
    PRODUCT,
    SPECIAL,
    Unsupported,
    applied_text,
    functions_around,
    has_relation,
    op_reason,
    relate,
    relation_of,
    signed,
    split,
    trim,
)
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


class Converter(Naming, Operators):
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
            if out and not cut and not (has_relation(out[-1]) and has_relation(piece)):
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
                and (not x.value.strip() or x.value.strip().lower().split()[0].rstrip(":,.") in CONNECTIVES)
            ) or (isinstance(x, Font) and x.font == "roman" and word_of(x.body).lower() in CONNECTIVES)
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
            rel = relation_of(x)
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
        made = [relate(rel, a, b) for rel, a, b in zip(rels, values, values[1:], strict=False)]
        return made[0] if len(made) == 1 else sympy.Tuple(*made)

    def side(self, items: list[Node]) -> Any:
        """One side of a relation: ``x, z \\sim q`` has the pair (x, z) on its left."""
        parts = split(trim(items), ",")
        if len(parts) > 1:
            return sympy.Tuple(*(self.sum(p) for p in parts))
        return self.sum(items)

    def sum(self, items: list[Node] | tuple[Node, ...]) -> Any:
        # empty groups and the alignment of a bracket that spans lines are only layout
        items = trim([x for x in items if x != Row() and not isinstance(x, Sep)])
        terms: list[Any] = []
        sign = 1
        current: list[Node] = []
        for x in items:
            if isinstance(x, Op) and x.value in ("+", "-"):
                if current:
                    terms.append(signed(sign, self.product(current)))
                    current, sign = [], 1
                sign *= -1 if x.value == "-" else 1
                continue
            if isinstance(x, Op) and x.value in ("\\pm", "\\mp"):
                raise Unsupported("a ± stands for two expressions at once")
            current.append(x)
        if current:
            terms.append(signed(sign, self.product(current)))
        elif terms or sign != 1:
            raise Unsupported("an operator has nothing after it")
        if not terms:
            raise Unsupported("an empty expression")
        return terms[0] if len(terms) == 1 else sympy.Add(*terms)

    def product(self, items: list[Node]) -> Any:
        for k, x in enumerate(items):
            if isinstance(x, Op) and forms.binary(x.value) is not None:
                if x.value == "\\circ" and not functions_around(items, k):
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
                if x.value in PRODUCT or x.value == "\\circ":
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
                raise Unsupported(op_reason(x.value))
            operator = self.operator(x)
            if operator is not None:  # d/dx, ∇_θ: of the factor after it, as with a function
                if k + 1 >= len(items) or isinstance(items[k + 1], Op):
                    raise Unsupported("a derivative has nothing to act on")
                factors.append(operator(self.node(items[k + 1])))
                k += 2
                continue
            if applied_text(x, items, k):
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
            raise Unsupported(op_reason(node.value))
        raise Unsupported("a part of it has no sympy form")

    def atom(self, node: Atom) -> Any:
        if node.kind == "number":
            return sympy.Float(node.value) if "." in node.value else sympy.Integer(node.value)
        if node.kind in ("letter", "greek"):
            return self.symbol(node)
        if node.kind == "symbol":
            if node.value in SPECIAL:
                return SPECIAL[node.value]
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
            parts = split(items, ",")
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
            return forms.InnerOf(*(self.sum(p) for p in split(items, ",")))
        if node.open == "\\{" and len(items) == 1 and isinstance(items[0], Table):
            return self.table(items[0])  # \left\{ \begin{array} ... \right.: cases
        if node.open == "\\{":
            if any(isinstance(x, Op) and x.value in ("|", ":") for x in items):
                raise Unsupported("a set written by a rule has no sympy form")
            return sympy.FiniteSet(*(self.sum(p) for p in split(items, ",")))
        raise Unsupported(f"the brackets {node.open}…{node.close} have no sympy form")
