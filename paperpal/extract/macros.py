"""Expand the macros a paper's authors defined, the way TeX would, but bounded.

Owns: reading the definitions (``\\newcommand``/``\\renewcommand``/``\\providecommand`` with
arguments and an optional first argument, ``\\def`` with undelimited or delimited parameters,
``\\let``, ``\\DeclareMathOperator``, ``\\DeclarePairedDelimiter``, xparse's
``\\NewDocumentCommand`` with ``m``/``o``/``O{}``/``s`` arguments, ``\\newenvironment``) and
replacing every use of a defined macro by its body. Reading the input itself (tokens, arguments,
delimiters) is macro_stack.py's.

Must not: know about sections, equations or plain text (that is latex.py and latex_text.py), or
run forever. Every expansion is counted: a macro that keeps expanding (``\\def\\a{\\a\\a}``) is
switched off with a warning, and a global budget stops the whole expansion before time or memory
can run away. Structural commands (``\\section``, ``\\begin``, ``\\label``...; see
macro_table.py) are never redefined. What the expansion could not do but a reader cannot act on
(a ``\\def`` pattern it does not support) goes to ``MacroTable.details``, not to the warnings.
"""

from __future__ import annotations

from collections import Counter

from paperpal.extract.macro_stack import END_ENV, TokenStack, detokenize, pattern_units, tokenize
from paperpal.extract.macro_table import (
    CONDITIONALS,
    DEFINERS,
    DOCUMENT_COMMANDS,
    FALSE,
    NO_VALUE,
    PROTECTED,
    PROTECTED_ENVIRONMENTS,
    THEEQUATION_MARK,
    TRUE,
    Environment,
    Macro,
    MacroTable,
)

__all__ = ["THEEQUATION_MARK", "Macro", "MacroTable", "expand"]

# Past these the input is hostile or broken, not a paper: stop expanding and say so.
MAX_EXPANSIONS_PER_MACRO = 10_000  # the corpus peaks at ~120 uses of one macro
MAX_EXPANSIONS = 100_000  # and ~400 expansions per paper
MAX_PUSHED_TOKENS = 600_000  # or four times the input's own tokens, if more
MAX_UNMATCHED_USES = 20  # a delimited macro whose delimiter keeps not coming is switched off


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


