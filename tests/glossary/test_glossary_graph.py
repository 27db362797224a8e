"""Reading paths: prerequisites first, known concepts marked or hidden, bad data tolerated."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from paperpal.glossary import load_glossary
from paperpal.glossary.graph import find_cycles, reading_path, unreachable
from paperpal.glossary.model import Glossary
from paperpal.models import Concept


def _ids(steps: tuple) -> list[str]:
    return [s.concept for s in steps]


def _assert_prerequisites_first(steps: tuple, glossary: Glossary) -> None:
    position = {s.concept: i for i, s in enumerate(steps)}
    for step in steps:
        for needed in glossary.concepts[step.concept].requires:
            if needed in position:
                assert position[needed] < position[step.concept], (
                    f"{needed} must come before {step.concept} in {list(position)}"
                )


def test_path_holds_all_prerequisites_in_learnable_order(make_glossary: Callable[..., Path]) -> None:
    glossary = load_glossary(None, root=make_glossary())
    steps = reading_path(["gated-recurrent-unit", "long-short-term-memory"], glossary)
    assert set(_ids(steps)) == {
        "number",
        "function",
        "vector",
        "matrix",
        "matrix-vector-product",
        "neural-network",
        "recurrent-neural-network",
        "gated-recurrent-unit",
        "long-short-term-memory",
    }
    _assert_prerequisites_first(steps, glossary)
    assert _ids(steps)[-2:] == ["gated-recurrent-unit", "long-short-term-memory"], (
        "concepts of equal depth keep the order the paper uses them"
    )
    in_paper = {s.concept for s in steps if s.in_paper}
    assert in_paper == {"gated-recurrent-unit", "long-short-term-memory"}
    assert all(s.summary for s in steps)


def test_paper_order_breaks_ties(make_glossary: Callable[..., Path]) -> None:
    glossary = load_glossary(None, root=make_glossary())
    steps = reading_path(["long-short-term-memory", "gated-recurrent-unit"], glossary)
    assert _ids(steps)[-2:] == ["long-short-term-memory", "gated-recurrent-unit"]


def test_known_concepts_are_marked_but_kept(make_glossary: Callable[..., Path]) -> None:
    glossary = load_glossary(None, root=make_glossary())
    steps = reading_path(["gated-recurrent-unit"], glossary, known={"neural-network"})
    known = [s.concept for s in steps if s.known]
    assert known == ["neural-network"] and "matrix" in _ids(steps)


def test_hide_known_drops_them_and_what_only_they_need(make_glossary: Callable[..., Path]) -> None:
    glossary = load_glossary(None, root=make_glossary())
    steps = reading_path(
        ["gated-recurrent-unit", "vector"], glossary, known={"neural-network"}, hide_known=True
    )
    ids = _ids(steps)
    assert "neural-network" not in ids
    assert "matrix" not in ids and "function" not in ids, f"only reachable through a known concept: {ids}"
    assert "vector" in ids and "number" in ids, f"still needed by the paper's own 'vector': {ids}"


def test_unknown_ids_are_ignored_and_empty_input_gives_empty_path(make_glossary: Callable[..., Path]) -> None:
    glossary = load_glossary(None, root=make_glossary())
    assert reading_path(["no-such-concept"], glossary) == ()
    assert reading_path([], glossary) == ()


def test_a_cycle_in_the_data_does_not_hang_the_path() -> None:
    concepts = [
        Concept(id="a", name="a", summary="a", requires=("b",)),
        Concept(id="b", name="b", summary="b", requires=("a",)),
        Concept(id="c", name="c", summary="c", requires=("a", "missing")),
    ]
    glossary = Glossary.from_entries([], concepts)
    assert set(_ids(reading_path(["c"], glossary))) == {"a", "b", "c"}
    requires = {c.id: c.requires for c in concepts}
    assert find_cycles(requires) == [["a", "b", "a"]]
    assert unreachable(requires, ["a"]) == [], "a reaches b and c"
