"""The reader's calls to the notes database, in one place. All of them block: screens run them
in worker threads and hand the results to the state on the UI thread.

Reading never fails the reader: a database that cannot be read gives no notes and no known
concepts (the paper is still readable). Writing raises ``PaperpalError`` with a message the
screen shows; a note the database refuses is kept in a file first (``store.unsaved``) and the
message says where.

Must not: import Textual, or change the reading state (the caller applies what comes back).
"""

from __future__ import annotations

from collections.abc import Iterable

from paperpal.models import Note


def read_known() -> frozenset[str]:
    """Known concepts; none when the notes database cannot be read."""
    from paperpal.errors import PaperpalError
    from paperpal.store import read_known_concepts

    try:
        return read_known_concepts()
    except PaperpalError:
        return frozenset()


def read_notes(paper_id: str) -> list[Note]:
    """The paper's notes (never deleted ones); none when the database cannot be read."""
    from paperpal.errors import PaperpalError
    from paperpal.store import open_store

    try:
        with open_store(reading=True) as store:
            return [n for n in store.list_notes(paper_id) if not n.deleted]
    except PaperpalError:
        return []


def write_known(concept_ids: Iterable[str], known: bool) -> None:
    from paperpal.store import open_store

    ids = list(concept_ids)
    with open_store() as store:
        store.set_known_many(ids, known)


def add_note(
    paper_id: str, body: str, *, kind: str, anchor: str | None, quote: str | None, tags: tuple[str, ...]
) -> Note:
    """Save a new note; if the database refuses it, it is kept in a file and the raised
    ``StoreError`` says where."""
    from paperpal.store.unsaved import add_note_or_keep

    return add_note_or_keep(paper_id, body, anchor_kind=kind, anchor=anchor, quote=quote, tags=tags)


def update_note(note: Note, body: str, tags: tuple[str, ...]) -> None:
    """Change a note; an edit the database refuses is kept in a file (the error says where)."""
    from paperpal.errors import StoreError
    from paperpal.store import open_store
    from paperpal.store.unsaved import edited_note, kept_message

    try:
        with open_store() as store:
            store.update_note(note.id, body=body, tags=tags)
    except StoreError as err:
        raise kept_message(err, edited_note(note, body, list(tags))) from err


def delete_note(note_id: str) -> None:
    from paperpal.store import open_store

    with open_store() as store:
        store.delete_note(note_id)


def restore_note(note_id: str) -> None:
    from paperpal.store import open_store

    with open_store() as store:
        store.restore_note(note_id)
