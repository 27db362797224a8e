"""The JSON shape of a ``PaperReport``: one stable, documented form for scripts, tests and exports.

    {"paper":    {"id", "version", "title", "authors", "abstract", "published", "categories",
                  "url", "source": "latex"|"pdf", "pages", "warnings": [...],
                  "details": [...]},
     "sections": [{"id", "number", "title", "level", "page"}],
     "equations": [{"id", "number", "name", "latex", "display", "section", "section_id", "page",
                    "text", "pretty", "symbols": [...], "literal", "spoken_meaning",
                    "context_before", "context_after"}],
     "symbols":  [{"latex", "text", "kind", "meaning", "source": "paper"|"glossary"|
                   "convention"|null, "evidence", "meaning_text", "evidence_text",
                   "glossary_id", "read_as", "conventions", "forms", "equations": [...],
                   "confidence": 0-1, "certain": bool, "voice": the meaning as the reader is told it}],
     "terms":    [{"name", "abbreviation", "concept", "explanation", "count", "match",
                   "confidence", "evidence", "defined", "own", "kind_of", "centrality",
                   "rank", "key"}],
     "reading_path": [{"concept", "name", "known", "in_paper", "summary", "group", "key",
                       "own", "requires"}],
     "full_reading_path": [... the same, every concept and all its prerequisites]}

``terms`` come most central first: ``rank`` 1 is the term the paper is most about, ``key`` marks
its key terms, ``centrality`` is the score behind the order. ``match`` is how a term was found:
"name" / "alias" / "abbreviation" (the glossary), "embedding" (by meaning, ``confidence`` is the
similarity), "defined" (the paper defines it: ``explanation`` says so, ``evidence`` is the
paper's sentence, ``confidence`` how often that kind of definition was right) or "candidate" (a
repeated phrase nothing explains). ``own`` marks the paper's own names (its method, components
it names); ``kind_of`` is the glossary concept such a term is a kind of.

``reading_path`` is the default path (key concepts and the prerequisites the reader does not
know, at most about 25); each step's ``group`` is "foundations", "building-blocks" or "paper"
(this paper's ideas, its own terms last; a term only the paper defines has the id
``paper:<name>``), and ``requires`` lists its prerequisites on the same path.

``paperpal explain REF --equation N --try --json`` prints one trial:

    {"equation_id", "evaluable", "target", "values": [{"symbol", "text", "value", "source":
     "reader"|"default", "why"}], "steps": [...], "result", "reason", "notes": [...]}

``warnings`` are what a reader should know (pages that could not be read, a fallback to the PDF);
``details`` are notes on how the source was read that a reader cannot act on (a macro pattern
left unexpanded), for a details view rather than the first screen.

An equation's ``name`` is what a reader types to pick it: the printed number, or "5+1" for the
first unnumbered display after (5) (paperpal/extract/equation_names.py). ``meaning`` and
``evidence`` keep the paper's inline ``$latex$``; ``meaning_text`` and ``evidence_text`` are the
same sentences as a reader is shown them, formulas in Unicode.

A symbol with no meaning found has ``"meaning": null`` and ``"source": null``: never an invented
meaning. Keys are only ever added, never renamed or removed.
"""

from __future__ import annotations

from typing import Any

from paperpal.extract.equation_names import equation_name, resolve_equation
from paperpal.models import (
    EquationInfo,
    PaperReport,
    PathStep,
    Section,
    SymbolInfo,
    TermInfo,
    Trial,
)
from paperpal.notation.claims import voice
from paperpal.notation.prose import to_screen


def report_to_dict(report: PaperReport) -> dict[str, Any]:
    meta, document = report.meta, report.document
    sections = document.sections
    section_label = {s.id: (s.number or s.title) for s in sections}
    return {
        "paper": {
            "id": meta.id,
            "version": meta.version,
            "title": meta.title or document.title,
            "authors": list(meta.authors),
            "abstract": meta.abstract or document.abstract,
            "published": meta.published,
            "categories": list(meta.categories),
            "url": meta.url,
            "source": document.source,
            "pages": document.pages,
            "warnings": list(report.warnings),
            "details": list(report.details),
        },
        "sections": [section_to_dict(s) for s in sections],
        "equations": [equation_to_dict(e, section_label) for e in report.equations],
        "symbols": [symbol_to_dict(s) for s in report.symbols],
        "terms": [term_to_dict(t) for t in report.terms],
        "reading_path": [step_to_dict(p) for p in report.reading_path],
        "full_reading_path": [step_to_dict(p) for p in report.full_path],
    }


