"""Split an equation's LaTeX into the symbols a reader would ask about.

Owns: ``extract_symbols`` and ``SymbolOccurrence`` (one written occurrence of a symbol with its
accents, font, scripts and grouping key), plus the vocabularies of Greek letters, named
functions, operators and relations the splitter recognises.

The package: ``extract`` (the walk over tokens), ``roles`` (what each script does),
``occurrence`` (the values), ``vocab`` (the word lists).

Must not: look anything up in the glossary, guess meanings, or import anything heavy.

The grouping key (which forms are "the same symbol")
----------------------------------------------------
The key is the base with its accents and font, plus any script that *names a variant*; scripts
that *index* are dropped. So ``h_t``, ``h_{t-1}`` and ``h_t^j`` are all ``h``, while
``\\mathbf{W}_z``, ``d_k``, ``d_{model}``, ``\\beta_1`` and ``W^Q`` keep their script. Which script
names and which indexes is ``roles``' decision.
"""

from __future__ import annotations

from paperpal.notation.symbols.extract import extract_symbols
from paperpal.notation.symbols.occurrence import SymbolOccurrence
from paperpal.notation.symbols.roles import INDEX_LETTERS
from paperpal.notation.symbols.vocab import (
    ACCENTS,
    FONTS,
    FUNCTION_WORDS,
    FUNCTIONS,
    GREEK,
    OPERATORS,
    RELATIONS,
    TEX_FUNCTIONS,
)

__all__ = [
    "ACCENTS", "FONTS", "FUNCTION_WORDS", "FUNCTIONS", "GREEK", "INDEX_LETTERS", "OPERATORS",
    "RELATIONS", "TEX_FUNCTIONS", "SymbolOccurrence", "extract_symbols",
]  # fmt: skip
