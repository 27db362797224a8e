"""Finding a paper's terms: one pass over its prose that puts the other linking modules together.

    units (words) -> definitions (defined) -> glossary forms (forms) checked in context (senses)
        -> repeated phrases (candidates) -> by meaning, with a model (meaning)
        -> explanations from the paper (explain) -> ranked by centrality (centrality)

It must stay fast without an embedder (one pass over the words with dictionary look-ups) and
must not import the embedding model itself.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from paperpal.glossary.graph import requires_map, specificity
from paperpal.glossary.model import Glossary
from paperpal.linking.candidates import BOUNDARY, PhraseUses, choose_candidates, count_phrases, surface
from paperpal.linking.centrality import UNEXPLAINED_SPECIFICITY, Evidence, rank
from paperpal.linking.defined import Definition, find_definitions
from paperpal.linking.explain import explain_definition
from paperpal.linking.forms import FormIndex, Hit, Match, build_index
from paperpal.linking.meaning import DEFAULT_THRESHOLD, link_by_meaning
from paperpal.linking.register import register_definitions
from paperpal.linking.senses import Context, SenseCheck, linked_enough
from paperpal.linking.words import (
    DETERMINERS,
    INLINE_MATH,
    Unit,
    singular,
    spans,
    split_form,
    units,
)
from paperpal.models import Concept, Document, TermInfo

if TYPE_CHECKING:
    from paperpal.embeddings import Embedder

TERM = "\x00term"  # a phrase's neighbour that is a glossary term


@dataclass(slots=True)
class _Uses:
    first: int
    count: int = 0
    forms: Counter[str] = field(default_factory=Counter)
    matches: set[str] = field(default_factory=set)
    abbreviation: str | None = None
    strong: bool = False  # seen as a name, an abbreviation or a multi-word alias
    units: set[int] = field(default_factory=set)


@dataclass(slots=True)
class _Scan:
    uses: dict[str, _Uses] = field(default_factory=dict)
    phrases: dict[tuple[str, ...], PhraseUses] = field(default_factory=dict)
    nouns: set[str] = field(default_factory=set)
    words: Counter[str] = field(default_factory=Counter)  # every word of the English prose, singular
    checked: Counter[str] = field(default_factory=Counter)  # uses that needed support
    supported: Counter[str] = field(default_factory=Counter)
    paper_checked: set[str] = field(default_factory=set)  # need support somewhere in the paper
    paper_supported: set[str] = field(default_factory=set)
    unchecked: set[str] = field(default_factory=set)  # linked by a form that needed no support
    contexts: dict[int, Context] = field(default_factory=dict)


def find_terms(
    document: Document,
    glossary: Glossary,
    *,
    embedder: Embedder | None = None,
    threshold: float = DEFAULT_THRESHOLD,
) -> tuple[TermInfo, ...]:
    """The paper's terms, most central first (see the package docstring)."""
    found = units(document)
    base, senses, technical = _prepared(glossary)
    index = base.overlay()
    definitions, variants = register_definitions(find_definitions(found), index, glossary)
    scan = _scan(found, index, senses)
    for target, checked in scan.checked.items():
        if target in scan.uses and not linked_enough(scan.supported[target], checked):
            del scan.uses[target]
    for target in scan.paper_checked - scan.paper_supported - scan.unchecked:
        if target in scan.uses and not (senses.neighbours(target) & scan.unchecked):
            del scan.uses[target]
    for target, defs in definitions.items():
        if target not in scan.uses and any(d.kind != "named-thing" for d in defs):
            first = defs[0]
            scan.uses[target] = _Uses(first=first.unit, count=1, units={first.unit}, strong=True)
            scan.uses[target].forms[first.term] += 1

    terms: list[tuple[int, TermInfo, set[int]]] = []
    abbreviated_only: set[str] = set()
    for target, uses in scan.uses.items():
        defs = definitions.get(target, [])
        term = _term(target, uses, defs, found, glossary, index, senses, scan, variants.get(target))
        if term is not None:
            terms.append((uses.first, term, uses.units))
            if {d.kind for d in defs} == {"abbreviation"}:
                abbreviated_only.add(term.name)
    listed = {singular_key(t.name) for _, t, _ in terms}
    for key, phrase in choose_candidates(scan.phrases, scan.nouns, scan.words, technical):
        name = surface(phrase.forms)
        if key in listed or singular_key(name) in listed:
            continue
        terms.append(
            (
                phrase.first,
                TermInfo(name=name, concept=None, count=phrase.count, match="candidate"),
                phrase.units,
            )
        )

    if embedder is not None:
        terms = _by_meaning(terms, glossary, embedder, threshold, senses, scan, found)
    specific = _specificity(glossary)
    sections = max((u.section for u in found), default=0)
    ranked = [
        (first, term, _evidence(term, where, found, specific, term.name in abbreviated_only))
        for first, term, where in terms
    ]
    return rank(ranked, sections=sections)


