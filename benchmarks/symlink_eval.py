"""Precision and recall of paperpal's definition finder on SymLink ``Direct`` links.

Run: ``.venv/bin/python benchmarks/symlink_eval.py [--final] [path/to/symlink/train]``. Prints
the numbers and, with ``--final``, writes ``benchmarks/results/symlink.json``.

Data: SemEval-2022 Task 12 (SymLink) training paragraphs, ``../shared/datasets/symlink/train``.
Each ``Direct`` relation links a SYMBOL span to a PRIMARY description span.

Splits (``benchmarks/symlink_data.py``; fixed before the learned ranker was built):
- ``test``: whole papers, 15% of each field's paragraphs, picked by ``sha256("symlink-test:" +
  paper)``; no paper is on both sides. The final figure. Nothing was tuned on it, and its
  predictions were looked at once, for the final report (``--final``; without it the test
  papers, and the old fifth that shares paragraphs with them, are not scored at all).
- ``dev``: whole papers picked the same way with the salt ``symlink-dev:``: the inner
  development split every choice of the learned ranker was made on (features, weights of the
  negatives, threshold).
- ``train``: the other papers minus the old fifth's paragraphs; the ranker is fitted on them,
  so its figures there are in-sample.
- ``fifth``: the "old held-out fifth (used during earlier tuning)", ``crc32(paragraph id) % 5
  == 0``. The rules were reported on it after every tuning round, so it is a development set,
  not a test; it cuts across papers (it has paragraphs of test, dev and train papers). The
  ranker is never fitted on it. Kept for comparison with the figures quoted before.

Each split is scored three ways: ``shipped`` (``find_definitions`` as paperpal runs it: the
rules, then the learned ranker at its threshold), ``rules`` (the rules alone), and ``symlink``
(the ranker at ``symlink_threshold``, the lowest threshold at which dev precision_judged is
>= 0.87; not shipped, because on symbols SymLink leaves unannotated its extra definitions are
mostly wrong; see ``paperpal/notation/definitions/ranker.py``).

Matching rule (documented in the results file):
- symbol: a predicted symbol matches a gold SYMBOL span when the two spans overlap and start at
  the same character once leading spaces are skipped;
- description: word overlap, lower-cased, ignoring "a", "an", "the" and punctuation, as an F1
  score (2 * shared / (predicted words + gold words)) of at least 0.5, the usual span-overlap
  rule. The stricter rule (shared words at least half of *each* side) is reported too, as
  ``strict``: it rejects a full description ("the set of vertices in G of degree at most l")
  when the annotators marked only its head ("the set of vertices");
- a prediction is correct when its symbol matches a gold symbol and its description matches
  any of that symbol's Direct descriptions;
- the annotation is partial: many symbols are marked with no Direct description even where the
  paragraph states one ("wherein $K$ is the complete elliptic integral of the first kind" has no
  link). So two precisions are reported: ``precision`` counts every prediction (a lower bound),
  ``precision_judged`` only predictions on symbols that have a gold Direct description (the
  gold can say whether they are right);
- recall is per gold symbol: a gold symbol with at least one Direct description is found when
  some correct prediction matches it.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import symlink_data as data  # noqa: E402

from paperpal.notation.definitions import Definition, find_definitions  # noqa: E402
from paperpal.notation.definitions.engine import rule_definitions  # noqa: E402
from paperpal.notation.definitions.ranker import learned_definitions, model  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "symlink.json"
SPLITS = ("test", "dev", "train", "fifth")
LABELS = {
    "test": "test papers (final, untouched)",
    "dev": "dev papers (inner development split)",
    "train": "train papers (the ranker's training data)",
    "fifth": "old held-out fifth (used during earlier tuning)",
}


def symlink_finder(text: str) -> list[Definition]:
    """The rules, then the ranker at its SymLink-only threshold (not what paperpal ships)."""
    rules = rule_definitions(text)
    if "$" not in text:
        return rules
    loose = replace(model(), threshold=model().symlink_threshold)
    return sorted(rules + learned_definitions(text, rules, loose), key=lambda d: d.start)


FINDERS: dict[str, Callable[[str], list[Definition]]] = {
    "shipped": find_definitions,
    "rules": rule_definitions,
    "symlink": symlink_finder,
}


def evaluate(
    paragraphs: list[data.Paragraph], splits: tuple[str, ...], finder: Callable[[str], list[Definition]]
) -> dict[str, dict[str, dict[str, float]]]:
    """Per split, loose and strict figures, and the learned definitions' share."""
    keys = ("predicted", "correct", "judged", "gold", "found")
    counts = {s: {m: dict.fromkeys(keys, 0) for m in ("loose", "strict")} for s in splits}
    learned = {s: dict.fromkeys(("predicted", "judged", "correct"), 0) for s in splits}
    for p in paragraphs:
        members = [s for s in splits if s in p.splits]
        if not members:
            continue
        predictions = finder(p.text)
        for mode in ("loose", "strict"):
            strict = mode == "strict"
            found: set[data.GoldSymbol] = set()
            c = dict.fromkeys(keys, 0)
            c["gold"] = len(p.gold)
            for d in predictions:
                c["predicted"] += 1
                gold = data.gold_at(p, d.start, d.end)
                c["judged"] += bool(gold)
                right = [
                    g
                    for g in gold
                    if any(data.description_matches(d.description, x, strict=strict) for x in g.descriptions)
                ]
                c["correct"] += bool(right)
                found.update(right)
                if not strict and d.pattern == "learned":
                    for s in members:
                        learned[s]["predicted"] += 1
                        learned[s]["judged"] += bool(gold)
                        learned[s]["correct"] += bool(right)
            c["found"] = len(found)
            for s in members:
                for k in keys:
                    counts[s][mode][k] += c[k]
    out: dict[str, dict[str, dict[str, float]]] = {}
    for s in splits:
        out[s] = {}
        for mode, c in counts[s].items():
            out[s][mode] = {
                **c,
                "precision": round(c["correct"] / max(c["predicted"], 1), 3),
                "precision_judged": round(c["correct"] / max(c["judged"], 1), 3),
                "recall": round(c["found"] / max(c["gold"], 1), 3),
            }
        out[s]["learned"] = dict(learned[s])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("data", nargs="?", type=Path, default=data.DEFAULT_DATA)
    parser.add_argument(
        "--final",
        action="store_true",
        help="also score the test papers and the old fifth, and write the results",
    )
    args = parser.parse_args()
    splits = SPLITS if args.final else ("dev", "train")
    started = time.perf_counter()
    paragraphs = data.load(args.data)
    results = {name: evaluate(paragraphs, splits, finder) for name, finder in FINDERS.items()}
    seconds = time.perf_counter() - started
    for split in splits:
        print(LABELS[split])
        for name, per in results.items():
            for mode in ("loose", "strict"):
                r = per[split][mode]
                print(
                    f"  {name:8} {mode:6} predicted {r['predicted']:5}  precision {r['precision']:.3f}  "
                    f"precision_judged {r['precision_judged']:.3f}  gold {r['gold']:5}  recall {r['recall']:.3f}"
                )
    print(f"{seconds:.1f} s")
    if not args.final:
        return
    m = model()
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "data": str(args.data),
                "command": ".venv/bin/python benchmarks/symlink_eval.py --final",
                "matching": (
                    "symbol spans overlap and start within one character; description word "
                    "overlap F1 >= 0.5 (a/an/the ignored; 'strict': shared >= half of each "
                    "side); precision_judged counts only predictions on symbols with a gold "
                    "Direct description; recall per gold symbol with a Direct description"
                ),
                "splits": {
                    "test": "final: whole papers, 15% of each field's paragraphs by "
                    "sha256('symlink-test:' + paper); untouched until this run",
                    "dev": "inner development split: whole papers by sha256('symlink-dev:' + "
                    "paper) among the rest; every choice of the learned ranker was made on it",
                    "train": "the other papers minus the old fifth; the learned ranker is "
                    "fitted on them (in-sample)",
                    "fifth": "old held-out fifth (used during earlier tuning): crc32(paragraph "
                    "id) % 5 == 0; a development set, across papers; never fitted on",
                },
                "sizes": data.split_summary(paragraphs),
                "finders": {
                    "shipped": f"find_definitions: rules, then the learned ranker at threshold {m.threshold}",
                    "rules": "the rules alone (before the learned ranker)",
                    "symlink": f"rules, then the ranker at its SymLink-only threshold {m.symlink_threshold} "
                    "(not shipped)",
                },
                "seconds": round(seconds, 1),
                "results": results,
            },
            indent=1,
        )
        + "\n"
    )


if __name__ == "__main__":
    main()
