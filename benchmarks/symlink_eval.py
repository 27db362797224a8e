"""Precision and recall of paperpal's definition finder on SymLink ``Direct`` links.

Run: ``.venv/bin/python benchmarks/symlink_eval.py [path/to/symlink/train]``. Prints the numbers
and writes ``benchmarks/results/symlink.json``.

Data: SemEval-2022 Task 12 (SymLink) training paragraphs, ``../shared/datasets/symlink/train``.
Each ``Direct`` relation links a SYMBOL span to a PRIMARY description span.

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

Split: paragraphs whose id hashes (CRC32) to 0 mod 5 are held out ("test"); the rules in
``paperpal/notation/definitions.py`` were tuned looking only at the rest ("dev"). Both are
reported; the held-out numbers are the ones to quote.
"""

from __future__ import annotations

import json
import re
import sys
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from paperpal.notation.definitions import find_definitions  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "datasets" / "symlink" / "train"
RESULTS = ROOT / "benchmarks" / "results" / "symlink.json"
_IGNORED = frozenset({"a", "an", "the"})


def words(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9]+|\\[a-z]+", text.lower()) if w not in _IGNORED]


def description_matches(predicted: str, gold: str, *, strict: bool = False) -> bool:
    """Word-overlap F1 >= 0.5; ``strict``: shared words >= half of each side."""
    p, g = set(words(predicted)), set(words(gold))
    if not p or not g:
        return False
    shared = len(p & g)
    if strict:
        return shared >= 0.5 * len(g) and shared >= 0.5 * len(p)
    return 2 * shared / (len(p) + len(g)) >= 0.5


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] == "$"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == "$"):
        end -= 1
    return start, end


def symbol_matches(text: str, p_start: int, p_end: int, g_start: int, g_end: int) -> bool:
    """Spans overlap and start within one character, once spaces and "$" are trimmed.

    The data is inconsistent about spans: some include the dollars, a few drop a backslash.
    """
    ps, pe = _trimmed(text, p_start, p_end)
    gs, ge = _trimmed(text, g_start, g_end)
    return ps < ge and gs < pe and abs(ps - gs) <= 1


def evaluate(data: Path, *, strict: bool = False) -> dict[str, dict[str, float]]:
    counts = {
        split: {"predicted": 0, "correct": 0, "judged": 0, "gold": 0, "found": 0} for split in ("dev", "test")
    }
    for path in sorted(data.glob("*.json")):
        for pid, para in json.loads(path.read_text()).items():
            split = "test" if zlib.crc32(pid.encode()) % 5 == 0 else "dev"
            c = counts[split]
            text, ents = para["text"], para["entity"]
            gold: dict[str, list[str]] = {}
            for rel in para["relation"].values():
                if rel["label"] != "Direct":
                    continue
                a, b = ents.get(rel["arg0"]), ents.get(rel["arg1"])
                if not a or not b:
                    continue
                sym, desc = (a, b) if a["label"] == "SYMBOL" else (b, a)
                if sym["label"] != "SYMBOL":
                    continue
                gold.setdefault(sym["eid"], []).append(desc["text"])
            c["gold"] += len(gold)
            found: set[str] = set()
            for d in find_definitions(text):
                c["predicted"] += 1
                if any(symbol_matches(text, d.start, d.end, ents[e]["start"], ents[e]["end"]) for e in gold):
                    c["judged"] += 1
                ok = False
                for eid, descs in gold.items():
                    s = ents[eid]
                    if symbol_matches(text, d.start, d.end, s["start"], s["end"]) and any(
                        description_matches(d.description, g, strict=strict) for g in descs
                    ):
                        ok = True
                        found.add(eid)
                c["correct"] += ok
            c["found"] += len(found)
    out: dict[str, dict[str, float]] = {}
    for split, c in counts.items():
        precision = c["correct"] / c["predicted"] if c["predicted"] else 0.0
        judged = c["correct"] / c["judged"] if c["judged"] else 0.0
        recall = c["found"] / c["gold"] if c["gold"] else 0.0
        out[split] = {
            **c,
            "precision": round(precision, 3),
            "precision_judged": round(judged, 3),
            "recall": round(recall, 3),
        }
    return out


def main() -> None:
    data = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DATA
    started = time.perf_counter()
    result = evaluate(data)
    strict = evaluate(data, strict=True)
    seconds = time.perf_counter() - started
    for split, r in [*result.items(), *((f"{k} strict", v) for k, v in strict.items())]:
        print(
            f"{split:11} predicted {r['predicted']:5}  correct {r['correct']:5}  "
            f"precision {r['precision']:.3f}  (judged {r['precision_judged']:.3f})  "
            f"gold symbols {r['gold']:5}  recall {r['recall']:.3f}"
        )
    print(f"{seconds:.1f} s")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "data": str(data),
                "matching": (
                    "symbol spans overlap and start within one character; description word "
                    "overlap F1 >= 0.5 (a/an/the ignored; 'strict': shared >= half of each "
                    "side); precision_judged counts only predictions on symbols with a gold "
                    "Direct description; recall per gold symbol with a Direct description"
                ),
                "split": "held out: crc32(paragraph id) % 5 == 0",
                "seconds": round(seconds, 1),
                **result,
                "strict": strict,
            },
            indent=2,
        )
        + "\n"
    )


if __name__ == "__main__":
    main()
