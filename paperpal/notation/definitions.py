"""The paper's own definitions of its symbols: "where $z_t$ is the update gate".

Owns: ``find_definitions`` (sentence patterns over text with inline math as ``$...$``) and
``definitions_in`` (the best definition per symbol key across a Document: paragraphs and the
text around display equations).

Must not: guess. Precision comes first, because a wrong definition shown as "the paper says" is
worse than none: every pattern needs an explicit defining verb ("is the", "denotes", "let ...
be") or a noun phrase written right before the symbol ("the update gate $z_t$"), and anything
that looks like a claim about the symbol ("$x$ is small") rather than a naming is left out.
Measured on SymLink (``benchmarks/symlink_eval.py``).

Patterns, strongest first (``Definition.pattern``):
- ``verb``: ``$X$ is/are/denotes/represents/stands for/refers to ... DESC`` (for "is", DESC must
  start with a determiner: "is the", "is a set of"); ``let $X$ be DESC``.
- ``denoted``: ``DESC is denoted by $X$``, ``we denote DESC by $X$``.
- ``apposition``: ``DESC $X$``, ``DESC ($X$)`` and ``DESC, $X$,``: a noun phrase directly
  before the symbol (a lone word only after a preposition, "at time $t$"; a comma aside only
  after a determiner). A plural phrase before a list ("the matrices $A$ and $B$") names each.

Measured on SymLink's held-out fifth (``benchmarks/results/symlink.json``): precision 0.91 on
symbols the annotators gave a description (0.49 counting every prediction, since the
annotation is partial), recall 0.30 of annotated symbols. Recall is the known gap: most missed
links are formulas rather than symbols, properties ("$q$ is odd"), or distant descriptions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from paperpal.models import Document, Equation, Paragraph
from paperpal.notation.symbols import SymbolOccurrence, extract_symbols


@dataclass(frozen=True, slots=True)
class Definition:
    symbol: str  # the symbol's LaTeX as written: "z_t^j"
    key: str  # its grouping key: "z"
    description: str  # "an update gate"
    sentence: str  # the sentence it came from (the evidence shown to the reader)
    pattern: str = "verb"  # verb | denoted | apposition
    confidence: float = 0.0
    start: int = 0  # the symbol's offsets in the text given to find_definitions
    end: int = 0


_MATH = re.compile(r"\$([^$]+)\$")
_DETERMINERS = frozenset("a an the our its their each every one some this these".split())
_VERBS = (
    r"(?:is|are|was|were)\s+(?:defined\s+as|called|known\s+as|referred\s+to\s+as)"
    r"|denotes?|represents?|stands?\s+for|refers?\s+to|indicates?|corresponds?\s+to|describes?"
    r"|is|are|be|being"
)
_FORWARD = re.compile(rf"^\s*,?\s*(?P<verb>{_VERBS})\s+(?P<rest>.+)$", re.S | re.I)
_DENOTED_BEFORE = re.compile(
    r"(?:(?P<d1>[^,;:.]+?)\s+(?:is|are)\s+(?:denoted|represented|written|given)\s+(?:by|as|with)"
    r"|(?:denote|write|call)\s+(?P<d2>[^,;:.]+?)\s+(?:by|as|with))\s*\(?\s*$",
    re.I,
)
# Words that end a noun phrase when reading backwards from a symbol: verbs, prepositions,
# conjunctions, pronouns. A determiner is included and then ends the phrase.
_STOP = frozenset(
    """of in on at by with for to from into onto over under between among through via per as
    and or but nor so if then than when while where whereas which that who whom whose what how
    is are was were be been being am has have had do does did can could will would shall should
    may might must let we us our you it its they them their he she his her i me my this these
    those there here such using use uses used given give gives compute computes computed
    denote denotes denoted define defines defined represent represents represented
    call called get gets obtain obtains obtained take takes taken apply applies
    applied let assume assumes assumed say says consider considers considered where hence
    thus since because also only just not no all both either neither any some each every
    respectively resp e.g i.e eq eqs equation equations fig figure table section sec
    see cf like about after before during within without""".split()
)
_BAD_HEADS = frozenset(
    """eq eqs equation equations fig figure figures table tables section sections sec
    algorithm line lines appendix theorem lemma corollary proposition definition where""".split()
)
_CLAUSE_END = re.compile(
    r"[.;:](?:\s|$)|,\s|\n|\\begin|\\\\|\s(?:and|which|while|whereas|where|that\s+is|i\.e\.|e\.g\.|so\s+that|"
    r"such\s+that|respectively|if|when|because|since|but|whose)\b|\s\(\s*(?:see|cf|e\.g)",
    re.I,
)
_MAX_WORDS = 16


def _mask_math(text: str) -> str:
    """``text`` with every ``$...$`` span's inside replaced by "x" (same length)."""
    return _MATH.sub(lambda m: "$" + "x" * (len(m.group(0)) - 2) + "$", text)


