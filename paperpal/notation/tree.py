"""One equation tree, built once per equation from ``mathtokens``' tokens.

Owns: ``parse(latex) -> Tree``, the structure every other reader of an equation shares (reading
aloud, recognising idioms, evaluating with numbers, the 2-D drawing): fractions, scripts, big
operators with their limits and body (sums, products, integrals, expectations, max/min/argmax,
limits), function application, grouping and fences (parentheses, absolute values, norms, sets,
floors), relations, operators, cases and matrices, accents, fonts and text. Each symbol node keeps
its offsets in the LaTeX, so a reader can ask ``notation.symbols`` which symbol (and meaning) it is.

Must not: know what a symbol means, import anything heavy, or raise (a tree is always built;
what could not be read is listed in ``Tree.problems``, and ``Tree.complete`` says whether there
were any).

Decisions
---------
- A letter, a scripted letter or a named function followed by ``(`` is applied to the
  parenthesised argument when it is a function by name (``\\log``, ``\\mathrm{softmax}``), a
  letter papers use for functions (f g h p q D G F L …, calligraphic letters) or when the
  parentheses hold a comma or a ``|`` (``k(x, y)``, ``p(a | b)``); otherwise it is a product
  (``U(r \\odot h)``).
- A named function without parentheses takes the next factor: ``\\log p(x)``, ``\\exp x``.
- A big operator's body runs to the next top-level ``+``, ``-``, relation or separator, as a
  reader hears it ("the sum over i of a sub i b sub i, plus c").
- ``|`` opens a fence at the start of a group or after an operator, closes an open one, and
  otherwise means "given" (``p(a | b)``); ``\\mid`` always means "given".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from paperpal.mathtokens import TEXT_COMMANDS, Token, tokenize

__all__ = [
    "Accent", "Apply", "Atom", "Big", "Fenced", "Font", "Frac", "Node", "Op", "Rel", "Root",
    "Row", "Script", "Sep", "Stack", "Table", "Text", "Tree", "parse", "to_latex", "word_of", "big_op",
]  # fmt: skip


@dataclass(frozen=True, slots=True)
class Atom:
    """One symbol: ``kind`` is letter, number, greek, symbol, word, function, bigop, dots, unknown."""

    kind: str
    value: str  # "x", "3", "alpha", "infty", "softmax", "sum"
    start: int = field(default=0, compare=False)
    end: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Font:
    font: str  # bold, calligraphic, blackboard, script, fraktur, roman, sans, mono, italic
    body: Node
    start: int = field(default=0, compare=False)
    end: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Accent:
    accent: str  # hat, tilde, bar, vec, dot, ddot, check, breve, underline, ring
    body: Node
    start: int = field(default=0, compare=False)
    end: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Script:
    base: Node | None
    sub: Node | None = None
    sup: Node | None = None
    primes: int = 0
    start: int = field(default=0, compare=False)
    end: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Frac:
    num: Node
    den: Node
    kind: str = "frac"  # frac | binom


@dataclass(frozen=True, slots=True)
class Root:
    body: Node
    index: Node | None = None


@dataclass(frozen=True, slots=True)
class Fenced:
    open: str  # "(", "[", "\\{", "|", "\\|", "\\langle", "\\lfloor", "\\lceil", "." (invisible)
    close: str | None  # None: never closed
    body: Row


@dataclass(frozen=True, slots=True)
class Apply:
    fn: Node
    arg: Node  # a Fenced argument, or the bare factor a named function took


@dataclass(frozen=True, slots=True)
class Big:
    """A big operator with its limits and body: sum, prod, int, E, max, min, argmax, lim ..."""

    op: str
    sub: Node | None
    sup: Node | None
    body: Row


@dataclass(frozen=True, slots=True)
class Op:
    value: str  # "+", "-", "\\cdot", "\\odot", ",", "|", "/" ...


@dataclass(frozen=True, slots=True)
class Rel:
    value: str  # "=", "\\leq", "\\in", "\\sim", "\\leftarrow" ...


@dataclass(frozen=True, slots=True)
class Sep:
    value: str  # "&" (alignment) or "\\\\" (a new line)


@dataclass(frozen=True, slots=True)
class Text:
    value: str


@dataclass(frozen=True, slots=True)
class Stack:
    """``\\overset{top}{base}``, ``\\underset``, ``\\stackrel``, ``\\underbrace{base}_{top}``."""

    top: Node
    base: Node
    kind: str = "overset"


@dataclass(frozen=True, slots=True)
class Table:
    env: str  # cases, matrix, pmatrix, bmatrix, array, aligned, split ...
    rows: tuple[tuple[Row, ...], ...]


@dataclass(frozen=True, slots=True)
class Row:
    items: tuple[Node, ...] = ()


Node = (
    Atom
    | Font
    | Accent
    | Script
    | Frac
    | Root
    | Fenced
    | Apply
    | Big
    | Op
    | Rel
    | Sep
    | Text
    | Stack
    | Table
    | Row
)


@dataclass(frozen=True, slots=True)
class Tree:
    latex: str
    root: Row
    problems: tuple[str, ...] = ()  # what TeX itself would refuse: unbalanced braces, a lost argument
    stray: int = 0  # unmatched delimiters TeX accepts: ")" alone, "[0, 1)" is not one

    @property
    def complete(self) -> bool:
        return not self.problems


# --------------------------------------------------------------------------------------------
# vocabularies
# --------------------------------------------------------------------------------------------

GREEK = frozenset(
    "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi "
    "pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta Theta "
    "Lambda Xi Pi Sigma Upsilon Phi Psi Omega ell hbar imath jmath".split()
)
FUNCTIONS = frozenset(
    "log ln exp tanh sinh cosh tan sin cos sec csc cot arcsin arccos arctan det dim ker deg gcd "
    "Pr tr lg arg sgn".split()
)
BIG_OPS = frozenset(
    "sum prod coprod int iint iiint oint bigcup bigcap bigoplus bigotimes bigvee bigwedge max min "
    "argmax argmin sup inf lim limsup liminf".split()
)
# Letters papers use for functions and distributions: applied to "(...)" they are applied.
FUNCTION_LETTERS = frozenset("f g h p q r D G F L P Q H J K N E V C R S T O".split()) | {
    "sigma", "phi", "psi", "pi", "ell", "varphi", "delta", "mu"
}  # fmt: skip
RELATIONS = frozenset(
    "= < > \\leq \\geq \\le \\ge \\neq \\ne \\approx \\sim \\simeq \\cong \\equiv \\propto \\ll "
    "\\gg \\in \\notin \\ni \\subset \\subseteq \\supset \\supseteq \\rightarrow \\to \\leftarrow "
    "\\gets \\Rightarrow \\Leftarrow \\leftrightarrow \\Leftrightarrow \\mapsto \\longrightarrow "
    "\\implies \\iff \\triangleq \\coloneqq \\doteq \\models \\perp \\prec \\succ \\preceq "
    "\\succeq \\leqslant \\geqslant \\lesssim \\gtrsim \\stackrel".split()
)
OPERATORS = frozenset(
    "+ - * / , ; : ! \\cdot \\times \\odot \\otimes \\oplus \\circ \\ast \\star \\bullet \\pm \\mp "
    "\\div \\cup \\cap \\setminus \\wedge \\vee \\land \\lor \\neg \\lnot \\forall \\exists "
    "\\nabla \\partial \\mid \\colon \\circledast \\diamond".split()
)
ACCENTS = {
    "hat": "hat", "widehat": "hat", "tilde": "tilde", "widetilde": "tilde", "bar": "bar",
    "overline": "bar", "vec": "vec", "dot": "dot", "ddot": "ddot", "check": "check",
    "breve": "breve", "underline": "underline", "mathring": "ring", "acute": "acute",
    "grave": "grave", "overrightarrow": "vec",
}  # fmt: skip
FONTS = {
    "mathbf": "bold", "boldsymbol": "bold", "bm": "bold", "pmb": "bold", "mathbold": "bold",
    "bold": "bold", "textbf": "bold", "mathcal": "calligraphic", "mathscr": "script",
    "mathbb": "blackboard", "mathbbm": "blackboard", "mathfrak": "fraktur", "mathrm": "roman",
    "operatorname": "roman", "mathit": "italic", "mathsf": "sans", "mathtt": "mono",
    "texttt": "mono", "textsf": "sans", "textit": "italic", "textrm": "roman", "text": "roman",
    "mbox": "roman", "hbox": "roman", "textnormal": "roman", "textup": "roman", "emph": "italic",
}  # fmt: skip
_FONT_SWITCHES = {
    "bf": "bold",
    "rm": "roman",
    "it": "italic",
    "cal": "calligraphic",
    "sf": "sans",
    "tt": "mono",
}
_DELIMS = {
    "(": "(", "[": "[", "\\{": "\\{", "\\lbrace": "\\{", "\\langle": "\\langle",
    "\\lfloor": "\\lfloor", "\\lceil": "\\lceil", "|": "|", "\\vert": "|", "\\lvert": "|",
    "\\|": "\\|", "\\Vert": "\\|", "\\lVert": "\\|", "\\lbrack": "[",
}  # fmt: skip
_CLOSERS = {
    ")": ")", "]": "]", "\\}": "\\}", "\\rbrace": "\\}", "\\rangle": "\\rangle",
    "\\rfloor": "\\rfloor", "\\rceil": "\\rceil", "\\rvert": "|", "\\rVert": "\\|", "\\rbrack": "]",
}  # fmt: skip
_PAIR = {"(": ")", "[": "]", "\\{": "\\}", "\\langle": "\\rangle", "\\lfloor": "\\rfloor",
         "\\lceil": "\\rceil", "|": "|", "\\|": "\\|"}  # fmt: skip
_SIZING = frozenset(
    "big Big bigg Bigg bigl bigr Bigl Bigr biggl biggr Biggl Biggr bigm Bigm biggm Biggm".split()
)
_SKIP_ARG = frozenset("label tag color phantom hphantom vphantom vspace hspace ensuremath".split())
_IGNORED = frozenset(
    "displaystyle textstyle scriptstyle scriptscriptstyle limits nolimits nonumber notag relax "
    "allowbreak nobreak hfill cr span mathsmaller smash".split()
)
_DOTS = {"ldots": "ldots", "dots": "ldots", "dotsc": "ldots", "cdots": "cdots", "dotsb": "cdots",
         "vdots": "vdots", "ddots": "ddots"}  # fmt: skip
_ENV_TABLES = frozenset(
    "cases dcases matrix pmatrix bmatrix Bmatrix vmatrix Vmatrix smallmatrix array aligned split "
    "align gathered gather alignedat eqnarray subarray".split()
)
_MAX_DEPTH = 60


# --------------------------------------------------------------------------------------------
# parsing
# --------------------------------------------------------------------------------------------


def parse(latex: str) -> Tree:
    """The tree of ``latex``; built once per distinct string (memoised). Never raises."""
    if not isinstance(latex, str):
        return Tree("", Row(), ("not a string",))
    return _parse(latex)


@lru_cache(maxsize=4096)
def _parse(latex: str) -> Tree:
    toks = [t for t in tokenize(latex) if t.kind not in ("space", "comment")]
    parser = _Parser(toks)
    try:
        items = parser.row(frozenset(), depth=0)
        while parser.i < len(toks):  # a stray closer at the top: note it, keep going
            tok = toks[parser.i]
            if tok.kind == "close" or tok.value == "\\end":
                parser.problems.append(f"unexpected {tok.value!r} at {tok.start}")
            else:
                parser.stray += 1  # a \right with no \left
            parser.i += 1
            items += parser.row(frozenset(), depth=0)
        root = Row(tuple(_assemble(items)))
    except RecursionError:
        return Tree(latex, Row((Text(latex),)), ("nested too deeply",))
    return Tree(latex, root, tuple(dict.fromkeys(parser.problems)), parser.stray)


class _Parser:
    """Recursive descent over the token list; ``row`` stops at a closer it does not own."""

    def __init__(self, toks: list[Token]) -> None:
        self.toks = toks
        self.i = 0
        self.problems: list[str] = []
        self.tables = 0  # environments (cases, matrices) being read
        self.stray = 0  # unmatched parentheses, brackets and bars (legal TeX, often a typo)

    def peek(self, k: int = 0) -> Token | None:
        j = self.i + k
        return self.toks[j] if j < len(self.toks) else None

    def row(self, closers: frozenset[str], depth: int) -> list[Node]:
        """Items up to (not including) a closer in ``closers``, a ``}``, ``\\right`` or ``\\end``."""
        if depth > _MAX_DEPTH:
            raise RecursionError
        items: list[Node] = []
        while (tok := self.peek()) is not None:
            if tok.kind == "close" or tok.value in ("\\right", "\\end"):
                break
            if tok.kind == "align" and self.tables:
                break  # a cell or row of the table being read ends here
            value = _CLOSERS.get(tok.value, _DELIMS.get(tok.value, tok.value))
            if value in closers and (value not in ("|", "\\|") or _is_operand_end(items)):
                break
            if tok.value in _CLOSERS or (tok.kind == "symbol" and tok.value in ")]"):
                self.stray += 1  # TeX accepts an unmatched ")": so does the tree, and counts it
                self.i += 1
                items.append(Op(tok.value))
                continue
            node = self.item(items, closers, depth)
            if node is not None:
                items.append(node)
        return items

    def item(self, items: list[Node], closers: frozenset[str], depth: int) -> Node | None:
        start_tok = self.peek()
        assert start_tok is not None
        base = self.primary(items, closers, depth)
        if base is None:
            return None
        # scripts and primes
        sub = sup = None
        primes = 0
        while (tok := self.peek()) is not None:
            if tok.kind == "symbol" and tok.value == "'":
                primes += 1
                self.i += 1
            elif tok.kind == "command" and tok.value == "\\prime":
                primes += 1
                self.i += 1
            elif tok.kind in ("sub", "sup"):
                self.i += 1
                arg = self.argument(depth)
                if tok.kind == "sub" and sub is None:
                    sub = arg
                elif tok.kind == "sup" and sup is None:
                    sup = arg
                elif tok.kind == "sup" and sup is not None:
                    sup = Row((*_items(sup), Op(","), *_items(arg)))  # x^a{}^b: both kept
                else:
                    sub = Row((*_items(sub), Op(","), *_items(arg)))  # type: ignore[arg-type]
            else:
                break
        if sub is None and sup is None and not primes:
            return base
        end = self.toks[self.i - 1].end
        return Script(base, sub, sup, primes, start=start_tok.start, end=end)

    def argument(self, depth: int) -> Node:
        """A macro argument or script: a braced group or one token (with its own arguments)."""
        tok = self.peek()
        if tok is None:
            self.problems.append("an argument is missing at the end")
            return Row()
        if tok.kind == "open":
            self.i += 1
            inner = self.row(frozenset(), depth + 1)
            self._expect_close(tok)
            return _single(_assemble(inner))
        if tok.kind == "digit" and len(tok.value) > 1 and "." not in tok.value:
            # TeX takes one character: x^23 is x^2 3 (rare and usually a typo; keep the digits)
            self.i += 1
            return Atom("number", tok.value, tok.start, tok.end)
        if tok.kind in ("sub", "sup", "align", "close"):
            self.problems.append(f"an argument is missing at {tok.start}")
            return Row()
        node = self.primary([], frozenset(), depth + 1)
        return node if node is not None else Row()

    def _expect_close(self, opener: Token) -> None:
        tok = self.peek()
        if tok is not None and tok.kind == "close":
            self.i += 1
        else:
            self.problems.append(f"a group opened at {opener.start} is never closed")

    def primary(self, items: list[Node], closers: frozenset[str], depth: int) -> Node | None:
        tok = self.peek()
        assert tok is not None
        kind, value = tok.kind, tok.value
        self.i += 1
        if kind == "open":
            first = self.peek()
            if first is not None and first.kind == "command" and first.value[1:] in _FONT_SWITCHES:
                self.i += 1  # {\bf x}: an old-style font switch
                inner = self.row(frozenset(), depth + 1)
                self._expect_close(tok)
                return Font(_FONT_SWITCHES[first.value[1:]], _single(_assemble(inner)), tok.start, tok.end)
            inner = self.row(frozenset(), depth + 1)
            self._expect_close(tok)
            return _single(_assemble(inner))
        if kind == "letter":
            return Atom("letter", value, tok.start, tok.end)
        if kind == "digit":
            return Atom("number", value, tok.start, tok.end)
        if kind == "text":
            return Text(value)
        if kind == "align":
            return Sep(value)
        if kind == "error":
            self.problems.append(f"unbalanced {value!r} at {tok.start}")
            return None
        if kind in ("sub", "sup"):
            self.i -= 1  # a script with no base: Script(None, ...)
            return _EmptyBase
        if kind == "close":
            return None
        if value in _DELIMS and not (
            value in ("|", "\\|", "\\vert") and _is_operand_end(items) and not self.partner(value)
        ):
            return self.fenced(_DELIMS[value], depth)
        if kind == "symbol":
            if value in RELATIONS:
                return Rel(value)
            if value == "|":
                return Op("|")
            return Op(value)
        # commands
        name = value[1:]
        if name == "left":
            return self.left(depth)
        if name in _SIZING or name == "middle":
            nxt = self.peek()
            if nxt is not None and (nxt.value in _DELIMS or nxt.value in _CLOSERS or nxt.value in ")]"):
                if name == "middle" or nxt.value in ("|", "\\vert", "\\|", "\\mid"):
                    self.i += 1
                    return Op("|")
            return None
        if name in _IGNORED or name == "right":
            return None
        if name in _SKIP_ARG:
            if name == "ensuremath":
                return self.argument(depth)
            self.argument(depth)
            return None
        if name == "textcolor":
            self.argument(depth)
            return self.argument(depth)
        if name in ("frac", "dfrac", "tfrac", "cfrac", "binom", "dbinom", "tbinom"):
            num = self.argument(depth)
            den = self.argument(depth)
            return Frac(num, den, "binom" if "binom" in name else "frac")
        if name == "sqrt":
            index = None
            nxt = self.peek()
            if nxt is not None and nxt.value == "[":
                self.i += 1
                index = _single(_assemble(self.row(frozenset({"]"}), depth + 1)))
                if (close := self.peek()) is not None and close.value == "]":
                    self.i += 1
            return Root(self.argument(depth), index)
        if name in ACCENTS:
            return Accent(ACCENTS[name], self.argument(depth), tok.start, self.toks[self.i - 1].end)
        if value in TEXT_COMMANDS and name not in FONTS:
            self.argument(depth)
            return None
        if name in FONTS:
            body = self.argument(depth)
            if isinstance(body, Text):
                return Text(body.value)
            return Font(FONTS[name], body, tok.start, self.toks[self.i - 1].end)
        if name in ("overset", "underset", "stackrel"):
            top = self.argument(depth)
            base = self.argument(depth)
            return Stack(top, base, "underset" if name == "underset" else "overset")
        if name in ("overbrace", "underbrace", "boxed", "mathop", "mathbin", "mathrel", "mathord"):
            return self.argument(depth)
        if name == "begin":
            return self.environment(depth)
        if name in _DOTS:
            return Atom("dots", _DOTS[name], tok.start, tok.end)
        if name in GREEK:
            return Atom("greek", name, tok.start, tok.end)
        if name in BIG_OPS:
            return Atom("bigop", name, tok.start, tok.end)
        if name in FUNCTIONS:
            return Atom("function", name, tok.start, tok.end)
        if value in RELATIONS:
            return Rel(value)
        if value in ("\\mid", "\\vert"):
            return Op("|")
        if value in ("\\|", "\\Vert"):
            return Op("\\|")  # KL(p \| q): "between p and q"
        if value in OPERATORS or name in ("not",):
            return Op(value)
        if value in ("\\,", "\\;", "\\!", "\\:"):
            return None
        if value == "\\\\":
            return Sep("\\\\")
        if len(value) == 2 and not value[1].isalpha():
            return Atom("symbol", value[1], tok.start, tok.end)  # \% \$ \# \_ \&
        return Atom("symbol", name, tok.start, tok.end)  # \infty, \emptyset, \top, unknown macros

    def partner(self, value: str) -> bool:
        """Whether a bar after an operand has a closing partner in the same group (λ‖w‖²)."""
        want = _DELIMS[value]
        depth = 0
        for tok in self.toks[self.i :]:
            if tok.kind == "open" or tok.value in ("(", "[", "\\left"):
                depth += 1
            elif tok.kind == "close" or tok.value in (")", "]", "\\right"):
                depth -= 1
                if depth < 0:
                    return False
            elif depth == 0 and _DELIMS.get(tok.value) == want:
                return True
        return False

    def fenced(self, opener: str, depth: int) -> Node:
        want = _PAIR[opener]
        closers = frozenset({want, ")", "]"} if opener in ("(", "[") else {want})
        mark, problems = self.i, len(self.problems)
        body = self.row(closers, depth + 1)
        tok = self.peek()
        if tok is not None and tok.kind not in ("close",) and tok.value not in ("\\right", "\\end"):
            self.i += 1
            return Fenced(
                opener,
                _CLOSERS.get(tok.value, _DELIMS.get(tok.value, tok.value)),
                Row(tuple(_assemble(body))),
            )
        # Never closed: TeX does not mind an unmatched "[", so it stands alone and the rest is
        # read again after it.
        self.i, self.problems[problems:] = mark, []
        self.stray += 1
        return Op(opener)

    def left(self, depth: int) -> Node:
        tok = self.peek()
        opener = "."
        if tok is not None:
            self.i += 1
            opener = _DELIMS.get(tok.value, tok.value)
        body = self.row(frozenset(), depth + 1)
        close: str | None = None
        nxt = self.peek()
        if nxt is not None and nxt.value == "\\right":
            self.i += 1
            after = self.peek()
            if after is not None:
                self.i += 1
                close = _CLOSERS.get(after.value, _DELIMS.get(after.value, after.value))
        else:
            self.problems.append("\\left without \\right")
        return Fenced(opener, close, Row(tuple(_assemble(body))))

    def environment(self, depth: int) -> Node:
        env = self._name()
        if env in ("array", "subarray", "alignedat"):
            self.argument(depth)  # the column spec {ll}
        rows: list[tuple[Row, ...]] = []
        cells: list[Row] = []
        current: list[Node] = []
        self.tables += 1
        while (tok := self.peek()) is not None:
            if tok.value == "\\end":
                self.i += 1
                self._name()
                break
            if tok.kind == "align":
                self.i += 1
                cells.append(Row(tuple(_assemble(current))))
                current = []
                if tok.value != "&":
                    rows.append(tuple(cells))
                    cells = []
                    if (nxt := self.peek()) is not None and nxt.value == "[":  # \\[2ex]
                        while (nxt := self.peek()) is not None and nxt.value != "]":
                            self.i += 1
                        self.i += 1
                continue
            got = self.row(frozenset(), depth + 1)
            current.extend(got)
            if (
                len(got) == 0
                and (tok := self.peek()) is not None
                and tok.value not in ("\\end",)
                and tok.kind != "align"
            ):
                self.problems.append(f"unexpected {tok.value!r} at {tok.start}")
                self.i += 1
        else:
            self.problems.append(f"\\begin{{{env}}} without \\end")
        self.tables -= 1
        if current or cells:
            cells.append(Row(tuple(_assemble(current))))
            rows.append(tuple(cells))
        rows = [r for r in rows if any(c.items for c in r)]
        return Table(env, tuple(rows))

    def _name(self) -> str:
        tok = self.peek()
        if tok is None or tok.kind != "open":
            return ""
        self.i += 1
        name = []
        while (tok := self.peek()) is not None and tok.kind != "close":
            name.append(tok.value)
            self.i += 1
        self.i += 1
        return "".join(name).rstrip("*")


_EmptyBase = Row()


def _is_operand_end(items: list[Node]) -> bool:
    """Whether the items so far end with something an operator or a closing bar can follow."""
    if not items:
        return False
    last = items[-1]
    if isinstance(last, (Op, Rel, Sep)):
        return last.value in ("!",) if isinstance(last, Op) else False
    if isinstance(last, Atom) and last.kind in ("bigop", "function"):
        return False
    return True


def _items(node: Node) -> tuple[Node, ...]:
    return node.items if isinstance(node, Row) else (node,)


def _single(items: list[Node]) -> Node:
    return items[0] if len(items) == 1 else Row(tuple(items))


# --------------------------------------------------------------------------------------------
# assembling a row: scripts without a base, big operators, function application
# --------------------------------------------------------------------------------------------


_WORDS = frozenset(
    "softmax relu sigmoid tanh exp log max min argmax argmin concat attention layernorm dropout "
    "diag tr var cov sign KL JSD JS sin cos".split()
)


def _words(items: list[Node]) -> list[Node]:
    """A run of italic letters ending in a function name before "(" names it: softmax(x), KL(p)."""
    out: list[Node] = []
    k = 0
    while k < len(items):
        j = k
        while j < len(items) and isinstance(items[j], Atom) and items[j].kind == "letter":  # type: ignore[union-attr]
            j += 1
        if j - k >= 2 and j < len(items) and _is_paren(items[j]):
            for s in range(max(k, j - 12), j - 1):
                word = "".join(x.value for x in items[s:j])  # type: ignore[union-attr]
                if word in _WORDS:
                    out.extend(items[k:s])
                    out.append(Atom("word", word, items[s].start, items[j - 1].end))  # type: ignore[union-attr]
                    break
            else:
                out.extend(items[k:j])
            k = j
            continue
        if j > k:
            out.extend(items[k:j])
            k = j
            continue
        out.append(items[k])
        k += 1
    return out


def _arg_max(items: list[Node]) -> list[Node]:
    """``\\arg\\max_y`` is one big operator, argmax."""
    out: list[Node] = []
    for x in items:
        prev = out[-1] if out else None
        if isinstance(prev, Atom) and prev.kind == "function" and prev.value == "arg":
            op = big_op(x)
            if op in ("max", "min"):
                merged = Atom("bigop", "arg" + op, prev.start, prev.end)
                out[-1] = Script(merged, x.sub, x.sup, 0, prev.start) if isinstance(x, Script) else merged
                continue
        out.append(x)
    return out


def _assemble(items: list[Node]) -> list[Node]:
    items = _arg_max(_words(items))
    out: list[Node] = []
    i = 0
    n = len(items)
    while i < n:
        node = items[i]
        if node is _EmptyBase:
            i += 1
            continue
        op = big_op(node)
        if op is not None:
            sub, sup = (node.sub, node.sup) if isinstance(node, Script) else (None, None)
            j = i + 1
            if op in ("max", "min", "sup", "inf") and sub is None and j < n and _is_paren(items[j]):
                out.append(Apply(node, items[j]))  # \max(a, b): a function of its arguments
                i = j + 1
                continue
            end = _body_end(items, j)
            body = _assemble(list(items[j:end]))
            out.append(Big(op, sub, sup, Row(tuple(body))))
            i = end
            continue
        if _is_expectation(node) and i + 1 < n and _is_bracket(items[i + 1]):
            sub = node.sub if isinstance(node, Script) else None
            out.append(Big("E", sub, None, Row((items[i + 1],))))
            i += 2
            continue
        if i + 1 < n and _is_paren(items[i + 1]) and _applies(node, items[i + 1]):
            applied: Node = Apply(node, items[i + 1])
            i += 2
            # f(x)^2 was parsed as Script(Fenced): f applied, then squared
            out.append(applied)
            continue
        if i + 1 < n and isinstance(items[i + 1], Script) and _applies(node, items[i + 1]):
            scripted = items[i + 1]
            assert isinstance(scripted, Script) and scripted.base is not None
            out.append(Script(Apply(node, scripted.base), scripted.sub, scripted.sup, scripted.primes))
            i += 2
            continue
        if _is_named_function(node) and i + 1 < n and not isinstance(items[i + 1], (Op, Rel, Sep)):
            # \log p(x), \exp x: the function takes the next factor (and its application)
            j = i + 1
            arg_items = [items[j]]
            if j + 1 < n and _is_paren(items[j + 1]) and _applies(items[j], items[j + 1]):
                arg_items.append(items[j + 1])
                j += 1
            arg = _assemble(arg_items)
            out.append(Apply(node, _single(arg)))
            i = j + 1
            continue
        out.append(node)
        i += 1
    return out


def big_op(node: Node) -> str | None:
    """The big operator ``node`` is (or carries as its scripted base): "sum", "max" ..."""
    base = node.base if isinstance(node, Script) else node
    if isinstance(base, Atom) and base.kind == "bigop":
        return base.value
    if (
        isinstance(base, Font)
        and base.font == "roman"
        and _word(base.body) in ("argmax", "argmin", "arg max", "arg min")
    ):
        return _word(base.body).replace(" ", "")
    return None


def _body_end(items: list[Node], j: int) -> int:
    k = j
    while k < len(items):
        node = items[k]
        if isinstance(node, (Rel, Sep)):
            break
        if isinstance(node, Op) and node.value in ("+", "-", "\\pm", "\\mp", ",", ";") and k > j:
            break
        k += 1
    return k


def _is_paren(node: Node) -> bool:
    return isinstance(node, Fenced) and node.open in ("(", "[") and node.close is not None


def _is_bracket(node: Node) -> bool:
    return isinstance(node, Fenced) and node.open in ("[", "(", ".")


def _is_expectation(node: Node) -> bool:
    base = node.base if isinstance(node, Script) else node
    if isinstance(node, Script) and node.sup is not None:
        return False
    if isinstance(base, Font) and base.font == "blackboard" and _word(base.body) == "E":
        return True
    if isinstance(base, Font) and base.font == "roman" and _word(base.body) in ("E", "Ex"):
        return True
    return isinstance(base, Atom) and base.kind == "letter" and base.value == "E"


def _word(node: Node | None) -> str:
    """The plain letters of a node ("softmax" for \\mathrm{softmax}), "" when it is not a word."""
    if isinstance(node, Atom) and node.kind in ("letter", "number", "word", "greek", "function"):
        return node.value
    if isinstance(node, Text):
        return node.value.strip()
    if (
        isinstance(node, Row)
        and node.items
        and all(isinstance(x, Atom) and x.kind in ("letter", "number") for x in node.items)
    ):
        return "".join(x.value for x in node.items)  # type: ignore[union-attr]
    if isinstance(node, Font):
        return _word(node.body)
    return ""


def _is_named_function(node: Node) -> bool:
    base = node.base if isinstance(node, Script) else node
    if isinstance(base, Atom) and base.kind == "function":
        return True
    return False


def _applies(node: Node, paren: Node) -> bool:
    """Whether ``node`` followed by the parenthesised ``paren`` is a function application."""
    if isinstance(paren, Script):
        if not (_is_paren(paren.base) if paren.base is not None else False):  # type: ignore[arg-type]
            return False
        paren = paren.base  # type: ignore[assignment]
    if (
        not isinstance(paren, Fenced)
        or paren.open != "("
        and not (paren.open == "[" and _is_square_applied(node))
    ):
        return False
    base = node
    while isinstance(base, (Script, Accent)):
        base = base.base if isinstance(base, Script) else base.body  # type: ignore[assignment]
        if base is None:
            return False
    if isinstance(base, Atom):
        if base.kind in ("function", "word"):
            return True
        if base.kind in ("letter", "greek") and base.value in FUNCTION_LETTERS:
            return True
        if base.kind in ("letter", "greek"):
            return _holds(paren, ",") or _holds(paren, "|")
        return False
    if isinstance(base, Font):
        if base.font in ("roman", "mono", "sans") and len(_word(base.body)) > 1:
            return True
        if base.font in ("calligraphic", "script"):
            return True
        return _holds(paren, ",") or _holds(paren, "|")
    if isinstance(base, Apply):
        return False
    return False


def _is_square_applied(node: Node) -> bool:
    base = node.base if isinstance(node, Script) else node
    return isinstance(base, Font) and base.font in ("roman", "mono") and len(_word(base.body)) > 1


def _holds(fenced: Fenced, value: str) -> bool:
    return any(isinstance(x, Op) and x.value == value for x in fenced.body.items)


def word_of(node: Node | None) -> str:
    """Public: the plain word a node spells ("softmax"), or ""."""
    return _word(node)


# --------------------------------------------------------------------------------------------
# back to LaTeX (for naming a part of an equation, and for sympy)
# --------------------------------------------------------------------------------------------

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
        return f"{left}{to_latex(node.body)}{right}"
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
