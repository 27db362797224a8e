"""The values that travel between paperpal's stages.

Every stage (sources, extract, notation, glossary, store, export) takes and returns these plain
frozen dataclasses. No third-party object (an ``arxiv.Result``, a ``pymupdf.Page``, a sympy
expression) is allowed in here: modules convert at their boundary.

This module imports nothing but the standard library.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

# --------------------------------------------------------------------------------------------
# sources/: a paper on disk
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PaperRef:
    """A parsed, validated reference to a paper.

    ``kind`` is "arxiv" for an arXiv id (``arxiv_id`` set, ``version`` optional) or "local" for a
    file or folder on disk (``path`` set) or a paper imported earlier, named by its library id
    (``library_id`` set, ``path`` None).
    """

    kind: Literal["arxiv", "local"]
    raw: str
    arxiv_id: str | None = None
    version: int | None = None
    path: Path | None = None
    library_id: str | None = None  # "local-7934ef664acb"


@dataclass(frozen=True, slots=True)
class PaperMeta:
    """Metadata of one paper, whether it came from arXiv or from a local file."""

    id: str  # library id: "1412.3555", "hep-th/9901001", or "local-<12 hex>" for imports
    title: str
    authors: tuple[str, ...] = ()
    abstract: str = ""
    version: int | None = None
    categories: tuple[str, ...] = ()
    primary_category: str | None = None
    published: str | None = None  # ISO date, "2014-12-11"
    origin: Literal["arxiv", "local"] = "arxiv"
    url: str | None = None  # the abs page for arXiv papers; None for local imports


@dataclass(frozen=True, slots=True)
class PaperFiles:
    """A cached paper: its folder in the library and what is in it."""

    meta: PaperMeta
    folder: Path
    pdf: Path | None = None
    source_dir: Path | None = None  # unpacked LaTeX source (None when arXiv had none)
    warnings: tuple[str, ...] = ()
    from_cache: bool = False  # True when nothing had to be downloaded


# --------------------------------------------------------------------------------------------
# extract/: a paper as a document
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Section:
    id: str  # stable within a document: "sec-1", "sec-1.2", "sec-a" ...
    number: str | None  # as printed: "2", "2.1", "A"; None for unnumbered
    title: str
    level: int  # 1 = section, 2 = subsection, 3 = subsubsection (0 = part/chapter)
    page: int | None = None  # 1-based page, when known


@dataclass(frozen=True, slots=True)
class InlineMath:
    latex: str
    start: int  # character offsets into Paragraph.text, covering the "$...$" span
    end: int


@dataclass(frozen=True, slots=True)
class Paragraph:
    id: str  # "p-12"
    text: str  # plain text; inline math kept as "$latex$"
    section: str | None = None  # Section.id
    page: int | None = None
    math: tuple[InlineMath, ...] = ()


@dataclass(frozen=True, slots=True)
class Equation:
    id: str  # "eq-7": stable within a document, in reading order
    latex: str  # macros expanded, alignment "&" and "\\\\" removed for single rows
    number: str | None = None  # as printed: "5", "A.1", "3a"; None when unnumbered
    display: bool = True
    section: str | None = None  # Section.id
    page: int | None = None
    label: str | None = None  # \label{...} in LaTeX sources
    context_before: str = ""  # the text just before the equation (the sentence introducing it)
    context_after: str = ""  # the text just after it ("where z is ...")
    # What a reader types to name it: the printed number, or for an unnumbered display its
    # place after the numbered one before it ("5+1"); "" for inline formulas. Set by extract
    # (extract/equation_names.py), which also resolves what a reader types.
    name: str = ""


Block = Section | Paragraph | Equation


@dataclass(frozen=True, slots=True)
class Document:
    """A paper's content in reading order, whichever way it was read."""

    title: str
    source: Literal["latex", "pdf"]
    blocks: tuple[Block, ...] = ()  # sections (as headings), paragraphs and equations, in order
    abstract: str = ""
    pages: int | None = None
    warnings: tuple[str, ...] = ()  # what a reader should know: text missing, a fallback taken
    details: tuple[str, ...] = ()  # how the source was read, for the curious: nothing to act on

    @property
    def sections(self) -> tuple[Section, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Section))

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Paragraph))

    @property
    def equations(self) -> tuple[Equation, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Equation))


