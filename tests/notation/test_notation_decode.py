"""decode(): every symbol of a paper grouped and explained, every equation rendered and read.

The small tests build their own glossary; the corpus tests read real papers from ../shared and
use the shipped glossary.
"""

from __future__ import annotations

import tarfile
from pathlib import Path

import pytest

from paperpal.glossary.model import Glossary
from paperpal.models import Document, Equation, GlossarySymbol, InlineMath, Paragraph, Sense
from paperpal.notation.claims import threshold
from paperpal.notation.decode import Decoded, decode

SIGMA = GlossarySymbol(
    id="sigma",
    latex=(r"\sigma",),
    read_as="sigma",
    kind="letter",
    senses=(
        Sense(meaning="The logistic sigmoid.", denotes="logistic-sigmoid", applied=True, cues=("gate",)),
        Sense(meaning="A standard deviation.", cues=(r"\mu", "^2", "variance", "deviation")),
    ),
)
LETTER_W = GlossarySymbol(
    id="w", latex=("W",), read_as="W", kind="letter", senses=(Sense(meaning="A weight matrix."),)
)
LETTER_X = GlossarySymbol(
    id="x", latex=("x",), read_as="x", kind="letter", senses=(Sense(meaning="The input."),)
)
BOLD = GlossarySymbol(
    id="bold", latex=(r"\mathbf{x}",), read_as="bold", kind="font", senses=(Sense(meaning="Bold: a vector."),)
)
SMALL = Glossary.from_entries([SIGMA, LETTER_W, LETTER_X, BOLD], [])


def doc(*blocks: Equation | Paragraph) -> Document:
    return Document(title="t", source="latex", blocks=blocks)


def test_meaning_order_of_authority() -> None:
    d = doc(
        Equation(
            id="eq-1",
            latex=r"z_t = \sigma(W_z \mathbf{x}_t + \mathbf{V} q_t)",
            number="1",
            context_after=r"where $z_t$ is the update gate.",
        )
    )
    result = decode(d, SMALL)
    assert isinstance(result, Decoded)
    by = {s.latex: s for s in result.symbols}
    assert [s.latex for s in result.symbols] == ["z", r"\sigma", "W_z", r"\mathbf{x}", r"\mathbf{V}", "q"]
    assert (by["z"].source, by["z"].meaning) == ("paper", "the update gate")
    assert by["z"].evidence == r"where $z_t$ is the update gate."
    assert 0.0 < by["z"].confidence <= 1.0
    assert (by[r"\sigma"].source, by[r"\sigma"].meaning) == ("glossary", "The logistic sigmoid.")
    # W_z falls back to W's entry, but which weight matrix the label z names only the paper can
    # say: the reading is offered, never stated.
    assert by["W_z"].meaning == "A weight matrix; here the one labelled z"
    assert not by["W_z"].certain and by["W_z"].confidence <= 0.5
    assert by[r"\mathbf{x}"].meaning == "The input.", "bold x is still x; the font family entry is a fallback"
    assert by[r"\mathbf{V}"].source == "convention" and "matrix" in (by[r"\mathbf{V}"].meaning or "")
    assert not by[r"\mathbf{V}"].certain, "a convention is never stated as fact"
    assert by["q"].meaning is None and by["q"].source is None, "nothing explains q: not explained"
    assert by["q"].confidence == 0.0 and not by["q"].certain
    assert by["z"].equations == ("eq-1",)
    assert "subscript t: the time step" in by["z"].conventions
    (info,) = result.equations
    assert info.symbols == ("z", r"\sigma", "W_z", r"\mathbf{x}", r"\mathbf{V}", "q")
    assert info.text.startswith("zₜ = σ(")
    assert info.literal.startswith("z sub t equals sigma of open paren W sub z")


def test_sense_chosen_by_context() -> None:
    gate = decode(doc(Equation(id="eq-1", latex=r"r = \sigma(W x)")), SMALL)
    spread = decode(doc(Equation(id="eq-1", latex=r"x \sim \mathcal{N}(\mu, \sigma^2)")), SMALL)
    assert {s.latex: s.meaning for s in gate.symbols}[r"\sigma"] == "The logistic sigmoid."
    assert {s.latex: s.meaning for s in spread.symbols}[r"\sigma"] == "A standard deviation."


def test_inline_math_contributes_symbols_but_not_equations() -> None:
    text = r"Let $\eta$ be the learning rate."
    d = doc(
        Paragraph(id="p-1", text=text, math=(InlineMath(r"\eta", 4, 10),)),
        Equation(id="eq-1", latex=r"\theta \leftarrow \theta - \eta g"),
    )
    by = {s.latex: s for s in decode(d, SMALL).symbols}
    assert by[r"\eta"].meaning == "the learning rate" and by[r"\eta"].source == "paper"
    assert by[r"\eta"].equations == ("eq-1",)


def test_unbalanced_latex_is_a_warning_not_a_crash() -> None:
    result = decode(doc(Equation(id="eq-1", latex=r"x = \frac{a}{b", number="3")), SMALL)
    assert result.warnings and "(3)" in result.warnings[0], result.warnings


# ------------------------------------------------------------------------------------------
# Real papers
# ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    from paperpal.glossary.loader import load_glossary

    return load_glossary(None)  # a glossary that does not load is a failure of the product


