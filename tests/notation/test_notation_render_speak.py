"""Rendering equations for the terminal and reading them aloud."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from paperpal.notation.render import to_unicode
from paperpal.notation.speak import by_meaning, literal

GRU_H = r"h_t^j = (1 - z_t^j) h_{t-1}^j + z_t^j \tilde{h}_t^j"


def test_unicode_uses_scripts_accents_and_alphabets() -> None:
    assert to_unicode(GRU_H) == "hₜʲ = (1 - zₜʲ) hₜ₋₁ʲ + zₜʲ h̃ₜʲ"
    assert to_unicode(r"\mathbf{W}_z \in \mathbb{R}^{n}") == "𝐖_z ∈ ℝⁿ", (
        "z has no subscript glyph: linear form"
    )
    assert to_unicode(r"\mathrm{softmax}\left(\frac{QK^T}{\sqrt{d_k}}\right)V") == "softmax(QKᵀ/√(dₖ))V"
    assert to_unicode(r"\frac{\partial L}{\partial w}") == "∂L/∂w"
    assert to_unicode(r"\mathcal{L}(\theta)") == "ℒ(θ)"
    assert to_unicode(r"x^{(i)}") == "x⁽ⁱ⁾"


def test_unicode_shows_an_unknown_command_by_its_name_never_as_latex() -> None:
    assert to_unicode(r"\unknowncommand") == "unknowncommand"
    assert to_unicode(r"\outerOpt{w} + 1") == "outerOpt(w) + 1"
    assert to_unicode("") == ""


def test_literal_reading_of_the_gru_interpolation() -> None:
    assert literal(GRU_H) == (
        "h sub t superscript j equals open paren 1 minus z sub t superscript j close paren "
        "h sub t minus 1, superscript j plus z sub t superscript j h tilde sub t superscript j"
    )


def test_literal_reading_of_operators() -> None:
    assert literal(r"\sigma(W_z x_t)") == "sigma of open paren W sub z x sub t close paren"
    assert "the square root of d sub k" in literal(r"\frac{QK^T}{\sqrt{d_k}}")
    assert "K transpose" in literal(r"QK^T")
    assert literal(r"\sum_{i=1}^{N} x_i") == "the sum from i equals 1 to N of x sub i"
    assert literal("x^2") == "x squared"


def test_reading_by_meaning_names_only_certain_meanings_as_fact() -> None:
    meanings = {
        "h": ("the activation", True),
        r"\tilde{h}": ("the candidate activation", True),
        "z": "the update gate",  # a bare phrase: not known to be certain
    }
    said = by_meaning(GRU_H, meanings)
    assert said is not None
    assert said.startswith(
        "The activation hₜʲ is a blend of its previous value and the candidate activation h̃ₜʲ"
    )
    assert "zₜʲ (probably the update gate)" in said
    assert by_meaning(r"y = a b c d e", {"a": "a thing"}) is None, "nothing recognised: say nothing"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_render_and_speak_never_raise(s: str) -> None:
    assert isinstance(to_unicode(s), str)
    assert isinstance(literal(s), str)
    by_meaning(s, {"x": "the input"})


LATEXISH = st.lists(
    st.sampled_from([*"xyWh_^{}()'+-=12 &", r"\tilde", r"\mathbf", r"\sigma", r"\frac", r"\left", r"\right",
                     r"\|", r"\sum", r"\text", r"\sqrt", r"\\"]),
    max_size=25,
).map("".join)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(LATEXISH)
def test_render_and_speak_never_raise_on_latexish_input(s: str) -> None:
    assert isinstance(to_unicode(s), str)
    assert isinstance(literal(s), str)
