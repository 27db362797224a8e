"""What the definition finder costs a report: cold report time and the finder's own share.

    .venv/bin/python benchmarks/bench_definitions.py [--runs N] [--out NAME] [IDS...]

For each paper (by default three corpus papers of about ten pages: 1706.03762, 1412.3555,
1502.03167), through a fake arXiv on 127.0.0.1 serving ../shared/corpus:
- ``report_cold_s``: ``read_paper(id, use_cache=False)``, the median of ``--runs`` runs (the
  document is rebuilt from the cached files each time, and the report with it);
- ``finder_s``: ``definition_candidates(document)`` alone on the same document, median of the
  runs (the part of a report this package owns), with the number of paragraphs and
  definitions.

Writes ``benchmarks/results/<NAME>.json`` (default ``definitions_timing``). The machine is
shared: compare runs made at the same time, and re-run on a quiet machine before quoting.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
SHARED = Path(os.environ.get("PAPERPAL_SHARED", ROOT.parent / "shared"))
RESULTS = ROOT / "benchmarks" / "results"
DEFAULT_IDS = ["1706.03762", "1412.3555", "1502.03167"]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("ids", nargs="*", default=DEFAULT_IDS)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", default="definitions_timing")
    args = parser.parse_args()

    from fake_arxiv import FakeArxiv  # type: ignore[import-not-found]

    server = FakeArxiv(SHARED / "corpus").start()
    rows = []
    try:
        with tempfile.TemporaryDirectory() as home:
            os.environ.update(PAPERPAL_HOME=home, PAPERPAL_ARXIV_URL=server.url, PAPERPAL_ARXIV_INTERVAL="0")
            from paperpal.glossary.loader import load_glossary
            from paperpal.models import Paragraph
            from paperpal.notation.definitions import definition_candidates
            from paperpal.pipeline import load_document, read_paper

            glossary = load_glossary()
            for paper_id in args.ids:
                read_paper(paper_id, glossary=glossary, use_cache=False)  # fetch, warm imports
                cold = []
                for _ in range(args.runs):
                    start = time.perf_counter()
                    read_paper(paper_id, glossary=glossary, use_cache=False)
                    cold.append(time.perf_counter() - start)
                _, document = load_document(paper_id)
                finder = []
                found = {}
                for _ in range(args.runs):
                    start = time.perf_counter()
                    found = definition_candidates(document)
                    finder.append(time.perf_counter() - start)
                rows.append(
                    {
                        "paper": paper_id,
                        "paragraphs": sum(isinstance(b, Paragraph) for b in document.blocks),
                        "definitions": sum(len(v) for v in found.values()),
                        "report_cold_s": round(statistics.median(cold), 3),
                        "finder_s": round(statistics.median(finder), 4),
                    }
                )
                print(
                    f"{paper_id}: report cold {rows[-1]['report_cold_s']:.3f} s, finder "
                    f"{rows[-1]['finder_s']:.4f} s ({rows[-1]['paragraphs']} paragraphs, "
                    f"{rows[-1]['definitions']} definitions)"
                )
    finally:
        server.stop()
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{args.out}.json").write_text(
        json.dumps(
            {
                "how": f"median of {args.runs} runs per paper; read_paper(use_cache=False) and "
                "definition_candidates(document) alone; a shared, loaded machine",
                "date": time.strftime("%Y-%m-%d"),
                "papers": rows,
            },
            indent=2,
        )
        + "\n"
    )


if __name__ == "__main__":
    main()
