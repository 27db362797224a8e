"""Jargon in a paper's prose, linked to glossary concepts.

This module owns finding the terms a reader may not know in a ``Document``'s words (title,
abstract, headings, paragraphs; inline math is skipped) and saying which concept each one is:

1. glossary names and aliases, case-insensitive, with plural and hyphen/space variants
   ("Gated recurrent units", "short-term" == "short term"), longest match first;
2. abbreviations, case-sensitive whole words ("GRU", "GRUs"), and those the paper defines itself
   ("gated recurrent unit (GRU)"), counted together with their long form;
3. candidate terms: repeated technical noun phrases the glossary does not have, listed with
   ``concept=None, match="candidate"``; with an embedder each is linked to its nearest concept
   when the cosine similarity passes a threshold (``match="embedding"``, ``confidence`` set).

Precision over recall: a reader is better served by a short list that is right than by every
"the results". So words that are also everyday English (``EVERYDAY``) never match on their own,
foundation concepts (school knowledge) are not listed as jargon, and candidates must repeat,
be built from content words, and end in a noun-like word.

It must not import the embedding model at module level (the ``Embedder`` loads it lazily) and
must stay fast without an embedder: one pass over the words with dictionary look-ups.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from paperpal.glossary.model import Glossary
from paperpal.models import Concept, Document, Paragraph, Section, TermInfo

if TYPE_CHECKING:
    import numpy as np

    from paperpal.embeddings import Embedder

#: Cosine similarity a candidate needs to be linked to a concept (tuned on the corpus papers by
#: benchmarks/terms_report.py: below about 0.6 the nearest concept is often only topically close).
DEFAULT_THRESHOLD = 0.62

MAX_CANDIDATES = 40
FOUNDATION_DOMAIN = "foundations"

# Function words: never part of a candidate phrase, and a glossary form made only of these (and
# EVERYDAY words) is never matched ("for each", "at least", "and so on").
STOPWORDS = frozenset(
    """a an the and or nor but if then else than that this these those there here where when
    which who whom whose what why how of in on at to for from by with without within into onto
    over under between among through during before after above below up down out off about
    against along across around as is are was were be been being am do does did done doing
    have has had having can could may might must shall should will would not no yes it its
    they them their we our us you your he she his her i me my one ones each every all any both
    either neither some such other another same own only also just very so too more most less
    least much many few several further thus hence therefore however although though while
    since because whether via per let us e.g i.e et al etc vs""".split()
)

# Everyday English that some glossary entries list as aliases: alone, such a word is far more
# often plain prose ("the output", "a sample", "in order to") than the technical sense.
EVERYDAY = frozenset(
    """output outputs input inputs size shape width length space target targets sample samples
    example examples instance instances learning train trained fitting model models map maps
    mapping collection expression identity unknown formula formulas predict predicted estimate
    project projected linear symmetric diagonal inverse transfer representation representations
    scores score cost criterion capacity annotation attribute deployment spectrum magnitude
    stacking slice flatten flattened vec net node nodes unit units memorization orthogonal
    perpendicular span spanned basis trace traces rank count empty composition composed compose
    definition bound range order scaling binary power powers squared root product products sum
    sums max min log logs approximately approximate roughly implies cases piecewise channel
    channels head filter filters offset forward deep deeper degradation residual
    transfer domain complement overlap integer infinite unbounded dots binary indicator
    indicators choose combinations remainder mod floor ceiling exponential exponentially
    complexity asymptotic composition number numbers value values point points state states
    field fields form forms line lines term terms process time step steps set sets mean means
    average normal random independent support image level layer function functions variable
    variables equation equations sequence sequences graph graphs network networks weight weights
    parameter parameters loss losses objective error errors data label labels feature features
    transition memory context window cell cells history update updates approach approaches case
    maximize maximise minimize minimise maximizing minimizing tend action actions advantage
    advantages agent alignment approximation benchmark bin bit chance code combination
    conditioning consistency consistent constraint continuous controller critic draw dynamic
    embedded environment episode event evidence explore exploration exploitation fraction given
    information integrate integration iteration iterations learner limit marginal mixing mode
    moment outcome partial precision rational real recall return returns reward sampled scale
    scales schedule sensitivity slope smooth spread statistic substitution surprise uniform
    union plateau plateaus summing observation observations depth converge converged converging
    dimension relaxation scan discount del env var nat mu sup inf abs""".split()
)

# Last words that make a phrase generic rather than technical ("the following results").
GENERIC_HEADS = frozenset(
    """result results paper papers section sections figure figures table tables work works way
    ways case cases fact part parts thing things approach approaches method methods idea ideas
    number numbers use lot kind kinds type types set sets problem problems question questions
    experiment experiments detail details reason reasons term terms order point points end
    time times example examples value values issue issues aspect aspects setting settings
    version versions amount amounts""".split()
)

# Words that cannot start or sit inside a candidate, beyond the stopwords: reporting verbs and
# vague qualifiers that glue onto noun phrases in academic prose.
WEAK_WORDS = frozenset(
    """show shows shown showed use uses used using based given following proposed propose
    proposes new novel different same similar various several certain particular specific
    main first second third last next previous recent recently large small high low good better
    best well simple standard original general important possible able whole total overall
    respectively consider considered obtain obtained note see make makes made take takes taken
    allow allows find found get gets paper section figure table eq equation appendix
    two three four five six seven eight nine ten many multiple single empirical sophisticated
    challenging traditional advanced graphical computed consecutive interesting promising
    significant competitive comparable effective efficient powerful popular existing typical
    common basic simple complex corresponding respective additional alternative final initial
    corresponds correspond performs perform outperforms outperform refers refer denotes denote
    represents represent contains contain requires require leads lead depends depend consists
    consist becomes become remains remain includes include computes compute achieves achieve
    preprint arxiv url http https doi vol pp proceedings conference journal international
    workshop university press ieee acm advances nips neurips icml iclr cvpr times fewer faster
    slower better worse higher lower larger smaller trains getting once again improve upon top
    left right won start starts started covering provides provide provided""".split()
)

_IRREGULAR = {
    "matrices": "matrix",
    "vertices": "vertex",
    "indices": "index",
    "hypotheses": "hypothesis",
    "analyses": "analysis",
    "bases": "basis",
    "criteria": "criterion",
    "phenomena": "phenomenon",
    "maxima": "maximum",
    "minima": "minimum",
    "curricula": "curriculum",
    "biases": "bias",
}

_BACK_MATTER = re.compile(r"(?i)^(references|bibliography|acknowledge?ments?|literature cited)\b")
_TOKEN = re.compile(r"[A-Za-z0-9]+(?:[.'][A-Za-z0-9]+)*|[^\sA-Za-z0-9]")
_INLINE_MATH = re.compile(r"\$[^$]*\$")
# "(GRU)", "(LSTMs)", "(Bi-RNN)": a parenthesised word with at least two capitals.
_DEFINED = re.compile(r"\(\s*([A-Za-z][A-Za-z0-9-]*)\s*\)")

Match = Literal["name", "alias", "abbreviation", "embedding", "candidate"]


@lru_cache(maxsize=1 << 16)
def singular(word: str) -> str:
    """A crude English singular, applied to both the glossary and the text so they agree."""
    lower = word.lower().removesuffix("'s")
    if lower in _IRREGULAR:
        return _IRREGULAR[lower]
    if len(lower) > 4 and lower.endswith("ies"):
        return lower[:-3] + "y"
    if len(lower) > 4 and lower.endswith(("sses", "xes", "ches", "shes")):
        return lower[:-2]
    if len(lower) > 3 and lower.endswith("s") and not lower.endswith(("ss", "us", "is", "as")):
        return lower[:-1]
    return lower


def _is_prose(words: tuple[str, ...]) -> bool:
    """Whether a glossary form reads as plain English in a sentence: one everyday word ("output"),
    only function words ("for each"), or one everyday word with function words ("tend to").
    Compounds of everyday words ("feature map", "number of layers") are jargon and stay."""
    content = [w for w in words if w not in STOPWORDS]
    return len(content) == 0 or (len(content) == 1 and content[0] in EVERYDAY)


def _is_abbreviation(form: str) -> bool:
    """Forms compared case-sensitively: "GRU", "ReLU", "BatchNorm", short ones like "ln"."""
    if " " in form:
        return False
    capitals = sum(ch.isupper() for ch in form)
    return capitals >= 2 or len(form) <= 3


def _blank_math(text: str) -> str:
    # Same length, so offsets into the result are offsets into the paper's text.
    return _INLINE_MATH.sub(lambda m: "|" + " " * (len(m.group()) - 1), text)


def _joins_words(text: str, token: re.Match[str]) -> bool:
    # An en dash written between two words joins them, as in eponyms: "Jensen–Shannon".
    start, end = token.start(), token.end()
    return 0 < start and end < len(text) and text[start - 1].isalnum() and text[end].isalnum()


def _spans(text: str) -> Iterator[list[re.Match[str]]]:
    """Runs of words a phrase may span: broken at punctuation and inline math, not at hyphens."""
    run: list[re.Match[str]] = []
    blank = _blank_math(text)
    for token in _TOKEN.finditer(blank):
        first = token.group()[0]
        if first.isalnum():
            run.append(token)
        elif first in "-\u2010\u2011" or (first == "\u2013" and _joins_words(blank, token)):
            continue
        elif run:
            yield run
            run = []
    if run:
        yield run


def _words(text: str) -> Iterator[list[str]]:
    for run in _spans(text):
        yield [m.group() for m in run]


def _split_form(form: str) -> list[str]:
    return [w for run in _words(form) for w in run]


# ---------------------------------------------------------------------------------------------
# The matcher: glossary forms as word tuples
# ---------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Index:
    folded: dict[tuple[str, ...], tuple[str, Match]] = field(default_factory=dict)  # singular lower
    exact: dict[tuple[str, ...], tuple[str, Match]] = field(default_factory=dict)  # as written
    longest: int = 1

    def add(self, form: str, target: str, match: Match, *, case_sensitive: bool) -> None:
        words = _split_form(form)
        if not words:
            return
        if case_sensitive:
            if form.lower() in STOPWORDS or form.lower() in EVERYDAY:
                return  # "in", "max": everyday words even when written as abbreviations
            key = tuple(words)
            self.exact.setdefault(key, (target, match))
        else:
            folded = tuple(singular(w) for w in words)
            if "-" not in form and _is_prose(folded):  # "over-fitting" is one word, not prose
                return
            if len(folded) == 1 and len(folded[0]) < 3:
                return
            self.folded.setdefault(folded, (target, match))
        self.longest = max(self.longest, len(words))

    def lookup(self, words: list[str]) -> tuple[str, Match] | None:
        key = tuple(words)
        hit = self.exact.get(key)
        if hit is None and words[-1].endswith("s") and len(words[-1]) > 2:
            hit = self.exact.get((*key[:-1], words[-1][:-1]))  # "GRUs"
        if hit is None:
            hit = self.folded.get(tuple(singular(w) for w in words))
        return hit


# The last glossary's index: building it costs about 0.2 s for a 1,000-concept glossary, and
# find_terms runs on the same glossary many times per process. Each call gets its own copy,
# because a paper's defined abbreviations are added to it.
_last_index: list[tuple[Glossary, _Index]] = []


def _glossary_index(glossary: Glossary) -> _Index:
    if not (_last_index and _last_index[0][0] is glossary):
        _last_index[:] = [(glossary, _build_index(glossary))]
    base = _last_index[0][1]
    return _Index(folded=dict(base.folded), exact=dict(base.exact), longest=base.longest)


def _build_index(glossary: Glossary) -> _Index:
    index = _Index()
    for concept in glossary.concepts.values():
        if concept.domain == FOUNDATION_DOMAIN:
            continue
        for abbreviation in concept.abbreviations:
            index.add(abbreviation, concept.id, "abbreviation", case_sensitive=True)
        forms: list[tuple[str, Match]] = [(concept.name, "name")]
        forms += [(alias, "alias") for alias in concept.aliases]
        for form, match in forms:
            if _is_abbreviation(form):
                index.add(form, concept.id, "abbreviation", case_sensitive=True)
            else:
                index.add(form, concept.id, match, case_sensitive=False)
    return index


def _initials_match(letters: str, words: list[str]) -> bool:
    """Whether ``letters`` (lower case) can be read off ``words``: first letter at the first
    word's start, the rest in order."""
    text = " ".join(w.lower() for w in words)
    if not letters or text[:1] != letters[0]:
        return False
    position = 1
    for letter in letters[1:]:
        found = text.find(letter, position)
        if found < 0:
            return False
        position = found + 1
    return True


