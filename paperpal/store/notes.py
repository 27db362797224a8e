"""The reader's notes: the value conversions and the ``notes`` table.

Owns: making a new note (``new_note``: fresh id, stamped now, checked), tags' normal form, the
row <-> ``Note`` conversions, the text whose vector stands for a note, and the ``NotesTable``
mixin: add, get (by id or unique prefix), edit, soft-delete and restore, list.

Must not: open connections or transactions of its own (``Database`` does), know about export
files (``exchange.py``) or search.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from paperpal.errors import NotFoundInPaper, StoreError
from paperpal.models import Note
from paperpal.store.database import Database

ANCHOR_KINDS = ("paper", "section", "equation", "symbol", "term", "quote")
MIN_PREFIX = 6


def now_iso() -> str:
    # Microseconds keep "newer wins" meaningful for edits made in quick succession.
    return datetime.now(UTC).isoformat(timespec="microseconds")


def new_note(
    paper_id: str,
    body: str,
    *,
    anchor_kind: str = "paper",
    anchor: str | None = None,
    quote: str | None = None,
    tags: Iterable[str] = (),
) -> Note:
    """A new note (fresh id, stamped now), not yet saved; ``StoreError`` for one that cannot be."""
    if not paper_id.strip():
        raise StoreError("A note needs the id of the paper it belongs to.")
    if not body.strip():
        raise StoreError("The note is empty; nothing was saved.")
    if anchor_kind not in ANCHOR_KINDS:
        raise StoreError(f"Unknown note anchor {anchor_kind!r}; use one of: {', '.join(ANCHOR_KINDS)}.")
    stamp = now_iso()
    return Note(
        id=uuid.uuid4().hex,
        paper_id=paper_id.strip(),
        body=body,
        anchor_kind=anchor_kind,  # type: ignore[arg-type]  # checked above
        anchor=anchor,
        quote=quote,
        tags=normalise_tags(tags),
        created=stamp,
        updated=stamp,
    )


def normalise_tag(tag: str) -> str:
    return tag.strip().lstrip("#").strip().lower()


def normalise_tags(tags: Iterable[str]) -> tuple[str, ...]:
    if isinstance(tags, str):
        tags = tags.split(",")
    seen: list[str] = []
    for tag in tags:
        clean = normalise_tag(tag)
        if clean and clean not in seen:
            seen.append(clean)
    return tuple(seen)


def embed_text(body: str, quote: str | None) -> str:
    return f"{quote}\n{body}" if quote else body


def note_embed_text(note: Note) -> str:
    """The text whose vector represents a note (the quoted passage gives it context)."""
    return embed_text(note.body, note.quote)


def note_row(note: Note) -> dict[str, Any]:
    """The ``notes`` table's row for ``note``: the exported fields, tags as JSON, the flag as 0/1."""
    return {**note_to_dict(note), "tags": json.dumps(list(note.tags)), "deleted": int(note.deleted)}


def row_to_note(row: dict[str, Any]) -> Note:
    return Note(
        id=row["id"],
        paper_id=row["paper_id"],
        body=row["body"],
        anchor_kind=row["anchor_kind"],
        anchor=row["anchor"],
        quote=row["quote"],
        tags=tuple(json.loads(row["tags"] or "[]")),
        created=row["created"],
        updated=row["updated"],
        deleted=bool(row["deleted"]),
    )


def note_to_dict(note: Note) -> dict[str, Any]:
    """A note as exported and printed with ``--json`` (keys are part of the export format)."""
    return {
        "id": note.id,
        "paper_id": note.paper_id,
        "body": note.body,
        "anchor_kind": note.anchor_kind,
        "anchor": note.anchor,
        "quote": note.quote,
        "tags": list(note.tags),
        "created": note.created,
        "updated": note.updated,
        "deleted": note.deleted,
    }


class NotesTable(Database):
    """Notes: add, read, edit, hide and bring back."""

    def add_note(
        self,
        paper_id: str,
        body: str,
        *,
        anchor_kind: str = "paper",
        anchor: str | None = None,
        quote: str | None = None,
        tags: Iterable[str] = (),
    ) -> Note:
        """Save a new note and return it (with its new id and timestamps)."""
        return self.save_new_note(
            new_note(paper_id, body, anchor_kind=anchor_kind, anchor=anchor, quote=quote, tags=tags)
        )

    def save_new_note(self, note: Note) -> Note:
        """Write a note made by ``new_note``."""
        with self._write():
            self.db.table("notes").insert(note_row(note))
        return note

    def _resolve_id(self, note_id: str) -> str:
        """A full note id from a full id or a unique prefix of at least 6 characters."""
        wanted = note_id.strip().lower()
        if len(wanted) < MIN_PREFIX:
            raise StoreError(f"Note id {note_id!r} is too short: give at least {MIN_PREFIX} characters.")
        escaped = wanted.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        with self._read():
            rows = list(
                self.db.table("notes").rows_where(
                    "id LIKE ? ESCAPE '\\'", [escaped + "%"], select="id", order_by="id", limit=3
                )
            )
        if not rows:
            raise NotFoundInPaper(
                f"No note with id {note_id!r}. `paperpal notes` lists the notes and their ids."
            )
        exact = [row["id"] for row in rows if row["id"] == wanted]
        if exact:
            return str(exact[0])
        if len(rows) > 1:
            raise StoreError(f"Note id {note_id!r} is ambiguous: give more characters.")
        return str(rows[0]["id"])

    def get_note(self, note_id: str) -> Note:
        """The note with this id (or unique prefix of >= 6 characters), deleted ones included."""
        full = self._resolve_id(note_id)
        with self._read():
            return row_to_note(self.db.table("notes").get(full))

    def update_note(self, note_id: str, body: str | None = None, tags: Iterable[str] | None = None) -> Note:
        """Change a note's body and/or tags; returns the updated note."""
        full = self._resolve_id(note_id)
        if body is not None and not body.strip():
            raise StoreError("The new text is empty; the note was left unchanged.")
        changes: dict[str, Any] = {"updated": now_iso()}
        if body is not None:
            changes["body"] = body
        if tags is not None:
            changes["tags"] = json.dumps(list(normalise_tags(tags)))
        with self._write():
            self.db.table("notes").update(full, changes)
        return self.get_note(full)

    def _set_deleted(self, note_id: str, deleted: bool) -> Note:
        full = self._resolve_id(note_id)
        with self._write():
            self.db.table("notes").update(full, {"deleted": int(deleted), "updated": now_iso()})
        return self.get_note(full)

    def delete_note(self, note_id: str) -> Note:
        """Hide a note (soft delete): ``restore_note`` brings it back."""
        return self._set_deleted(note_id, True)

    def restore_note(self, note_id: str) -> Note:
        return self._set_deleted(note_id, False)

    def list_notes(
        self,
        paper_id: str | None = None,
        tag: str | None = None,
        include_deleted: bool = False,
    ) -> list[Note]:
        """Notes, oldest first, optionally of one paper and/or with one tag."""
        where: list[str] = []
        params: list[Any] = []
        if paper_id is not None:
            where.append("paper_id = ?")
            params.append(paper_id)
        if tag is not None:
            where.append("EXISTS (SELECT 1 FROM json_each(notes.tags) WHERE value = ?)")
            params.append(normalise_tag(tag))
        if not include_deleted:
            where.append("deleted = 0")
        with self._read():
            rows = self.db.table("notes").rows_where(
                " AND ".join(where) or None, params, order_by="created, id"
            )
            return [row_to_note(row) for row in rows]
