"""What it costs to get the embedding model ready, each way it can run, in fresh processes.

- ``onnx``: import onnxruntime + tokenizers, create the session from the cached export, embed
  one query (what a CLI search pays);
- ``sentence_transformers``: import sentence-transformers (torch, transformers), load the model,
  embed one query (what it paid before);
- ``export``: building the ONNX file from the bundled weights (once per install; timed only with
  ``--export``, into a scratch cache folder);
- ``reader``: the reader's path: a ``ProcessEmbedder`` child started, its first vector, then the
  first semantic search over the judged library (the 15 corpus papers) — the issue's "first
  semantic search within 2 s after the paper opens", measured without the TUI.

Each number is the median of ``--runs`` fresh processes. Run:
``.venv/bin/python benchmarks/bench_model.py [--runs N] [--export]``. Writes
``benchmarks/results/model.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from machine import conditions, verdict

HERE = Path(__file__).parent
RESULTS = HERE / "results" / "model.json"

ONNX = """
import time; t0 = time.perf_counter()
import onnxruntime, tokenizers, numpy
t1 = time.perf_counter()
from paperpal.embeddings import Embedder
e = Embedder(); e.warm_up(); t2 = time.perf_counter()
e.encode_one("how is the learning rate corrected at the start"); t3 = time.perf_counter()
assert e.backend == "onnx", e.backend
print(t1 - t0, t2 - t1, t3 - t2)
"""

TORCH = """
import os, time; os.environ["HF_HUB_OFFLINE"] = "1"; t0 = time.perf_counter()
import sentence_transformers
t1 = time.perf_counter()
from paperpal.embeddings import model_path
m = sentence_transformers.SentenceTransformer(str(model_path()), device="cpu"); t2 = time.perf_counter()
m.encode(["how is the learning rate corrected at the start"], show_progress_bar=False); t3 = time.perf_counter()
print(t1 - t0, t2 - t1, t3 - t2)
"""


def fresh(code: str, runs: int, env: dict[str, str] | None = None) -> dict[str, float]:
    parts: list[list[float]] = []
    for _ in range(runs):
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
        if done.returncode != 0:
            raise SystemExit(done.stderr[-1500:])
        parts.append([float(x) for x in done.stdout.split()])
    names = ("import_s", "load_s", "first_query_s")
    result = {name: round(statistics.median(p[i] for p in parts), 3) for i, name in enumerate(names)}
    result["total_s"] = round(sum(result.values()), 3)
    return result


def reader(runs: int) -> dict[str, float]:
    sys.path.insert(0, str(HERE))
    import judged_library

    from paperpal.embeddings import ProcessEmbedder
    from paperpal.store import open_store

    db = judged_library.build(Path(tempfile.gettempdir()) / "paperpal-judged-library")
    with open_store(db) as store:
        from paperpal.embeddings import Embedder

        store.embed_missing(Embedder())  # the library's vectors exist, as after a first search
    ready, searched = [], []
    for _ in range(runs):
        with open_store(db) as store:
            t0 = time.perf_counter()
            child = ProcessEmbedder()
            child.encode_one("warm")
            ready.append(time.perf_counter() - t0)
            store.search("why does the update gate mix rather than add", mode="semantic", embedder=child)
            searched.append(time.perf_counter() - t0)
            child.close()
    return {
        "child_first_vector_s": round(statistics.median(ready), 2),
        "first_semantic_search_s": round(statistics.median(searched), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--export", action="store_true")
    args = parser.parse_args()
    before = conditions()
    results: dict[str, object] = {"onnx": fresh(ONNX, args.runs)}
    print(results, file=sys.stderr)
    results["sentence_transformers"] = fresh(TORCH, args.runs)
    print(results, file=sys.stderr)
    if args.export:
        with tempfile.TemporaryDirectory() as scratch:
            env = dict(os.environ, PAPERPAL_CACHE=scratch)
            t0 = time.perf_counter()
            fresh(ONNX, 1, env)
            results["export_and_first_load_s"] = round(time.perf_counter() - t0, 1)
    results["reader"] = reader(args.runs)
    after = conditions()
    results["machine"] = {"before": before, "after": after, "verdict": verdict(before, after)}
    results["notes"] = "fresh processes, medians"
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
