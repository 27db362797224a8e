"""Terms a paper defines or names itself, with the sentence that does it.

This module owns reading a paper's own definitions out of its prose, so that a term no glossary
has can still be explained from the paper, and a paper's own names (its method, the components
it names) are known to be its own:

- abbreviations it introduces: "gated recurrent unit (GRU)";
- names it gives: "which we call Batch Normalization", "we refer to this phenomenon as internal
  covariate shift", "This gives a gradient estimator which we call LAX";
- names it introduces with an apposition: "we propose Adam, a method for ...", "we propose a new
  architecture, the Transformer, ...", and the title's "S2ORC: The Semantic Scholar Open
  Research Corpus";
- standard terms it explains: "a general form of computation known as a scan", "the pdf of the
  data given the parameters is called the likelihood", "we define ... the throughput as the
  number of events processed per second";
- names it uses for other work's methods: "the REBAR estimator" (a named estimator).

Each ``Definition`` carries the paper's sentence and, where the sentence says it, a gloss (what
the term is). How sure each pattern is was measured on the corpus papers (see
``benchmarks/bench_terms.py``): ``CONFIDENCE``. It must not look terms up in the glossary; the
caller does that.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from paperpal.linking.words import (
    GENERIC_HEADS,
    INLINE_MATH,
    STOPWORDS,
    WEAK_WORDS,
    Unit,
    initials_match,
    sentence_at,
    word_runs,
)

DefinitionKind = Literal[
    "abbreviation", "named", "introduced", "title", "explained", "defined-as", "named-thing"
]

#: How often each kind of definition found on the corpus papers was right, judged by reading
#: every one (benchmarks/data/definitions_judged.json, benchmarks/bench_terms.py): (right + 1) /
#: (judged + 2), so that a kind seen a few times is not given full confidence. Judged: 68/69
#: abbreviations, 24/25 explained, 11/11 named, 8/8 introduced, 2/2 defined-as, 23/26 named
#: things, 4/5 titles.
CONFIDENCE: dict[str, float] = {
    "abbreviation": 0.97,
    "explained": 0.93,
    "named": 0.92,
    "introduced": 0.9,
    "named-thing": 0.86,
    "defined-as": 0.75,
    "title": 0.71,
}


@dataclass(frozen=True, slots=True)
class Definition:
    term: str  # as the paper writes it: "AdaMax", "linear surrogate RNN", "QRNN"
    kind: DefinitionKind
    sentence: str  # the paper's sentence (with the one before it when it says "this")
    gloss: str | None = None  # what the paper says the term is (an abbreviation's long form)
    abbreviation: str | None = None
    long_form: tuple[str, ...] = ()  # an abbreviation's words: ("gated", "recurrent", "unit")
    own: bool = False  # the paper coins the name (its method, a component it names)
    unit: int = 0  # index of the unit it came from

    @property
    def confidence(self) -> float:
        return CONFIDENCE[self.kind]


# "(GRU)", "(LSTMs)", "(LS-RNN)": a parenthesised word with at least two capitals.
_PARENTHESISED = re.compile(r"\(\s*([A-Za-z][A-Za-z0-9-]*)\s*\)")
_QUOTE = re.compile(r"“(?P<q>[^”]{2,60})”|``(?P<q2>[^']{2,60})''|\"(?P<q3>[^\"]{2,60})\"")
_NAMING = re.compile(
    r"\b(?P<verb>(?:which|that)\s+we\s+(?:will\s+)?(?:call|term|dub|name)"
    r"|we\s+(?:will\s+)?(?:call|term|dub|name)"
    r"|we\s+(?:will\s+)?refer\s+to\s+(?P<referent>[^.;]{2,160}?)\s+as"
    r"|(?:is|are)\s+(?:sometimes\s+|often\s+|usually\s+|also\s+)?(?:called|termed|known\s+as|referred\s+to\s+as)"
    r"|(?:also\s+|sometimes\s+|often\s+)?(?:called|termed|dubbed|known\s+as|referred\s+to\s+as))\s+",
    re.IGNORECASE,
)
_INTRODUCING = re.compile(r"\bwe\s+(?:propose|introduce|present|describe|discuss|develop)\s+", re.IGNORECASE)
_DEFINE = re.compile(r"\bwe\s+define\s+", re.IGNORECASE)
_DEFINED_AS = re.compile(r"\b(?:is|are)\s+defined\s+as\s+", re.IGNORECASE)
_NAMED_THING = re.compile(
    r"\bthe\s+(?P<name>[A-Z][A-Za-z0-9]*[A-Z][A-Za-z0-9-]*)\s+(?P<head>method|estimator|algorithm|model|"
    r"architecture|dataset|data\s+set|optimizer|framework|corpus|benchmark|library|toolkit|procedure|"
    r"trick)s?\b"
)
# Capitalised words that start labels, not names.
_LABELS = frozenset(
    """table figure fig section sec algorithm appendix eq equation theorem lemma corollary
    definition proposition chapter part step we our in this the a an it for""".split()
)
_SUBJECT_BOUNDARY = frozenset(
    """is are was were be being by from into whereas while because when if that which why how
    what so also often sometimes usually where""".split()
)
_ARTICLES = frozenset({"a", "an", "the", "our", "their", "its", "this", "these"})
_CONTINUATION = re.compile(
    r"^\s*,\s*(?P<clause>(?:that|which|a|an|the)\s(?:[^.;:]|\.(?=\S)){4,200}?)(?=,|\.\s|\.$|;|:|$)"
)
_PREDICATE = re.compile(r"^\s*,\s*(?P<clause>(?:is|are)\s[^.;:]{4,200}?)(?=\s*\(|,|\.\s|\.$|;|:|$)")
_ANAPHORA = frozenset({"this", "these", "it", "them", "that", "this phenomenon", "this class of model"})
_MAX_TERM_WORDS = 5


def find_definitions(units: Sequence[Unit]) -> list[Definition]:
    """Every definition in the English units, in reading order."""
    found: list[Definition] = []
    for index, unit in enumerate(units):
        if not unit.english:
            continue
        if unit.kind == "title":
            found += _title(unit.text, index)
            continue
        found += [
            Definition(
                abbr,
                "abbreviation",
                sentence_at(unit.text, at),
                gloss=written,
                abbreviation=abbr,
                long_form=tuple(words),
                unit=index,
            )
            for abbr, words, at, written in _abbreviations(unit.text)
        ]
        found += _named(unit.text, index)
        found += _introduced(unit.text, index)
        found += _defined_as(unit.text, index)
        found += _named_things(unit.text, index)
    return found


def defined_abbreviations(text: str) -> Iterator[tuple[str, list[str]]]:
    """("GRU", ["gated", "recurrent", "unit"]) for every "long form (ABBR)" in ``text``."""
    for abbreviation, words, _, _ in _abbreviations(text):
        yield abbreviation, words


def _abbreviations(text: str) -> Iterator[tuple[str, list[str], int, str]]:
    plain = INLINE_MATH.sub(lambda m: " " * len(m.group()), text)
    for found in _PARENTHESISED.finditer(plain):
        abbreviation = found.group(1)
        if sum(ch.isupper() for ch in abbreviation) < 2 or len(abbreviation) > 10:
            continue
        if any(ch.isdigit() for ch in abbreviation):
            continue  # "A2C", "S2ORC": digits stand for repeated or other words, not initials
        letters = "".join(ch for ch in abbreviation.lower() if ch.isalpha())
        if letters.endswith("s") and abbreviation[-1] == "s":
            letters = letters[:-1]
        clause = re.split(r"[.;:,()\[\]]", plain[: found.start()])[-1]
        # Words as written: "tree-structured" is one word whose initial is "t".
        compounds = re.findall(r"[A-Za-z][A-Za-z0-9']*(?:-[A-Za-z0-9']+)*", clause)
        # The shortest run of preceding words whose initials spell the abbreviation.
        for size in range(1, min(len(compounds), len(letters) + 2) + 1):
            candidate = compounds[-size:]
            if candidate[0].lower() in STOPWORDS:
                continue
            heads = [c[0].lower() for c in candidate if c.lower() not in STOPWORDS]
            if any(h not in letters for h in heads):
                continue
            words = [w for c in candidate for w in c.split("-") if w]
            # "maximum-likelihood (ML)": one compound, two words, two initials.
            if initials_match(letters, words) and len(words) >= min(2, len(letters)):
                yield abbreviation, words, found.start(), " ".join(candidate)
                break


def _title(text: str, index: int) -> list[Definition]:
    name, sep, rest = text.partition(":")
    words = name.split()
    if not sep or not rest.strip() or not 1 <= len(words) <= 4 or not any(ch.isupper() for ch in name):
        return []
    return [
        Definition(name.strip(), "title", " ".join(text.split()), gloss=_tidy(rest), own=True, unit=index)
    ]


def _named(text: str, index: int) -> list[Definition]:
    found = []
    for match in _NAMING.finditer(text):
        if text[max(0, match.start() - 3) : match.start()].lower().endswith("so-"):
            continue  # "so-called X": the paper explains X later, if at all
        verb = match.group("verb").lower()
        own = "we" in verb.split()
        named = _name_after(text, match.end(), object_allowed=own and not match.group("referent"))
        if named is None:
            continue
        term, end, obj = named
        copula = verb.startswith(("is ", "are "))
        if match.group("referent"):
            referent = _tidy(match.group("referent"))
        elif obj is not None:
            referent = obj
        else:
            referent = _subject_before(text, match.start(), whole_clause=copula)
        own = own or bool(referent and referent.lower().startswith("our "))
        gloss = referent
        sentence = sentence_at(text, match.start())
        if referent and referent.lower().startswith("our ") and len(referent.split()) > 1:
            gloss = "its " + referent[4:]  # "our next estimator": the paper's next estimator
        elif referent is None or _anaphoric(referent):
            gloss = None
            sentence = _with_previous(text, match.start())
        continuation = _CONTINUATION.match(text[end:])
        predicate = _PREDICATE.match(text[end:])
        appositive = text[max(0, match.start() - 2) : match.start()].strip().endswith(",")
        if continuation:
            clause = _tidy(continuation.group("clause")) or ""
            if gloss is None and own:
                gloss = clause or None
            elif gloss is not None and clause.lower().startswith(("that ", "which ")):
                gloss = f"{gloss} {clause}"
        elif predicate and appositive and gloss is not None:
            # "One axis, called the channel axis, is used to access different views of the data":
            # the axis that is used to access different views of the data.
            gloss = f"{gloss} that {_tidy(predicate.group('clause'))}"
        found.append(
            Definition(term, "named" if own else "explained", sentence, gloss=gloss, own=own, unit=index)
        )
    return found


def _anaphoric(phrase: str) -> bool:
    lower = phrase.lower()
    return lower in _ANAPHORA or lower.startswith(("this ", "these ", "our ", "it ", "that "))


def _introduced(text: str, index: int) -> list[Definition]:
    found = []
    for match in _INTRODUCING.finditer(text):
        window = text[match.end() : match.end() + 200]
        for name in re.finditer(r"[A-Za-z][A-Za-z0-9-]*", window):
            word = name.group()
            if window[: name.start()].count(" ") > 10 or re.search(r"[.;]", window[: name.start()]):
                break
            if not _name_like(word):
                continue
            before = window[: name.start()].rstrip()
            after = _CONTINUATION.match(window[name.end() :])
            gloss = None
            if after and after.group("clause").lower().startswith(("a ", "an ", "the ")):
                gloss = _tidy(after.group("clause"))
            elif before.endswith((", the", ", a", ", an")):
                gloss = _tidy(before.rsplit(",", 1)[0])
            if gloss is not None:
                sentence = sentence_at(text, match.start())
                found.append(Definition(word, "introduced", sentence, gloss=gloss, own=True, unit=index))
            break
    return found


def _defined_as(text: str, index: int) -> list[Definition]:
    found = []
    for match in _DEFINE.finditer(text):
        clause = re.split(r"[.;]", text[match.end() :], maxsplit=1)[0]
        for part in re.split(r",?\s+and\s+(?=the\s)", clause):
            term, sep, gloss = part.partition(" as ")
            words = [w for run in word_runs(term) for w in run]
            if not sep or "$" in term or not 1 <= len(words) <= 4:
                continue
            if words[0].lower() in ("the", "a", "an"):
                words = words[1:]
            if not words or not _content(words):
                continue
            clean = _tidy(re.split(r",\s+(?:where|which|and)\b", gloss)[0])
            if clean and "$" not in clean[:1]:
                sentence = sentence_at(text, match.start())
                found.append(Definition(" ".join(words), "defined-as", sentence, gloss=clean, unit=index))
    for match in _DEFINED_AS.finditer(text):
        subject = _subject_before(text, match.start())
        if subject is None:
            continue
        words = subject.split()
        if words[0].lower() in ("the", "a", "an"):
            words = words[1:]
        if not 1 <= len(words) <= 4 or not _content(words) or "$" in subject:
            continue
        gloss = _tidy(re.split(r"[.;]", text[match.end() :], maxsplit=1)[0])
        if gloss and not gloss.startswith("$"):
            found.append(
                Definition(
                    " ".join(words), "defined-as", sentence_at(text, match.start()), gloss=gloss, unit=index
                )
            )
    return found


def _named_things(text: str, index: int) -> list[Definition]:
    found = []
    for match in _NAMED_THING.finditer(text):
        name = match.group("name")
        if not _name_like(name):
            continue
        head = " ".join(match.group("head").split())
        sentence = sentence_at(text, match.start())
        article = "an" if head[0] in "aeiou" else "a"
        found.append(
            Definition(name, "named-thing", sentence, gloss=f"{article} {head} named {name}", unit=index)
        )
    return found


# ---------------------------------------------------------------------------------------------


def _name_like(word: str) -> bool:
    """ "Adam", "AdaMax", "S2ORC", "GILR-LSTM": a name, not a label or a plain word."""
    if word.lower() in _LABELS or word.lower() in STOPWORDS or len(word) < 2:
        return False
    if not word[0].isupper() and not any(ch.isupper() for ch in word[1:]):
        return False
    return any(ch.isalpha() for ch in word)


def _content(words: list[str]) -> bool:
    lower = [w.lower() for w in words]
    if lower[-1] in GENERIC_HEADS or all(w in STOPWORDS or w in WEAK_WORDS for w in lower):
        return False
    return all(w.replace("-", "").isalnum() for w in words)


def _name_after(text: str, start: int, *, object_allowed: bool) -> tuple[str, int, str | None] | None:
    """The name a naming verb gives: (the name, where it ends, the object named before it).

    "we call this X", "we call our particular attention “X”" (object "our particular
    attention"), "we will call the ratio $m/v$ the X" (object "the ratio $m/v$"), "known as X".
    """
    rest = text[start : start + 240]
    clause = re.split(r"(?<=[a-z0-9)$])[.;](?:\s|$)", rest, maxsplit=1)[0]
    quoted = _QUOTE.search(clause)
    lead_in = clause[: quoted.start()].strip().lower() if quoted else ""
    if quoted and (lead_in in ("", "a", "an", "the") or (object_allowed and quoted.start() < 80)):
        inner = quoted.group("q") or quoted.group("q2") or quoted.group("q3") or ""
        term = _strip_article(" ".join(inner.split()).strip(" ,."))
        if not term or "$" in term or (" " not in term and _adjective(term)):
            return None
        obj = _tidy(clause[: quoted.start()]) if lead_in not in ("", "a", "an", "the") else None
        return term, start + quoted.end(), obj
    obj = None
    math = re.search(r"\$[^$]*\$", clause)
    lead = clause[: math.start()].strip().lower() if math else ""
    if (
        math
        and lead.startswith(("the ", "a ", "an "))
        and len(lead.split()) <= 6
        and not re.search(r"[:;,]", lead)
    ):
        obj = _tidy(clause[: math.end()])
        offset = math.end()
    else:
        offset = 0
        lead = re.match(r"\s*(?:this|these|it|them)\s+(?=[A-Za-z])", clause, re.IGNORECASE)
        if lead:
            obj, offset = lead.group().strip(), lead.end()
    found = _phrase(clause, offset)
    if found is None:
        return None
    words, span_end, stop = found
    if object_allowed and obj is None and stop in ("a", "an", "the"):
        # "we call the new layer a sliding window pooler": the object, then the name.
        second = _phrase(clause, span_end)
        if second is not None and second[0]:
            obj = _tidy(clause[offset:span_end])
            words, span_end, _ = second
    if not words or not _content(words) or (len(words) == 1 and _adjective(words[0])):
        return None
    return " ".join(words), start + span_end, obj


def _phrase(clause: str, offset: int) -> tuple[list[str], int, str] | None:
    """The noun phrase at ``offset`` (an article skipped), where it ends, and the word that
    ended it; None when a function word or a parenthesised aside comes first."""
    words: list[str] = []
    span_end = offset
    for token in re.finditer(r"[A-Za-z][A-Za-z0-9'-]*|\S", clause[offset:]):
        word = token.group()
        if not word[0].isalpha():
            after = clause[offset + token.end() :].lstrip()
            if word == "(" and words and after[:1].islower():
                return None  # "half (or same) padding": not a plain name
            return words, span_end, word
        lower = word.lower()
        if not words and lower in ("a", "an", "the"):
            span_end = offset + token.end()
            continue
        if words and (lower in STOPWORDS or lower in WEAK_WORDS):
            return words, span_end, lower
        if lower in STOPWORDS:
            return None
        words.append(word)
        span_end = offset + token.end()
        if len(words) >= _MAX_TERM_WORDS:
            break
    return words, span_end, ""


def _strip_article(term: str) -> str:
    for article in ("the ", "a ", "an "):
        if term.lower().startswith(article):
            return term[len(article) :]
    return term


def _adjective(word: str) -> bool:
    return word.islower() and word.endswith(("al", "ive", "ous", "ic", "able", "ible", "ed"))


def _subject_before(text: str, end: int, *, whole_clause: bool = False) -> str | None:
    """The noun phrase a naming verb refers back to: "a general form of computation" in
    "a general form of computation known as a scan" (the last noun phrase, from its article),
    or with ``whole_clause`` the clause's subject: "the pdf of the data given the parameters"
    in "the pdf of the data given the parameters is called the likelihood"."""
    start = text.rfind(". ", 0, end)
    before = text[start + 1 if start >= 0 else 0 : end]
    before = re.sub(r"\s*\[[^\]]{0,40}\]", "", before).rstrip().rstrip(",–—-").rstrip()
    tokens = list(re.finditer(r"\$[^$]*\$|[A-Za-z0-9][^\s,;:()]*|[,;:()–—]", before))
    first = len(tokens)
    while first > 0:
        word = tokens[first - 1].group()
        lower = word.lower()
        if word in ",;:()–—" or lower in _SUBJECT_BOUNDARY or word.isdigit():
            break
        first -= 1
        if not whole_clause and lower in _ARTICLES:
            break
    if first == len(tokens):
        return None
    words = [t.group() for t in tokens[first:]]
    if len(words) > 2 and words[0].lower() in ("we", "i", "they", "it"):
        words = words[2:]  # "we propose a new mechanism": the mechanism
    phrase = _tidy(" ".join(words))
    if not phrase or len(phrase.split()) > 16 or not re.sub(r"\$[^$]*\$", "", phrase).strip():
        return None
    return phrase


def _with_previous(text: str, position: int) -> str:
    here = sentence_at(text, position)
    start = text.find(here[:30]) if here else -1
    if start > 2:
        previous = sentence_at(text, start - 2)
        if previous and previous != here:
            return f"{previous} {here}"
    return here


def _tidy(text: str) -> str | None:
    tidy = " ".join(text.split()).strip(" ,;:")
    tidy = re.sub(r"\s*\[(?:cite|\d+(?:,\s*\d+)*)\]", "", tidy)
    return tidy or None
