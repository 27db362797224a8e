"""The verb family of definition patterns: "$X$ is/denotes/stands for DESC", "let $X$ be DESC",
the verbless "with $X$ the DESC", "we define $X$ as DESC", "DESC is denoted by $X$", and lists
paired with "respectively".
"""

from __future__ import annotations

import re

from paperpal.notation.definitions.formulas import mask_math
from paperpal.notation.definitions.phrases import governed_by_preposition, noun_tail
from paperpal.notation.definitions.text import CLAUSE_END, cut
from paperpal.notation.definitions.words import (
    ADJECTIVES,
    STOP,
    head_word,
    looks_like_a_noun,
    starts_with_determiner,
    typed,
)

VERBS = (
    r"(?:is|are|was|were)\s+(?:defined\s+as|called|known\s+as|referred\s+to\s+as)"
    r"|denotes?|represents?|stands?\s+for|refers?\s+to|indicates?|corresponds?\s+to|describes?"
    r"|is|are|be|being"
)
FORWARD = re.compile(rf"^\s*,?\s*(?P<verb>{VERBS})\s+(?P<rest>.+)$", re.S | re.I)
DENOTED_BEFORE = re.compile(
    r"(?:(?P<d1>[^,;:.]+?)\s+(?:is|are)\s+(?:denoted|represented|written|given)\s+(?:by|as|with)"
    r"|(?:denote|write|call)\s+(?P<d2>[^,;:.]+?)\s+(?:by|as|with))\s*\(?\s*$",
    re.I,
)


def bare_name_allowed(before: str, desc: str, verb: str) -> bool:
    """Whether a description with no determiner still reads as a name, not a property.

    "where $k$ is physical capital", "let $X$ be player 1's payoff", "$A$ and $B$ are dense
    sequences": a noun phrase headed by a noun. "$q$ is odd", "let $n$ be large" and "$f$ is
    piecewise linear" are properties, and so are single words after "is" and "be".
    """
    # "time - independent": the data's spaced hyphens join words.
    words = re.findall(r"[A-Za-z][A-Za-z\-']*|\$x+\$|\S", re.sub(r"\s-\s", "-", mask_math(desc)))
    first = words[0].lower() if words else ""
    if first in ADJECTIVES or first.endswith("ly"):
        return False
    where = re.search(r"(?:\bwhere|\bwhere\b.*(?:,|;|\band))\s*$", mask_math(before), re.I | re.S)
    head = head_word(words)
    if not head or not looks_like_a_noun(head) or head.lower() in ("part", "parts"):
        return False  # "$V$ is trained as ...", "$X_0$ are part of ..."
    if where and verb not in ("be", "being") and len(words) >= 2:
        return True
    if verb in ("be", "being"):
        return len(words) >= 2  # only after "let" (checked by the caller)
    if verb in ("are", "were"):
        return head.endswith("s") and not head.endswith(("ss", "ous", "less", "is"))
    return False


LIST_TAIL = re.compile(
    r"^(?:\s*,\s*\$x+\$)*\s*,?\s*(?:and|or)\s*\$x+\$|^(?:\s*,\s*\$x+\$)+(?=\s*(?:are|be)\b)"
)
LIST_HEAD = re.compile(r"\$x+\$(?:\s*,\s*\$x+\$)*\s*(?:,\s*|,?\s*(?:and|or)\s+)$")


def respective(rest: str, place: tuple[int, int]) -> str:
    """ "$A$ and $B$ are the offset and the drift rate, respectively": the symbol's own part."""
    masked = mask_math(rest)
    resp = re.search(r",?\s*respectively\b", masked)
    if not resp:
        return ""
    end = CLAUSE_END.search(re.sub(r",\s|\sand\b", lambda m: "#" * len(m.group(0)), masked[: resp.start()]))
    if end:
        return ""  # the list of descriptions is not one clause ending in "respectively"
    cuts = [0] + [
        x for m in re.finditer(r"\s*,\s*(?:and\s+)?|\s+and\s+", masked[: resp.start()]) for x in m.span()
    ]
    cuts.append(resp.start())
    parts = [rest[cuts[i] : cuts[i + 1]] for i in range(0, len(cuts), 2)]
    index, size = place
    if len(parts) != size:
        return ""
    # "terms describing the effects of X and Y, respectively", "the energies of the bound $AB$
    # and $AA$ systems, respectively": the list is inside a modifier; the first part must be a
    # plain noun phrase for the parts to be the symbols' names.
    first = re.findall(r"[A-Za-z][A-Za-z\-']*|\$x+\$|\S", mask_math(parts[0]))
    if not first or any(w.lower() in STOP or w.startswith("$") or w.endswith("ing") for w in first[1:]):
        return ""
    return cut(parts[index] + " ")


