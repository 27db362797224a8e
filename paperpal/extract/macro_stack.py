"""The token stack the macro expander reads from: LaTeX as tokens, and the readers of arguments.

Owns: tokenising LaTeX into control sequences, braces, parameters and text runs (and joining
them back), and reading what a macro takes from the input that follows it: a braced or
one-token argument, an optional ``[...]`` argument, a star, an argument delimited by the text
of a ``\\def``'s parameter pattern. Every reader is total and bounded: an argument that never
closes or a delimiter that never comes gives the tokens back and says so.

Must not: know what any command means (macros.py does).
"""

from __future__ import annotations

import re

# A control word (\alpha, \foo@bar), a control symbol (\*, \\, \{), a lone trailing backslash,
# a parameter (#1, ##), a brace, or a run of ordinary text.
_TOKEN = re.compile(r"\\(?:[A-Za-z@]+|.)|\\|#[1-9#]?|[{}]|[^\\{}#]+", re.DOTALL)
_CONTROL_WORD = re.compile(r"\\[A-Za-z@]+\Z")

END_ENV = "\x01end:"  # marker token: emit \end{name} after an environment's end code
MAX_OPTIONAL_SCAN = 4_000
MAX_DELIMITED_SCAN = 4_000  # tokens one delimited argument may take (TeX has no limit; we do)


def tokenize(text: str) -> list[str]:
    return _TOKEN.findall(text)


def detokenize(tokens: list[str]) -> str:
    """Join tokens back into source text, keeping a control word apart from a following letter."""
    parts: list[str] = []
    previous_is_word = False
    for token in tokens:
        if previous_is_word and (token[:1].isalpha() or token[:1] == "@"):
            parts.append(" ")
        parts.append(token)
        previous_is_word = bool(_CONTROL_WORD.match(token))
    return "".join(parts)


def pattern_units(tokens: list[str]) -> list[str]:
    """A ``\\def``'s parameter text as units TeX would match: control sequences, parameters and
    single characters, a run of white space as one " "."""
    units: list[str] = []
    for token in tokens:
        if token[0] in "\\#{}":
            units.append(token)
            continue
        for ch in token:
            if ch.isspace():
                if not units or units[-1] != " ":
                    units.append(" ")
            else:
                units.append(ch)
    return units


