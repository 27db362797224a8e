r"""How often the definition finder's descriptions are right on real ML papers, per pattern.

    .venv/bin/python benchmarks/definitions_corpus.py [--verbose] [--out NAME]

SymLink's annotation is partial, so its precision only counts symbols the annotators described.
This measures the finder on the 12 hand-annotated corpus papers instead
(``../shared/datasets/meanings/dev.json``): every Definition ``definition_candidates`` gives
(what the decoder receives) whose symbol maps to an annotated entry, by the scorer's own rule
(``../shared/tools/score_meanings.py``: same base letter and accent, the entry's ``sub`` in the
LaTeX), is right when its description contains one of the entry's keywords (with the synonyms
of ``benchmarks/meanings_synonyms.json``). Definitions of symbols the annotation does not cover
are counted as unjudged, and so are definitions of a whole formula ("the elementwise square
$g_t \odot g_t$": the annotation is per symbol).

Prints judged / right / precision per pattern (verb, table, denoted, apposition, learned) and
writes ``benchmarks/results/<NAME>.json`` (default ``definitions_corpus``).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_meanings import SHARED, _scorer, truth_with_synonyms  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"


def entry_for(latex: str, entries: list[dict], base) -> dict | None:  # noqa: ANN001
    """The annotated entry a symbol's LaTeX maps to, as the scorer maps report symbols."""
    best, best_len = None, -1
    for entry in entries:
        if base(entry["latex"]) != base(latex):
            continue
        sub = entry.get("sub") or ""
        if sub and sub not in latex:
            continue
        if len(sub) > best_len:
            best, best_len = entry, len(sub)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--verbose", action="store_true", help="list every judged definition")
    parser.add_argument("--out", default="definitions_corpus")
    args = parser.parse_args()
    base = _scorer().base
    with tempfile.TemporaryDirectory() as tmp:
        truth_path, _ = truth_with_synonyms(Path(tmp) / "truth.json")
        truth = json.loads(truth_path.read_text(encoding="utf-8"))["papers"]
    from fake_arxiv import FakeArxiv  # type: ignore[import-not-found]

    server = FakeArxiv(SHARED / "corpus").start()
    counts: dict[str, Counter[str]] = {}
    rows = []
    try:
        with tempfile.TemporaryDirectory() as home:
            os.environ.update(PAPERPAL_HOME=home, PAPERPAL_ARXIV_URL=server.url, PAPERPAL_ARXIV_INTERVAL="0")
            from paperpal.notation.definitions import definition_candidates
            from paperpal.notation.definitions.formulas import defined_symbol
            from paperpal.pipeline import load_document

            for paper_id, paper in truth.items():
                _, document = load_document(paper_id)
                for defs in definition_candidates(document).values():
                    for d in defs:
                        c = counts.setdefault(d.pattern, Counter())
                        c["found"] += 1
                        if defined_symbol(d.symbol) is None:
                            c["formulas"] += 1  # a whole formula ("$g_t \odot g_t$"): no entry is about it
                            continue
                        entry = entry_for(d.symbol, paper["symbols"], base)
                        if entry is None:
                            continue
                        right = any(k.lower() in d.description.lower() for k in entry["keywords"])
                        c["judged"] += 1
                        c["right"] += right
                        rows.append(
                            {
                                "paper": paper_id,
                                "symbol": d.symbol,
                                "pattern": d.pattern,
                                "confidence": d.confidence,
                                "description": d.description,
                                "truth": entry["meaning"],
                                "right": right,
                            }
                        )
    finally:
        server.stop()
    total: Counter[str] = Counter()
    summary = {}
    for pattern, c in sorted(counts.items()):
        total.update(c)
        summary[pattern] = {**c, "precision": round(c["right"] / max(c["judged"], 1), 3)}
        print(
            f"{pattern:10} found {c['found']:4}  judged {c['judged']:3}  right {c['right']:3}  "
            f"precision {summary[pattern]['precision']:.3f}"
        )
    summary["all"] = {**total, "precision": round(total["right"] / max(total["judged"], 1), 3)}
    print(
        f"{'all':10} found {total['found']:4}  judged {total['judged']:3}  right {total['right']:3}  "
        f"precision {summary['all']['precision']:.3f}"
    )
    if args.verbose:
        for r in rows:
            if r["pattern"] == "learned" or not r["right"]:
                mark = "ok " if r["right"] else "BAD"
                print(
                    f"  {mark} {r['paper']} {r['pattern']:10} {r['symbol']}: {r['description']!r} | {r['truth']}"
                )
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{args.out}.json").write_text(
        json.dumps(
            {
                "how": "definition_candidates on the 12 annotated corpus papers; a definition is "
                "judged when its symbol maps to an annotated entry (the scorer's rule) and right "
                "when its description contains one of the entry's keywords",
                "patterns": summary,
                "definitions": rows,
            },
            indent=1,
            ensure_ascii=False,
        )
        + "\n"
    )


if __name__ == "__main__":
    main()
