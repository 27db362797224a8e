"""Dollar math in running text (notes, quotes, snippets, evidence) shown in Unicode."""

from __future__ import annotations

from paperpal.notation.inline import complete_spans, math_spans, snippet_pieces
from paperpal.notation.prose import to_screen


def test_math_is_rendered_and_money_is_not() -> None:
    assert to_screen("the activation $h_t^j$ at $t$") == "the activation hₜʲ at t"
    assert to_screen("it costs $5 and $10") == "it costs $5 and $10"
    assert to_screen(r"a literal \$ sign and $$x^2$$") == "a literal $ sign and x²"
    # Adjacent spans, as PDF extraction leaves them.
    assert to_screen(r"$\ell$$^{2}$") == "ℓ²"


def test_spans_never_cross_a_blank_line_or_start_with_a_space() -> None:
    assert math_spans("$ x$ and $y\n\nz$") == []
    assert [s.latex for s in math_spans("$a$ then $b$")] == ["a", "b"]


def test_a_snippet_cut_inside_a_formula_is_completed_from_its_passage() -> None:
    source = "The activation $h_t^j$ of the GRU at time $t$ is a linear interpolation"
    widened, added = complete_spans("…t^j$ of the GRU", source)
    assert widened == "…$h_t^j$ of the GRU" and added == 3
    pieces = snippet_pieces("…t^j$ of the [GRU] at [time]…", source, ("gru", "time"))
    assert "".join(text for text, _ in pieces) == "…hₜʲ of the GRU at time…"
    assert [text for text, marked in pieces if marked] == ["GRU", "time"]


def test_real_brackets_are_not_taken_for_search_marks() -> None:
    source = "gates [Cho et al., 2014] and [12] gate"
    pieces = snippet_pieces("[gates] [Cho et al., 2014] and [12] [gate]", source, ("gate",))
    assert "".join(text for text, _ in pieces) == source
    assert [text for text, marked in pieces if marked] == ["gates", "gate"]
