"""The definition finder's engine: split a paragraph into sentences, find each formula that
names one symbol, and ask the pattern families (verb, apposition, table) what the paper says it
is; across a document, keep every candidate and the best one per symbol.
"""

from __future__ import annotations

import re
from dataclasses import replace

from paperpal.models import Document, Equation, Paragraph
from paperpal.notation.definitions.apposition import apposition
from paperpal.notation.definitions.definition import Definition
from paperpal.notation.definitions.formulas import MATH, defined_symbol, mask_math, split_math_lists
from paperpal.notation.definitions.ranker import learned_definitions
from paperpal.notation.definitions.table import table_definitions
from paperpal.notation.definitions.text import sentences
from paperpal.notation.definitions.verb import (
    LIST_HEAD,
    LIST_TAIL,
    denoted,
    states_a_property,
    verbless,
)
from paperpal.notation.definitions.verb import (
    forward as verb_forward,
)
from paperpal.notation.symbols import SymbolOccurrence


def find_definitions(paragraph_text: str) -> list[Definition]:
    """Definitions of symbols in ``paragraph_text`` (inline math as ``$...$``), in text order:
    the rules' first, then the learned ranker's for the symbols the rules leave unexplained."""
    rules = rule_definitions(paragraph_text)
    if not isinstance(paragraph_text, str) or "$" not in paragraph_text:
        return rules
    learned = [d for d in learned_definitions(paragraph_text, rules) if not _claimed(paragraph_text, d)]
    if not learned:
        return rules
    return sorted(rules + learned, key=lambda d: d.start)


def _claimed(text: str, d: Definition) -> bool:
    """The symbol is the subject of a claim the paper makes ("we show that $X$ is ...")."""
    before = text[max(0, d.start - 300) : d.start]
    before = before[: before.rfind("$")] if "$" in before else before
    return states_a_property(before)


def rule_definitions(paragraph_text: str) -> list[Definition]:
    """The rules' definitions of symbols in ``paragraph_text``, in text order."""
    if not isinstance(paragraph_text, str) or "$" not in paragraph_text:
        return []
    out: list[Definition] = []
    # "the minimum wage ~ $w$": a tie "~" is a space (same length, so offsets still hold).
    text = re.sub(r"(?<!\\)~", " ", paragraph_text)
    # "where $f_1, f_2$ are functions": a list in one formula is read as "$f_1$, $f_2$";
    # ``where`` maps each offset of the rewritten text back to the paragraph's.
    text, where = split_math_lists(text)
    for s_start, s_end in sentences(text):
        sentence = text[s_start:s_end]
        evidence = sentence if where is None else paragraph_text[where[s_start] : where[s_end]]
        for m in MATH.finditer(sentence):
            occ = defined_symbol(m.group(1))
            if occ is None:
                continue
            found = define(sentence, m, occ)
            if found is None:
                continue
            # "The set $S$ is a compact set": both the name before the symbol and the
            # statement after it are the paper's words about it; keep both.
            also = define(sentence, m, occ, forward=False) if found[1] == "verb" else None
            inner = m.start(1) + s_start + (len(m.group(1)) - len(m.group(1).lstrip()))
            for description, pattern, confidence in [found, *([also] if also else [])]:
                out.append(
                    Definition(
                        symbol=occ.latex,
                        key=occ.key,
                        description=description,
                        sentence=" ".join(evidence.split()) if where is not None else evidence.strip(),
                        pattern=pattern,
                        confidence=confidence,
                        start=inner + occ.start if where is None else where[inner + occ.start],
                        end=inner + occ.end if where is None else where[inner + occ.end - 1] + 1,
                        formula=m.group(1).strip(),
                    )
                )
    if "&" in text:
        out += table_definitions(text)
        out.sort(key=lambda d: d.start)
    return out


