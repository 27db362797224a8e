"""How often a symbol meaning paperpal shows as fact is right, on hand-annotated papers.

    .venv/bin/python benchmarks/bench_meanings.py [--keep DIR] [--claims] [--verbose] [IDS...]

Reads the 12 annotated corpus papers the way a user does (``paperpal show ID --json`` through a
fake arXiv on 127.0.0.1 serving ../shared/corpus, so each paper has its arXiv categories), then
scores the reports with ``../shared/tools/score_meanings.py`` against
``../shared/datasets/meanings/dev.json``: right / wrong / unexplained per paper, and key terms.

The annotation's keywords are not exhaustive. Where paperpal's wording is right but misses every
keyword, a synonym is added in ``benchmarks/meanings_synonyms.json`` (never a keyword removed);
the scorer runs on a copy of dev.json with those added, and the results file lists them.

``--claims`` also writes every shown meaning that maps to an annotated symbol, with its source,
confidence and verdict, to ``benchmarks/results/meanings_claims.json``: the data the certainty
threshold (``paperpal/notation/claims.py``) is calibrated on.

Results: ``benchmarks/results/meanings.json``.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
SHARED = Path(os.environ.get("PAPERPAL_SHARED", ROOT.parent / "shared"))
TRUTH = SHARED / "datasets" / "meanings" / "dev.json"
SCORER = SHARED / "tools" / "score_meanings.py"
SYNONYMS = ROOT / "benchmarks" / "meanings_synonyms.json"
RESULTS = ROOT / "benchmarks" / "results"


def _scorer() -> Any:
    spec = importlib.util.spec_from_file_location("score_meanings", SCORER)
    assert spec and spec.loader, f"cannot load {SCORER}"
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def truth_with_synonyms(dest: Path) -> tuple[Path, list[dict[str, Any]]]:
    """dev.json with the recorded synonyms added to their entries' keywords."""
    truth = json.loads(TRUTH.read_text(encoding="utf-8"))
    added: list[dict[str, Any]] = []
    if SYNONYMS.is_file():
        for row in json.loads(SYNONYMS.read_text(encoding="utf-8"))["synonyms"]:
            for entry in truth["papers"][row["paper"]]["symbols"]:
                if entry["latex"] == row["latex"]:
                    new = [k for k in row["add"] if k not in entry["keywords"]]
                    entry["keywords"].extend(new)
                    added.append({**row, "add": new})
                    break
            else:
                raise SystemExit(f"synonym for an unknown entry: {row}")
    dest.write_text(json.dumps(truth), encoding="utf-8")
    return dest, added