_PREPARED: dict[int, tuple[Glossary, FormIndex, SenseCheck, frozenset[str]]] = {}


def _prepared(glossary: Glossary) -> tuple[FormIndex, SenseCheck, frozenset[str]]:
    """The glossary's form index, sense cues and name words, built once per glossary value."""
    cached = _PREPARED.get(id(glossary))
    if cached is None or cached[0] is not glossary:
        if len(_PREPARED) >= 4:
            _PREPARED.clear()
        index = build_index(glossary)
        cached = (glossary, index, SenseCheck(glossary), index.vocabulary())
        _PREPARED[id(glossary)] = cached
    return cached[1], cached[2], cached[3]


def singular_key(name: str) -> tuple[str, ...]:
    return tuple(singular(w) for w in split_form(name))


# ---------------------------------------------------------------------------------------------
# The pass over the words
# ---------------------------------------------------------------------------------------------


def _scan(found: list[Unit], index: FormIndex, senses: SenseCheck) -> _Scan:
    scan = _Scan()
    position = 0
    for number, unit in enumerate(found):
        if not unit.english:
            continue
        for run in spans(unit.text):
            words = [m.group() for m in run]
            scan.words.update(singular(w) for w in words)
            for left, right in zip(words, words[1:], strict=False):
                if left.lower() in DETERMINERS:
                    scan.nouns.add(right.lower())
            free: list[tuple[str, str, str]] = []
            before = BOUNDARY
            i = 0
            while i < len(words):
                position += 1
                size, hit = _longest(words, i, index, senses, unit, number, scan)
                if hit is None:
                    gap = unit.text[run[i].end() : run[i + 1].start()] if i + 1 < len(run) else ""
                    free.append((words[i], words[i], "-" if gap.strip() == "-" else " "))
                    i += 1
                    continue
                count_phrases(free, before, TERM, scan.phrases, position, number)
                free, before = [], TERM
                surface_text = unit.text[run[i].start() : run[i + size - 1].end()]
                _record(scan, hit, surface_text, index, position, number, size)
                i += size
            count_phrases(free, before, BOUNDARY, scan.phrases, position, number)
    return scan


def _longest(
    words: list[str], i: int, index: FormIndex, senses: SenseCheck, unit: Unit, number: int, scan: _Scan
) -> tuple[int, Hit | None]:
    """The longest glossary form starting at word ``i`` that is used in its sense here."""
    if not index.may_start(words[i]):
        return 0, None
    for size in range(min(index.longest, len(words) - i), 0, -1):
        hits = index.lookup(words[i : i + size])
        if not hits:
            continue
        chosen = _choose(hits, words[i : i + size], senses, unit, number, scan)
        if chosen is not None:
            return size, chosen
        # An unsupported long form may still hide a shorter one ("prior work" -> nothing).
    return 0, None


def _choose(
    hits: list[Hit], words: list[str], senses: SenseCheck, unit: Unit, number: int, scan: _Scan
) -> Hit | None:
    shared = len({h.target for h in hits}) > 1
    levels = [senses.needs_support(hit, words, shared) for hit in hits]
    for hit, level in zip(hits, levels, strict=True):
        if level is None:
            scan.unchecked.add(hit.target)
            return hit
    context = _context_of(unit, number, scan)
    if levels[0] == "paper":
        hit = hits[0]
        scan.paper_checked.add(hit.target)
        if senses.support(hit.target, context) > 0:
            scan.paper_supported.add(hit.target)
        return hit
    scored = [(senses.support(hit.target, context), hit) for hit in hits]
    for _, hit in scored:
        scan.checked[hit.target] += 1
    best_score, best = max(scored, key=lambda pair: pair[0])
    if best_score <= 0:
        return None
    scan.supported[best.target] += 1
    return best


