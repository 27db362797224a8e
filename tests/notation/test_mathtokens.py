"""The LaTeX math tokenizer and the canonical spelling used for glossary lookups."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paperpal.mathtokens import normalize, tokenize

SAME = [
    (r"\mathbf x", r"\mathbf{x}", r"\mathbf{ x }", r"\boldsymbol{x}", r"\bm x", r"{\bf x}"),
    (r"\operatorname{softmax}", r"\mathrm{softmax}", r"\text{softmax}", r"\operatorname*{softmax}"),
    (r"\left( x \right)", "(x)", r"\bigl( x \bigr)"),
    (r"\dfrac12", r"\frac{1}{2}", r"\tfrac{1}{2}"),
    ("x^2_i", "x_{i}^{2}", "{x}_i^2"),
    (r"\tilde h_t^j", r"\tilde{h}_{t}^{j}", r"\widetilde{h}^j_t"),
    (r"\|x\|", r"\lVert x \rVert", r"\Vert x\Vert"),
    (r"a \le b", r"a\leq b"),
    (r"\mathbf{c}_t", r"\textbf{c}_t", r"\textbf {c}_{t}", r"\bm{c}_t"),
]


@pytest.mark.parametrize("spellings", SAME, ids=lambda s: s[0])
def test_equivalent_spellings_normalize_alike(spellings: tuple[str, ...]) -> None:
    forms = {s: normalize(s) for s in spellings}
    assert len(set(forms.values())) == 1, f"these spellings should share one canonical form: {forms}"


def test_different_symbols_stay_different() -> None:
    pairs = [("x^T", r"x^\top"), (r"\alpha x", r"\alphax"), ("h_t", "h^t"), (r"\mathbf{W}", "W"),
             (r"\textbf{loss}", r"\mathbf{loss}"), (r"\text{d}", r"\mathbf{d}")]  # fmt: skip
    for a, b in pairs:
        assert normalize(a) != normalize(b), f"{a!r} and {b!r} must not be merged"


def test_space_kept_only_where_tex_needs_it() -> None:
    assert normalize(r"\alpha   x") == r"\alpha x"
    assert normalize(r"x + y") == "x+y"


def test_token_kinds_and_offsets() -> None:
    src = r"\tilde{h}_t^{j} = \text{if } 3.5"
    toks = tokenize(src)
    kinds = [t.kind for t in toks if t.kind != "space"]
    assert kinds == [
        "command",
        "open",
        "letter",
        "close",
        "sub",
        "letter",
        "sup",
        "open",
        "letter",
        "close",
        "symbol",
        "command",
        "open",
        "text",
        "close",
        "digit",
    ], kinds
    for t in toks:
        assert src[t.start : t.end] == t.value, f"token {t} does not match its span"


def test_errors_are_tokens_not_exceptions() -> None:
    for bad in ["a}b", "{x", "x\\", r"\text{open"]:
        kinds = [t.kind for t in tokenize(bad)]
        assert "error" in kinds, f"{bad!r} should produce an error token, got {kinds}"
    for good in [r"\sigma", r"\mathbb{E}_{x \sim p}", r"\|\cdot\|", r"\frac{\partial L}{\partial w}"]:
        assert "error" not in [t.kind for t in tokenize(good)], f"{good!r} tokenizes with errors"


LATEXISH = st.lists(
    st.sampled_from(
        list("\\{}_^ ab1.()[]|'&%~\n") + [r"\frac", r"\mathbf", r"\left", r"\text", r"\sqrt", r"\hat", "α"]
    ),
    max_size=30,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(LATEXISH)
def test_tokenize_and_normalize_never_raise(s: str) -> None:
    toks = tokenize(s)
    assert all(s[t.start : t.end] == t.value or t.kind == "text" for t in toks)
    out = normalize(s)
    assert isinstance(out, str)
    assert normalize(out) == normalize(normalize(out)), "normalize must be stable"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_arbitrary_text_never_raises(s: str) -> None:
    tokenize(s)
    normalize(s)