def write_reports(ids: list[str], out: Path) -> dict[str, float]:
    from fake_arxiv import FakeArxiv  # type: ignore[import-not-found]

    server = FakeArxiv(SHARED / "corpus").start()
    seconds: dict[str, float] = {}
    try:
        with tempfile.TemporaryDirectory() as home:
            os.environ.update(PAPERPAL_HOME=home, PAPERPAL_ARXIV_URL=server.url, PAPERPAL_ARXIV_INTERVAL="0")
            from paperpal.glossary.loader import load_glossary
            from paperpal.pipeline import read_paper
            from paperpal.report import report_to_dict

            glossary = load_glossary(None)
            for paper_id in ids:
                start = time.perf_counter()
                report = read_paper(paper_id, glossary=glossary, use_cache=False)
                seconds[paper_id] = round(time.perf_counter() - start, 2)
                data = report_to_dict(report)
                (out / f"{paper_id}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    finally:
        server.stop()
    return seconds


def score(truth: Path, out: Path, verbose: bool) -> tuple[str, dict[str, Any]]:
    scorer = _scorer()
    argv = sys.argv
    sys.argv = ["score_meanings.py", str(truth), str(out)] + (["--verbose"] if verbose else [])
    buffer = io.StringIO()
    try:
        with contextlib.redirect_stdout(buffer):
            tot, n = scorer.main()
    finally:
        sys.argv = argv
    text = buffer.getvalue()
    per_paper: dict[str, Any] = {}
    key_terms = ""
    for line in text.splitlines():
        if line.startswith("key terms explained:"):
            key_terms = line.split(":", 1)[1].strip()
        elif ": right " in line and not line.startswith((" ", "meanings:")):
            pid, rest = line.split(": right ", 1)
            right, _, rest = rest.partition("/")
            total, _, rest = rest.partition("  wrong ")
            wrong, _, unexplained = rest.partition("  unexplained ")
            per_paper[pid] = {
                "right": int(right),
                "total": int(total),
                "wrong": int(wrong),
                "unexplained": int(unexplained),
            }
    summary = {
        "right": tot["right"],
        "wrong": tot["wrong"],
        "unexplained": tot["unexplained"],
        "symbols": n,
        "right_share": round(tot["right"] / n, 3),
        "wrong_share": round(tot["wrong"] / n, 3),
        "key_terms": key_terms,
        "per_paper": per_paper,
    }
    return text, summary


def claims(truth_path: Path, out: Path) -> list[dict[str, Any]]:
    """Every shown meaning that maps to an annotated symbol, with its verdict (the scorer's rules)."""
    scorer = _scorer()
    truth = json.loads(truth_path.read_text(encoding="utf-8"))["papers"]
    rows: list[dict[str, Any]] = []
    for pid, paper in truth.items():
        path = out / f"{pid}.json"
        if not path.is_file():
            continue
        report = json.loads(path.read_text(encoding="utf-8"))
        for sym in report.get("symbols", []):
            forms = [sym.get("latex", "")] + list(sym.get("forms") or [])
            best, blen = None, -1
            for i, entry in enumerate(paper["symbols"]):
                tb = scorer.base(entry["latex"])
                if not any(scorer.base(x) == tb for x in forms):
                    continue
                sub = entry.get("sub") or ""
                if sub and not any(sub in x for x in forms):
                    continue
                if len(sub) > blen:
                    best, blen = i, len(sub)
            if best is None or not (sym.get("meaning") or "").strip():
                continue
            entry = paper["symbols"][best]
            keywords = [k.lower() for k in entry["keywords"]]
            meaning = sym["meaning"] or ""
            rows.append(
                {
                    "paper": pid,
                    "truth": entry["latex"],
                    "symbol": sym["latex"],
                    "meaning": meaning[:120],
                    "source": sym.get("source"),
                    "confidence": sym.get("confidence"),
                    "certain": sym.get("certain"),
                    "features": sym.get("claim_features"),
                    "right": any(k in meaning.lower() for k in keywords),
                    "hedged": bool(scorer.hedged(sym)),
                }
            )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("ids", nargs="*")
    parser.add_argument("--keep", type=Path, help="write the reports to this folder and keep them")
    parser.add_argument("--claims", action="store_true", help="write the per-claim calibration data")
    parser.add_argument("--verbose", action="store_true", help="print every miss")
    args = parser.parse_args()
    truth_all = json.loads(TRUTH.read_text(encoding="utf-8"))["papers"]
    ids = args.ids or list(truth_all)
    with tempfile.TemporaryDirectory() as tmp:
        out = args.keep or Path(tmp) / "reports"
        out.mkdir(parents=True, exist_ok=True)
        truth, added = truth_with_synonyms(Path(tmp) / "dev-with-synonyms.json")
        seconds = write_reports(ids, out)
        text, summary = score(truth, out, args.verbose)
        print(text, end="")
        rows = claims(truth, out)
        by_source: dict[str, dict[str, int]] = {}
        for row in rows:
            if row["certain"]:
                counts = by_source.setdefault(row["source"], {"right": 0, "wrong": 0})
                counts["right" if row["right"] else "wrong"] += 1
        summary["stated_by_source"] = by_source
        print("meanings stated as fact, by source:", by_source)
        if args.claims:
            (RESULTS / "meanings_claims.json").write_text(
                json.dumps(rows, indent=1, ensure_ascii=False) + "\n"
            )
            print(f"{len(rows)} claims written to benchmarks/results/meanings_claims.json")
    if args.ids:
        return  # a partial run is for looking, not for the record
    summary.update(
        {
            "command": "python benchmarks/bench_meanings.py",
            "truth": "../shared/datasets/meanings/dev.json + benchmarks/meanings_synonyms.json",
            "synonyms_added": added,
            "report_seconds": seconds,
            "date": time.strftime("%Y-%m-%d"),
        }
    )
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "meanings.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
