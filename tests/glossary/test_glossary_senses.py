"""The shipped symbol senses, as the decoder reads them: names a reader can look up, evidence
that is counted once, and a first sense that is general or a hedge.

These are properties of the glossary's text (``glossary/symbols/*.toml``), read through the same
functions the decoder uses (``named_meaning``, ``is_specific``, ``is_hedge``).
"""

from __future__ import annotations

import pytest

from paperpal.glossary.loader import load_glossary
from paperpal.glossary.model import Glossary
from paperpal.notation.glossary_meanings import is_hedge, is_specific, named_meaning


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary(None)


# What a reader sees for these symbols must contain the name they would search for.
NAMED = {
    "\\tanh": "hyperbolic tangent",
    "\\odot": "hadamard",
    "\\mathrm{KL}": "kullback-leibler",
    "\\mathrm{Var}": "variance",
    "\\mathrm{Cov}": "covariance",
    "\\int": "integral",
    "\\nabla": "gradient",
    "\\partial": "partial derivative",
    "\\mathbb{E}": "expectation",
    "\\|": "norm",
    "\\lfloor": "floor",
    "\\bmod": "modulo",
    "\\sum": "sum",
    "\\mathrm{softmax}": "softmax",
    "\\min": "minimum",
    "\\max": "maximum",
    "\\arg\\max": "argmax",
    "\\mathcal{O}": "big-o",
    "\\mathrm{ReLU}": "rectified linear unit",
    "\\mathrm{LayerNorm}": "layer normalization",
}


@pytest.mark.parametrize("latex", sorted(NAMED))
def test_the_first_reading_of_a_named_symbol_says_its_name(glossary: Glossary, latex: str) -> None:
    entry = glossary.symbol_for(latex)
    assert entry is not None, f"no glossary entry for {latex}"
    shown = named_meaning(entry, entry.senses[0], glossary)
    assert NAMED[latex] in shown.lower(), f"{latex} reads {shown!r}"


def test_every_sense_opens_without_a_prefix_the_decoder_must_add(glossary: Glossary) -> None:
    """A single-sense operator's meaning names itself, so the reader sees one name, not two."""
    prefixed = [
        e.id
        for e in glossary.symbols.values()
        for s in e.senses
        if named_meaning(e, s, glossary) != s.meaning.strip()
    ]
    assert prefixed == []


def test_no_word_cue_is_counted_twice(glossary: Glossary) -> None:
    """Word cues match at the start of a word, so 'gate' already covers 'gates' and 'gated'."""
    doubled = []
    for e in glossary.symbols.values():
        for i, s in enumerate(e.senses):
            words = [c.lower() for c in s.cues if c.isalpha() and len(c) >= 3]
            doubled += [
                f"{e.id} sense {i}: {w}" for w in words if any(w != v and w.startswith(v) for v in words)
            ]
    assert doubled == []


def test_a_letter_with_several_senses_starts_with_a_general_reading_or_a_hedge(glossary: Glossary) -> None:
    """With no evidence the decoder falls back to a general sense; a field's sense (h as a GRU
    state) may come first only when a general one follows it."""
    bad = []
    for e in glossary.symbols.values():
        if e.kind != "letter" or len(e.senses) < 2:
            continue
        specific = [is_specific(e, s, glossary) for s in e.senses]
        if specific[0] and all(specific) and not is_hedge(e.senses[0].meaning):
            bad.append(e.id)
    assert bad == []


def test_h_tilde_and_circled_times_are_not_stated_without_evidence(glossary: Glossary) -> None:
    """The issue's examples: a GRU's candidate state and the Kronecker product need their marks."""
    h_tilde = glossary.symbol_for("\\tilde{h}_t")
    assert h_tilde is not None and all(is_specific(h_tilde, s, glossary) for s in h_tilde.senses)
    assert all(s.cues for s in h_tilde.senses)
    otimes = glossary.symbol_for("\\otimes")
    assert otimes is not None and is_hedge(otimes.senses[0].meaning)
