"""What a float, a table or an algorithm contributes to the reading: its caption, rows and steps.

Owns: a float's caption as a paragraph where the float stands ("Figure 2: ..."), one paragraph
per table row (cells joined by " | "), one per algorithm step with its printed line number, and
what a ``\\label`` inside a float names (the float's number, or an algorithm step's line).

Must not: keep counters (the walk numbers the float and passes its name in) or drop a formula:
cells and steps are returned as LaTeX for latex_text.py to read.
"""

from __future__ import annotations

import re

from paperpal.extract.latex_envs import BEGIN_ENV, LABEL, SKIPPED, TABULAR
from paperpal.extract.latex_scan import find_env_end, read_group, read_optional, split_rows
from paperpal.extract.latex_text import plain

_TABULAR_BEGIN = re.compile(r"\\begin\s*\{(tabular\*?|tabularx|longtable|tabulary)\}")
_ALGORITHMIC_BEGIN = re.compile(r"\\begin\s*\{(algorithmic)\}")
_CAPTION = re.compile(r"\\caption(?![A-Za-z@])\*?")
ALGORITHM_LINE = re.compile(
    r"\\(?:STATE|State|Statex|FOR|For|ForAll|FORALL|WHILE|While|IF|If|ELSIF|ElsIf|ELSE|Else|"
    r"ENDFOR|EndFor|ENDWHILE|EndWhile|ENDIF|EndIf|RETURN|Return|REPEAT|Repeat|UNTIL|Until|"
    r"REQUIRE|Require|ENSURE|Ensure|Function|EndFunction|Procedure|EndProcedure|LOOP|Loop|"
    r"ENDLOOP|EndLoop)(?![A-Za-z@])"
)
UNNUMBERED_LINES = frozenset({"statex", "require", "ensure"})
_ALGORITHM_WORDS = {
    "for": "for", "forall": "for all", "while": "while", "if": "if", "elsif": "else if",
    "else": "else", "endfor": "end for", "endwhile": "end while", "endif": "end if",
    "return": "return", "repeat": "repeat", "until": "until", "require": "Require:",
    "ensure": "Ensure:", "function": "function", "endfunction": "end function",
    "procedure": "procedure", "endprocedure": "end procedure", "loop": "loop",
    "endloop": "end loop",
}  # fmt: skip
_ALIGN_PARTS = re.compile(r"\\begin\s*\{[^{}]*\}|\\end\s*\{[^{}]*\}|\\&|&")


def float_labels(body: str, kind: str, number: str) -> list[tuple[str, str, str]]:
    """(key, printed number, kind) for each ``\\label`` in a float's ``body``.

    In an algorithm a label after a step names that step's line number.
    """
    found: list[tuple[str, str, str]] = []
    for label in LABEL.finditer(body):
        lines = sum(
            1
            for m in ALGORITHM_LINE.finditer(body, 0, label.start())
            if m.group(0)[1:].lower() not in UNNUMBERED_LINES
        )
        found.append((label.group(1).strip(), str(lines) if lines else number, "line" if lines else kind))
    return found


def float_texts(body: str, name: str) -> list[str]:
    """A float's caption, table rows and algorithm lines, as paragraph texts in reading order."""
    texts: list[str] = []
    caption = _CAPTION.search(body)
    if caption:
        _, i = read_optional(body, caption.end())
        text, _ = read_group(body, i)
        texts.append(f"{name}: {text}")
    for table in _TABULAR_BEGIN.finditer(body):
        start = table.end()
        end, _ = find_env_end(body, start, table.group(1))
        texts.extend(table_rows(body[start:end], table.group(1).rstrip("*")))
    for algorithm in _ALGORITHMIC_BEGIN.finditer(body):
        start = algorithm.end()
        end, _ = find_env_end(body, start, algorithm.group(1))
        texts.extend(_algorithm_steps(body[start:end]))
    return texts


def _algorithm_steps(steps: str) -> list[str]:
    _, first = read_optional(steps, 0)
    marks = list(ALGORITHM_LINE.finditer(steps, first))
    texts: list[str] = []
    line = 0
    for mark, following in zip(marks, marks[1:] + [None], strict=True):
        command = mark.group(0)[1:]
        word = _ALGORITHM_WORDS.get(command.lower(), "")
        step = steps[mark.end() : following.start() if following else len(steps)]
        prefix = ""
        if command.lower() not in UNNUMBERED_LINES:
            line += 1
            prefix = f"{line}: "
        texts.append(f"{prefix}{word} {step}" if word else prefix + step)
    return texts


def table_rows(body: str, kind: str) -> list[str]:
    """One text per table row, cells joined by " | " (their formulas are the paper's)."""
    _, i = read_optional(body, 0)
    for _ in range(TABULAR[kind]):
        _, i = read_group(body, i)
    rows: list[str] = []
    for row in split_rows(without_skipped(body[i:])):
        cells = [cell.strip() for cell in strip_alignment(row, "\x02").split("\x02")]
        if any(plain(cell).strip() for cell in cells):
            rows.append(" | ".join(cells))
    return rows


def without_skipped(body: str) -> str:
    """``body`` without the environments that are never text (tikz pictures in table cells)."""
    pieces: list[str] = []
    done = 0
    for match in BEGIN_ENV.finditer(body):
        if match.start() < done or match.group(1).strip() not in SKIPPED:
            continue
        _, end = find_env_end(body, match.end(), match.group(1).strip())
        pieces.append(body[done : match.start()])
        done = end
    pieces.append(body[done:])
    return "".join(pieces)


def strip_alignment(row: str, mark: str = " ") -> str:
    """Drop the row's own "&" marks; an inner matrix, cases or split keeps its own."""
    depth = 0

    def keep(match: re.Match[str]) -> str:
        nonlocal depth
        token = match.group(0)
        if token.startswith("\\begin"):
            depth += 1
        elif token.startswith("\\end"):
            depth = max(0, depth - 1)
        elif token == "&" and depth == 0:
            return mark
        return token

    return _ALIGN_PARTS.sub(keep, row)
