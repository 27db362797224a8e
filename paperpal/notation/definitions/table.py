"""Notation tables: a row "$c$ & speed of light \\\\" names its symbol."""

from __future__ import annotations

import re

from paperpal.notation.definitions.definition import Definition
from paperpal.notation.definitions.formulas import MATH, defined_symbol, mask_math
from paperpal.notation.definitions.text import cut

ROW = re.compile(r"(?:^|\\\\|\\hline|\n)(?P<row>[^\n]*?)(?=\\\\|\n|$)")
CELL_SYMBOLS = re.compile(r"\s*\$x+\$(?:\s*,\s*\$x+\$)*\s*")


def table_definitions(text: str) -> list[Definition]:
    """A notation table's rows: "$c$ & speed of light \\\\" (symbols in the first cell, words in the next)."""
    out: list[Definition] = []
    masked = mask_math(text)
    for row in ROW.finditer(masked):
        cells = re.split(r"(?<!\\)&", row.group("row"))
        if len(cells) != 2 or not CELL_SYMBOLS.fullmatch(cells[0]):
            continue
        lo = row.start("row")
        desc_start = lo + len(cells[0]) + 1
        raw = text[desc_start : row.end("row")]
        raw = re.sub(r"\\(?:vspace|hspace)\*?\{[^}]*\}|\\hline", " ", raw).strip()
        desc = cut(raw)
        if not re.search(r"[A-Za-z]{2,}", MATH.sub(" ", desc)):
            continue  # a formula in the next cell, not a name
        if not desc or desc != raw.rstrip(",;:. ") or starts_like_a_clause(desc):
            continue  # more than a name ("time , when ..."): not a table of names
        for m in MATH.finditer(text, lo, lo + len(cells[0])):
            occ = defined_symbol(m.group(1))
            if occ is None:
                continue
            inner = m.start(1) + (len(m.group(1)) - len(m.group(1).lstrip()))
            sentence = " ".join(text[lo : row.end("row")].split())
            out.append(
                Definition(
                    occ.latex, occ.key, desc, sentence, "table", 0.85, inner + occ.start, inner + occ.end
                )
            )
    return out


def starts_like_a_clause(desc: str) -> bool:
    return bool(re.match(r"(?:is|are|if|for|when|where|we|it|this|see)\b", desc, re.I))
