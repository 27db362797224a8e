"""Where the reader was in each paper: the item at the top of the view and the selected item.

Kept in memory while paperpal runs, so leaving a paper (for the library, a search result in
another paper) and coming back lands where you were, and written to ``places.json`` in the data
folder when a reader closes, so the next session does too. Places are item ids, not line
numbers: they survive a terminal of another width.

Must not: import Textual, or fail the reader: a places file that cannot be read or written is
ignored (it only saves scrolling).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

MAX_PAPERS = 200  # the file stays small: the most recently read papers only
MAX_BYTES = 256 * 1024


@dataclass(frozen=True, slots=True)
class Place:
    top: str | None = None  # the id of the item at the top of the view
    selected: str | None = None  # the id of the selected item


class Places:
    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._places: dict[str, Place] | None = None

    def _all(self) -> dict[str, Place]:
        if self._places is None:
            self._places = _read(self.path) if self.path is not None else {}
        return self._places

    def get(self, paper_id: str) -> Place | None:
        return self._all().get(paper_id)

    def remember(self, paper_id: str, place: Place) -> None:
        places = self._all()
        places.pop(paper_id, None)
        places[paper_id] = place  # the most recent last
        while len(places) > MAX_PAPERS:
            places.pop(next(iter(places)))

    def save(self) -> None:
        """Write the places file (atomically); any failure is ignored."""
        if self.path is None or self._places is None:
            return
        data = {pid: {"top": p.top, "selected": p.selected} for pid, p in self._places.items()}
        tmp = self.path.with_name(self.path.name + f".{os.getpid()}.tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError:
            tmp.unlink(missing_ok=True)


def _read(path: Path) -> dict[str, Place]:
    try:
        with path.open("rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            return {}
        data = json.loads(raw.decode("utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    places: dict[str, Place] = {}
    for paper_id, entry in data.items():
        if isinstance(paper_id, str) and isinstance(entry, dict):
            top, selected = entry.get("top"), entry.get("selected")
            places[paper_id] = Place(
                top if isinstance(top, str) else None, selected if isinstance(selected, str) else None
            )
    return places
