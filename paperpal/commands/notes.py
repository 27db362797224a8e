"""``paperpal note ...``, ``paperpal notes ...`` and ``paperpal search``: the reader's notes.

A shell over ``paperpal.store``: parse, call the store, print (data to stdout, progress and
warnings to stderr; ``--json`` everywhere). REF becomes a library id through
``paperpal.sources`` without touching the network; anchors (equation, section, term) are
checked against the paper when it is in the library.

Must not: import heavy libraries at module level (the embedder and the document reader are
imported inside the functions that need them), or talk to SQLite except through the store.
"""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from paperpal.commands.output import json_text, print_json, style, warn
from paperpal.errors import NotFoundInPaper, PaperpalError, StoreError, WriteError

if TYPE_CHECKING:
    from paperpal.models import Document, Note, PaperFiles
    from paperpal.store import Store

_EDITOR_HINT = "<!-- paperpal: write your note above this line (Markdown, $math$ welcome). -->"


# -- shared helpers ----------------------------------------------------------------------------


def resolve_paper_id(ref: str) -> tuple[str, PaperFiles | None]:
    """REF -> (library id, the cached paper or None). Never downloads: an arXiv id not yet in
    the library is still a valid place to hang a note."""
    from paperpal.sources import cached_paper, get_paper, parse_ref

    cached = cached_paper(ref.strip())
    if cached is not None:
        return cached.meta.id, cached
    parsed = parse_ref(ref)
    if parsed.kind == "arxiv":
        assert parsed.arxiv_id is not None
        return parsed.arxiv_id, cached_paper(parsed.arxiv_id)
    files = get_paper(parsed, offline=True)  # a local file: imported into the library
    return files.meta.id, files


def load_paper_document(files: PaperFiles) -> Document | None:
    """The paper's Document, or None (with a warning) when it cannot be read right now."""
    try:
        from paperpal.pipeline import load_document

        return load_document(files, offline=True)[1]
    except (PaperpalError, ImportError, OSError) as err:
        warn(f"paperpal: could not read {files.meta.id} to check the anchor ({err}); saved anyway")
        return None


def check_anchor(files: PaperFiles | None, kind: str, anchor: str) -> str:
    """The anchor as stored (e.g. a section's id from its number); NotFoundInPaper if the paper
    is readable and has no such equation, section or term."""
    if files is None or kind not in ("equation", "section", "term"):
        return anchor
    document = load_paper_document(files)
    if document is None:
        return anchor
    wanted = anchor.strip().strip("()").lower()
    paper = files.meta.id
    if kind == "equation":
        from paperpal.extract.equation_names import equation_name, resolve_equation

        found = resolve_equation(document.equations, anchor)
        if found is not None:
            return equation_name(found)  # "5", or "5+1" for an unnumbered display
        names = [equation_name(eq) for eq in document.equations if eq.display]
        listed = ", ".join(names[:30]) or "none"
        raise NotFoundInPaper(f"{paper} has no equation {anchor}. Its equations: {listed}.")
    if kind == "section":
        for section in document.sections:
            if wanted in {(section.number or "").lower(), section.title.lower(), section.id}:
                return section.id
        listed = ", ".join(s.number or s.title for s in document.sections[:30]) or "none"
        raise NotFoundInPaper(f"{paper} has no section {anchor!r}. Its sections: {listed}.")
    text = " ".join(p.text for p in document.paragraphs).lower()
    if wanted not in text and wanted not in document.abstract.lower():
        raise NotFoundInPaper(f"The term {anchor!r} does not occur in {paper}.")
    return anchor


def open_notes(*, reading: bool = False) -> Store:
    """The notes database; for ``reading`` commands a read-only file is opened read-only, so a
    user who cannot add notes is told why but can always list and export what is there."""
    from paperpal.store import open_store

    return open_store(reading=reading)


