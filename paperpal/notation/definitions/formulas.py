"""The formulas inside a sentence: masking them, and which symbol a formula names.

Owns: ``MATH`` (an inline ``$...$`` span), ``mask_math`` (blank a sentence's formulas so word
patterns never look inside them), ``defined_symbol`` (the one symbol a formula introduces, if it
is one: "$z_t$", "$x \\in \\mathbb{R}^d$", "$C = [c_{ij}]$", a paper's own macro), and
``split_math_lists`` ("$f_1, f_2$" read as one formula per symbol).

Must not: read words around a formula (the pattern modules do).
"""

from __future__ import annotations

import re

from paperpal.notation.symbols import OPERATORS, RELATIONS, TEX_FUNCTIONS, SymbolOccurrence, extract_symbols

MATH = re.compile(r"\$([^$]+)\$")


def mask_math(text: str) -> str:
    """``text`` with every ``$...$`` span's inside replaced by "x" (same length)."""
    return MATH.sub(lambda m: "$" + "x" * (len(m.group(0)) - 2) + "$", text)


def defined_symbol(latex: str) -> SymbolOccurrence | None:
    """The one symbol a math span names, when it is a symbol (maybe with "\\in ...")."""
    body = latex.strip().rstrip(",.;")
    return split_symbol(body) or named_formula(body)


# A formula that is one name the symbol splitter does not read as one symbol: a macro of the
# paper's own ("\\calP", "\\cR^*"), a ket ("\\ket{0}", "|g\\rangle"), a text subscript
# ("I_\\textrm{A}"), a font command ("\\bf{r}_0"). Its key is its own LaTeX: nothing else in
# the paper groups with it, so it only ever labels itself.
GROUP = r"\{(?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*\}"
NAME_BASE = (
    rf"(?:\\(?:ket|bra)\s*{GROUP}|\|[^|$]{{1,20}}\\rangle|\\langle[^|$]{{1,20}}\||"
    rf"\\[A-Za-z]+\s*{GROUP}|\\[A-Za-z]+|[A-Za-z])"
)
NAME_SCRIPT = rf"(?:\s*[_^]\s*(?:{GROUP}|\\[A-Za-z]+(?:\s*{GROUP})?|[A-Za-z0-9*+\-])|\s*'+|\s*\\prime)"
NAMED_FORMULA = re.compile(rf"\{{?(?P<name>{NAME_BASE}(?:{NAME_SCRIPT})*)\}}?")
# Commands that are not names: operators, relations, functions, spacing, ellipses.
NOT_NAMES = (
    OPERATORS
    | RELATIONS
    | TEX_FUNCTIONS
    | frozenset(
        """frac dfrac tfrac sqrt left right big Big bigg Bigg cdots ldots dots vdots ddots quad
        qquad text mathrm operatorname limits nolimits pm mp times cdot to gets mapsto infty
        emptyset varnothing forall exists neg lnot land lor le ge ne label ref eqref cite
        displaystyle textstyle scriptstyle mid vert Vert lvert rvert lVert rVert colon
        dagger ddagger star ast bullet circ diamond triangle square Box checkmark prime partial
        top bot angle surd natural flat sharp hline noindent item textbf textit texttt emph
        tiny small large""".split()
    )
)


def named_formula(body: str) -> SymbolOccurrence | None:
    """A formula that reads as one name (see ``NAMED_FORMULA``), maybe with "= ..." after it."""
    m = NAMED_FORMULA.match(body)
    if not m:
        return None
    rest = body[m.end() :].strip()
    if rest and not re.match(
        r"(?:\\(?:in|subseteq|subset|sim|equiv|coloneqq|approx|simeq|propto)(?![A-Za-z])|=|:=)", rest
    ):
        return None
    name = m.group("name")
    command = re.match(r"\\([A-Za-z]+)", name)
    if command and (command.group(1) in NOT_NAMES or command.group(1).endswith("arrow")):
        return None
    if not re.search(r"[A-Za-z]", re.sub(r"\\[A-Za-z]+", "", name)) and not command:
        return None
    key = re.sub(r"\s+", "", name)
    start = m.start("name")
    return SymbolOccurrence(key=key, latex=name, kind="identifier", base=key, start=start, end=m.end("name"))


