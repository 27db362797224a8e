"""A paper's front matter from its LaTeX: the title, the abstract, and the title-block commands.

Owns: finding the ``\\title`` (or a template's ``\\icmltitle``, ``\\aistatstitle``...), the
abstract (``\\begin{abstract}`` or ``\\abstract{...}``), and the list of title-block commands
(authors, affiliations, running titles...) whose arguments are not part of the running text.

Must not: walk the body (latex_walk.py does); everything here reads the expanded text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from paperpal.extract.latex_cites import Bibliography
from paperpal.extract.latex_math import paragraph_text
from paperpal.extract.latex_scan import find_env_end, read_group, read_optional
from paperpal.extract.latex_text import plain
from paperpal.models import Block, Section

# Commands of the title block and of page layout: (how many braced arguments they take).
TITLE_BLOCK = {
    "title": 1,
    "author": 1,
    "date": 1,
    "affil": 1,
    "address": 1,
    "email": 1,
    "keywords": 1,
    "affiliation": 1,
    "icmltitle": 1,
    "icmlauthor": 2,
    "icmlaffiliation": 2,
    "icmlcorrespondingauthor": 2,
    "icmlkeywords": 1,
    "bibliography": 1,
    "bibliographystyle": 1,
    "caption": 1,
    "thanks": 1,
    "setlength": 2,
    "vspace": 1,
    "hspace": 1,
    "institute": 1,
    "titlerunning": 1,
    "authorrunning": 1,
    "runningtitle": 1,
    "shorttitle": 1,
    "pagestyle": 1,
    "thispagestyle": 1,
    "abstract": 1,
    "epigraph": 2,
    "setcounter": 2,
}
# A template's own title-block commands (\aistatsauthor, \icmladdress...), not \citeauthor.
TITLE_LIKE = re.compile(r"(?![cC]ite)(?:[a-z]*title|[a-z]*authors?|[a-z]*address|[a-z]*affiliation)\Z")
_TITLE_COMMAND = re.compile(r"\\(?:title|[a-z]+title)(?![A-Za-z@])")


def title(text: str) -> str:
    """The \\title (or a template's \\icmltitle, \\aistatstitle...), as plain text."""
    for match in _TITLE_COMMAND.finditer(text):
        if match.group(0) in ("\\maketitle", "\\shorttitle", "\\runningtitle"):
            continue
        _, i = read_optional(text, match.end())
        if i >= len(text) or text[i : i + 1].isspace() and not text[i:].lstrip().startswith("{"):
            continue
        group, _ = read_group(text, i)
        found = paragraph_text(group)[0].strip()
        if found:
            return found
    return ""


def leading_heading(blocks: tuple[Block, ...]) -> str:
    """A paper without \\title often opens with an unnumbered heading that is its title."""
    if blocks and isinstance(blocks[0], Section) and blocks[0].number is None:
        return blocks[0].title
    return ""


def abstract(text: str, labels: Mapping[str, str], cites: Bibliography, source: str = "") -> str:
    """The abstract: the first ``abstract`` environment that is one, or ``\\abstract{...}``.

    ``source`` is the text before macro expansion: a paper that renames ``\\abstractname``
    ("Acknowledgements") uses the environment for something else, and that one is skipped.
    """
    renamed = _renamed_abstracts(source)
    start = text.find("\\begin{abstract}")
    index = 0
    while start >= 0:
        body_start = start + len("\\begin{abstract}")
        end, after = find_env_end(text, body_start, "abstract")
        if index >= len(renamed) or not renamed[index]:
            return paragraph_text(text[body_start:end], labels, cites)[0]
        index += 1
        start = text.find("\\begin{abstract}", after)
    if renamed:
        return ""
    match = re.search(r"\\abstract\s*\{", text)
    if match:
        group, _ = read_group(text, match.end() - 1)
        return paragraph_text(group, labels, cites)[0]
    return ""


_ABSTRACT_NAME = re.compile(
    r"\\(?:renewcommand\*?\s*\{?\s*\\abstractname\s*\}?|def\s*\\abstractname)\s*\{([^{}]*)\}"
)
_BEGIN_ABSTRACT = re.compile(r"\\begin\s*\{abstract\}")


def _renamed_abstracts(source: str) -> list[bool]:
    """For each ``abstract`` environment in ``source``: is it printed under another name?"""
    names = [(m.start(), m.group(1)) for m in _ABSTRACT_NAME.finditer(source)]
    renamed: list[bool] = []
    for begin in _BEGIN_ABSTRACT.finditer(source):
        current = [name for at, name in names if at < begin.start()]
        title = plain(current[-1]).strip().lower() if current else "abstract"
        renamed.append(not any(word in title for word in ("abstract", "summary", "overview")))
    return renamed
