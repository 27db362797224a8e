"""Decode a paper's notation: every symbol grouped, explained, and every equation read aloud.

Owns: ``decode(document, glossary) -> Decoded``, which joins the other notation modules: symbols
(what is written), definitions (what the paper says), the glossary (the standard meaning, its
sense chosen by context), conventions (what the typography says) and rendering/speaking.

Meaning, in order of authority: the paper's own definition (source "paper", evidence = the
sentence; except a bare type such as "a matrix $Q$" when the glossary knows more) > the glossary (source "glossary") > a naming convention (source "convention") >
None ("not explained"). Never a guess presented as fact.

Must not: fetch, read files, or import sympy at module level (``render.pretty`` does it lazily).
"""

from __future__ import annotations

import re
import time
from collections import Counter
from dataclasses import dataclass, field, replace

from paperpal.glossary.model import Glossary
from paperpal.mathtokens import tokenize
from paperpal.models import (
    Block,
    Document,
    Equation,
    EquationInfo,
    GlossarySymbol,
    Paragraph,
    Sense,
    SymbolInfo,
)
from paperpal.notation.conventions import convention_meaning, conventions_for
from paperpal.notation.definitions import Definition, definitions_in
from paperpal.notation.prose import to_speech
from paperpal.notation.render import pretty, to_unicode, worth_drawing
from paperpal.notation.speak import by_meaning, literal
from paperpal.notation.symbols import SymbolOccurrence, extract_symbols

# Drawing with sympy costs ~0.1-0.3 s per equation; a paper with hundreds of displays must still
# decode in about a second, so drawings stop once this budget is spent (in reading order, so the
# result is the same every run on the same machine class; the TUI can draw the rest on demand).
PRETTY_BUDGET_SECONDS = 0.6
# Formulas (display and inline) decoded per paper. The corpus's densest paper has about 650 and a
# long thesis a few thousand; past this, a generated or runaway source would take minutes, so the
# rest are shown as written with a warning.
MAX_FORMULAS = 5_000
_KINDS = frozenset({"identifier", "operator", "function", "relation", "set"})


@dataclass(frozen=True, slots=True)
class Decoded:
    equations: tuple[EquationInfo, ...] = ()
    symbols: tuple[SymbolInfo, ...] = ()
    warnings: tuple[str, ...] = field(default=())


@dataclass(slots=True)
class _Group:
    key: str
    occurrences: list[SymbolOccurrence] = field(default_factory=list)
    equations: dict[str, None] = field(default_factory=dict)  # display equation ids, in order
    math: list[str] = field(default_factory=list)  # LaTeX it appears in
    text: list[str] = field(default_factory=list)  # sentences around it


def decode(document: Document, glossary: Glossary, *, draw: bool = True) -> Decoded:
    """Everything the notation layer knows about ``document``'s symbols and equations."""
    warnings: list[str] = []
    groups: dict[str, _Group] = {}

    def add(occ: SymbolOccurrence, math: str, text: str, equation_id: str | None) -> None:
        if occ.kind not in _KINDS:
            return
        group = groups.setdefault(occ.key, _Group(occ.key))
        group.occurrences.append(occ)
        if equation_id:
            group.equations.setdefault(equation_id)
        if len(group.math) < 12 and math not in group.math:
            group.math.append(math)
            group.text.append(text)

    per_equation: list[tuple[Equation, list[SymbolOccurrence]]] = []
    cut = _formula_cut(document.blocks)
    skipped = [b for b in document.blocks[cut:] if isinstance(b, Equation)]
    if cut < len(document.blocks):
        total = sum(
            1 if isinstance(b, Equation) else len(b.math)
            for b in document.blocks[cut:]
            if isinstance(b, (Equation, Paragraph))
        )
        warnings.append(
            f"the paper has more than {MAX_FORMULAS:,} formulas; only the first {MAX_FORMULAS:,} were "
            f"decoded, the other {total:,} are shown as written"
        )
        document = replace(document, blocks=document.blocks[:cut])
    for block in document.blocks:
        if isinstance(block, Equation):
            occs = extract_symbols(block.latex)
            per_equation.append((block, occs))
            around = f"{block.context_before} {block.context_after}"
            for occ in occs:
                add(occ, block.latex, around, block.id if block.display else None)
            if any(t.kind == "error" for t in tokenize(block.latex)):
                label = f"({block.number})" if block.number else block.id
                warnings.append(
                    f"equation {label}: unbalanced braces in its LaTeX; symbols may be incomplete"
                )
        elif isinstance(block, Paragraph):
            for math in block.math:
                near = block.text[max(0, math.start - 200) : math.end + 200]
                for occ in extract_symbols(math.latex):
                    add(occ, math.latex, near, None)

    definitions = definitions_in(document)
    infos: dict[str, SymbolInfo] = {}
    meanings: dict[str, str] = {}  # key -> short phrase, for reading equations by meaning
    for key, group in groups.items():
        info, phrase = _explain(group, definitions.get(key), glossary)
        infos[key] = info
        if phrase:
            meanings[key] = to_speech(phrase)  # "the $N \times N$ matrix" is read, not spelled
    equations: list[EquationInfo] = []
    spent = 0.0
    if draw and any(worth_drawing(eq.latex) for eq, _ in per_equation):
        # The one-off import (~0.9 s) is not charged to the drawing budget.
        import latex2sympy2_extended  # noqa: F401
        import sympy  # noqa: F401

    for eq, occs in per_equation:
        keys = tuple(dict.fromkeys(o.key for o in occs if o.kind in _KINDS))
        drawing = None
        if draw and spent < PRETTY_BUDGET_SECONDS:
            started = time.perf_counter()
            drawing = pretty(eq.latex, timeout=max(0.05, PRETTY_BUDGET_SECONDS - spent))
            spent += time.perf_counter() - started
        equations.append(
            EquationInfo(
                equation=eq,
                text=to_unicode(eq.latex),
                pretty=drawing,
                symbols=keys,
                literal=literal(eq.latex),
                spoken_meaning=_spoken(by_meaning(eq.latex, meanings)),
            )
        )
    # Past the formula budget: listed with their LaTeX, nothing decoded.
    for block in skipped:
        equations.append(EquationInfo(equation=block, text=block.latex))
    # Symbols in order of first appearance in the paper.
    return Decoded(equations=tuple(equations), symbols=tuple(infos.values()), warnings=tuple(warnings))


