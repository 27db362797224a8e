"""The numbers a trial uses: the reader's own, checked, or a default chosen by what a symbol is.

Owns: ``Values`` — the reader's ``--value`` entries (checked against the symbols on the right-hand
side: ``errors.BadValue`` names the problem), the defaults by kind (a gate 0.8, a probability 0.7,
a learning rate 0.1, ε 1e-8, a decay rate 0.9, the time step t = 2, a count or a sum's upper limit
3, a dimension d = 4, an index i = 1, a short vector of scores [1, 2, 0.5], otherwise a cycle of small example
numbers), and the record of every value used (``TrialValue``: where it came from and why).

Must not: import sympy (values are plain floats here), or evaluate anything.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from paperpal.errors import BadValue
from paperpal.mathtokens import normalize
from paperpal.models import TrialValue
from paperpal.notation.render import to_unicode
from paperpal.notation.shapes import Shape
from paperpal.notation.tree import Accent, Atom, Big, Font, Node, Row, Script, Table, to_latex, word_of

__all__ = ["RANGE", "Values", "fmt", "parse_value", "walk"]

_SCALARS = (0.5, 0.2, 1.0, 0.3, 1.5, -0.4, 0.7, 2.0)
_VECTOR = (1.0, 2.0, 0.5, 1.5, 0.2, 0.8)
RANGE = 3  # a count, a sum's upper limit, the length of a default vector
_DECAY = frozenset({"beta", "lambda", "mu", "rho", "gamma"})
_COUNTS = frozenset("N T M K n m d L".split())
_GATES = frozenset("z r g f i o".split())


def fmt(x: float) -> str:
    """A number as the working shows it: integers plain, others to four significant digits."""
    if x == int(x) and abs(x) < 1e6:
        return str(int(x))
    return f"{x:.4g}"


class Values:
    """The values of one trial, keyed by each symbol's written form (``normalize``d LaTeX)."""

    def __init__(self, shape: Shape, given: dict[str, str]) -> None:
        self.shape = shape
        self.given = given
        self.used: dict[str, TrialValue] = {}
        self.counter = 0

    # ---- the reader's values ---------------------------------------------------------------

    def check(self) -> None:
        """Every value the reader gave names a symbol on the right-hand side and is a number."""
        leaves = symbols(self.shape.rhs)
        known = {form(x) for x in leaves} | set(self.bound_names())
        keys = {self.shape.key(x) for x in leaves}
        texts = {self.shape.text(x) for x in leaves}
        for name, raw in self.given.items():
            if normalize(name) not in known and normalize(name) not in keys and name not in texts:
                listed = ", ".join(sorted(known)) or "none"
                raise BadValue(f"no symbol {name!r} on the right-hand side; its symbols are: {listed}")
            parse_value(name, raw)

    def bound_names(self) -> list[str]:
        return [
            normalize(to_latex(x.sup))
            for x in walk(self.shape.rhs)
            if isinstance(x, Big) and x.sup is not None
        ]

    def lookup(self, written: str, key: str) -> str | None:
        for name, raw in self.given.items():
            if normalize(name) in (written, key) or name == to_unicode(written):
                return raw
        return None

    # ---- one value --------------------------------------------------------------------------

    def scalar(self, node: Node, key: str, in_blend: bool, indexed: bool = False) -> float:
        written = form(node)
        raw = self.lookup(written, key)
        if raw is not None:
            value = parse_value(written, raw)
            if isinstance(value, list):
                raise BadValue(f"{written} is used as a single number here; give one value, not a list")
            self.record(written, value, True, "")
            return value
        number, why = self.default(node, key, in_blend, indexed)
        self.record(written, number, False, why)
        return number

    def vector(self, node: Node, key: str, why: str, length: int | None = None) -> list[float]:
        """A list for a symbol used as a vector (softmax's argument, a summand indexed by k)."""
        written = form(node)
        raw = self.lookup(written, key)
        if raw is None and key != written:
            raw = self.lookup(key, key)
        if raw is not None:
            value = parse_value(written, raw)
            values = value if isinstance(value, list) else [value]
            self.record(key if length else written, values, True, "")
            return values
        values = [float(_VECTOR[i % len(_VECTOR)]) for i in range(max(length or RANGE, RANGE))]
        self.record(key if length else written, values[: length or RANGE], False, why)
        return values

    def default(self, node: Node, key: str, in_blend: bool, indexed: bool = False) -> tuple[float, str]:
        """A value by what the symbol is; ``indexed``: it carries an index (m_t is not a count)."""
        phrase = str(self.shape.meaning(node)[0] if node is not None else "").lower()
        full = self.shape.meanings.get(key, "")
        phrase = (full[0] if isinstance(full, tuple) else full).lower() or phrase
        base = word_of(_core(node))
        if "gate" in phrase or (base in _GATES and in_blend):
            return 0.8, "a gate, between 0 and 1"
        if "probabil" in phrase:
            return 0.7, "a probability"
        if "learning rate" in phrase or "step size" in phrase or base in ("alpha", "eta"):
            return 0.1, "a step size"
        if base in ("epsilon", "varepsilon"):
            return 1e-8, "a tiny constant that avoids dividing by zero"
        if base in _DECAY:
            return 0.9, "a decay rate, just below 1"
        if base == "t":
            return 2, "the time step"
        if base in ("i", "j", "k", "l"):
            return 1, "an index: the first one"
        if (base in _COUNTS and not indexed) or re.search(
            r"number of|dimension|size|count|length|stride|padding|width|height", phrase
        ):
            return (4 if base == "d" else RANGE), "a small count"
        value = _SCALARS[self.counter % len(_SCALARS)]
        self.counter += 1
        return value, "an example value"

    def record(self, written: str, value: float | list[float], reader: bool, why: str) -> None:
        if written in self.used:
            return
        shown = "[" + ", ".join(fmt(v) for v in value) + "]" if isinstance(value, list) else fmt(value)
        self.used[written] = TrialValue(
            written, to_unicode(written), shown, "reader" if reader else "default", "" if reader else why
        )

    def shown(self, written: str) -> str | None:
        """The single number shown for a written form in the working (None for a vector)."""
        used = self.used.get(written)
        return used.value if used is not None and not used.value.startswith("[") else None


