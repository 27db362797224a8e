"""Read a paper's LaTeX source into a ``Document``: the accurate path of extraction.

Owns: the order of the work: find and flatten the main file (latex_files.py) -> expand the
authors' macros (macros.py) -> walk the body (latex_walk.py) -> the front matter
(latex_front.py), plus the preamble facts the walk needs (document class, equation numbering
within sections, theorem environments, a paper's own ``\\theequation``) and the bibliography's
citation numbers.

Must not: import anything heavy, or lose a paper: anything odd becomes a warning and the rest is
read. ``UnreadablePaper`` is raised only when there is no usable main file.
"""

from __future__ import annotations

import re
from pathlib import Path

from paperpal.errors import UnreadablePaper
from paperpal.extract import latex_front
from paperpal.extract.equation_names import named
from paperpal.extract.latex_bbl import read_bibliography
from paperpal.extract.latex_envs import REPORT_CLASSES
from paperpal.extract.latex_files import flatten
from paperpal.extract.latex_scan import read_group
from paperpal.extract.latex_walk import Walk, theorems
from paperpal.extract.macros import THEEQUATION_MARK, MacroTable, expand
from paperpal.models import Document


def read_latex(source_dir: Path, *, title_hint: str = "") -> Document:
    """Read the LaTeX source in ``source_dir`` (a folder, or a single ``.tex`` file)."""
    flat = flatten(Path(source_dir), title_hint)
    warnings = list(flat.warnings)
    table = MacroTable()
    for _, text in flat.packages:
        expand(text, table, harvest_only=True)  # style-file oddities are not the paper's fault
    expanded, expansion_warnings = expand(flat.text, table)
    warnings.extend(expansion_warnings)

    begin = expanded.find("\\begin{document}")
    if begin < 0:
        warnings.append("the main file has no \\begin{document}; read it all as the body")
        preamble, body = "", expanded
    else:
        preamble, body = expanded[:begin], expanded[begin + len("\\begin{document}") :]
    end = body.find("\\end{document}")
    if end >= 0:
        body = body[:end]

    walk = Walk(
        report=_document_class(preamble) in REPORT_CLASSES,
        within_section=_equations_within_section(preamble),
        theorems=theorems(preamble + body),
    )
    defined = preamble.rfind(THEEQUATION_MARK)
    if defined >= 0:
        walk.theequation = read_group(preamble, defined + len(THEEQUATION_MARK))[0]
    walk.run(body)
    if walk.unbalanced:
        warnings.append(f"{walk.unbalanced} environment(s) or formula(s) were never closed")
    # Citations as printed: from the .bbl, or a bibliography written into the paper.
    inline = body.find("\\begin{thebibliography}")
    cites = read_bibliography(flat.bbl or (body[inline:] if inline >= 0 else ""), preamble)
    blocks = walk.blocks(cites)
    title = latex_front.title(expanded) or title_hint or latex_front.leading_heading(blocks) or flat.main.stem
    abstract = latex_front.abstract(expanded, walk.labels, cites, flat.text)
    if not blocks and not abstract:
        raise UnreadablePaper(f"the LaTeX source in {source_dir} has no readable text; read the PDF instead")
    return Document(
        title=title,
        source="latex",
        blocks=named(blocks),
        abstract=abstract,
        warnings=tuple(dict.fromkeys(warnings)),
        details=tuple(dict.fromkeys(table.details)),
    )


def _document_class(preamble: str) -> str:
    match = re.search(r"\\documentclass\s*(?:\[[^\]]*\])?\s*\{([^{}]*)\}", preamble)
    return match.group(1).strip() if match else "article"


def _equations_within_section(preamble: str) -> bool:
    return bool(re.search(r"\\(?:numberwithin|counterwithin)\s*\{equation\}\s*\{section\}", preamble))
