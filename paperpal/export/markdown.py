"""The handout as Markdown: readable as plain text, renders on GitHub and in any Markdown viewer.

Math is written as fenced ```` ```math ```` blocks and `` $`latex`$ `` spans, which GitHub renders
as math and every other viewer shows as code, next to the Unicode form, so the handout still
reads in a plain terminal.

Everything from a paper or a note is untrusted, and a Markdown viewer turns raw HTML and link
syntax into live markup. So every piece of data goes through one of three escapers: ``text``
(one line: ``<`` as ``&lt;``, brackets and backticks backslash-escaped, backslashes before them
doubled, control characters removed), ``cell`` (``text`` plus ``|`` for table cells) or
``code_span`` / ``code_block`` (a backtick fence longer than any run inside). A note keeps its
own Markdown (emphasis, lists, code) but no HTML and no links: its text is escaped the same way,
its code and math are kept as code.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import quote, urlsplit

from paperpal.controls import strip_controls
from paperpal.export.handout import HandoutPaper
from paperpal.export.notetext import note_pieces
from paperpal.extract.equation_names import display_label
from paperpal.glossary.paper_path import GROUP_TITLES

_ESCAPES = {"<": "&lt;", "[": "\\[", "]": "\\]", "`": "\\`", "|": "\\|"}


def _escape(text: str, specials: str) -> str:
    # A run of backslashes before a special character is doubled, so the data's own backslashes
    # cannot cancel the escape that follows (``\]`` must not become a live ``]``).
    pattern = "(\\\\*)([" + re.escape(specials) + "])"
    return re.sub(pattern, lambda m: m.group(1) * 2 + _ESCAPES[m.group(2)], text)


def text(value: str) -> str:
    """Data as one line of Markdown text: no HTML, no links, no code spans."""
    return _escape(" ".join(strip_controls(value).split()), "<[]`")


def cell(value: str) -> str:
    """Data safe inside a Markdown table cell."""
    return _escape(" ".join(strip_controls(value).split()), "<[]`|")


def code_span(value: str, *, in_table: bool = False) -> str:
    """Data as inline code, on one line; the fence is longer than any backtick run inside."""
    content = " ".join(strip_controls(value).split())
    if not content:
        return ""
    fence = "`" * (max((len(r) for r in re.findall(r"`+", content)), default=0) + 1)
    if content.startswith("`") or content.endswith("`"):
        content = f" {content} "
    span = f"{fence}{content}{fence}"
    return span.replace("|", "\\|") if in_table else span


def code_block(value: str, info: str = "") -> list[str]:
    """Data as a fenced code block (lines); the fence is longer than any backtick run inside.

    A line that starts with ``<`` gets a leading space: inside a fence it is code anyway, and so
    an old Markdown processor without fenced blocks cannot take it for an HTML block.
    """
    content = re.sub(r"(?m)^<", " <", strip_controls(value).strip("\n"))
    fence = "`" * max(3, max((len(r) for r in re.findall(r"`+", content)), default=0) + 1)
    return [f"{fence}{info}", content, fence]


def link_target(url: str | None) -> str | None:
    """``url`` for a Markdown link when it is a plain web address; characters that could end the
    link are percent-encoded. None for anything else."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return quote(strip_controls(url.strip()), safe=":/?#@!$&'*+,;=%~.-_")


def note_markdown(body: str, *, math: bool = True) -> str:
    """A note's body as Markdown: its own formatting kept, HTML and links escaped, math as code.

    Also used for glossary prose (``math=False``), whose `` `code` `` is meant as code.
    """
    out: list[str] = []
    for piece in note_pieces(strip_controls(body), math=math):
        if piece.kind == "math":
            out.append(f"${code_span(piece.text)}$")
        elif piece.kind == "code":
            out.append(code_span(piece.text))
        elif piece.kind == "block":
            lang = re.sub(r"[^A-Za-z0-9_+-]", "", piece.info)
            out.append("\n" + "\n".join(code_block(piece.text, lang)) + "\n")
        else:
            out.append(_escape(piece.text, "<[]`"))
    return "".join(out).strip()


def render_markdown(papers: Sequence[HandoutPaper]) -> str:
    parts: list[str] = []
    if len(papers) > 1:
        parts.append("# Reading group handout\n")
        parts.append("Papers in this session:\n")
        for paper in papers:
            parts.append(f"- {text(paper.report.meta.title)} ({text(paper.report.meta.id)})")
        parts.append("")
    for paper in papers:
        parts.append(_paper(paper, top=len(papers) == 1))
    return "\n".join(parts).rstrip() + "\n"


