"""Pooling notes between readers: the export format and a merge that never loses a text.

Owns: ``paperpal notes export``'s JSON shape, the validation of every field of an import (types,
ISO 8601 timestamps, JSON booleans, ids, strings that are valid Unicode), and the merge.

The merge, note by note (ids are stable across machines):

- a new id is added;
- the same text is left alone (newer tags, anchor or deletion are taken);
- an imported version newer than the local one replaces it. If the local text had changed since
  the version both sides last shared (the ``base`` column: the stamp of the last imported or
  first written version), both changed: the local text is kept as a *conflict copy*, a note of
  its own tagged ``conflict``;
- an imported version older than the local one is kept as a conflict copy only when it too
  changed after the shared version; otherwise it is a stale copy and is skipped.

Conflict copies have an id derived from the note and the version they keep, so importing the
same file twice adds nothing. Nothing is ever overwritten without its text surviving somewhere.

Must not: read or write files (the CLI does; unsaved.py writes its one-note exports) or open
connections of its own.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from paperpal.errors import StoreError
from paperpal.models import Note
from paperpal.store.database import Database
from paperpal.store.notes import (
    ANCHOR_KINDS,
    MIN_PREFIX,
    normalise_tags,
    note_row,
    note_to_dict,
    now_iso,
    row_to_note,
)

EXPORT_FORMAT = "paperpal-notes"
EXPORT_VERSION = 1
CONFLICT_TAG = "conflict"
_FUTURE_SLACK = timedelta(days=1)  # clocks of two readers' machines may disagree a little
_ID_CHARS = frozenset("0123456789abcdef-")


@dataclass(frozen=True, slots=True)
class NotesImport:
    """What an import did: counts, and the ids of the conflict copies it made."""

    added: int
    updated: int
    skipped: int
    conflicts: tuple[str, ...] = ()


def parse_timestamp(value: Any, where: str, field: str) -> str | None:
    """An ISO 8601 timestamp, normalised to UTC with microseconds; None when absent."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise StoreError(f"{where} has a {field!r} that is not a timestamp; nothing was imported.")
    try:
        stamp = datetime.fromisoformat(value.strip())
    except ValueError:
        raise StoreError(
            f"{where} has {field} {value[:40]!r}, not an ISO 8601 timestamp (like "
            "2026-11-01T10:00:00+00:00); nothing was imported."
        ) from None
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=UTC)
    stamp = stamp.astimezone(UTC)
    if stamp > datetime.now(UTC) + _FUTURE_SLACK:
        raise StoreError(
            f"{where} has {field} {value[:40]!r}, in the future; nothing was imported "
            "(a note dated ahead would win every later merge)."
        )
    return stamp.isoformat(timespec="microseconds")


def _text(value: Any, where: str, field: str, *, required: bool = False) -> str | None:
    if value is None and not required:
        return None
    if not isinstance(value, str) or (required and not value.strip()):
        what = "no" if value is None or value == "" else "an invalid"
        raise StoreError(f"{where} has {what} {field!r}; nothing was imported.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise StoreError(
            f"{where} has a {field!r} that is not valid Unicode; nothing was imported."
        ) from None
    return value


def parse_export(data: Any) -> list[Note]:
    """Validate an export (a dict with "notes", or a bare list) into notes; StoreError if bad."""
    items = data.get("notes") if isinstance(data, dict) else data
    if isinstance(data, dict) and data.get("format", EXPORT_FORMAT) != EXPORT_FORMAT:
        raise StoreError(f"This file is not a paperpal notes export (format {data.get('format')!r}).")
    if not isinstance(items, list):
        raise StoreError(
            'A notes import must be a JSON object with a "notes" list (as written by '
            "`paperpal notes export`)."
        )
    now = now_iso()
    notes: list[Note] = []
    for index, item in enumerate(items):
        where = f"note #{index + 1} in the import"
        if not isinstance(item, dict):
            raise StoreError(f"{where} is not a JSON object; nothing was imported.")
        raw_id = _text(item.get("id"), where, "id", required=True) or ""
        note_id = raw_id.strip().lower()
        if len(note_id) < MIN_PREFIX or len(note_id) > 64 or not set(note_id) <= _ID_CHARS:
            raise StoreError(f"{where} has an invalid id {raw_id[:40]!r}; nothing was imported.")
        paper_id = (_text(item.get("paper_id"), where, "paper_id", required=True) or "").strip()
        body = _text(item.get("body"), where, "body", required=True) or ""
        kind = item.get("anchor_kind")
        kind = "paper" if kind is None else kind
        if kind not in ANCHOR_KINDS:
            raise StoreError(f"{where} has an unknown anchor kind {str(kind)[:40]!r}; nothing was imported.")
        tags = item.get("tags")
        tags = [] if tags is None else tags
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            raise StoreError(f"{where} has tags that are not a list of strings; nothing was imported.")
        for tag in tags:
            _text(tag, where, "tags")
        deleted = item.get("deleted", False)
        if not isinstance(deleted, bool):
            raise StoreError(
                f"{where} has deleted = {str(deleted)[:20]!r}; it must be true or false; nothing was imported."
            )
        created = parse_timestamp(item.get("created"), where, "created")
        updated = parse_timestamp(item.get("updated"), where, "updated")
        notes.append(
            Note(
                id=note_id,
                paper_id=paper_id,
                body=body,
                anchor_kind=kind,  # type: ignore[arg-type]  # checked against ANCHOR_KINDS
                anchor=_text(item.get("anchor"), where, "anchor"),
                quote=_text(item.get("quote"), where, "quote"),
                tags=normalise_tags(tags),
                created=created or updated or now,
                updated=updated or created or "",
                deleted=deleted,
            )
        )
    return notes


