"""Fit the confidence model of symbol meanings and set the threshold for stating one as fact.

    .venv/bin/python benchmarks/calibrate_meanings.py [--write] [--target 0.95]

1. Reads the 12 annotated corpus papers (``../shared/datasets/meanings/dev.json``) the way a
   user does, through a fake arXiv, and records every candidate meaning paperpal considered for
   every symbol (the paper's sentences, the glossary sense, the convention) with its features.
2. Labels each candidate of an annotated symbol right or wrong with the scorer's own rules
   (``../shared/tools/score_meanings.py``: a keyword of the entry in the meaning), using the
   synonyms recorded in ``benchmarks/meanings_synonyms.json``.
3. Fits one L2-regularised logistic model per source (paper, glossary) on those labels. The
   honest estimate is leave-one-paper-out: each paper is scored by a model fitted on the other
   eleven, so no paper grades itself.
4. Sets the threshold: the lowest confidence at which the meanings stated as fact are right at
   least ``--target`` of the time in the leave-one-paper-out predictions (the estimate for papers
   the model has not seen), and reports the development-set fit beside it.

Prints the cross-validated right / wrong / unexplained that the threshold gives, and with
``--write`` stores the model fitted on all twelve papers in ``paperpal/notation/claim_model.json``
and the figures in ``benchmarks/results/calibration.json``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_meanings import SHARED, _scorer, truth_with_synonyms  # noqa: E402

MODEL = ROOT / "paperpal" / "notation" / "claim_model.json"
RESULTS = ROOT / "benchmarks" / "results" / "calibration.json"
from paperpal.notation.meanings import GENERIC_CONFIDENCE, HEDGE_CONFIDENCE, says_the_same  # noqa: E402

L2 = 1.0
MIN_SHOWN = 20  # below this many meanings shown, a precision figure is noise  # ridge strength: a dozen features, a few hundred labelled candidates


def collect(ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Every candidate meaning of every symbol, per paper, as ``decode`` saw it."""
    from fake_arxiv import FakeArxiv  # type: ignore[import-not-found]

    server = FakeArxiv(SHARED / "corpus").start()
    traces: dict[str, list[dict[str, Any]]] = {}
    try:
        with tempfile.TemporaryDirectory() as home:
            os.environ.update(PAPERPAL_HOME=home, PAPERPAL_ARXIV_URL=server.url, PAPERPAL_ARXIV_INTERVAL="0")
            from paperpal.glossary.loader import load_glossary
            from paperpal.linking import find_terms
            from paperpal.notation.decode import decode
            from paperpal.pipeline import load_document, paper_context

            glossary = load_glossary(None)
            for paper_id in ids:
                files, document = load_document(paper_id)
                terms = find_terms(document, glossary)
                trace: list[dict[str, Any]] = []
                decode(document, glossary, context=paper_context(files.meta, terms), trace=trace)
                traces[paper_id] = trace
    finally:
        server.stop()
    return traces


def label(traces: dict[str, list[dict[str, Any]]], truth: dict[str, Any]) -> list[dict[str, Any]]:
    """The candidates that belong to an annotated symbol, with ``entry`` and ``right`` set."""
    scorer = _scorer()
    rows = []
    for pid, trace in traces.items():
        entries = truth[pid]["symbols"]
        for cand in trace:
            forms = [cand["key"], *cand["forms"]]
            best, blen = None, -1
            for i, entry in enumerate(entries):
                tb = scorer.base(entry["latex"])
                if not any(scorer.base(x) == tb for x in forms):
                    continue
                sub = entry.get("sub") or ""
                if sub and not any(sub in x for x in forms):
                    continue
                if len(sub) > blen:
                    best, blen = i, len(sub)
            if best is None or cand.get("hedge") or cand.get("generic"):
                continue  # never stated as fact: nothing to learn from it
            keywords = [k.lower() for k in entries[best]["keywords"]]
            rows.append(
                {
                    **cand,
                    "paper": pid,
                    "entry": best,
                    "right": any(k in cand["meaning"].lower() for k in keywords),
                }
            )
    return rows


