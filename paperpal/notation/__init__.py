"""paperpal.notation: split equations into symbols, find the paper's own definitions, look
symbols up in the glossary, apply naming conventions, render and read equations aloud.

``decode`` is the entry point the pipeline calls; the submodules are usable on their own.
"""

from __future__ import annotations

from paperpal.notation.decode import Decoded, decode

__all__ = ["Decoded", "decode"]
