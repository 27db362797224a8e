"""The literal reader: walks an equation's tree and says each node in ClearSpeak's style.

Owns: ``Reader`` (rows, operators by meaning, scripts and their roles, fractions and derivatives,
roots, fences and bars, function application, big operators and expectations, cases and
matrices) and how a list is joined ("a, b and c"). Words come from ``speak.words``; the small
questions about nodes from ``speak.predicates``.

Must not: state a meaning (meanings only choose between readings), or raise past ``literal``,
which catches.
"""

from __future__ import annotations

import re

from paperpal.notation.shapes import Meanings, meaning_of
from paperpal.notation.speak.predicates import (
    atom_said,
    derivative_operator,
    derivative_parts,
    dots,
    flat,
    function_name,
    functions_around,
    is_single_operand,
    items_of,
    simple,
)
from paperpal.notation.speak.words import (
    ACCENT_SAID,
    BB,
    BIG,
    FRACTION_WORDS,
    FUNCTIONS,
    NUMBER_WORDS,
    OP_BY_MEANING,
    OPS,
    RELS,
)
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
    word_of,
)

__all__ = ["Reader"]


class Reader:
    def __init__(self, latex: str, meanings: Meanings) -> None:
        self.meanings = meanings
        self.occ: dict[int, SymbolOccurrence] = {}
        for occ in extract_symbols(latex):
            self.occ.setdefault(occ.start, occ)

    # ---- helpers on meanings -------------------------------------------------------------

    def meaning(self, node: Node) -> str:
        """The decoded meaning of the symbol ``node`` is ("" when none), lower-cased."""
        start = getattr(node, "start", None)
        occ = self.occ.get(start) if start is not None else None
        if occ is None:
            return ""
        phrase, _ = meaning_of(self.meanings, occ.key)
        return phrase.lower()

    def role(self, node: Script) -> str | None:
        """What the superscript does: as ``notation.symbols`` decided for a symbol; on an applied
        function, i and j pick an entry (``σ(…)^j``) and anything else is read from itself."""
        if isinstance(node.base, Apply | Fenced | Frac | Root | Big):
            return "index" if isinstance(node.base, Apply) and word_of(node.sup) in ("i", "j") else None
        occ = self.occ.get(node.start)
        return occ.superscript_role if occ is not None else None

    # ---- rows ------------------------------------------------------------------------------

    def row(self, items: tuple[Node, ...] | list[Node], in_script: bool = False) -> str:
        items = dots(list(items))
        if (
            in_script
            and items
            and all(isinstance(x, Atom) and x.kind == "letter" for x in items)
            and len(items) >= 3
        ):
            return "".join(x.value for x in items)  # type: ignore[union-attr]
        words: list[str] = []
        prev_operand = False
        for k, node in enumerate(items):
            if isinstance(node, Op) and node.value in ("-", "+") and not prev_operand:
                words.append("negative" if node.value == "-" else "plus")
                continue
            if isinstance(node, Op):
                words.append(self.op(node, items, k))
                prev_operand = node.value == "!"
                continue
            if isinstance(node, Rel):
                words.append(RELS.get(node.value, node.value.lstrip("\\")))
                prev_operand = False
                continue
            if isinstance(node, Sep):
                if node.value != "&":
                    words.append(";")
                prev_operand = False
                continue
            if (
                isinstance(node, Fenced)
                and node.open in ("(", "[")
                and prev_operand
                and not simple(node.body)
            ):
                words.append("times")
            said = self.node(node, in_script)
            if said:
                words.append(said)
            prev_operand = not (isinstance(node, Frac) and derivative_operator(node))
        text = " ".join(w for w in words if w)
        return list_with_and(text, items)

    def op(self, node: Op, items: list[Node], k: int) -> str:
        value = node.value
        if value in (
            "\\circ",
            "\\odot",
            "\\otimes",
            "\\oplus",
            "*",
            "\\ast",
            "\\star",
            "\\cdot",
            "\\times",
            "\\bullet",
        ):
            occ = self.occ_of_op(value, items, k)
            phrase = meaning_of(self.meanings, occ.key)[0].lower() if occ is not None else ""
            for keys, said in OP_BY_MEANING:
                if any(key in phrase for key in keys):
                    return said
            if value == "\\circ":
                return "composed with" if functions_around(items, k) else "element-wise times"
        if value == "\\nabla":
            return "the gradient of"
        if value == "\\partial":
            return "partial"
        return OPS.get(value, value.lstrip("\\"))

    def occ_of_op(self, value: str, items: list[Node], k: int) -> SymbolOccurrence | None:
        for occ in self.occ.values():
            if occ.kind == "operator" and (occ.base == value or occ.key == value):
                return occ
        return None

    # ---- nodes -----------------------------------------------------------------------------

    def node(self, node: Node, in_script: bool = False) -> str:
        if isinstance(node, Row):
            return self.row(node.items, in_script)
        if isinstance(node, Atom):
            return atom_said(node)
        if isinstance(node, Text):
            return node.value.strip()
        if isinstance(node, Font):
            return self.font(node)
        if isinstance(node, Accent):
            body = self.node(node.body)
            said = ACCENT_SAID.get(node.accent, node.accent)
            return f"{body} {said}" if simple(node.body) else f"{body}, {said}"
        if isinstance(node, Script):
            return self.script(node)
        if isinstance(node, Frac):
            return self.frac(node)
        if isinstance(node, Root):
            return self.root(node)
        if isinstance(node, Fenced):
            return self.fenced(node)
        if isinstance(node, Apply):
            return self.apply(node)
        if isinstance(node, Big):
            return self.big(node)
        if isinstance(node, Stack):
            top, base = word_of(node.top).lower(), self.node(node.base)
            if isinstance(node.base, Rel) and top in ("def", "d", "δ", "delta", "triangle"):
                return "is defined as"
            return f"{base} with {self.node(node.top)} {'above' if node.kind == 'overset' else 'below'}"
        if isinstance(node, Table):
            return self.table(node)
        if isinstance(node, Op):
            return OPS.get(node.value, node.value)
        if isinstance(node, Rel):
            return RELS.get(node.value, node.value)
        return ""

    def font(self, node: Font) -> str:
        word = word_of(node.body)
        if node.font == "blackboard" and word in BB:
            return BB[word]
        if node.font == "blackboard" and word == "1":
            return "the indicator of"
        inner = self.node(node.body, in_script=node.font in ("roman", "mono", "sans"))
        if node.font in ("roman", "mono", "sans") and len(word) > 1:
            return word
        if node.font in ("calligraphic", "script"):
            return f"script {inner}"
        if node.font == "fraktur":
            return f"fraktur {inner}"
        if node.font == "blackboard":
            return f"double-struck {inner}"
        return inner

    def script(self, node: Script) -> str:
        base = node.base
        if isinstance(base, Fenced) and base.open == "\\{" and node.sub is not None:
            # {a_n}_{n=1}^N: the set of a sub n for n from 1 to N
            inner = self.row(base.body.items)
            lo = self.node(node.sub, in_script=True)
            hi = f" to {self.node(node.sup, in_script=True)}" if node.sup is not None else ""
            return f"the set of {inner}, for {lo}{hi},"
        if isinstance(base, Fenced) and base.open == "\\|":
            which = f"{self.node(node.sub, True)}-norm" if node.sub is not None else "norm"
            said = f"the {which} of {self.row(base.body.items)}"
            if node.sup is not None:
                said += ", " + self.power(node.sup)
            return said + ","
        if (
            isinstance(base, Font)
            and base.font == "blackboard"
            and word_of(base.body) == "R"
            and node.sup is not None
        ):
            dims = self.node(node.sup, True).replace(" times ", " by ")
            return f"the real space of dimension {dims},"
        if isinstance(base, Op) and base.value == "\\nabla" and node.sub is not None:
            return f"the gradient with respect to {self.node(node.sub, in_script=True)} of"
        said = self.node(base, in_script=False) if base is not None else ""
        if node.primes:
            said += " " + (
                "prime" if node.primes == 1 else "double prime" if node.primes == 2 else "triple prime"
            )
        compound = False
        if node.sub is not None:
            sub = self.node(node.sub, in_script=True)
            said += f" sub {sub}"
            compound = not simple(node.sub)
        if node.sup is not None:
            sup_text = word_of(node.sup) or flat(node.sup)
            role = self.role(node)
            if sup_text in ("\\top", "top", "T", "\\intercal") and role in ("transpose", None):
                sup = "transpose"
            elif role == "transpose":
                sup = "transpose"
            elif role == "inverse" or sup_text == "-1":
                sup = "inverse"
            elif role == "star" or sup_text in ("*", "\\star", "\\ast", "ast", "star"):
                sup = "star"
            elif role in ("index", "name"):
                sup = f"superscript {self.node(node.sup, in_script=True)}"
            else:
                sup = self.power(node.sup)
            if compound:
                said += ","
            said += " " + sup
            compound = not simple(node.sup)
        return said + ("," if compound else "")

    def power(self, sup: Node) -> str:
        text = word_of(sup) or flat(sup)
        if text == "2":
            return "squared"
        if text == "3":
            return "cubed"
        said = self.node(sup, in_script=True)
        return f"to the power {said}" if simple(sup) else f"to the power {said},"

    def frac(self, node: Frac) -> str:
        num, den = node.num, node.den
        if node.kind == "binom":
            return f"{self.node(num)} choose {self.node(den)}"
        derivative = derivative_parts(node)
        if derivative is not None:
            order, kind, of, wrt = derivative
            what = {1: "", 2: "second ", 3: "third "}.get(order, f"order {order} ")
            name = "partial derivative" if kind == "partial" else "derivative"
            variables = " and ".join(self.node(v) for v in wrt) or "its variable"
            if of is None:
                return f"the {what}{name} with respect to {variables} of"
            return f"the {what}{name} of {self.node(of)} with respect to {variables},"
        a, b = word_of(num), word_of(den)
        if a.isdigit() and b.isdigit() and 0 < int(a) < int(b) <= 10:
            n, d = int(a), int(b)
            word = FRACTION_WORDS[d] + ("s" if n > 1 else "")
            return f"{NUMBER_WORDS[n]} {word}"
        if simple(num) and simple(den):
            return f"{self.node(num)} over {self.node(den)}"
        return f"the fraction with numerator {self.node(num)} and denominator {self.node(den)},"

    def root(self, node: Root) -> str:
        index = word_of(node.index) if node.index is not None else ""
        lead = {"": "the square root of", "2": "the square root of", "3": "the cube root of"}.get(
            index, f"the {self.node(node.index) if node.index is not None else ''}-th root of"
        )
        body = self.node(node.body)
        return f"{lead} {body}" if simple(node.body) else f"{lead} {body}, end root,"

    def fenced(self, node: Fenced) -> str:
        body = self.row(node.body.items)
        items = node.body.items
        if node.open == "|" and node.close == "|":
            return f"{self.bars(node)} {body},"
        if node.open == "\\|":
            return f"the norm of {body},"
        if node.open == "\\lfloor":
            return f"the floor of {body},"
        if node.open == "\\lceil":
            return f"the ceiling of {body},"
        if node.open == "\\langle":
            return f"the inner product of {and_list(self, items)},"
        if node.open == "\\{":
            return f"the set of {body},"
        if node.open == ".":
            return body
        if simple(node.body) or (node.open == "(" and is_single_operand(items)):
            return body
        name = {"(": "paren", "[": "bracket"}.get(node.open, "paren")
        close = {")": "paren", "]": "bracket"}.get(node.close or ")", name)
        return f"open {name} {body} close {close}"

    def bars(self, node: Fenced) -> str:
        """ "the size of" a set, "the determinant of" a matrix, "the absolute value of" the rest."""
        items = node.body.items
        meaning = " ".join(self.meaning(x) for x in items if getattr(x, "start", None) is not None)
        if re.search(r"\b(set|collection|vocabulary|dataset|batch|sets)\b", meaning):
            return "the size of"
        if re.search(r"\b(matrix|jacobian|covariance|hessian|kernel)\b", meaning):
            return "the determinant of"
        if any(isinstance(x, Op) and x.value in ("\\cup", "\\cap", "\\setminus") for x in items):
            return "the size of"
        only = items[0] if len(items) == 1 else None
        core = only.base if isinstance(only, Script) else only
        if isinstance(core, Font) and core.font in ("calligraphic", "script", "blackboard"):
            return "the size of"
        if isinstance(core, Fenced) and core.open == "\\{":
            return "the size of"
        if isinstance(core, Font) and core.font == "bold" and word_of(core.body).isupper():
            return "the determinant of"
        return "the absolute value of"

    def apply(self, node: Apply) -> str:
        fn, arg = node.fn, node.arg
        name = function_name(fn)
        if name in FUNCTIONS and isinstance(fn, Atom | Font):
            lead = FUNCTIONS[name]
        else:
            lead = f"{self.node(fn)} of"
        if isinstance(arg, Fenced) and arg.open in ("(", "["):
            items = arg.body.items
            bar = next((k for k, x in enumerate(items) if isinstance(x, Op) and x.value == "\\|"), None)
            if bar is not None:  # KL(p ‖ q): a divergence between two distributions
                left, right = self.row(items[:bar]), self.row(items[bar + 1 :])
                return f"{lead.removesuffix(' of')} between {left} and {right}"
            if any(isinstance(x, Op) and x.value == "|" for x in items):
                inner = self.row(items)  # p of y given x
            elif any(isinstance(x, Op) and x.value == "," for x in items):
                inner = and_list(self, items)
            else:
                inner = self.row(items)
                if not is_single_operand(items) and not simple(arg.body):
                    return f"{lead} open paren {inner} close paren"
            return f"{lead} {inner}"
        inner = self.node(arg)
        return f"{lead} {inner}"

    def big(self, node: Big) -> str:
        lead = BIG.get(node.op, f"the {node.op}")
        parts = [lead]
        body_items = node.body.items
        if node.op == "E":
            parts.append(self.expectation_sub(node.sub))
            if len(body_items) == 1 and isinstance(body_items[0], Fenced):
                body_items = body_items[0].body.items
        elif node.op == "lim" and node.sub is not None:
            sub = self.node(node.sub, in_script=True).replace(" to ", " approaches ")
            parts.append(f"as {sub}")
        elif node.sub is not None:
            sub_items = items_of(node.sub)
            sub = self.node(node.sub, in_script=True)
            if node.sup is not None and any(isinstance(x, Rel) and x.value == "=" for x in sub_items):
                parts.append(f"from {sub}")
            elif node.sup is not None:
                parts.append(f"from {sub}")
            else:
                parts.append(f"over {sub}")
        if node.sup is not None:
            parts.append(f"to {self.node(node.sup, in_script=True)}")
        body = self.row(body_items)
        if body:
            parts.append(f"of {body}")
        return " ".join(p for p in parts if p) + ","

    def expectation_sub(self, sub: Node | None) -> str:
        if sub is None:
            return ""
        items = items_of(sub)
        for k, x in enumerate(items):
            if isinstance(x, Rel) and x.value == "\\sim":
                left = self.row(items[:k], in_script=True)
                right = self.row(items[k + 1 :], in_script=True)
                return f"over {left} drawn from {right}"
        if len(items) == 1 and isinstance(items[0], Apply) or any(isinstance(x, Apply) for x in items):
            return f"under {self.row(items, in_script=True)}"
        return f"over {self.row(items, in_script=True)}"

    def table(self, node: Table) -> str:
        if node.env in ("cases", "dcases") or (node.env == "array" and all(len(r) == 2 for r in node.rows)):
            cases = []
            for cells in node.rows:
                value = self.row(cells[0].items)
                cond = self.row(cells[1].items) if len(cells) > 1 else ""
                cond = re.sub(r"^(if|when)\s+", "", cond)
                if cond.lower().startswith("otherwise"):
                    cases.append(f"{value}, otherwise")
                else:
                    cases.append(f"{value}, if {cond}" if cond else value)
            return f"in {len(cases)} cases: " + "; ".join(cases) + ";"
        if "matrix" in node.env or node.env == "array":
            rows, cols = len(node.rows), max((len(r) for r in node.rows), default=0)
            said = f"the {rows} by {cols} matrix"
            if rows * cols <= 16:
                said += " with rows: " + "; ".join(", ".join(self.row(c.items) for c in r) for r in node.rows)
            else:
                said += ", whose first row is " + ", ".join(self.row(c.items) for c in node.rows[0])
            return said + ";"
        return "; ".join(" ".join(self.row(c.items) for c in r) for r in node.rows)


