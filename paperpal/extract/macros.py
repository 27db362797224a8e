"""Expand the macros a paper's authors defined, the way TeX would, but bounded.

Owns: tokenising LaTeX into control sequences, braces, parameters and text runs; reading the
definitions (``\\newcommand``/``\\renewcommand``/``\\providecommand`` with arguments and an
optional first argument, ``\\def`` with undelimited parameters, ``\\let``, ``\\DeclareMathOperator``,
``\\newenvironment``); and replacing every use of a defined macro by its body.

Must not: know about sections, equations or plain text (that is latex.py and latex_text.py), or
run forever. Every expansion is counted: a macro that keeps expanding (``\\def\\a{\\a\\a}``) is
switched off with a warning, and a global budget stops the whole expansion before time or memory
can run away. Structural commands (``\\section``, ``\\begin``, ``\\label``...) are never redefined,
because conference style files redefine them in terms of LaTeX internals we cannot run.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

# A control word (\alpha, \foo@bar), a control symbol (\*, \\, \{), a lone trailing backslash,
# a parameter (#1, ##), a brace, or a run of ordinary text.
_TOKEN = re.compile(r"\\(?:[A-Za-z@]+|.)|\\|#[1-9#]?|[{}]|[^\\{}#]+", re.DOTALL)
_CONTROL_WORD = re.compile(r"\\[A-Za-z@]+\Z")

# Past these the input is hostile or broken, not a paper: stop expanding and say so.
MAX_EXPANSIONS_PER_MACRO = 10_000  # the corpus peaks at ~120 uses of one macro
MAX_EXPANSIONS = 100_000  # and ~400 expansions per paper
MAX_PUSHED_TOKENS = 600_000  # or four times the input's own tokens, if more
_MAX_OPTIONAL_SCAN = 4_000

# Names that carry the document's structure: latex.py must see them as written.
PROTECTED = frozenset(
    "\\" + name
    for name in (
        "begin end section subsection subsubsection paragraph subparagraph part chapter "
        "appendix label tag nonumber notag input include subfile import subimport "
        "documentclass usepackage RequirePackage title author maketitle caption footnote "
        "item newcommand renewcommand providecommand def edef gdef xdef let "
        "DeclareMathOperator newenvironment renewenvironment bibliography "
        "thebibliography bibitem numberwithin abstract verb"
    ).split()
)

# Environments latex.py reads by name: their \begin/\end must reach it untouched.
PROTECTED_ENVIRONMENTS = frozenset(
    name + star
    for name in (
        "document abstract equation align gather multline eqnarray alignat flalign "
        "displaymath subequations figure table thebibliography itemize enumerate description"
    ).split()
    for star in ("", "*")
)

_DEFINERS = frozenset(
    {
        "\\newcommand",
        "\\renewcommand",
        "\\providecommand",
        "\\DeclareRobustCommand",
        "\\def",
        "\\gdef",
        "\\edef",
        "\\xdef",
        "\\let",
        "\\DeclareMathOperator",
        "\\newenvironment",
        "\\renewenvironment",
    }
)

THEEQUATION_MARK = "\\paperpal@theequation"
_END_ENV = "\x01end:"  # marker token: emit \end{name} after an environment's end code


@dataclass(slots=True)
class Macro:
    """One definition: ``body`` tokens with ``#1``.. placeholders for ``nargs`` arguments."""

    nargs: int
    body: list[str]
    default: list[str] | None = None  # the optional first argument's default, if it has one
    frozen: bool = False  # \let to a command we do not define: stands for that command as is


@dataclass(slots=True)
class Environment:
    nargs: int
    begin: list[str]
    end: list[str]
    default: list[str] | None = None


@dataclass(slots=True)
class MacroTable:
    """The definitions seen so far; shared by the style files and the paper, in reading order."""

    macros: dict[str, Macro] = field(default_factory=dict)
    environments: dict[str, Environment] = field(default_factory=dict)


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


def expand(text: str, table: MacroTable, *, harvest_only: bool = False) -> tuple[str, list[str]]:
    """Expand ``text`` with ``table`` (updated by the definitions found); return text, warnings.

    ``harvest_only`` reads a style file: definitions are collected (only those free of ``@``
    internals) and nothing else is expanded or returned.
    """
    run = _Expansion(table, harvest_only)
    run.stack = tokenize(text)
    run.stack.reverse()
    run.max_pushed = max(MAX_PUSHED_TOKENS, 4 * len(run.stack))
    run.run()
    return ("" if harvest_only else detokenize(run.out)), run.warnings


