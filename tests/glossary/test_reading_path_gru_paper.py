"""End to end on the paper users open first: 1412.3555 (a damaged PDF: pages 2 and 3 are lost).

Its reading path must hold, in a learnable order, the ideas the GRU paper builds on.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from paperpal.glossary import load_glossary
from paperpal.glossary.graph import reading_path
from paperpal.linking import find_terms

EXPECTED_ORDER = [
    # (earlier, later): pairs a learner must meet in this order.
    ("matrix-vector-product", "recurrent-neural-network"),
    ("recurrent-neural-network", "backpropagation-through-time"),
    ("backpropagation-through-time", "vanishing-gradient-problem"),
    ("vanishing-gradient-problem", "long-short-term-memory"),
    ("logistic-sigmoid", "gated-recurrent-unit"),
    ("hyperbolic-tangent", "gated-recurrent-unit"),
    ("recurrent-neural-network", "gated-recurrent-unit"),
]
EXPECTED = {c for pair in EXPECTED_ORDER for c in pair} | {"log-likelihood", "backpropagation"}


def _check(path: list[str]) -> None:
    missing = sorted(EXPECTED - set(path))
    assert not missing, f"1412.3555's reading path lacks {missing}; it has {path}"
    for earlier, later in EXPECTED_ORDER:
        assert path.index(earlier) < path.index(later), f"{earlier} must come before {later}"


def test_the_gru_paper_path_has_its_prerequisites_in_order(corpus: Path) -> None:
    from paperpal.pipeline import load_document

    glossary = load_glossary(None)
    missing = sorted(c for c in EXPECTED if c not in glossary.concepts)
    if missing:
        pytest.skip(f"the shipped glossary does not have {missing} yet")
    _, document = load_document(str(corpus / "1412.3555"))
    terms = find_terms(document, glossary)
    used = [t.concept for t in terms if t.concept]
    assert "gated-recurrent-unit" in used and "long-short-term-memory" in used, used
    _check([step.concept for step in reading_path(used, glossary)])


def test_paperpal_path_prints_it_as_json(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    try:
        from paperpal.notation.decode import decode  # noqa: F401 - the pipeline needs it
    except ImportError:
        pytest.skip("paperpal.notation.decode is not written yet: the pipeline cannot run")
    from paperpal.cli import main

    try:
        main(["path", str(corpus / "1412.3555"), "--json", "--offline"])
    except SystemExit as exit_:
        assert not exit_.code, capsys.readouterr().err
    result = json.loads(capsys.readouterr().out)
    steps = result["reading_path"]
    _check([s["concept"] for s in steps])
    assert any(s["in_paper"] for s in steps) and not any(s["known"] for s in steps)
    # Marking a concept known keeps it (marked) in the path; --hide-known drops it.
    main(["know", "long-short-term-memory"])
    capsys.readouterr()
    main(["path", str(corpus / "1412.3555"), "--json", "--offline"])
    marked = {s["concept"]: s["known"] for s in json.loads(capsys.readouterr().out)["reading_path"]}
    assert marked["long-short-term-memory"] is True, "a known concept stays on the path, marked"
    main(["path", str(corpus / "1412.3555"), "--json", "--offline", "--hide-known"])
    hidden = [s["concept"] for s in json.loads(capsys.readouterr().out)["reading_path"]]
    assert "long-short-term-memory" not in hidden and "gated-recurrent-unit" in hidden, hidden