def read(corpus: Path, paper_id: str, tmp_path_factory: pytest.TempPathFactory) -> Document:
    folder = corpus / paper_id
    if (folder / "source.tar.gz").exists():
        from paperpal.extract.latex import read_latex

        target = tmp_path_factory.mktemp(f"src-{paper_id}")
        with tarfile.open(folder / "source.tar.gz") as tar:
            tar.extractall(target, filter="data")
        return read_latex(target)
    from paperpal.extract.pdf import read_pdf

    return read_pdf(folder / "paper.pdf")


def test_gru_paper_from_its_damaged_pdf(corpus: Path, glossary: Glossary, tmp_path_factory) -> None:
    document = read(corpus, "1412.3555", tmp_path_factory)
    result = decode(document, glossary)
    by = {s.latex: s for s in result.symbols}
    gru = [e for e in result.equations if r"\sigma" in e.equation.latex or r"\tilde{h}" in e.equation.latex]
    assert gru, "the GRU equations were not found"
    keys = {k for e in gru for k in e.symbols}
    wanted = {
        "z": "z",
        "r": "r",
        r"\tilde{h}": "h̃",
        "h": "h",
        r"\sigma": "σ",
        r"\odot": "⊙",
        "W": "W",
        "U": "U",
    }
    for key in wanted:
        assert key in keys, f"{key} missing from the GRU equations' symbols {sorted(keys)}"
        assert by[key].meaning, f"{key} has no meaning"
    assert any(k in keys and by[k].meaning for k in ("x", r"\mathbf{x}")), "x has no meaning"
    for key, words in [("z", "update gate"), (r"\tilde{h}", "candidate activation"), ("r", "reset gate")]:
        assert by[key].source == "paper", f"{key}: expected the paper's own sentence, got {by[key].source}"
        assert words in (by[key].meaning or ""), f"{key}: {by[key].meaning!r}"
        assert by[key].evidence and words in by[key].evidence
    blend = next(e for e in result.equations if e.equation.number == "5")
    assert (
        blend.spoken_meaning
        and "blend" in blend.spoken_meaning
        and "candidate activation" in blend.spoken_meaning
    )


def test_attention_paper(corpus: Path, glossary: Glossary, tmp_path_factory) -> None:
    result = decode(read(corpus, "1706.03762", tmp_path_factory), glossary)
    by = {s.latex: s for s in result.symbols}
    for key in ["Q", "K", "V", "d_k", r"\mathrm{softmax}", r"\sqrt"]:
        assert key in by, f"{key} not found among {sorted(by)}"
        assert by[key].meaning, f"{key} is not explained"


def test_naming_script_that_names_a_function_of_the_paper(
    corpus: Path, glossary: Glossary, tmp_path_factory
) -> None:
    """theta_g and theta_d in the GAN paper: the parameters of G (the generator) and of D (the
    discriminator), because the paper applies G and D and says what they are; W_1 in the
    ResNet paper stays "the one labelled 1" (no function is named 1)."""
    by = {s.latex: s for s in decode(read(corpus, "1406.2661", tmp_path_factory), glossary).symbols}
    assert by[r"\theta_g"].meaning and "G's (" in by[r"\theta_g"].meaning
    assert "generator" in by[r"\theta_g"].meaning
    assert by[r"\theta_d"].meaning and "D's (" in by[r"\theta_d"].meaning
    assert "discriminator" in by[r"\theta_d"].meaning
    resnet = {s.latex: s for s in decode(read(corpus, "1512.03385", tmp_path_factory), glossary).symbols}
    assert resnet["W_1"].meaning == "A weight matrix; here the one labelled 1"


# Per paper: the share of distinct symbols with a meaning, certain or offered as uncertain
# (1.0 for most papers), with a margin for glossary and extraction edits. Whether those meanings
# are right is measured against hand annotations in tests/notation/test_meanings_dev.py.
FLOORS = {
    "1205.4446": 0.95, "1402.5836": 0.95, "1406.2661": 0.95, "1412.3555": 0.95, "1412.6980": 0.95,
    "1502.03167": 0.95, "1502.03492": 0.95, "1512.03385": 0.95, "1603.07285": 0.95, "1605.09410": 0.87,
    "1606.00704": 0.95, "1706.03762": 0.95, "1709.04057": 0.95, "1711.00123": 0.95, "1911.02782": 0.95,
}  # fmt: skip


@pytest.mark.parametrize("paper_id", sorted(FLOORS))
def test_share_of_symbols_explained(
    corpus: Path, glossary: Glossary, tmp_path_factory, paper_id: str
) -> None:
    document = read(corpus, paper_id, tmp_path_factory)
    result = decode(document, glossary)
    assert result.symbols, f"{paper_id}: no symbols found"
    share = sum(1 for s in result.symbols if s.meaning) / len(result.symbols)
    print(f"{paper_id}: {share:.3f} of {len(result.symbols)} symbols explained")
    assert share >= FLOORS[paper_id], (
        f"{paper_id}: only {share:.3f} of symbols explained (floor {FLOORS[paper_id]})"
    )
    assert all(0.0 <= s.confidence <= 1.0 for s in result.symbols)
    assert all(
        s.certain == (s.meaning is not None and s.confidence >= threshold()) for s in result.symbols
    ), "a meaning is stated as fact exactly when its confidence reaches the calibrated threshold"
    assert all(s.evidence for s in result.symbols if s.source == "paper"), (
        "a paper meaning without its sentence"
    )
    assert all(s.evidence is None for s in result.symbols if s.source != "paper")
    assert len(result.equations) == len(document.equations), "one EquationInfo per equation"
