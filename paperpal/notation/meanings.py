"""What one symbol of a paper means: every candidate meaning, the evidence for each, the choice.

Owns: ``SymbolGroup`` (all the written forms of one symbol in a paper, with the formulas and
sentences around them), ``candidates`` (the paper's definitions of it, the glossary sense its
context selects, the convention its typography states, each with named features for the
confidence model of ``claims``), and ``choose`` (the most likely candidate).

Authority is evidence, not a fixed order. The paper's own definition usually wins, but a weak
reading of a sentence ("$n = 18$ leads to ...", "the notation $y = ...$") loses to a glossary
sense the paper's context selects, and a glossary sense from another field (h-tilde as a GRU's
candidate state) is only likely when the paper shows that field's marks: cue words or LaTeX next
to the symbol, the concepts the paper uses, its arXiv categories, the equation's shape.

Must not: read files, fetch, or decide how a meaning is voiced (``claims.voice`` does).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from paperpal.glossary.model import Glossary
from paperpal.mathtokens import tokenize
from paperpal.models import GlossarySymbol, PaperContext, Sense
from paperpal.notation.claims import Candidate, confidence
from paperpal.notation.conventions import convention_meaning
from paperpal.notation.definitions import Definition
from paperpal.notation.symbols import SymbolOccurrence, extract_symbols


@dataclass(slots=True)
class SymbolGroup:
    """One symbol of a paper: its written forms and where they occur."""

    key: str
    occurrences: list[SymbolOccurrence] = field(default_factory=list)
    equations: dict[str, None] = field(default_factory=dict)  # display equation ids, in order
    math: list[str] = field(default_factory=list)  # LaTeX it appears in
    text: list[str] = field(default_factory=list)  # sentences around it
    displayed: list[bool] = field(default_factory=list)  # whether each formula is a display
    sections: set[str] = field(default_factory=set)  # sections of the displays it appears in
    alone: int = 0  # how often the prose writes it as a formula of its own ("$\\otimes$")

    def remember(self, math: str, text: str, *, displayed: bool) -> None:
        """Keep a formula and its sentences as context: up to a dozen displays and a dozen
        inline formulas, so a paper's prose does not crowd out its equations."""
        if math in self.math or sum(1 for d in self.displayed if d == displayed) >= 12:
            return
        self.math.append(math)
        self.text.append(text)
        self.displayed.append(displayed)


@dataclass(frozen=True, slots=True)
class Choice:
    """The meaning shown for a symbol (``candidate`` None: nothing explains it)."""

    candidate: Candidate | None
    confidence: float
    entry: GlossarySymbol | None
    sense: Sense | None


# -- the paper's definitions ---------------------------------------------------------------

# Heads that name no thing: "the notation $y = ...$", "to the power $t$", "the case $n = 1$".
_EMPTY_HEADS = frozenset(
    """notation power case cases way form example examples instance hypothesis question result
    results following above below setting settings choice choices fact idea approach step
    steps section figure table equation expression formula term terms sense manner point""".split()
)
# Heads that say only what kind of thing a symbol is ("learned parameters", "a matrix"): true,
# but a reader learns little, and a glossary sense may say more.
_VAGUE_HEADS = frozenset(
    """parameter parameters matrix matrices vector vectors scalar scalars function functions
    variable variables value values quantity quantities constant constants element elements
    tensor tensors number numbers set sets hyperparameter hyperparameters mapping input inputs
    output outputs operator operators map maps notation symbol symbols distribution distributions
    model models network networks method methods term terms variant variants""".split()
)
_CAPTION = re.compile(
    r"^\s*(?:fig(?:ure)?\.?|table|tab\.|(?:top|bottom|upper|lower)\s*(?:left|right|row|panel)?\s*:|"
    r"(?:left|right|middle)\s*(?:column|panel)?s?\s*:|\(\s*[a-z]\s*\))",
    re.I,
)
_WORD = re.compile(r"[A-Za-z][A-Za-z\-']*")


