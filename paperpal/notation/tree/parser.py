"""Parsing an equation's tokens into its tree: recursive descent over ``mathtokens``' tokens.

Owns: ``parse(latex) -> Tree`` (memoised per distinct string) and the parser: groups, scripts and
primes, macro arguments, fractions and roots, fences (``\\left``/``\\right``, bars, norms,
brackets that never close), environments (cases, matrices, aligned rows), fonts, accents and
text. Each row it reads is handed to ``assemble`` (big operators, function application).

Decisions
---------
- ``|`` opens a fence at the start of a group or after an operator, closes an open one, and
  otherwise means "given" (``p(a | b)``); ``\\mid`` always means "given". A bar after an
  operand opens a fence only when a partner bar follows in the same group (``λ‖w‖²``).
- An unmatched ``)`` or ``[`` is legal TeX: it stands alone and is counted in ``Tree.stray``;
  only what TeX itself would refuse (unbalanced braces, a lost argument) is a problem.

Must not: raise (a tree is always built; what could not be read is listed in ``Tree.problems``),
or know what a symbol means.
"""

from __future__ import annotations

from functools import lru_cache

from paperpal.mathtokens import TEXT_COMMANDS, Token, tokenize
from paperpal.notation.tree.assemble import assemble, is_operand_end, items_of, single
from paperpal.notation.tree.nodes import (
    EMPTY_BASE,
    Accent,
    Atom,
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
from paperpal.notation.tree.vocab import (
    ACCENTS,
    BIG_OPS,
    CLOSERS,
    DELIMS,
    DOTS,
    FONT_SWITCHES,
    FONTS,
    FUNCTIONS,
    GREEK,
    IGNORED,
    OPERATORS,
    PAIR,
    RELATIONS,
    SIZING,
    SKIP_ARG,
)

__all__ = ["parse"]

MAX_DEPTH = 60  # nesting deeper than this is a runaway macro, not an equation


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
        root = Row(tuple(assemble(items)))
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
        if depth > MAX_DEPTH:
            raise RecursionError
        items: list[Node] = []
        while (tok := self.peek()) is not None:
            if tok.kind == "close" or tok.value in ("\\right", "\\end"):
                break
            if tok.kind == "align" and self.tables:
                break  # a cell or row of the table being read ends here
            value = CLOSERS.get(tok.value, DELIMS.get(tok.value, tok.value))
            if value in closers and (value not in ("|", "\\|") or is_operand_end(items)):
                break
            if tok.value in CLOSERS or (tok.kind == "symbol" and tok.value in ")]"):
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
                    sup = Row((*items_of(sup), Op(","), *items_of(arg)))  # x^a{}^b: both kept
                else:
                    sub = Row((*items_of(sub), Op(","), *items_of(arg)))  # type: ignore[arg-type]
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
            return single(assemble(inner))
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
            if first is not None and first.kind == "command" and first.value[1:] in FONT_SWITCHES:
                self.i += 1  # {\bf x}: an old-style font switch
                inner = self.row(frozenset(), depth + 1)
                self._expect_close(tok)
                return Font(FONT_SWITCHES[first.value[1:]], single(assemble(inner)), tok.start, tok.end)
            inner = self.row(frozenset(), depth + 1)
            self._expect_close(tok)
            return single(assemble(inner))
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
            return EMPTY_BASE
        if kind == "close":
            return None
        if value in DELIMS and not (
            value in ("|", "\\|", "\\vert") and is_operand_end(items) and not self.partner(value)
        ):
            return self.fenced(DELIMS[value], depth)
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
        if name in SIZING or name == "middle":
            nxt = self.peek()
            if nxt is not None and (nxt.value in DELIMS or nxt.value in CLOSERS or nxt.value in ")]"):
                if name == "middle" or nxt.value in ("|", "\\vert", "\\|", "\\mid"):
                    self.i += 1
                    return Op("|")
            return None
        if name in IGNORED or name == "right":
            return None
        if name in SKIP_ARG:
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
                index = single(assemble(self.row(frozenset({"]"}), depth + 1)))
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
        if name in DOTS:
            return Atom("dots", DOTS[name], tok.start, tok.end)
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
        want = DELIMS[value]
        depth = 0
        for tok in self.toks[self.i :]:
            if tok.kind == "open" or tok.value in ("(", "[", "\\left"):
                depth += 1
            elif tok.kind == "close" or tok.value in (")", "]", "\\right"):
                depth -= 1
                if depth < 0:
                    return False
            elif depth == 0 and DELIMS.get(tok.value) == want:
                return True
        return False

    def fenced(self, opener: str, depth: int) -> Node:
        want = PAIR[opener]
        closers = frozenset({want, ")", "]"} if opener in ("(", "[") else {want})
        mark, problems = self.i, len(self.problems)
        body = self.row(closers, depth + 1)
        tok = self.peek()
        if tok is not None and tok.kind not in ("close",) and tok.value not in ("\\right", "\\end"):
            self.i += 1
            return Fenced(
                opener,
                CLOSERS.get(tok.value, DELIMS.get(tok.value, tok.value)),
                Row(tuple(assemble(body))),
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
            opener = DELIMS.get(tok.value, tok.value)
        body = self.row(frozenset(), depth + 1)
        close: str | None = None
        nxt = self.peek()
        if nxt is not None and nxt.value == "\\right":
            self.i += 1
            after = self.peek()
            if after is not None:
                self.i += 1
                close = CLOSERS.get(after.value, DELIMS.get(after.value, after.value))
        else:
            self.problems.append("\\left without \\right")
        return Fenced(opener, close, Row(tuple(assemble(body))))

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
                cells.append(Row(tuple(assemble(current))))
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
            cells.append(Row(tuple(assemble(current))))
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
