"""``paperpal note ...``, ``paperpal notes ...`` and ``paperpal search``: the reader's notes.

A shell over ``paperpal.store``: parse, call the store, print (data to stdout, progress and
warnings to stderr; ``--json`` everywhere). REF becomes a library id through
``paperpal.sources`` without touching the network; anchors (equation, section, term) are
checked against the paper when it is in the library.

Must not: import heavy libraries at module level (the embedder and the document reader are
imported inside the functions that need them), or talk to SQLite except through the store.
"""

from __future__ import annotations

import json
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from paperpal.commands.output import print_json, warn
from paperpal.errors import NotFoundInPaper, PaperpalError, StoreError

if TYPE_CHECKING:
    from paperpal.models import Document, Note, PaperFiles, SearchHit
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


def _load_document(files: PaperFiles) -> Document | None:
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
    document = _load_document(files)
    if document is None:
        return anchor
    wanted = anchor.strip().strip("()").lower()
    paper = files.meta.id
    if kind == "equation":
        numbers = [eq.number for eq in document.equations if eq.number]
        if wanted in {n.lower() for n in numbers} or wanted in {eq.id for eq in document.equations}:
            return anchor.strip().strip("()")
        listed = ", ".join(numbers[:30]) or "none"
        raise NotFoundInPaper(f"{paper} has no equation {anchor}. Its numbered equations: {listed}.")
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


def _open(*, reading: bool = False) -> Store:
    """The notes database; for ``reading`` commands a read-only file is opened read-only, so a
    user who cannot add notes is told why but can always list and export what is there."""
    from paperpal.store import open_store

    return open_store(reading=reading)


def _edit(initial: str = "") -> str:
    """Text from $EDITOR; an empty result aborts and nothing is saved."""
    edited = click.edit(f"{initial}\n\n{_EDITOR_HINT}\n" if initial else f"\n\n{_EDITOR_HINT}\n")
    text = (edited or "").replace(_EDITOR_HINT, "").strip()
    if not text:
        raise click.ClickException("The note is empty; nothing was saved.")
    return text


def note_dict(note: Note) -> dict[str, Any]:
    from paperpal.store.store import note_to_dict

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
    click.echo(click.style(head, bold=True) + (f"  {tags}" if tags else ""))
    if note.quote:
        from paperpal.notation.inline import render_inline_math

        click.echo(textwrap.indent(f"> {render_inline_math(note.quote)}", "    "))
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
    anchors = {"equation": equation, "section": section, "symbol": symbol, "term": term}
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
    saved = add_note_or_keep(paper_id, body, anchor_kind=kind, anchor=anchor, quote=quote, tags=all_tags)
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

    new_tags = [t for tag in tags for t in tag.split(",")] if tags else None
    try:
        store = _open()
    except StoreError as err:
        if text is None:
            raise  # nothing written yet: $EDITOR would open only on a writable database
        # The new text was given: keep it beside the note as it is now (read-only is enough).
        try:
            with _open(reading=True) as reader:
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
    with _open() as store:
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
    with _open() as store:
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
    with _open(reading=True) as store:
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
    with _open(reading=True) as store:
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
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write to a file.")
def notes_export(output: Path | None) -> None:
    """Write every note as JSON (stdout by default) for another reader to import."""
    with _open(reading=True) as store:
        data = store.export_notes()
    text = json.dumps(data, indent=2, ensure_ascii=False)
    if output is None:
        click.echo(text)
    else:
        output.write_text(text + "\n", encoding="utf-8")
        warn(f"Exported {len(data['notes'])} notes to {output}.")


@notes.command("import")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True)
def notes_import(file: Path, as_json: bool) -> None:
    """Merge notes exported by `paperpal notes export` (FILE or - for stdin)."""
    try:
        raw = sys.stdin.read() if str(file) == "-" else file.read_text(encoding="utf-8")
    except OSError as err:
        raise StoreError(f"Cannot read {file}: {err.strerror}.") from err
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as err:
        raise StoreError(
            f"{file} is not JSON ({err.msg} at line {err.lineno}); nothing was imported."
        ) from err
    with _open() as store:
        added, updated, skipped = store.import_notes(data)
    if as_json:
        print_json({"added": added, "updated": updated, "skipped": skipped})
    else:
        click.echo(f"Imported notes: {added} added, {updated} updated, {skipped} unchanged.")