def _words(description: str) -> list[str]:
    return _WORD.findall(re.sub(r"\$[^$]*\$", " ", description))


def _head(description: str) -> str:
    """The head noun of a description, roughly: its last word before "of"/a clause."""
    words = _words(re.split(r"\s(?:of|for|in|on|at|with|from|by|to|that|which|whose)\s", description)[0])
    return words[-1].lower() if words else ""


def _bare_formula(d: Definition) -> bool:
    """The formula is the symbol itself, maybe introduced with a set or a type ("x \\in X")."""
    formula = re.sub(r"\s+", "", d.formula)
    symbol = re.sub(r"\s+", "", d.symbol)
    if formula == symbol or formula.strip("{}") == symbol:
        return True
    rest = formula[len(symbol) :] if formula.startswith(symbol) else ""
    return bool(re.match(r"\\(?:in|subset|subseteq|colon)(?![A-Za-z])|:", rest))


def _valued(d: Definition) -> bool:
    """ "$N = 2$", "$u_0 = 0$", "$\\mathbf{x} = G(\\mathbf{z})$": the formula says what it equals."""
    return not _bare_formula(d) and bool(re.search(r"=|\\approx|<|>|\\leq?|\\geq?", d.formula))


def _specific_form(d: Definition, group: SymbolGroup) -> bool:
    """The definition is of one instance ("$u_0$", "$h_{t-1}$", "$\\beta_1^t$"), not the symbol."""
    occs = extract_symbols(d.symbol)
    if not occs:
        return False
    occ = occs[0]
    if occ.superscript and occ.superscript_role == "power":
        return True  # "$g_t^2$": a power of the symbol, not the symbol
    if not occ.subscript:
        return False
    sub = occ.subscript.replace(" ", "").strip("{}")
    if re.search(r"\\[lc]?dots|\.\.\.|:", sub):
        return True  # "$x_{1...N}$": a range of them, the whole set rather than one
    if re.fullmatch(r"[0-9]+", sub) and len({o.latex for o in group.occurrences}) > 1:
        others = [o.subscript for o in group.occurrences if o.subscript and not o.subscript.isdigit()]
        return bool(others)  # u_0 among u_t: the start value, not u
    return bool(re.search(r"[-+]\s*[0-9]", sub))


def _odd(description: str, head: str) -> bool:
    """A description that does not read as a name: "This hypothesis", "further explore", "a single"."""
    words = _words(description)
    if not words:
        return True
    if head in _EMPTY_HEADS:
        return True
    first = words[0]
    if first[:1].isupper() and not first.isupper() and first.lower() in ("this", "these", "that", "it", "we"):
        return True
    if head.endswith(("ly", "ed")) or head in ("single", "non-linear", "nonlinear", "same", "explore"):
        return True
    return len(words) == 1 and words[0].lower() in ("further", "also", "then", "thus")


_FUNCTION_WORDS = frozenset(
    """the a an of in on at to for from by with and or its their this that these those is are be
    which what how each every one two some any all used use uses using value values number
    numbers function functions vector vectors matrix matrices quantity quantities paper defines
    defined usually often commonly such as""".split()
)


def content_words(text: str) -> set[str]:
    """The words of ``text`` that carry meaning, crudely stemmed: "the learned biases" -> {learn, bias}."""
    out = set()
    for w in _words(text.lower()):
        if w in _FUNCTION_WORDS or len(w) < 3:
            continue
        for suffix in ("ings", "ing", "ies", "es", "ed", "s"):
            if w.endswith(suffix) and len(w) - len(suffix) >= 3:
                w = w[: -len(suffix)]
                break
        out.add(w)
    return out


def readable(description: str) -> str:
    """A description as the reader sees it: its inline formulas in Unicode ("the $N \\times N$
    matrix" -> "the N×N matrix"), never LaTeX."""
    from paperpal.notation.render import to_unicode

    return re.sub(r"\$([^$]+)\$", lambda m: to_unicode(m.group(1)), description)


