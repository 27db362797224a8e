"""Set the score below which a search hit found only by meaning is too weak to show.

Ground truth from ``../shared/datasets/meanings/dev.json``: for each annotated symbol that the
paper defines, the annotator's description of it ("matrix of queries: the query vectors ...")
is a question a reader could ask, and the paper's passage that holds the defining sentence is
the answer. Measured with the real model over the same passages paperpal indexes:

- ``answer``: the cosine between each question and its answer passage;
- ``other``: the cosine between each question and every passage of the *other* papers (none
  of them answers it).

A hit found by meaning alone is kept when it scores at least ``floor`` and at least ``ratio``
times the best hit of the same search. Candidates are scored by the share of the answers a
top 20 would show that they keep, and by how many unrelated passages remain in that top 20;
the chosen pair keeps at least 95% of those answers with the fewest unrelated hits. ``--cache FILE`` keeps the embeddings between runs. The result is written
to ``benchmarks/results/semantic_floor.json``; ``paperpal.store.search.SEMANTIC_FLOOR`` holds
the chosen value.

    .venv/bin/python benchmarks/calibrate_semantic_floor.py
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("PAPERPAL_SHARED", ROOT.parent / "shared"))
NOISE = 0.99


def _words(text: str) -> set[str]:
    import re

    return {w for w in re.findall(r"[a-z]{3,}", text.lower())}


def main() -> None:
    import numpy as np

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ["PAPERPAL_HOME"] = tempfile.mkdtemp(prefix="paperpal-floor-")
    from paperpal.embeddings import Embedder
    from paperpal.pipeline import load_document
    from paperpal.store.passages import document_passages

    dev = json.loads((SHARED / "datasets/meanings/dev.json").read_text(encoding="utf-8"))["papers"]
    passages: list[tuple[str, str]] = []  # (paper, text)
    questions: list[tuple[str, str, list[int]]] = []  # (paper, question, answer passage indices)
    for paper_id, paper in dev.items():
        files, document = load_document(str(SHARED / "corpus" / paper_id))
        first = len(passages)
        texts = [p.text for p in document_passages(paper.get("title", paper_id), document)]
        passages.extend((paper_id, t) for t in texts)
        words = [_words(t) for t in texts]
        for symbol in paper["symbols"]:
            evidence = _words(symbol.get("evidence") or "")
            if not symbol.get("defined_in_paper") or len(evidence) < 4:
                continue
            # The answer: a passage holding (nearly) every word of the defining sentence; the
            # extracted text differs from the annotation in its math and punctuation only.
            answers = [first + i for i, w in enumerate(words) if len(evidence & w) >= 0.85 * len(evidence)]
            if answers:
                questions.append((paper_id, symbol["meaning"], answers))
    print(f"{len(questions)} questions with an answer passage, {len(passages)} passages", file=sys.stderr)

    cache = Path(sys.argv[sys.argv.index("--cache") + 1]) if "--cache" in sys.argv else None
    if cache is not None and cache.is_file():
        saved = np.load(cache)
        p_vec, q_vec = saved["p"], saved["q"]
    else:
        embedder = Embedder()
        p_vec = embedder.encode([t for _, t in passages])
        q_vec = embedder.encode([q for _, q, _ in questions])
        if cache is not None:
            np.savez(cache, p=p_vec, q=q_vec)
    scores = q_vec @ p_vec.T
    answer: list[float] = []
    other: list[float] = []
    paper_of = np.array([p for p, _ in passages])
    for row, (paper_id, _question, answers) in enumerate(questions):
        answer.append(float(scores[row, answers].max()))
        other.extend(float(s) for s in scores[row, paper_of != paper_id])
    answer.sort()
    other.sort()
    candidates = []
    for floor in [0.0] + [x / 100 for x in range(10, 46, 2)]:
        for ratio in (0.0, 0.5, 0.6, 0.7, 0.8):
            kept = 0
            noise = 0
            for row, (paper_id, _question, answers) in enumerate(questions):
                line = scores[row]
                top = np.argsort(-line)[:20]
                best = float(line[top[0]])
                keep = [i for i in top if line[i] >= floor and line[i] >= ratio * best]
                kept += any(i in answers for i in keep)
                noise += sum(1 for i in keep if paper_of[i] != paper_id)
            candidates.append(
                {
                    "floor": floor,
                    "ratio": ratio,
                    "answers_kept": kept / len(questions),
                    "unrelated_in_top20": noise / len(questions),
                }
            )
    shown = candidates[0]["answers_kept"]  # no floor: the answers a top 20 shows at all
    for c in candidates:
        c["of_shown_answers_kept"] = c["answers_kept"] / shown if shown else 0.0
    good = [c for c in candidates if c["of_shown_answers_kept"] >= 0.95]
    chosen = min(good, key=lambda c: (c["unrelated_in_top20"], -c["answers_kept"])) if good else None
    result = {
        "questions": len(questions),
        "passages": len(passages),
        "chosen": chosen,
        "no_filter": candidates[0],
        "answer_scores": {q: answer[int(q * (len(answer) - 1))] for q in (0.05, 0.1, 0.25, 0.5)},
        "unrelated_scores": {q: other[int(q * (len(other) - 1))] for q in (0.5, 0.9, 0.99)},
        "candidates": candidates,
    }
    out = ROOT / "benchmarks/results/semantic_floor.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