def _edit(initial: str = "") -> str:
    """Text from $EDITOR; an empty result aborts and nothing is saved.

    An editor that saved in another encoding than UTF-8 does not lose the note: it is read as
    Latin-1 (every byte is a character there), with a warning.
    """
    start = f"{initial}\n\n{_EDITOR_HINT}\n" if initial else f"\n\n{_EDITOR_HINT}\n"
    edited = click.edit(start.encode("utf-8"))
    try:
        decoded = (edited or b"").decode("utf-8")
    except UnicodeDecodeError:
        decoded = (edited or b"").decode("latin-1")
        warn("paperpal: your editor did not save the note as UTF-8; it was read as Latin-1")
    text = decoded.replace(_EDITOR_HINT, "").strip()
    if not text:
        raise click.ClickException("The note is empty; nothing was saved.")
    return text


def _typed(value: str | None, what: str) -> str | None:
    """Text typed on the command line, refused (exit 2) when it holds bytes that are not UTF-8:
    the database stores text, and guessing would change what was typed."""
    if value is not None:
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise click.BadParameter("it holds bytes that are not UTF-8 text", param_hint=what) from None
    return value


def note_dict(note: Note) -> dict[str, Any]:
    from paperpal.store.notes import note_to_dict

    return note_to_dict(note)


def _anchor_label(note: Note) -> str:
    if note.anchor_kind == "paper" or not note.anchor:
        return "paper" if not note.quote else "quote"
    return f"{note.anchor_kind} {note.anchor}"


def _print_note(note: Note, *, full: bool = True) -> None:
    tags = " ".join(f"#{t}" for t in note.tags)
    head = f"{note.id[:8]}  {note.paper_id}  {_anchor_label(note)}  {note.updated[:10]}"
    if note.deleted:
        head += "  (deleted)"
    click.echo(style(head, bold=True) + (f"  {tags}" if tags else ""))
    if note.quote:
        from paperpal.notation.prose import to_screen

        click.echo(textwrap.indent(f"> {to_screen(note.quote)}", "    "))
    body = note.body if full else note.body.strip().splitlines()[0][:100]
    click.echo(textwrap.indent(body, "    "))


# -- note ---------------------------------------------------------------------------------------


@click.group("note")
def note() -> None:
    """Add, edit, remove and restore notes."""


@note.command("add")
@click.argument("ref")
@click.argument("text", nargs=-1)
@click.option("--equation", "-e", metavar="N", help="Anchor to equation N (as printed).")
@click.option("--section", "-s", metavar="S", help="Anchor to a section (number or title).")
@click.option("--symbol", metavar="S", help="Anchor to a symbol (LaTeX, e.g. '\\sigma').")
@click.option("--term", metavar="T", help="Anchor to a term of the paper.")
@click.option("--quote", "-q", metavar="TEXT", help="The passage of the paper the note is about.")
@click.option("--tag", "-t", "tags", multiple=True, help="A tag (repeatable; commas split).")
@click.option("--question", is_flag=True, help="Tag it 'question' (a discussion question).")
@click.option("--json", "as_json", is_flag=True, help="Print the saved note as JSON.")
def note_add(
    ref: str,
    text: Sequence[str],
    equation: str | None,
    section: str | None,
    symbol: str | None,
    term: str | None,
    quote: str | None,
    tags: Sequence[str],
    question: bool,
    as_json: bool,
) -> None:
    """Add a note to paper REF. Without TEXT, $EDITOR opens to write it."""
    for value, what in [(" ".join(text), "TEXT"), (quote, "--quote"), (",".join(tags), "--tag")]:
        _typed(value, what)
    anchors = {"equation": equation, "section": section, "symbol": symbol, "term": term}
    for kind, value in anchors.items():
        _typed(value, f"--{kind}")
    chosen = [(kind, value) for kind, value in anchors.items() if value is not None]
    if len(chosen) > 1:
        raise click.UsageError("Give at most one of --equation, --section, --symbol, --term.")
    paper_id, files = resolve_paper_id(ref)
    kind, anchor = chosen[0] if chosen else ("quote" if quote else "paper", None)
    if anchor is not None:
        anchor = check_anchor(files, kind, anchor)
    body = " ".join(text).strip() or _edit()
    all_tags = [t for tag in tags for t in tag.split(",")] + (["question"] if question else [])
    from paperpal.store.unsaved import add_note_or_keep

    # A note that cannot be saved is kept in a file, and the message says where.
    try:
        saved = add_note_or_keep(paper_id, body, anchor_kind=kind, anchor=anchor, quote=quote, tags=all_tags)
    except StoreError:
        raise
    except (PaperpalError, OSError) as err:
        # Not even the data folder can be used (PAPERPAL_HOME is a file, a broken link, a loop):
        # nothing can be kept on disk, so the message carries the text.
        raise WriteError(f"{err} Your note was not saved, so here is its text:\n\n{body}\n") from None
    if as_json:
        print_json(note_dict(saved))
    else:
        click.echo(f"Saved note {saved.id[:8]} on {paper_id} ({_anchor_label(saved)}).")


