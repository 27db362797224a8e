"""The handout as Markdown: readable as plain text, renders on GitHub and in any Markdown viewer.

Math is written as ``$latex$`` (renders where the viewer supports it) next to the Unicode form,
so the handout still reads in a plain terminal.
"""

from __future__ import annotations

from collections.abc import Sequence

from paperpal.export.handout import HandoutPaper
from paperpal.glossary.paper_path import GROUP_TITLES


def cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return " ".join(text.replace("|", "\\|").split())


def render_markdown(papers: Sequence[HandoutPaper]) -> str:
    parts: list[str] = []
    if len(papers) > 1:
        parts.append("# Reading group handout\n")
        parts.append("Papers in this session:\n")
        for paper in papers:
            parts.append(f"- {paper.report.meta.title} ({paper.report.meta.id})")
        parts.append("")
    for paper in papers:
        parts.append(_paper(paper, top=len(papers) == 1))
    return "\n".join(parts).rstrip() + "\n"


def _paper(paper: HandoutPaper, *, top: bool) -> str:
    meta = paper.report.meta
    h = "#" if top else "##"
    sub = h + "#"
    out: list[str] = [f"{h} {meta.title}", ""]
    if meta.authors:
        out.append(f"**Authors:** {', '.join(meta.authors)}  ")
    if paper.arxiv_url:
        version = f"v{meta.version}" if meta.version else ""
        out.append(f"**arXiv:** [{meta.id}{version}]({paper.arxiv_url})  ")
    if meta.published:
        out.append(f"**Published:** {meta.published}  ")
    out.append(f"**Read from:** the {'LaTeX source' if paper.report.document.source == 'latex' else 'PDF'}")
    out.append("")
    for warning in paper.report.warnings:
        out.append(f"> ⚠ {warning}")
    if paper.report.warnings:
        out.append("")
    abstract = meta.abstract or paper.report.document.abstract
    if abstract:
        out += [f"{sub} Abstract", "", " ".join(abstract.split()), ""]

    out += [f"{sub} Notation", ""]
    if paper.notation:
        out.append("| symbol | LaTeX | meaning | from | first appears |")
        out.append("| --- | --- | --- | --- | --- |")
        for row in paper.notation:
            out.append(
                f"| {cell(row.text)} | `{cell(row.latex)}` | {cell(row.meaning)} | {row.source} | {row.first_seen} |"
            )
        out.append("")
        quoted = [r for r in paper.notation if r.evidence]
        if quoted:
            out.append("Where the paper defines its symbols:")
            out.append("")
            for row in quoted:
                out.append(f"- {row.text}: “{' '.join((row.evidence or '').split())}”")
            out.append("")
    else:
        out += ["No symbols were found.", ""]

    out += [f"{sub} Key equations", ""]
    if paper.key_equations:
        for info in paper.key_equations:
            eq = info.equation
            label = f"({eq.number})" if eq.number else "(unnumbered)"
            out.append(f"**{label}** {info.text}")
            out.append("")
            out.append(f"$$ {eq.latex} $$")
            out.append("")
            if info.literal:
                out.append(f"- *Read aloud:* {info.literal}")
            if info.spoken_meaning:
                out.append(f"- *In words:* {info.spoken_meaning}")
            out.append("")
    else:
        out += ["No display equations were found.", ""]

    out += [f"{sub} Jargon", ""]
    if paper.terms:
        out += ["Most central first; ★ marks the key terms.", ""]
        for term in paper.terms:
            abbr = f" ({term.abbreviation})" if term.abbreviation else ""
            star = " ★" if term.key else ""
            explanation = " ".join((term.explanation or "").split()) or "not explained"
            if term.match == "defined" and term.confidence is not None:
                explanation += f" *(from the paper; confidence {term.confidence:.2f})*"
            out.append(f"- **{term.name}**{abbr}{star}: {explanation}")
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
            out.append(f"{i}. [{mark}] {step.name}{star}{own}")
        out.append("")
    else:
        out += ["No reading path: no glossary concepts were found in the paper.", ""]

    out += [f"{sub} Notes", ""]
    if paper.note_groups:
        for group in paper.note_groups:
            out += [f"{sub}# {group.title}", ""]
            for note in group.notes:
                if note.quote:
                    out.append(f"> {' '.join(note.quote.split())}")
                    out.append("")
                tags = " ".join(f"`#{t}`" for t in note.tags)
                out.append(note.body.strip() + (f" {tags}" if tags else ""))
                out.append("")
    else:
        out += ["No notes yet.", ""]

    out += [f"{sub} Discussion questions", ""]
    if paper.questions:
        for i, note in enumerate(paper.questions, 1):
            out.append(f"{i}. {' '.join(note.body.split())}")
        out.append("")
    else:
        out += ["No questions yet: tag a note `question` to add one.", ""]
    return "\n".join(out)
