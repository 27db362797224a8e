"""Citations as the PDF prints them: "[3]", "Vaswani et al. (2017)", "(Kingma and Ba, 2015)".

Owns: the bibliography's entries as values (``Reference``, ``Bibliography``) and turning one
citation command (``\\cite``, natbib's ``\\citet``/``\\citep``/``\\citealp``/``\\citeauthor``...,
biblatex's ``\\textcite``/``\\parencite``) with its keys and notes into the text a reader sees,
in the paper's citation style: numeric, author–year, or alphabetic labels.

Must not: read files or LaTeX (latex_bbl.py reads the ``.bbl``). A key the bibliography does not
know, or a paper without one, gives a neutral mark (``UNRESOLVED``): never a made-up label.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

UNRESOLVED = "[…]"  # what a citation we cannot resolve reads as: something is cited here

CiteStyle = Literal["numeric", "author-year", "label"]

_TEXTUAL = re.compile(r"(?:citet|textcite|Textcite|citealt|newcite|Citet|Citealt)\Z")
_AUTHOR = re.compile(r"[cC]iteauthor\Z")
_YEAR = re.compile(r"citeyear(?:par)?\Z")
_BARE = re.compile(r"(?:citealp|citealt|citenum)\Z")


@dataclass(frozen=True, slots=True)
class Reference:
    """One bibliography entry as the citations print it."""

    number: int  # its place in the bibliography, 1-based
    short: str = ""  # the author part of an author-year label: "Vaswani et al."
    year: str = ""  # "2017", "2017a"
    full: str = ""  # every author, for natbib's starred commands
    label: str = ""  # an alphabetic or explicit label: "Vas17"


@dataclass(frozen=True, slots=True)
class Bibliography:
    entries: Mapping[str, Reference] = field(default_factory=dict)
    style: CiteStyle = "numeric"


def cite_text(
    command: str,
    keys: Sequence[str],
    bibliography: Bibliography | None,
    *,
    star: bool = False,
    before: str = "",
    after: str = "",
) -> str:
    """What ``\\command[before][after]{keys}`` prints (see the module docstring)."""
    entries = bibliography.entries if bibliography else {}
    found = [entries.get(key) for key in keys]
    known = [ref for ref in found if ref is not None]
    if not known or len(known) < len(found):
        if _YEAR.match(command):
            return ""
        return UNRESOLVED
    assert bibliography is not None
    style = bibliography.style
    if style == "author-year" and not all(ref.short and ref.year for ref in known):
        style = "numeric"
    if _AUTHOR.match(command):
        names = [_author(ref, star) for ref in known]
        return ", ".join(name for name in names if name) or UNRESOLVED
    if _YEAR.match(command):
        years = ", ".join(ref.year for ref in known if ref.year)
        return f"({years})" if command.endswith("par") and years else years
    if style == "author-year":
        return _author_year(command, known, star, before, after)
    marks = [ref.label if style == "label" and ref.label else str(ref.number) for ref in known]
    inside = ", ".join(marks)
    if after:
        inside += ", " + after
    if _BARE.match(command):
        return inside
    cited = f"[{inside}]"
    if before:
        cited = f"{before} {cited}"
    if _TEXTUAL.match(command):
        names = [_author(ref, star) for ref in known]
        if all(names):
            return f"{'; '.join(names)} {cited}"
    return cited


def _author(ref: Reference, star: bool) -> str:
    return (ref.full if star and ref.full else ref.short).strip()


def _author_year(command: str, known: list[Reference], star: bool, before: str, after: str) -> str:
    textual = _TEXTUAL.match(command) is not None or command in ("cite", "Cite")
    bare = _BARE.match(command) is not None
    if textual and not command.startswith("citealt"):
        # natbib: "Vaswani et al. (2017)"; several: "A (2017); B (2018)"
        parts = [f"{_author(ref, star)} ({ref.year})" for ref in known]
        if after:
            parts[-1] = parts[-1][:-1] + f", {after})"
        text = "; ".join(parts)
        return f"{before} {text}" if before else text
    joiner = " " if command.startswith("citealt") else ", "
    inside = "; ".join(f"{_author(ref, star)}{joiner}{ref.year}" for ref in known)
    if before:
        inside = f"{before} {inside}"
    if after:
        inside += f", {after}"
    return inside if bare else f"({inside})"
