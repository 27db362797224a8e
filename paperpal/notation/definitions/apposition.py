"""The apposition family: a noun phrase next to the symbol names it ("the update gate $z_t$",
"the $\\gamma$ parameter", "with $L$ layers").
"""

from __future__ import annotations

import re

from paperpal.notation.definitions.formulas import mask_math
from paperpal.notation.definitions.phrases import (
    named_phrase_before,
    noun_phrase_before,
    phrase_before_list,
    phrase_is_listed,
    value_of_phrase,
)
from paperpal.notation.definitions.words import (
    COUNT_CONTEXT,
    DETERMINERS,
    FINITE_VERBS,
    MORE_PREPOSITIONS,
    STOP,
    TYPE_NOUNS,
    has_noun_head,
    lone_noun,
    looks_like_a_noun,
)
from paperpal.notation.symbols import SymbolOccurrence


def symbol_before_noun(
    lead: str, after: str, occ: SymbolOccurrence, *, valued: bool = False
) -> tuple[str, str, float] | None:
    """ "the $\\gamma$ parameter" (a parameter), "with $i$ rounds" (the number of rounds).

    Returns None when no noun follows the symbol (the other patterns then apply). A symbol
    before its noun is either that thing's label ("the $x$ coordinate", "a $T$ subgraph") or,
    before a plural after a preposition or quantifier, a count ("for $T$ units of time"). When
    a noun follows but neither reading fits, the symbol is a modifier and has no name here:
    returns ("", "", 0).
    """
    masked = mask_math(after)
    follow = re.match(r"\s+((?:[A-Za-z][A-Za-z']*\s+){0,2}[A-Za-z][A-Za-z']*)", masked)
    if not follow:
        return None
    nouns: list[str] = []
    for w in follow.group(1).split():
        lw = w.lower()
        if lw in STOP or lw in MORE_PREPOSITIONS or lw in FINITE_VERBS or not looks_like_a_noun(w):
            break
        nouns.append(w)
        if lw.endswith("s") and not lw.endswith("ss"):
            break  # a plural ends the phrase: "$M$ data samples"
    if not nouns:
        return None
    if occ.applied or occ.base in ("O", "o"):
        return "", "", 0.0  # "an $O(D)$ approximation": a complexity, not a name
    end = follow.start(1) + len(" ".join(nouns))
    if re.match(r"\s*(?:-|\$|\\)", masked[end:]):
        return "", "", 0.0  # "the $\pi$ - pulses", "the $x$ coordinates $x_1$": a compound
    words = re.findall(r"[A-Za-z]+|\S", mask_math(lead))
    prev = words[-1].lower() if words else ""
    phrase = " ".join(nouns)
    last = nouns[-1].lower()
    plural = last.endswith("s") and not last.endswith(("ss", "us", "is"))
    latin = re.fullmatch(r"[A-Za-z]", occ.base) is not None
    ratio = len(words) > 1 and words[-2].lower() in ("one", "1", "out") and prev in ("in", "of")
    if plural and valued and not ratio:
        # "we employ $h = 8$ parallel attention layers": a symbol set to a number, then a
        # plural, counts them whatever comes before.
        return f"the number of {phrase}", "apposition", 0.65
    if plural and latin and prev in COUNT_CONTEXT and not ratio:
        # "one in $s$ output elements" is a ratio: $s$ does not count the elements.
        # "of $n$ operators": $n$ counts them. An "-s" word after a subject ("$f$ maps") is
        # its verb, and "$x$ coordinates" after "the" may name the axis, not count.
        return f"the number of {phrase}", "apposition", 0.6
    if prev in ("the", "a", "an") and not plural and last in TYPE_NOUNS and "^" not in occ.latex:
        # "the $\gamma$ parameter": $\gamma$ is a parameter. Not "the $L^2$ norm" (the norm is
        # $L^2$, not $L$) nor "the $i$ element" (the $i$-th one).
        return f"{prev} {phrase}", "apposition", 0.55
    return "", "", 0.0


def apposition(
    before: str, after: str, m: re.Match[str], occ: SymbolOccurrence, listed: bool
) -> tuple[str, str, float] | None:
    """ "the update gate $z_t$", "learning rate ($\\eta$)", "the learning rate, $\\eta$, is".

    Only for letters: the words before an operator or a function are rarely its name ("a
    traditional $\\tanh$ unit"). ``listed``: the symbol is one of a list ("$A$, $B$ and $C$").
    """
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
    # One symbol of a list, or an element ("the set of vertices $v \in V$"), is not the whole.
    one = listed or bool(re.search(r"\\in(?![A-Za-z])", m.group(1)))
    desc = noun_phrase_before(lead) if one else named_phrase_before(lead)
    valued = bool(re.search(r"=\s*[0-9][0-9.,]*\s*$", m.group(1)))
    if not paren and not comma and not listed and (valued or not has_noun_head(desc)):
        # "the $\gamma$ parameter", "with $i$ rounds", "$h = 8$ heads": the symbol written
        # before its noun.
        before_noun = symbol_before_noun(lead, after, occ, valued=valued)
        if before_noun is not None and (before_noun[0] or not has_noun_head(desc)):
            return before_noun if before_noun[0] else None
    if comma and (not desc or desc.split()[0].lower() not in DETERMINERS or phrase_is_listed(lead, desc)):
        return None
    if not desc and not comma and not paren and not listed:
        # "a system of $N$ ions": a symbol followed by its noun counts it, it is not the value.
        word = re.match(r"\s*([A-Za-z]{2,})", after)
        if not word or word.group(1).lower() in STOP or word.group(1).endswith("ly"):
            desc = value_of_phrase(lead, m.group(1))
    if not desc:
        desc = phrase_before_list(lead)
    if (
        desc
        and len(desc.split()) == 1
        and not desc.endswith(" of")
        and (
            not lone_noun(lead[: len(lead) - len(desc)], desc) or (listed and not desc.lower().endswith("s"))
        )
    ):
        # A lone word before a symbol is as often a verb or an adjective ("we omit $k$", "large
        # $p$") as a name ("at time $t$", "node $d$ has two parents").
        desc = ""
    if desc and len(desc.split()) > 1 and not has_noun_head(desc):
        desc = ""  # "a different $\sigma$ chosen ...": the phrase before only modifies it
    if desc and paren and len(desc.split()) == 1 and "=" in m.group(1):
        desc = ""  # "along both axes ($p_1 = p_2 = p$)": a remark, not a label
    if desc:
        first = desc.split()[0].lower()
        confidence = 0.75 if first in DETERMINERS else 0.65 if len(desc.split()) > 1 else 0.6
        if occ.subscript and re.search(r"[-+]\s*\d", occ.subscript):
            # "the previous activation $h_{t-1}$" describes one form of h, not h itself.
            confidence -= 0.1
        return desc, "apposition", confidence
    return None
