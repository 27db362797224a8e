"""Decode a paper's notation: every symbol grouped, explained, and every equation read aloud.

Owns: ``decode(document, glossary) -> Decoded``, which joins the other notation modules: symbols
(what is written), definitions (what the paper says), the glossary (the standard meaning, its
sense chosen by context), conventions (what the typography says) and speaking.

Each symbol's meaning is the most likely of its candidates (``meanings.choose``: the paper's own
definitions, the glossary sense, the convention), with the calibrated confidence of
``claims``; only a meaning at or above the threshold is stated as fact (``SymbolInfo.certain``),
and a symbol nothing explains has no meaning ("not explained"). Never a guess presented as fact.

Must not: fetch, read files, or import sympy (the equation tree, ``notation.tree``, does the
structural work; sympy is imported only to try an equation with numbers, ``notation.tryit``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from paperpal.glossary.model import Glossary
from paperpal.mathtokens import tokenize
from paperpal.models import (
    Block,
    Document,
    Equation,
    EquationInfo,
    GlossarySymbol,
    PaperContext,
    Paragraph,
    Sense,
    SymbolInfo,
)
from paperpal.notation.claims import threshold
from paperpal.notation.conventions import conventions_for
from paperpal.notation.definitions import Definition, definition_candidates
from paperpal.notation.glossary_meanings import naming_label
from paperpal.notation.layout import draw
from paperpal.notation.meanings import SymbolGroup, choose, kind_of
from paperpal.notation.paper_meanings import gist
from paperpal.notation.prose import to_speech
from paperpal.notation.render import to_unicode
from paperpal.notation.speak import by_meaning, literal
from paperpal.notation.symbols import SymbolOccurrence, extract_symbols

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


def decode(
    document: Document,
    glossary: Glossary,
    *,
    context: PaperContext | None = None,
    trace: list[dict[str, object]] | None = None,
) -> Decoded:
    """Everything the notation layer knows about ``document``'s symbols and equations.

    ``context`` is what else is known of the paper (its arXiv categories, the concepts its prose
    uses): evidence for choosing a glossary sense. ``trace``, when given, receives every
    candidate meaning with its features (``benchmarks/calibrate_meanings.py`` fits on them).
    """
    context = context or PaperContext()
    warnings: list[str] = []
    groups: dict[str, SymbolGroup] = {}

    def add(
        occ: SymbolOccurrence, math: str, text: str, equation_id: str | None, section: str | None = None
    ) -> None:
        if occ.kind not in _KINDS:
            return
        occ = _transposed(occ)
        group = groups.setdefault(occ.key, SymbolGroup(occ.key))
        group.occurrences.append(occ)
        if equation_id:
            group.equations.setdefault(equation_id)
            if section:
                group.sections.add(section)
        group.remember(math, text, displayed=equation_id is not None)

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
            occs = [_transposed(o) for o in extract_symbols(block.latex)]
            per_equation.append((block, occs))
            around = f"{block.context_before} {block.context_after}"
            for occ in occs:
                add(occ, block.latex, around, block.id if block.display else None, block.section)
            if any(t.kind == "error" for t in tokenize(block.latex)):
                label = f"({block.number})" if block.number else block.id
                warnings.append(
                    f"equation {label}: unbalanced braces in its LaTeX; symbols may be incomplete"
                )
        elif isinstance(block, Paragraph):
            for math in block.math:
                near = block.text[max(0, math.start - 200) : math.end + 200]
                occs = extract_symbols(math.latex)
                for occ in occs:
                    add(occ, math.latex, near, None)
                if len(occs) == 1 and occs[0].kind in _KINDS and occs[0].latex.strip() == math.latex.strip():
                    # "where $\otimes$ is ...": the paper talks about the symbol on its own.
                    groups[_transposed(occs[0]).key].alone += 1

    renamed = _merge_last_index(groups)
    definitions = definition_candidates(document)
    for old, new in renamed.items():
        definitions[new] = definitions.get(new, []) + definitions.pop(old, [])
    per_equation = [
        (eq, [replace(o, key=renamed.get(o.key, o.key)) for o in occs]) for eq, occs in per_equation
    ]
    infos: dict[str, SymbolInfo] = {}
    # key -> (short phrase, certain), for reading equations aloud and by meaning
    meanings: dict[str, tuple[str, bool]] = {}
    # Transposes last: "K^T" is read from what K is; theta_g after the G it belongs to.
    owners = {key: _owner_key(key, groups) for key in groups}
    for key, group in sorted(
        groups.items(), key=lambda kv: (kv[0].endswith(_TRANSPOSE), owners[kv[0]] is not None)
    ):
        if key.endswith(_TRANSPOSE):
            info, phrase = _explain_transpose(group, infos.get(key[: -len(_TRANSPOSE)]), meanings)
        else:
            owner_key = owners[key]
            info, phrase = _explain(
                group,
                definitions.get(key, []),
                glossary,
                context,
                document.source,
                trace,
                owner=_owner(owner_key, infos.get(owner_key)) if owner_key else None,
            )
        infos[key] = info
        if phrase:
            meanings[key] = (to_speech(phrase), info.certain)  # read, never spelled as LaTeX
    infos = {key: infos[key] for key in groups}  # back in order of first appearance
    equations: list[EquationInfo] = []
    for eq, occs in per_equation:
        keys = tuple(dict.fromkeys(o.key for o in occs if o.kind in _KINDS))
        equations.append(
            EquationInfo(
                equation=eq,
                text=to_unicode(eq.latex),
                symbols=keys,
                literal=literal(eq.latex, meanings),
                spoken_meaning=_spoken(by_meaning(eq.latex, meanings)),
                pretty=draw(eq.latex),
            )
        )
    # Past the formula budget: listed with their LaTeX, nothing decoded.
    for block in skipped:
        equations.append(EquationInfo(equation=block, text=block.latex))
    # Symbols in order of first appearance in the paper.
    return Decoded(equations=tuple(equations), symbols=tuple(infos.values()), warnings=tuple(warnings))


_TRANSPOSE = "^\\top"


def _transposed(occ: SymbolOccurrence) -> SymbolOccurrence:
    """A transposed symbol is a symbol of its own ("K^T", keyed "K^\\top"): a reader asks what
    K^T is, and the answer (the transpose of K) differs from what K is."""
    if occ.superscript_role == "transpose" and not occ.key.endswith(_TRANSPOSE):
        return replace(occ, key=occ.key + _TRANSPOSE)
    return occ


def _explain_transpose(
    group: SymbolGroup, base: SymbolInfo | None, phrases: dict[str, tuple[str, bool]]
) -> tuple[SymbolInfo, str]:
    """The transpose of a symbol: a fact of notation; what it is the transpose of comes from the
    base symbol's meaning when that is stated as fact."""
    key = group.key
    base_key = key[: -len(_TRANSPOSE)]
    said = phrases.get(base_key)
    of = said[0] if said and said[1] else None
    if of and of[:1].isupper() and of[1:2].islower():
        of = of[0].lower() + of[1:]  # "The key matrix" -> "the key matrix"
    of = of or to_unicode(base_key)
    meaning = f"the transpose of {of}: its rows and columns swapped"
    info = SymbolInfo(
        latex=key,
        text=to_unicode(key),
        kind=kind_of(group),
        meaning=meaning,
        source="glossary",
        read_as=f"{base.read_as if base and base.read_as else literal(base_key)} transpose",
        conventions=("superscript T: the transpose (rows and columns swapped)",),
        forms=tuple(dict.fromkeys(o.latex.strip() for o in group.occurrences))[:12],
        equations=tuple(group.equations),
        confidence=0.99,  # what T means here is notation (symbols.py decides it is a transpose)
        certain=True,
    )
    return info, f"the transpose of {of}"


