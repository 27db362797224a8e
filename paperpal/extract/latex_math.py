"""Tidy a formula's LaTeX: drop the layout-only wrappers authors put around math.

Owns: bracing a script written as an unbraced command (``x_\\text{max}``), unwrapping
``\\resizebox``/``\\scalebox``/``\\raisebox`` to their content, removing
``\\settoheight``-style measurements, vertical/horizontal space commands and ``\\displaystyle``,
so a formula holds only notation (what the notation module splits into symbols).

Must not: change the notation itself: every command it does not know is kept as written.
"""

from __future__ import annotations

import re

from paperpal.extract.latex_scan import read_group, read_optional

# command -> (optional args after the braced ones, braced args to skip, keep the next group?)
_WRAPPERS: dict[str, tuple[int, int, bool]] = {
    "resizebox": (0, 2, True),
    "resizebox*": (0, 2, True),
    "scalebox": (1, 1, True),
    "raisebox": (2, 1, True),
    "settoheight": (0, 2, False),
    "settowidth": (0, 2, False),
    "settodepth": (0, 2, False),
    "vspace": (0, 1, False),
    "vspace*": (0, 1, False),
    "hspace": (0, 1, False),
    "hspace*": (0, 1, False),
    "phantom": (0, 1, False),
    "vphantom": (0, 1, False),
    "hphantom": (0, 1, False),
}
_COMMAND = re.compile(
    r"\\(resizebox\*?|scalebox|raisebox|settoheight|settowidth|settodepth|vspace\*?|hspace\*?"
    r"|v?h?phantom|displaystyle|textstyle)(?![A-Za-z@])"
)
_WS = re.compile(r"\s+")


_SCRIPT_COMMAND = re.compile(
    r"([_^])\s*(\\(?:textnormal|text|textrm|textit|textbf|texttt|mathrm|mathbf|mathit|mathsf"
    r"|mathtt|mathcal|mathbb|mathfrak|mathscr|boldsymbol|bm|operatorname|hat|tilde|bar|vec|dot"
    r"|ddot|widehat|widetilde|overline|underline)\s*)(?=\{)"
)


def brace_scripts(latex: str) -> str:
    """``x_\\text{max}`` -> ``x_{\\text{max}}``: the same formula, with the script's extent explicit.

    TeX lets a one-argument command stand as a script unbraced; parsers downstream need braces.
    """
    if "_" not in latex and "^" not in latex:
        return latex
    pieces: list[str] = []
    i = 0
    for match in _SCRIPT_COMMAND.finditer(latex):
        if match.start() < i:
            continue
        group, end = read_group(latex, match.end())
        pieces.append(latex[i : match.start()])
        pieces.append(f"{match.group(1)}{{{match.group(2).strip()}{{{group}}}}}")
        i = end
    pieces.append(latex[i:])
    return "".join(pieces)


def tidy_math(latex: str, _depth: int = 0) -> str:
    """The formula without layout wrappers, whitespace collapsed (see the module docstring)."""
    if "\\" not in latex or _depth > 20:
        return _WS.sub(" ", latex).strip()
    latex = brace_scripts(latex)
    if not _COMMAND.search(latex):
        return _WS.sub(" ", latex).strip()
    pieces: list[str] = []
    i = 0
    for _ in range(10_000):  # each round consumes at least one command: bounded
        match = _COMMAND.search(latex, i)
        if match is None:
            break
        pieces.append(latex[i : match.start()])
        name = match.group(1)
        j = match.end()
        if name in ("displaystyle", "textstyle"):
            i = j
            continue
        optional, skipped, keep = _WRAPPERS[name]
        for _ in range(skipped):
            _, j = read_group(latex, j)
        for _ in range(optional):  # \scalebox{2}[1]{x}, \raisebox{1pt}[h][d]{x}
            _, j = read_optional(latex, j)
        if keep:
            content, j = read_group(latex, j)
            content = content.strip()
            if len(content) > 1 and content.startswith("$") and content.endswith("$"):
                content = content.strip("$")  # \resizebox{..}{..}{$ math $} inside math
            pieces.append("{" + tidy_math(content, _depth + 1) + "}")
        i = j
    pieces.append(latex[i:])
    return _WS.sub(" ", "".join(pieces)).strip()
