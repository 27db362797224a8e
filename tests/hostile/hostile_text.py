"""Hostile text for the output-boundary tests: payloads, papers that carry them, and the checks.

Each payload class is something a stranger can put in a title, an author, an abstract, an e-print
or a shared notes file, and that must stay text wherever paperpal shows it: a script, an event
handler, a ``javascript:`` link, Textual markup and ``@click`` actions, stray closing tags,
terminal escapes (CSI 2J, OSC 0 window title, OSC 8 link, OSC 52 clipboard), NUL and C1
controls, and unbalanced braces. Every payload carries a visible marker word, so a test can also
check that the text really reached the sink (a sink that showed nothing would pass vacuously).

The scripts do not call ``alert``: they set a ``data-pw...`` attribute on the page's body, spelled
in pieces (``'data-'+'pw'+'script'``), so the attribute name appears only if the script ran.
"""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

PAYLOADS = {
    "script": "<script>document.body.setAttribute('data-'+'pw'+'script','1')</script>",
    "handler": "<img src=x onerror=\"document.body.setAttribute('data-'+'pw'+'img','1')\"><svg onload=alert(1)>",
    "jslink": '[click me](javascript:alert(1)) <a href="javascript:alert(2)">link</a>',
    "textual": "[@click=app.quit]CLICKME[/] [/b] [b]bold[/b] [@click=app.screenshot('x','/tmp')]",
    "closers": "</td></tr></table></math></code></pre></textarea>-->]]>",
    "ansi": "\x1b[2J\x1b]0;PWNED-TITLE\x07\x1b]8;;http://evil.example/\x1b\\LINK\x1b]8;;\x1b\\\x1b]52;c;cHduZWQ=\x07",
    "controls": "NUL\x00BS\x08CR\rDEL\x7fC1\x9b31mOSC\x9d0;t\x9cNEL\x85",
    "braces": "} , title={Injected",
}
# For LaTeX sources: no \ { } $ % # & _ ^ ~ (LaTeX would read them), one line each.
TEX_PAYLOADS = {k: v for k, v in PAYLOADS.items() if k not in ("braces",)}
# A PDF title with a "/" or "\" is taken for a file name and ignored: keep those out.
PDF_PAYLOAD = (
    "PDFTITLE <img src=x onerror=alert(1)> \x1b]0;PWNED\x07 \x1b[2J \x1b]52;c;cHduZWQ=\x07 "
    "[@click=app.quit]X \x9b31m \x00"
)

ALL = " ".join(PAYLOADS.values())
# Ordinary prose: a real paper is mostly text, and a file dense with control bytes reads as junk.
FILLER = " ".join(
    ["We study recurrent units with gates that decide how much of the previous state to keep."] * 40
)


def tex_safe(text: str) -> str:
    """A payload written so that LaTeX reads it as text (no special characters, no NUL: a file
    with NUL bytes is binary junk, not LaTeX)."""
    return re.sub(r"[\\{}$%#&_^~\x00]", " ", text)


def tex_payload() -> str:
    return " ".join(tex_safe(p) for p in TEX_PAYLOADS.values())


def write_tex_paper(folder: Path) -> Path:
    """A LaTeX paper carrying the payloads in its title, a section title, an equation and prose."""
    folder.mkdir(parents=True, exist_ok=True)
    p = tex_payload()
    script = PAYLOADS["script"]
    short = " ".join(tex_safe(PAYLOADS[k]) for k in ("script", "textual", "ansi"))
    tex = rf"""\documentclass{{article}}
\title{{TEXTITLE {p}}}
\author{{Eve Example}}
\begin{{document}}
\maketitle
\begin{{abstract}}
{FILLER}
\end{{abstract}}
\section{{TEXSECTION {p}}}
TEXPROSE {p}.

Here $z_t$ is the update gate TEXDEFINITION {short}.

\begin{{equation}}
y = x \text{{TEXEQUATION {script}}} + \href{{javascript:alert(1)}}{{z_t}} + \mbox{{{tex_safe(PAYLOADS["handler"])}}}
\end{{equation}}

\section{{Second}}
More prose about the input $x$ of the unit.
\end{{document}}
"""
    (folder / "main.tex").write_text(tex, encoding="utf-8")
    return folder


