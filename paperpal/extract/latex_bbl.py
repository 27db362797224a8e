"""A paper's bibliography read from its ``.bbl`` (or a ``thebibliography`` written in the paper).

Owns: the entries in the order the PDF numbers them, natbib's ``\\bibitem[Short(Year)Long]{key}``
labels, alphabetic labels (``\\bibitem[Vas17]{key}``), biblatex's ``\\entry`` records (authors'
family names, year, ``labelalpha``), and which style the citations print in: numbers,
author–year, or labels, from the bibliography and the preamble (natbib's ``numbers`` option,
``\\setcitestyle``, biblatex's ``style=``).

Must not: guess entries a ``.bbl`` does not hold, or read the ``.bib``: without a ``.bbl`` the
citations resolve to numbers only if the paper writes its own ``thebibliography``.
"""

from __future__ import annotations

import re

from paperpal.extract.latex_cites import Bibliography, CiteStyle, Reference
from paperpal.extract.latex_scan import read_group, read_optional
from paperpal.extract.latex_text import plain

_BIBITEM = re.compile(r"\\bibitem(?![A-Za-z@])")
_ENTRY = re.compile(r"\\entry\s*\{([^{}]*)\}")
_NATBIB_LABEL = re.compile(r"^(?P<short>[^()]*?)\s*\((?P<year>[^()]*)\)(?P<full>.*)$", re.DOTALL)
_NATBIB_OPTIONS = re.compile(r"\\usepackage\s*\[([^\]]*)\]\s*\{natbib\}")
_CITESTYLE = re.compile(r"\\(?:setcitestyle|citestyle|bibpunct)\s*(?:\[[^\]]*\])?\s*\{([^{}]*)\}")
_BIBLATEX = re.compile(r"\\usepackage\s*(?:\[([^\]]*)\])?\s*\{biblatex\}")
_FAMILY = re.compile(r"family=\{((?:[^{}]|\{[^{}]*\})*)\}")
_FIELD = re.compile(r"\\field\s*\{(labelyear|year|labelalpha|extrayear|extradate)\}\s*\{([^{}]*)\}")
_NAMES = re.compile(r"\\name\s*\{(?:labelname|author|editor)\}\s*\{(\d+)\}")
_NATEXLAB = re.compile(r"\\natexlab\s*\{([^{}]*)\}")
_MAX_ENTRIES = 5_000


def read_bibliography(bbl: str, preamble: str = "") -> Bibliography:
    """The bibliography in ``bbl`` (a ``.bbl`` file or a ``thebibliography`` environment)."""
    if "\\entry" in bbl and "\\bibitem" not in bbl:
        entries = _biblatex_entries(bbl)
        style = _biblatex_style(preamble)
    else:
        entries = _bibitems(bbl)
        style = _natbib_style(entries, preamble)
    return Bibliography(entries, style)


def _bibitems(bbl: str) -> dict[str, Reference]:
    entries: dict[str, Reference] = {}
    for number, match in enumerate(_BIBITEM.finditer(bbl), start=1):
        if number > _MAX_ENTRIES:
            break
        label, i = read_optional(bbl, match.end(), long=True)
        key, _ = read_group(bbl, i)
        key = key.strip()
        if not key or key in entries:
            continue
        entries[key] = _reference(len(entries) + 1, label)
    return entries


def _reference(number: int, label: str | None) -> Reference:
    if label is None:
        return Reference(number)
    text = plain(_NATEXLAB.sub(r"\1", label)).strip()
    if text.startswith("{") and text.endswith("}"):
        text = text[1:-1]
    found = _NATBIB_LABEL.match(text)
    if found and found.group("year").strip():
        full = " ".join(found.group("full").split())
        return Reference(number, " ".join(found.group("short").split()), found.group("year").strip(), full)
    return Reference(number, label=" ".join(text.split()))


def _natbib_style(entries: dict[str, Reference], preamble: str) -> CiteStyle:
    options = " ".join(_NATBIB_OPTIONS.findall(preamble) + _CITESTYLE.findall(preamble))
    if re.search(r"\b(?:numbers|super|sort&compress|square)\b", options) and "authoryear" not in options:
        return "numeric"
    values = list(entries.values())
    if values and all(ref.short and ref.year for ref in values):
        return "author-year"
    if values and all(ref.label for ref in values) and not all(ref.label.isdigit() for ref in values):
        return "label"
    return "numeric"


def _biblatex_entries(bbl: str) -> dict[str, Reference]:
    entries: dict[str, Reference] = {}
    starts = list(_ENTRY.finditer(bbl))[:_MAX_ENTRIES]
    for index, match in enumerate(starts):
        key = match.group(1).strip()
        end = starts[index + 1].start() if index + 1 < len(starts) else len(bbl)
        record = bbl[match.end() : end]
        fields = dict(_FIELD.findall(record))
        year = (fields.get("labelyear") or fields.get("year", "")) + _letter(fields.get("extradate", ""))
        names = _NAMES.search(record)
        families = [plain(f).strip() for f in _FAMILY.findall(record[names.start() :])] if names else []
        count = int(names.group(1)) if names else 0
        families = families[:count] if count else families
        short = ""
        if families:
            short = families[0] if len(families) == 1 else f"{families[0]} and {families[1]}"
            if len(families) > 2:
                short = f"{families[0]} et al."
        full = ", ".join(families)
        if key and key not in entries:
            entries[key] = Reference(len(entries) + 1, short, year, full, fields.get("labelalpha", ""))
    return entries


def _letter(extradate: str) -> str:
    return chr(ord("a") + int(extradate) - 1) if extradate.isdigit() and 0 < int(extradate) <= 26 else ""


def _biblatex_style(preamble: str) -> CiteStyle:
    match = _BIBLATEX.search(preamble)
    options = (match.group(1) or "") if match else ""
    if re.search(
        r"(?:cite)?style\s*=\s*(?:authoryear|authortitle|apa|chicago|mla|ieee-?authoryear)", options
    ):
        return "author-year"
    if re.search(r"style\s*=\s*alphabetic", options):
        return "label"
    return "numeric"
