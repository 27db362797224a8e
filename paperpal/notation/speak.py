"""Reading an equation aloud, literally, from its tree (``notation.tree``).

Owns: ``literal(latex, meanings=None)``, the equation said the way ClearSpeak (the speech style
screen readers use for math) says it: "the fraction with numerator … and denominator …", "a over
b" for simple fractions, "the sum from k equals 1 to T sub x of …", "p of y given x", "the
expectation over x drawn from p of …", "the norm of x", "the size of S" or "the absolute value
of x" by what is inside, "W transpose", "x hat", "the partial derivative of L with respect to w".
Also re-exports ``by_meaning`` (``notation.idioms``) for the decoder.

``meanings`` (optional) maps a symbol's grouping key (``notation.symbols``) to its decoded
meaning, either a phrase or ``(phrase, certain)``: the reading then agrees with the decoder
(``∘`` explained as the element-wise product is read "element-wise times"; bars around a set
are "the size of"). Meanings only choose between readings; they are never spoken as fact here.

Must not: raise on any input, or import anything heavy.
"""

from __future__ import annotations

import re

from paperpal.notation.idioms import Meanings, by_meaning, meaning_of
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
    parse,
    word_of,
)  # fmt: skip

__all__ = ["literal", "by_meaning"]

_GREEK_SAID = {"varepsilon": "epsilon", "vartheta": "theta", "varphi": "phi", "varrho": "rho",
               "varsigma": "sigma", "varpi": "pi", "ell": "ell", "hbar": "h bar", "imath": "i",
               "jmath": "j"}  # fmt: skip
_OPS = {
    "+": "plus", "-": "minus", "*": "times", "/": "divided by", "\\cdot": "times",
    "\\times": "times", "\\odot": "element-wise times", "\\otimes": "tensor product",
    "\\oplus": "circled plus", "\\circ": "circle", "\\ast": "star", "\\star": "star",
    "\\pm": "plus or minus", "\\mp": "minus or plus", "\\div": "divided by", "\\cup": "union",
    "\\cap": "intersection", "\\setminus": "minus", "\\wedge": "and", "\\vee": "or",
    "\\land": "and", "\\lor": "or", "\\neg": "not", "\\lnot": "not", "\\forall": "for all",
    "\\exists": "there exists", "|": "given", "\\mid": "given", ":": "such that",
    "\\colon": "from", "!": "factorial", ",": ",", ";": ";", "\\|": "double bar", ".": "",
    "\\bullet": "dot", "\\circledast": "convolved with", "\\diamond": "diamond",
}  # fmt: skip
_RELS = {
    "=": "equals", "<": "is less than", ">": "is greater than",
    "\\leq": "is less than or equal to", "\\le": "is less than or equal to",
    "\\leqslant": "is less than or equal to", "\\geq": "is greater than or equal to",
    "\\ge": "is greater than or equal to", "\\geqslant": "is greater than or equal to",
    "\\neq": "is not equal to", "\\ne": "is not equal to", "\\approx": "is approximately",
    "\\sim": "is drawn from", "\\simeq": "is approximately", "\\cong": "is congruent to",
    "\\equiv": "is defined as", "\\triangleq": "is defined as", "\\coloneqq": "is defined as",
    "\\doteq": "is defined as", "\\propto": "is proportional to", "\\ll": "is much less than",
    "\\gg": "is much greater than", "\\in": "is in", "\\notin": "is not in", "\\ni": "contains",
    "\\subset": "is a subset of", "\\subseteq": "is a subset of", "\\supset": "is a superset of",
    "\\supseteq": "is a superset of", "\\rightarrow": "to", "\\to": "to", "\\leftarrow": "gets",
    "\\gets": "gets", "\\Rightarrow": "implies", "\\implies": "implies", "\\Leftarrow": "is implied by",
    "\\iff": "if and only if", "\\Leftrightarrow": "if and only if", "\\leftrightarrow": "corresponds to",
    "\\mapsto": "maps to", "\\longrightarrow": "to", "\\perp": "is independent of",
    "\\models": "satisfies", "\\lesssim": "is at most about", "\\gtrsim": "is at least about",
    "\\prec": "precedes", "\\succ": "succeeds", "\\preceq": "precedes", "\\succeq": "succeeds",
}  # fmt: skip
_FUNCTIONS = {"log": "the log of", "ln": "the natural log of", "exp": "the exponential of",
              "tanh": "tanh of", "sinh": "sinh of", "cosh": "cosh of", "sin": "the sine of",
              "cos": "the cosine of", "tan": "the tangent of", "det": "the determinant of",
              "tr": "the trace of", "trace": "the trace of", "max": "the maximum of",
              "min": "the minimum of", "dim": "the dimension of", "Pr": "the probability of",
              "arg": "the argument of", "diag": "the diagonal matrix of", "sgn": "the sign of",
              "sign": "the sign of", "softmax": "softmax of", "sigmoid": "sigmoid of",
              "relu": "ReLU of", "ReLU": "ReLU of", "Var": "the variance of",
              "var": "the variance of", "Cov": "the covariance of", "cov": "the covariance of",
              "KL": "the KL divergence of", "Concat": "the concatenation of",
              "concat": "the concatenation of"}  # fmt: skip
