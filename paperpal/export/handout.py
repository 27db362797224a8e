"""What a reading-group handout holds, independent of its format.

Every exporter (Markdown, HTML, JSON, flashcards) renders the same ``Handout``: for each paper,
its notation table, key equations with their readings, jargon, reading path, and the reader's
notes grouped by where they point (section, equation, symbol, term), plus the discussion
questions (notes tagged ``question``). Building it is pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from paperpal.extract.equation_names import display_label
from paperpal.models import Equation, EquationInfo, Note, PaperReport, PathStep, SymbolInfo, TermInfo
from paperpal.notation.claims import voice
from paperpal.notation.prose import to_screen

SOURCE_WORDS = {"paper": "the paper", "glossary": "glossary", "convention": "convention"}


@dataclass(frozen=True, slots=True)
class NotationRow:
    text: str
    latex: str
    meaning: str  # as the reader is told it (``claims.voice``): "not explained", "probably ..."
    source: str  # "the paper", "glossary", "convention" or "—"
    first_seen: str  # "eq. (1)", "§2" or "—"
    evidence: str | None
    certain: bool = False  # stated as fact; otherwise ``meaning`` says it is uncertain


@dataclass(frozen=True, slots=True)
class NoteGroup:
    title: str  # "Section 3 Gated Recurrent Neural Networks", "Equation (5)", "General"
    notes: tuple[Note, ...]


@dataclass(frozen=True, slots=True)
class HandoutPaper:
    report: PaperReport
    notation: tuple[NotationRow, ...]
    key_equations: tuple[EquationInfo, ...]
    terms: tuple[TermInfo, ...]
    path: tuple[PathStep, ...]
    note_groups: tuple[NoteGroup, ...]
    questions: tuple[Note, ...]

    @property
    def arxiv_url(self) -> str | None:
        meta = self.report.meta
        if meta.origin != "arxiv":
            return None
        return meta.url or f"https://arxiv.org/abs/{meta.id}"


def build_handout(reports: Sequence[PaperReport], notes: Sequence[Note]) -> tuple[HandoutPaper, ...]:
    return tuple(
        _paper(report, [n for n in notes if n.paper_id == report.meta.id and not n.deleted])
        for report in reports
    )


def _paper(report: PaperReport, notes: list[Note]) -> HandoutPaper:
    equations = {info.equation.id: info.equation for info in report.equations}
    rows = tuple(_notation_row(s, equations) for s in report.symbols if s.kind not in ("number",))
    # Every display, numbered or not: an unnumbered one is called by its name ("[5+1]").
    key = tuple(info for info in report.equations if info.equation.display)
    terms = tuple(t for t in report.terms if t.concept or t.explanation)
    return HandoutPaper(
        report=report,
        notation=rows,
        key_equations=key,
        terms=terms,
        path=report.reading_path,
        note_groups=_group_notes(report, notes),
        questions=tuple(n for n in notes if "question" in n.tags),
    )


def _notation_row(symbol: SymbolInfo, equations: dict[str, Equation]) -> NotationRow:
    first = "—"
    if symbol.equations:
        equation = equations.get(symbol.equations[0])
        first = f"eq. {display_label(equation)}" if equation is not None else "a display equation"
    # Meanings and evidence are the paper's sentences: their formulas are shown in Unicode.
    return NotationRow(
        text=symbol.text,
        latex=symbol.latex,
        meaning=voice(symbol).text if symbol.meaning else "not explained",
        source=SOURCE_WORDS.get(symbol.source or "", "—")
        + ("" if symbol.certain or not symbol.meaning else ", not certain"),
        first_seen=first,
        evidence=to_screen(symbol.evidence) if symbol.evidence else None,
        certain=symbol.certain,
    )


def _group_notes(report: PaperReport, notes: list[Note]) -> tuple[NoteGroup, ...]:
    """Notes grouped by section (in the paper's order), then by equation, symbol and term."""
    sections = {s.id: s for s in report.document.sections}
    eq_section: dict[str, str | None] = {}
    for info in report.equations:
        eq = info.equation
        for key in (eq.number, eq.name, eq.id):
            if key:
                eq_section[key] = eq.section
    para_section = {p.id: p.section for p in report.document.paragraphs}

    def section_title(section_id: str | None) -> str:
        section = sections.get(section_id or "")
        if section is None:
            return "General"
        return f"Section {section.number} {section.title}" if section.number else section.title

    groups: dict[str, list[Note]] = {}
    order: list[str] = []

    def put(title: str, note: Note) -> None:
        if title not in groups:
            groups[title] = []
            order.append(title)
        groups[title].append(note)

    for note in sorted(notes, key=lambda n: n.created):
        if note.anchor_kind == "equation" and note.anchor:
            put(f"{section_title(eq_section.get(note.anchor))} — equation ({note.anchor})", note)
        elif note.anchor_kind == "section" and note.anchor:
            put(section_title(note.anchor), note)
        elif note.anchor_kind == "quote":
            put(section_title(para_section.get(note.anchor or "")), note)
        elif note.anchor_kind == "symbol" and note.anchor:
            put(f"Symbol {note.anchor}", note)
        elif note.anchor_kind == "term" and note.anchor:
            put(f"Term “{note.anchor}”", note)
        else:
            put("General", note)

    section_rank = {section_title(s.id): i for i, s in enumerate(report.document.sections)}

    def rank(title: str) -> tuple[int, int]:
        base = title.split(" — ")[0]
        if base in section_rank:
            return (1, section_rank[base])
        if title == "General":
            return (0, 0)
        return (2, order.index(title))

    return tuple(NoteGroup(t, tuple(groups[t])) for t in sorted(order, key=rank))