def says_the_same(paper: str, glossary_meaning: str) -> bool:
    """Whether the paper's description names what the glossary sense names, and says more than a
    bare word: it has two content words or more, one of them the head of the sense's gist
    ("an update gate" and "The update gate: ..."; not "time" for "The current time step")."""
    words = content_words(paper)
    gist = _gist(glossary_meaning)
    head = content_words(_head(gist)) if _head(gist) else set()
    return len(words) >= 2 and bool(head) and head <= words and _head(paper) not in _VAGUE_HEADS


def _gist(meaning: str) -> str:
    """The part of a glossary meaning that names the thing: up to its first colon or full stop."""
    return re.split(r":\s|\.\s|;\s", meaning, maxsplit=1)[0]


def paper_candidates(
    group: SymbolGroup, definitions: list[Definition], source: str, glossary_gist: str = ""
) -> list[Candidate]:
    """One candidate per distinct description the paper gives for the symbol."""
    heads = [_head(d.description) for d in definitions]
    strong = [h for d, h in zip(definitions, heads, strict=True) if d.pattern in ("verb", "table", "denoted")]
    out: list[Candidate] = []
    seen: set[str] = set()
    for d, head in zip(definitions, heads, strict=True):
        text = d.description.strip()
        if text.lower() in seen:
            continue
        seen.add(text.lower())
        agree = sum(1 for h in heads if h == head) - 1
        conflict = any(h != head and h not in _VAGUE_HEADS for h in strong) and head not in strong
        features = {
            "finder": d.confidence,
            "verb": 1.0 if d.pattern in ("verb", "table", "denoted") else 0.0,
            "bare": 1.0 if _bare_formula(d) else 0.0,
            "valued": 1.0 if _valued(d) else 0.0,
            "specific_form": 1.0 if _specific_form(d, group) else 0.0,
            "words": min(len(_words(text)), 8) / 8,
            "vague": 1.0 if head in _VAGUE_HEADS else 0.0,
            "odd": 1.0 if _odd(text, head) else 0.0,
            "caption": 1.0 if _CAPTION.match(d.sentence) else 0.0,
            "agree": min(agree, 2) / 2,
            "conflict": 1.0 if conflict else 0.0,
            "near_display": 1.0 if d.near_display and d.block in group.equations else 0.0,
            "same_section": 1.0 if d.section is not None and d.section in group.sections else 0.0,
            "first": 1.0 if d is definitions[0] else 0.0,
            "agrees": 1.0 if content_words(text) & content_words(glossary_gist) else 0.0,
            "pdf": 1.0 if source == "pdf" else 0.0,
            "in_equations": 1.0 if group.equations else 0.0,
        }
        out.append(Candidate(readable(text), "paper", features, evidence=d.sentence, priority=2))
    return out


# -- the glossary ---------------------------------------------------------------------------

_FIXED_KINDS = frozenset({"operator", "function", "relation", "set", "constant", "delimiter"})


def _token_values(latex: str) -> list[str]:
    return [t.value for t in tokenize(latex) if t.kind not in ("space", "comment")]


@dataclass(frozen=True, slots=True)
class SenseEvidence:
    """What speaks for one sense: around the symbol itself (cue words next to it, cue LaTeX in
    its formulas, its use as a function) and across the paper (concepts it uses, its fields)."""

    local: float = 0.0
    paper: float = 0.0

    @property
    def total(self) -> float:
        return self.local + self.paper


# Concept domains whose symbol senses belong to one kind of model or field (h-tilde as a GRU's
# candidate, z as an update gate, Q as a query matrix): such a sense is stated only when the
# symbol's own surroundings show that field's marks. Senses from the other domains (a weight
# matrix, a dimension, a probability) are general readings. A sense can say so itself with
# ``specific = true``.
SPECIFIC_DOMAINS = frozenset(
    """attention sequence-models reinforcement-learning generative-models optimization
    computer-vision natural-language information-theory statistics""".split()
)