class _Expansion:
    """The state of one expansion pass (a class because the reader helpers share the stack)."""

    def __init__(self, table: MacroTable, harvest_only: bool) -> None:
        self.table = table
        self.harvest_only = harvest_only
        self.stack: list[str] = []
        self.out: list[str] = []
        self.warnings: list[str] = []
        self.counts: Counter[str] = Counter()
        self.total = 0
        self.pushed = 0
        self.max_pushed = MAX_PUSHED_TOKENS
        self.disabled: set[str] = set()
        self.stopped = False

    # -- the main loop ------------------------------------------------------------------------

    def run(self) -> None:
        stack, out = self.stack, self.out
        macros, envs = self.table.macros, self.table.environments
        while stack:
            token = stack.pop()
            if token[0] == "\\":
                if token in _DEFINERS:
                    self.define(token)
                    continue
                if self.harvest_only:
                    continue
                if token in macros and not self.stopped and token not in self.disabled:
                    self.call(token, macros[token])
                    continue
                if token == "\\begin" and envs and not self.stopped:
                    name = self.peek_group_text()
                    if name is not None and name in envs:
                        self.read_arg()
                        self.begin_env(name, envs[name])
                        continue
                if token == "\\end" and envs:
                    name = self.peek_group_text()
                    if name is not None and name in envs:
                        self.read_arg()
                        self.push([*envs[name].end, _END_ENV + name])
                        continue
            elif token.startswith(_END_ENV):
                out.extend(("\\end", "{", token[len(_END_ENV) :], "}"))
                continue
            if not self.harvest_only:
                out.append(token)

    def push(self, tokens: list[str]) -> None:
        self.pushed += len(tokens)
        self.stack.extend(reversed(tokens))

    def budget_ok(self, name: str) -> bool:
        self.counts[name] += 1
        self.total += 1
        if self.counts[name] > MAX_EXPANSIONS_PER_MACRO:
            self.disabled.add(name)
            self.warnings.append(f"macro {name} kept expanding (recursive definition?); left unexpanded")
            return False
        if self.total > MAX_EXPANSIONS or self.pushed > self.max_pushed:
            self.stop(self.counts.most_common(1)[0][0])
            return False
        return True

    def stop(self, worst: str) -> None:
        self.stopped = True
        self.warnings.append(
            f"macro expansion stopped: the definitions grow without bound (worst: {worst});"
            " the rest of the paper is read with its macros unexpanded"
        )

    def call(self, name: str, macro: Macro) -> None:
        if not self.budget_ok(name):
            self.out.append(name)
            return
        if macro.frozen:
            self.out.extend(macro.body)
            return
        args = self.read_args(macro.nargs, macro.default)
        growth = len(macro.body) + sum(
            len(arg) * macro.body.count(f"#{i}") for i, arg in enumerate(args, start=1)
        )
        if self.pushed + growth > self.max_pushed:
            self.stop(name)  # the arguments snowball: refuse before copying them again
            self.out.append(name)
            return
        self.push(_substitute(macro.body, args))

    def begin_env(self, name: str, env: Environment) -> None:
        self.out.extend(("\\begin", "{", name, "}"))
        if not self.budget_ok("\\begin{" + name + "}"):
            return
        args = self.read_args(env.nargs, env.default)
        self.push(_substitute(env.begin, args))

    def read_args(self, nargs: int, default: list[str] | None) -> list[list[str]]:
        args: list[list[str]] = []
        for index in range(nargs):
            if index == 0 and default is not None:
                optional = self.read_optional()
                args.append(default if optional is None else optional)
            else:
                args.append(self.read_arg())
        return args

    # -- definitions --------------------------------------------------------------------------

    def define(self, definer: str) -> None:
        if definer == "\\let":
            self.define_let()
        elif definer in ("\\def", "\\gdef", "\\edef", "\\xdef"):
            self.define_def()
        elif definer == "\\DeclareMathOperator":
            star = self.take_star()
            name = self.read_name()
            body = self.read_arg()
            operator = "\\operatorname*" if star else "\\operatorname"
            self.store(name, Macro(0, [operator, "{", *body, "}"]), overwrite=True)
        elif definer in ("\\newenvironment", "\\renewenvironment"):
            self.take_star()
            env_name = _plain(self.read_arg()).strip()
            nargs, default = self.read_arity()
            begin = self.read_arg()
            end = self.read_arg()
            if env_name and not self.harvest_only and env_name not in PROTECTED_ENVIRONMENTS:
                self.table.environments[env_name] = Environment(nargs, begin, end, default)
        else:
            self.take_star()
            name = self.read_name()
            nargs, default = self.read_arity()
            body = self.read_arg()
            if name == "\\theequation" and not self.harvest_only:
                # How equation numbers print can change mid-paper (appendix "A.1"): leave a
                # marker where it happens for latex.py, which keeps the counters.
                self.out.extend((THEEQUATION_MARK, "{", *body, "}"))
            self.store(name, Macro(nargs, body, default), overwrite=definer != "\\providecommand")

    def define_let(self) -> None:
        name = self.read_name()
        self.skip_spaces()
        if self.stack and self.stack[-1].startswith("="):
            self.take_char()
        self.skip_spaces()
        target = self.stack.pop() if self.stack else ""
        if not name or name == target:
            return
        existing = self.table.macros.get(target)
        if existing is not None:
            copy = Macro(existing.nargs, list(existing.body), existing.default, existing.frozen)
            self.store(name, copy, overwrite=True)
        elif target.startswith("\\"):
            self.store(name, Macro(0, [target], frozen=True), overwrite=True)

    def define_def(self) -> None:
        name = self.read_name()
        params: list[str] = []
        while self.stack and self.stack[-1] != "{" and len(params) < 64:
            params.append(self.stack.pop())
        body = self.read_arg()
        expected = [f"#{i}" for i in range(1, len(params) + 1)]
        if params != expected:
            if not self.harvest_only and name:
                self.warnings.append(f"\\def{name} uses delimited parameters, which are not expanded")
            return
        self.store(name, Macro(len(params), body), overwrite=True)

    def store(self, name: str, macro: Macro, overwrite: bool) -> None:
        if not name.startswith("\\") or name in PROTECTED:
            return
        if self.harvest_only and ("@" in name or self.rejected(macro.body)):
            return
        if overwrite or name not in self.table.macros:
            self.table.macros[name] = macro
            self.disabled.discard(name)

    def rejected(self, body: list[str]) -> bool:
        """Style-file bodies built on LaTeX internals (``\\@...``) cannot be run here."""
        return self.harvest_only and any(t.startswith("\\") and "@" in t for t in body)

    def read_name(self) -> str:
        self.skip_spaces()
        if not self.stack:
            return ""
        if self.stack[-1] == "{":
            group = self.read_arg()
            names = [t for t in group if t.startswith("\\")]
            return names[0] if names else ""
        token = self.stack.pop()
        return token if token.startswith("\\") else ""

    def read_arity(self) -> tuple[int, list[str] | None]:
        count = self.read_optional()
        nargs = 0
        if count is not None:
            digits = _plain(count).strip()
            nargs = int(digits) if digits.isdigit() and int(digits) <= 9 else 0
        default = self.read_optional() if nargs else None
        return nargs, default

    def take_star(self) -> bool:
        if self.stack and self.stack[-1].startswith("*"):
            self.take_char()
            return True
        return False

    # -- reading arguments --------------------------------------------------------------------

    def skip_spaces(self) -> None:
        stack = self.stack
        while stack:
            top = stack[-1]
            if top[0] in "\\{}#" or top.startswith(_END_ENV):
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
        while self.stack and len(taken) < _MAX_OPTIONAL_SCAN:
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


def _substitute(body: list[str], args: list[list[str]]) -> list[str]:
    if not args and "##" not in body:
        return body
    result: list[str] = []
    for token in body:
        if token[0] == "#" and len(token) == 2:
            if token == "##":
                result.append("#")
            else:
                index = int(token[1]) - 1
                if index < len(args):
                    result.extend(args[index])
            continue
        result.append(token)
    return result


def _plain(tokens: list[str]) -> str:
    return "".join(tokens)
