"""Turn whatever a reader types into a safe SQLite FTS5 query.

Owns: the small query language of ``paperpal search``. Words are ANDed; ``"a phrase"`` matches
words in sequence; ``OR`` (upper case) between words gives alternatives; ``-word`` or
``NOT word`` excludes; ``word*`` matches a prefix; ``AND`` and parentheses are accepted and
ignored. Everything else (stray quotes, colons, carets, brackets, unbalanced anything) is
treated as text, never as FTS5 syntax: every word is re-emitted as a double-quoted FTS5 string
made only of letters and digits, so no input can raise an FTS5 syntax error.

Must not: touch the database or know about notes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Letters and digits only: exactly what FTS5's unicode61 tokenizer keeps as token characters
# (underscore and punctuation separate tokens there too).
_PIECE = re.compile(r"[^\W_]+")
_TOKEN = re.compile(r'"[^"]*"?|[^\s"()]+')

# Words too common to say anything on their own: left out of the any-word fallback and never
# marked in snippets. (Typed explicitly, they still count in the all-words query.)
STOP_WORDS = frozenset(
    """a an and are as at be by can do does for from how i in is it my of on or that the this
    to was what when where which who why with""".split()
)


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    fts: str | None  # None: nothing searchable (empty, punctuation only, only exclusions)
    words: tuple[str, ...]  # the positive words, lower-cased, for highlighting
    loose: str | None = None  # any one of the words (a fallback when all of them match nothing)


def _term(text: str, prefix: bool) -> tuple[str, list[str]] | None:
    pieces = _PIECE.findall(text)
    if not pieces:
        return None
    quoted = '"' + " ".join(pieces) + '"'
    return (quoted + "*" if prefix else quoted), [p.lower() for p in pieces]


def parse_query(text: str) -> ParsedQuery:
    alternatives: list[list[str]] = [[]]
    excluded: list[str] = []
    words: list[str] = []
    negate_next = False
    for raw in _TOKEN.findall(text):
        if raw in ("AND", "&&"):
            continue
        if raw in ("OR", "||"):
            if alternatives[-1]:
                alternatives.append([])
            continue
        if raw == "NOT":
            negate_next = True
            continue
        negate = negate_next
        negate_next = False
        if raw.startswith('"'):
            body, prefix = raw.strip('"'), False
        else:
            if raw.startswith("-") and len(raw) > 1:
                negate, raw = True, raw.lstrip("-")
            prefix = raw.endswith("*")
            body = raw.rstrip("*")
        term = _term(body, prefix)
        if term is None:
            continue
        if negate:
            excluded.append(term[0])
        else:
            alternatives[-1].append(term[0])
            words.extend(term[1])
    groups = [group for group in alternatives if group]
    if not groups:
        return ParsedQuery(None, ())
    positive = " OR ".join("(" + " AND ".join(group) + ")" for group in groups)
    exclusions = "".join(f" NOT {term}" for term in excluded)
    fts = f"({positive})" + exclusions
    terms = [term for group in groups for term in group if term.strip('"*').lower() not in STOP_WORDS]
    every = sum(len(group) for group in groups)
    loose = f"({' OR '.join(terms)}){exclusions}" if terms and every > 1 else None
    return ParsedQuery(fts, tuple(dict.fromkeys(words)), loose)
