"""The learned half of the definition finder, on real SymLink paragraphs and real corpus papers.

The SymLink paragraphs are from the ranker's training papers (never the final test papers);
the corpus papers are read from their LaTeX source as a user's report reads them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from paperpal.extract.latex import read_latex
from paperpal.notation.definitions import Definition, definition_candidates, find_definitions
from paperpal.notation.definitions.engine import rule_definitions
from paperpal.notation.definitions.ranker import model
from tests.conftest import SHARED

SYMLINK = SHARED / "datasets" / "symlink" / "train"
PACKAGE = Path(__file__).resolve().parents[2] / "paperpal" / "notation" / "definitions"


def symlink_paragraph(file: str, paragraph_id: str) -> dict:
    path = SYMLINK / file
    if not path.is_file():
        pytest.fail(f"the SymLink data is missing: expected {path}")
    return json.loads(path.read_text(encoding="utf-8"))[paragraph_id]


def gold_descriptions(paragraph: dict, d: Definition) -> list[str]:
    """The paragraph's Direct descriptions of the SYMBOL span the definition points at."""
    ents = paragraph["entity"]
    out = []
    for rel in paragraph["relation"].values():
        if rel["label"] != "Direct":
            continue
        a, b = ents[rel["arg0"]], ents[rel["arg1"]]
        sym, desc = (a, b) if a["label"] == "SYMBOL" else (b, a)
        if sym["start"] <= d.start < sym["end"]:
            out.append(desc["text"])
    return out


def learned(defs: list[Definition]) -> dict[str, str]:
    return {d.symbol: d.description for d in defs if d.pattern == "learned"}


@pytest.mark.parametrize(
    ("file", "paragraph_id", "symbol", "description"),
    [
        # "by $\cc(g)$ the conjugacy class of $g$": "denote by X the Y", no verb after the symbol.
        (
            "math.co-ann7.json",
            "1804.09787v1.Interleaved_group_products/paragraph_125",
            r"\cc(g)",
            "the conjugacy class",
        ),
        # "which belong to gene $j$": a lone noun the rules do not trust before a letter.
        (
            "q_bio.qm-ann11.json",
            "1605.08001v1.Analysis_of_differential_splicing_suggests_different_modes_of_short_term_splicing_regulation/paragraph_8",
            "j",
            "gene",
        ),
    ],
)
def test_learned_definitions_on_symlink_paragraphs(
    file: str, paragraph_id: str, symbol: str, description: str
) -> None:
    paragraph = symlink_paragraph(file, paragraph_id)
    text = paragraph["text"]
    assert symbol not in {d.symbol for d in rule_definitions(text)}, "the rules leave it unexplained"
    defs = find_definitions(text)
    assert learned(defs).get(symbol) == description
    (d,) = [d for d in defs if d.symbol == symbol and d.pattern == "learned"]
    assert text[d.start : d.end] == symbol, "offsets point at the symbol in the paragraph"
    assert model().threshold <= d.confidence < 1
    assert any(description.split()[-1] in g for g in gold_descriptions(paragraph, d)), (
        "SymLink's annotators agree"
    )


def test_a_symbol_the_annotators_linked_to_nothing_gets_nothing() -> None:
    # "If $d_0=0$, then the optimal pairs ... are $(v_{min}, v_{max})$": $d_0$ is only a condition.
    paragraph = symlink_paragraph(
        "econ.th-ann5.json",
        "2101.01155v2.Bus_operators_in_competition_a_directed_location_approach/paragraph_43",
    )
    assert "d_0" not in {d.symbol for d in find_definitions(paragraph["text"])}


def test_claims_and_verbs_are_not_learned_definitions() -> None:
    """Sentences of the corpus papers where a careless reader would invent a definition."""
    for text in [
        r"Note that $U(p_g,D)$ is convex in $p_g$.",  # a property, not a name (1406.2661)
        r"$\bullet$ Sample minibatch of $m$ noise samples $\{\mathbf{z}^{(1)},...,\mathbf{z}^{(m)}\}$ from noise prior.",
        r"We show Adam has $O(T)$ regret bound and a proof is given in the appendix.",  # big-O (1412.6980)
        r"On the ImageNet dataset we evaluate residual nets with a depth of up to 152 layers---8$\times$ deeper than VGG nets.",
        r"$i, j$ index the location in the patch, and $a, b$ index the location in the original image.",
    ]:
        assert learned(find_definitions(text)) == {}, text


def test_learned_definitions_in_a_corpus_paper(corpus_source) -> None:
    # 1711.00123: "... with weight matrices $W_q,W_p$ and bias vectors $\beta_q,\beta_p$".
    document = read_latex(corpus_source("1711.00123"))
    found = definition_candidates(document)
    assert [(d.description, d.pattern) for d in found["W_p"]] == [("weight matrices", "learned")]
    assert [(d.description, d.pattern) for d in found[r"\beta_p"]] == [("bias vectors", "learned")]
    assert "weight matrices" in found["W_p"][0].sentence


def test_rules_first_across_a_paper(corpus_source) -> None:
    """The decoder gets a learned definition only for a symbol no rule explains anywhere."""
    for paper_id in ("1711.00123", "1603.07285"):
        document = read_latex(corpus_source(paper_id))
        for key, defs in definition_candidates(document).items():
            patterns = {d.pattern for d in defs}
            assert "learned" not in patterns or patterns == {"learned"}, (paper_id, key, defs)
            for d in defs:
                if d.pattern == "learned":
                    assert d.confidence >= model().threshold


def test_a_learned_definition_never_displaces_a_rule_in_one_paragraph() -> None:
    text = r"where $z_t$ is the update gate and the reset gate $r_t$ decides what to forget."
    rules = rule_definitions(text)
    assert [d for d in find_definitions(text) if d.pattern != "learned"] == rules


def test_the_shipped_model_is_small() -> None:
    for name in ("ranker.json", "lexicon.json"):
        size = (PACKAGE / name).stat().st_size
        assert size < 200_000, f"{name} is {size} bytes"
    data = json.loads((PACKAGE / "ranker.json").read_text(encoding="utf-8"))
    assert 0 < data["threshold"] < 1 and data["weights"]
