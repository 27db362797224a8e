"""Reading-group handouts: one or more papers' reports plus the reader's notes, in a format.

md      Markdown: notation table, key equations read aloud, jargon, reading path, notes,
        discussion questions
html    one self-contained HTML file (MathML, prints well)
json    the report of each paper (paperpal.report's shape) plus its notes
bibtex  @misc entries with eprint/archivePrefix/primaryClass
anki    an Anki deck (.apkg) of the notation and the jargon
csv     the same cards as Anki-importable CSV
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path

from paperpal.controls import escape_json_controls
from paperpal.errors import PaperpalError
from paperpal.fileio import writable_target, write_file
from paperpal.models import Note, PaperReport

FORMATS = ("md", "html", "json", "bibtex", "anki", "csv")
EXTENSIONS = {"md": "md", "html": "html", "json": "json", "bibtex": "bib", "anki": "apkg", "csv": "csv"}
BINARY = {"anki"}


def render_handout(reports: Sequence[PaperReport], notes: Sequence[Note], fmt: str) -> bytes:
    """The handout for ``reports`` in format ``fmt``, as bytes (UTF-8 for the text formats)."""
    if fmt not in FORMATS:
        raise PaperpalError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if not reports:
        raise PaperpalError("nothing to export: give at least one paper")
    from paperpal.export.handout import build_handout

    if fmt == "bibtex":
        from paperpal.export.bibtex import render_bibtex

        return render_bibtex([r.meta for r in reports]).encode()
    if fmt == "json":
        from paperpal.report import report_to_dict

        data = {
            "papers": [
                {
                    **report_to_dict(r),
                    "notes": [_note_dict(n) for n in notes if n.paper_id == r.meta.id and not n.deleted],
                }
                for r in reports
            ]
        }
        return (escape_json_controls(json.dumps(data, indent=2, ensure_ascii=False)) + "\n").encode()
    papers = build_handout(reports, notes)
    if fmt == "md":
        from paperpal.export.markdown import render_markdown

        return render_markdown(papers).encode()
    if fmt == "html":
        from paperpal.export.html import render_html

        return render_html(papers).encode()
    from paperpal.export.anki import build_cards, render_apkg, render_csv

    cards = build_cards(papers, _glossary_examples())
    if fmt == "csv":
        return render_csv(cards).encode()
    deck = "paperpal::" + " + ".join(r.meta.id for r in reports)
    return render_apkg(cards, deck)


def write_handout(
    reports: Sequence[PaperReport],
    notes: Sequence[Note],
    fmt: str,
    target: Path,
    *,
    replace: bool | Callable[[Path], bool] = True,
) -> Path:
    """Render and write to ``target`` (``paperpal.fileio.write_file``: atomic, regular files
    only, mode and hard links kept); ``replace`` says whether an existing file may be replaced.

    The target is checked before the handout is rendered, so a refusal comes at once.
    """
    writable_target(target)
    data = render_handout(reports, notes, fmt)
    return write_file(target, data, replace=replace)


def _note_dict(note: Note) -> dict[str, object]:
    return {
        "id": note.id,
        "anchor_kind": note.anchor_kind,
        "anchor": note.anchor,
        "quote": note.quote,
        "body": note.body,
        "tags": list(note.tags),
        "created": note.created,
        "updated": note.updated,
    }


def _glossary_examples() -> dict[str, str]:
    from paperpal.glossary.loader import load_glossary

    glossary = load_glossary()
    examples = {c.id: c.example for c in glossary.concepts.values() if c.example}
    examples.update({s.id: s.example for s in glossary.symbols.values() if s.example})
    return examples
