"""A tokenizer and canonical spelling for LaTeX math, at the bottom of paperpal's layers.

Owns: splitting a math-mode LaTeX string into tokens (``tokenize``) and turning it into one
canonical spelling for lookups (``normalize``), so that the glossary, the notation decoder and
the glossary checker all agree on when two spellings mean the same symbol.

Must not: import anything outside the standard library (the glossary checker uses it, and it
must stay instant), raise on any input, or know what a symbol means.

Token kinds
-----------
``command``  ``\alpha``, ``\frac``, ``\\{``, ``\\|`` (value includes the backslash)
``letter``   one letter (ASCII or any Unicode letter)
``digit``    a run of digits, with at most one decimal point inside: ``3``, ``10``, ``0.5``
``symbol``   any other single character: ``+ - = ( ) [ ] | < > , . ; : ! / * ' @ #``
``open`` / ``close``   ``{`` and ``}`` (only braces group in TeX; parentheses are symbols)
``sub`` / ``sup``      ``_`` and ``^``
``space``    whitespace, ``~`` and spacing commands (``\\,`` ``\\;`` ``\\quad`` ...)
``align``    ``&`` and ``\\`` (alignment and row breaks)
``comment``  ``% ...`` up to the end of the line
``text``     the raw content of ``\text{...}``-like commands (the braces are open/close tokens)
``error``    a lone trailing backslash, an unmatched ``}``, a ``{`` never closed

Canonical spelling (decisions)
------------------------------
- Whitespace and spacing commands are dropped; a space is kept only where TeX needs one
  (``\alpha x``).
- Arguments are always braced: ``\\mathbf x`` == ``\\mathbf{x}`` == ``\\mathbf{ x }``,
  ``x_t`` == ``x_{t}``, ``\frac12`` == ``\frac{1}{2}``. Redundant braces around one atom go:
  ``{x}_t`` == ``x_{t}``.
- Subscript before superscript: ``x^2_i`` == ``x_{i}^{2}``.
- A text-font command around one letter or digit is a symbol in that math font:
  ``\textbf{c}`` == ``\\mathbf{c}`` (its token is the ``\\mathbf`` command); around a word it stays
  text. Upright ones (``\text{d}``, ``\textrm{T}``) always stay text.
- Bold is bold: ``\boldsymbol``, ``\bm``, ``\\pmb``, ``\\mathbold`` and ``\bf`` all become
  ``\\mathbf``. Papers pick one of them for typographic reasons (``\\mathbf`` cannot bold Greek),
  and the reader sees the same bold letter, with the same convention (bold = vector or matrix).
- Upright names are names: ``\\operatorname``, ``\\operatorname*``, ``\text``, ``\textrm``,
  ``\\mbox``, ``\rm`` become ``\\mathrm``.
- Sizing is not meaning: ``\\left``, ``\right``, ``\big``... are dropped (``\\left(`` == ``(``);
  ``\\dfrac`` and ``\tfrac`` are ``\frac``; ``\\displaystyle`` and friends are dropped.
- Synonyms: ``\\le``/``\\leq``, ``\\ge``/``\\geq``, ``\ne``/``\neq``, ``\to``/``\rightarrow``,
  ``\\Vert``/``\\lVert``/``\rVert``/``\\|``, ``\vert``/``\\lvert``/``\rvert``/``|``,
  ``\\lbrace``/``\\{``, ``\\colon``/``:``.
- ``^\top``, ``^T`` and ``^\\intercal`` stay distinct: ``T`` may be a count, not a transpose.

The package: ``tokens`` (the tokenizer and its vocabularies) and ``normal`` (the canonical
spelling).
"""

from paperpal.mathtokens.normal import normalize
from paperpal.mathtokens.tokens import COMMAND_ARITY, TEXT_COMMANDS, Token, tokenize

__all__ = ["Token", "tokenize", "normalize", "COMMAND_ARITY", "TEXT_COMMANDS"]
