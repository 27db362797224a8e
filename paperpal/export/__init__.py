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
import os
import secrets
from collections.abc import Sequence
from pathlib import Path

from paperpal.errors import PaperpalError
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
        return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode()
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


def write_handout(reports: Sequence[PaperReport], notes: Sequence[Note], fmt: str, target: Path) -> Path:
    """Render and write atomically: a failed export never leaves a half-written file behind."""
    data = render_handout(reports, notes, fmt)
    target = target.expanduser()
    if target.is_dir():
        raise PaperpalError(f"{target} is a folder; give a file name")
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = _temp_beside(target)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def _temp_beside(target: Path) -> tuple[int, str]:
    """A new file next to ``target`` with the mode ``target`` has, or for a new file the usual
    one (0666 less the umask; ``mkstemp`` would make it 0600, unreadable to a reading group)."""
    try:
        mode = target.stat().st_mode & 0o7777
    except OSError:
        mode = None
    for _ in range(100):
        name = target.parent / f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
        try:
            fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        if mode is not None:
            os.fchmod(fd, mode)
        return fd, str(name)
    raise PaperpalError(f"could not create a file next to {target}")


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