def _record(
    scan: _Scan, hit: Hit, surface_text: str, index: FormIndex, position: int, unit: int, size: int
) -> None:
    entry = scan.uses.setdefault(hit.target, _Uses(first=position))
    entry.count += 1
    entry.matches.add(hit.match)
    entry.units.add(unit)
    entry.strong = entry.strong or hit.match != "alias" or size > 1
    if hit.match == "abbreviation":
        plural = surface_text.endswith("s") and (surface_text[:-1],) in index.exact
        entry.abbreviation = entry.abbreviation or (surface_text[:-1] if plural else surface_text)
    else:
        entry.forms[" ".join(surface_text.split())] += 1


# ---------------------------------------------------------------------------------------------
# Terms
# ---------------------------------------------------------------------------------------------

_KIND_ORDER = ("named", "introduced", "title", "abbreviation", "defined-as", "explained", "named-thing")


def _term(
    target: str,
    uses: _Uses,
    definitions: list[Definition],
    found: list[Unit],
    glossary: Glossary,
    index: FormIndex,
    senses: SenseCheck,
    scan: _Scan,
    variant_of: str | None = None,
) -> TermInfo | None:
    body = sum(1 for u in uses.units if found[u].kind != "title")
    kinds = {d.kind for d in definitions}
    if kinds == {"title"} and body == 0:
        return None  # a title's name the paper never uses again: a pun, not a term
    if kinds == {"named-thing"} and uses.count < 2:
        return None
    # A lone one-word alias seen once ("advantages" -> advantage function) is too weak a hint
    # to put a concept, and everything it needs, in front of the reader.
    if not (uses.strong or uses.count >= 2 or definitions):
        return None
    defined = any(d.kind != "named-thing" for d in definitions)
    own = any(d.own for d in definitions)
    best = _best_definition(definitions)
    evidence = best.sentence if best and best.kind != "named-thing" else None
    if not target.startswith("candidate:"):
        concept = glossary.concepts[target]
        match: Match = next((m for m in ("name", "alias", "abbreviation") if m in uses.matches), "name")  # type: ignore[assignment]
        return TermInfo(
            name=_concept_surface(uses, concept),
            concept=concept.id,
            explanation=concept.summary,
            abbreviation=uses.abbreviation or _own_abbreviation(uses, concept),
            count=uses.count,
            match=match,
            evidence=evidence,
            defined=defined,
            own=own,
        )
    abbreviations = [d for d in definitions if d.kind == "abbreviation"]
    name = surface(uses.forms) or (best.term if best else target.removeprefix("candidate:"))
    if abbreviations:
        long_form = abbreviations[0].gloss or " ".join(abbreviations[0].long_form)
        name = long_form if any(ch.isupper() for ch in long_form[1:]) else long_form.lower()
    if best is None:
        return TermInfo(
            name=name, concept=None, abbreviation=uses.abbreviation, count=uses.count, match="candidate"
        )
    kind_of = variant_of or _kind_of(split_form(name), index, senses, glossary, scan, uses)
    return TermInfo(
        name=name,
        concept=None,
        explanation=explain_definition(best, glossary.concepts.get(kind_of) if kind_of else None),
        abbreviation=uses.abbreviation or (abbreviations[0].abbreviation if abbreviations else None),
        count=uses.count,
        match="defined",
        confidence=best.confidence,
        evidence=best.sentence,
        defined=defined,
        own=own,
        kind_of=kind_of,
    )


def _best_definition(definitions: list[Definition]) -> Definition | None:
    """The definition to explain a term by: one that says what it is, of the surest kind; for a
    name only ever used with a class noun, the noun used most often ("the REBAR estimator")."""
    if not definitions:
        return None
    if all(d.kind == "named-thing" for d in definitions):
        commonest = Counter(d.gloss for d in definitions).most_common(1)[0][0]
        return next(d for d in definitions if d.gloss == commonest)
    return min(definitions, key=lambda d: (d.gloss is None, _KIND_ORDER.index(d.kind)))


