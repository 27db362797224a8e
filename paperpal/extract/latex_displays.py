"""One display environment's rows grouped into the equations a reader sees, with their numbers.

Owns: splitting a display at ``\\intertext``, reading each row's ``\\label``, ``\\tag`` and
``\\nonumber``/``\\notag``, and grouping rows the way amsmath numbers them: in ``align``-like
environments every row gets a number unless it says otherwise (rows without one join the next
numbered row), while ``equation`` and ``multline`` are one formula with one number.

Must not: keep counters: the walk passes a ``next_number`` function, so ``subequations``,
``\\numberwithin`` and a paper's own ``\\theequation`` stay the walk's business.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from paperpal.extract.latex_envs import LABEL, NUMBERED_MULTI, NUMBERED_SINGLE
from paperpal.extract.latex_floats import strip_alignment
from paperpal.extract.latex_math import tidy_math
from paperpal.extract.latex_scan import read_group, split_rows
from paperpal.extract.latex_text import plain

_INTERTEXT = re.compile(r"\\(?:short)?intertext(?![A-Za-z@])")
_TAG = re.compile(r"\\tag(\*?)\s*\{")
_NONUMBER = re.compile(r"\\(?:nonumber|notag)\b")


@dataclass(frozen=True, slots=True)
class Row:
    latex: str
    label: str | None = None
    tag: str | None = None
    nonumber: bool = False


@dataclass(frozen=True, slots=True)
class Formula:
    """One equation of a display: its tidied LaTeX, printed number and ``\\label`` keys."""

    latex: str
    number: str | None
    labels: tuple[str, ...]


def split_intertext(body: str) -> list[tuple[str, str]]:
    """("math", part) and ("text", words) pieces: ``\\intertext`` puts a paragraph in a display."""
    pieces: list[tuple[str, str]] = []
    i = 0
    for match in _INTERTEXT.finditer(body):
        if match.start() < i:
            continue
        text, end = read_group(body, match.end())
        pieces.append(("math", body[i : match.start()]))
        pieces.append(("text", text))
        i = end
    pieces.append(("math", body[i:]))
    return pieces


def parse_row(row: str) -> Row:
    labels = LABEL.findall(row)
    row = LABEL.sub(" ", row)
    tag: str | None = None
    match = _TAG.search(row)
    if match:
        group, end = read_group(row, match.end() - 1)
        tag = plain(group).strip()
        row = row[: match.start()] + " " + row[end:]
    nonumber = bool(_NONUMBER.search(row))
    row = _NONUMBER.sub(" ", row)
    return Row(row, labels[0].strip() if labels else None, tag, nonumber)


def formulas(body: str, env: str, next_number: Callable[[], str]) -> list[Formula]:
    """The equations of one display part, numbered as the PDF prints them."""
    base = env.rstrip("*")
    numbered = not env.endswith("*") and (base in NUMBERED_MULTI or base in NUMBERED_SINGLE)
    if base in NUMBERED_MULTI:
        rows = [parse_row(row) for row in split_rows(body)]
    else:
        # One formula, one number: rows of a multline are one expression broken in lines.
        row = parse_row(body)
        if base == "multline":
            row = replace(row, latex=" ".join(r.strip() for r in split_rows(row.latex)))
        rows = [row]
    groups: list[tuple[list[Row], str | None]] = []
    pending: list[Row] = []
    for row in rows:
        if not row.latex.strip() and row.label is None and row.tag is None:
            continue
        pending.append(row)
        number: str | None = None
        if row.tag is not None:
            number = row.tag
        elif numbered and not row.nonumber:
            number = next_number()
        if number is not None:
            groups.append((pending, number))
            pending = []
    if pending:
        if groups and base in NUMBERED_MULTI and numbered:
            last_rows, last_number = groups[-1]
            groups[-1] = (last_rows + pending, last_number)
        else:
            groups.append((pending, None))
    found: list[Formula] = []
    for group, number in groups:
        if len(group) == 1:
            latex = tidy_math(strip_alignment(group[0].latex))
        else:
            latex = " \\\\ ".join(tidy_math(r.latex) for r in group)
        found.append(Formula(latex, number, tuple(r.label for r in group if r.label)))
    return found
