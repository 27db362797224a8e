"""The pieces idiom recognisers match on: an equation's sides, terms and factors, and how to name
a symbol with what the paper says it is.

Owns: ``Meanings`` (symbol key -> phrase, or (phrase, certain)), ``meaning_of``, and ``Shape``:
one equation split at its relation into a subject and a right-hand side, with helpers to cut a
side into signed terms and factors, to tell which symbol (grouping key, step subscript) a node
is, and to name it ("the update gate zₜ" when the meaning is certain, "zₜ (probably the update
gate)" when it is not, "zₜ" when nothing is known).

Must not: state an uncertain meaning as fact, or raise (callers catch, but should not need to).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from paperpal.notation.render import to_unicode
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
    Row,
    Script,
    Sep,
    Tree,
    to_latex,
    word_of,
)  # fmt: skip

Meaning = str | tuple[str, bool]
Meanings = Mapping[str, Meaning]

DEFINING = ("=", "\\leftarrow", "\\gets", "\\coloneqq", "\\triangleq", "\\equiv", "\\doteq", "\\approx")
PRODUCT_OPS = frozenset({"\\cdot", "\\odot", "\\times", "*", "\\circ", "\\ast"})


def meaning_of(meanings: Meanings | None, key: str) -> tuple[str, bool]:
    """(phrase, certain) for ``key``; ("", False) when unknown. A bare phrase is uncertain."""
    if not meanings or key not in meanings:
        return "", False
    value = meanings[key]
    if isinstance(value, tuple):
        phrase = str(value[0]) if value else ""
        return phrase, bool(value[1]) if len(value) > 1 else False
    return (value if isinstance(value, str) else ""), False


def short(phrase: str) -> str:
    """A meaning trimmed to its first clause, lower-case unless it is a name or acronym."""
    text = phrase.strip().split("\n")[0]
    text = re.split(r"(?<=[a-z0-9)])[.;:](?:\s|$)|\s[-\u2014]\s", text)[0].rstrip(". ")
    if len(text.split()) > 10:
        return ""
    if text[1:2].isupper():
        return text
    return text[:1].lower() + text[1:]


def the(phrase: str) -> str:
    low = phrase.lower()
    if low.startswith(("the ", "a ", "an ", "its ", "their ", "each ", "one ", "how ", "what ")):
        return phrase
    return "the " + phrase


@dataclass(slots=True)
class Shape:
    tree: Tree
    meanings: Meanings
    lhs: list[Node] = field(default_factory=list)
    rhs: list[Node] = field(default_factory=list)
    relation: str = ""
    conditions: list[Node] = field(default_factory=list)
    items: list[Node] = field(
        default_factory=list
    )  # the whole line, relations and all  # ", ε ∼ N(0, I)" after the equation
    occ: dict[int, SymbolOccurrence] = field(default_factory=dict)

    @classmethod
    def of(cls, tree: Tree, meanings: Meanings, items: list[Node] | None = None) -> Shape:
        shape = cls(tree, meanings)
        for occ in extract_symbols(tree.latex):
            shape.occ.setdefault(occ.start, occ)
        items = list(tree.root.items) if items is None else items
        items = [x for x in items if not (isinstance(x, Sep) and x.value == "&") and x != Row()]
        items = [x for x in items if not (isinstance(x, Op) and x.value in ("\\!",))]
        shape.items = items
        for k, x in enumerate(items):
            if isinstance(x, Rel) and x.value in DEFINING:
                shape.lhs, shape.rhs, shape.relation = items[:k], items[k + 1 :], x.value
                break
        else:
            shape.rhs = items
        # a trailing condition: "..., \epsilon \sim N(0, I)" or "\qquad b \sim p(b)"
        for k, x in enumerate(shape.rhs):
            if isinstance(x, Rel) and k > 0:
                cut = k
                while cut > 0 and not _is_op(shape.rhs[cut - 1], ","):
                    cut -= 1
                if cut > 0:
                    shape.conditions = shape.rhs[cut:]
                    shape.rhs = shape.rhs[: cut - 1]
                else:
                    shape.rhs = shape.rhs[:k]  # a chain a = b = c: the first step
                break
        while shape.rhs and isinstance(shape.rhs[-1], Op) and shape.rhs[-1].value in (",", ".", ";"):
            shape.rhs.pop()
        return shape

    # ---- which symbol --------------------------------------------------------------------

    def occurrence(self, node: Node | None) -> SymbolOccurrence | None:
        core = node
        while isinstance(core, Apply):
            core = core.fn
        start = getattr(core, "start", None)
        if start is None:
            return None
        return self.occ.get(start)

    def key(self, node: Node | None) -> str:
        occ = self.occurrence(node)
        if occ is not None:
            return occ.key
        return to_latex(node) if node is not None else ""

    def step(self, node: Node | None) -> str:
        """The time-step subscript of a symbol ("t", "t-1"), "" when it has none."""
        occ = self.occurrence(node)
        sub = occ.subscript if occ is not None and occ.subscript else ""
        return re.sub(r"\s+", "", sub)

    def meaning(self, node: Node | None) -> tuple[str, bool]:
        phrase, certain = meaning_of(self.meanings, self.key(node))
        return short(phrase), certain

    # ---- naming ----------------------------------------------------------------------------

    def text(self, node: Node | list[Node] | None) -> str:
        if node is None:
            return ""
        if isinstance(node, list):
            node = Row(tuple(node))
        return to_unicode(to_latex(node))

    def name(self, node: Node | None, *, bare: bool = False) -> str:
        """The symbol with its meaning: certain -> stated, uncertain -> offered, none -> the symbol."""
        sym = self.text(node)
        phrase, certain = self.meaning(node)
        if not phrase or bare:
            return sym
        if certain:
            return f"{the(phrase)} {sym}"
        return f"{sym} (probably {the(phrase)})"

    def subject(self) -> str:
        return self.name(self.lhs[0]) if len(self.lhs) == 1 else self.text(self.lhs)


# --------------------------------------------------------------------------------------------
# cutting a side into terms and factors
# --------------------------------------------------------------------------------------------


def terms(items: list[Node] | tuple[Node, ...]) -> list[tuple[int, list[Node]]]:
    """Signed top-level terms: ``a - b c`` -> [(+1, [a]), (-1, [b, c])]."""
    out: list[tuple[int, list[Node]]] = []
    sign, current = 1, []  # type: tuple[int, list[Node]]
    if any(isinstance(x, Rel) for x in items):
        return []  # a relation inside: not one expression
    for x in items:
        if isinstance(x, Op) and x.value in ("+", "-"):
            if current:
                out.append((sign, current))
                sign = 1
            current = []
            sign *= -1 if x.value == "-" else 1
            continue
        current.append(x)
    if current:
        out.append((sign, current))
    return out


def factors(term: list[Node]) -> list[Node]:
    """A product's factors, with ``\\cdot``, ``\\odot`` and parentheses around one factor dropped."""
    out = []
    for x in term:
        if isinstance(x, Op) and x.value in PRODUCT_OPS:
            continue
        out.append(x)
    return out