def define(
    sentence: str, m: re.Match[str], occ: SymbolOccurrence, *, forward: bool = True
) -> tuple[str, str, float] | None:
    """What ``sentence`` says the symbol of the formula ``m`` is: (description, pattern,
    confidence), asking the pattern families strongest first; None when it names nothing."""
    before = sentence[: m.start()]
    after = sentence[m.end() :]
    # "Let $A$ and $B$ be the colour classes": every member of a list of symbols shares the
    # plural verb after the list (and the "let" before it).
    tail = LIST_TAIL.match(mask_math(after))
    head = LIST_HEAD.search(mask_math(before))
    list_after = after[tail.end() :] if tail else after
    list_before = before[: head.start()] if head else before
    place: tuple[int, int] | None = None  # (index, size) of the symbol in its list
    if (tail or head) and re.match(r"\s*,?\s*(?:are|be|denote|represent)\b", list_after, re.I):
        before, after = list_before, list_after
        index = head.group(0).count("$") // 2 if head else 0
        place = (index, index + 1 + (tail.group(0).count("$") // 2 if tail else 0))
    found = None
    if forward:
        # "$X$ is the ...", then "with $k$ the wavevector", "we define $E$ as the set".
        found = verb_forward(before, after, place) or verbless(before, after)
    return found or denoted(before) or apposition(before, after, m, occ, bool(tail or head))


def definition_candidates(document: Document) -> dict[str, list[Definition]]:
    """Every definition the paper's sentences give, per symbol key, in reading order.

    Sentences right around a display equation ("where $z$ is ...") are marked ``near_display``;
    they are often in the paragraphs too, and a sentence read twice counts once.
    """
    found: dict[str, list[Definition]] = {}
    seen: set[tuple[str, str, str]] = set()
    for block in document.blocks:
        if not isinstance(block, (Paragraph, Equation)):
            continue
        texts: list[tuple[str, bool]] = []
        if isinstance(block, Paragraph):
            texts = [(block.text, False)]
        elif isinstance(block, Equation):
            texts = [(block.context_before, True), (block.context_after, True)]
        for text, near in texts:
            for d in find_definitions(text):
                mark = (d.key, d.description, " ".join(d.sentence.split()))
                if mark in seen:
                    if near:  # the paragraph had it first; it is also a display's context
                        found[d.key] = [
                            replace(c, near_display=True, block=block.id)
                            if (c.key, c.description, " ".join(c.sentence.split())) == mark
                            else c
                            for c in found[d.key]
                        ]
                    continue
                seen.add(mark)
                found.setdefault(d.key, []).append(
                    replace(d, near_display=near, block=block.id, section=block.section)
                )
    # Rules first: the learned ranker speaks only for symbols no rule explains anywhere in the
    # paper, so it never reorders, outvotes or contradicts what the rules found.
    for key, defs in found.items():
        if any(d.pattern != "learned" for d in defs):
            found[key] = [d for d in defs if d.pattern != "learned"]
    return found


PATTERN_RANK = {"verb": 3, "table": 3, "denoted": 2, "apposition": 1}


def definitions_in(document: Document) -> dict[str, Definition]:
    """The best definition per symbol key: strongest pattern first, then the earliest; a learned
    one only for a symbol no rule explains."""
    best: dict[str, tuple[tuple[float, float, int], Definition]] = {}
    order = 0
    for block in document.blocks:
        texts: list[str] = []
        if isinstance(block, Paragraph):
            texts = [block.text]
        elif isinstance(block, Equation):
            # The sentences around a display ("where $z$ is ...") are often in the paragraphs
            # too; reading them twice is harmless, the first wins on ties.
            texts = [block.context_before, block.context_after]
        for text in texts:
            for d in find_definitions(text):
                order += 1
                score = (float(d.pattern != "learned"), d.confidence, -order)
                if d.key not in best or score > best[d.key][0]:
                    best[d.key] = (score, d)
    return {k: v[1] for k, v in best.items()}
