"""Finding the paper's own definitions of its symbols, precision first."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from paperpal.notation.definitions import find_definitions


def found(text: str) -> dict[str, str]:
    return {d.key: d.description for d in find_definitions(text)}


def test_where_clause_definitions() -> None:
    text = r"where $\mathbf{r}_t$ is a set of reset gates and $\odot$ is an element-wise multiplication."
    assert found(text) == {r"\mathbf{r}": "a set of reset gates", r"\odot": "an element-wise multiplication"}


def test_noun_phrase_right_before_the_symbol() -> None:
    text = (
        r"The activation $h_t^j$ of the GRU at time $t$ is a linear interpolation between the "
        r"previous activation $h_{t-1}^j$ and the candidate activation $\tilde{h}_t^j$:"
    )
    defs = find_definitions(text)
    by_key: dict = {}
    for d in defs:
        by_key.setdefault(d.key, d)
    assert by_key[r"\tilde{h}"].description == "the candidate activation"
    assert by_key["h"].description == "The activation"
    assert "t" not in by_key or "interpolation" not in by_key["t"].description, (
        "t is the object of 'at time', not the subject of 'is a linear interpolation'"
    )
    assert all(d.sentence == text for d in defs), "the evidence is the whole sentence"


def test_other_defining_phrasings() -> None:
    text = (
        r"Let $X$ be the input matrix. We denote the learning rate by $\eta$. "
        r"Here $\theta$ denotes the parameters of the model, and $d_k$ is the dimension of the keys."
    )
    assert found(text) == {
        "X": "the input matrix",
        r"\eta": "the learning rate",
        r"\theta": "the parameters of the model",
        "d_k": "the dimension of the keys",
    }


def test_claims_are_not_definitions() -> None:
    for text in [
        r"If $x$ is small, the bound holds.",
        r"When off ($r_t^j$ close to $0$), the reset gate forgets.",
        r"as in Eq. $5$, we see that $f(x) = 2$ is computed quickly.",
        r"such as a traditional $\tanh$ unit.",
        r"$x$ is computed by the encoder.",
    ]:
        assert find_definitions(text) == [], f"no definition should be found in {text!r}: {found(text)}"


def test_offsets_point_at_the_symbol() -> None:
    text = r"where $ z_t $ is the update gate."
    (d,) = find_definitions(text)
    assert text[d.start : d.end] == "z_t", (d.start, d.end)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["$x$", "$", " is ", "the ", "gate", ", ", ". ", "Let ", " be ", "(", ")", "where"]),
                max_size=20).map("".join))  # fmt: skip
def test_never_raises(text: str) -> None:
    for d in find_definitions(text):
        assert d.description and d.sentence