# "we define $E$ as the set ...": verbs whose "as" names their object.
AS_VERBS = re.compile(
    r"\b(?:define|defines|defined|denote|denotes|refer\s+to|refers\s+to|call|write|regard|"
    r"regards|treat|treats|consider|view|interpret|represent|represents|represented|use|uses|"
    r"choose|chooses|take|takes|contain|contains|containing|exclude|excludes|has|have|having)\s*$",
    re.I,
)


def verbless(before: str, after: str) -> tuple[str, str, float] | None:
    """ "with $\\varepsilon_0$ the vacuum permittivity", "we define $E$ as the set of ..."."""
    as_form = re.match(r"\s*as\s+(?=(?:the|a|an)\s)", after, re.I)
    if as_form:
        if not AS_VERBS.search(mask_math(before)):
            return None
        desc = cut(after[as_form.end() :])
        if not desc or re.match(r"(?:an?|the)\s+(?:function|result|consequence)\b", desc, re.I):
            return None  # "$y$ as a function of $x$" says how it is plotted, not what it is
        return desc, "verb", 0.85
    if not re.match(r"\s*(?:the|a|an)\s", after, re.I):
        return None
    masked = mask_math(before)
    lead = re.search(r"\b(?:with|where|denote\s+by|denoted\s+by|call|calling)\s*$", masked, re.I)
    # "where $L$ is the length and $k$ the wavevector": a gapped "is" after a where-clause.
    gapped = re.search(r"(?:\band|,|;)\s*$", masked) and re.search(r"\b(?:where|with)\b", masked, re.I)
    if not lead and not gapped:
        return None
    desc = cut(after)
    if not desc or len(desc.split()) < 2:
        return None
    return desc, "verb", 0.85


Found = tuple[str, str, float]

_PROPERTY = re.compile(
    r"\b(?:show|shows|showed|shown|prove|proves|proved|proven|demonstrate|demonstrates|"
    r"verify|verifies|guarantee|guarantees|establish|establishes|argue|argues|claim|"
    r"claims|conclude|concludes|find|finds|found|observe|observes)\s+that\s*$",
    re.I,
)


def states_a_property(before: str) -> bool:
    """Whether the words before a symbol introduce a claim about it ("we show that $X$ ...")."""
    return bool(_PROPERTY.search(mask_math(before)))  # (description, pattern, confidence)


def forward(before: str, after: str, place: tuple[int, int] | None) -> Found | None:
    """ "$X$ is the ...", "$X$ denotes ...", "let $X$ be ..." (the symbol is the subject)."""
    fwd = FORWARD.match(after)
    if fwd and governed_by_preposition(before):
        fwd = None  # "the state at time $t$ is ...": the subject is not $t$
    if fwd:
        verb = fwd.group("verb").lower().split()[0]
        rest = fwd.group("rest")
        desc = respective(rest, place) if place else ""
        desc = desc or cut(rest)
        # "let $x$ be the input, and $s$ be the score": a later "be" in the same "let".
        let = re.search(r"\blet\s*$|\blet\s+\$[^;]*\bbe\b[^;]*(?:,|\band)\s*$", before, re.I)
        if desc and verb in ("be", "being") and not let:
            desc = ""
        if desc and verb in ("is", "are", "was", "were", "be", "being") and " " not in fwd.group("verb"):
            if not starts_with_determiner(desc) and not bare_name_allowed(before, desc, verb):
                desc = ""
        if desc and not re.match(
            r"(?:that|how|what|whether|not|also|then|used|computed|given)\b", desc, re.I
        ):
            conditional = re.search(r"\b(?:if|for all|when)\s*$", before, re.I)
            if states_a_property(before):
                return None  # "we show that $X$ is an unbiased estimator": a property, not a name
            if conditional and verb == "is" and typed(desc):
                # "If $J$ is an interval on which ...": a condition that still says what $J$ is.
                return desc, "verb", 0.7
            if not conditional and len(desc) > 2:
                return desc, "verb", 0.9 if verb not in ("be", "being") else 0.85
    return None


def denoted(before: str) -> Found | None:
    """ "... is denoted by $X$", "we denote ... by $X$"."""
    den = DENOTED_BEFORE.search(before)
    if den:
        desc = cut((den.group("d1") or den.group("d2") or "").strip())
        desc = noun_tail(desc)
        if desc:
            return desc, "denoted", 0.85
    return None
