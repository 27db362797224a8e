"""Notes the database would not take are kept on disk, never dropped.

When a note cannot be written (the database is locked by another program, read-only, corrupt,
or its disk is full), the reader's text is written to ``unsaved-notes/`` in paperpal's data
folder as a one-note export, and the error says where it is: ``paperpal notes import FILE``
adds it once the database can be written again. If even that file cannot be written, the
message carries the text itself.
"""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path

from paperpal import paths
from paperpal.errors import StoreError
from paperpal.models import Note
from paperpal.store.exchange import EXPORT_FORMAT
from paperpal.store.notes import new_note, normalise_tags, note_to_dict, now_iso
from paperpal.store.store import open_store


def unsaved_folder() -> Path:
    return paths.home() / "unsaved-notes"


def keep_unsaved(note: Note) -> Path | None:
    """Write ``note`` as a one-note export file; its path, or None when that failed too."""
    folder = unsaved_folder()
    stamp = note.updated.replace(":", "").replace("-", "")[:15] or "note"
    path = folder / f"{stamp}-{note.id[:8]}.json"
    data = {"format": EXPORT_FORMAT, "unsaved": True, "notes": [note_to_dict(note)]}
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        return None
    return path


def kept_message(error: StoreError, note: Note) -> StoreError:
    """``error`` with where the note's text now is (or the text itself)."""
    path = keep_unsaved(note)
    if path is not None:
        where = (
            f"Your note was kept in {path}; once the database can be written again, "
            f"`paperpal notes import {path}` adds it."
        )
    else:
        where = f"It could not be kept in a file either, so here is its text:\n\n{note.body}\n"
    return StoreError(f"{error} {where}")


def add_note_or_keep(
    paper_id: str,
    body: str,
    *,
    anchor_kind: str = "paper",
    anchor: str | None = None,
    quote: str | None = None,
    tags: list[str] | tuple[str, ...] = (),
) -> Note:
    """Save a new note in the default database; if it cannot be saved, keep it (see above) and
    raise ``StoreError`` saying where."""
    note = new_note(paper_id, body, anchor_kind=anchor_kind, anchor=anchor, quote=quote, tags=tags)
    try:
        with open_store() as store:
            return store.save_new_note(note)
    except StoreError as err:
        raise kept_message(err, note) from err


def edited_note(current: Note, body: str | None, tags: list[str] | None) -> Note:
    """``current`` as the edit would leave it, stamped now (an import then prefers it)."""
    return replace(
        current,
        body=body if body is not None else current.body,
        tags=normalise_tags(tags) if tags is not None else current.tags,
        updated=now_iso(),
    )
