"""Words of a paper's prose: tokens, runs a phrase may span, singulars, and the word lists.

This module owns how linking reads text: a paper's title, abstract, headings and paragraphs
become ``Unit`` values (with the section they belong to), broken words are mended (``recog-
nition`` -> ``recognition``), units that are not English prose (a translation example in French,
a table row of class names) are marked so that no term is taken from them, and the word lists
every other linking module shares (function words, everyday words, weak words).

It must not know about the glossary or about terms: it only turns text into words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from paperpal.models import Document, Paragraph, Section

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
    dimension relaxation scan discount del env var nat mu sup inf abs greater larger smaller
    higher lower bigger fewer element elements subject""".split()
)

# Last words that make a phrase generic rather than technical ("the following results").
GENERIC_HEADS = frozenset(
    """result results paper papers section sections figure figures table tables work works way
    ways case cases fact part parts thing things approach approaches method methods idea ideas
    number numbers use lot kind kinds type types set sets problem problems question questions
    experiment experiments detail details reason reasons term terms order point points end
    time times example examples value values issue issues aspect aspects setting settings
    version versions amount amounts task tasks""".split()
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
    left right won start starts started covering provides provide provided even little
    subsequent exists exist""".split()
)

# Words that come before a noun: a word seen right after one of these is used as a noun
# somewhere in the paper ("the indicates" never occurs; "the kernel" does).
DETERMINERS = frozenset(
    """a an the this that these those our their its his her each every any some no such
    another either neither whose which what of in on for with by from into onto per""".split()
)

# Function words of English and of the languages whose fragments reach ML papers most often
# (translation examples, multilingual data sets). A unit whose function words are mostly not
# English is not English prose.
_ENGLISH_FUNCTION = frozenset(
    """the of and to in is are was were a an for that with as on by this we be it from which
    or can at not these their our its has have than into using used such each""".split()
)
_FOREIGN_FUNCTION = (
    frozenset(
        # French, German, Spanish, Italian, Portuguese, Dutch: their commonest function words that
        # are not also English words.
        """le la les des du une est sont dans pour qui que sur avec pas ce cette aux au ces nous
    vous ils elle leur mais ou et il un
    der die das und ist nicht mit den dem des ein eine einen sich auf für von zu auch werden
    wird sind als bei oder wir sie es
    el los las del una por para con es son como pero más sus lo se al que
    il della di che è per gli dei delle nel sono con non una
    os da das não em um uma ao pelo pela são com
    het een en van ik je dat niet zijn op voor met""".split()
    )
    - _ENGLISH_FUNCTION
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

BACK_MATTER = re.compile(r"(?i)^(references|bibliography|acknowledge?ments?|literature cited)\b")
_TOKEN = re.compile(r"[A-Za-z0-9]+(?:[.'][A-Za-z0-9]+)*|[^\sA-Za-z0-9]")
INLINE_MATH = re.compile(r"\$[^$]*\$")
# A word broken at a line end and left with a space ("recog- nition", "auto- encoder"); not a
# suspended hyphen before a function word ("two- and three-layer").
_BROKEN = re.compile(r"(?<=[a-z])-\s+(?=([a-z]+))")
_LETTER = re.compile(r"[^\W\d_]")

UnitKind = Literal["title", "abstract", "heading", "text"]


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


def is_prose(words: tuple[str, ...]) -> bool:
    """Whether a glossary form reads as plain English in a sentence: one everyday word ("output"),
    only function words ("for each"), or one everyday word with function words ("tend to").
    Compounds of everyday words ("feature map", "number of layers") are jargon and stay."""
    content = [w for w in words if w not in STOPWORDS]
    return len(content) == 0 or (len(content) == 1 and content[0] in EVERYDAY)


def is_abbreviation(form: str) -> bool:
    """Forms compared case-sensitively: "GRU", "ReLU", "BatchNorm", short ones like "ln"."""
    if " " in form:
        return False
    capitals = sum(ch.isupper() for ch in form)
    return capitals >= 2 or len(form) <= 3


def blank_math(text: str) -> str:
    # Same length, so offsets into the result are offsets into the paper's text.
    return INLINE_MATH.sub(lambda m: "|" + " " * (len(m.group()) - 1), text)


def mend_broken_words(text: str) -> str:
    """Join words a line break split and left with a hyphen and a space."""

    def join(found: re.Match[str]) -> str:
        return found.group() if found.group(1) in STOPWORDS else ""

    return _BROKEN.sub(join, text)


def _joins_words(text: str, token: re.Match[str]) -> bool:
    # An en dash written between two words joins them, as in eponyms: "Jensen–Shannon".
    start, end = token.start(), token.end()
    return 0 < start and end < len(text) and text[start - 1].isalnum() and text[end].isalnum()


def spans(text: str) -> Iterator[list[re.Match[str]]]:
    """Runs of words a phrase may span: broken at punctuation and inline math, not at hyphens."""
    run: list[re.Match[str]] = []
    blank = blank_math(text)
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


def word_runs(text: str) -> Iterator[list[str]]:
    for run in spans(text):
        yield [m.group() for m in run]


def split_form(form: str) -> list[str]:
    return [w for run in word_runs(form) for w in run]


def initials_match(letters: str, words: list[str]) -> bool:
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


def is_english(text: str) -> bool:
    """Whether a unit reads as English prose.

    Short units (a heading, a caption's first words) are given the benefit of the doubt. A longer
    one must use English function words, and more of them than the function words of the other
    languages ML papers quote; mostly non-Latin letters (Chinese, Cyrillic) are not English. A
    table row of names ("car cat chair cow dog") has no function words at all and is not prose.
    """
    plain = INLINE_MATH.sub(" ", text)
    if not plain.isascii():
        letters = _LETTER.findall(plain)
        if letters and sum(1 for ch in letters if ch.isascii()) < 0.7 * len(letters):
            return False
    words = [w.lower() for w in re.findall(r"[^\W\d_]+", plain)]
    if len(words) < 8:
        return True
    english = sum(1 for w in words if w in _ENGLISH_FUNCTION)
    foreign = sum(1 for w in words if w in _FOREIGN_FUNCTION)
    return english > foreign and english >= 0.06 * len(words)


@dataclass(frozen=True, slots=True)
class Unit:
    """One piece of a paper's prose, as linking reads it."""

    text: str  # broken words mended; inline math kept as "$latex$"
    kind: UnitKind
    section: int  # 0 before the first section, then 1, 2, ... per top-level section
    english: bool = True


def units(document: Document) -> list[Unit]:
    """The title, abstract, headings and paragraphs, without the back matter.

    Cited titles and thank-you notes are not the paper's own vocabulary: a reference list would
    put every cited idea on the reading path.
    """
    found: list[Unit] = []
    if document.title:
        found.append(Unit(mend_broken_words(document.title), "title", 0))
    if document.abstract:
        abstract = mend_broken_words(document.abstract)
        found.append(Unit(abstract, "abstract", 0, is_english(abstract)))
    skipping = False
    section = 0
    for block in document.blocks:
        if isinstance(block, Section):
            skipping = BACK_MATTER.match(block.title.strip()) is not None
            if block.level <= 1:
                section += 1
            if not skipping:
                found.append(Unit(mend_broken_words(block.title), "heading", section))
        elif isinstance(block, Paragraph) and not skipping:
            text = mend_broken_words(block.text)
            found.append(Unit(text, "text", section, is_english(text)))
    return found


_SENTENCE_END = re.compile(
    r"(?<!\be\.g)(?<!\bi\.e)(?<!\bet al)(?<!\bcf)(?<!\bFig)(?<!\bEq)[.!?](?=\s+[A-Z(\[]|\s*$)"
)


def sentence_at(text: str, position: int) -> str:
    """The sentence of ``text`` that holds the character at ``position``, trimmed."""
    start = 0
    for end in _SENTENCE_END.finditer(text):
        if end.end() > position:
            return " ".join(text[start : end.end()].split())
        start = end.end()
    return " ".join(text[start:].split())
