"""Fitting text to terminal cells: words cut only with an ellipsis, equations broken at operators."""

from __future__ import annotations

from rich.cells import cell_len

from paperpal.tui.widgets.wrapping import break_equation, fit, pad, wrap


def test_fit_cuts_at_a_word_with_an_ellipsis() -> None:
    assert fit("the candidate activation of the unit", 18) == "the candidate…"
    assert fit("short", 18) == "short"
    assert cell_len(fit("x" * 50, 10)) == 10


def test_columns_count_cells_not_characters() -> None:
    assert cell_len(pad("h̃", 4)) == 4 and cell_len(pad("h", 4)) == 4  # a combining tilde takes no cell


def test_prose_wraps_at_spaces_and_long_words_are_split() -> None:
    lines = wrap("The activation of the GRU https://example.com/a/very/long/address", 20)
    assert all(cell_len(line) <= 20 for line in lines)
    assert lines[0] == "The activation of"


def test_equations_break_before_an_operator() -> None:
    lines = break_equation("hₜʲ=(1-zₜʲ)hₜ₋₁ʲ+zₜʲh̃ₜʲ+c·xₜ+dₜ", 16)
    assert all(cell_len(line) <= 16 for line in lines)
    assert all(line.lstrip()[0] in "=+-" for line in lines[1:]), lines
    assert break_equation("a=b", 16) == ["a=b"]