def _spoken(sentence: str | None) -> str | None:
    """A sentence to be heard: any formula left in it is read aloud, never spelled as LaTeX."""
    return to_speech(sentence) if sentence else sentence


def _formula_cut(blocks: tuple[Block, ...]) -> int:
    """The index of the first block past the ``MAX_FORMULAS`` budget (``len(blocks)``: none)."""
    seen = 0
    for i, block in enumerate(blocks):
        if isinstance(block, Equation):
            seen += 1
        elif isinstance(block, Paragraph):
            seen += len(block.math)
        if seen > MAX_FORMULAS:
            return i
    return len(blocks)


def _phrase(meaning: str, sense: Sense | None, entry: GlossarySymbol | None, glossary: Glossary) -> str:
    """A short noun phrase for reading an equation by meaning ("" when there is none).

    A paper's description is already one. A glossary meaning usually opens with a name and then
    explains ("The update gate: how much ..."): the name is kept when the meaning starts like a
    noun phrase; otherwise the concept's name or the entry's name stands in.
    """
    text = meaning.strip()
    if entry is not None:
        head = re.split(r":\s|\s[-\u2014]\s|;\s|\.\s|,\s|\s\(|\.$", text, maxsplit=1)[0]
        if head.split() and head.split()[0].lower() in ("the", "a", "an"):
            text = head
        else:
            concept = glossary.concept(sense.denotes) if sense and sense.denotes else None
            text = concept.name if concept else entry.name
    return text if 0 < len(text.split()) <= 12 else ""


def _explain(group: _Group, definition: Definition | None, glossary: Glossary) -> tuple[SymbolInfo, str]:
    occs = group.occurrences
    first = occs[0]
    kind = Counter(o.kind for o in occs).most_common(1)[0][0]
    forms = tuple(dict.fromkeys(o.latex.strip() for o in occs))[:12]
    conventions: tuple[str, ...] = tuple(dict.fromkeys(c for o in occs for c in conventions_for(o)))
    entry = _glossary_entry(group.key, first, glossary)
    sense = _choose_sense(entry, group) if entry else None
    read_as = entry.read_as if entry else literal(group.key)
    glossary_id = entry.id if entry else None

    meaning: str | None = None
    source = None
    evidence = None
    if definition is not None and not (sense is not None and _names_only_a_type(definition.description)):
        meaning, source, evidence = definition.description, "paper", definition.sentence
    elif sense is not None:
        meaning, source = sense.meaning, "glossary"
    else:
        by_convention = convention_meaning(first)
        if by_convention:
            meaning, source = by_convention, "convention"
    phrase = ""
    if source == "paper" and meaning:
        phrase = _phrase(meaning, None, None, glossary)
    elif source == "glossary" and meaning:
        phrase = _phrase(meaning, sense, entry, glossary)
    info = SymbolInfo(
        latex=group.key,
        text=to_unicode(group.key),
        kind=kind,
        meaning=meaning,
        source=source,  # type: ignore[arg-type]
        evidence=evidence,
        glossary_id=glossary_id,
        read_as=read_as,
        conventions=conventions,
        forms=forms,
        equations=tuple(group.equations),
    )
    return info, phrase


