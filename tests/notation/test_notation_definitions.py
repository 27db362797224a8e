"""Finding the paper's own definitions of its symbols, precision first."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from paperpal.notation.definitions import find_definitions


def found(text: str) -> dict[str, str]:
    return {d.key: d.description for d in find_definitions(text)}


def assert_no_definitions(texts: list[str]) -> None:
    for text in texts:
        assert find_definitions(text) == [], f"no definition should be found in {text!r}: {found(text)}"


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
    assert_no_definitions(
        [
            r"If $x$ is small, the bound holds.",
            r"When off ($r_t^j$ close to $0$), the reset gate forgets.",
            r"as in Eq. $5$, we see that $f(x) = 2$ is computed quickly.",
            r"such as a traditional $\tanh$ unit.",
            r"$x$ is computed by the encoder.",
        ]
    )


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


def test_a_lone_noun_before_the_symbol() -> None:
    assert found(r"Say node $d$ has two parents $x$ and $y$.") == {
        "d": "node",
        "x": "two parents",
        "y": "two parents",
    }
    assert found(r"Now consider program $P$ with two rules.") == {"P": "program"}
    assert found(r"The probability of moving from state $i$ to state $j$ is small.")["i"] == "state"
    assert_no_definitions(
        [
            r"Here we omit $k$ for brevity.",
            r"It remains to compute $x$ from the data.",
            r"For large $p$ the bound is loose.",
            r"In the second round the agent sends $m$ to the principal.",
            r"Hence there exists $\delta$ such that the bound holds.",
            r"The data are shown in Table 2 \hline $x$ & 3 \\",
        ]
    )


def test_a_symbol_before_its_noun() -> None:
    assert found(r"We train networks with $L$ layers of 200 units.") == {"L": "the number of layers"}
    assert found(r"The encoder is a stack of $N=6$ identical layers.") == {
        "N": "the number of identical layers"
    }
    assert found(r"The $\gamma$ parameter controls the depth of the tree.") == {r"\gamma": "the parameter"}
    for text in [
        r"We generalize the $L^2$ norm to other norms.",
        r"Take the $i$ element of the list.",
        r"The map $f$ maps points to points.",
        r"A newly produced $A$ molecule diffuses away.",
        r"We pick a different $\sigma$ chosen on the validation set.",
    ]:
        defs = found(text)
        assert not any(d in ("the norm", "the element", "the number of points", "a newly produced", "a different")
                       for d in defs.values()), f"{text!r}: {defs}"  # fmt: skip


def test_a_list_of_symbols_in_one_formula() -> None:
    text = r"where $f_1, f_2$ are functions from $A$ to $B$, and $k$ is a number."
    assert found(text) == {"f": "functions from $A$ to $B$", "k": "a number"}
    defs = [d for d in find_definitions(text) if d.key == "f"]
    assert [text[d.start : d.end] for d in defs] == ["f_1", "f_2"], "offsets point into the original text"
    assert defs[0].sentence == text, "the evidence is the paper's own sentence, not the rewritten one"
    # A tuple or a condition is not a list of symbols: no letter of the tuple is "a tuple" (the
    # learned ranker may name the whole formula, under its own LaTeX as key).
    assert found(r"We represent a response as a tuple $(s, i, r, t)$ of the data.").keys() <= {"(s,i,r,t)"}
    assert "x" not in found(r"where $x, y > 0$ are the weights.")


def test_a_formula_that_is_one_name() -> None:
    assert found(r"where $\ket{n}$ is an excited state.") == {r"\ket{n}": "an excited state"}
    assert found(r"the intensity profile, $I_\textrm{A}$, of the beam") == {
        r"I_\textrm{A}": "the intensity profile"
    }
    # Arrows and other symbols in a table header are not names.
    assert found(r"| SBD $\uparrow$ | AvgFP $\downarrow$ |") == {}


def test_a_condition_that_says_what_the_symbol_is() -> None:
    assert found(r"If $J$ is an interval on which $f$ and $g$ cross, then the claim holds.") == {
        "J": "an interval"
    }
    assert_no_definitions([r"If $x$ is small, the bound holds.", r"If $n$ is a multiple of $3$, we stop."])


def test_descriptions_stop_before_pointers_and_conditions() -> None:
    assert found(r"where $d$ is the constant in Corollary \ref{cor-main}.") == {"d": "the constant"}
    text = r"where $e_k$ is the embedding of character $c_k$ for $1 \leq k \leq l$."
    assert found(text)["e"] == "the embedding of character $c_k$"
    assert found(r"and $H$ is an entropy regularizer \cite{mnih2016}.") == {"H": "an entropy regularizer"}
    assert found(r"where $x$ is the input image ($H$, $W$ its size).")["x"] == "the input image"


def test_a_later_be_in_the_same_let() -> None:
    assert found(r"Let $A$ be a set of literals, and $C$ be a set atom with $n$ parameters.") == {
        "A": "a set of literals",
        "C": "a set atom with $n$ parameters",
        "n": "the number of parameters",
    }
    assert "s" not in found(r"Let $x$ be the input and $s$ be large.")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["$f_1, f_2$", "$x$", "$\\ket{n}$", "$a,\\ldots,b$", " are ", " is ", "the ",
                                 "layers", " with ", ", ", ". ", "Let ", " be ", "(", ")", "where ", "node "]),
                max_size=16).map("".join))  # fmt: skip
def test_offsets_stay_on_the_symbol(text: str) -> None:
    for d in find_definitions(text):
        assert 0 <= d.start < d.end <= len(text)
        assert text[d.start : d.end].strip() and "$" not in text[d.start : d.end], (text, d)
        assert d.sentence in " ".join(text.split()) or d.sentence in text


def test_a_property_the_paper_proves_is_not_a_definition() -> None:
    assert_no_definitions(
        [
            r"We show that $\hat g_{RELAX}$ is an unbiased estimator of the gradient.",
            r"One can verify that $A$ is a positive definite matrix.",
        ]
    )
    found = find_definitions(r"Note that $z_t$ is the update gate.")
    assert [(d.symbol, d.description) for d in found] == [("z_t", "the update gate")]
