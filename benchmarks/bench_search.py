"""Search at library scale: indexing, loading the vectors, memory, latency, and the CLI's wall time.

Builds a notes database of N passages (``--passages``, default 100,000; the issue's scale is
1,000,000) in papers of 100 paragraphs, plus 10,000 notes, indexed through the real ``Store``,
and measures:

- load: the first ``Store.load_vectors()`` in a fresh process (what a CLI search pays), its time
  and the process's resident memory before and after (and its peak, model included);
- latency, p50 / p95: keyword (FTS5 bm25, 300 queries of one to three words of varied frequency,
  phrases, exclusions, prefixes, odd punctuation), semantic (the real all-MiniLM-L6-v2 model on
  ONNX Runtime, the query's embedding included, 100 queries) and hybrid;
- the CLI: ``paperpal search QUERY --json`` wall time, cold (the database, the model and the
  ONNX file evicted from the page cache first, with ``posix_fadvise``) and warm (median of
  ``--cli-runs``), for hybrid and keyword;
- long notes: keyword search in a 160 KB note with 32,000 matches and in a 100 MB note (imported
  the way a shared notes file would be).

The text is synthetic: words drawn with Zipf-like frequencies from a vocabulary of real ML words
plus generated ones, so common words match tens of thousands of passages, as in a real library.
The passages' vectors are random unit vectors written with ``Store.put_paper_vectors`` (latency
does not depend on their values; benchmarks/vector_recall.py measures recall on real ones).

Run: ``.venv/bin/python benchmarks/bench_search.py [--passages N] [--keep DIR]`` (the build takes
about 10 minutes per million passages; ``--keep`` reuses a built library). Writes
``benchmarks/results/search.json`` (``search-<N>.json`` for other sizes).
Targets: keyword p95 < 20 ms, semantic p95 < 50 ms, CLI warm < 1.5 s at 100,000 passages; at
1,000,000: load < 1 s, memory < 1 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
from machine import conditions, verdict

from paperpal.embeddings import DIMENSIONS, Embedder, model_path
from paperpal.models import Document, Paragraph, Section
from paperpal.store import open_store
from paperpal.store.keyword import RANK_WINDOW

PER_PAPER = 100
NOTES = 10_000
KEYWORD_QUERIES = 300
SEMANTIC_QUERIES = 100
RESULTS = Path(__file__).parent / "results"

ML_WORDS = """gradient descent learning rate momentum adam optimizer loss function softmax attention
head query key value transformer encoder decoder embedding token sequence recurrent gate update
reset lstm gru hidden state cell memory convolution kernel stride padding pooling batch
normalization dropout regularization weight decay variance mean expectation probability
distribution likelihood posterior prior bayesian inference sampling generator discriminator
adversarial divergence entropy matrix vector tensor eigenvalue jacobian hessian derivative chain
rule backpropagation residual layer activation sigmoid tanh relu linear scan parallel
associative operator sum product norm bound theorem proof lemma""".split()


def vocabulary(rng: random.Random) -> tuple[list[str], list[float]]:
    made = ["".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=rng.randint(4, 9))) for _ in range(8000)]
    words = ML_WORDS + made
    weights = [1.0 / (rank + 10) for rank in range(len(words))]  # Zipf-like, softened head
    return words, weights


def sentence(rng: random.Random, words: list[str], weights: list[float], n: int) -> str:
    return " ".join(rng.choices(words, weights, k=n)).capitalize() + "."


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def summary(ms: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(percentile(ms, 50), 2),
        "p95_ms": round(percentile(ms, 95), 2),
        "max_ms": round(max(ms), 2),
        "mean_ms": round(statistics.fmean(ms), 2),
    }


def memory_mb() -> dict[str, float]:
    """This process's resident and peak memory (VmRSS, VmHWM) in MB."""
    fields = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = round(int(value.split()[0]) / 1024, 1)
    return fields


def queries(rng: random.Random, words: list[str], weights: list[float]) -> list[str]:
    found: list[str] = []
    for i in range(KEYWORD_QUERIES):
        picked = rng.choices(words, weights, k=rng.randint(1, 3))
        style = i % 6
        if style == 3:
            picked = ['"' + " ".join(picked) + '"']
        elif style == 4:
            picked = [*picked, "-" + rng.choice(ML_WORDS)]
        elif style == 5:
            picked = [picked[0][:4] + "*", '(AND "', *picked[1:]]
        found.append(" ".join(picked))
    return found