_TYPE_NOUNS = frozenset(
    """matrix matrices vector vectors scalar scalars function functions set sets number numbers
    constant constants parameter parameters value values variable variables tensor tensors
    term terms element elements quantity quantities""".split()
)


def _names_only_a_type(description: str) -> bool:
    """ "a matrix", "matrices": the paper says what kind of thing, not what it is."""
    words = [w.lower() for w in re.findall(r"[A-Za-z]+", description)]
    words = [w for w in words if w not in ("a", "an", "the", "some", "two", "three")]
    return len(words) == 1 and words[0] in _TYPE_NOUNS


def _glossary_entry(key: str, occ: SymbolOccurrence, glossary: Glossary) -> GlossarySymbol | None:
    """The glossary entry for a symbol: its exact key first, then more general spellings.

    Fallbacks, in order: the key without bold (a bold x is still "the input"), the bare symbol
    without a naming script (W_z -> W: the entry says what the subscript does), and the family
    pattern of an accent (\\tilde{h} -> \\tilde{x}). An accented symbol never falls back to its
    bare letter: h-tilde is not h.
    """
    candidates = [key]
    plain = _strip_bold(key)
    candidates.append(plain)
    base_with_dress = _dress(occ)
    candidates.append(base_with_dress)
    candidates.append(_strip_bold(base_with_dress))
    if occ.accents:
        outer = occ.accents[0]
        candidates.append(f"\\{outer}{{x}}")
    family: GlossarySymbol | None = None
    for candidate in dict.fromkeys(candidates):
        entry = glossary.symbol_for(candidate)
        if entry is None:
            continue
        if entry.kind in ("font", "accent"):
            # A family pattern (\mathbf{x}: "bold means vector") says less than the letter's
            # own entry (x: "the input"): keep it only if nothing more specific turns up.
            family = family or entry
            continue
        return entry
    return family


def _strip_bold(key: str) -> str:
    return re.sub(r"\\mathbf\{([^{}]*)\}", r"\1", key)


def _dress(occ: SymbolOccurrence) -> str:
    """The symbol's base with its accents and font, no scripts: ``\\tilde{h}``, ``\\mathbf{W}``."""
    key = occ.base
    if occ.kind == "function" and not key.startswith("\\"):
        key = f"\\mathrm{{{key}}}"
    font = {"bold": "\\mathbf", "calligraphic": "\\mathcal", "blackboard": "\\mathbb", "script": "\\mathscr"}
    if occ.font in font:
        key = f"{font[occ.font]}{{{key}}}"
    for accent in reversed(occ.accents):
        key = f"\\{accent}{{{key}}}"
    return key


def _token_values(latex: str) -> list[str]:
    return [t.value for t in tokenize(latex) if t.kind not in ("space", "comment")]


def _choose_sense(entry: GlossarySymbol, group: _Group) -> Sense | None:
    """The sense whose cues appear around the symbol, and whose ``applied`` fits its use."""
    if not entry.senses:
        return None
    # Cues that look like LaTeX (or a lone letter) must appear in the math, token for token
    # ("a" is not found inside "\\alpha"); word cues are matched in the sentences around it.
    math = " " + " ".join(" ".join(_token_values(m)) for m in group.math) + " "
    lowered = " ".join(group.text).lower()
    applied = sum(1 for o in group.occurrences if o.applied) * 2 > len(group.occurrences)
    best: tuple[float, int] | None = None
    chosen = entry.senses[0]
    for index, sense in enumerate(entry.senses):
        score = 0.0
        for cue in sense.cues:
            if not cue:
                continue
            if cue.isalpha() and len(cue) >= 3:
                if re.search(rf"\b{re.escape(cue.lower())}", lowered) or f" {cue} " in math:
                    score += 1
            elif " " + " ".join(_token_values(cue)) + " " in math:
                # A lone letter nearby is weak evidence (H is not always a height).
                score += 0.5 if len(cue) == 1 else 1
        if sense.applied is not None:
            score += 1.5 if sense.applied == applied else -1.5
        rank = (score, -index)
        if best is None or rank > best:
            best, chosen = rank, sense
    # The first sense is the default: another one needs real evidence to displace it.
    if best is not None and chosen is not entry.senses[0] and best[0] < 1:
        return entry.senses[0]
    return chosen
