"""Train the definition finder's learned ranker on SymLink and write its weights.

    .venv/bin/python benchmarks/train_definitions.py [--write]

1. Reads SymLink (``../shared/datasets/symlink/train``) and its fixed splits
   (``benchmarks/symlink_data.py``): the model is fitted on the ``train`` papers only (never on
   the old held-out fifth), every choice is made on the inner ``dev`` papers, and the final
   ``test`` papers are not read at all here.
2. Writes the word classes (``paperpal/notation/definitions/lexicon.json``), learned from how
   words are used in the text of the train and dev papers (no labels), which the features use.
3. For every symbol occurrence the rules leave unexplained,
   ``paperpal.notation.definitions.ranker.pairs`` lists its candidate descriptions and their
   features. A candidate is labelled right when it matches one of the symbol's gold ``Direct``
   descriptions by the benchmark's own rule (word-overlap F1 >= 0.5). A symbol the annotators
   linked to nothing, or did not annotate, has no right candidate ("none of them" is right):
   weights ``--bare-weight`` and ``--other-weight`` against 1 for a described symbol. The
   annotation is partial, so the second kind is noisy; without it the model learns that every
   symbol has a description somewhere and names properties and verbs ("$f$ is unknown").
4. Fits a conditional logit (a symbol's candidates compete with "none"), L2-regularised, by
   full-batch Adam from zero for a fixed number of steps: deterministic, no random seed. The
   features are those seen ``MIN_COUNT`` times in ``MIN_PAPERS`` training papers or more.
5. Picks two thresholds on the dev papers (``choose``): ``symlink_threshold``, the lowest score
   at which the combined finder (rules first, the model for the rest) keeps precision_judged
   >= ``--target``; and ``threshold`` (shipped), which also asks the learned definitions to be
   confirmed by the annotation, over all they give, at least as often as the rules' are.

Prints the dev figures per threshold and the train figures (in-sample); ``--write`` stores the
model in ``paperpal/notation/definitions/ranker.json``. Re-running it writes the same files.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import symlink_data as data  # noqa: E402

from paperpal.notation.definitions import lexicon  # noqa: E402
from paperpal.notation.definitions.engine import rule_definitions  # noqa: E402
from paperpal.notation.definitions.lexicon import build_lexicon  # noqa: E402
from paperpal.notation.definitions.ranker import Model, Pair, pairs  # noqa: E402

MODEL_FILE = ROOT / "paperpal" / "notation" / "definitions" / "ranker.json"
LEXICON_FILE = ROOT / "paperpal" / "notation" / "definitions" / "lexicon.json"
MIN_COUNT = 3
MIN_PAPERS = 5
STEPS = 400
L2 = 1e-3
BARE_WEIGHT = 1.0
OTHER_WEIGHT = 2.0
TARGET = 0.87
GRID = [x / 100 for x in range(5, 100, 5)]


@dataclass
class Group:
    """One symbol occurrence: its pairs, labels (None: not judged), and the rules' verdict."""

    paragraph: data.Paragraph
    pairs: list[Pair]
    labels: list[bool]
    kind: str  # gold: it has Direct descriptions | bare: annotated, linked to nothing | other


@dataclass
class Prepared:
    paragraph: data.Paragraph
    rules: list  # the rules' Definitions
    groups: list[Group]


def prepare(paragraphs: list[data.Paragraph]) -> list[Prepared]:
    out = []
    for p in paragraphs:
        rules = rule_definitions(p.text)
        groups = []
        for group in pairs(p.text, rules):
            if not group:
                continue
            start, end = group[0].start, group[0].end
            gold = data.gold_at(p, start, end)
            labels = [False] * len(group)
            kind = "other"
            if gold:
                kind = "gold"
                labels = [
                    any(data.description_matches(pr.description, g) for s in gold for g in s.descriptions)
                    for pr in group
                ]
            elif any(data.symbol_matches(p.text, start, end, a, b) for a, b in p.bare):
                kind = "bare"
            groups.append(Group(p, group, labels, kind))
        out.append(Prepared(p, rules, groups))
    return out