def fit(rows: list[dict[str, Any]], names: list[str]) -> np.ndarray:
    """Logistic regression weights (bias first) by Newton's method with an L2 penalty."""
    x = np.array([[1.0] + [r["features"].get(n, 0.0) for n in names] for r in rows])
    y = np.array([1.0 if r["right"] else 0.0 for r in rows])
    w = np.zeros(x.shape[1])
    penalty = np.eye(x.shape[1]) * L2
    penalty[0, 0] = 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-np.clip(x @ w, -30, 30)))
        grad = x.T @ (p - y) + penalty @ w
        hess = x.T @ (x * (p * (1 - p))[:, None]) + penalty + 1e-9 * np.eye(len(w))
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def predict(w: np.ndarray, names: list[str], features: dict[str, float]) -> float:
    z = w[0] + sum(w[i + 1] * features.get(n, 0.0) for i, n in enumerate(names))
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))


def feature_names(rows: list[dict[str, Any]], source: str) -> list[str]:
    return sorted({n for r in rows if r["source"] == source for n in r["features"]})


def cross_validated(rows: list[dict[str, Any]], all_candidates: dict[str, list[dict[str, Any]]]) -> None:
    """Set ``cv`` on every candidate: its confidence from a model that never saw its paper."""
    papers = sorted(all_candidates)
    for source in ("paper", "glossary"):
        names = feature_names(rows, source)
        for pid in papers:
            train = [r for r in rows if r["source"] == source and r["paper"] != pid]
            if not train:
                continue
            w = fit(train, names)
            for cand in all_candidates[pid]:
                if cand["source"] == source:
                    cand["cv"] = predict(w, names, cand["features"])
    for pid in papers:
        for cand in all_candidates[pid]:
            cand.setdefault("cv", 0.0)
            if cand.get("hedge"):
                cand["cv"] = min(cand["cv"], HEDGE_CONFIDENCE)
            elif cand.get("generic"):
                cand["cv"] = min(cand["cv"], GENERIC_CONFIDENCE)


def outcome(
    all_candidates: dict[str, list[dict[str, Any]]], truth: dict[str, Any], t: float, key: str
) -> dict[str, Any]:
    """right / wrong / unexplained per the scorer, showing per symbol the most confident
    candidate (by ``key``) as fact when it reaches ``t``."""
    totals = {"right": 0, "wrong": 0, "unexplained": 0}
    per_paper = {}
    priority = {"paper": 2, "glossary": 1, "convention": 0}
    for pid, cands in all_candidates.items():
        by_symbol: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for c in cands:
            by_symbol[c["key"]].append(c)
        shown: dict[int, list[bool]] = defaultdict(list)  # entry -> right? of each shown symbol
        for group in by_symbol.values():
            best = max(group, key=lambda c: (c[key], priority[c["source"]]))
            confident = best[key] >= t
            if best["source"] == "glossary":
                # as meanings.choose does: the paper's agreeing words are shown instead
                agreeing = [
                    c
                    for c in group
                    if c["source"] == "paper" and says_the_same(c["meaning"], best["meaning"])
                ]
                if agreeing:
                    best = max(agreeing, key=lambda c: c[key])
            if confident and best.get("entry") is not None:
                shown[best["entry"]].append(best["right"])
        counts = {"right": 0, "wrong": 0, "unexplained": 0}
        for i in range(len(truth[pid]["symbols"])):
            verdicts = shown.get(i, [])
            verdict = "unexplained" if not verdicts else "right" if all(verdicts) else "wrong"
            counts[verdict] += 1
        per_paper[pid] = counts
        for k in totals:
            totals[k] += counts[k]
    n = sum(totals.values())
    shown_n = totals["right"] + totals["wrong"]
    return {
        **totals,
        "symbols": n,
        "precision": round(totals["right"] / shown_n, 3) if shown_n else 1.0,
        "per_paper": per_paper,
    }