# --------------------------------------------------------------------------------------------
# reading values and symbols
# --------------------------------------------------------------------------------------------


def form(node: Node) -> str:
    """A symbol's written form, the key the reader's ``--value`` entries are matched on."""
    return normalize(to_latex(node))


def parse_value(name: str, raw: str | None) -> float | list[float]:
    text = (raw or "").strip().strip("[]()")
    try:
        if "," in text:
            values = [float(v) for v in text.split(",") if v.strip()]
            if not values or len(values) > 12:
                raise ValueError
            return values
        value = float(text)
    except ValueError:
        raise BadValue(
            f"{raw!r} is not a number for {name}: give {name}=0.8, or a short list {name}=1,2,0.5"
        ) from None
    if value != value or value in (float("inf"), float("-inf")):
        raise BadValue(f"{raw!r} is not a finite number for {name}")
    return value


def walk(items: Iterable[Node]) -> Iterable[Node]:
    for x in items:
        yield x
        if isinstance(x, Table):
            for row in x.rows:
                for cell in row:
                    yield from walk(cell.items)
            continue
        for child in ("body", "arg", "num", "den", "base", "sub", "sup", "fn"):
            inner = getattr(x, child, None)
            if isinstance(inner, Row):
                yield from walk(inner.items)
            elif inner is not None and not isinstance(inner, str | int):
                yield from walk([inner])


def symbols(items: list[Node]) -> list[Node]:
    """The symbols written on a side, scripted ones whole (``h_{t-1}``), in the order written."""
    return [x for x in walk(items) if isinstance(x, Script | Atom | Font | Accent) and _is_leaf(x)]


def _is_leaf(node: Node) -> bool:
    if isinstance(node, Atom):
        return node.kind in ("letter", "greek")
    return isinstance(_core(node), Atom) and _core(node).kind in ("letter", "greek")  # type: ignore[union-attr]


def _core(node: Node | None) -> Node | None:
    while isinstance(node, Script | Accent | Font):
        node = node.base if isinstance(node, Script) else node.body
    return node
