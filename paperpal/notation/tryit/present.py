"""A tried equation in lines a person reads, and the values a person types, for every sink.

Owns: ``trial_lines`` (the values used, the working, the result, or why it cannot be tried, as
``(kind, text)`` lines the CLI and the reader style their own way) and ``typed_values`` (what a
reader types in the reader's "try it" box, ``z_t=0.8  e=1,2,0.5`` or ``z_t=0.8; e=1,2,0.5``,
into the ``{symbol: text}`` that ``try_equation`` checks).

Must not: import sympy, evaluate anything, or style text for a particular output.
"""

from __future__ import annotations

import re
from typing import Literal

from paperpal.errors import BadValue
from paperpal.models import Trial

LineKind = Literal["heading", "value", "step", "note", "cannot"]

# A new assignment starts where a name is followed by "=": "z_t=0.8 h_{t-1}=0.5".
_NEXT = re.compile(r"[;\s]+(?=[^\s;=]+\s*=)")


def trial_lines(trial: Trial) -> list[tuple[LineKind, str]]:
    if not trial.evaluable:
        return [("cannot", f"Cannot try this one with numbers: {trial.reason}.")]
    lines: list[tuple[LineKind, str]] = [("heading", "With:")]
    for v in trial.values:
        why = " (yours)" if v.source == "reader" else (f"  — {v.why}" if v.why else "")
        lines.append(("value", f"{v.text} = {v.value}{why}"))
    lines.append(("heading", "Working:"))
    for k, step in enumerate(trial.steps):
        lead = f"{trial.target} = " if k == 0 and trial.target else ""
        lines.append(("step", lead + step))
    lines.extend(("note", f"Note: {note}.") for note in trial.notes)
    return lines


def typed_values(text: str) -> dict[str, str]:
    """``{"z_t": "0.8", "e": "1,2,0.5"}`` from ``z_t=0.8  e=1,2,0.5``; ``BadValue`` when a piece
    is not ``SYMBOL=NUMBER``."""
    values: dict[str, str] = {}
    for piece in _NEXT.split(text.strip().strip(";")):
        if not piece.strip():
            continue
        name, sep, raw = piece.partition("=")
        if not sep or not name.strip() or not raw.strip():
            raise BadValue(f"{piece.strip()!r}: write SYMBOL=NUMBER, for example z_t=0.8")
        values[name.strip()] = raw.strip()
    return values
