"""Snippets: the few lines of a hit shown under it, with the query's words marked.

Owns: cutting a window of a passage or note around the first query word and marking each query
word ``[like this]`` (``MARK_OPEN``/``MARK_CLOSE``). Work per text is bounded: only the first
``SCAN_CHARS`` characters are looked at, whatever the text's length, and marks are placed in the
window only (a 100 MB note costs the same as a 100 KB one).

Must not: touch the database.
"""

from __future__ import annotations

import re

from paperpal.store.query import STOP_WORDS

MARK_OPEN = "["
MARK_CLOSE = "]"
SNIPPET_CHARS = 220
SCAN_CHARS = 100_000  # how far into a text a snippet looks for the query's words
_LEAD = 60  # characters shown before the first match


def word_pattern(words: tuple[str, ...]) -> re.Pattern[str] | None:
    """A pattern matching the query's words at a word start, and their other endings
    (the index stems words: "gates" finds "gate", "corrected" finds "correction")."""
    stems = []
    for word in words:
        if word in STOP_WORDS or not word:
            continue
        stems.append(word[: max(4, len(word) - 2)] if len(word) > 5 else word)
    if not stems:
        return None
    alternatives = "|".join(re.escape(stem) for stem in sorted(set(stems), key=len, reverse=True))
    return re.compile(r"\b(?:" + alternatives + r")\w*", re.IGNORECASE)


def mark_words(text: str, words: tuple[str, ...]) -> str:
    """A window of ``text`` around the first query word, each query word [marked]."""
    head = text[:SCAN_CHARS]
    pattern = word_pattern(words)
    first = pattern.search(head) if pattern else None
    start = max(0, first.start() - _LEAD) if first else 0
    # Whitespace is collapsed in the window only; the window is cut a little wide so that
    # collapsing does not leave it short.
    piece = " ".join(head[start : start + SNIPPET_CHARS * 3].split())[:SNIPPET_CHARS]
    more = start + SNIPPET_CHARS < len(text)
    window = ("…" if start > 0 else "") + piece + ("…" if more else "")
    if pattern is None:
        return window
    return pattern.sub(lambda m: f"{MARK_OPEN}{m.group(0)}{MARK_CLOSE}", window)
