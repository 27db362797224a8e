"""Printed forms of LaTeX counters: letters (``\\Alph``), roman numerals and ``\\the<counter>``.

Owns: turning counter values into the text a PDF prints ("A", "iv", "2.3"), including a paper's
own ``\\theequation`` template read with the current counter values.

Must not: keep counters itself (latex_walk.py does) or interpret anything but counter commands.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from paperpal.extract.latex_text import plain

_COUNTER_STYLE = re.compile(r"\\(arabic|Alph|alph|Roman|roman)\s*\{([A-Za-z]+)\}")
_THE_COUNTER = re.compile(r"\\the([A-Za-z]+)")


def letters(value: int) -> str:
    """1 -> "A", 26 -> "Z", 27 -> "AA" (``\\Alph`` past Z, as appendix letters go)."""
    if value <= 0:
        return "0"
    out = ""
    while value > 0:
        value, rest = divmod(value - 1, 26)
        out = chr(ord("A") + rest) + out
    return out


def roman(value: int) -> str:
    numerals = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for amount, numeral in numerals:
        while value >= amount:
            out += numeral
            value -= amount
    return out or "0"


def format_counter(template: str, counters: Mapping[str, int], printed: Mapping[str, str]) -> str:
    """A ``\\the<counter>`` definition printed with the current values.

    ``counters`` holds the raw values; ``printed`` the numbers as shown for counters whose printed
    form is not their value ("A" for the first appendix section).
    """

    def styled(match: re.Match[str]) -> str:
        style, counter = match.group(1), match.group(2)
        value = counters.get(counter, 0)
        if style == "arabic":
            return str(value)
        if style in ("Alph", "alph"):
            return letters(value) if style == "Alph" else letters(value).lower()
        return roman(value) if style == "Roman" else roman(value).lower()

    def the(match: re.Match[str]) -> str:
        counter = match.group(1)
        if counter in printed:
            return printed[counter]
        return str(counters.get(counter, 0))

    text = _COUNTER_STYLE.sub(styled, template)
    text = _THE_COUNTER.sub(the, text)
    return plain(text).strip()
