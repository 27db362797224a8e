"""Splitting equations into the symbols a reader asks about, and naming conventions."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from paperpal.notation.conventions import convention_meaning, conventions_for
from paperpal.notation.symbols import extract_symbols


def keys(latex: str) -> list[str]:
    return [o.key for o in extract_symbols(latex)]


def test_gru_candidate_equation_symbols() -> None:
    found = keys(r"\tilde{h}_t^j = \tanh\left(W x_t + U (r_t \odot h_{t-1})\right)")
    assert found == [r"\tilde{h}", r"\tanh", "W", "x", "U", "r", r"\odot", "h"], found


def test_forms_of_one_symbol_share_a_key() -> None:
    for form in ["h_t", "h_{t-1}", "h_t^j", "h^{(i)}", "h_{t+1}^{j}"]:
        assert keys(form) == ["h"], f"{form!r} should group under h, got {keys(form)}"


def test_naming_scripts_stay_in_the_key() -> None:
    cases = {
        r"\mathbf{W}_z": r"\mathbf{W}_z",
        "d_k": "d_k",
        "d_{model}": "d_{model}",
        r"\beta_1": r"\beta_1",
        "W_i^Q": "W^Q",
        "h_{k,0}^{LM}": "h^{LM}",
        r"\theta^*": r"\theta^*",
        r"\boldsymbol{\mu}": r"\mathbf{\mu}",
    }
    for latex, key in cases.items():
        assert keys(latex)[0] == key, f"{latex!r}: expected key {key!r}, got {keys(latex)}"


def test_superscript_roles() -> None:
    roles = {
        o.latex: o.superscript_role for o in extract_symbols(r"x^2 + h^j + W^\top + A^{-1} + x^{(i)} + f'")
    }
    assert roles == {"x^2": "power", "h^j": "index", r"W^\top": "transpose", "A^{-1}": "inverse",
                     "x^{(i)}": "index", "f'": "prime"}, roles  # fmt: skip


def test_a_constant_rate_raised_to_the_step_is_a_power() -> None:
    """Adam's bias correction: beta_1^t is beta_1 to the power t, while h_t^j stays indexed."""

    def roles(latex: str) -> dict[str, str | None]:
        return {o.latex: o.superscript_role for o in extract_symbols(latex) if o.superscript}

    assert roles(r"\hat{m}_t = \frac{m_t}{1 - \beta_1^t}") == {r"\beta_1^t": "power"}
    assert roles(r"\gamma^k r_{t+k}") == {r"\gamma^k": "power"}
    assert roles(r"h_t^j = z_t^j h_{t-1}^j") == {"h_t^j": "index", "z_t^j": "index", "h_{t-1}^j": "index"}
    # Steps written as superscripts: the t is an index everywhere, and t+1 is the next step.
    assert roles(r"\theta^{t+1} = \theta^t - \eta \gamma^t g^t") == {
        r"\theta^{t+1}": "index", r"\theta^t": "index", r"\gamma^t": "index", "g^t": "index"
    }  # fmt: skip
    assert roles("x^{n+1}") == {"x^{n+1}": "power"}, "no step superscripts around: a power"


def test_a_bold_letter_written_with_textbf_is_a_symbol() -> None:
    found = {o.key: o for o in extract_symbols(r"\textbf{c}_t = \textbf{W} \textbf {x}_t + \textbf{loss}")}
    assert set(found) == {r"\mathbf{c}", r"\mathbf{W}", r"\mathbf{x}", r"\mathrm{loss}"}, list(found)
    assert found[r"\mathbf{c}"].font == "bold" and found[r"\mathbf{c}"].latex == r"\textbf{c}_t"


def test_functions_operators_and_application() -> None:
    occ = extract_symbols(
        r"\sigma(W_z x_t) + \mathrm{softmax}(QK^T) + \operatorname{argmax}_\theta \mathbb{E}_{x} \|x\|"
    )
    by_key = {o.key: o for o in occ}
    assert by_key[r"\sigma"].applied, "sigma followed by ( is applied"
    assert by_key[r"\mathrm{softmax}"].kind == "function"
    assert by_key[r"\mathrm{argmax}"].kind == "function", "\\operatorname{argmax} is \\mathrm{argmax}"
    assert by_key[r"\mathbb{E}"].kind == "operator"
    assert r"\|\cdot\|" in by_key, f"the norm is an operator: {list(by_key)}"
    assert by_key["K"].superscript_role == "transpose"


def test_scripts_of_operators_are_ranges_not_names() -> None:
    assert keys(r"\sum_{i=1}^{N} x_i") == [r"\sum", "N", "x"]
    assert keys(r"\nabla_\theta L")[0] == r"\nabla"


def test_conventions_in_plain_words() -> None:
    assert "bold capital: a matrix" in conventions_for(r"\mathbf{W}")
    assert "bold lowercase: a vector" in conventions_for(r"\mathbf{x}_t")
    assert "subscript t: the time step" in conventions_for(r"\mathbf{x}_t")
    assert "hat: an estimate or prediction" in conventions_for(r"\hat{y}")
    assert "superscript (i): the i-th training example" in conventions_for("x^{(i)}")
    assert "star: an optimal or target value" in conventions_for(r"\theta^*")
    assert any("calligraphic" in c for c in conventions_for(r"\mathcal{L}"))
    assert conventions_for("+") == ()


def test_convention_meanings_say_they_are_conventions() -> None:
    meaning = convention_meaning(r"\mathbf{W}")
    assert meaning is not None and "matrix" in meaning and "by convention" in meaning
    assert convention_meaning("q") is None, "a plain letter says nothing by convention"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_extract_symbols_never_raises(s: str) -> None:
    for occ in extract_symbols(s):
        assert 0 <= occ.start <= occ.end <= len(s)


LATEXISH = st.lists(
    st.sampled_from(
        [*"xyWh_^{}()'+-=12 ", r"\tilde", r"\mathbf", r"\sigma", r"\frac", r"\left", r"\|", r"\sum", r"\text"]
    ),
    max_size=25,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(LATEXISH)
def test_extract_symbols_never_raises_on_latexish_input(s: str) -> None:
    extract_symbols(s)
    for occ in extract_symbols(s):
        conventions_for(occ)
