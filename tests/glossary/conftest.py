"""Fixtures for the glossary tests: small glossaries written as real TOML files in tmp dirs."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

FOUNDATIONS = """
[number]
name = "number"
summary = "A quantity you can count or measure."
requires = []

[function]
name = "function"
aliases = ["functions"]
summary = "A rule that turns an input into exactly one output."
requires = []
"""

CONCEPTS = """
[vector]
name = "vector"
aliases = ["vectors"]
summary = "An ordered list of numbers."
requires = ["number"]

[matrix]
name = "matrix"
aliases = ["matrices"]
summary = "A grid of numbers."
requires = ["number"]

[matrix-vector-product]
name = "matrix-vector product"
aliases = ["matrix-vector products"]
summary = "Each output entry is the dot product of one matrix row with the vector."
requires = ["matrix", "vector"]

[neural-network]
name = "neural network"
aliases = ["neural networks", "neural net"]
abbreviations = ["NN"]
summary = "Layers of matrix-vector products and squashing functions."
requires = ["function", "matrix-vector-product"]

[recurrent-neural-network]
name = "recurrent neural network"
aliases = ["recurrent neural networks", "recurrent network"]
abbreviations = ["RNN"]
summary = "A network that reads a sequence one step at a time, carrying a hidden state."
requires = ["neural-network"]

[gated-recurrent-unit]
name = "gated recurrent unit"
aliases = ["gated recurrent units"]
abbreviations = ["GRU"]
summary = "A recurrent unit with an update gate and a reset gate."
requires = ["recurrent-neural-network"]
see_also = ["long-short-term-memory"]

[long-short-term-memory]
name = "long short-term memory"
abbreviations = ["LSTM"]
summary = "A recurrent unit with a memory cell and three gates."
requires = ["recurrent-neural-network"]
"""

SYMBOLS = """
[sigma]
latex = ['\\sigma']
name = "sigma"
read_as = "sigma"
kind = "letter"
senses = [
  { context = "applied, as in a gate", denotes = "function", applied = true, meaning = "A squashing function." },
  { context = "next to a mean", cues = ['\\mu'], meaning = "A spread." },
]
example = "sigma(0) = 0.5"

[odot]
latex = ['\\odot', '\\circ']
name = "elementwise product"
read_as = "times, entry by entry"
kind = "operator"
meaning = "Multiply two arrays entry by entry."
denotes = "matrix-vector-product"
example = "[1, 2] odot [3, 4] = [3, 8]"
"""


def write_glossary(root: Path, files: dict[str, str]) -> Path:
    """Write ``{"concepts/x.toml": text, ...}`` under ``root`` and return ``root``."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def good_files() -> dict[str, str]:
    return {
        "concepts/foundations.toml": FOUNDATIONS,
        "concepts/ml.toml": CONCEPTS,
        "symbols/basic.toml": SYMBOLS,
    }


@pytest.fixture
def make_glossary(tmp_path: Path) -> Callable[..., Path]:
    """``make_glossary(**{"concepts/extra.toml": "..."})``: the good glossary plus/overridden by
    the given files, written to a fresh folder."""
    counter = iter(range(1000))

    def make(files: dict[str, str] | None = None, *, base: bool = True) -> Path:
        root = tmp_path / f"glossary-{next(counter)}"
        contents = good_files() if base else {}
        contents.update(files or {})
        return write_glossary(root, contents)

    return make
