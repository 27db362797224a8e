"""paperpal's speed on record: one table, also written as JSON.

    .venv/bin/python benchmarks/run.py [--quick]

Measures, on this machine:
- `paperpal --help` start-up (a fresh process each time);
- per corpus paper: fetching from the fake arXiv (a local HTTP server), building the report
  cold, and opening it again from the cache;
- the PDF path against PyMuPDF's raw extraction (benchmarks/bench_document.py);
- time to the first full screen in the TUI (benchmarks/bench_tui.py);
- search latency at 10,000 notes and 100,000 passages (benchmarks/bench_search.py);
- peak memory of each part.
The table is printed and written to benchmarks/results/summary.json; the README quotes it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from machine import conditions, verdict

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
sys.path.insert(0, str(ROOT / "tests"))


def help_startup(runs: int = 10) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "paperpal", "--help"], capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def papers(quick: bool) -> list[dict[str, object]]:
    from conftest import CORPUS, CORPUS_IDS  # type: ignore[import-not-found]
    from fake_arxiv import FakeArxiv

    server = FakeArxiv(CORPUS).start()
    rows = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            os.environ.update(PAPERPAL_HOME=tmp, PAPERPAL_ARXIV_URL=server.url, PAPERPAL_ARXIV_INTERVAL="0")
            from paperpal.glossary.loader import load_glossary
            from paperpal.pipeline import read_paper
            from paperpal.sources import get_paper

            glossary = load_glossary()
            for paper_id in CORPUS_IDS[:4] if quick else CORPUS_IDS:
                start = time.perf_counter()
                get_paper(paper_id)
                fetched = time.perf_counter() - start
                start = time.perf_counter()
                report = read_paper(paper_id, glossary=glossary, use_cache=False)
                cold = time.perf_counter() - start
                read_paper(paper_id, glossary=glossary)  # writes the memo
                start = time.perf_counter()
                read_paper(paper_id, glossary=glossary)
                cached = time.perf_counter() - start
                rows.append(
                    {
                        "paper": paper_id,
                        "source": report.document.source,
                        "pages": report.document.pages,
                        "equations": len(report.equations),
                        "fetch_s": round(fetched, 3),
                        "report_cold_s": round(cold, 3),
                        "report_cached_s": round(cached, 4),
                    }
                )
    finally:
        server.stop()
    return rows


def sub_benchmark(script: str, result_file: str, *args: str) -> dict[str, object] | None:
    path = ROOT / "benchmarks" / script
    if not path.exists():
        return None
    proc = subprocess.run([sys.executable, str(path), *args], capture_output=True, text=True)
    if proc.returncode != 0:
        return {"error": proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "failed"}
    try:
        return json.loads((RESULTS / result_file).read_text())
    except (OSError, ValueError):
        return None


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="four papers only; skip the search benchmark")
    args = parser.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)

    summary: dict[str, object] = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}",
        "date": time.strftime("%Y-%m-%d"),
        "conditions_before": conditions(),
    }
    summary["help_startup_s"] = round(help_startup(), 3)
    summary["papers"] = papers(args.quick)
    summary["peak_rss_mb_reports"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    summary["document"] = sub_benchmark("bench_document.py", "document.json")
    summary["tui"] = sub_benchmark("bench_tui.py", "tui.json")
    if not args.quick:
        summary["search"] = sub_benchmark("bench_search.py", "search.json")
    summary["peak_rss_mb_subprocesses"] = round(
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1
    )
    summary["conditions_after"] = conditions()
    summary["verdict"] = verdict(summary["conditions_before"], summary["conditions_after"])  # type: ignore[arg-type]
    (RESULTS / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")

    print(f"machine: {summary['machine']}")
    print(f"paperpal --help: {summary['help_startup_s']:.3f} s")
    print()
    print(f"{'paper':<12} {'source':<6} {'pages':>5} {'eqs':>4} {'fetch s':>8} {'cold s':>7} {'cached s':>9}")
    for row in summary["papers"]:  # type: ignore[union-attr]
        print(
            f"{row['paper']:<12} {row['source']:<6} {str(row['pages'] or ''):>5} {row['equations']:>4} "
            f"{row['fetch_s']:>8.3f} {row['report_cold_s']:>7.3f} {row['report_cached_s']:>9.4f}"
        )
    print()
    for key in ("document", "tui", "search"):
        if summary.get(key) is not None:
            print(f"{key}: {json.dumps(summary[key])[:600]}")
    print(
        f"peak memory: reports {summary['peak_rss_mb_reports']} MB, sub-benchmarks {summary['peak_rss_mb_subprocesses']} MB"
    )


if __name__ == "__main__":
    main()