def section_to_dict(section: Section) -> dict[str, Any]:
    return {
        "id": section.id,
        "number": section.number,
        "title": section.title,
        "level": section.level,
        "page": section.page,
    }


def equation_to_dict(info: EquationInfo, section_label: dict[str, str] | None = None) -> dict[str, Any]:
    eq = info.equation
    labels = section_label or {}
    return {
        "id": eq.id,
        "number": eq.number,
        "name": equation_name(eq) if eq.display else None,
        "latex": eq.latex,
        "display": eq.display,
        "section": labels.get(eq.section, eq.section) if eq.section else None,
        "section_id": eq.section,
        "page": eq.page,
        "text": info.text,
        "pretty": info.pretty,
        "symbols": list(info.symbols),
        "literal": info.literal,
        "spoken_meaning": info.spoken_meaning,
        "context_before": eq.context_before,
        "context_after": eq.context_after,
    }


def symbol_to_dict(symbol: SymbolInfo) -> dict[str, Any]:
    return {
        "latex": symbol.latex,
        "text": symbol.text,
        "kind": symbol.kind,
        "meaning": symbol.meaning,
        "source": symbol.source,
        "evidence": symbol.evidence,
        "meaning_text": to_screen(symbol.meaning) if symbol.meaning is not None else None,
        "evidence_text": to_screen(symbol.evidence) if symbol.evidence is not None else None,
        "glossary_id": symbol.glossary_id,
        "read_as": symbol.read_as,
        "conventions": list(symbol.conventions),
        "forms": list(symbol.forms),
        "equations": list(symbol.equations),
        "confidence": symbol.confidence,
        "certain": symbol.certain,
        "voice": voice(symbol).text,
    }


def term_to_dict(term: TermInfo) -> dict[str, Any]:
    return {
        "name": term.name,
        "abbreviation": term.abbreviation,
        "concept": term.concept,
        "explanation": term.explanation,
        "count": term.count,
        "match": term.match,
        "confidence": term.confidence,
        "evidence": term.evidence,
        "defined": term.defined,
        "own": term.own,
        "kind_of": term.kind_of,
        "centrality": term.centrality,
        "rank": term.rank,
        "key": term.key,
    }


def step_to_dict(step: PathStep) -> dict[str, Any]:
    return {
        "concept": step.concept,
        "name": step.name,
        "known": step.known,
        "in_paper": step.in_paper,
        "summary": step.summary,
        "group": step.group,
        "key": step.key,
        "own": step.own,
        "requires": list(step.requires),
    }


def find_equation(report: PaperReport, wanted: str) -> EquationInfo | None:
    """An equation by what a reader types: its printed number ("5", "(5)", "A.1"), the name of
    an unnumbered display ("5+1"), or its id ("eq-3"); see extract/equation_names.py."""
    found = resolve_equation((info.equation for info in report.equations), wanted)
    if found is None:
        return None
    return next(info for info in report.equations if info.equation is found)


def find_symbol(report: PaperReport, wanted: str) -> SymbolInfo | None:
    """A symbol by its LaTeX key or any written form, spaces and braces forgiven."""
    from paperpal.mathtokens import normalize

    key = normalize(wanted)
    for symbol in report.symbols:
        if normalize(symbol.latex) == key or symbol.text == wanted.strip():
            return symbol
    for symbol in report.symbols:
        if any(normalize(form) == key for form in symbol.forms):
            return symbol
    return None


def trial_to_dict(trial: Trial) -> dict[str, Any]:
    return {
        "equation_id": trial.equation_id,
        "evaluable": trial.evaluable,
        "target": trial.target,
        "values": [
            {"symbol": v.symbol, "text": v.text, "value": v.value, "source": v.source, "why": v.why}
            for v in trial.values
        ],
        "steps": list(trial.steps),
        "result": trial.result,
        "reason": trial.reason,
        "notes": list(trial.notes),
    }