_BIG = {"sum": "the sum", "prod": "the product", "coprod": "the coproduct", "int": "the integral",
        "iint": "the double integral", "iiint": "the triple integral", "oint": "the contour integral",
        "bigcup": "the union", "bigcap": "the intersection", "bigoplus": "the direct sum",
        "bigotimes": "the tensor product", "max": "the maximum", "min": "the minimum",
        "argmax": "the arg max", "argmin": "the arg min", "sup": "the supremum",
        "inf": "the infimum", "lim": "the limit", "limsup": "the limit superior",
        "liminf": "the limit inferior", "E": "the expectation", "bigvee": "the or",
        "bigwedge": "the and"}  # fmt: skip
_SYMBOLS = {"infty": "infinity", "emptyset": "the empty set", "varnothing": "the empty set",
            "top": "top", "bot": "bottom", "partial": "partial", "nabla": "nabla", "prime": "prime",
            "dagger": "dagger", "angle": "angle", "triangle": "triangle", "hbar": "h bar",
            "ell": "ell", "%": "percent", "#": "number", "$": "dollars", "_": "underscore",
            "&": "and"}  # fmt: skip
_FRACTION_WORDS = {2: "half", 3: "third", 4: "quarter", 5: "fifth", 6: "sixth", 7: "seventh",
                   8: "eighth", 9: "ninth", 10: "tenth"}  # fmt: skip
_NUMBER_WORDS = "zero one two three four five six seven eight nine ten".split()
_ACCENT_SAID = {"hat": "hat", "tilde": "tilde", "bar": "bar", "vec": "vector", "dot": "dot",
                "ddot": "double dot", "check": "check", "breve": "breve", "underline": "underline",
                "ring": "ring", "acute": "acute", "grave": "grave"}  # fmt: skip
_BB = {"R": "the real numbers", "N": "the natural numbers", "Z": "the integers",
       "Q": "the rationals", "C": "the complex numbers"}  # fmt: skip
# An operator read by what the decoder says it is (first keyword found in the meaning wins).
_OP_BY_MEANING = (
    (("element-wise", "elementwise", "hadamard", "element wise"), "element-wise times"),
    (("composition", "composed", "compose"), "composed with"),
    (("convolution", "convolve"), "convolved with"),
    (("concatenat",), "concatenated with"),
    (("kronecker",), "Kronecker product"),
    (("exclusive or", "xor"), "x-or"),
    (("direct sum",), "direct sum"),
    (("outer product",), "outer product"),
    (("cross product",), "cross"),
    (("dot product", "inner product"), "dot"),
)


def literal(latex: str, meanings: Meanings | None = None) -> str:
    """``latex`` read aloud in ClearSpeak's style; never raises (falls back to the LaTeX)."""
    if not isinstance(latex, str):
        return ""
    try:
        tree = parse(latex)
        reader = _Reader(latex, meanings or {})
        text = reader.row(tree.root.items)
        text = re.sub(r"\s+([,;:])", r"\1", text)
        text = re.sub(r"([,;])(?:\s*[,;])+", r"\1", text)
        text = re.sub(r"\s{2,}", " ", text).strip(" ,;")
        return text or latex
    except Exception:  # noqa: BLE001 - reading aloud is best effort; the LaTeX is the fallback
        return latex


