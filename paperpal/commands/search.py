"""``paperpal search``: notes and papers by words and by meaning, the library indexed first.

The command is a shell over ``Store.search`` (paperpal/store): it indexes the library papers added
since the last search, computes the vectors that are missing (with a progress bar on a
terminal), searches, and prints the hits or their JSON.
"""

from __future__ import annotations

import sys
import textwrap
from typing import TYPE_CHECKING, Any

import click

from paperpal.commands.output import print_json, style, warn

if TYPE_CHECKING:
    from paperpal.models import SearchHit
    from paperpal.store import Store
from paperpal.commands.notes import load_paper_document, open_notes, resolve_paper_id


def index_library(store: Store, *, embedder: Any = None) -> None:
    """Index every library paper the store has not indexed yet, then compute missing vectors
    (progress on stderr: a bar on a terminal, a few plain lines otherwise)."""
    from paperpal.sources import list_library

    done = store.indexed_papers()
    todo = [paper for paper in list_library(warn=warn) if paper.meta.id not in done]
    for number, files in enumerate(todo, start=1):
        warn(f"indexing {files.meta.id} ({number}/{len(todo)})")
        document = load_paper_document(files)
        if document is not None:
            store.index_document(files.meta.id, files.meta.title, document)
    if embedder is not None:
        with EmbedProgress() as progress:
            store.embed_missing(embedder, progress=progress)


class EmbedProgress:
    """Progress of computing vectors: a bar when stderr is a terminal, else a line per tenth."""

    def __init__(self) -> None:
        self._bar: Any = None
        self._shown = -1
        self._done = 0

    def __enter__(self) -> EmbedProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.render_finish()

    def __call__(self, done: int, total: int) -> None:
        if sys.stderr.isatty():
            if self._bar is None:
                self._bar = click.progressbar(
                    length=total, label="embedding passages and notes", file=sys.stderr, show_pos=True
                )
                self._bar.render_progress()
            self._bar.update(done - self._done)
            self._done = done
            return
        tenth = done * 10 // max(total, 1)
        if tenth != self._shown:
            self._shown = tenth
            warn(f"embedded {done}/{total} passages and notes")


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
    return "".join(style(f"[{text}]", bold=True) if marked else text for text, marked in pieces)


def _print_hit(number: int, hit: SearchHit, words: tuple[str, ...] = ()) -> None:
    where = [hit.paper_id]
    if hit.section:
        where.append(f"§ {hit.section}")
    if hit.equation:
        where.append(f"eq. ({hit.equation})")
    if hit.note_id:
        where.append(f"note {hit.note_id[:8]}")
    head = f"{number:>2}. [{hit.kind}] " + " · ".join(where)
    click.echo(style(head, bold=True) + style(f"  ({'+'.join(hit.via)})", dim=True))
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
    just text. Matching words are marked [like this]. Papers added since the last search are
    indexed first. Without the embedding model, the default search uses words only (with a
    warning).
    """
    mode = mode or "hybrid"
    paper_id = resolve_paper_id(paper)[0] if paper else None
    embedder = None
    if mode in ("hybrid", "semantic"):
        from paperpal.embeddings import ModelUnavailable, shared_embedder

        embedder = shared_embedder()
        try:
            embedder.warm_up()
        except ModelUnavailable as err:
            if mode == "semantic":
                raise
            warn(f"paperpal: searching by words only. {err}")
            embedder, mode = None, "keyword"
    with open_notes(reading=True) as store:
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