def defined_abbreviations(text: str) -> Iterator[tuple[str, list[str]]]:
    """("GRU", ["gated", "recurrent", "unit"]) for every "long form (ABBR)" in ``text``."""
    for found in _DEFINED.finditer(_INLINE_MATH.sub(" | ", text)):
        abbreviation = found.group(1)
        if sum(ch.isupper() for ch in abbreviation) < 2 or len(abbreviation) > 10:
            continue
        letters = "".join(ch for ch in abbreviation.lower() if ch.isalpha())
        if letters.endswith("s") and abbreviation[-1] == "s":
            letters = letters[:-1]
        before = list(_words(text[: found.start()].rsplit(".", 1)[-1]))
        if not before:
            continue
        words = before[-1]
        # The shortest run of preceding words whose initials spell the abbreviation.
        for size in range(1, min(len(words), len(letters) + 2) + 1):
            candidate = words[-size:]
            if candidate[0].lower() in STOPWORDS:
                continue
            if _initials_match(letters, candidate) and size >= min(2, len(letters)):
                yield abbreviation, candidate
                break


# ---------------------------------------------------------------------------------------------
# Walking the document
# ---------------------------------------------------------------------------------------------


def _texts(document: Document) -> Iterator[str]:
    if document.title:
        yield document.title
    if document.abstract:
        yield document.abstract
    # Cited titles and thank-you notes are not the paper's own vocabulary: a reference list
    # would put every cited idea on the reading path.
    skipping = False
    for block in document.blocks:
        if isinstance(block, Section):
            skipping = _BACK_MATTER.match(block.title.strip()) is not None
            if not skipping:
                yield block.title
        elif isinstance(block, Paragraph) and not skipping:
            yield block.text


