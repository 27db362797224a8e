"""Naming conventions of ML papers: what a symbol's shape says even when nothing defines it.

Owns: ``conventions_for`` (plain-words conventions of one occurrence or grouping key) and
``convention_meaning`` (the one convention strong enough to stand as a meaning, phrased as a
convention, never as fact).

Must not: look at the glossary or the paper's text, or claim more than the typography says.
"""

from __future__ import annotations

import re

from paperpal.notation.symbols import INDEX_LETTERS, SymbolOccurrence, extract_symbols

_ACCENT_WORDS = {
    "hat": "hat: an estimate or prediction",
    "tilde": "tilde: a candidate, an approximation or a modified version",
    "bar": "bar: an average, a mean or a complement",
    "vec": "arrow: a vector",
    "dot": "dot: a time derivative",
    "ddot": "two dots: a second time derivative",
}
_FONT_WORDS = {
    "calligraphic": "calligraphic capital: a set, a loss or a distribution",
    "script": "script capital: a set, a loss or a distribution",
    "blackboard": "blackboard bold: a number set (R, N) or an operator such as E for expectation",
    "fraktur": "fraktur letter: a special set or algebra",
}
_SUB_INDEX = {
    "t": "subscript t: the time step",
    "t-1": "subscript t-1: the previous time step",
    "t+1": "subscript t+1: the next time step",
    "i": "subscript i: the i-th element, example or unit",
    "j": "subscript j: the j-th element or unit",
    "k": "subscript k: the k-th element or component",
    "l": "subscript l: the layer",
    "n": "subscript n: the n-th item",
}
_SUP_INDEX = {
    "(i)": "superscript (i): the i-th training example",
    "(n)": "superscript (n): the n-th training example",
    "(t)": "superscript (t): the time step or iteration",
    "(l)": "superscript (l): the layer",
    "[l]": "superscript [l]: the layer",
    "j": "superscript j: the j-th unit or element (an index, not a power)",
    "i": "superscript i: the i-th element (an index, not a power)",
    "t": "superscript t: the time step (an index, not a power)",
    "l": "superscript l: the layer (an index, not a power)",
}
_ROLE_WORDS = {
    "transpose": "superscript T: the transpose (rows and columns swapped)",
    "inverse": "superscript -1: the inverse",
    "star": "star: an optimal or target value",
    "prime": "prime: a related or modified quantity, or a derivative",
}


def _occurrence(occ_or_key: SymbolOccurrence | str) -> SymbolOccurrence | None:
    if isinstance(occ_or_key, SymbolOccurrence):
        return occ_or_key
    found = extract_symbols(occ_or_key)
    return found[0] if found else None


def _shape(occ: SymbolOccurrence) -> tuple[bool, bool]:
    """(is a capital letter, is a lowercase letter) for single-character bases."""
    base = occ.base
    if base.startswith("\\"):
        name = base[1:]
        return (name[:1].isupper(), name[:1].islower()) if name.isalpha() else (False, False)
    if len(base) == 1 and base.isalpha():
        return base.isupper(), base.islower()
    return False, False


def conventions_for(occ_or_key: SymbolOccurrence | str) -> tuple[str, ...]:
    """Conventions that apply to a symbol, in plain words; empty when none apply."""
    occ = _occurrence(occ_or_key)
    if occ is None or occ.kind not in ("identifier", "set", "operator"):
        return ()
    out: list[str] = []
    upper, lower = _shape(occ)
    if occ.font == "bold" and occ.kind == "identifier":
        if upper:
            out.append("bold capital: a matrix")
        elif lower:
            out.append("bold lowercase: a vector")
        else:
            out.append("bold: a vector or matrix")
    if occ.font in _FONT_WORDS and occ.kind != "operator":
        out.append(_FONT_WORDS[occ.font])
    for accent in occ.accents:
        if accent in _ACCENT_WORDS:
            out.append(_ACCENT_WORDS[accent])
    if occ.subscript and occ.subscript_role == "index":
        sub = occ.subscript.replace(" ", "")
        if sub in _SUB_INDEX:
            out.append(_SUB_INDEX[sub])
        elif re.fullmatch(r"[a-z](?:,[a-z])+", sub):
            out.append(f"subscript {sub}: indices picking one entry (row, column, ...)")
    if occ.subscript and occ.subscript_role == "name":
        out.append(f"subscript {occ.subscript}: a label naming which one, not an index")
    role = occ.superscript_role
    if role in _ROLE_WORDS:
        out.append(_ROLE_WORDS[role])
    elif role == "index" and occ.superscript:
        sup = occ.superscript.replace(" ", "")
        if sup in _SUP_INDEX:
            out.append(_SUP_INDEX[sup])
        elif re.fullmatch(r"\(.+\)", sup):
            out.append(f"superscript {sup}: an index (which example, layer or step), not a power")
    elif role == "power" and occ.superscript == "2":
        out.append("superscript 2: squared")
    return tuple(dict.fromkeys(out))


def convention_meaning(occ_or_key: SymbolOccurrence | str) -> str | None:
    """A meaning that the typography alone supports, worded as a convention; None otherwise."""
    occ = _occurrence(occ_or_key)
    if occ is None or occ.kind != "identifier":
        return None
    upper, lower = _shape(occ)
    star = " (its optimal value)" if occ.superscript_role == "star" else ""
    if occ.font == "bold":
        if upper:
            return f"a matrix (bold capital), by convention{star}"
        if lower:
            return f"a vector (bold lowercase), by convention{star}"
    if "hat" in occ.accents:
        return "an estimate or prediction (hat), by convention"
    if "tilde" in occ.accents:
        return "a candidate or approximate value (tilde), by convention"
    if occ.font in ("calligraphic", "script"):
        return "a set, a loss or a distribution (calligraphic capital), by convention"
    if occ.superscript_role == "star":
        return "an optimal or target value (star), by convention"
    if occ.key in INDEX_LETTERS and occ.key != "\\tau":
        return "an index (counting position, step or element), by convention"
    return None
