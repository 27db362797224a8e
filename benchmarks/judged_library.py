"""The judged library: the 15 corpus papers and a fixed set of reader notes, in a notes database.

Shared by ``relevance.py`` (recall@10 and MRR of keyword, semantic and hybrid search over
``judged_queries.json``) and ``vector_recall.py`` (real embeddings for the candidate pool).
Each paper is opened as a folder from ``../shared/corpus`` (imported into a temporary library)
and indexed with ``Store.index_document``; the notes come from ``judged_notes.json`` (written for
this benchmark the way a reading group writes them, each anchored to its paper).

``build(folder)`` returns the database path; it is rebuilt only when missing.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

HERE = Path(__file__).parent
ROOT = HERE.parent
SHARED = Path(os.environ.get("PAPERPAL_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus"
NOTES = HERE / "judged_notes.json"


def build(folder: Path) -> Path:
    """Index the corpus and add the judged notes in ``folder`` (its paperpal home)."""
    os.environ["PAPERPAL_HOME"] = str(folder)
    from paperpal.pipeline import load_document
    from paperpal.store import open_store

    db = folder / "notes.db"
    if db.exists():
        return db
    folder.mkdir(parents=True, exist_ok=True)
    with open_store(db) as store:
        for paper in sorted(CORPUS.iterdir()):
            files, document = load_document(str(paper), offline=True)
            # Index under the arXiv id, as a library fetched from arXiv would be.
            store.index_document(paper.name, files.meta.title, document)
            print(f"indexed {paper.name}", file=sys.stderr)
        for note in json.loads(NOTES.read_text(encoding="utf-8")):
            store.add_note(
                note["paper_id"],
                note["body"],
                anchor_kind=note.get("anchor_kind", "paper"),
                anchor=note.get("anchor"),
                quote=note.get("quote"),
                tags=note.get("tags", []),
            )
    return db


def dump(db: Path, out: Path) -> None:
    """Every passage as one JSON line (id, paper, kind, section, equation, text): for writing
    and checking judgements."""
    from paperpal.store import open_store

    with open_store(db) as store, out.open("w", encoding="utf-8") as handle:
        for row in store._query(
            "SELECT id, paper_id, kind, section, equation, text FROM passages ORDER BY id"
        ):
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    target = Path(sys.argv[1])
    path = build(target)
    if len(sys.argv) > 2:
        dump(path, Path(sys.argv[2]))