@dataclass(slots=True)
class _Hits:
    first: int
    count: int = 0
    forms: Counter[str] = field(default_factory=Counter)
    matches: set[str] = field(default_factory=set)
    abbreviation: str | None = None
    strong: bool = False  # seen as a name, an abbreviation or a multi-word alias


def _is_candidate(words: list[str]) -> bool:
    lower = [w.lower() for w in words]
    if any(not w.isalpha() or len(w) < 2 for w in lower):
        return False
    if any(w in STOPWORDS or w in WEAK_WORDS for w in lower):
        return False
    if len(lower[0]) < 3 or len(lower[-1]) < 3:
        return False
    if any(w.endswith("ly") for w in lower):
        return False
    last = lower[-1]
    if singular(last) in GENERIC_HEADS or last in GENERIC_HEADS:
        return False
    if last.endswith(("ed", "al", "ive", "ous", "ible", "able", "ful", "less", "ic", "ary")):
        return False
    # All-capitals runs are usually headings or acronym soup, not noun phrases.
    return not all(w.isupper() for w in words)


def find_terms(
    document: Document,
    glossary: Glossary,
    *,
    embedder: Embedder | None = None,
    threshold: float = DEFAULT_THRESHOLD,
) -> tuple[TermInfo, ...]:
    """The paper's jargon, in the order the paper first uses it (see the module docstring)."""
    texts = list(_texts(document))
    index = _glossary_index(glossary)

    # Abbreviations the paper defines: known long form -> the abbreviation joins that concept;
    # unknown long form -> both count towards one candidate term.
    defined: dict[str, tuple[str, ...]] = {}
    for text in texts:
        for abbreviation, words in defined_abbreviations(text):
            defined.setdefault(abbreviation, tuple(words))
    for abbreviation, long_words in defined.items():
        hit = index.lookup(list(long_words))
        if hit is not None and index.lookup([abbreviation]) is None:
            index.exact[(abbreviation,)] = (hit[0], "abbreviation")
        elif hit is None and index.lookup([abbreviation]) is None:
            target = "candidate:" + " ".join(singular(w) for w in long_words)
            index.add(" ".join(long_words), target, "candidate", case_sensitive=False)
            index.exact[(abbreviation,)] = (target, "abbreviation")

    hits: dict[str, _Hits] = {}
    phrases: dict[tuple[str, ...], _Hits] = {}
    position = 0
    for text in texts:
        for spans in _spans(text):
            run = [m.group() for m in spans]
            free: list[str] = []
            i = 0
            while i < len(run):
                position += 1
                found = None
                for size in range(min(index.longest, len(run) - i), 0, -1):
                    found = index.lookup(run[i : i + size])
                    if found is not None:
                        break
                if found is None:
                    free.append(run[i])
                    i += 1
                    continue
                _count_phrases(free, phrases, position)
                free = []
                target, match = found
                surface = text[spans[i].start() : spans[i + size - 1].end()]
                entry = hits.setdefault(target, _Hits(first=position))
                entry.count += 1
                entry.matches.add(match)
                entry.strong = entry.strong or match != "alias" or size > 1
                if match == "abbreviation":
                    plural = surface.endswith("s") and (surface[:-1],) in index.exact
                    entry.abbreviation = entry.abbreviation or (surface[:-1] if plural else surface)
                else:
                    entry.forms[surface] += 1
                i += size
            _count_phrases(free, phrases, position)

    # A lone one-word alias seen once ("advantages" -> advantage function) is too weak a hint
    # to put a concept, and everything it needs, in front of the reader.
    listed = [_linked_term(target, h, glossary) for target, h in hits.items() if h.strong or h.count >= 2]
    terms = [pair for pair in listed if pair[1].concept]
    # Candidates: long forms of abbreviations the glossary lacks, then repeated phrases.
    candidates = [pair for pair in listed if not pair[1].concept] + _candidates(phrases)
    if embedder is not None and candidates:
        candidates = _link_by_meaning(candidates, glossary, embedder, threshold)
    ordered = sorted([*terms, *candidates], key=lambda pair: pair[0])  # (first position, term) pairs
    return tuple(term for _, term in ordered)