# --------------------------------------------------------------------------------------------
# glossary/: curated knowledge
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Sense:
    meaning: str
    context: str = ""  # human description of when this sense applies
    denotes: str | None = None  # concept id
    cues: tuple[str, ...] = ()  # LaTeX fragments / words whose presence nearby selects this sense
    applied: bool | None = None  # True: sense applies when the symbol is applied to an argument
    fields: tuple[str, ...] = ()  # arXiv categories or archives where it is the usual sense: "cs.CL"
    concepts: tuple[str, ...] = ()  # concept ids whose presence in the paper selects this sense
    specific: bool = False  # belongs to one model or field: stated only when evidence selects it


@dataclass(frozen=True, slots=True)
class GlossarySymbol:
    id: str
    latex: tuple[str, ...]
    read_as: str
    kind: str  # letter | operator | function | relation | set | accent | font | delimiter | constant
    senses: tuple[Sense, ...]  # at least one; the first is the default
    example: str = ""
    name: str = ""
    notes: str = ""
    domain: str = ""  # file stem it came from
    origin: Literal["shipped", "user"] = "shipped"


@dataclass(frozen=True, slots=True)
class Concept:
    id: str
    name: str
    summary: str
    aliases: tuple[str, ...] = ()
    abbreviations: tuple[str, ...] = ()
    requires: tuple[str, ...] = ()
    see_also: tuple[str, ...] = ()
    example: str = ""
    domain: str = ""
    origin: Literal["shipped", "user"] = "shipped"
    # Words (or LaTeX) that show a paper uses the concept's sense: where the glossary gives them,
    # a name or alias links only in a paragraph that has one or a neighbouring concept's words.
    cues: tuple[str, ...] = ()


# --------------------------------------------------------------------------------------------
# notation/ + linking: what the report says about a paper
# --------------------------------------------------------------------------------------------

MeaningSource = Literal["paper", "glossary", "convention"]


@dataclass(frozen=True, slots=True)
class PaperContext:
    """What the notation layer may know about a paper besides its text: the evidence that
    selects a glossary sense beyond the words around a symbol."""

    categories: tuple[str, ...] = ()  # arXiv categories, primary first: ("cs.LG", "stat.ML")
    concepts: frozenset[str] = frozenset()  # glossary concept ids the paper's prose uses


@dataclass(frozen=True, slots=True)
class SymbolInfo:
    """One symbol of a paper, all its written forms grouped (h_t, h_{t-1}, h_t^j are one "h")."""

    latex: str  # the grouping key as LaTeX: "h", "\\tilde{h}", "\\mathbf{W}_z", "\\sigma"
    text: str  # Unicode rendering of the key
    kind: str  # identifier | operator | function | number ...
    meaning: str | None  # None: not explained (never invented)
    source: MeaningSource | None = None
    evidence: str | None = None  # the paper's sentence the meaning came from
    glossary_id: str | None = None
    read_as: str | None = None
    conventions: tuple[str, ...] = ()  # "bold lowercase: a vector", "subscript t: time step"
    forms: tuple[str, ...] = ()  # the written forms seen in the paper
    equations: tuple[str, ...] = ()  # Equation.id values it occurs in
    # How likely ``meaning`` is right (0-1), from the calibrated model in notation/claims.py, and
    # whether that is high enough to state it as fact. Below the threshold the meaning is offered
    # in words as uncertain ("probably ...", "commonly ...; this paper does not define it").
    confidence: float = 0.0
    certain: bool = False


@dataclass(frozen=True, slots=True)
class EquationInfo:
    equation: Equation
    text: str  # Unicode rendering, one line
    # a 2-D drawing (notation.layout) when there is a fraction, a root or a big operator with limits
    pretty: str | None = None
    symbols: tuple[str, ...] = ()  # SymbolInfo.latex keys, in order of first appearance
    literal: str = ""  # read aloud literally
    spoken_meaning: str | None = None  # read aloud by meaning, None when too little is known


@dataclass(frozen=True, slots=True)
class TrialValue:
    """One symbol's example value in "try it with numbers"."""

    symbol: str  # as written in the equation: "z_t", "h_{t-1}"
    text: str  # Unicode: "zₜ"
    value: str  # shown: "0.8", "[1, 2, 0.5]"
    source: Literal["reader", "default"] = "default"
    why: str = ""  # for a default: "a gate, between 0 and 1"