@note.command("edit")
@click.argument("note_id")
@click.option("--text", help="The new text (otherwise $EDITOR opens with the current text).")
@click.option("--tag", "-t", "tags", multiple=True, help="Replace the tags (repeatable).")
@click.option("--json", "as_json", is_flag=True)
def note_edit(note_id: str, text: str | None, tags: Sequence[str], as_json: bool) -> None:
    """Change a note's text or tags."""
    from paperpal.errors import PaperpalError, StoreError
    from paperpal.store.unsaved import edited_note, kept_message

    _typed(text, "--text")
    _typed(",".join(tags), "--tag")
    new_tags = [t for tag in tags for t in tag.split(",")] if tags else None
    try:
        store = open_notes()
    except StoreError as err:
        if text is None:
            raise  # nothing written yet: $EDITOR would open only on a writable database
        # The new text was given: keep it beside the note as it is now (read-only is enough).
        try:
            with open_notes(reading=True) as reader:
                current = reader.get_note(note_id)
        except PaperpalError:
            raise err from None
        raise kept_message(err, edited_note(current, text, new_tags)) from err
    with store:
        current = store.get_note(note_id)
        body = text if text is not None else (None if tags else _edit(current.body))
        try:
            saved = store.update_note(current.id, body=body, tags=new_tags)
        except StoreError as err:
            # The edit is kept in a file (an import of it replaces the older text).
            raise kept_message(err, edited_note(current, body, new_tags)) from err
    if as_json:
        print_json(note_dict(saved))
    else:
        click.echo(f"Updated note {saved.id[:8]}.")


@note.command("rm")
@click.argument("note_id")
@click.option("--json", "as_json", is_flag=True)
def note_rm(note_id: str, as_json: bool) -> None:
    """Remove a note (recoverable with `paperpal note restore ID`)."""
    with open_notes() as store:
        gone = store.delete_note(note_id)
    if as_json:
        print_json(note_dict(gone))
    else:
        click.echo(f"Removed note {gone.id[:8]}; `paperpal note restore {gone.id[:8]}` brings it back.")


@note.command("restore")
@click.argument("note_id")
@click.option("--json", "as_json", is_flag=True)
def note_restore(note_id: str, as_json: bool) -> None:
    """Bring back a removed note."""
    with open_notes() as store:
        back = store.restore_note(note_id)
    if as_json:
        print_json(note_dict(back))
    else:
        click.echo(f"Restored note {back.id[:8]}.")


@note.command("show")
@click.argument("note_id")
@click.option("--json", "as_json", is_flag=True)
def note_show(note_id: str, as_json: bool) -> None:
    """Print one note in full."""
    with open_notes(reading=True) as store:
        found = store.get_note(note_id)
    if as_json:
        print_json(note_dict(found))
    else:
        _print_note(found)


# -- notes --------------------------------------------------------------------------------------