def is_specific(entry: GlossarySymbol, sense: Sense, glossary: Glossary) -> bool:
    if sense.specific:
        return True
    if entry.kind != "letter" or not sense.denotes:
        return False
    concept = glossary.concept(sense.denotes)
    return concept is not None and concept.domain in SPECIFIC_DOMAINS


def sense_evidence(entry: GlossarySymbol, group: SymbolGroup, context: PaperContext) -> list[SenseEvidence]:
    """How much evidence selects each sense of ``entry`` for this symbol in this paper.

    Cues that look like LaTeX (or a lone letter) must appear in the math, token for token ("a"
    is not found inside "\\alpha"); word cues are matched in the sentences around the symbol. A
    concept the paper uses and an arXiv category the sense belongs to count too; a sense that
    names its fields is unlikely in a paper of none of them. ``applied`` must fit the symbol's use.
    """
    # Evidence around the symbol's display equations counts fully, around its inline uses half:
    # the decoder explains what a symbol is in the equations.
    views = []
    for displayed in (True, False):
        chosen = [i for i, d in enumerate(group.displayed) if d == displayed]
        math = " " + " ".join(" ".join(_token_values(group.math[i])) for i in chosen) + " "
        views.append((1.0 if displayed else 0.5, math, " ".join(group.text[i] for i in chosen).lower()))
    applied = sum(1 for o in group.occurrences if o.applied) * 2 > len(group.occurrences)
    categories = _categories(context)
    out: list[SenseEvidence] = []
    for sense in entry.senses:
        local = 0.0
        for cue in sense.cues:
            if not cue:
                continue
            found = 0.0
            for weight, math, lowered in views:
                if cue.isalpha() and len(cue) >= 3:
                    if re.search(rf"\b{re.escape(cue.lower())}", lowered) or f" {cue} " in math:
                        found = max(found, weight)
                elif " " + " ".join(_token_values(cue)) + " " in math:
                    # A lone letter nearby is weak evidence (H is not always a height).
                    found = max(found, weight * (0.5 if len(cue) == 1 else 1))
            local += found
        if sense.applied is not None:
            local += 1.5 if sense.applied == applied else -1.5
        paper = 0.0
        if _sense_concepts(sense) & context.concepts:
            paper += 1
        if sense.fields and context.categories:
            paper += 0.5 if {f.lower() for f in sense.fields} & categories else -1
        out.append(SenseEvidence(local, paper))
    return out


def _categories(context: PaperContext) -> set[str]:
    return {c.lower() for c in context.categories} | {c.split(".")[0].lower() for c in context.categories}


def _sense_concepts(sense: Sense) -> set[str]:
    return {*sense.concepts, *([sense.denotes] if sense.denotes else [])}


def choose_sense(entry: GlossarySymbol, evidence: list[SenseEvidence], specific: list[bool]) -> int | None:
    """The index of the sense the evidence selects; the first is the default, and another needs
    real evidence (a score of 1) to displace it. A field's own sense needs evidence around the
    symbol itself; without it a general sense is taken when there is one. None: no senses."""
    if not entry.senses:
        return None
    scores = [e.total for e in evidence]
    best = max(range(len(scores)), key=lambda i: (scores[i], -i))
    if best != 0 and scores[best] < 1:
        best = 0
    if specific[best] and evidence[best].local <= 0:
        general = [i for i in range(len(scores)) if not specific[i] and scores[i] >= 0]
        if general:
            return general[0]
    return best