class _Expansion(TokenStack):
    """The state of one expansion pass (a class because the reader helpers share the stack)."""

    def __init__(self, table: MacroTable, harvest_only: bool) -> None:
        super().__init__()
        self.table = table
        self.harvest_only = harvest_only
        self.out: list[str] = []
        self.warnings: list[str] = []
        self.counts: Counter[str] = Counter()
        self.unmatched: Counter[str] = Counter()
        self.total = 0
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
                if token in DEFINERS:
                    self.define(token)
                    continue
                if self.harvest_only:
                    continue
                if token in macros and not self.stopped and token not in self.disabled:
                    self.call(token, macros[token])
                    continue
                if token in CONDITIONALS:
                    self.conditional(token)
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
                        self.push([*envs[name].end, END_ENV + name])
                        continue
            elif token.startswith(END_ENV):
                out.extend(("\\end", "{", token[len(END_ENV) :], "}"))
                continue
            elif token[0] == "\x01":
                continue  # an xparse marker outside a test: nothing to print
            if not self.harvest_only:
                out.append(token)

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
        if macro.paired is not None:
            self.push(self.fence(macro))
            return
        if macro.spec is not None:
            args = self.read_document_args(macro)
        elif macro.pattern is not None:
            found = self.read_pattern(name, macro.pattern)
            if found is None:
                self.out.append(name)
                return
            args = found
        else:
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

    def read_pattern(self, name: str, pattern: list[str]) -> list[list[str]] | None:
        """The arguments of a delimited ``\\def``; None (input untouched) when they do not match."""
        if name[1:].isalpha():
            self.skip_spaces()  # TeX reads no space token after a control word
        args: list[list[str]] = []
        i = 0
        prefix = []
        while i < len(pattern) and not pattern[i].startswith("#"):
            prefix.append(pattern[i])
            i += 1
        if prefix and not self.match_prefix(prefix):
            self.unmatched_use(name)
            return None
        while i < len(pattern):
            i += 1  # the parameter itself
            delimiter: list[str] = []
            while i < len(pattern) and not pattern[i].startswith("#"):
                delimiter.append(pattern[i])
                i += 1
            if not delimiter:
                args.append(self.read_arg())
                continue
            found = self.read_delimited(delimiter)
            if found is None:
                self.unmatched_use(name)
                return None
            args.append(found)
        return args

    def unmatched_use(self, name: str) -> None:
        """A use that does not fit the definition: TeX would stop with an error; we read on.

        The readers gave back what they took, so the text after the name is read as text.
        """
        self.unmatched[name] += 1
        if self.unmatched[name] == 1:
            self.table.details.append(f"{name} is used in a way its \\def does not match; left as written")
        if self.unmatched[name] >= MAX_UNMATCHED_USES:
            self.disabled.add(name)
        return None

    def fence(self, macro: Macro) -> list[str]:
        """A ``\\DeclarePairedDelimiter`` use: ``\\abs{x}``, ``\\abs*{x}``, ``\\abs[\\big]{x}``."""
        assert macro.paired is not None
        opening, closing = macro.paired
        star = self.take_star()
        size = None if star else self.read_optional()
        args = [self.read_arg() for _ in range(max(1, macro.nargs))]
        content = _substitute(macro.body, args) if macro.body else args[0]
        if star:
            return ["\\left", *opening, *content, "\\right", *closing]
        if size and size[0].startswith("\\"):  # \abs[\big]{x}: \bigl| x \bigr|
            return [size[0] + "l", *opening, *content, size[0] + "r", *closing]
        return [*opening, *content, *closing]

    def read_document_args(self, macro: Macro) -> list[list[str]]:
        args: list[list[str]] = []
        defaults = iter(macro.defaults)
        for kind in macro.spec or "":
            if kind == "s":
                args.append([TRUE if self.take_star() else FALSE])
            elif kind == "o":
                optional = self.read_optional()
                args.append([NO_VALUE] if optional is None else optional)
            elif kind == "O":
                optional = self.read_optional()
                default = next(defaults, [])
                args.append(default if optional is None else optional)
            else:
                args.append(self.read_arg())
        return args

    def conditional(self, test: str) -> None:
        """xparse's ``\\IfValueTF{#1}{yes}{no}`` and friends, on a substituted argument."""
        value = self.read_arg()
        branches = 2 if test.endswith("TF") else 1
        options = [self.read_arg() for _ in range(branches)]
        if "Boolean" in test:
            holds = value == [TRUE]
        else:
            holds = value != [NO_VALUE]
            if "NoValue" in test:
                holds = not holds
        if test.endswith("TF"):
            self.push(options[0] if holds else options[1])
        elif test.endswith("T") and holds or test.endswith("F") and not holds:
            self.push(options[0])

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
        elif definer in ("\\DeclarePairedDelimiter", "\\DeclarePairedDelimiterX"):
            name = self.read_name()
            nargs = 1
            if definer.endswith("X"):
                count = self.read_optional()
                digits = "".join(count or []).strip()
                nargs = int(digits) if digits.isdigit() and 0 < int(digits) <= 9 else 1
            opening, closing = self.read_arg(), self.read_arg()
            body = self.read_arg() if definer.endswith("X") else []
            self.store(name, Macro(nargs, body, paired=(opening, closing)), overwrite=True)
        elif definer in DOCUMENT_COMMANDS:
            self.define_document_command(definer)
        elif definer in ("\\newenvironment", "\\renewenvironment"):
            self.take_star()
            env_name = "".join(self.read_arg()).strip()
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

    def define_document_command(self, definer: str) -> None:
        name = self.read_name()
        spec_tokens = self.read_arg()
        body = self.read_arg()
        spec = ""
        defaults: list[list[str]] = []
        tokens = list(reversed(spec_tokens))
        while tokens:
            token = tokens.pop()
            for ch in token if token[0] not in "\\{}#" else "?":
                if ch.isspace() or ch in "+!":  # long arguments, no space skipping: same to us
                    continue
                if ch in "mos":
                    spec += ch
                elif ch == "O" and tokens and tokens[-1] == "{":
                    tokens.pop()
                    default, depth = [], 1
                    while tokens and depth:
                        inner = tokens.pop()
                        depth += (inner == "{") - (inner == "}")
                        if depth:
                            default.append(inner)
                    spec += "O"
                    defaults.append(default)
                else:
                    spec = ""  # an argument kind we do not read (r, d, e, v, +...)
                    tokens.clear()
                    break
        if not spec and spec_tokens and "".join(spec_tokens).strip():
            if not self.harvest_only and name:
                self.table.details.append(f"{name} takes xparse arguments we do not read; left as written")
            return
        overwrite = definer != "\\ProvideDocumentCommand"
        self.store(name, Macro(len(spec), body, spec=spec, defaults=tuple(defaults)), overwrite=overwrite)

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
            copy = Macro(
                existing.nargs,
                list(existing.body),
                existing.default,
                existing.frozen,
                existing.pattern,
                existing.paired,
                existing.spec,
                existing.defaults,
            )
            self.store(name, copy, overwrite=True)
        elif target.startswith("\\"):
            self.store(name, Macro(0, [target], frozen=True), overwrite=True)

    def define_def(self) -> None:
        name = self.read_name()
        params: list[str] = []
        while self.stack and self.stack[-1] != "{" and len(params) < 64:
            params.append(self.stack.pop())
        body = self.read_arg()
        units = pattern_units(params)
        while units and units[0] == " ":
            units.pop(0)  # the spaces after the macro's name are not part of the pattern
        numbers = [unit for unit in units if unit.startswith("#")]
        if numbers != [f"#{i}" for i in range(1, len(numbers) + 1)] or len(numbers) > 9:
            if not self.harvest_only and name:
                self.table.details.append(
                    f"\\def{name} has a parameter pattern we do not read; left as written"
                )
            return
        if units == numbers:
            self.store(name, Macro(len(numbers), body), overwrite=True)
        else:
            self.store(name, Macro(len(numbers), body, pattern=units), overwrite=True)

    def store(self, name: str, macro: Macro, overwrite: bool) -> None:
        if not name.startswith("\\") or name in PROTECTED:
            return
        if self.harvest_only and ("@" in name or self.rejected(macro.body)):
            return
        if overwrite or name not in self.table.macros:
            self.table.macros[name] = macro
            self.disabled.discard(name)
            self.unmatched.pop(name, None)

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
            digits = "".join(count).strip()
            nargs = int(digits) if digits.isdigit() and int(digits) <= 9 else 0
        default = self.read_optional() if nargs else None
        return nargs, default


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
