"""Reading a noun phrase backwards from a symbol: "the update gate $z_t$", "the level of
consumption $C$", "the matrices $A$, $B$ and $C$".
"""

from __future__ import annotations

import re

from paperpal.notation.definitions.formulas import LATEX_COMMAND, mask_math
from paperpal.notation.definitions.words import (
    BAD_HEADS,
    DETERMINERS,
    MEASURES,
    OF_HEADS,
    PREPOSITIONS,
    QUANTITY_HEADS,
    RELATION_NOUNS,
    STOP,
    looks_like_a_noun,
)


def noun_phrase_before(text: str) -> str:
    """The noun phrase that ends ``text`` (reading back to a stop word), or ""."""
    # A LaTeX command outside math ("\\item", "\\hline", "\\tiny") is not a word of the phrase.
    masked = LATEX_COMMAND.sub(lambda c: "#" * len(c.group(0)), mask_math(text))
    words = list(re.finditer(r"[A-Za-z][A-Za-z\-']*|\$x+\$|\S", masked))
    picked: list[re.Match[str]] = []
    for m in reversed(words):
        w = m.group(0)
        lw = w.lower()
        if not re.fullmatch(r"[A-Za-z][A-Za-z\-']*", w):
            break  # punctuation or another formula ends the phrase
        if lw in DETERMINERS:
            if picked:
                picked.append(m)
            break
        if lw in STOP:
            break
        picked.append(m)
        if len(picked) >= 6:
            return ""
    if not picked:
        return ""
    head = picked[0].group(0).lower()
    if head in BAD_HEADS or len(head) < 2 or head.endswith("ly"):
        return ""
    start = picked[-1].start()
    return text[start:].strip()


def named_phrase_before(text: str) -> str:
    """The noun phrase ending ``text``, taking in a quantity's "HEAD of" before a bare one."""
    phrase = noun_phrase_before(text)
    if not phrase or phrase.split()[0].lower() in DETERMINERS:
        return phrase
    rest = text[: len(text) - len(phrase)].rstrip()
    if not re.search(r"\sof$", rest):
        return phrase
    owner = noun_phrase_before(rest[:-2].rstrip())
    if owner and phrase.lower() in MEASURES and len(owner.split()) <= 4:
        # "values of dimension $d_v$", "sequences of length $T$": the symbol is the measure of
        # what comes before, not a bare "dimension".
        owned = " ".join(w for w in owner.split() if w.lower() not in DETERMINERS)
        return f"the {phrase} of the {owned}"
    if not owner or owner.split()[-1].lower() not in OF_HEADS:
        return phrase
    if owner.split()[-1].lower() not in QUANTITY_HEADS and not phrase.endswith("s"):
        return phrase  # "a sequence of length $T$": $T$ is the length
    if len(owner.split()) + len(phrase.split()) > 7:
        return phrase
    return f"{owner} of {phrase}"


def value_of_phrase(lead: str, latex: str) -> str:
    """ "a liquidation value of $L$", "the beam radius of $w \\approx 15$": the quantity $X$ is.

    After "a"/"an" the symbol is the quantity's value; after "the" only when the math gives a
    value too: "the prices of $q_1$" is a property of $q_1$, not its name.
    """
    m = re.search(r"\sof$", lead)
    if not m:
        return ""
    phrase = noun_phrase_before(lead[: m.start()].rstrip())
    words = phrase.split()
    if len(words) < 2 or words[0].lower() not in ("a", "an", "the"):
        return ""
    valued = re.search(r"=|\\approx|\\simeq|\\sim(?![A-Za-z])", latex)
    if words[0].lower() == "the" and not valued:
        return ""
    if not valued and (len(words) < 3 or not all(looks_like_a_noun(w) for w in words[1:])):
        return ""  # "a surrogate of $f$", "a fixed value of $\\theta$": no name for the symbol
    if not looks_like_a_noun(words[-1]) or words[-1].lower() in OF_HEADS | RELATION_NOUNS:
        return ""  # "a set of $X$", "a multiple of $s$": not a name for X
    # "$i + 2p - k$ is a multiple of $s$": the phrase says what something else is.
    rest = lead[: m.start()].rstrip()[: -len(phrase)]
    if re.search(r"\b(?:is|are|be|was|were|being|been)\s*$", mask_math(rest), re.I):
        return ""
    return phrase


def phrase_is_listed(lead: str, desc: str) -> bool:
    """Whether the phrase ending ``lead`` is itself one item of a comma list ("a, the b, $x$")."""
    rest = lead[: len(lead) - len(desc)].rstrip()
    return rest.endswith((",", "and", "or"))


def after_preposition(text: str) -> bool:
    words = re.findall(r"[A-Za-z]+|\S", mask_math(text))
    return bool(words) and words[-1].lower() in (PREPOSITIONS - {"to", "than"})


def phrase_before_list(lead: str) -> str:
    """For "the matrices $A$, $B$ and $C$": the noun phrase before the first of a list of symbols."""
    masked = mask_math(lead)
    m = re.search(r"((?:\$x+\$\s*,\s*)*\$x+\$\s*,?\s*(?:and|or)\s*)$|(\$x+\$\s*,\s*)$", masked)
    if not m:
        return ""
    start = m.start()
    before = lead[:start]
    if not before.endswith((" ", "(")) and before:
        return ""
    phrase = noun_phrase_before(before.rstrip())
    # Only a plural head ("matrices", "weights") names every member of a list.
    if phrase and phrase.split()[-1].lower().endswith("s"):
        return phrase
    return ""


def governed_by_preposition(before: str) -> bool:
    """Whether the symbol (with any noun phrase right before it) is the object of a preposition."""
    phrase = noun_phrase_before(before.rstrip())
    rest = before.rstrip()[: len(before.rstrip()) - len(phrase)] if phrase else before.rstrip()
    words = re.findall(r"[A-Za-z]+|\S", mask_math(rest))
    return bool(words) and words[-1].lower() in PREPOSITIONS


def noun_tail(desc: str) -> str:
    """The last noun phrase of ``desc`` (drops leading "we", "that" ...); "" when none."""
    phrase = noun_phrase_before(desc)
    return phrase if phrase and len(phrase.split()) >= 1 else ""