class _Reader:
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
        occ = self.occ.get(node.start)
        return occ.superscript_role if occ is not None else None

    # ---- rows ------------------------------------------------------------------------------

    def row(self, items: tuple[Node, ...] | list[Node], in_script: bool = False) -> str:
        items = _dots(list(items))
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
                words.append(_RELS.get(node.value, node.value.lstrip("\\")))
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
                and not _simple(node.body)
            ):
                words.append("times")
            said = self.node(node, in_script)
            if said:
                words.append(said)
            prev_operand = not (isinstance(node, Frac) and _derivative_operator(node))
        text = " ".join(w for w in words if w)
        return _list_with_and(text, items)

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
            for keys, said in _OP_BY_MEANING:
                if any(key in phrase for key in keys):
                    return said
            if value == "\\circ":
                return "composed with" if _functions_around(items, k) else "element-wise times"
        if value == "\\nabla":
            return "the gradient of"
        if value == "\\partial":
            return "partial"
        return _OPS.get(value, value.lstrip("\\"))

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
            return _atom(node)
        if isinstance(node, Text):
            return node.value.strip()
        if isinstance(node, Font):
            return self.font(node)
        if isinstance(node, Accent):
            body = self.node(node.body)
            said = _ACCENT_SAID.get(node.accent, node.accent)
            return f"{body} {said}" if _simple(node.body) else f"{body}, {said}"
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
            return _OPS.get(node.value, node.value)
        if isinstance(node, Rel):
            return _RELS.get(node.value, node.value)
        return ""

    def font(self, node: Font) -> str:
        word = word_of(node.body)
        if node.font == "blackboard" and word in _BB:
            return _BB[word]
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
            compound = not _simple(node.sub)
        if node.sup is not None:
            sup_text = word_of(node.sup) or _flat(node.sup)
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
            compound = not _simple(node.sup)
        return said + ("," if compound else "")

    def power(self, sup: Node) -> str:
        text = word_of(sup) or _flat(sup)
        if text == "2":
            return "squared"
        if text == "3":
            return "cubed"
        said = self.node(sup, in_script=True)
        return f"to the power {said}" if _simple(sup) else f"to the power {said},"

    def frac(self, node: Frac) -> str:
        num, den = node.num, node.den
        if node.kind == "binom":
            return f"{self.node(num)} choose {self.node(den)}"
        derivative = _derivative(node)
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
            word = _FRACTION_WORDS[d] + ("s" if n > 1 else "")
            return f"{_NUMBER_WORDS[n]} {word}"
        if _simple(num) and _simple(den):
            return f"{self.node(num)} over {self.node(den)}"
        return f"the fraction with numerator {self.node(num)} and denominator {self.node(den)},"

    def root(self, node: Root) -> str:
        index = word_of(node.index) if node.index is not None else ""
        lead = {"": "the square root of", "2": "the square root of", "3": "the cube root of"}.get(
            index, f"the {self.node(node.index) if node.index is not None else ''}-th root of"
        )
        body = self.node(node.body)
        return f"{lead} {body}" if _simple(node.body) else f"{lead} {body}, end root,"

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
            return f"the inner product of {_and_list(self, items)},"
        if node.open == "\\{":
            return f"the set of {body},"
        if node.open == ".":
            return body
        if _simple(node.body) or (node.open == "(" and _is_single_operand(items)):
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
        name = _function_name(fn)
        if name in _FUNCTIONS and isinstance(fn, Atom | Font):
            lead = _FUNCTIONS[name]
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
                inner = _and_list(self, items)
            else:
                inner = self.row(items)
                if not _is_single_operand(items) and not _simple(arg.body):
                    return f"{lead} open paren {inner} close paren"
            return f"{lead} {inner}"
        inner = self.node(arg)
        return f"{lead} {inner}"

    def big(self, node: Big) -> str:
        lead = _BIG.get(node.op, f"the {node.op}")
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
            sub_items = _items(node.sub)
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
        items = _items(sub)
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


# --------------------------------------------------------------------------------------------
# small predicates
# --------------------------------------------------------------------------------------------


def _atom(node: Atom) -> str:
    if node.kind == "greek":
        return _GREEK_SAID.get(node.value, node.value)
    if node.kind == "dots":
        return (
            "dot dot dot"
            if node.value in ("ldots", "cdots")
            else {"vdots": "vertical dots", "ddots": "diagonal dots"}[node.value]
        )
    if node.kind == "function":
        return _FUNCTIONS.get(node.value, node.value).removeprefix("the ").removesuffix(" of")
    if node.kind == "bigop":
        return _BIG.get(node.value, node.value).removeprefix("the ")
    if node.kind == "symbol":
        return _SYMBOLS.get(node.value, node.value)
    return node.value


def _items(node: Node) -> tuple[Node, ...]:
    return node.items if isinstance(node, Row) else (node,)


def _flat(node: Node) -> str:
    if isinstance(node, Atom):
        return node.value
    if isinstance(node, Op | Rel):
        return node.value
    if isinstance(node, Row):
        return "".join(_flat(x) for x in node.items)
    return "…"


def _simple(node: Node) -> bool:
    """One symbol, number or short word: read without pauses around it."""
    if isinstance(node, Row):
        if len(node.items) == 1:
            return _simple(node.items[0])
        return (
            bool(node.items)
            and len(node.items) <= 3
            and all(isinstance(x, Atom) and x.kind == "letter" for x in node.items)
        )
    if isinstance(node, Atom | Text):
        return True
    if isinstance(node, Font | Accent):
        return _simple(node.body)
    if isinstance(node, Script):
        return (
            node.base is not None
            and _simple(node.base)
            and all(s is None or (isinstance(s, Atom | Font)) for s in (node.sub, node.sup))
        )
    return False


