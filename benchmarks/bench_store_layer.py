"""What sqlite-utils' query layer costs per statement, against the plain connection.

``Database.query`` runs every statement inside a SAVEPOINT / RELEASE pair (so a statement that
returns no rows can be rolled back). For the many one-row reads of a hot path that is a
measurable share; this times 20,000 one-row reads each way on a notes database.

Run: ``.venv/bin/python benchmarks/bench_store_layer.py``. Writes
``benchmarks/results/store_layer.json``.
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

from paperpal.store import open_store

RESULTS = Path(__file__).parent / "results" / "store_layer.json"
READS = 20_000


def main() -> None:
    with tempfile.TemporaryDirectory() as folder, open_store(Path(folder) / "n.db") as store:
        note = store.add_note("x", "a note")
        conn = store._conn
        best: dict[str, float] = {}
        for _ in range(3):
            t0 = time.perf_counter()
            for _ in range(READS):
                list(store.db.query("SELECT body FROM notes WHERE id = ?", [note.id]))
            best["sqlite_utils_query_us"] = min(
                best.get("sqlite_utils_query_us", 1e9), (time.perf_counter() - t0) / READS * 1e6
            )
            t0 = time.perf_counter()
            for _ in range(READS):
                conn.execute("SELECT body FROM notes WHERE id = ?", (note.id,)).fetchall()
            best["connection_execute_us"] = min(
                best.get("connection_execute_us", 1e9), (time.perf_counter() - t0) / READS * 1e6
            )
    results = {k: round(v, 1) for k, v in best.items()}
    results["ratio"] = round(best["sqlite_utils_query_us"] / best["connection_execute_us"], 1)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
