"""What a script does to a symbol: names a variant, indexes it, raises it to a power, transposes,
inverts, primes or stars it.

Owns: ``subscript_role``, ``superscript_role`` (one script alone) and ``roles_in_context`` (the
whole formula settles what one script alone cannot), and the letters that index (i j k l m n t s τ).

A subscript names a variant when it is
- a word of two or more letters (``model``, ``\\text{enc}``, ``LM``), or a Greek letter
  (``p_\\theta``);
- a single letter that is not a usual index letter (i j k l m n t s τ): ``W_z``, ``U_r``, ``b_h``;
- any single letter or number on a count or dimension base (d, n, N, D): ``d_k``, ``n_h``;
- a number on a Greek, capital or bold base (``\\beta_1``, ``W_1``); on a lowercase Latin base
  a number is an index (``x_1, x_2``).
Everything else (``t-1``, ``i,j``, ``k,0``, expressions) indexes.

A superscript's role: ``\\top``/``T``/``\\intercal`` transpose (T only on a bold or single-letter
base), ``-1`` inverse, ``'``/``\\prime`` prime, ``*``/``\\star``/``\\ast`` star (part of the key:
an optimum is a different quantity), ``(i)``/``[l]``/``<t>`` and index letters index, a capital
letter or word names (``W^Q``, ``h^{LM}``), numbers and other expressions are powers.

The formula as a whole then settles what one script alone cannot: a constant rate raised to an
index letter is a power (``\\beta_2^t``, ``\\gamma^k``: β₂ to the power t), unless the formula
writes its steps as superscripts (``\\theta^t``, ``g^t``); and ``\\theta^{t+1}`` next to
``\\theta^t`` is the next step, not a power.

Must not: look anything up, or know what a symbol means.
"""

from __future__ import annotations

import re
from dataclasses import replace

from paperpal.notation.symbols.occurrence import Atom, SymbolOccurrence
from paperpal.notation.symbols.vocab import GREEK

__all__ = [
    "INDEX_LETTERS",
    "COUNT_BASES",
    "is_word",
    "roles_in_context",
    "subscript_role",
    "superscript_role",
]

INDEX_LETTERS = frozenset("ijklmnts") | {"\\tau"}
COUNT_BASES = frozenset("dnND")

# Greek letters papers use for constant rates and factors (a decay rate, a discount factor, a
# trace decay, a spectral radius): raised to an index letter, they are raised to a power.
_RATE_BASES = frozenset({"\\beta", "\\gamma", "\\lambda", "\\rho", "\\varrho"})
_STEP = re.compile(r"(?P<letter>[a-z])\s*[-+]\s*[0-9]+")


def roles_in_context(occs: list[SymbolOccurrence]) -> list[SymbolOccurrence]:
    """Superscript roles settled by the rest of the formula, the way a reader settles them.

    ``\\beta_2^t`` alone could be "β₂ at step t" or "β₂ to the power t"; a reader takes the
    power, because β₂ is a constant (no index of its own) and t counts steps. Only when the
    formula writes steps as superscripts on other symbols (``\\theta^t``, ``g^t``) is the t an
    index there too. Likewise ``\\theta^{t+1}`` beside ``\\theta^t`` is the next step.
    """
    steps_above = {
        (o.superscript or "").strip()
        for o in occs
        if o.superscript_role == "index" and o.base not in _RATE_BASES
    }
    out = []
    for occ in occs:
        sup = (occ.superscript or "").strip()
        role = occ.superscript_role
        if (
            role == "index"
            and occ.base in _RATE_BASES
            and not occ.accents
            and occ.font is None
            and occ.subscript_role in (None, "name")
            and sup in INDEX_LETTERS
            and sup not in steps_above
        ):
            role = "power"
        elif role == "power" and (m := _STEP.fullmatch(sup)) and m.group("letter") in INDEX_LETTERS:
            letter = m.group("letter")
            if any(
                o.key == occ.key and (o.superscript or "").strip() == letter and o.superscript_role == "index"
                for o in occs
            ):
                role = "index"
        out.append(occ if role == occ.superscript_role else replace(occ, superscript_role=role))
    return out


def is_word(s: str) -> bool:
    s = re.sub(r"\\(?:textnormal|textup|text|mathrm|textrm|mbox|operatorname|mathit|textit|rm)\s*", "", s)
    s = s.replace("{", "").replace("}", "").replace(" ", "")
    return bool(re.fullmatch(r"[A-Za-z]{2,}", s))


def subscript_role(atom: Atom, sub: str) -> str:
    s = sub.strip()
    if is_word(s) or re.fullmatch(
        r"\\(?:textnormal|textup|text|mathrm|textrm|mbox|operatorname)\s*\{.*\}", s
    ):
        return "name"
    if s.startswith("\\") and s[1:] in GREEK and s[1:] != "tau":
        return "name"
    count_base = atom.base in COUNT_BASES and not atom.accents and atom.font is None
    if re.fullmatch(r"[A-Za-z]", s):
        if count_base:
            return "name"
        return "index" if s in INDEX_LETTERS else "name"
    if re.fullmatch(r"[0-9]+", s):
        greek_or_capital = atom.base.startswith("\\") or atom.base[:1].isupper() or atom.font == "bold"
        return "name" if (greek_or_capital or count_base) else "index"
    return "index"


def superscript_role(atom: Atom, sup: str) -> str:
    s = sup.strip()
    if s in ("\\top", "\\intercal", "\\mathsf{T}", "\\mathrm{T}", "\\mathsf T", "\\rm T"):
        return "transpose"
    if s == "T" and (atom.font == "bold" or len(atom.base) == 1):
        return "transpose"
    if s in ("-1", "{-1}"):
        return "inverse"
    if s in ("*", "\\star", "\\ast"):
        return "star"
    if s in ("\\prime", "'", "''", "\\prime\\prime"):
        return "prime"
    if re.fullmatch(r"\(.*\)|\[.*\]|<.*>|\\langle.*\\rangle", s):
        return "index"
    if s in INDEX_LETTERS:
        return "index"
    if re.fullmatch(r"[A-Z]", s) or is_word(s):
        return "name"
    return "power"