def write_meta_paper(folder: Path) -> Path:
    """A folder paper whose meta.json (title, authors, abstract) carries every payload."""
    write_tex_paper(folder)
    meta = {
        "title": f"METATITLE {ALL}",
        "authors": [f"Alice {PAYLOADS['braces']}", f"METAAUTHOR {ALL}", "Bob and Carol"],
        "abstract": f"METAABSTRACT {ALL}",
    }
    (folder / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    return folder


def write_pdf_paper(path: Path) -> Path:
    """A PDF whose Info title carries escapes, markup and controls (written as octal escapes)."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 72), "A short paper about gated recurrent units and their update gate.")
    doc.set_metadata({"title": "placeholder"})
    _, ref = doc.xref_get_key(-1, "Info")
    literal = "".join(
        f"\\{ord(c):03o}" if ord(c) < 32 or ord(c) > 126 or c in "()\\" else c for c in PDF_PAYLOAD
    )
    doc.xref_set_key(int(ref.split()[0]), "Title", f"({literal})")
    doc.save(path)
    return path


def feed_meta(paper_id: str) -> dict[str, object]:
    """A paper for the fake arXiv whose feed carries the payloads (and raw XML character
    references such as ``&#27;`` in the title and abstract)."""
    return {
        "id": paper_id,
        "version": 1,
        "title": f"FEEDTITLE {ALL}",
        "title_xml": "FEEDTITLE &#27;]0;PWNED&#7; &#27;[2J &#155;31m "
        + html.escape(PAYLOADS["script"] + " " + PAYLOADS["textual"]),
        "summary_xml": "FEEDABSTRACT &#27;]52;c;cHduZWQ=&#7; " + html.escape(PAYLOADS["handler"]),
        "authors": [f"Mallory {PAYLOADS['braces']}", f"FEEDAUTHOR {PAYLOADS['textual']} {PAYLOADS['ansi']}"],
        "primary_category": "cs.LG",
        "categories": ["cs.LG"],
        "published": "2021-01-02",
        "abstract": f"FEEDABSTRACT {ALL}",
    }


def notes_file(path: Path, paper_id: str) -> Path:
    """A shared notes export whose bodies, quotes, anchors and tags carry the payloads."""
    notes = []
    for i, (name, payload) in enumerate(PAYLOADS.items()):
        notes.append(
            {
                "id": f"{i:02d}" + "ab" * 15,
                "paper_id": paper_id,
                "body": f"NOTEBODY {name}: {payload}\n\nmath $\\text{{{PAYLOADS['script']}}}$ and `{payload}`",
                "anchor_kind": "quote",
                "anchor": None,
                "quote": f"NOTEQUOTE {payload}",
                "tags": [f"notetag{name}", payload[:40]],
                "created": f"2026-01-01T00:00:{i:02d}.000000+00:00",
                "updated": f"2026-01-01T00:00:{i:02d}.000000+00:00",
                "deleted": False,
            }
        )
    notes.append({**notes[0], "id": "99" + "cd" * 15, "tags": ["question"], "body": f"NOTEQUESTION {ALL}"})
    path.write_text(json.dumps({"format": "paperpal-notes", "notes": notes}), encoding="utf-8")
    return path


# ---------------------------------------------------------------------------------------------
# checks
# ---------------------------------------------------------------------------------------------

_TERMINAL_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def assert_terminal_safe(data: bytes | str, where: str) -> str:
    """No control character but newline and tab; returns the text for further checks."""
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    found = _TERMINAL_UNSAFE.search(text)
    assert found is None, (
        f"{where}: control character {found.group()!r} reached the terminal near "
        f"{text[max(0, found.start() - 60) : found.end() + 20]!r}"
    )
    return text


MATHML_TAGS = {
    "math", "mrow", "mi", "mn", "mo", "mtext", "ms", "mspace", "msub", "msup", "msubsup", "munder",
    "mover", "munderover", "mmultiscripts", "mprescripts", "none", "mfrac", "msqrt", "mroot",
    "mstyle", "mpadded", "mphantom", "menclose", "mfenced", "mtable", "mtr", "mtd", "mlabeledtr",
    "merror",
}  # fmt: skip
HANDOUT_TAGS = {
    "html", "head", "meta", "title", "style", "body", "article", "h1", "h2", "h3", "h4", "p", "br",
    "a", "ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody", "tr", "th", "td",
    "blockquote", "span", "em", "strong", "code", "pre", "div", "hr",
    # the reading path's graph (export/path_svg.py): its own drawing, with names as text only
    "svg", "defs", "marker", "path", "g", "rect", "text",
} | MATHML_TAGS  # fmt: skip


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.style = ""
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        self._in_style = tag == "style"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.style += data


def assert_html_inert(page: str, where: str, *, allowed_tags: set[str] = HANDOUT_TAGS) -> list[str]:
    """Parsed with a real HTML parser: only the tags paperpal writes, no event handler, no
    script, no link but to arXiv, nothing with ``javascript:``. Returns the link targets."""
    parser = _Tags()
    parser.feed(page)
    parser.close()
    links = []
    for tag, attrs in parser.tags:
        assert tag in allowed_tags, f"{where}: a <{tag}> element came out of the data"
        for name, value in attrs:
            value = html.unescape(value or "")
            assert not name.startswith("on"), f"{where}: event handler {name}={value!r} on <{tag}>"
            assert name not in ("src", "style", "srcdoc", "formaction", "xlink:href"), (
                f"{where}: attribute {name} on <{tag}>"
            )
            compact = re.sub(r"[\s\x00-\x1f]", "", value).lower()
            # Text-only attributes (the formula's LaTeX shown when math cannot be; the path
            # graph's label) may hold the words "javascript:" as data: they are never a URL.
            if name not in ("alttext", "aria-label"):
                assert "javascript:" not in compact, f"{where}: javascript: in {name} of <{tag}>"
            if name == "href":
                assert value.startswith("https://arxiv.org/"), f"{where}: a link to {value!r}"
                links.append(value)
    assert "pwscript" not in parser.style and "<" not in parser.style, f"{where}: data reached the CSS"
    return links


def markdown_to_html(text: str) -> str:
    """Render Markdown the way a permissive viewer would: raw HTML allowed, every link allowed."""
    from markdown_it import MarkdownIt

    renderer = MarkdownIt("commonmark", {"html": True}).enable("table")
    renderer.validateLink = lambda url: True  # type: ignore[method-assign]
    return renderer.render(text)


MARKDOWN_TAGS = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "code", "pre", "a", "ul", "ol", "li",
    "blockquote", "table", "thead", "tbody", "tr", "th", "td", "hr", "br",
}  # fmt: skip


def assert_markdown_inert(text: str, where: str) -> None:
    assert_terminal_safe(text, where)
    assert_html_inert(markdown_to_html(text), f"{where} rendered", allowed_tags=MARKDOWN_TAGS)


def balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0