@dataclass(frozen=True, slots=True)
class Trial:
    """An equation tried with small numbers: the values, the working, the result; or why not."""

    equation_id: str
    evaluable: bool
    target: str = ""  # what is computed (the left side), Unicode
    values: tuple[TrialValue, ...] = ()
    steps: tuple[str, ...] = ()  # "(1 − 0.8)·0.2 + 0.8·0.5", "= 0.04 + 0.4", "= 0.44"
    result: str | None = None
    reason: str | None = None  # when not evaluable: why, in one sentence
    notes: tuple[str, ...] = ()  # simplifications made ("vectors and matrices are single numbers here")


@dataclass(frozen=True, slots=True)
class TermInfo:
    name: str  # as found in the paper
    concept: str | None  # concept id, None for a candidate term not in the glossary
    explanation: str | None = None
    abbreviation: str | None = None
    count: int = 0
    # How it was found: a glossary name/alias/abbreviation, by meaning (embedding), a term the
    # paper defines itself and is explained from its sentence (defined), or a repeated phrase
    # nothing explains (candidate).
    match: Literal["name", "alias", "abbreviation", "embedding", "candidate", "defined"] = "name"
    confidence: float | None = None  # similarity for embedding links; the pattern's for "defined"
    evidence: str | None = None  # the paper's sentence that defines or names it
    defined: bool = False  # the paper defines it or introduces its abbreviation
    own: bool = False  # the paper's own name: its method, a component it names
    kind_of: str | None = None  # for a paper's own term: the glossary concept it is a kind of
    centrality: float = 0.0  # how central to the paper (title, abstract, headings, use, spread)
    rank: int = 0  # 1 = the most central term
    key: bool = False  # one of the paper's key terms (the top of the ranking)


PathGroup = Literal["foundations", "building-blocks", "paper"]


@dataclass(frozen=True, slots=True)
class PathStep:
    concept: str  # a glossary id; "paper:<name>" for a term only the paper defines
    name: str
    known: bool
    summary: str = ""
    in_paper: bool = False  # the paper itself uses this concept (vs. a prerequisite only)
    group: PathGroup = "building-blocks"  # foundations you need / building blocks / this paper's ideas
    key: bool = False  # one of the paper's key concepts
    own: bool = False  # the paper's own term (it defines or names it)
    requires: tuple[str, ...] = ()  # the prerequisites of this step that are on the same path


@dataclass(frozen=True, slots=True)
class PaperReport:
    meta: PaperMeta
    document: Document
    equations: tuple[EquationInfo, ...] = ()
    symbols: tuple[SymbolInfo, ...] = ()
    terms: tuple[TermInfo, ...] = ()  # most central first (TermInfo.rank)
    reading_path: tuple[PathStep, ...] = ()  # the default path: key concepts, what they need
    warnings: tuple[str, ...] = field(default=())
    details: tuple[str, ...] = field(default=())  # Document.details: nothing a reader can act on
    full_path: tuple[PathStep, ...] = ()  # every concept used and all its prerequisites


# --------------------------------------------------------------------------------------------
# store/: the reader's notes
# --------------------------------------------------------------------------------------------

AnchorKind = Literal["paper", "section", "equation", "symbol", "term", "quote"]


@dataclass(frozen=True, slots=True)
class Note:
    id: str  # stable across machines (uuid4 hex), so notes can be pooled
    paper_id: str
    body: str  # Markdown, may hold $math$
    anchor_kind: AnchorKind = "paper"
    anchor: str | None = None  # equation number, symbol LaTeX, term, section id
    quote: str | None = None
    tags: tuple[str, ...] = ()
    created: str = ""  # ISO 8601 UTC
    updated: str = ""
    deleted: bool = False


@dataclass(frozen=True, slots=True)
class SearchHit:
    kind: Literal["note", "passage"]
    paper_id: str
    text: str
    snippet: str  # with the matching words marked [like this]
    score: float
    note_id: str | None = None
    section: str | None = None  # section title or id
    equation: str | None = None  # equation number
    via: tuple[str, ...] = ()  # "keyword", "semantic"
