"""What the macro expander knows: a definition as a value, and the names it must not touch.

Owns: ``Macro`` (a command's body, arguments, delimiter pattern, fences or xparse kinds),
``Environment``, the ``MacroTable`` shared by a paper's style files and its text, the commands
that define others, and the structural names and environments that are never redefined
(conference style files redefine them in terms of LaTeX internals we cannot run).

Must not: expand anything (macros.py does) or import anything but the standard library.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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

NEW_COMMANDS = frozenset({"\\newcommand", "\\renewcommand", "\\providecommand", "\\DeclareRobustCommand"})
DOCUMENT_COMMANDS = frozenset(
    {"\\NewDocumentCommand", "\\RenewDocumentCommand", "\\ProvideDocumentCommand", "\\DeclareDocumentCommand"}
)
DEFINERS = (
    NEW_COMMANDS
    | DOCUMENT_COMMANDS
    | {
        "\\def",
        "\\gdef",
        "\\edef",
        "\\xdef",
        "\\let",
        "\\DeclareMathOperator",
        "\\DeclarePairedDelimiter",
        "\\DeclarePairedDelimiterX",
        "\\newenvironment",
        "\\renewenvironment",
    }
)
# xparse's tests on its arguments, answered when a document command's body is substituted.
NO_VALUE = "\x01novalue"
TRUE, FALSE = "\x01true", "\x01false"
CONDITIONALS = frozenset(
    {
        "\\IfValueTF",
        "\\IfValueT",
        "\\IfValueF",
        "\\IfNoValueTF",
        "\\IfNoValueT",
        "\\IfNoValueF",
        "\\IfBooleanTF",
        "\\IfBooleanT",
        "\\IfBooleanF",
    }
)

THEEQUATION_MARK = "\\paperpal@theequation"


@dataclass(slots=True)
class Macro:
    """One definition: ``body`` tokens with ``#1``.. placeholders for ``nargs`` arguments."""

    nargs: int
    body: list[str]
    default: list[str] | None = None  # the optional first argument's default, if it has one
    frozen: bool = False  # \let to a command we do not define: stands for that command as is
    pattern: list[str] | None = None  # a \def's parameter text (pattern_units), when delimited
    paired: tuple[list[str], list[str]] | None = None  # \DeclarePairedDelimiter's two fences
    spec: str | None = None  # xparse argument kinds, one letter each: "m", "o", "O", "s"
    defaults: tuple[list[str], ...] = ()  # the O{...} defaults, in order


@dataclass(slots=True)
class Environment:
    nargs: int
    begin: list[str]
    end: list[str]
    default: list[str] | None = None


@dataclass(slots=True)
class MacroTable:
    """The definitions seen so far; shared by the style files and the paper, in reading order.

    ``details`` collects what the expansion could not do that a reader cannot act on.
    """

    macros: dict[str, Macro] = field(default_factory=dict)
    environments: dict[str, Environment] = field(default_factory=dict)
    details: list[str] = field(default_factory=list)
