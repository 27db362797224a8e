"""Fitting text into a column of terminal cells: prose wrapped at spaces, equations broken
before an operator, and one-line labels cut with an ellipsis.

Widths are terminal cells, not characters: a combining accent (the tilde of h̃) takes none, so
columns line up whatever the symbol. Plain functions over strings; the widgets style the result.
"""

from __future__ import annotations

from rich.cells import cell_len

ELLIPSIS = "…"

# Where a long equation may be broken, best first: relations, then sums, then lists.
_RELATIONS = frozenset("=≠≤≥≈<>∝≜≔≡∼≃→⟶⇒⟹↦")
_SUMS = frozenset("+−-±∓")
_LISTS = frozenset(",;")
_OPEN = "([{⟨⌊⌈"
_CLOSE = ")]}⟩⌋⌉"


def fit(text: str, width: int) -> str:
    """``text`` on one line of at most ``width`` cells, cut with "…" when it does not fit."""
    text = " ".join(text.split())
    if cell_len(text) <= width:
        return text
    if width <= 1:
        return ELLIPSIS[:width]
    out: list[str] = []
    used = 0
    for ch in text:
        w = cell_len(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    cut = "".join(out)
    # Cut at a word boundary when one is near, so no word is shown half.
    space = cut.rfind(" ")
    if space >= max(1, len(cut) - 15):
        cut = cut[:space]
    return cut.rstrip(" ,;:") + ELLIPSIS


def pad(text: str, width: int) -> str:
    """``text`` padded with spaces to ``width`` cells (combining marks take no cell)."""
    return text + " " * max(0, width - cell_len(text))


def wrap(text: str, width: int) -> list[str]:
    """Prose wrapped at spaces into lines of at most ``width`` cells; a word longer than a line
    (a URL) is split. Newlines in ``text`` start new lines."""
    width = max(1, width)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line: list[str] = []
        used = 0
        for word in paragraph.split():
            w = cell_len(word)
            if line and used + 1 + w <= width:
                line.append(word)
                used += 1 + w
                continue
            if line:
                lines.append(" ".join(line))
                line, used = [], 0
            while w > width:
                head, word = _split_cells(word, width)
                lines.append(head)
                w = cell_len(word)
            if word:
                line, used = [word], w
        lines.append(" ".join(line))
    return lines


def _split_cells(word: str, width: int) -> tuple[str, str]:
    used = 0
    for i, ch in enumerate(word):
        used += cell_len(ch)
        if used > width:
            return word[:i], word[i:]
    return word, ""


def break_equation(text: str, width: int, indent: int = 2) -> list[str]:
    """A one-line equation in lines of at most ``width`` cells, broken before a relation, a
    plus or minus, or a comma outside any brackets (inside them only when nothing else fits);
    continuation lines are indented by ``indent``. Split mid-symbol only as a last resort."""
    if cell_len(text) <= width:
        return [text]
    lines: list[str] = []
    rest = text
    first = True
    while rest:
        room = width if first else max(1, width - indent)
        if cell_len(rest) <= room:
            lines.append(rest if first else " " * indent + rest)
            break
        cut = _best_break(rest, room)
        head, rest = rest[:cut].rstrip(), rest[cut:].lstrip()
        lines.append(head if first else " " * indent + head)
        first = False
    return lines


def _best_break(text: str, room: int) -> int:
    """Where to break ``text`` so that the first part fits in ``room`` cells."""
    candidates: dict[tuple[int, int], int] = {}  # (depth, class) -> the last offset that fits
    depth = 0
    used = 0
    limit = len(text)
    for i, ch in enumerate(text):
        if used > room:
            limit = i - 1
            break
        if i > 0:
            kind = 0 if ch in _RELATIONS else 1 if ch in _SUMS else 2 if ch in _LISTS else None
            if kind is not None:
                # A break goes before the operator (after a comma), never leaving a line empty.
                at = i + 1 if kind == 2 else i
                if at > 0 and cell_len(text[:at]) <= room:
                    candidates[(depth, kind)] = at
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        used += cell_len(ch)
    # The best kind of break that fills at least half the line; else the latest one.
    for key in sorted(candidates):
        if candidates[key] >= room // 2:
            return candidates[key]
    if candidates:
        return max(candidates.values())
    # Nothing to break at: as many whole characters as fit.
    used = 0
    for i, ch in enumerate(text[: max(limit, 1) + 1]):
        used += cell_len(ch)
        if used > room:
            return max(1, i)
    return max(1, len(text))
