"""Dollar math inside running text (sentences, quotes, snippets, notes) shown as Unicode.

Owns: where ``$…$`` and ``$$…$$`` spans are in a piece of text (``prose.to_screen`` draws a
whole sentence with them, ``snippet_pieces`` a search snippet). The rule for what counts as math is the one Markdown tools
use for dollar math (pandoc, markdown-it's dollarmath plugin): an opening ``$`` is followed by a
non-space, a closing ``$`` follows a non-space and is not followed by a digit, and ``\\$`` is a
literal dollar. So "it costs $5 and $10" stays prose, while ``$h_t^j$`` becomes ``hₜʲ``.

Also owns the repair of math cut by a snippet window: a search snippet is a window of a passage
and may start or end inside a span; ``complete_spans`` widens the window to whole spans using the
passage it came from, so a reader never sees half a formula as raw LaTeX.

Must not: escape for any output (each sink does that), or treat text as anything but data.
"""

from __future__ import annotations

from dataclasses import dataclass

_MAX_SPAN = 400  # longer "spans" are two stray dollars, not a formula


@dataclass(frozen=True, slots=True)
class MathSpan:
    start: int  # offset of the opening dollar
    end: int  # offset just after the closing dollar
    latex: str
    display: bool  # $$…$$


def math_spans(text: str) -> list[MathSpan]:
    """The dollar-math spans of ``text``, left to right, never overlapping."""
    spans: list[MathSpan] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "\\":
            i += 2  # an escaped character, "\$" included, is never a delimiter
            continue
        if ch != "$":
            i += 1
            continue
        if text.startswith("$$", i):
            close = _find_display_close(text, i + 2)
            if close is not None and text[i + 2 : close].strip():
                spans.append(MathSpan(i, close + 2, text[i + 2 : close].strip(), True))
                i = close + 2
                continue
            i += 2
            continue
        close = _find_inline_close(text, i + 1)
        if close is not None:
            spans.append(MathSpan(i, close + 1, text[i + 1 : close], False))
            i = close + 1
            continue
        i += 1
    return spans


def _find_display_close(text: str, start: int) -> int | None:
    j = start
    limit = min(len(text), start + 4 * _MAX_SPAN)
    while j < limit - 1:
        if text[j] == "\\":
            j += 2
            continue
        if text[j] == "$" and text[j + 1] == "$":
            return j
        j += 1
    return None


def _find_inline_close(text: str, start: int) -> int | None:
    if start >= len(text) or text[start].isspace() or text[start] == "$":
        return None
    j = start
    limit = min(len(text), start + _MAX_SPAN)
    while j < limit:
        c = text[j]
        if c == "\\":
            j += 2
            continue
        if c == "\n" and j + 1 < len(text) and text[j + 1] == "\n":
            return None  # math never crosses a blank line
        if c == "$":
            if text[j - 1].isspace():
                return None
            if j + 1 < len(text) and text[j + 1].isdigit():
                return None
            return j
        j += 1
    return None


def _unescape_dollars(text: str) -> str:
    return text.replace("\\$", "$")


def complete_spans(window: str, source: str) -> tuple[str, int]:
    """``window`` (a piece of ``source``, perhaps with "…" at its ends) widened to whole math
    spans: a window that starts or ends inside a span of ``source`` gets the rest of it.

    Returns the widened window and how many characters were added in front of it. A window
    that cannot be found in ``source`` comes back as it is.
    """
    lead = window.startswith("…")
    tail = window.endswith("…")
    core = window[1 if lead else 0 : len(window) - (1 if tail else 0)]
    if "$" not in core or not core.strip():
        return window, 0
    at = source.find(core)
    if at < 0:
        return window, 0
    start, end = at, at + len(core)
    for span in math_spans(source):
        if span.start < start < span.end:
            start = span.start
        if span.start < end < span.end:
            end = span.end
    head = "…" if lead and start > 0 else ""
    widened = head + source[start:end] + ("…" if tail and end < len(source) else "")
    return widened, len(head) + (at - start) - (1 if lead else 0)


def snippet_pieces(
    snippet: str, source: str, words: tuple[str, ...] = (), *, open_mark: str = "[", close_mark: str = "]"
) -> list[tuple[str, bool]]:
    """A search snippet ready to show: ``(text, matched)`` pieces, math in Unicode.

    The search marks the words it matched as ``[word]``; real brackets in the text (citations
    like "[Cho et al., 2014]", "[12]") are told apart from marks because a mark holds one word
    and, when the query's ``words`` are known, one that starts like a query word. The snippet is
    widened to whole math spans with ``source`` (the passage or note it was cut from).
    """
    plain: list[str] = []
    marks: list[tuple[int, int]] = []
    length = 0
    i = 0
    while i < len(snippet):
        start = snippet.find(open_mark, i)
        if start < 0:
            plain.append(snippet[i:])
            break
        end = snippet.find(close_mark, start + len(open_mark))
        inner = snippet[start + len(open_mark) : end] if end >= 0 else ""
        if end < 0 or not _is_mark(inner, words):
            piece = snippet[i : start + len(open_mark)]
            plain.append(piece)
            length += len(piece)
            i = start + len(open_mark)
            continue
        before = snippet[i:start]
        plain.append(before)
        length += len(before)
        plain.append(inner)
        marks.append((length, length + len(inner)))
        length += len(inner)
        i = end + len(close_mark)
    text, shift = complete_spans("".join(plain), source)
    marks = [(a + shift, b + shift) for a, b in marks]
    from paperpal.notation.render import to_unicode

    pieces: list[tuple[str, bool]] = []
    cursor = 0
    for span in [*math_spans(text), None]:
        stop = span.start if span is not None else len(text)
        pieces.extend(_split_marked(text, cursor, stop, marks))
        if span is not None:
            pieces.append((to_unicode(span.latex), False))
            cursor = span.end
    return [(_unescape_dollars(t), m) for t, m in pieces if t]


def _is_mark(inner: str, words: tuple[str, ...]) -> bool:
    if not inner or not all(ch.isalnum() for ch in inner) or inner.isdigit():
        return False
    if not words:
        return True
    low = inner.lower()
    return any(low[:3] == w[:3] for w in words if w)


def _split_marked(text: str, start: int, stop: int, marks: list[tuple[int, int]]) -> list[tuple[str, bool]]:
    out: list[tuple[str, bool]] = []
    cursor = start
    for a, b in marks:
        a, b = max(a, start), min(b, stop)
        if a >= b or a < cursor:
            continue
        out.append((text[cursor:a], False))
        out.append((text[a:b], True))
        cursor = b
    out.append((text[cursor:stop], False))
    return out