# Capitals that name the last value of an index: x_T after x_t, w_N after w_n, f_L after f_l.
_LAST_INDEX = frozenset("TNLKMDIJS")


def _merge_last_index(groups: dict[str, SymbolGroup]) -> dict[str, str]:
    """Fold "x_T" into "x" when the paper also indexes x by t (or by numbers): the capital is
    the index's last value, not a different symbol. Returns the keys that were folded."""
    renamed: dict[str, str] = {}
    for key in list(groups):
        m = re.fullmatch(r"(?P<base>.+)_(?:\{(?P<a>[A-Z])\}|(?P<b>[A-Z]))", key)
        if not m:
            continue
        base, capital = m.group("base"), m.group("a") or m.group("b")
        target = groups.get(base)
        if capital not in _LAST_INDEX or target is None or key == base:
            continue
        index_subs = {(o.subscript or "").strip("{} ") for o in target.occurrences if o.subscript}
        lower = capital.lower()
        if not any(s == lower or re.match(rf"{lower}\s*[-+]", s) or s.isdigit() for s in index_subs):
            continue
        folded = groups.pop(key)
        target.occurrences.extend(folded.occurrences)
        for eq in folded.equations:
            target.equations.setdefault(eq)
        target.sections |= folded.sections
        target.alone += folded.alone
        for math, text, displayed in zip(folded.math, folded.text, folded.displayed, strict=True):
            target.remember(math, text, displayed=displayed)
        renamed[key] = base
    return renamed


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


