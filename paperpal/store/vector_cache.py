"""A library's search arrays, memory-mapped from the cache folder.

Owns: where the arrays ``vectors.py`` searches (sign bits, int8 vectors and scales, and which
paper each row belongs to) are kept between processes, how they are keyed, and publishing them
safely. Reading every paper's blobs out of SQLite took 2.7-15 s at 1,000,000 passages on the
development machine under load (436 MB in 10,000 rows); with the arrays mapped from NumPy
files the whole load took 0.11 s (benchmarks/bench_vectors_1m.py), and their pages stay in the
page cache between searches.

The key is the database file's path plus the list of current vector rows (rowid, paper, content
hash, count), the model and paperpal's version: any paper indexed, re-indexed or removed gives a
new key, and the arrays are rebuilt from the database (older folders of the same database are
removed, and so are those of databases that no longer exist). Files are NumPy arrays loaded with ``allow_pickle=False`` and a JSON list of paper ids;
a folder that is missing, incomplete or inconsistent is rebuilt; a cache folder that cannot be
written only means the arrays are read from the database each time.

Must not: talk to SQLite (the caller passes the listing and a builder).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from paperpal import __version__, paths

LAYOUT = 1  # bump when the files change
_ARRAYS = ("codes", "quantised", "scales", "first_ids", "counts", "rowids")


@dataclass(slots=True)
class SearchArrays:
    papers: list[str]
    codes: Any  # (words, rows) uint64
    quantised: Any  # (rows, dimensions) int8
    scales: Any  # (rows,) float32
    first_ids: Any  # (papers,) int64
    counts: Any  # (papers,) int64
    rowids: Any  # (papers,) int64


def _folder(db: Path, listing: list[tuple[Any, ...]], model: str) -> tuple[Path, str]:
    place = hashlib.sha256(str(db.resolve()).encode()).hexdigest()[:16]
    content = hashlib.sha256(json.dumps([LAYOUT, __version__, model, listing]).encode()).hexdigest()[:16]
    return paths.cache_dir() / "search" / f"{place}-{content}", place


def _read(folder: Path) -> SearchArrays | None:
    import numpy as np

    try:
        arrays = {
            name: np.load(folder / f"{name}.npy", mmap_mode="r", allow_pickle=False) for name in _ARRAYS
        }
        papers = json.loads((folder / "papers.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, EOFError):
        return None
    rows = int(arrays["counts"].sum()) if len(arrays["counts"]) else 0
    consistent = (
        isinstance(papers, list)
        and len(papers) == len(arrays["counts"]) == len(arrays["first_ids"]) == len(arrays["rowids"])
        and arrays["codes"].shape[-1] == rows
        and arrays["quantised"].shape[0] == rows
        and arrays["scales"].shape == (rows,)
    )
    return SearchArrays(papers=papers, **arrays) if consistent else None


def _write(folder: Path, db: Path, arrays: SearchArrays) -> None:
    import numpy as np

    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=folder.parent, prefix=".building-"))
    try:
        for name in _ARRAYS:
            np.save(tmp / f"{name}.npy", np.ascontiguousarray(getattr(arrays, name)), allow_pickle=False)
        (tmp / "papers.json").write_text(json.dumps(arrays.papers), encoding="utf-8")
        (tmp / "database.txt").write_text(str(db), encoding="utf-8")
        os.rename(tmp, folder)  # another process may have published the same arrays first
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def search_arrays(
    db: Path, listing: list[tuple[Any, ...]], model: str, build: Callable[[], SearchArrays]
) -> SearchArrays:
    """The arrays for ``listing``: mapped from the cache folder, or built and published there."""
    folder, place = _folder(db, listing, model)
    found = _read(folder)
    if found is not None:
        return found
    built = build()
    with contextlib.suppress(OSError):
        shutil.rmtree(folder, ignore_errors=True)  # an incomplete or damaged copy
        for old in folder.parent.iterdir() if folder.parent.is_dir() else ():
            # Older arrays of this database, and arrays of databases that are gone.
            recorded = old / "database.txt"
            if old.name.startswith(f"{place}-") or (
                recorded.is_file() and not Path(recorded.read_text()).exists()
            ):
                shutil.rmtree(old, ignore_errors=True)
        _write(folder, db.resolve(), built)
        mapped = _read(folder)
        if mapped is not None:
            return mapped
    return built