def _count_phrases(free: list[str], phrases: dict[tuple[str, ...], _Hits], position: int) -> None:
    """Count every 2- to 4-word candidate phrase in a run of words the glossary did not claim."""
    for size in (2, 3, 4):
        for start in range(0, len(free) - size + 1):
            words = free[start : start + size]
            if not _is_candidate(words):
                continue
            key = tuple(singular(w) for w in words)
            entry = phrases.setdefault(key, _Hits(first=position))
            entry.count += 1
            entry.forms[" ".join(words)] += 1


def _surface(h: _Hits) -> str:
    # The most frequent spelling, lower-cased unless a word has capitals inside ("LSTM unit").
    form = h.forms.most_common(1)[0][0] if h.forms else ""
    return form if any(any(ch.isupper() for ch in word[1:]) for word in form.split()) else form.lower()


def _linked_term(target: str, h: _Hits, glossary: Glossary) -> tuple[int, TermInfo]:
    if target.startswith("candidate:"):
        name = _surface(h) or target.removeprefix("candidate:")
        return h.first, TermInfo(
            name=name, concept=None, abbreviation=h.abbreviation, count=h.count, match="candidate"
        )
    concept = glossary.concepts[target]
    match: Match = next(m for m in ("name", "alias", "abbreviation") if m in h.matches)  # type: ignore[assignment]
    name = _surface(h) or concept.name
    return h.first, TermInfo(
        name=name,
        concept=concept.id,
        explanation=concept.summary,
        abbreviation=h.abbreviation or (concept.abbreviations[0] if concept.abbreviations else None),
        count=h.count,
        match=match,
    )


