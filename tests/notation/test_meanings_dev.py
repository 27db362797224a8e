"""Meanings a reader can trust: each annotated corpus paper, scored the way issue 14 measures it.

Every paper of ``../shared/datasets/meanings/dev.json`` is read the way a user reads it (through
the fake arXiv, so it has its arXiv categories) and scored with the rules of
``../shared/tools/score_meanings.py`` (and the synonyms recorded in
``benchmarks/meanings_synonyms.json``): a meaning stated as fact is right when it contains one of
the annotation's keywords. Per paper, the meanings stated right must not fall below a floor and
the wrong ones must not rise above a ceiling (never more than a tenth of the paper's symbols).

The floors are what the decoder reached when they were last raised (benchmarks/results/
meanings.json has the full run); raise them when it gets better.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, SHARED

TRUTH = SHARED / "datasets" / "meanings" / "dev.json"
SYNONYMS = ROOT / "benchmarks" / "meanings_synonyms.json"

# paper: (right at least, wrong at most)
BOUNDS = {
    "1706.03762": (20, 1), "1412.6980": (16, 1), "1502.03167": (17, 1), "1406.2661": (16, 1),
    "1512.03385": (1, 0), "1603.07285": (8, 1), "1709.04057": (15, 1), "1711.00123": (13, 2),
    "1402.5836": (11, 2), "1606.00704": (16, 2), "1205.4446": (9, 2), "1502.03492": (11, 2),
}  # fmt: skip


def _scorer() -> Any:
    spec = importlib.util.spec_from_file_location("score_meanings", SHARED / "tools" / "score_meanings.py")
    assert spec and spec.loader, "the shared scorer is missing"
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _truth() -> dict[str, Any]:
    truth = json.loads(TRUTH.read_text(encoding="utf-8"))["papers"]
    for row in json.loads(SYNONYMS.read_text(encoding="utf-8"))["synonyms"]:
        entry = next(e for e in truth[row["paper"]]["symbols"] if e["latex"] == row["latex"])
        entry["keywords"] = entry["keywords"] + row["add"]
    return truth


def score(paper: dict[str, Any], symbols: list[dict[str, Any]]) -> dict[str, int]:
    """right / wrong / unexplained for one paper, by the scorer's own rules."""
    scorer = _scorer()
    claims: dict[int, list[dict[str, Any]]] = {}
    for s in symbols:
        forms = [s.get("latex", "")] + list(s.get("forms") or [])
        best, blen = None, -1
        for i, t in enumerate(paper["symbols"]):
            if not any(scorer.base(x) == scorer.base(t["latex"]) for x in forms):
                continue
            sub = t.get("sub") or ""
            if sub and not any(sub in x for x in forms):
                continue
            if len(sub) > blen:
                best, blen = i, len(sub)
        if best is not None:
            claims.setdefault(best, []).append(s)
    counts = {"right": 0, "wrong": 0, "unexplained": 0}
    for i, t in enumerate(paper["symbols"]):
        shown = [s for s in claims.get(i, []) if not scorer.hedged(s)]
        keywords = [k.lower() for k in t["keywords"]]
        if not shown:
            counts["unexplained"] += 1
        elif all(any(k in (s["meaning"] or "").lower() for k in keywords) for s in shown):
            counts["right"] += 1
        else:
            counts["wrong"] += 1
    return counts


@pytest.mark.slow
@pytest.mark.parametrize("paper_id", sorted(BOUNDS))
def test_meanings_stated_as_fact_are_right(fake_arxiv, paper_id: str) -> None:
    from paperpal.glossary.loader import load_glossary
    from paperpal.pipeline import read_paper
    from paperpal.report import report_to_dict

    report = report_to_dict(read_paper(paper_id, glossary=load_glossary(None), use_cache=False))
    assert report["paper"]["categories"], "the fake arXiv gives every paper its categories"
    counts = score(_truth()[paper_id], report["symbols"])
    n = sum(counts.values())
    right_floor, wrong_ceiling = BOUNDS[paper_id]
    print(f"{paper_id}: {counts}")
    assert counts["wrong"] <= min(wrong_ceiling, n // 10), f"{paper_id}: too many wrong meanings {counts}"
    assert counts["right"] >= right_floor, f"{paper_id}: fewer right meanings than before {counts}"
    for symbol in report["symbols"]:
        if symbol["certain"]:
            assert symbol["meaning"] and "$" not in symbol["meaning"], symbol
        assert not symbol["certain"] or symbol["voice"] == symbol["meaning"].rstrip(".")


def test_scoring_follows_the_shared_scorer(tmp_path: Path) -> None:
    """The test's scoring agrees with ../shared/tools/score_meanings.py on a made-up report."""
    truth = _truth()
    paper = truth["1706.03762"]
    symbols = [
        {"latex": "Q", "meaning": "the query matrix", "source": "paper", "certain": True},
        {"latex": "K", "meaning": "the dropout rate", "source": "glossary", "certain": True},
        {"latex": "V", "meaning": "the value matrix", "source": "paper", "certain": False},
    ]
    counts = score(paper, symbols)
    assert counts["right"] == 1 and counts["wrong"] == 1
    assert counts["unexplained"] == len(paper["symbols"]) - 2