def build(home: Path, passages: int, short: bool = False) -> dict[str, Any]:
    """The library in ``home``/notes.db (kept between runs with --keep)."""
    marker = home / "built.json"
    if marker.exists():
        return dict(json.loads(marker.read_text()))
    rng = random.Random(6)
    words, weights = vocabulary(rng)
    vectors_rng = np.random.default_rng(6)
    papers = max(1, passages // PER_PAPER)
    started = time.perf_counter()
    written = 0
    vector_s = 0.0
    with open_store(home / "notes.db") as store:
        for paper in range(papers):
            blocks: list[Section | Paragraph] = []
            for i in range(PER_PAPER):
                if i % 50 == 0:
                    blocks.append(Section(f"sec-{i}", str(i // 50 + 1), sentence(rng, words, weights, 3), 1))
                length = rng.randint(3, 6) if short else rng.randint(20, 60)
                blocks.append(Paragraph(f"p-{i}", sentence(rng, words, weights, length)))
            doc = Document(title=f"Paper {paper}", source="latex", blocks=tuple(blocks))
            paper_id = f"bench.{paper:06d}"
            count = store.index_document(paper_id, doc.title, doc)
            written += count
            t0 = time.perf_counter()
            matrix = vectors_rng.standard_normal((count, DIMENSIONS)).astype(np.float32)
            matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
            store.put_paper_vectors(paper_id, store.indexed_papers()[paper_id], matrix)
            vector_s += time.perf_counter() - t0
            if paper % 500 == 499:
                print(f"indexed {paper + 1}/{papers} papers ({written} passages)", file=sys.stderr)
        index_s = time.perf_counter() - started - vector_s
        notes = [
            {
                "id": f"{n:032x}",
                "paper_id": f"bench.{rng.randrange(papers):06d}",
                "body": sentence(rng, words, weights, rng.randint(5, 40)),
                "tags": ["question"] if n % 10 == 0 else [],
                "updated": "2026-01-01T00:00:00+00:00",
            }
            for n in range(NOTES)
        ]
        t0 = time.perf_counter()
        store.import_notes({"notes": notes})
        notes_s = time.perf_counter() - t0
        # Notes' vectors: random too, stored the way embed_missing stores them.
        t0 = time.perf_counter()
        from paperpal.store.notes import embed_text
        from paperpal.store.passages import text_hash

        hashes = sorted({text_hash(embed_text(n["body"], None)) for n in notes})
        matrix = vectors_rng.standard_normal((len(hashes), DIMENSIONS)).astype(np.float32)
        matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
        with store._write():
            store.db.table("embeddings").upsert_all(
                (
                    {"content_hash": h, "model": "all-MiniLM-L6-v2", "vector": v.tobytes()}
                    for h, v in zip(hashes, matrix, strict=True)
                ),
                pk=("content_hash", "model"),
            )
        vector_s += time.perf_counter() - t0
    built = {
        "papers": papers,
        "passages": written,
        "notes": NOTES,
        "passages_per_s": round(written / index_s),
        "index_s": round(index_s, 1),
        "notes_import_per_s": round(NOTES / notes_s),
        "vector_write_s": round(vector_s, 1),
        "db_mb": round((home / "notes.db").stat().st_size / 1e6, 1),
    }
    marker.write_text(json.dumps(built))
    return built


def evict(paths: list[Path]) -> None:
    """Drop these files' pages from the page cache (no root needed for clean pages)."""
    for path in paths:
        for file in [path] if path.is_file() else list(path.rglob("*")):
            if file.is_file():
                fd = os.open(file, os.O_RDONLY)
                try:
                    os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
                finally:
                    os.close(fd)


def cli_wall(home: Path, args: list[str], runs: int, *, cold: bool) -> list[float]:
    env = dict(os.environ, PAPERPAL_HOME=str(home))
    times = []
    for _ in range(runs):
        if cold:
            evict([home / "notes.db", model_path(), Path(os.environ.get("PAPERPAL_CACHE", "")) or home])
        t0 = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "paperpal", *args], capture_output=True, env=env)
        times.append(time.perf_counter() - t0)
        if done.returncode != 0:
            raise SystemExit(f"paperpal {' '.join(args)} failed: {done.stderr.decode()[-500:]}")
    return times


def long_notes(folder: Path) -> dict[str, float]:
    """Keyword search in very long notes (issue 12.8)."""
    results = {}
    with open_store(folder / "long.db") as store:
        store.add_note("x", "gate " * 32_000)
        t0 = time.perf_counter()
        store.search("gate", mode="keyword")
        results["note_160kb_32000_matches_s"] = round(time.perf_counter() - t0, 3)
        body = ("the update gate mixes the old state and the candidate " * 2_000_000)[: 100 * 2**20]
        t0 = time.perf_counter()
        store.import_notes({"notes": [{"id": "f" * 32, "paper_id": "x", "body": body}]})
        results["note_100mb_import_s"] = round(time.perf_counter() - t0, 2)
        t0 = time.perf_counter()
        store.search("candidate gate", mode="keyword")
        results["note_100mb_search_s"] = round(time.perf_counter() - t0, 3)
    return results


def measure(home: Path, cli_runs: int) -> dict[str, Any]:
    rng = random.Random(7)
    words, weights = vocabulary(random.Random(6))
    asked = queries(rng, words, weights)
    results: dict[str, Any] = {}
    before = memory_mb()
    embedder = Embedder()
    t0 = time.perf_counter()
    embedder.warm_up()
    embedder.encode_one("warm up")
    results["model_load_s"] = round(time.perf_counter() - t0, 2)
    with open_store(home / "notes.db") as store:
        model_mem = memory_mb()
        t0 = time.perf_counter()
        loaded = store.load_vectors()
        load_s = time.perf_counter() - t0
        after = memory_mb()
        results["vectors"] = {
            "rows": loaded.rows,
            "load_s": round(load_s, 2),
            "rss_before_mb": before["VmRSS"],
            "rss_with_model_mb": model_mem["VmRSS"],
            "rss_after_load_mb": after["VmRSS"],
            "load_adds_mb": round(after["VmRSS"] - model_mem["VmRSS"], 1),
        }
        keyword_ms = []
        for query in asked:
            t0 = time.perf_counter()
            store.search(query, mode="keyword", limit=20)
            keyword_ms.append((time.perf_counter() - t0) * 1000)
        results["keyword"] = {"queries": len(keyword_ms), **summary(keyword_ms)}
        store.search("warm up", mode="semantic", embedder=embedder)
        semantic_ms, hybrid_ms, encode_ms = [], [], []
        for query in asked[:SEMANTIC_QUERIES]:
            t0 = time.perf_counter()
            embedder.encode_one(query)
            encode_ms.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            store.search(query, mode="semantic", embedder=embedder, limit=20)
            semantic_ms.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            store.search(query, mode="hybrid", embedder=embedder, limit=20)
            hybrid_ms.append((time.perf_counter() - t0) * 1000)
        results["semantic"] = {
            "queries": len(semantic_ms),
            "includes_query_embedding": True,
            **summary(semantic_ms),
            "query_embedding": summary(encode_ms),
        }
        results["hybrid"] = {"queries": len(hybrid_ms), **summary(hybrid_ms)}
        results["peak_rss_mb"] = memory_mb()["VmHWM"]
    # A yardstick of the machine's speed right now: the exact float32 product over 1,000,000
    # rows took 127 ms on the development machine when it was quiet.
    big = np.random.default_rng(1).standard_normal((1_000_000, DIMENSIONS), dtype=np.float32)
    timings = []
    for _ in range(5):
        t0 = time.perf_counter()
        big @ big[0]
        timings.append((time.perf_counter() - t0) * 1000)
    results["yardstick_float32_product_1m_ms"] = round(sorted(timings)[2], 1)
    del big
    query = "gradient of the attention softmax"
    results["cli"] = {
        "hybrid_cold_s": round(cli_wall(home, ["search", query, "--json"], 1, cold=True)[0], 2),
        "hybrid_warm_s": round(
            statistics.median(cli_wall(home, ["search", query, "--json"], cli_runs, cold=False)), 2
        ),
        "keyword_warm_s": round(
            statistics.median(cli_wall(home, ["search", query, "--keyword", "--json"], cli_runs, cold=False)),
            2,
        ),
        "runs": cli_runs,
    }
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--passages", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="build the library here and reuse it next time")
    parser.add_argument("--cli-runs", type=int, default=5)
    parser.add_argument(
        "--short-text",
        action="store_true",
        help="3-6 words a passage: builds a million passages in reasonable time; the vector "
        "numbers (load, memory, semantic) are unaffected, keyword latency is not representative",
    )
    args = parser.parse_args()
    before = conditions()
    home = args.keep or Path(tempfile.mkdtemp(prefix="paperpal-bench-"))
    home.mkdir(parents=True, exist_ok=True)
    built = build(home, args.passages, args.short_text)
    built["short_text"] = args.short_text
    print(json.dumps(built), file=sys.stderr)
    # Measured in a fresh process, as a CLI search would be (the build's memory is not counted).
    done = subprocess.run(
        [sys.executable, __file__, "--measure", str(home), str(args.cli_runs)], capture_output=True, text=True
    )
    if done.returncode != 0:
        raise SystemExit(done.stderr[-2000:])
    measured = json.loads(done.stdout)
    with tempfile.TemporaryDirectory() as scratch:
        measured["long_notes"] = long_notes(Path(scratch))
    results = {
        "library": built,
        **measured,
        "notes": "synthetic Zipf-like text; passage and note vectors are random unit vectors (latency "
        "only); query embeddings use the real model (ONNX Runtime) on CPU; keyword ranking is bounded to "
        f"the newest {RANK_WINDOW} matches per table",
        "machine": {"before": before, "after": conditions(), "verdict": verdict(before, conditions())},
        "targets": {
            "keyword_p95_ms": 20,
            "semantic_p95_ms": 50,
            "cli_warm_s_at_100k": 1.5,
            "load_s_at_1m": 1,
            "memory_mb_at_1m": 1000,
        },
    }
    name = "search.json" if args.passages == 100_000 else f"search-{args.passages}.json"
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / name).write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--measure":
        print(json.dumps(measure(Path(sys.argv[2]), int(sys.argv[3]))))
    else:
        main()