def _candidates(phrases: dict[tuple[str, ...], _Hits]) -> list[tuple[int, TermInfo]]:
    # Two-word phrases need three uses to count as repeated jargon: pairs of ordinary words
    # recur by chance ("challenging task"); longer phrases recurring twice rarely do.
    repeated = {
        key: h
        for key, h in phrases.items()
        if h.count >= (3 if len(key) == 2 else 2) and not _title_cased(_surface_raw(h))
    }
    kept: list[tuple[tuple[str, ...], _Hits]] = []
    # Longest first: a shorter phrase that only ever occurs inside a kept longer one is dropped.
    for key, h in sorted(repeated.items(), key=lambda kv: (-len(kv[0]), -kv[1].count)):
        inside = any(len(k) > len(key) and _contains(k, key) and kh.count >= h.count for k, kh in kept)
        if not inside:
            kept.append((key, h))
    kept.sort(key=lambda kv: (-kv[1].count, kv[1].first))
    chosen = kept[:MAX_CANDIDATES]
    return [
        (h.first, TermInfo(name=_surface(h), concept=None, count=h.count, match="candidate"))
        for _, h in chosen
    ]


def _surface_raw(h: _Hits) -> str:
    return h.forms.most_common(1)[0][0] if h.forms else ""


def _title_cased(form: str) -> bool:
    """ "Wall Clock", "International Conference": names and headings, not jargon."""
    words = form.split()
    return bool(words) and all(w[:1].isupper() for w in words)