def _concept_surface(uses: _Uses, concept: Concept) -> str:
    name = surface(uses.forms) or concept.name
    return concept.name if name.lower() == concept.name.lower() else name


def _own_abbreviation(uses: _Uses, concept: Concept) -> str | None:
    """The concept's abbreviation, shown only next to its own name ("quasi-Newton" is not "NGD")."""
    if not concept.abbreviations or not uses.forms:
        return None
    said = {singular_key(form) for form in uses.forms}
    return concept.abbreviations[0] if singular_key(concept.name) in said else None


def _kind_of(
    words: list[str], index: FormIndex, senses: SenseCheck, glossary: Glossary, scan: _Scan, uses: _Uses
) -> str | None:
    """The glossary concept a paper's term is a kind of: its longest proper tail that is a
    glossary form of two or more words, or an abbreviation ("linear surrogate RNN" -> RNN)."""
    for start in range(1, len(words)):
        tail = words[start:]
        for hit in index.lookup(tail):
            if hit.target.startswith("candidate:") or hit.target not in glossary.concepts:
                continue
            if hit.match != "abbreviation" and len(tail) < 2:
                continue
            if glossary.concepts[hit.target].cues and not any(
                senses.support(hit.target, scan.contexts[u]) for u in uses.units if u in scan.contexts
            ):
                continue
            return hit.target
    return None


def _by_meaning(
    terms: list[tuple[int, TermInfo, set[int]]],
    glossary: Glossary,
    embedder: Embedder,
    threshold: float,
    senses: SenseCheck,
    scan: _Scan,
    found: list[Unit],
) -> list[tuple[int, TermInfo, set[int]]]:
    open_terms = [(i, t) for i, (_, t, _) in enumerate(terms) if t.concept is None and t.explanation is None]
    if not open_terms:
        return terms
    where = {t.name: terms[i][2] for i, t in open_terms}

    def plausible(term: TermInfo, concept_id: str) -> bool:
        if not glossary.concepts[concept_id].cues:
            return True
        contexts = [_context(found, u, scan) for u in where.get(term.name, ())]
        return any(senses.support(concept_id, c) > 0 for c in contexts)

    linked = link_by_meaning([t for _, t in open_terms], glossary, embedder, threshold, plausible=plausible)
    result = list(terms)
    for (i, _), term in zip(open_terms, linked, strict=True):
        first, _, units_of = result[i]
        result[i] = (first, term, units_of)
    return result


def _context(found: list[Unit], number: int, scan: _Scan) -> Context:
    return _context_of(found[number], number, scan)


def _context_of(unit: Unit, number: int, scan: _Scan) -> Context:
    """A unit's words as sense evidence, computed once per unit."""
    context = scan.contexts.get(number)
    if context is None:
        plain = [m.group() for run in spans(unit.text) for m in run]
        context = Context.of(plain, " ".join(INLINE_MATH.findall(unit.text)))
        scan.contexts[number] = context
    return context


# ---------------------------------------------------------------------------------------------
# Centrality evidence
# ---------------------------------------------------------------------------------------------


def _specificity(glossary: Glossary) -> Callable[[str], float]:
    values = specificity(requires_map(glossary))
    return lambda concept_id: values.get(concept_id, 0.0)


def _evidence(
    term: TermInfo, where: set[int], found: list[Unit], specific: Callable[[str], float], abbreviated: bool
) -> Evidence:
    kinds = {found[u].kind for u in where}
    if term.concept:
        specificity = specific(term.concept)
    elif term.explanation:
        specificity = 1.0
    else:
        specificity = UNEXPLAINED_SPECIFICITY
    return Evidence(
        count=term.count,
        title="title" in kinds,
        abstract="abstract" in kinds,
        heading="heading" in kinds,
        sections=len({found[u].section for u in where if found[u].section > 0}),
        defined=term.defined and not abbreviated,
        abbreviated=abbreviated,
        own=term.own,
        specificity=specificity,
    )