# -- search -------------------------------------------------------------------------------------


def index_library(store: Store, *, embedder: Any = None) -> None:
    """Index every library paper the store has not indexed yet (progress on stderr)."""
    from paperpal.sources import list_library

    done = store.indexed_papers()
    todo = [paper for paper in list_library(warn=warn) if paper.meta.id not in done]
    for number, files in enumerate(todo, start=1):
        warn(f"indexing {files.meta.id} ({number}/{len(todo)})")
        document = _load_document(files)
        if document is not None:
            store.index_document(files.meta.id, files.meta.title, document, progress=warn)
    if embedder is not None:
        store.embed_missing(embedder, progress=warn)


def hit_dict(hit: SearchHit) -> dict[str, Any]:
    return {
        "kind": hit.kind,
        "paper_id": hit.paper_id,
        "note_id": hit.note_id,
        "section": hit.section,
        "equation": hit.equation,
        "snippet": hit.snippet,
        "text": hit.text,
        "score": hit.score,
        "via": list(hit.via),
    }


def snippet_text(hit: SearchHit, words: tuple[str, ...]) -> str:
    """The snippet as a terminal shows it: math in Unicode (whole formulas, even where the
    snippet cut one), the matched words [marked] and bold."""
    from paperpal.notation.inline import snippet_pieces

    pieces = snippet_pieces(" ".join((hit.snippet or hit.text).split()), " ".join(hit.text.split()), words)
    return "".join(click.style(f"[{text}]", bold=True) if marked else text for text, marked in pieces)


def _print_hit(number: int, hit: SearchHit, words: tuple[str, ...] = ()) -> None:
    where = [hit.paper_id]
    if hit.section:
        where.append(f"§ {hit.section}")
    if hit.equation:
        where.append(f"eq. ({hit.equation})")
    if hit.note_id:
        where.append(f"note {hit.note_id[:8]}")
    head = f"{number:>2}. [{hit.kind}] " + " · ".join(where)
    click.echo(click.style(head, bold=True) + click.style(f"  ({'+'.join(hit.via)})", dim=True))
    click.echo(textwrap.indent(textwrap.fill(snippet_text(hit, words), 96), "    "))


@click.command("search")
@click.argument("query")
@click.option("--paper", "paper", metavar="REF", help="Only this paper (and its notes).")
@click.option("--keyword", "mode", flag_value="keyword", help="Rank by words only (fast).")
@click.option("--semantic", "mode", flag_value="semantic", help="Rank by meaning only.")
@click.option("--limit", "-n", default=20, show_default=True, type=click.IntRange(1, 500))
@click.option("--json", "as_json", is_flag=True)
def search(query: str, paper: str | None, mode: str | None, limit: int, as_json: bool) -> None:
    """Search notes and the papers in the library by words and by meaning.

    Words are ANDed; "a phrase", OR, -word (exclude) and word* (prefix) work; anything else is
    just text. Matching words are marked [like this].
    """
    mode = mode or "hybrid"
    paper_id = resolve_paper_id(paper)[0] if paper else None
    embedder = None
    if mode in ("hybrid", "semantic"):
        from paperpal.embeddings import shared_embedder

        embedder = shared_embedder()
    with _open(reading=True) as store:
        if store.readonly:
            warn(
                f"paperpal: the notes database {store.path} is read-only: searching what was "
                "indexed before (papers added since are not searched)"
            )
        else:
            index_library(store, embedder=embedder)
        hits = store.search(query, paper_id=paper_id, mode=mode, embedder=embedder, limit=limit)  # type: ignore[arg-type]
    if as_json:
        print_json([hit_dict(h) for h in hits])
        return
    if not hits:
        warn("No matches.")
    from paperpal.store.query import parse_query

    words = parse_query(query).words
    for number, hit in enumerate(hits, start=1):
        _print_hit(number, hit, words)