def _contains(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    size = len(shorter)
    return any(longer[i : i + size] == shorter for i in range(len(longer) - size + 1))


# ---------------------------------------------------------------------------------------------
# Linking candidates by meaning
# ---------------------------------------------------------------------------------------------


def _link_by_meaning(
    candidates: list[tuple[int, TermInfo]],
    glossary: Glossary,
    embedder: Embedder,
    threshold: float,
) -> list[tuple[int, TermInfo]]:
    from dataclasses import replace

    import numpy as np

    ids, names, full = concept_vectors(glossary, embedder)
    if not ids:
        return candidates
    queries = embedder.encode([term.name for _, term in candidates])
    # A phrase is compared with each concept's name and with its name plus summary; the better
    # of the two counts, since short phrases match names and descriptive ones match summaries.
    scores = np.maximum(queries @ names.T, queries @ full.T)
    linked = []
    for (first, term), row in zip(candidates, scores, strict=True):
        best = int(np.argmax(row))
        similarity = float(row[best])
        if similarity >= threshold:
            concept = glossary.concepts[ids[best]]
            term = replace(
                term,
                concept=concept.id,
                explanation=concept.summary,
                match="embedding",
                confidence=round(similarity, 3),
            )
        linked.append((first, term))
    return linked


def _concept_texts(concepts: Iterable[Concept]) -> tuple[list[str], list[str], list[str]]:
    ids, names, full = [], [], []
    for concept in concepts:
        if concept.domain == FOUNDATION_DOMAIN:
            continue
        ids.append(concept.id)
        names.append(concept.name)
        full.append(f"{concept.name}: {concept.summary}")
    return ids, names, full


def concept_vectors(glossary: Glossary, embedder: Embedder) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Concept ids with their name and name+summary embeddings (cached in the cache folder by
    content: ``embeddings.cached_vectors``)."""
    from paperpal.embeddings import cached_vectors

    ids, names, full = _concept_texts(glossary.concepts.values())
    name_vectors = cached_vectors("concept-names", names, embedder)
    full_vectors = cached_vectors("concept-summaries", full, embedder)
    return ids, name_vectors, full_vectors
