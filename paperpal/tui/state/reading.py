"""One paper being read: its items in reading order, the selection, the notes and the path.

The reader screen keeps one ``ReadingState`` per open paper and hands it to every screen that
shows part of it (the reading path, the notes, the export dialog); the widgets draw it and are
told when it changes (``changed``, with what changed). This is the single source of truth: the
path is derived from the report's terms and the app-wide ``KnownConcepts`` whenever it is asked
for, never copied, so a concept marked known anywhere is known everywhere.

Changes are named: "report" (terms linked later), "selection" (the item the reader is at, or
what the decoder shows), "notes", "known" (and with it the path).

Must not: import Textual or Rich, touch the database (``store_io``), or block.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

from paperpal.extract.equation_names import display_label, equation_name, resolve_equation
from paperpal.models import Equation, EquationInfo, Note, Paragraph, Section, TermInfo
from paperpal.tui.state.observers import Observers

if TYPE_CHECKING:
    from paperpal.glossary.model import Glossary
    from paperpal.models import PaperReport, PathStep
    from paperpal.tui.state.known import KnownConcepts

ItemKind = Literal["front", "heading", "passage", "equation"]
Change = Literal["report", "selection", "notes", "known"]
SubjectKind = Literal["overview", "equation", "passage", "term"]


@dataclass(frozen=True, slots=True)
class PaperItem:
    """One thing in the paper's column, in reading order."""

    index: int
    kind: ItemKind
    id: str  # "front", a section id, a paragraph id ("abstract" for the abstract), an equation id
    section: Section | None = None
    paragraph: Paragraph | None = None
    info: EquationInfo | None = None
    text: str = ""  # passages: the text with its math in Unicode; headings: number and title

    @property
    def selectable(self) -> bool:
        return self.kind in ("passage", "equation")

    @property
    def anchor(self) -> str:
        """What a note on this item is anchored to: an equation's number, a passage's id."""
        if self.info is not None:
            return equation_anchor(self.info.equation)
        return self.id


@dataclass(frozen=True, slots=True)
class Subject:
    """What the decoder shows: the paper at large, the selected item, or a term."""

    kind: SubjectKind
    item: int | None = None  # the item shown (equation, passage)
    term: TermInfo | None = None  # a term of the paper (None for a concept from the palette)
    concept: str | None = None  # the glossary concept of a term, or one picked in the palette
    name: str = ""  # the term as the paper writes it


@dataclass(frozen=True, slots=True)
class NoteTarget:
    kind: Literal["paper", "equation", "symbol", "term", "quote"]
    anchor: str | None
    quote: str | None
    description: str  # "equation (5)", "symbol z", "term “gating”"


def equation_anchor(equation: Equation) -> str:
    """What a note on ``equation`` is anchored to: the name a reader types ("5", or "5+1" for an
    unnumbered display), the same the CLI's ``notes add --equation`` stores."""
    return equation_name(equation)


def passage_text(paragraph: Paragraph) -> str:
    """A paragraph with its ``$latex$`` spans in Unicode (the offsets the reader recorded)."""
    if not paragraph.math:
        return paragraph.text
    from paperpal.notation.render import to_unicode

    parts: list[str] = []
    cursor = 0
    for span in sorted(paragraph.math, key=lambda m: m.start):
        if span.start < cursor:
            continue
        parts.append(paragraph.text[cursor : span.start])
        parts.append(to_unicode(span.latex))
        cursor = span.end
    parts.append(paragraph.text[cursor:])
    return "".join(parts)


def _same_start(a: str, b: str) -> bool:
    def words(text: str) -> list[str]:
        return text.split()[:12]

    return bool(words(a)) and words(a) == words(b)


def paper_items(report: PaperReport) -> tuple[PaperItem, ...]:
    """The report as the column of the reader shows it: front matter, abstract, then the
    document's headings, passages and equations in order."""
    from paperpal.notation.prose import to_screen

    items: list[PaperItem] = [PaperItem(0, "front", "front")]
    document = report.document
    abstract = report.meta.abstract or document.abstract
    paragraphs = document.paragraphs
    if abstract and paragraphs and _same_start(abstract, paragraphs[0].text):
        abstract = ""  # the document's first paragraph is the abstract already
    if abstract:
        heading = Section("abstract-heading", None, "Abstract", 2)
        items.append(PaperItem(len(items), "heading", heading.id, section=heading, text="Abstract"))
        para = Paragraph("abstract", abstract)
        items.append(PaperItem(len(items), "passage", "abstract", paragraph=para, text=to_screen(abstract)))
    infos = {info.equation.id: info for info in report.equations}
    for block in document.blocks:
        if isinstance(block, Section):
            label = f"{block.number}  {block.title}" if block.number else block.title
            items.append(PaperItem(len(items), "heading", block.id, section=block, text=label))
        elif isinstance(block, Paragraph):
            if block.text.strip():
                items.append(
                    PaperItem(len(items), "passage", block.id, paragraph=block, text=passage_text(block))
                )
        elif isinstance(block, Equation) and block.id in infos:
            items.append(PaperItem(len(items), "equation", block.id, info=infos[block.id]))
    return tuple(items)


