"""``paperpal export``: a reading-group handout for one or more papers."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from paperpal.commands.output import warn
from paperpal.errors import PaperpalError


@click.command()
@click.argument("refs", nargs=-1, required=True, metavar="REF [REF...]")
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["md", "html", "json", "bibtex", "anki", "csv"]),
    default="md",
    show_default=True,
    help="md, html (self-contained), json, bibtex, anki (.apkg deck) or csv (Anki-importable cards).",
)
@click.option(
    "--out", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write here instead of stdout."
)
@click.option("--offline", is_flag=True, help="Use the library only; never touch the network.")
def export(refs: tuple[str, ...], fmt: str, out: Path | None, offline: bool) -> None:
    """Write reading-group notes for REF (several REFs make one handout).

    The handout has the paper's notation table, key equations read aloud, the jargon, the reading
    path with what you marked known, your notes by section and equation, and the discussion
    questions (notes tagged `question`).
    """
    from paperpal.commands.read import build_report
    from paperpal.export import render_handout, write_handout
    from paperpal.store import open_store

    if fmt == "anki" and out is None and sys.stdout.isatty():
        raise PaperpalError("an Anki deck is a binary file: give --out deck.apkg (or use --format csv)")
    reports = [build_report(ref, offline=offline) for ref in refs]
    notes = []
    try:
        with open_store() as store:
            for report in reports:
                notes.extend(store.list_notes(report.meta.id))
    except PaperpalError as err:
        warn(f"paperpal: your notes could not be read ({err}); exporting without them")
    if out is not None:
        path = write_handout(reports, notes, fmt, out)
        warn(f"wrote {path}")
        return
    data = render_handout(reports, notes, fmt)
    sys.stdout.buffer.write(data)
    sys.stdout.flush()