def _is_single_operand(items: tuple[Node, ...]) -> bool:
    return len(items) == 1 and not isinstance(items[0], Op | Rel | Sep)


def _function_name(fn: Node) -> str:
    if isinstance(fn, Atom) and fn.kind in ("function", "bigop", "word"):
        return fn.value
    if isinstance(fn, Font):
        return word_of(fn.body)
    return ""


def _derivative(node: Frac) -> tuple[int, str, Node | None, list[Node]] | None:
    """(order, "partial"|"total", what is differentiated or None, variables) of d/dx-like fractions."""
    num = list(_items(node.num))
    den = list(_items(node.den))
    head = num[0] if num else None
    order = 1
    kind = ""
    if isinstance(head, Script) and isinstance(head.base, Op) and head.base.value == "\\partial":
        kind, order = "partial", int(word_of(head.sup)) if word_of(head.sup).isdigit() else 1
    elif isinstance(head, Op) and head.value == "\\partial":
        kind = "partial"
    elif (
        isinstance(head, Atom) and head.value == "d" or (isinstance(head, Font) and word_of(head.body) == "d")
    ):
        kind = "total"
    elif isinstance(head, Script) and (word_of(head.base) == "d") and word_of(head.sup).isdigit():
        kind, order = "total", int(word_of(head.sup))
    if not kind or not den:
        return None
    wrt: list[Node] = []
    k = 0
    while k < len(den):
        x = den[k]
        is_d = (
            (isinstance(x, Op) and x.value == "\\partial")
            or (isinstance(x, Atom) and x.value == "d")
            or (isinstance(x, Font) and word_of(x.body) == "d")
        )
        if is_d and k + 1 < len(den):
            wrt.append(den[k + 1])
            k += 2
            continue
        if (
            isinstance(x, Script)
            and isinstance(x.base, Atom | Op)
            and _flat(x.base) in ("d", "\\partial")
            and x.sup is not None
        ):
            k += 1  # dx^2 style: keep going
            continue
        return None
    if not wrt:
        return None
    rest = num[1:]
    of: Node | None = None
    if rest:
        of = rest[0] if len(rest) == 1 else Row(tuple(rest))
    return order, kind, of, wrt


def _derivative_operator(node: Frac) -> bool:
    d = _derivative(node)
    return d is not None and d[2] is None


def _functions_around(items: list[Node], k: int) -> bool:
    """``f \\circ g``: both sides are function names or letters papers use for functions."""

    def fn_like(x: Node | None) -> bool:
        return isinstance(x, Atom) and (
            x.kind == "function" or x.value in ("f", "g", "h", "F", "G", "phi", "psi")
        )

    before = items[k - 1] if k >= 1 else None
    after = items[k + 1] if k + 1 < len(items) else None
    return fn_like(before) and fn_like(after)


def _dots(items: list[Node]) -> list[Node]:
    """Three ``.`` in a row (``...`` typed, or from a PDF) are one ellipsis."""
    out: list[Node] = []
    k = 0
    while k < len(items):
        if all(k + m < len(items) and _op_is(items[k + m], ".") for m in range(3)):  # type: ignore[union-attr]
            out.append(Atom("dots", "ldots"))
            k += 3
            while k < len(items) and isinstance(items[k], Op) and items[k].value == ".":  # type: ignore[union-attr]
                k += 1
            continue
        out.append(items[k])
        k += 1
    return out


def _op_is(node: Node, value: str) -> bool:
    return isinstance(node, Op) and node.value == value


def _and_list(reader: _Reader, items: tuple[Node, ...] | list[Node]) -> str:
    """``a, b, c`` said as "a, b and c"; an ellipsis in a list says "and so on"."""
    parts: list[list[Node]] = [[]]
    for x in _dots(list(items)):
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


def _list_with_and(text: str, items: list[Node]) -> str:
    """A top-level list of symbols ("W_z, W_r") is read as a list: "W sub z and W sub r"."""
    if not any(isinstance(x, Op) and x.value == "," for x in items):
        return text
    if any(isinstance(x, Rel | Sep) for x in items):
        return text.replace(", dot dot dot,", ", and so on,").replace(", dot dot dot", ", and so on")
    head, sep, tail = text.rpartition(", ")
    if sep and "dot dot dot" not in text and "," not in tail:
        text = f"{head} and {tail}"
    return text.replace(", dot dot dot,", ", and so on,").replace(", dot dot dot", ", and so on")
