"""The equation tree's node types: what an equation is made of, as values.

Owns: the frozen node dataclasses (``Atom``, ``Font``, ``Accent``, ``Script``, ``Frac``, ``Root``,
``Fenced``, ``Apply``, ``Big``, ``Op``, ``Rel``, ``Sep``, ``Text``, ``Stack``, ``Table``, ``Row``),
the ``Node`` union and ``Tree`` (one parsed equation: its root row and what could not be read).
Symbol nodes keep their offsets in the LaTeX (not compared), so two equal trees compare equal
wherever they were written.

Must not: parse, read aloud or evaluate (``parser``, ``speak``, ``tryit`` do), or import anything
beyond the standard library.
"""

from __future__ import annotations

from dataclasses import dataclass, field


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


# A script with no base (``{}^2``, or ``_i`` after a skipped structure) is parsed as this marker
# first; the row assembly drops it. Compared by identity.
EMPTY_BASE = Row()