class ReadingState:
    """The paper being read. Every change goes through a method here and is announced."""

    def __init__(self, report: PaperReport, *, glossary: Glossary, known: KnownConcepts) -> None:
        self.report = report
        self.glossary = glossary
        self.known = known
        self.items = paper_items(report)
        self._by_id = {item.id: item for item in self.items}
        self.symbols = {s.latex: s for s in report.symbols}
        self.notes: tuple[Note, ...] = ()
        self.notes_loaded = False
        self.linked_by_meaning = False  # the terms have been linked by meaning (replace_terms)
        self.selected: int | None = None  # the item the reader is at
        self.subject = Subject("overview")
        self.symbol: str | None = None  # the symbol highlighted in the decoder's list
        self.changed: Observers[Change] = Observers()
        self._path: tuple[int, tuple[PathStep, ...]] | None = None
        self._unsubscribe = known.changed.subscribe(self._known_changed)

    def close(self) -> None:
        """Stop listening to the app-wide known concepts (the reader closed)."""
        self._unsubscribe()

    @property
    def paper_id(self) -> str:
        return self.report.meta.id

    # -- items -------------------------------------------------------------------------------

    def item(self, item_id: str) -> PaperItem | None:
        return self._by_id.get(item_id)

    def equation_item(self, typed: str) -> PaperItem | None:
        """The item of the equation a reader typed: its number ("5", "(5)"), its name ("5+1",
        "[5+1]", "eq. 5+1") or its id."""
        found = resolve_equation((i.info.equation for i in self.items if i.info is not None), typed)
        if found is None:
            return None
        return next(i for i in self.items if i.info is not None and i.info.equation is found)

    def section_item(self, section: str) -> PaperItem | None:
        """The heading of a section, by id, number, title or both ("3.2 Gated Recurrent Unit",
        as search results name it)."""
        wanted = " ".join(section.split())
        for item in self.items:
            if item.kind == "heading" and item.section is not None:
                found = item.section
                label = f"{found.number} {found.title}" if found.number else found.title
                if wanted in (found.id, found.title, found.number, " ".join(label.split())):
                    return item
        return None

    def equation_numbers(self) -> list[str]:
        """The name of every display equation, as a reader types it ("5", "5+1")."""
        return [equation_name(i.info.equation) for i in self.items if i.info and i.info.equation.display]

    def step(self, kind: Literal["equation", "any"], direction: int, start: int | None = None) -> int | None:
        """The next (``direction`` 1) or previous (-1) selectable item of ``kind`` after the
        selection, or after ``start`` (the item at the top of the view) when nothing is
        selected; wraps around the paper."""
        wanted = [i.index for i in self.items if i.selectable and (kind == "any" or i.kind == "equation")]
        if not wanted:
            return None
        here = self.selected
        if here is None:
            if start is None:
                return wanted[0] if direction > 0 else wanted[-1]
            here = start - 1 if direction > 0 else start + 1
        if direction > 0:
            after = [i for i in wanted if i > here]
            return after[0] if after else wanted[0]
        before = [i for i in wanted if i < here]
        return before[-1] if before else wanted[-1]

    # -- selection ---------------------------------------------------------------------------

    def select(self, index: int) -> None:
        """Go to item ``index`` and have the decoder show it."""
        item = self.items[index]
        if not item.selectable:
            return
        kind: SubjectKind = "equation" if item.kind == "equation" else "passage"
        subject = Subject(kind, item=index)
        if self.selected == index and self.subject == subject:
            return
        self.selected = index
        self.subject = subject
        self.symbol = None
        self.changed.emit("selection")

    def show_term(self, term: TermInfo) -> None:
        self._show(Subject("term", term=term, concept=term.concept, name=term.name))

    def show_concept(self, concept_id: str) -> None:
        """A glossary concept (from the palette): the paper's term for it when it has one."""
        term = next((t for t in self.report.terms if t.concept == concept_id), None)
        self._show(Subject("term", term=term, concept=concept_id, name=term.name if term else concept_id))

    def _show(self, subject: Subject) -> None:
        if subject != self.subject:
            self.subject = subject
            self.symbol = None
            self.changed.emit("selection")

    def back_to_item(self) -> bool:
        """Have the decoder show the selected item again (after a term); False when it does."""
        if self.subject.kind != "term":
            return False
        if self.selected is None:
            self._show(Subject("overview"))
        else:
            item = self.items[self.selected]
            self._show(Subject("equation" if item.kind == "equation" else "passage", item=self.selected))
        return True

    def highlight_symbol(self, latex: str | None) -> None:
        """The symbol highlighted in the decoder's list (what ``n`` annotates there). Only the
        decoder shows it, so observers are not told."""
        self.symbol = latex

    def term_concept(self) -> str | None:
        """The glossary concept of the term the decoder shows, if any."""
        return self.subject.concept if self.subject.kind == "term" else None

    # -- terms and the path ------------------------------------------------------------------

    def replace_terms(self, linked: PaperReport) -> None:
        """Terms linked later (by meaning, in the background), with the paths they give."""
        self.report = replace(
            self.report, terms=linked.terms, reading_path=linked.reading_path, full_path=linked.full_path
        )
        self.linked_by_meaning = True
        self._path = None
        self.changed.emit("report")

    def path(self) -> tuple[PathStep, ...]:
        """The paper's reading path (key concepts first, at most 25 steps) with what the reader
        knows marked, as of now."""
        from paperpal.glossary.paper_path import paper_path

        if self._path is None or self._path[0] != self.known.version:
            self._path = (self.known.version, paper_path(self.report.terms, self.glossary, self.known.ids))
        return self._path[1]

    def report_now(self) -> PaperReport:
        """The report with the reading path as of now: what an export must hold."""
        from paperpal.glossary.paper_path import paper_path

        known = self.known.ids
        full = paper_path(self.report.terms, self.glossary, known, full=True) if self.report.full_path else ()
        return replace(self.report, reading_path=self.path(), full_path=full)

    def _known_changed(self, _changed: frozenset[str]) -> None:
        self._path = None
        self.changed.emit("known")

    # -- notes -------------------------------------------------------------------------------

    def set_notes(self, notes: list[Note] | tuple[Note, ...]) -> None:
        self.notes = tuple(n for n in notes if not n.deleted)
        self.notes_loaded = True
        self.changed.emit("notes")

    def add_note(self, note: Note) -> None:
        if all(n.id != note.id for n in self.notes):
            self.notes = (*self.notes, note)
            self.changed.emit("notes")

    def notes_for(self, kind: str, anchor: str, *, also: str | None = None) -> list[Note]:
        """Notes on ``anchor`` (or on ``also``: an equation's id, which older versions stored)."""
        wanted = {anchor, also} if also else {anchor}
        return [n for n in self.notes if n.anchor_kind == kind and (n.anchor or "") in wanted]

    def passage_notes(self, item: PaperItem) -> list[Note]:
        found = []
        for note in self.notes:
            if note.anchor_kind != "quote":
                continue
            if note.anchor == item.id or (note.quote and note.quote[:60] in item.text):
                found.append(note)
        return found

    def item_notes(self, item: PaperItem) -> list[Note]:
        if item.kind == "equation":
            return self.notes_for("equation", item.anchor, also=item.info.equation.id if item.info else None)
        if item.kind == "passage":
            return self.passage_notes(item)
        return []

    def subject_notes(self) -> list[Note]:
        subject = self.subject
        if subject.item is not None:
            return self.item_notes(self.items[subject.item])
        if subject.kind == "term":
            return self.notes_for("term", self.term_anchor())
        return []

    def term_anchor(self) -> str:
        concept = self.glossary.concept(self.subject.concept) if self.subject.concept else None
        return concept.name if concept else self.subject.name

    def note_target(self, *, symbol_list_focused: bool) -> NoteTarget:
        """What a new note annotates: the highlighted symbol when the decoder's list has focus,
        else what the decoder shows, else the paper."""
        if symbol_list_focused and self.symbol is not None:
            symbol = self.symbols.get(self.symbol)
            text = symbol.text if symbol else self.symbol
            return NoteTarget("symbol", self.symbol, None, f"symbol {text}")
        subject = self.subject
        if subject.kind == "term":
            anchor = self.term_anchor()
            return NoteTarget("term", anchor, None, f"term “{anchor}”")
        if subject.item is not None:
            item = self.items[subject.item]
            if item.kind == "equation":
                assert item.info is not None
                return NoteTarget(
                    "equation", item.anchor, None, f"equation {display_label(item.info.equation)}"
                )
            return NoteTarget("quote", item.id, item.text[:300], "the selected passage")
        return NoteTarget("paper", None, None, "the paper")


Listener = Callable[[Change], None]
