"""End to end on the paper users open first: 1412.3555 (a damaged PDF: pages 2 and 3 are lost).

Its default reading path must stay short enough to follow and still hold, in a learnable order,
the ideas the GRU paper builds on; the full path (``--all``) holds everything.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from paperpal.glossary import load_glossary
from paperpal.glossary.paper_path import MAX_STEPS, paper_path
from paperpal.linking import find_terms

EXPECTED_ORDER = [
    # (earlier, later): pairs a learner must meet in this order.
    ("matrix-vector-product", "recurrent-neural-network"),
    ("recurrent-neural-network", "backpropagation-through-time"),
    ("backpropagation-through-time", "long-short-term-memory"),
    ("vanishing-gradient-problem", "long-short-term-memory"),
    ("logistic-sigmoid", "gated-recurrent-unit"),
    ("hyperbolic-tangent", "gated-recurrent-unit"),
    ("recurrent-neural-network", "gated-recurrent-unit"),
    ("log-likelihood", "negative-log-likelihood"),
]
DEFAULT = {c for pair in EXPECTED_ORDER for c in pair}
FULL = DEFAULT | {"backpropagation", "chain-rule"}


def _check(path: list[str], expected: set[str]) -> None:
    missing = sorted(expected - set(path))
    assert not missing, f"1412.3555's reading path lacks {missing}; it has {path}"
    for earlier, later in EXPECTED_ORDER:
        assert path.index(earlier) < path.index(later), f"{earlier} must come before {later}: {path}"


def test_the_glossary_has_every_concept_the_gru_paper_needs() -> None:
    glossary = load_glossary(None)
    missing = sorted(c for c in FULL if c not in glossary.concepts)
    assert not missing, f"the shipped glossary lost {missing}"


def test_the_gru_paper_default_path_is_short_and_has_its_prerequisites_in_order(corpus: Path) -> None:
    from paperpal.pipeline import load_document

    glossary = load_glossary(None)
    _, document = load_document(str(corpus / "1412.3555"))
    terms = find_terms(document, glossary)
    key = [t.concept for t in terms if t.key]
    assert key[:2] == ["gated-recurrent-unit", "long-short-term-memory"], f"key concepts first: {key}"
    steps = paper_path(terms, glossary)
    assert len(steps) <= MAX_STEPS, f"{len(steps)} steps: {[s.concept for s in steps]}"
    _check([s.concept for s in steps], DEFAULT)
    groups = [s.group for s in steps]
    assert groups == sorted(groups, key=["foundations", "building-blocks", "paper"].index), groups
    ideas = [s.concept for s in steps if s.group == "paper"]
    assert {"gated-recurrent-unit", "long-short-term-memory"} <= set(ideas), ideas
    assert next(s for s in steps if s.concept == "matrix-vector-product").group == "foundations"
    by_id = {s.concept: s for s in steps}
    assert (
        by_id["gated-recurrent-unit"].key
        and "recurrent-neural-network" in by_id["gated-recurrent-unit"].requires
    )

    full = paper_path(terms, glossary, full=True)
    assert len(full) > 100, "the full path keeps every prerequisite"
    _check([s.concept for s in full], FULL)


def test_paperpal_path_prints_it_as_json(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from paperpal.cli import main

    def run(*args: str) -> dict:
        try:
            main(["path", str(corpus / "1412.3555"), "--offline", *args])
        except SystemExit as exit_:
            assert not exit_.code, capsys.readouterr().err
        return json.loads(capsys.readouterr().out)

    result = run("--json")
    steps = result["reading_path"]
    assert result["full"] is False and len(steps) <= MAX_STEPS
    _check([s["concept"] for s in steps], DEFAULT)
    assert {s["group"] for s in steps} == {"foundations", "building-blocks", "paper"}
    assert any(s["in_paper"] for s in steps) and not any(s["known"] for s in steps)
    everything = run("--all", "--format", "json")
    assert everything["full"] is True
    _check([s["concept"] for s in everything["reading_path"]], FULL)

    # A known prerequisite leaves the default path (and makes room); the full path keeps it,
    # marked; --hide-known drops it there too.
    main(["know", "vanishing-gradient-problem"])
    capsys.readouterr()
    short = [s["concept"] for s in run("--json")["reading_path"]]
    assert "vanishing-gradient-problem" not in short and "long-short-term-memory" in short, short
    marked = {s["concept"]: s["known"] for s in run("--all", "--json")["reading_path"]}
    assert marked["vanishing-gradient-problem"] is True, "a known concept stays on the full path, marked"
    hidden = [s["concept"] for s in run("--all", "--json", "--hide-known")["reading_path"]]
    assert "vanishing-gradient-problem" not in hidden and "gated-recurrent-unit" in hidden, hidden
