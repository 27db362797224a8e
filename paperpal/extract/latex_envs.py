"""The environments the LaTeX walk knows by name, and what each one means for reading.

Owns: which environments are numbered displays (one number per row, or per formula), which are
floats, which are never text (pictures, verbatim, the bibliography), which end a paragraph, and
how many layout arguments they take.

Must not: hold code: a new environment is a new entry here, read by latex_walk.py.
"""

from __future__ import annotations

import re

NUMBERED_MULTI = frozenset({"align", "gather", "eqnarray", "alignat", "flalign", "xalignat", "IEEEeqnarray"})
NUMBERED_SINGLE = frozenset({"equation", "multline", "dmath"})
UNNUMBERED = frozenset({"displaymath"})
WITH_COLUMN_ARGUMENT = frozenset({"alignat", "xalignat", "IEEEeqnarray"})
FLOATS = {"figure": "Figure", "table": "Table", "algorithm": "Algorithm", "wrapfigure": "Figure"}
SKIPPED = frozenset(
    {
        "tikzpicture",
        "thebibliography",
        "verbatim",
        "lstlisting",
        "comment",
        "tabular",
        "tabularx",
        "picture",
        "filecontents",
        "filecontents*",
        "titlepage",
        "abstract",
        "algorithmic",
        "minted",
        "Verbatim",
        "tabular*",
        "longtable",
        "acronym",
    }
)
BREAKING = frozenset(
    {
        "itemize",
        "enumerate",
        "description",
        "quote",
        "quotation",
        "center",
        "proof",
        "minipage",
        "flushleft",
        "flushright",
        "list",
        "compactitem",
        "compactenum",
        "small",
    }
)
# Tables: how many braced arguments come before the rows (the column spec, a width).
TABULAR = {"tabular": 1, "tabularx": 2, "tabular*": 2, "longtable": 1, "tabulary": 2}
ENV_ARGS = {"minipage": 1, "list": 2}
SECTION_LEVELS = {"part": 0, "chapter": 0, "section": 1, "subsection": 2, "subsubsection": 3}
REPORT_CLASSES = frozenset({"report", "book", "memoir", "scrreprt", "scrbook", "thesis"})
BEGIN_ENV = re.compile(r"\\begin\s*\{([^{}]*)\}")
LABEL = re.compile(r"\\label\s*\{([^{}]*)\}")


def is_display(env: str) -> bool:
    base = env.rstrip("*")
    return base in NUMBERED_MULTI or base in NUMBERED_SINGLE or base in UNNUMBERED