def _owner_key(key: str, groups: dict[str, SymbolGroup]) -> str | None:
    """The function a one-letter naming script names: "G" for theta_g or L_G when the paper
    applies G to arguments (G(z)) somewhere; None otherwise."""
    label = naming_label(key)
    if not label or len(label) != 1 or not label.isascii() or not label.isalpha():
        return None
    owner = groups.get(label.upper())
    if owner is None or owner.key == key:
        return None
    return owner.key if any(o.applied for o in owner.occurrences) else None


def _owner(key: str, info: SymbolInfo | None) -> tuple[str, str] | None:
    """(the owner as written, what it is) when its meaning is stated as fact."""
    if info is None or not info.certain or not info.meaning:
        return None
    what = gist(info.meaning).strip().rstrip(".")
    if not what or len(what) > 60:
        return None
    if len(what) > 1 and what[0].isupper() and not what[1].isupper():
        what = what[0].lower() + what[1:]
    return info.text, what


def _explain(
    group: SymbolGroup,
    definitions: list[Definition],
    glossary: Glossary,
    context: PaperContext,
    source: str,
    trace: list[dict[str, object]] | None,
    *,
    owner: tuple[str, str] | None = None,
) -> tuple[SymbolInfo, str]:
    occs = group.occurrences
    first = occs[0]
    forms = tuple(dict.fromkeys(o.latex.strip() for o in occs))[:12]
    conventions: tuple[str, ...] = tuple(dict.fromkeys(c for o in occs for c in conventions_for(o)))
    entry = _glossary_entry(group.key, first, glossary)
    choice = choose(group, definitions, entry, glossary, context, source=source, trace=trace, owner=owner)
    read_as = entry.read_as if entry else literal(group.key)
    meaning = choice.candidate.meaning if choice.candidate else None
    source_of = choice.candidate.source if choice.candidate else None
    evidence = choice.candidate.evidence if choice.candidate else None
    phrase = ""
    if source_of == "paper" and meaning:
        phrase = _phrase(meaning, None, None, glossary)
    elif source_of == "glossary" and meaning:
        phrase = _phrase(meaning, choice.sense, entry, glossary)
    info = SymbolInfo(
        latex=group.key,
        text=to_unicode(group.key),
        kind=kind_of(group),
        meaning=meaning,
        source=source_of,
        evidence=evidence,
        glossary_id=entry.id if entry else None,
        read_as=read_as,
        conventions=conventions,
        forms=forms,
        equations=tuple(group.equations),
        confidence=round(choice.confidence, 3) if choice.candidate else 0.0,
        certain=bool(choice.candidate) and choice.confidence >= threshold(),
    )
    return info, phrase


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