def conflict_copy(note: Note) -> Note:
    """``note``'s text as a note of its own, tagged ``conflict``; the same version always gets
    the same id, so a repeated import adds no second copy."""
    digest = hashlib.sha256(f"{note.id}\x00{note.updated}\x00{note.body}".encode()).hexdigest()[:32]
    return replace(
        note, id=digest, tags=(*note.tags, CONFLICT_TAG) if CONFLICT_TAG not in note.tags else note.tags
    )


class NotesExchange(Database):
    """Export every note; merge an export from another reader."""

    def export_notes(self) -> dict[str, Any]:
        """Every note (deleted ones too, so a deletion travels) as a JSON-ready dict."""
        with self._read():
            rows = list(self.db.table("notes").rows_where(order_by="created, id"))
        return {
            "format": EXPORT_FORMAT,
            "version": EXPORT_VERSION,
            "exported": now_iso(),
            "notes": [note_to_dict(row_to_note(row)) for row in rows],
        }

    def import_notes(self, data: Any) -> NotesImport:
        """Merge exported notes (see the module docstring). Invalid data changes nothing."""
        incoming = parse_export(data)
        added = updated = skipped = 0
        conflicts: list[str] = []
        with self._write():
            table = self.db.table("notes")
            existing: dict[str, dict[str, Any]] = {}
            ids = list(dict.fromkeys(note.id for note in incoming))
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                for found in table.rows_where(f"id IN ({','.join('?' * len(chunk))})", chunk):
                    existing[found["id"]] = found
            new_rows: dict[str, dict[str, Any]] = {}
            for note in incoming:
                row = existing.get(note.id)
                if row is None:
                    stamped = note if note.updated else replace(note, updated=note.created)
                    if note.id not in new_rows:
                        added += 1
                    new_rows[note.id] = {**note_row(stamped), "base": stamped.updated}
                    continue
                local = row_to_note(row)
                local_updated = _normal(local.updated)
                base = _normal(row.get("base") or local.created)
                if not note.updated or note.updated <= local_updated:
                    # Older (or the same): a stale copy, unless it changed after the shared base.
                    if note.updated > base and note.body != local.body and self._keep_copy(note):
                        conflicts.append(conflict_copy(note).id)
                    skipped += 1
                    continue
                if local_updated > base and note.body != local.body and self._keep_copy(local):
                    conflicts.append(conflict_copy(local).id)
                table.update(note.id, {**note_row(note), "base": note.updated})
                existing[note.id] = {**note_row(note), "base": note.updated}
                updated += 1
            # New notes in one batch insert (a shared file may hold thousands).
            # (ignore: a conflict copy made above may carry the id of a copy this file also holds)
            table.insert_all(new_rows.values(), batch_size=500, ignore=True)
        return NotesImport(added, updated, skipped, tuple(conflicts))

    def _keep_copy(self, note: Note) -> bool:
        """Write ``note``'s conflict copy (inside the import's transaction); False if that very
        copy is already there."""
        copy = conflict_copy(note)
        table = self.db.table("notes")
        if table.count_where("id = ?", [copy.id]):
            return False
        table.insert({**note_row(copy), "base": copy.updated})
        return True


def _normal(stamp: str) -> str:
    """A stored timestamp in the normal form imports are compared in (stamps written by older
    versions or by hand may differ in form only)."""
    try:
        moment = datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        return stamp or ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="microseconds")