def _sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; never splits inside inline math."""
    masked = _mask_math(text)
    spans = []
    start = 0
    for m in re.finditer(r"(?<=[.!?])\s+(?=[A-Z$\\(\[])", masked):
        before = masked[max(0, m.start() - 6) : m.start()].lower()
        if re.search(r"\b(?:e\.g|i\.e|eq|eqs|fig|sec|al|cf|vs|resp)\.$", before):
            continue
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _defined_symbol(latex: str) -> SymbolOccurrence | None:
    """The one symbol a math span names, when it is a symbol (maybe with "\\in ...")."""
    body = latex.strip().rstrip(",.;")
    occs = [o for o in extract_symbols(body) if o.kind != "number"]
    if not occs:
        return None
    first = occs[0]
    if first.kind not in ("identifier", "operator", "function", "set"):
        return None
    if first.start > 1:
        return None
    rest = body[first.end :].strip()
    if not rest:
        # Nothing but this symbol (its own scripts' symbols are inside its span).
        return first if all(o.start >= first.start and o.end <= first.end for o in occs[1:]) else None
    rest = _strip_arguments(rest)
    if re.match(
        r"(?:\\(?:in|subseteq|subset|sim|colon|equiv|coloneqq|geq?|leq?|neq?|to)(?![A-Za-z])|[:=<>])",
        rest,
    ):
        return first  # "$C = [c_{ij}]$", "$x \in \mathbb{R}^d$": the symbol being introduced
    if rest.strip() == "" and body[first.end :].strip():
        return first  # "the phase $\Phi(t)$": a symbol written with its arguments
    return None


def _strip_arguments(rest: str) -> str:
    """``rest`` without a leading argument list: "(a, \\omega) = ..." -> "= ..."."""
    text = rest.lstrip()
    text = re.sub(r"^\\left\s*\(", "(", text)
    if not text.startswith("("):
        return rest
    depth = 0
    for i, ch in enumerate(text):
        depth += ch == "("
        depth -= ch == ")"
        if depth == 0:
            return text[i + 1 :].lstrip()
    return rest


def _cut(desc: str) -> str:
    """The description up to the end of its clause, without a trailing "respectively"."""
    masked = _mask_math(desc)
    m = _CLAUSE_END.search(masked)
    out = desc[: m.start()] if m else desc
    words = out.split()
    if len(words) > _MAX_WORDS:
        return ""
    out = _balanced_prefix(out).strip().rstrip(",;:.")
    out = re.sub(r"\s+respectively$", "", out, flags=re.I)
    if not [w for w in re.findall(r"[A-Za-z]+", _mask_math(out)) if w.lower() not in _DETERMINERS]:
        return ""  # "the" alone, or only a formula: nothing said in words
    # An unbalanced "$" would cut a formula in half: drop the description.
    if out.count("$") % 2:
        return ""
    return out.strip()


def _balanced_prefix(text: str) -> str:
    """``text`` up to a closing bracket it never opened ("the colour channel)" loses the ")")."""
    depth = 0
    for i, ch in enumerate(_mask_math(text)):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
            if depth < 0:
                return text[:i]
    return text


def _starts_with_determiner(desc: str) -> bool:
    first = desc.split(maxsplit=1)[0].lower() if desc.split() else ""
    return first in _DETERMINERS or first in ("set", "number", "vector", "matrix")


def _noun_phrase_before(text: str) -> str:
    """The noun phrase that ends ``text`` (reading back to a stop word), or ""."""
    masked = _mask_math(text)
    words = list(re.finditer(r"[A-Za-z][A-Za-z\-']*|\$x+\$|\S", masked))
    picked: list[re.Match[str]] = []
    for m in reversed(words):
        w = m.group(0)
        lw = w.lower()
        if not re.fullmatch(r"[A-Za-z][A-Za-z\-']*", w):
            break  # punctuation or another formula ends the phrase
        if lw in _DETERMINERS:
            if picked:
                picked.append(m)
            break
        if lw in _STOP:
            break
        picked.append(m)
        if len(picked) >= 6:
            return ""
    if not picked:
        return ""
    head = picked[0].group(0).lower()
    if head in _BAD_HEADS or len(head) < 2 or head.endswith("ly"):
        return ""
    start = picked[-1].start()
    return text[start:].strip()


def find_definitions(paragraph_text: str) -> list[Definition]:
    """Definitions of symbols in ``paragraph_text`` (inline math as ``$...$``), in text order."""
    if not isinstance(paragraph_text, str) or "$" not in paragraph_text:
        return []
    out: list[Definition] = []
    text = paragraph_text
    for s_start, s_end in _sentences(text):
        sentence = text[s_start:s_end]
        for m in _MATH.finditer(sentence):
            occ = _defined_symbol(m.group(1))
            if occ is None:
                continue
            found = _define(sentence, m, occ)
            if found is None:
                continue
            # "The set $S$ is a compact set": both the name before the symbol and the
            # statement after it are the paper's words about it; keep both.
            also = _define(sentence, m, occ, forward=False) if found[1] == "verb" else None
            inner = m.start(1) + s_start + (len(m.group(1)) - len(m.group(1).lstrip()))
            for description, pattern, confidence in [found, *([also] if also else [])]:
                out.append(
                    Definition(
                        symbol=occ.latex,
                        key=occ.key,
                        description=description,
                        sentence=sentence.strip(),
                        pattern=pattern,
                        confidence=confidence,
                        start=inner + occ.start,
                        end=inner + occ.end,
                    )
                )
    return out


_LIST_TAIL = re.compile(r"^(?:\s*,\s*\$x+\$)*\s*,?\s*(?:and|or)\s*\$x+\$")
_LIST_HEAD = re.compile(r"\$x+\$(?:\s*,\s*\$x+\$)*\s*(?:,\s*|,?\s*(?:and|or)\s+)$")


def _define(
    sentence: str, m: re.Match[str], occ: SymbolOccurrence, *, forward: bool = True
) -> tuple[str, str, float] | None:
    before = sentence[: m.start()]
    after = sentence[m.end() :]
    # "Let $A$ and $B$ be the colour classes": every member of a list of symbols shares the
    # plural verb after the list (and the "let" before it).
    tail = _LIST_TAIL.match(_mask_math(after))
    head = _LIST_HEAD.search(_mask_math(before))
    list_after = after[tail.end() :] if tail else after
    list_before = before[: head.start()] if head else before
    if (tail or head) and re.match(r"\s*,?\s*(?:are|be|denote|represent)\b", list_after, re.I):
        before, after = list_before, list_after
    # 1. "$X$ is the ...", "$X$ denotes ...", "let $X$ be ..."
    fwd = _FORWARD.match(after) if forward else None
    if fwd and _governed_by_preposition(before):
        fwd = None  # "the state at time $t$ is ...": the subject is not $t$
    if fwd:
        verb = fwd.group("verb").lower().split()[0]
        rest = fwd.group("rest")
        desc = _cut(rest)
        let = re.search(r"\blet\s*$", before, re.I)
        if desc and verb in ("be", "being") and not let:
            desc = ""
        if desc and verb in ("is", "are", "was", "were", "be", "being") and " " not in fwd.group("verb"):
            if not _starts_with_determiner(desc):
                desc = ""
        if desc and not re.match(
            r"(?:that|how|what|whether|not|also|then|used|computed|given)\b", desc, re.I
        ):
            if not re.search(r"\b(?:if|for all|when)\s*$", before, re.I) and len(desc) > 2:
                return desc, "verb", 0.9 if verb not in ("be", "being") else 0.85
    # 2. "... is denoted by $X$", "we denote ... by $X$"
    den = _DENOTED_BEFORE.search(before)
    if den:
        desc = _cut((den.group("d1") or den.group("d2") or "").strip())
        desc = _noun_tail(desc)
        if desc:
            return desc, "denoted", 0.85
    # 3. "the update gate $z_t$", "learning rate ($\eta$)". Only for letters: the words before
    # an operator or a function are rarely its name ("a traditional $\tanh$ unit").
    if occ.kind not in ("identifier", "set"):
        return None
    lead = before.rstrip()
    paren = lead.endswith("(")
    if paren:
        if not re.match(r"\s*\)", after):
            return None  # "(... $x$ close to 0)": a remark in parentheses, not a label
        lead = lead[:-1].rstrip()
    elif before and not before[-1:].isspace():
        return None  # "-$x$" or "($x$": the symbol is glued to something else
    comma = lead.endswith(",")
    if comma:
        # "the learning rate, $\eta$, is ...": an aside naming the symbol, when the symbol is
        # set off by commas on both sides and the phrase before it has a determiner.
        if not re.match(r"\s*[,.;)]", after):
            return None
        lead = lead[:-1].rstrip()
    desc = _noun_phrase_before(lead)
    if comma and (not desc or desc.split()[0].lower() not in _DETERMINERS or _phrase_is_listed(lead, desc)):
        return None
    if not desc:
        desc = _phrase_before_list(lead)
    if (
        desc
        and len(desc.split()) == 1
        and (not _after_preposition(lead[: len(lead) - len(desc)]) or not _looks_like_a_noun(desc))
    ):
        # A lone word before a symbol is as often a verb or an adjective ("we omit $k$", "large
        # $p$") as a name; after a preposition ("at time $t$") it is a noun.
        desc = ""
    if desc:
        first = desc.split()[0].lower()
        confidence = 0.75 if first in _DETERMINERS else 0.65
        if occ.subscript and re.search(r"[-+]\s*\d", occ.subscript):
            # "the previous activation $h_{t-1}$" describes one form of h, not h itself.
            confidence -= 0.1
        return desc, "apposition", confidence
    return None


_ADJECTIVES = frozenset(
    """large larger largest small smaller smallest big bigger fixed different same other new
    various several many few more less most least high higher low lower long short any
    arbitrary every given some sufficiently very""".split()
)


def _looks_like_a_noun(word: str) -> bool:
    w = word.lower()
    return w not in _ADJECTIVES and not w.endswith(("ing", "ed", "ly", "est"))


def _phrase_is_listed(lead: str, desc: str) -> bool:
    """Whether the phrase ending ``lead`` is itself one item of a comma list ("a, the b, $x$")."""
    rest = lead[: len(lead) - len(desc)].rstrip()
    return rest.endswith((",", "and", "or"))


def _after_preposition(text: str) -> bool:
    words = re.findall(r"[A-Za-z]+|\S", _mask_math(text))
    return bool(words) and words[-1].lower() in (_PREPOSITIONS - {"to", "than"})


def _phrase_before_list(lead: str) -> str:
    """For "the matrices $A$, $B$ and $C$": the noun phrase before the first of a list of symbols."""
    masked = _mask_math(lead)
    m = re.search(r"((?:\$x+\$\s*,\s*)*\$x+\$\s*,?\s*(?:and|or)\s*)$|(\$x+\$\s*,\s*)$", masked)
    if not m:
        return ""
    start = m.start()
    before = lead[:start]
    if not before.endswith((" ", "(")) and before:
        return ""
    phrase = _noun_phrase_before(before.rstrip())
    # Only a plural head ("matrices", "weights") names every member of a list.
    if phrase and phrase.split()[-1].lower().endswith("s"):
        return phrase
    return ""


_PREPOSITIONS = frozenset(
    "of in on at by with for to from into onto over under between among through via per than".split()
)


def _governed_by_preposition(before: str) -> bool:
    """Whether the symbol (with any noun phrase right before it) is the object of a preposition."""
    phrase = _noun_phrase_before(before.rstrip())
    rest = before.rstrip()[: len(before.rstrip()) - len(phrase)] if phrase else before.rstrip()
    words = re.findall(r"[A-Za-z]+|\S", _mask_math(rest))
    return bool(words) and words[-1].lower() in _PREPOSITIONS


def _noun_tail(desc: str) -> str:
    """The last noun phrase of ``desc`` (drops leading "we", "that" ...); "" when none."""
    phrase = _noun_phrase_before(desc)
    return phrase if phrase and len(phrase.split()) >= 1 else ""


# ------------------------------------------------------------------------------------------
# Across a document
# ------------------------------------------------------------------------------------------

_PATTERN_RANK = {"verb": 3, "denoted": 2, "apposition": 1}


def definitions_in(document: Document) -> dict[str, Definition]:
    """The best definition per symbol key: strongest pattern first, then the earliest."""
    best: dict[str, tuple[tuple[float, int], Definition]] = {}
    order = 0
    for block in document.blocks:
        texts: list[str] = []
        if isinstance(block, Paragraph):
            texts = [block.text]
        elif isinstance(block, Equation):
            # The sentences around a display ("where $z$ is ...") are often in the paragraphs
            # too; reading them twice is harmless, the first wins on ties.
            texts = [block.context_before, block.context_after]
        for text in texts:
            for d in find_definitions(text):
                order += 1
                score = (d.confidence, -order)
                if d.key not in best or score > best[d.key][0]:
                    best[d.key] = (score, d)
    return {k: v[1] for k, v in best.items()}