def split_symbol(body: str) -> SymbolOccurrence | None:
    """The symbol ``body`` names, as the symbol splitter reads it."""
    occs = [o for o in extract_symbols(body) if o.kind != "number"]
    if not occs:
        return None
    first = occs[0]
    if first.kind not in ("identifier", "operator", "function", "set"):
        return None
    if first.start > 1:
        return None
    rest = body[first.end :].strip()
    if body.startswith("{") and first.start == 1 and rest.startswith("}"):
        rest = rest[1:].strip()  # "${H_D}$": a symbol wrapped in a group, as some editors write it
    if not rest:
        # Nothing but this symbol (its own scripts' symbols are inside its span).
        return first if all(o.start >= first.start and o.end <= first.end for o in occs[1:]) else None
    rest = strip_arguments(rest)
    if re.match(
        r"(?:\\(?:in|subseteq|subset|sim|colon|equiv|coloneqq|geq?|leq?|neq?|to|ll|gg|approx|simeq|propto|mapsto)(?![A-Za-z])|[:=<>])",
        rest,
    ):
        return first  # "$C = [c_{ij}]$", "$x \in \mathbb{R}^d$": the symbol being introduced
    if rest.strip() == "" and body[first.end :].strip():
        return first  # "the phase $\Phi(t)$": a symbol written with its arguments
    return None


def strip_arguments(rest: str) -> str:
    """``rest`` without a leading argument list: "(a, \\omega) = ..." -> "= ..."."""
    text = rest.lstrip()
    text = re.sub(r"^\\left\s*\(", "(", text)
    if not text.startswith("("):
        return rest
    depth = 0
    for i, ch in enumerate(text):
        depth += ch == "("
        depth -= ch == ")"
        if depth == 0:
            return text[i + 1 :].lstrip()
    return rest


LATEX_COMMAND = re.compile(r"\\\s?[A-Za-z]+")
ELLIPSIS = frozenset(r"\ldots \dots \cdots ... \dotsc \dotsb".split())


def split_math_lists(text: str) -> tuple[str, list[int] | None]:
    """``text`` with each formula that lists symbols ("$f_1, f_2$") written as one formula per
    symbol ("$f_1$, $f_2$"), and the map from the new offsets to the old (None: no change)."""
    if "," not in text:
        return text, None
    pieces: list[str] = []
    where: list[int] = []
    last = 0
    changed = False
    for m in MATH.finditer(text):
        parts = listed_symbols(m.group(1))
        if parts is None:
            continue
        pieces.append(text[last : m.start()])
        where.extend(range(last, m.start()))
        for i, (a, b) in enumerate(parts):
            if i:
                pieces.append(", ")
                where.extend([m.start(1) + a - 1, m.start(1) + a - 1])
            pieces.append("$" + m.group(1)[a:b] + "$")
            where.append(m.start(1) + a)
            where.extend(range(m.start(1) + a, m.start(1) + b))
            where.append(m.start(1) + b - 1)
        last = m.end()
        changed = True
    if not changed:
        return text, None
    pieces.append(text[last:])
    where.extend(range(last, len(text) + 1))
    return "".join(pieces), where


def listed_symbols(latex: str) -> list[tuple[int, int]] | None:
    """The (start, end) of each item of a formula that only lists symbols, ``\\ldots`` included:
    "f_1, f_2" or "\\alpha,\\gamma,\\epsilon"; None for anything else ("(s,i,r,t)", "x, y > 0")."""
    items: list[tuple[int, int]] = []
    depth = 0
    start = 0
    for i, ch in enumerate(latex + ","):
        if ch in "({[":
            depth += 1
        elif ch in ")}]":
            depth -= 1
        elif ch == "," and depth == 0 and not latex[max(0, i - 1) : i] == "\\":
            a, b = start, i
            while a < b and latex[a].isspace():
                a += 1
            while b > a and latex[b - 1].isspace():
                b -= 1
            items.append((a, b))
            start = i + 1
    if len(items) < 2 or depth != 0:
        return None
    symbols = 0
    for a, b in items:
        part = latex[a:b]
        if part in ELLIPSIS:
            continue
        occ = defined_symbol(part)
        if occ is None or occ.start != 0 or occ.end != len(part):
            return None
        symbols += 1
    return items if symbols >= 2 else None
