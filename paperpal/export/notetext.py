"""A note's body, split into the pieces every export format renders its own way.

Notes are Markdown written by readers (and shared between them), with ``$math$`` welcome. Both
the Markdown and the HTML handout need the same reading of a body, so it is made here once:
plain text, inline ``$math$``, inline `` `code` `` (a backtick run closed by a run of the same
length on the same line), and fenced code blocks (a line of three or more backticks or tildes
up to the matching closing line; an unclosed fence ends with the note). Control characters are
removed first. The pieces are plain strings: escaping is the renderer's job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from paperpal.controls import strip_controls

Kind = Literal["text", "math", "code", "block"]

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
_BACKTICKS = re.compile(r"`+")


@dataclass(frozen=True, slots=True)
class Piece:
    kind: Kind
    text: str
    info: str = ""  # a fenced block's info string ("python", "math")


def note_pieces(body: str, *, math: bool = True) -> list[Piece]:
    """The pieces of ``body`` in order (see the module docstring); ``math=False`` leaves ``$``
    as text (for prose such as glossary explanations, where it may be a price)."""
    lines = strip_controls(body).strip().split("\n")
    pieces: list[Piece] = []
    plain: list[str] = []
    i = 0
    while i < len(lines):
        opened = _FENCE.match(lines[i])
        if opened is None or (opened.group(1)[0] == "`" and "`" in opened.group(2)):
            plain.append(lines[i])
            i += 1
            continue
        pieces += _inline("\n".join(plain), math)
        plain = []
        fence = opened.group(1)
        content: list[str] = []
        i += 1
        while i < len(lines) and not _closes(lines[i], fence):
            content.append(lines[i])
            i += 1
        i += 1  # the closing line (or the end of the note)
        pieces.append(Piece("block", "\n".join(content), opened.group(2).strip()))
    pieces += _inline("\n".join(plain), math)
    return [p for p in pieces if p.text or p.kind == "block"]


def _closes(line: str, fence: str) -> bool:
    stripped = line.strip()
    return (
        len(line) - len(line.lstrip(" ")) <= 3 and len(stripped) >= len(fence) and set(stripped) == {fence[0]}
    )


def _inline(text: str, math: bool) -> list[Piece]:
    pieces: list[Piece] = []
    start = pos = 0

    def flush(end: int) -> None:
        if end > start:
            pieces.append(Piece("text", text[start:end]))

    while pos < len(text):
        char = text[pos]
        if char == "`":
            run = _BACKTICKS.match(text, pos)
            assert run is not None
            close = _closing_run(text, run.end(), len(run.group()))
            if close is None:
                pos = run.end()  # literal backticks: part of the text
                continue
            flush(pos)
            pieces.append(Piece("code", text[run.end() : close]))
            pos = start = close + len(run.group())
            continue
        if char == "$" and math:
            close = text.find("$", pos + 1)
            if close > pos + 1 and text[pos + 1 : close].strip():
                flush(pos)
                pieces.append(Piece("math", text[pos + 1 : close]))
                pos = start = close + 1
                continue
        pos += 1
    flush(len(text))
    return pieces


def _closing_run(text: str, start: int, length: int) -> int | None:
    """Where a run of exactly ``length`` backticks begins after ``start``, on the same line."""
    line_end = text.find("\n", start)
    line_end = len(text) if line_end < 0 else line_end
    for run in _BACKTICKS.finditer(text, start, line_end):
        if len(run.group()) == length:
            return run.start()
    return None
