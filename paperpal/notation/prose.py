"""Sentences with inline formulas, made fit for the screen and for the ear.

Owns: turning a paper's sentence (a meaning, a definition's evidence, a paragraph) that holds
inline ``$latex$`` into what a reader is shown (``to_screen``: each formula in Unicode, as
``render.to_unicode`` draws equations) or hears (``to_speech``: each formula read aloud, as
``speak.literal`` reads equations). Sinks call these where they show or speak such text; the
values in the report keep their ``$latex$`` so scripts and the definition finder see the source.
What counts as a formula is ``inline.math_spans``'s rule (Markdown's dollar math: "it costs $5
and $10" stays prose), plus ``\\(…\\)``.

Must not: change the words around the formulas, or leave a LaTeX command in what it returns.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from paperpal.notation.inline import math_spans
from paperpal.notation.render import to_unicode
from paperpal.notation.speak import literal

_PAREN = re.compile(r"\\\((.+?)\\\)", re.DOTALL)  # \( ... \)
_COMMAND = re.compile(r"\\([A-Za-z]+)\*?")
_ESCAPED = re.compile(r"\\([$%&#_{}])")


def to_screen(text: str | None) -> str:
    """``text`` with every inline formula drawn in Unicode (``None`` reads as "")."""
    return _replace(text or "", to_unicode)


def to_speech(text: str | None) -> str:
    """``text`` with every inline formula read aloud (``None`` reads as "")."""
    return _replace(text or "", literal)


def _replace(text: str, formula: Callable[[str], str]) -> str:
    if "$" not in text and "\\" not in text:
        return text

    parts: list[str] = []
    cursor = 0
    for span in math_spans(text):
        parts.append(text[cursor : span.start])
        parts.append(formula(span.latex.strip()).strip())
        cursor = span.end
    parts.append(text[cursor:])
    text = _PAREN.sub(lambda m: formula(m.group(1).strip()).strip(), "".join(parts))
    # Anything still written as a command (a formula cut in half, an escaped character) is shown
    # by its name, never as LaTeX.
    text = _ESCAPED.sub(r"\1", text)
    return _COMMAND.sub(lambda m: m.group(1), text)