def and_list(reader: Reader, items: tuple[Node, ...] | list[Node]) -> str:
    """``a, b, c`` said as "a, b and c"; an ellipsis in a list says "and so on"."""
    parts: list[list[Node]] = [[]]
    for x in dots(list(items)):
        if isinstance(x, Op) and x.value == ",":
            parts.append([])
        else:
            parts[-1].append(x)
    said = []
    for p in parts:
        if len(p) == 1 and isinstance(p[0], Atom) and p[0].kind == "dots":
            said.append("and so on")
        else:
            said.append(reader.row(p))
    said = [s for s in said if s]
    if len(said) <= 1:
        return "".join(said)
    if said[-1] == "and so on" or "and so on" in said:
        return ", ".join(said)
    return ", ".join(said[:-1]) + " and " + said[-1]


def list_with_and(text: str, items: list[Node]) -> str:
    """A top-level list of symbols ("W_z, W_r") is read as a list: "W sub z and W sub r"."""
    if not any(isinstance(x, Op) and x.value == "," for x in items):
        return text
    if any(isinstance(x, Rel | Sep) for x in items):
        return text.replace(", dot dot dot,", ", and so on,").replace(", dot dot dot", ", and so on")
    head, sep, tail = text.rpartition(", ")
    if sep and "dot dot dot" not in text and "," not in tail:
        text = f"{head} and {tail}"
    return text.replace(", dot dot dot,", ", and so on,").replace(", dot dot dot", ", and so on")