class NotesGroup(click.Group):
    """``notes [REF] [--tag T]`` lists; ``notes export`` / ``notes import FILE`` exchange.

    Anything that is not a subcommand name (a REF, an option) is routed to the ``list``
    subcommand, so a paper id can never be mistaken for a command and vice versa.
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("-h", "--help"):
            args = ["list", *args]
        return super().parse_args(ctx, args)


@click.group("notes", cls=NotesGroup, invoke_without_command=True)
@click.pass_context
def notes(ctx: click.Context) -> None:
    """List notes (`notes [REF] [--tag T] [--json]`); `notes export`, `notes import FILE`."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(notes_list)


@notes.command("list")
@click.argument("ref", required=False)
@click.option("--tag", "-t", help="Only notes with this tag (e.g. question).")
@click.option("--deleted", is_flag=True, help="Include removed notes.")
@click.option("--json", "as_json", is_flag=True)
def notes_list(
    ref: str | None = None, tag: str | None = None, deleted: bool = False, as_json: bool = False
) -> None:
    """List notes, of one paper REF or all."""
    paper_id = resolve_paper_id(ref)[0] if ref else None
    with open_notes(reading=True) as store:
        found = store.list_notes(paper_id, tag=tag, include_deleted=deleted)
    if as_json:
        print_json([note_dict(n) for n in found])
        return
    if not found:
        warn("No notes yet." if not (ref or tag) else "No notes match.")
    for item in found:
        _print_note(item)
        click.echo()


@notes.command("export")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    help="Write to a file (atomically; - is standard output).",
)
def notes_export(output: Path | None) -> None:
    """Write every note as JSON (stdout by default) for another reader to import."""
    with open_notes(reading=True) as store:
        data = store.export_notes()
    text = json_text(data)  # control characters escaped: the file and a terminal both stay safe
    if output is None or str(output) == "-":
        click.echo(text)
    else:
        from paperpal.fileio import write_file

        # Atomic: a full disk or a crash never turns a good backup into half a file.
        write_file(output, (text + "\n").encode("utf-8"), replace=True)
        warn(f"Exported {len(data['notes'])} notes to {output}.")


def read_import(file: Path) -> Any:
    """The JSON in FILE (or stdin for -), or a ``StoreError`` saying why it cannot be read.

    Size-capped (``fileio.MAX_NOTES_FILE``); bad UTF-8, endless nesting or lone surrogates are
    one-line refusals, and nothing is imported.
    """
    from paperpal.fileio import MAX_NOTES_FILE, parse_json, read_limited, read_stream_limited

    name = "standard input" if str(file) == "-" else str(file)
    try:
        if str(file) == "-":
            raw = read_stream_limited(sys.stdin.buffer, MAX_NOTES_FILE, what=name, error=StoreError)
        else:
            raw = read_limited(file, MAX_NOTES_FILE, what="the notes file", error=StoreError)
    except FileNotFoundError:
        raise StoreError(f"Cannot read {file}: no such file.") from None
    return parse_json(raw, what=name, error=StoreError)


@notes.command("import")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True)
def notes_import(file: Path, as_json: bool) -> None:
    """Merge notes exported by `paperpal notes export` (FILE or - for stdin).

    A note changed both here and in FILE keeps both texts: the older one becomes a copy tagged
    'conflict' (`paperpal notes --tag conflict` lists them).
    """
    data = read_import(file)
    with open_notes() as store:
        result = store.import_notes(data)
    if as_json:
        print_json(
            {
                "added": result.added,
                "updated": result.updated,
                "skipped": result.skipped,
                "conflicts": list(result.conflicts),
            }
        )
        return
    click.echo(f"Imported notes: {result.added} added, {result.updated} updated, {result.skipped} unchanged.")
    if result.conflicts:
        count = len(result.conflicts)
        click.echo(
            f"{count} note{'s' if count > 1 else ''} changed on both sides: the older text was kept "
            "as a copy tagged 'conflict' (`paperpal notes --tag conflict`)."
        )