class TokenStack:
    """Input still to read, as a stack (the next token last), with the argument readers."""

    def __init__(self) -> None:
        self.stack: list[str] = []
        self.pushed = 0

    def push(self, tokens: list[str]) -> None:
        self.pushed += len(tokens)
        self.stack.extend(reversed(tokens))

    def skip_spaces(self) -> None:
        stack = self.stack
        while stack:
            top = stack[-1]
            if top[0] in "\\{}#" or top.startswith(END_ENV):
                return
            stripped = top.lstrip()
            if stripped:
                stack[-1] = stripped
                return
            stack.pop()

    def take_char(self) -> str:
        token = self.stack.pop()
        if len(token) > 1 and token[0] not in "\\#\x01":
            self.stack.append(token[1:])
            return token[0]
        return token

    def take_star(self) -> bool:
        self.skip_spaces()
        if self.stack and self.stack[-1].startswith("*"):
            self.take_char()
            return True
        return False

    def read_arg(self) -> list[str]:
        """One undelimited argument: a braced group's contents or a single token."""
        self.skip_spaces()
        if not self.stack:
            return []
        if self.stack[-1] != "{":
            if self.stack[-1] == "}":
                return []  # the argument is missing: leave the closing brace to its owner
            return [self.take_char()]
        self.stack.pop()
        depth = 1
        group: list[str] = []
        stack = self.stack
        while stack:
            token = stack.pop()
            if token == "{":
                depth += 1
            elif token == "}":
                depth -= 1
                if depth == 0:
                    return group
            group.append(token)
        return group  # unbalanced: the group ran to the end of the input, as in TeX

    def read_optional(self) -> list[str] | None:
        """A ``[...]`` argument if one comes next (braces may hide a ``]``), else None."""
        self.skip_spaces()
        if not self.stack or not self.stack[-1].startswith("["):
            return None
        self.take_char()
        taken: list[str] = []
        group: list[str] = []
        depth = 0
        while self.stack and len(taken) < MAX_OPTIONAL_SCAN:
            token = self.stack.pop()
            taken.append(token)
            if token == "{":
                depth += 1
            elif token == "}":
                depth -= 1
            elif depth == 0 and token[0] not in "\\#" and "]" in token:
                head, _, rest = token.partition("]")
                if head:
                    group.append(head)
                if rest:
                    self.stack.append(rest)
                return group
            group.append(token)
        # No closing bracket: this "[" was text after all.
        self.push(["[", *taken])
        return None

    def peek_group_text(self) -> str | None:
        """The text of a ``{name}`` group coming next, without consuming it."""
        stack = self.stack
        if len(stack) >= 3 and stack[-1] == "{" and stack[-3] == "}":
            return stack[-2].strip()
        return None

    # -- delimited arguments ----------------------------------------------------------------

    def take_unit(self) -> str:
        """The next unit: a whole control sequence, brace or parameter, or one character."""
        return self.take_char()

    def match_prefix(self, units: list[str]) -> bool:
        """Consume ``units`` if the input starts with them; otherwise consume nothing."""
        taken: list[str] = []
        for unit in units:
            if not self.stack:
                self.push(taken)
                return False
            got = self.take_unit()
            if unit == " " and got.isspace():
                taken.append(got)
                while self.stack and self.stack[-1][:1].isspace():
                    taken.append(self.take_unit())
                continue
            taken.append(got)
            if got != unit:
                self.push(taken)
                return False
        return True

    def read_delimited(self, delimiter: list[str]) -> list[str] | None:
        """Tokens up to ``delimiter`` (units, see ``pattern_units``) at brace depth 0, the
        delimiter consumed; None (and nothing consumed) when it does not come within
        ``MAX_DELIMITED_SCAN`` units or before a blank line (a paragraph ends an argument)."""
        taken: list[str] = []  # exactly what was popped, to give back on failure
        units: list[str] = []  # the same, white space collapsed, to compare with the delimiter
        depth = 0
        newlines = 0
        size = len(delimiter)
        while self.stack and len(taken) < MAX_DELIMITED_SCAN:
            unit = self.take_unit()
            taken.append(unit)
            if unit.isspace():
                newlines = newlines + unit.count("\n")
                if newlines >= 2:
                    break
                if units and units[-1] == " ":
                    continue
                units.append(" ")
            else:
                newlines = 0
                units.append(unit)
                if unit == "{":
                    depth += 1
                elif unit == "}":
                    depth -= 1
                    if depth < 0:
                        break  # the group around the macro closed first
            if depth == 0 and len(units) >= size and units[-size:] == delimiter:
                argument = _without_delimiter(taken, size)
                return _strip_one_group(argument)
        self.push(taken)
        return None


def _without_delimiter(taken: list[str], size: int) -> list[str]:
    """``taken`` without its last ``size`` units (white space runs count as one unit)."""
    i = len(taken)
    left = size
    while left > 0 and i > 0:
        i -= 1
        if taken[i].isspace():
            while i > 0 and taken[i - 1].isspace():
                i -= 1
        left -= 1
    return taken[:i]


def _strip_one_group(argument: list[str]) -> list[str]:
    """TeX drops the braces around a delimited argument that is exactly one group."""
    if len(argument) >= 2 and argument[0] == "{" and argument[-1] == "}":
        depth = 0
        for index, token in enumerate(argument):
            if token == "{":
                depth += 1
            elif token == "}":
                depth -= 1
                if depth == 0 and index < len(argument) - 1:
                    return argument
        return argument[1:-1]
    return argument