def named_meaning(entry: GlossarySymbol, sense: Sense, glossary: Glossary) -> str:
    """The sense's meaning, led by the name a reader can look up when it does not say it."""
    text = sense.meaning.strip()
    if entry.kind in ("letter", "accent", "font") or is_hedge(text):
        return text  # a letter's entry is named after the letter; its senses name themselves
    if len(entry.senses) > 1:
        return text  # the entry's name covers all its senses; a sense's concept may be only related
    concept = glossary.concept(sense.denotes) if sense.denotes else None
    name = entry.name
    if not name or len(name) < 3:
        return text

    def squash(s: str) -> str:
        return re.sub(r"[\s\-]+", "", s.lower())

    if squash(name) in squash(text) or any(
        squash(a) in squash(text[:60]) for a in (concept.aliases if concept else ())
    ):
        return text
    first = text[:1].lower() + text[1:] if text[1:2].islower() else text
    return f"{name[:1].upper()}{name[1:]}: {first}"


def _label(key: str, entry: GlossarySymbol) -> str | None:
    """The naming script of ``key`` as a reader sees it: "g" for "\\theta_g", "REINFORCE"."""
    from paperpal.notation.render import to_unicode
    from paperpal.notation.symbols import extract_symbols

    occs = extract_symbols(key)
    if not occs:
        return None
    occ = occs[0]
    script = occ.subscript if occ.subscript_role == "name" else None
    if script is None and occ.superscript_role == "name":
        script = occ.superscript
    if not script:
        return None
    label = to_unicode(script).replace("{", "").replace("}", "").strip()
    return label or None


def _naming_script(key: str, entry: GlossarySymbol) -> bool:
    """The key carries a naming script the entry does not spell ("\\theta_g" looked up as theta)."""
    compact = {re.sub(r"\s+", "", x) for x in entry.latex}
    return re.sub(r"\s+", "", key) not in compact and bool(re.search(r"[_^]", key))


def glossary_candidate(
    entry: GlossarySymbol,
    group: SymbolGroup,
    glossary: Glossary,
    context: PaperContext,
    *,
    paper_talks: bool,
    paper_words: set[str] | None = None,
) -> tuple[Candidate, Sense] | None:
    evidence = sense_evidence(entry, group, context)
    specific = [is_specific(entry, sense, glossary) for sense in entry.senses]
    index = choose_sense(entry, evidence, specific)
    if index is None:
        return None
    sense = entry.senses[index]
    score = evidence[index].total
    others = [e.total for i, e in enumerate(evidence) if i != index]
    margin = score - max(others) if others else score
    field_match = 0.0
    if sense.fields and context.categories:
        field_match = 1.0 if {f.lower() for f in sense.fields} & _categories(context) else -1.0
    concepts = _sense_concepts(sense)
    unsupported = specific[index] and evidence[index].local <= 0
    features = {
        "letter": 1.0 if entry.kind == "letter" else 0.0,
        "family": 1.0 if entry.kind in ("font", "accent") else 0.0,
        "fixed": 1.0 if entry.kind in _FIXED_KINDS else 0.0,
        "multi": 1.0 if len(entry.senses) > 1 else 0.0,
        "cues": max(0.0, min(score, 3.0)) / 3,
        "margin": max(-1.0, min(margin, 3.0)) / 3,
        "concept": 1.0 if concepts & context.concepts else 0.0,
        "field_match": field_match,
        "specific": 1.0 if specific[index] else 0.0,
        "local": max(-1.0, min(evidence[index].local, 3.0)) / 3,
        "default_no_evidence": 1.0 if len(entry.senses) > 1 and index == 0 and score <= 0 else 0.0,
        "naming_script": 1.0 if _naming_script(group.key, entry) else 0.0,
        "paper_talks": 1.0 if paper_talks else 0.0,
        "alone": 1.0 if group.alone else 0.0,
        "agrees": 1.0 if paper_words and content_words(_gist(sense.meaning)) & paper_words else 0.0,
    }
    meaning = named_meaning(entry, sense, glossary)
    label = _label(group.key, entry) if features["naming_script"] else None
    # "hat: an estimate" is typography, not a fact; a field's sense with nothing of the field
    # around the symbol is a guess.
    generic = entry.kind in ("accent", "font") or unsupported
    if label and not is_hedge(meaning):
        # "\theta_g" looked up as theta: the entry says what theta is, the label says which one.
        meaning = f"{_gist(meaning).rstrip('.')}; here the one labelled {label}"
        # W_1 is still a weight matrix; whose parameters theta_g are, the glossary cannot know.
        generic = generic or not label.isdigit() or entry.kind != "letter"
    candidate = Candidate(meaning, "glossary", features, priority=1, hedge=is_hedge(meaning), generic=generic)
    return candidate, sense


