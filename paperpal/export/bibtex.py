"""BibTeX entries for arXiv papers: ``@misc`` with ``eprint``, ``archivePrefix``, ``primaryClass``."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

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


def _escape(text: str) -> str:
    # Braces keep capitalisation (GRU, LSTM) and special characters are escaped for BibTeX.
    text = " ".join(text.split())
    for char, repl in (("\\", r"\textbackslash{}"), ("&", r"\&"), ("%", r"\%"), ("#", r"\#"), ("_", r"\_")):
        text = text.replace(char, repl)
    return text


def bibtex_entry(meta: PaperMeta) -> str:
    fields: list[tuple[str, str]] = [("title", "{" + _escape(meta.title) + "}")]
    if meta.authors:
        fields.append(("author", " and ".join(_escape(a) for a in meta.authors)))
    if meta.published:
        fields.append(("year", meta.published[:4]))
        month = meta.published[5:7]
        if month.isdigit():
            fields.append(("month", str(int(month))))
    if meta.origin == "arxiv":
        fields.append(("eprint", meta.id))
        fields.append(("archivePrefix", "arXiv"))
        if meta.primary_category:
            fields.append(("primaryClass", meta.primary_category))
        fields.append(("url", meta.url or f"https://arxiv.org/abs/{meta.id}"))
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