def attach(all_candidates: dict[str, list[dict[str, Any]]], rows: list[dict[str, Any]]) -> None:
    for cands in all_candidates.values():
        for c in cands:
            c["entry"] = None
            c["right"] = False
    index = {(r["paper"], r["key"], r["source"], r["meaning"]): r for r in rows}
    for pid, cands in all_candidates.items():
        for c in cands:
            r = index.get((pid, c["key"], c["source"], c["meaning"]))
            if r is not None:
                c["entry"], c["right"] = r["entry"], r["right"]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--write", action="store_true", help="store the fitted model and the figures")
    parser.add_argument("--target", type=float, default=0.95, help="precision of meanings stated as fact")
    parser.add_argument("--dump", type=Path, help="write every candidate with its label and confidence here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        truth_path, _ = truth_with_synonyms(Path(tmp) / "dev.json")
        truth = json.loads(truth_path.read_text(encoding="utf-8"))["papers"]
    started = time.perf_counter()
    traces = collect(list(truth))
    rows = label(traces, truth)
    attach(traces, rows)
    cross_validated(rows, traces)
    # The model fitted on all twelve papers, applied to them: what the shipped model does on
    # the development set ("fit"); the leave-one-paper-out figures ("cv") are the estimate for
    # papers it has not seen.
    final: dict[str, tuple[np.ndarray, list[str]]] = {}
    for source in ("paper", "glossary"):
        names = feature_names(rows, source)
        final[source] = (fit([r for r in rows if r["source"] == source], names), names)
    for cands in traces.values():
        for c in cands:
            w, names = final.get(c["source"], (None, []))
            c["fit"] = predict(w, names, c["features"]) if w is not None else 0.0
            if c.get("hedge"):
                c["fit"] = min(c["fit"], HEDGE_CONFIDENCE)
            elif c.get("generic"):
                c["fit"] = min(c["fit"], GENERIC_CONFIDENCE)
    grid = [round(x, 2) for x in np.arange(0.3, 0.99, 0.01)]
    fitted = {t: outcome(traces, truth, t, "fit") for t in grid}
    results = {t: outcome(traces, truth, t, "cv") for t in grid}
    if args.dump:
        args.dump.write_text(json.dumps(traces, indent=1, ensure_ascii=False), encoding="utf-8")

    # The threshold: the lowest t at which the meanings shown as fact are right at least
    # ``--target`` of the time on papers the model has not seen (the leave-one-paper-out
    # predictions), with at least MIN_SHOWN of them shown (above a few dozen meanings a
    # precision figure moves by whole points per meaning). The development-set fit is higher
    # and reported beside it; the threshold is not chosen on it.
    def shown(t: float) -> int:
        return results[t]["right"] + results[t]["wrong"]

    ok = [t for t in grid if shown(t) >= MIN_SHOWN and results[t]["precision"] >= args.target]
    chosen = min(ok) if ok else grid[-1]
    print(
        f"{len(rows)} labelled candidates ({sum(r['right'] for r in rows)} right) from {len(traces)} papers"
    )
    print("          development set (fit)                 leave-one-paper-out (cv)")
    for t in sorted(set(grid[::5] + [chosen])):
        r, c = fitted[t], results[t]
        print(
            f"t={t:.2f}  right {r['right']:3d} wrong {r['wrong']:3d} precision {r['precision']:.3f}"
            f"   right {c['right']:3d} wrong {c['wrong']:3d} precision {c['precision']:.3f}"
            + ("   <- chosen" if t == chosen else "")
        )
    model: dict[str, Any] = {"note": "", "threshold": chosen, "weights": {}}
    for source in ("paper", "glossary"):
        w, names = final[source]
        model["weights"][source] = {
            "bias": round(float(w[0]), 4),
            **{n: round(float(w[i + 1]), 4) for i, n in enumerate(names)},
        }
        print(source, {k: v for k, v in model["weights"][source].items()})
    model["weights"]["convention"] = {"bias": -1.5}
    model["note"] = (
        "Written by benchmarks/calibrate_meanings.py from ../shared/datasets/meanings/dev.json "
        f"({len(rows)} labelled candidates of 12 papers); do not edit by hand. Threshold: the lowest "
        f"confidence at which the leave-one-paper-out precision of stated meanings is >= {args.target} "
        f"({results[chosen]['precision']}); on the development set itself: {fitted[chosen]['precision']}."
    )
    cv, dev = results[chosen], fitted[chosen]
    print(
        f"development set at {chosen}: right {dev['right']}/{dev['symbols']}, wrong {dev['wrong']}, precision {dev['precision']}"
    )
    print(
        f"leave-one-paper-out at {chosen}: right {cv['right']}/{cv['symbols']}, wrong {cv['wrong']}, precision {cv['precision']}"
    )
    if args.write:
        MODEL.write_text(json.dumps(model, indent=2) + "\n", encoding="utf-8")
        RESULTS.write_text(
            json.dumps(
                {
                    "command": "python benchmarks/calibrate_meanings.py --write",
                    "date": time.strftime("%Y-%m-%d"),
                    "labelled_candidates": len(rows),
                    "target_precision": args.target,
                    "threshold": chosen,
                    "development_set": dev,
                    "leave_one_paper_out": cv,
                    "seconds": round(time.perf_counter() - started, 1),
                },
                indent=2,
            )
            + "\n",
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
