"""``paperpal export``: a reading-group handout for one or more papers.

Where it goes: stdout by default (or with ``--out -``); with ``--out FILE``, the file is written
by ``paperpal.fileio.write_file`` (atomically, regular files only, its mode and hard links kept).
An existing file is replaced only with ``--force`` or after the user says yes at a prompt; with
no terminal to ask on, it is refused.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import click

from paperpal.commands.output import warn, write_bytes
from paperpal.errors import PaperpalError


def confirm_replace(force: bool) -> bool | Callable[[Path], bool]:
    """The ``replace`` policy for ``fileio.write_file``: yes with --force, else ask on a terminal."""
    if force:
        return True
    if not sys.stdin.isatty():
        return False

    def ask(path: Path) -> bool:
        return click.confirm(f"{path} exists. Replace it?", default=False, err=True)

    return ask


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
    "--out",
    "-o",
    type=click.Path(allow_dash=True, path_type=Path),
    help="Write to this file instead of stdout (- is stdout). An existing file needs --force or a yes.",
)
@click.option("--force", is_flag=True, help="Replace the --out file if it exists, without asking.")
@click.option("--offline", is_flag=True, help="Use the library only; never touch the network.")
def export(refs: tuple[str, ...], fmt: str, out: Path | None, force: bool, offline: bool) -> None:
    """Write reading-group notes for REF (several REFs make one handout).

    The handout has the paper's notation table, key equations read aloud, the jargon, the reading
    path with what you marked known, your notes by section and equation, and the discussion
    questions (notes tagged `question`).
    """
    from paperpal.commands.read import build_report
    from paperpal.export import render_handout, write_handout
    from paperpal.fileio import kept_existing, writable_target
    from paperpal.store import open_store

    if out is not None and str(out) == "-":
        out = None
    if fmt == "anki" and out is None and sys.stdout.isatty():
        raise PaperpalError("an Anki deck is a binary file: give --out deck.apkg (or use --format csv)")
    replace = confirm_replace(force)
    if out is not None:
        # Refused, or asked about, before any work: a target that can never be written, or an
        # existing file the user does not want replaced.
        _, existing = writable_target(out)
        if existing is not None and callable(replace):
            replace = replace(out)
        if existing is not None and replace is False:
            raise kept_existing(out)
    reports = [build_report(ref, offline=offline) for ref in refs]
    notes = []
    try:
        with open_store(reading=True) as store:
            for report in reports:
                notes.extend(store.list_notes(report.meta.id))
    except PaperpalError as err:
        warn(f"paperpal: your notes could not be read ({err}); exporting without them")
    if out is not None:
        path = write_handout(reports, notes, fmt, out, replace=replace)
        warn(f"wrote {path}")
        return
    write_bytes(render_handout(reports, notes, fmt))
