"""BibTeX entries for arXiv papers: ``@misc`` with ``eprint``, ``archivePrefix``, ``primaryClass``.

Titles and authors are untrusted, and BibTeX counts every brace (a backslash does not escape one
for it), so an author ``Alice} , title={Injected`` would otherwise close the field and add one.
``_escape`` is the one escaper for every field value: outside math, the characters special to
BibTeX or LaTeX become commands (``\textbraceleft{}``, ``\textbackslash{}``, ``\\&`` ...), so
the only braces left are balanced pairs; a ``$...$`` formula is kept as it is when its braces
balance (only ``%``, ``#`` and ``&``, which would break LaTeX even in math, get a backslash),
and escaped like text when they do not. Control characters are removed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from paperpal.controls import strip_controls
from paperpal.models import PaperMeta

_STOPWORDS = {"a", "an", "the", "on", "of", "for", "and", "in", "to", "with", "is", "are", "through"}


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def citation_key(meta: PaperMeta) -> str:
    surname = _ascii(meta.authors[0].split()[-1]).lower() if meta.authors else "anon"
    year = (meta.published or "")[:4]
    words = [w for w in re.findall(r"[a-z0-9]+", _ascii(meta.title).lower()) if w not in _STOPWORDS]
    key = f"{re.sub(r'[^a-z]', '', surname) or 'anon'}{year}{words[0] if words else ''}"
    return key


_TEXT_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "$": r"\$",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_MATH = re.compile(r"(?<!\\)\$(?!\$)(.+?)(?<!\\)\$")


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def _escape_text(text: str) -> str:
    return "".join(_TEXT_ESCAPES.get(char, char) for char in text)


def _escape(text: str) -> str:
    """A field value: balanced braces, special characters escaped, intact math kept."""
    text = " ".join(strip_controls(text).split())
    out: list[str] = []
    start = 0
    for found in _MATH.finditer(text):
        formula = found.group(1)
        if not _balanced(formula):
            continue  # escaped with the text around it
        out.append(_escape_text(text[start : found.start()]))
        out.append("$" + re.sub(r"(?<!\\)([%#&])", r"\\\1", formula) + "$")
        start = found.end()
    out.append(_escape_text(text[start:]))
    return "".join(out)


def _author(name: str) -> str:
    escaped = _escape(name)
    # "and" separates authors in BibTeX: a name holding the word stays one name in braces.
    return "{" + escaped + "}" if re.search(r"\band\b", escaped, re.IGNORECASE) else escaped


def _url(url: str) -> str:
    # A URL is written as it is (the url package reads it verbatim); nothing that ends a field.
    return re.sub(r"[{}\\\s]", "", strip_controls(url))


def bibtex_entry(meta: PaperMeta) -> str:
    fields: list[tuple[str, str]] = [("title", "{" + _escape(meta.title) + "}")]
    if meta.authors:
        fields.append(("author", " and ".join(_author(a) for a in meta.authors)))
    if meta.published and meta.published[:4].isdigit():
        fields.append(("year", meta.published[:4]))
        month = meta.published[5:7]
        if month.isdigit():
            fields.append(("month", str(int(month))))
    if meta.origin == "arxiv":
        fields.append(("eprint", _escape(meta.id)))
        fields.append(("archivePrefix", "arXiv"))
        if meta.primary_category:
            fields.append(("primaryClass", _escape(meta.primary_category)))
        fields.append(("url", _url(meta.url or f"https://arxiv.org/abs/{meta.id}")))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{citation_key(meta)},\n{body}\n}}\n"


def render_bibtex(metas: Sequence[PaperMeta]) -> str:
    seen: dict[str, int] = {}
    entries = []
    for meta in metas:
        entry = bibtex_entry(meta)
        key = citation_key(meta)
        if key in seen:
            seen[key] += 1
            entry = entry.replace(f"@misc{{{key},", f"@misc{{{key}{chr(ord('a') + seen[key] - 1)},", 1)
        else:
            seen[key] = 0
        entries.append(entry)
    return "\n".join(entries)