_HEDGE = re.compile(r"^(?:an?|the)\s+(?:\w+\s+){0,3}the paper (?:defines|introduces)", re.I)


def is_hedge(meaning: str) -> bool:
    """ "A quantity the paper defines; commonly ...": a glossary sense that is itself a hedge."""
    return bool(_HEDGE.match(meaning.strip()))


# -- choosing ---------------------------------------------------------------------------------

# Readings that are never stated as fact, whatever the model says: a glossary sense that is
# itself a hedge ("A quantity the paper defines; commonly ..."), and a generic one (what a hat
# usually marks; what theta is when the paper writes theta_g, whose parameters the glossary
# cannot know).
HEDGE_CONFIDENCE = 0.3
GENERIC_CONFIDENCE = 0.5


def capped(candidate: Candidate) -> float:
    """The candidate's confidence, held below certainty for hedges and generic readings."""
    value = confidence(candidate)
    if candidate.hedge:
        return min(value, HEDGE_CONFIDENCE)
    if candidate.generic:
        return min(value, GENERIC_CONFIDENCE)
    return value


def choose(
    group: SymbolGroup,
    definitions: list[Definition],
    entry: GlossarySymbol | None,
    glossary: Glossary,
    context: PaperContext,
    *,
    source: str,
    trace: list[dict[str, object]] | None = None,
) -> Choice:
    """The most likely meaning of the symbol, with its calibrated confidence."""
    sense: Sense | None = None
    found = None
    if entry is not None:
        paper_words = (
            set().union(*(content_words(d.description) for d in definitions)) if definitions else set()
        )
        found = glossary_candidate(
            entry, group, glossary, context, paper_talks=bool(definitions), paper_words=paper_words
        )
    gist = _gist(found[1].meaning) if found else ""
    candidates = paper_candidates(group, definitions, source, gist)
    if found is not None:
        candidates.append(found[0])
        sense = found[1]
    if not candidates:
        first = group.occurrences[0]
        by_convention = convention_meaning(first)
        if by_convention:
            candidates.append(Candidate(by_convention, "convention", {}, priority=0))
    scored = [(capped(c), c.priority, i, c) for i, c in enumerate(candidates)]
    if trace is not None:
        forms = sorted({o.latex.strip() for o in group.occurrences})
        for conf, _, _, c in scored:
            trace.append(
                {
                    "key": group.key,
                    "forms": forms,
                    "source": c.source,
                    "meaning": c.meaning,
                    "evidence": c.evidence,
                    "features": c.features,
                    "confidence": round(conf, 4),
                    "hedge": c.hedge,
                    "generic": c.generic,
                }
            )
    if not scored:
        return Choice(None, 0.0, entry, None)
    conf, _, _, best = max(scored, key=lambda row: (row[0], row[1], -row[2]))
    chosen_sense = sense if best.source == "glossary" else None
    if best.source == "glossary":
        # The paper's own words, when they say what the glossary says (and say more than "the
        # parameters"): the reader gets the paper's sentence as evidence, with the confidence
        # the agreement earns.
        agreeing = [
            row for row in scored if row[3].source == "paper" and says_the_same(row[3].meaning, best.meaning)
        ]
        if agreeing:
            best = max(agreeing, key=lambda row: (row[0], -row[2]))[3]
    return Choice(best, conf, entry, chosen_sense)


def kind_of(group: SymbolGroup) -> str:
    return Counter(o.kind for o in group.occurrences).most_common(1)[0][0]
