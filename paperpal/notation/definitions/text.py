"""Sentences and clauses of a paragraph with inline math.

Owns: ``sentences`` (never split inside inline math, never across a display or a table row) and
``cut`` (a description up to the end of its clause, balanced, without pointers such as "in
Section \\ref{..}" or "\\cite{..}").
"""

from __future__ import annotations

import re

from paperpal.notation.definitions.formulas import mask_math
from paperpal.notation.definitions.words import DETERMINERS

CLAUSE_END = re.compile(
    r"[.;:](?:\s|$)|,\s|\n|\\begin|\\\\|\s(?:and|which|while|whereas|where|that\s+is|i\.e\.|e\.g\.|so\s+that|"
    r"such\s+that|respectively|if|when|because|since|but|whose)\b|\s\(\s*(?:see|cf|e\.g)"
    # Pointers and conditions are not part of a name: "the constant in Corollary \ref{c}", "the
    # distribution defined in Equation (3)", "the embedding of $c_k$ for $1 \le k \le l$", "\cite".
    r"|\s*\\cite[a-z]*\{|\s(?:defined|given|introduced|described)\s+(?:in|by)\s+(?:eq|eqs|equation|"
    r"section|sec|theorem|lemma|corollary|proposition|definition|appendix|\\eqref|\\ref|\()"
    r"|\s(?:in|of|from)\s+(?:theorem|lemma|corollary|proposition|definition|section|appendix|eq\.?|"
    r"equation)\s*\\(?:ref|eqref)\b"
    r"|\sfor\s+(?:all\s+|every\s+|each\s+|some\s+)?\$x+\$(?=\s*(?:[.,;]|$))",
    re.I,
)
MAX_WORDS = 16
# Display math written inside a paragraph ("$$...$$", "\\[...\\]", "\\begin{equation}..."): never
# part of a sentence. Left in, its "$$" would pair the inline "$" signs after it wrongly, and the
# "where $C$ is ..." that follows a display would be glued to the prose before it.
DISPLAY = re.compile(
    r"\$\$[^$]{0,5000}\$\$|\\\[.{0,5000}?\\\]"
    r"|\\begin\{(equation|align|eqnarray|gather|multline|displaymath|math|subequations|array)(\*?)\}"
    r".{0,5000}?\\end\{\1\2\}",
    re.S,
)
# Breaks that end a sentence without a full stop: list items, table rows and cells.
BREAK = re.compile(r"\\\s?item\b|\\\\|(?<!\\)&|\n\s*\n")


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; never splits inside inline math, never spans a display."""
    spans: list[tuple[int, int]] = []
    start = 0
    for d in DISPLAY.finditer(text):
        spans += prose_sentences(text, start, d.start())
        start = d.end()
    spans += prose_sentences(text, start, len(text))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def prose_sentences(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """The sentences of ``text[lo:hi]`` (prose with inline math only), as offsets in ``text``."""
    masked = mask_math(text[lo:hi])
    spans = []
    start = 0
    for m in re.finditer(r"(?P<stop>(?<=[.!?])\s+(?=[A-Z$\\(\[]))|" + BREAK.pattern, masked):
        if m.group("stop"):
            before = masked[max(0, m.start() - 6) : m.start()].lower()
            if re.search(r"\b(?:e\.g|i\.e|eq|eqs|fig|sec|al|cf|vs|resp)\.$", before):
                continue
        spans.append((lo + start, lo + m.start()))
        start = m.end()
    spans.append((lo + start, hi))
    return spans


def cut(desc: str) -> str:
    """The description up to the end of its clause, without a trailing "respectively"."""
    masked = mask_math(desc)
    m = CLAUSE_END.search(masked)
    out = desc[: m.start()] if m else desc
    words = out.split()
    if len(words) > MAX_WORDS:
        return ""
    out = balanced_prefix(out).strip().rstrip(",;:.")
    out = re.sub(r"\s+respectively$", "", out, flags=re.I)
    if m and re.match(r"\s(?:which|whose|where)", m.group(0), re.I):
        # "an interval on [which ...]": the preposition belongs to the cut-off clause.
        out = re.sub(r"\s+(?:on|in|of|for|with|to|at|by|from|over|under)$", "", out, flags=re.I)
    # "the input image ($H$ [, ...])": a bracket the cut left open goes with what follows it.
    out = closed_prefix(out)
    if not [w for w in re.findall(r"[A-Za-z]+", mask_math(out)) if w.lower() not in DETERMINERS]:
        return ""  # "the" alone, or only a formula: nothing said in words
    # An unbalanced "$" would cut a formula in half: drop the description.
    if out.count("$") % 2:
        return ""
    return out.strip()


def closed_prefix(text: str) -> str:
    """``text`` before the first bracket it opens and never closes ("the image ($H$" -> "the image")."""
    opened: list[int] = []
    for i, ch in enumerate(mask_math(text)):
        if ch in "([":
            opened.append(i)
        elif ch in ")]" and opened:
            opened.pop()
    return text[: opened[0]].rstrip() if opened else text


def balanced_prefix(text: str) -> str:
    """``text`` up to a closing bracket it never opened ("the colour channel)" loses the ")")."""
    depth = 0
    for i, ch in enumerate(mask_math(text)):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
            if depth < 0:
                return text[:i]
    return text
