"""Small, total readers over LaTeX strings: braced groups, optional arguments, environments.

Owns: finding where a group, a ``[...]`` argument, an inline formula or an environment ends, in
linear time, on any input. Unbalanced input never raises: a group without its closing brace
runs to the end of the string, as TeX would read it.

Must not: interpret commands (latex.py and latex_text.py do).
"""

from __future__ import annotations

import re

CONTROL = re.compile(r"\\(?:[A-Za-z@]+|.)", re.DOTALL)


def skip_spaces(s: str, i: int) -> int:
    n = len(s)
    while i < n and s[i] in " \t\n\r":
        i += 1
    return i


def read_group(s: str, i: int) -> tuple[str, int]:
    """The argument starting at ``i`` (after spaces): a ``{...}`` group's inside, or one token."""
    i = skip_spaces(s, i)
    if i >= len(s):
        return "", i
    if s[i] != "{":
        if s[i] == "}":
            return "", i
        match = CONTROL.match(s, i)
        if match:
            return match.group(0), match.end()
        return s[i], i + 1
    depth = 0
    j = i
    n = len(s)
    while j < n:
        c = s[j]
        if c == "\\":
            j += 2
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return s[i + 1 : j], j + 1
        j += 1
    return s[i + 1 :], n


def read_optional(s: str, i: int, *, long: bool = False) -> tuple[str | None, int]:
    """A ``[...]`` argument at ``i`` (after spaces), or None and ``i`` unchanged.

    Unless ``long``, a blank line ends the search: the "[" was text, not an argument.
    """
    j = skip_spaces(s, i)
    if j >= len(s) or s[j] != "[":
        return None, i
    depth = 0
    k = j + 1
    n = len(s)
    while k < n:
        c = s[k]
        if c == "\\":
            k += 2
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        elif c == "]" and depth <= 0:
            return s[j + 1 : k], k + 1
        elif c == "\n" and not long and k + 1 < n and s[k + 1] == "\n":
            break  # a paragraph break: this "[" was text
        k += 1
    return None, i


_ENV_MARK = re.compile(r"\\(begin|end)\s*\{([^{}]*)\}")


def find_env_end(s: str, i: int, name: str) -> tuple[int, int]:
    """(start of ``\\end{name}``, index after it) for an environment whose body starts at ``i``.

    Nested environments of the same name are matched; without an end, the body runs to the end.
    """
    depth = 1
    for match in _ENV_MARK.finditer(s, i):
        if match.group(2).strip() != name:
            continue
        if match.group(1) == "begin":
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return match.start(), match.end()
    return len(s), len(s)


def find_math_end(s: str, i: int, closer: str) -> int:
    """Index of ``closer`` ("$", "$$", "\\)", "\\]") ending a formula whose body starts at ``i``.

    Returns -1 when there is none. Escaped dollars (``\\$``) do not close a formula.
    """
    n = len(s)
    j = i
    first = closer[0]
    depth = 0
    fallback = -1  # the first closer inside braces, for input whose braces do not balance
    while j < n:
        c = s[j]
        if c == "\\":
            if first == "\\" and s.startswith(closer, j) and depth == 0:
                return j
            j += 2
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth = max(0, depth - 1)
        elif c == first and s.startswith(closer, j):
            # A "$" inside braces belongs to a formula nested in text (\text{$\eta$}).
            if depth == 0:
                return j
            if fallback < 0:
                fallback = j
        elif c == "\n" and closer == "$" and s.startswith("\n\n", j):
            return fallback  # inline math cannot span a paragraph break
        j += 1
    return fallback


def split_rows(s: str) -> list[str]:
    """Split an alignment body at its top-level ``\\\\`` (not inside braces or inner environments)."""
    rows: list[str] = []
    depth = 0
    env_depth = 0
    start = 0
    j = 0
    n = len(s)
    while j < n:
        c = s[j]
        if c == "\\":
            if s.startswith("\\\\", j):
                if depth == 0 and env_depth == 0:
                    rows.append(s[start:j])
                    j += 2
                    # \\[2pt] and \\* are spacing hints, not content
                    if j < n and s[j] == "*":
                        j += 1
                    k = skip_spaces(s, j)
                    if k < n and s[k] == "[":
                        close = s.find("]", k)
                        if close != -1 and close - k < 20:
                            j = close + 1
                    start = j
                    continue
                j += 2
                continue
            if s.startswith("\\begin", j):
                env_depth += 1
            elif s.startswith("\\end", j):
                env_depth = max(0, env_depth - 1)
            j += 2
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth = max(0, depth - 1)
        j += 1
    rows.append(s[start:])
    return rows