def design(
    prepared: list[Prepared], vocab: dict[str, int], kind_weights: dict[str, float]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The labelled symbols the rules leave unexplained, as sparse rows: feature indices, row
    pointers, labels, the row's symbol (its group) and each group's weight."""
    idx: list[int] = []
    ptr = [0]
    y: list[float] = []
    group: list[int] = []
    weights: list[float] = []
    for prep in prepared:
        for g in prep.groups:
            if not kind_weights[g.kind]:
                continue
            for pr, lab in zip(g.pairs, g.labels, strict=True):
                idx.extend(vocab[f] for f in pr.features if f in vocab)
                ptr.append(len(idx))
                y.append(1.0 if lab else 0.0)
                group.append(len(weights))
            weights.append(kind_weights[g.kind])
    return (
        np.array(idx, dtype=np.int64),
        np.array(ptr, dtype=np.int64),
        np.array(y),
        np.array(group, dtype=np.int64),
        np.array(weights),
    )


def fit(
    idx: np.ndarray,
    ptr: np.ndarray,
    y: np.ndarray,
    group: np.ndarray,
    gw: np.ndarray,
    n_features: int,
    l2: float,
) -> tuple[float, np.ndarray]:
    """A conditional logit: each symbol's candidates compete with "no description here" (score
    0), and the likelihood is the probability given to its right candidates (to "none" when it
    has none). L2-regularised; Adam, full batch, zero start, a fixed number of steps."""
    rows = np.repeat(np.arange(len(y)), np.diff(ptr))
    n_groups = len(gw)
    has_right = np.bincount(group, weights=y, minlength=n_groups) > 0
    theta = np.zeros(n_features + 1)
    m = np.zeros_like(theta)
    v = np.zeros_like(theta)
    lr, b1, b2 = 0.05, 0.9, 0.999
    for step in range(1, STEPS + 1):
        z = theta[-1] + np.bincount(rows, weights=theta[idx], minlength=len(y))
        ez = np.exp(np.clip(z, -30, 30))
        den = 1.0 + np.bincount(group, weights=ez, minlength=n_groups)
        right = np.bincount(group, weights=ez * y, minlength=n_groups)
        target = np.where(has_right[group], ez * y / np.maximum(right[group], 1e-300), 0.0)
        err = (ez / den[group] - target) * gw[group] / gw.sum()
        grad = np.zeros_like(theta)
        grad[:-1] = np.bincount(idx, weights=err[rows], minlength=n_features) + l2 * theta[:-1]
        grad[-1] = err.sum()
        m = b1 * m + (1 - b1) * grad
        v = b2 * v + (1 - b2) * grad * grad
        theta -= lr * (m / (1 - b1**step)) / (np.sqrt(v / (1 - b2**step)) + 1e-8)
    return float(theta[-1]), theta[:-1]


def score_groups(prepared: list[Prepared], model: Model) -> list[list[tuple[float, Pair]]]:
    """For each paragraph, the best (score, pair) of each symbol the rules leave unexplained."""
    out = []
    for prep in prepared:
        best = []
        for g in prep.groups:
            best.append(model.best(g.pairs))
        out.append(best)
    return out


def evaluate(
    prepared: list[Prepared], best: list[list[tuple[float, Pair]]], threshold: float
) -> dict[str, float]:
    """The combined finder's figures, by the benchmark's rules (``symlink_eval.py``)."""
    c: Counter[str] = Counter(
        {f"{h}_{k}": 0 for h in ("learned", "rule") for k in ("judged", "correct", "predicted")}
    )
    for prep, chosen in zip(prepared, best, strict=True):
        p = prep.paragraph
        predictions = [(d.start, d.end, d.description, "rule") for d in prep.rules]
        predictions += [(pr.start, pr.end, pr.description, "learned") for s, pr in chosen if s >= threshold]
        found = set()
        c["gold"] += len(p.gold)
        for start, end, desc, how in predictions:
            c["predicted"] += 1
            c[f"{how}_predicted"] += 1
            gold = data.gold_at(p, start, end)
            ok = any(data.description_matches(desc, g) for s in gold for g in s.descriptions)
            c["judged"] += bool(gold)
            c["correct"] += ok
            c[f"{how}_judged"] += bool(gold)
            c[f"{how}_correct"] += ok
            for s in gold:
                if any(data.description_matches(desc, g) for g in s.descriptions):
                    found.add(s)
        c["found"] += len(found)
    return {
        **c,
        "precision_judged": round(c["correct"] / max(c["judged"], 1), 3),
        "recall": round(c["found"] / max(c["gold"], 1), 3),
        "precision": round(c["correct"] / max(c["predicted"], 1), 3),
        "learned_precision_judged": round(c["learned_correct"] / max(c["learned_judged"], 1), 3),
        "learned_precision": round(c["learned_correct"] / max(c["learned_predicted"], 1), 3),
        "rule_precision": round(c["rule_correct"] / max(c["rule_predicted"], 1), 3),
    }


def write_lexicon(texts: list[str]) -> None:
    """The word classes the features use, from the text of the training and dev papers (no
    labels); written first, since every feature of a pair depends on them."""
    classes: dict[str, list[str]] = {"noun": [], "adj": [], "verb": []}
    for word, cls in build_lexicon(texts).items():
        classes[cls].append(word)
    LEXICON_FILE.write_text(
        json.dumps(
            {
                "note": "Written by benchmarks/train_definitions.py from the text of SymLink's "
                "training and development papers (see paperpal/notation/definitions/lexicon.py).",
                "classes": classes,
            },
            indent=0,
        )
        + "\n"
    )
    lexicon._lexicon.cache_clear()


def vocabulary(prepared: list[Prepared], kind_weights: dict[str, float]) -> list[str]:
    """The features seen at least MIN_COUNT times, in at least MIN_PAPERS training papers (the
    final test is by paper: a feature only one paper uses is that paper's, not the language's)."""
    counts: Counter[str] = Counter()
    papers: dict[str, set[str]] = {}
    for prep in prepared:
        for g in prep.groups:
            if not kind_weights[g.kind]:
                continue
            for pr in g.pairs:
                for f in pr.features:
                    counts[f] += 1
                    papers.setdefault(f, set()).add(prep.paragraph.paper)
    return sorted(f for f, n in counts.items() if n >= MIN_COUNT and len(papers[f]) >= MIN_PAPERS)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--target", type=float, default=TARGET)
    parser.add_argument("--bare-weight", type=float, default=BARE_WEIGHT)
    parser.add_argument("--other-weight", type=float, default=OTHER_WEIGHT)
    parser.add_argument("--l2", type=float, default=L2)
    args = parser.parse_args()
    started = time.perf_counter()
    paragraphs = data.load()
    write_lexicon([p.text for p in paragraphs if p.splits & {"train", "dev"}])
    train = prepare([p for p in paragraphs if "train" in p.splits])
    dev = prepare([p for p in paragraphs if "dev" in p.splits])
    kind_weights = {"gold": 1.0, "bare": args.bare_weight, "other": args.other_weight}
    names = vocabulary(train, kind_weights)
    vocab = {f: i for i, f in enumerate(names)}
    idx, ptr, y, group, gw = design(train, vocab, kind_weights)
    print(
        f"{len(gw)} symbols, {len(y)} candidate pairs ({int(y.sum())} right), {len(names)} features; "
        f"{time.perf_counter() - started:.1f} s"
    )
    bias, theta = fit(idx, ptr, y, group, gw, len(names), args.l2)
    weights = {f: round(float(theta[i]), 4) for f, i in vocab.items() if abs(theta[i]) >= 5e-3}
    model = Model(round(bias, 4), weights, 1.0)
    best_dev = score_groups(dev, model)
    rules_only = evaluate(dev, best_dev, 2.0)
    rows = {"rules only": rules_only}
    for t in GRID:
        rows[f"t={t:.2f}"] = evaluate(dev, best_dev, t)
    symlink_threshold, threshold = choose(rows, rules_only, args.target)
    print("dev papers (inner development split):")
    for name, r in rows.items():
        mark = "   <- threshold (shipped)" if name == f"t={threshold:.2f}" else ""
        mark += "   <- SymLink threshold" if name == f"t={symlink_threshold:.2f}" else ""
        print(
            f"  {name:10} precision_judged {r['precision_judged']:.3f}  recall {r['recall']:.3f}  "
            f"precision {r['precision']:.3f}  learned {r['learned_correct']}/{r['learned_judged']} judged, "
            f"{r['learned_precision']:.3f} of all {r['learned_predicted']}{mark}"
        )
    for name, t in (("threshold", threshold), ("SymLink threshold", symlink_threshold)):
        r = evaluate(train, score_groups(train, model), t)
        print(
            f"train papers (fitted on; in-sample) at the {name}: precision_judged "
            f"{r['precision_judged']:.3f}  recall {r['recall']:.3f}"
        )
    print(f"{time.perf_counter() - started:.1f} s")
    if args.write:
        MODEL_FILE.write_text(
            json.dumps(
                {
                    "note": (
                        "Written by benchmarks/train_definitions.py from SymLink's training papers "
                        f"({len(gw)} symbols, {len(y)} candidate pairs); do not edit by hand. "
                        "threshold: the lowest score at which, on the dev papers, precision_judged "
                        f">= {args.target} and the learned definitions are confirmed by the "
                        "annotation at least as often, over all they give, as the rules' are. "
                        "symlink_threshold: the lowest score at which precision_judged >= "
                        f"{args.target} alone (reported by benchmarks/symlink_eval.py, not used)."
                    ),
                    "threshold": threshold,
                    "symlink_threshold": symlink_threshold,
                    "bias": model.bias,
                    "weights": dict(sorted(weights.items())),
                },
                indent=0,
            )
            + "\n"
        )


def choose(
    rows: dict[str, dict[str, float]], rules_only: dict[str, float], target: float
) -> tuple[float, float]:
    """(SymLink threshold, shipped threshold) from the dev figures.

    SymLink's annotation is partial: precision_judged only sees symbols the annotators
    described, and a learned definition of a symbol they left alone goes unchecked. The
    shipped threshold also asks that the learned definitions be confirmed, over all they give,
    at least as often as the rules' are (``learned_precision >= rule_precision``): the learned
    half then fires on unannotated symbols no more than the rules do.
    """
    symlink = shipped = 1.0
    for t in sorted(GRID, reverse=True):  # the lowest threshold that meets each condition
        r = rows[f"t={t:.2f}"]
        if r["precision_judged"] < target:
            continue
        symlink = t
        if r["learned_predicted"] == 0 or r["learned_precision"] >= rules_only["rule_precision"]:
            shipped = t
    return symlink, shipped


if __name__ == "__main__":
    main()