def _paper(paper: HandoutPaper, *, top: bool) -> str:
    meta = paper.report.meta
    h = "#" if top else "##"
    sub = h + "#"
    out: list[str] = [f"{h} {text(meta.title)}", ""]
    if meta.authors:
        out.append(f"**Authors:** {text(', '.join(meta.authors))}  ")
    target = link_target(paper.arxiv_url)
    if target:
        version = f"v{meta.version}" if meta.version else ""
        out.append(f"**arXiv:** [{text(meta.id + version)}]({target})  ")
    if meta.published:
        out.append(f"**Published:** {text(meta.published)}  ")
    out.append(f"**Read from:** the {'LaTeX source' if paper.report.document.source == 'latex' else 'PDF'}")
    out.append("")
    for warning in paper.report.warnings:
        out.append(f"> ⚠ {text(warning)}")
    if paper.report.warnings:
        out.append("")
    abstract = meta.abstract or paper.report.document.abstract
    if abstract:
        out += [f"{sub} Abstract", "", text(abstract), ""]

    out += [f"{sub} Notation", ""]
    if paper.notation:
        out.append("| symbol | LaTeX | meaning | from | first appears |")
        out.append("| --- | --- | --- | --- | --- |")
        for row in paper.notation:
            out.append(
                f"| {cell(row.text)} | {code_span(row.latex, in_table=True)} | {cell(row.meaning)} "
                f"| {cell(row.source)} | {cell(row.first_seen)} |"
            )
        out.append("")
        quoted = [r for r in paper.notation if r.evidence]
        if quoted:
            out.append("Where the paper defines its symbols:")
            out.append("")
            for row in quoted:
                out.append(f"- {text(row.text)}: “{text(row.evidence or '')}”")
            out.append("")
    else:
        out += ["No symbols were found.", ""]

    out += [f"{sub} Key equations", ""]
    if paper.key_equations:
        for info in paper.key_equations:
            eq = info.equation
            out.append(f"**{text(display_label(eq))}** {text(info.text)}")
            out.append("")
            out += code_block(eq.latex, "math")
            out.append("")
            if info.literal:
                out.append(f"- *Read aloud:* {text(info.literal)}")
            if info.spoken_meaning:
                out.append(f"- *In words:* {text(info.spoken_meaning)}")
            out.append("")
    else:
        out += ["No display equations were found.", ""]

    out += [f"{sub} Jargon", ""]
    if paper.terms:
        out += ["Most central first; ★ marks the key terms.", ""]
        for term in paper.terms:
            abbr = f" ({text(term.abbreviation)})" if term.abbreviation else ""
            star = " ★" if term.key else ""
            explanation = note_markdown(" ".join((term.explanation or "").split()), math=False)
            explanation = explanation or "not explained"
            if term.match == "defined" and term.confidence is not None:
                explanation += f" *(from the paper; confidence {term.confidence:.2f})*"
            out.append(f"- **{text(term.name)}**{abbr}{star}: {explanation}")
        out.append("")
    else:
        out += ["No glossary terms were found.", ""]

    out += [f"{sub} Reading path", ""]
    if paper.path:
        known = sum(1 for s in paper.path if s.known)
        out.append(
            f"{len(paper.path)} concepts in learning order, from the foundations to the paper's own ideas; "
            f"{known} marked known (✓). ★ = a key idea of the paper."
        )
        band = None
        for i, step in enumerate(paper.path, 1):
            if step.group != band:
                band = step.group
                out += ["", f"**{GROUP_TITLES[band]}**", ""]
            mark = "✓" if step.known else " "
            star = " ★" if step.key else ""
            own = " (the paper's own term)" if step.own else ""
            out.append(f"{i}. [{mark}] {text(step.name)}{star}{own}")
        out.append("")
    else:
        out += ["No reading path: no glossary concepts were found in the paper.", ""]

    out += [f"{sub} Notes", ""]
    if paper.note_groups:
        for group in paper.note_groups:
            out += [f"{sub}# {text(group.title)}", ""]
            for note in group.notes:
                if note.quote:
                    out.append(f"> {text(note.quote)}")
                    out.append("")
                tags = " ".join(code_span(f"#{t}") for t in note.tags)
                out.append(note_markdown(note.body) + (f" {tags}" if tags else ""))
                out.append("")
    else:
        out += ["No notes yet.", ""]

    out += [f"{sub} Discussion questions", ""]
    if paper.questions:
        for i, note in enumerate(paper.questions, 1):
            out.append(f"{i}. {' '.join(note_markdown(note.body).split())}")
        out.append("")
    else:
        out += ["No questions yet: tag a note `question` to add one.", ""]
    return "\n".join(out)