def unwrap(node: Node) -> list[Node]:
    """The items inside a group or parentheses; the node itself otherwise."""
    if isinstance(node, Fenced) and node.open in ("(", "[", "."):
        return list(node.body.items)
    if isinstance(node, Row):
        return list(node.items)
    return [node]


def one_minus(node: Node) -> Node | None:
    """``(1 - x)`` -> x."""
    items = unwrap(node)
    if len(items) == 3 and word_of(items[0]) == "1" and isinstance(items[1], Op) and items[1].value == "-":
        return items[2]
    return None


def lines(items: tuple[Node, ...] | list[Node]) -> list[list[Node]]:
    """The lines of a multi-line equation (split at ``\\\\``), empty ones dropped."""
    out: list[list[Node]] = [[]]
    for x in items:
        if isinstance(x, Sep) and x.value == "\\\\":
            out.append([])
        else:
            out[-1].append(x)
    return [line for line in out if any(not isinstance(x, Sep) for x in line)]


def fn_name(node: Node) -> str:
    """The name of a function node: "softmax", "log", "sigma", "p"; "" when not a name."""
    core = node.base if isinstance(node, Script) else node
    if isinstance(core, Atom):
        return core.value
    if isinstance(core, Font):
        return word_of(core.body)
    return ""


def is_probability(node: Node) -> bool:
    return isinstance(node, Apply) and fn_name(node.fn) in ("p", "q", "P", "Q", "Pr", "pi")


def _is_op(node: Node, value: str) -> bool:
    return isinstance(node, Op) and node.value == value


def has(node: Node | list[Node] | None, pred: object) -> bool:
    """Whether ``pred`` holds for ``node`` or anything inside it."""
    assert callable(pred)
    stack: list[object] = list(node) if isinstance(node, list) else [node]
    while stack:
        x = stack.pop()
        if x is None:
            continue
        if pred(x):
            return True
        if isinstance(x, Row):
            stack.extend(x.items)
        elif isinstance(x, Fenced):
            stack.append(x.body)
        elif isinstance(x, Apply):
            stack.extend((x.fn, x.arg))
        elif isinstance(x, Big):
            stack.extend((x.sub, x.sup, x.body))
        elif isinstance(x, Script):
            stack.extend((x.base, x.sub, x.sup))
        elif isinstance(x, Frac):
            stack.extend((x.num, x.den))
        elif isinstance(x, Font | Accent):
            stack.append(x.body)
        elif hasattr(x, "body"):
            stack.append(x.body)  # Root
    return False


def is_log(node: Node) -> bool:
    return isinstance(node, Apply) and fn_name(node.fn) in ("log", "ln")


def is_exp(node: Node) -> bool:
    return isinstance(node, Apply) and fn_name(node.fn) == "exp"


def big_var(node: Big) -> str:
    """The running variable of a sum or integral: "k" for ``\\sum_{k=1}^{T}``."""
    items = (
        list(node.sub.items) if isinstance(node.sub, Row) else ([node.sub] if node.sub is not None else [])
    )
    if items:
        for k, x in enumerate(items):
            if isinstance(x, Rel):
                return "".join(to_latex(y) for y in items[:k])
        return "".join(to_latex(y) for y in items)
    return ""


def is_rel(node: Node, value: str) -> bool:
    return isinstance(node, Rel) and node.value == value


def frac_parts(items: list[Node]) -> tuple[Frac, list[Node]] | None:
    """``\\frac{1}{N} X`` -> (the fraction, X)."""
    if items and isinstance(items[0], Frac):
        return items[0], items[1:]
    return None
