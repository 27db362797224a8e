"""The handout as one self-contained HTML file: no scripts, no external assets, prints well.

Math is MathML (``export.mathml``: latex2mathml's tree, sanitised to the elements and attributes
a formula needs), which browsers render natively offline; each formula carries its LaTeX as
``alttext`` and falls back to the LaTeX in a ``<code>`` when it cannot be converted.

Everything from a paper or a note is untrusted: every string goes through ``e`` (control
characters removed, markup escaped) or ``math``, the one link is an http(s) arXiv address, and
notes are split by ``export.notetext`` into text, math and code, each escaped on its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit

from paperpal.export.handout import HandoutPaper
from paperpal.export.mathml import escape, to_mathml
from paperpal.export.notetext import note_pieces
from paperpal.extract.equation_names import display_label
from paperpal.glossary.paper_path import GROUP_TITLES

# A second line of defence: even if markup slipped past the escaping, nothing could run or load.
CSP = "default-src 'none'; style-src 'unsafe-inline'"

CSS = """
body { font-family: Georgia, 'Times New Roman', serif; max-width: 52rem; margin: 2rem auto;
       padding: 0 1rem; line-height: 1.5; color: #1d1d1f; }
h1, h2, h3, h4 { font-family: system-ui, sans-serif; line-height: 1.25; }
h1 { font-size: 1.7rem; } h2 { border-bottom: 1px solid #ccc; padding-bottom: .2rem; }
.meta { color: #555; } .warning { background: #fff6dd; border-left: 4px solid #e0a800; padding: .4rem .8rem; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; }
th, td { border: 1px solid #ccc; padding: .3rem .5rem; vertical-align: top; text-align: left; }
th { background: #f3f3f3; }
.source-paper { color: #176117; font-weight: bold; } .source-glossary { color: #0b5e8e; }
.source-convention { color: #7a2d86; } .source-uncertain { color: #6b6b6b; font-style: italic; } .unexplained { color: #b00020; font-style: italic; }
.equation { margin: 1rem 0; padding: .6rem 1rem; background: #f7f7fb; border-radius: 4px; }
.equation .number { float: right; color: #666; }
.reading { margin: .2rem 0 0 0; font-size: .95rem; }
blockquote { border-left: 3px solid #bbb; margin: .5rem 0; padding-left: .8rem; color: #444; }
.tag { font-family: monospace; background: #eee; border-radius: 3px; padding: 0 .3rem; }
ol.path li.known { color: #176117; }
.path-graph { overflow-x: auto; margin: .5rem 0 1rem; }
code { font-size: .9em; }
@media print {
  body { max-width: none; margin: 0; font-size: 11pt; }
  h2 { page-break-after: avoid; } .equation, tr, blockquote { page-break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""


def math(latex: str, *, display: bool = False) -> str:
    """Safe MathML for ``latex`` with the LaTeX as alt text; the LaTeX itself when conversion fails."""
    mathml = to_mathml(latex, display=display)
    return mathml if mathml is not None else f'<code class="latex">{escape(latex)}</code>'


def _link(url: str | None) -> str | None:
    """``url`` when it is a plain web address (http or https), else None: no other scheme is linked."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def render_html(papers: Sequence[HandoutPaper]) -> str:
    title = papers[0].report.meta.title if len(papers) == 1 else "Reading group handout"
    body: list[str] = []
    if len(papers) > 1:
        body.append("<h1>Reading group handout</h1><ul>")
        body += [f"<li>{escape(p.report.meta.title)} ({escape(p.report.meta.id)})</li>" for p in papers]
        body.append("</ul>")
    for paper in papers:
        body.append(_paper(paper, top=len(papers) == 1))
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{escape(title)}</title>\n'
        f"<style>{CSS}</style>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )


def _paper(paper: HandoutPaper, *, top: bool) -> str:
    e = escape
    meta = paper.report.meta
    h1, h2, h3 = ("h1", "h2", "h3") if top else ("h2", "h3", "h4")
    out = [
        f'<article id="paper-{e(meta.id.replace("/", "_"))}">',
        f"<{h1}>{e(meta.title)}</{h1}>",
        '<p class="meta">',
    ]
    if meta.authors:
        out.append(e(", ".join(meta.authors)) + "<br>")
    link = _link(paper.arxiv_url)
    if link:
        out.append(f'arXiv: <a href="{e(link)}">{e(meta.id)}</a>')
    if meta.published:
        out.append(f" · {e(meta.published)}")
    out.append("</p>")
    for warning in paper.report.warnings:
        out.append(f'<p class="warning">⚠ {e(warning)}</p>')
    abstract = meta.abstract or paper.report.document.abstract
    if abstract:
        out.append(f"<{h2}>Abstract</{h2}><p>{e(' '.join(abstract.split()))}</p>")

    out.append(f"<{h2}>Notation</{h2}>")
    if paper.notation:
        out.append(
            "<table><thead><tr><th>symbol</th><th>meaning</th><th>from</th><th>first appears</th></tr></thead><tbody>"
        )
        for row in paper.notation:
            meaning = (
                e(row.meaning)
                if row.meaning != "not explained"
                else '<span class="unexplained">not explained</span>'
            )
            if row.evidence:
                meaning += f"<blockquote>“{e(' '.join(row.evidence.split()))}”</blockquote>"
            source_class = {
                "the paper": "source-paper",
                "glossary": "source-glossary",
                "convention": "source-convention",
            }.get(row.source, "source-uncertain")
            out.append(
                f"<tr><td>{math(row.latex)}</td><td>{meaning}</td>"
                f'<td class="{source_class}">{e(row.source)}</td><td>{e(row.first_seen)}</td></tr>'
            )
        out.append("</tbody></table>")
    else:
        out.append("<p>No symbols were found.</p>")

    out.append(f"<{h2}>Key equations</{h2}>")
    for info in paper.key_equations:
        eq = info.equation
        number = f'<span class="number">{e(display_label(eq))}</span>'
        out.append(f'<div class="equation">{number}{math(eq.latex, display=True)}')
        if info.literal:
            out.append(f'<p class="reading"><em>Read aloud:</em> {e(info.literal)}</p>')
        if info.spoken_meaning:
            out.append(f'<p class="reading"><em>In words:</em> {e(info.spoken_meaning)}</p>')
        out.append("</div>")
    if not paper.key_equations:
        out.append("<p>No display equations were found.</p>")

    out.append(f"<{h2}>Jargon</{h2}>")
    if paper.terms:
        out.append('<p class="meta">Most central first; ★ marks the key terms.</p><dl>')
        for term in paper.terms:
            abbr = f" ({e(term.abbreviation)})" if term.abbreviation else ""
            star = " ★" if term.key else ""
            explanation = e(" ".join((term.explanation or "not explained").split()))
            if term.match == "defined" and term.confidence is not None:
                explanation += (
                    f' <span class="meta">(from the paper; confidence {term.confidence:.2f})</span>'
                )
            out.append(f"<dt><strong>{e(term.name)}</strong>{abbr}{star}</dt><dd>{explanation}</dd>")
        out.append("</dl>")
    else:
        out.append("<p>No glossary terms were found.</p>")

    out.append(f"<{h2}>Reading path</{h2}>")
    if paper.path:
        from paperpal.export.path_svg import render_path_svg

        out.append(
            '<p class="meta">From the foundations to the paper\'s own ideas. ✓ marks what you know '
            "(greyed in the picture); ★ the paper's key ideas; a double border, its own terms.</p>"
        )
        out.append(
            f'<div class="path-graph">{render_path_svg(paper.path, title=f"Reading path: {meta.title}")}</div>'
        )
        band = None
        for step in paper.path:
            if step.group != band:
                if band is not None:
                    out.append("</ol>")
                band = step.group
                out.append(f'<{h3}>{e(GROUP_TITLES[band])}</{h3}><ol class="path">')
            cls = ' class="known"' if step.known else ""
            mark = " ★" if step.key else ""
            own = " <em>(the paper's own term)</em>" if step.own else ""
            out.append(f"<li{cls}>{'✓ ' if step.known else ''}{e(step.name)}{mark}{own}</li>")
        out.append("</ol>")
    else:
        out.append("<p>No reading path: no glossary concepts were found.</p>")

    out.append(f"<{h2}>Notes</{h2}>")
    if paper.note_groups:
        for group in paper.note_groups:
            out.append(f"<{h3}>{e(group.title)}</{h3}>")
            for note in group.notes:
                if note.quote:
                    out.append(f"<blockquote>{e(' '.join(note.quote.split()))}</blockquote>")
                tags = " ".join(f'<span class="tag">#{e(t)}</span>' for t in note.tags)
                out.append(f"<p>{_note_html(note.body)} {tags}</p>")
    else:
        out.append("<p>No notes yet.</p>")

    out.append(f"<{h2}>Discussion questions</{h2}>")
    if paper.questions:
        out.append("<ol>" + "".join(f"<li>{_note_html(n.body)}</li>" for n in paper.questions) + "</ol>")
    else:
        out.append("<p>No questions yet: tag a note <code>question</code> to add one.</p>")
    out.append("</article>")
    return "\n".join(out)


def _note_html(body: str) -> str:
    """A note's body: ``$math$`` becomes MathML, code stays code, the rest is escaped text."""
    out = []
    for piece in note_pieces(body):
        if piece.kind == "math":
            out.append(math(piece.text))
        elif piece.kind == "code":
            out.append(f"<code>{escape(piece.text)}</code>")
        elif piece.kind == "block":
            out.append(f"<pre><code>{escape(piece.text)}</code></pre>")
        else:
            out.append(escape(piece.text).replace("\n\n", "<br><br>"))
    return "".join(out)
