"""The word classes the definition patterns reason with: determiners, stop words, verbs that
take a symbol as object, adjectives, nouns that look like adjectives, and the small predicates
built on them (is this word a noun? does this phrase end in one?).

Must not: match patterns or know about formulas beyond ``mask_math``.
"""

from __future__ import annotations

import re

from paperpal.notation.definitions.formulas import mask_math

DETERMINERS = frozenset("a an the our its their each every one some this these".split())
# Words that end a noun phrase when reading backwards from a symbol: verbs, prepositions,
# conjunctions, pronouns. A determiner is included and then ends the phrase.
STOP = frozenset(
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
    see cf like about after before during within without although though however therefore
    otherwise wherein whereby whenever wherever moreover furthermore now still viz wrt iff
    exists exist modulo mod""".split()
)
BAD_HEADS = frozenset(
    """eq eqs equation equations fig figure figures table tables section sections sec
    algorithm line lines appendix theorem lemma corollary proposition definition where""".split()
)
MORE_PREPOSITIONS = frozenset(
    "against along across around toward towards upon beyond near behind above below versus".split()
)


def head_word(words: list[str]) -> str:
    """The last word before the first preposition or formula: "player 1's payoff of ..." -> "payoff"."""
    head = ""
    for w in words:
        if (
            w.lower() in STOP
            or w.lower() in MORE_PREPOSITIONS
            or not re.fullmatch(r"[A-Za-z][A-Za-z\-']*", w)
        ):
            break
        head = w
    return head


def starts_with_determiner(desc: str) -> bool:
    first = desc.split(maxsplit=1)[0].lower() if desc.split() else ""
    return first in DETERMINERS or first in ("set", "number", "vector", "matrix")


# Heads that make "HEAD of NOUN $X$" name X as the whole phrase: a quantity or a collection
# ("the level of consumption $C$", "a set of sellers $S$"). Other heads leave X the noun right
# before it ("the tour of agent $a$": $a$ is the agent).
OF_HEADS = frozenset(
    """set sets number level amount stock family sequence collection vector space fraction
    share list class measure quantity""".split()
)
QUANTITY_HEADS = frozenset("number level amount stock measure quantity fraction share".split())
# Words after which a plural noun after a symbol counts things: "with $i$ rounds", "for $T$
# units of time", "all $q$ field elements", "there are $n$ buses".
# Measures a symbol can be of something: "keys of dimension $d_k$", "a window of size $w$".
MEASURES = frozenset(
    "dimension dimensionality size length width height depth rate degree order radius".split()
)
COUNT_CONTEXT = frozenset(
    """of in on at by with for to from into over under between among through via per than
    all only exactly least most are were has have had contains contain containing
    uses use using takes take choose sample draw generate select first last""".split()
)
# Finite verbs that follow a subject ("$f$ maps ...", "the parameter affects ..."), never a
# plural noun a symbol could count: they end a noun phrase.
FINITE_VERBS = frozenset(
    """has have had does do is are was were affects affect controls control contains contain
    satisfies satisfy yields yield gives give takes obtains requires require defines implies
    becomes become remains remain exceeds equals involves includes include computes chooses
    selects produces generates receives determines governs encodes captures measures
    represents denotes indicates describes corresponds refers stands belongs converges
    depends follows tends lies goes grows increases decreases varies ranges maps sends
    plays announces crosses dissects encourages runs holds appears acts plays""".split()
)
# Kinds of thing a symbol written before them labels: "the $\gamma$ parameter".
TYPE_NOUNS = frozenset(
    """parameter hyperparameter term coordinate axis direction variable matrix vector tensor
    function operator constant coefficient factor subgraph graph model class set sequence
    distribution field mode state component process algorithm program policy network""".split()
)
NUMBER_WORDS = frozenset("one two three four five six several many few first second third".split())
# "-ing" words that modify rather than name: "the corresponding $x$", "the resulting $W$".
ING_MODIFIERS = frozenset(
    """corresponding resulting following remaining underlying existing increasing decreasing
    missing preceding matching varying according using being having leading trailing
    competing converging diverging learning training testing""".split()
)
# Modifiers that are nouns too, and so can end a name: "a renormalization constant $Z$".
NOUN_MODIFIERS = frozenset("constant integer integers total natural".split())


def has_noun_head(phrase: str) -> bool:
    """Whether ``phrase`` ends in a noun ("the update gate"), not in a modifier ("the two")."""
    words = phrase.split()
    if not words:
        return False
    head = words[-1].lower()
    if head.endswith("ing") and len(words) > 1 and head not in ING_MODIFIERS:
        return True  # "the embedding", "the padding"
    return (
        looks_like_a_noun(head)
        and (head not in MODIFIERS or head in NOUN_MODIFIERS)
        and head not in NUMBER_WORDS
        and head not in DETERMINERS
        and head not in FINITE_VERBS
    )


def typed(desc: str) -> bool:
    """ "an interval on which ...", "a set of functions": an indefinite noun phrase, a kind."""
    words = re.findall(r"[A-Za-z][A-Za-z\-']*|\$x+\$|\S", mask_math(desc))
    if len(words) < 2 or words[0].lower() not in ("a", "an"):
        return False
    head = head_word(words[1:])
    if not head or head.lower() in RELATION_NOUNS:
        return False  # "if $x$ is a multiple of 3": a relation, not a kind
    return looks_like_a_noun(head) and words[1].lower() not in ADJECTIVES


# Nouns that relate two things ("a multiple of $s$", "a subgraph of $G$") rather than name one.
RELATION_NOUNS = frozenset(
    """multiple multiples divisor function subset superset subgraph minor copy version
    generalization extension member element part neighbourhood neighborhood""".split()
)
ADJECTIVES = frozenset(
    """large larger largest small smaller smallest big bigger fixed different same other new
    various several many few more less most least high higher low lower long short any
    arbitrary every given some sufficiently very""".split()
)


def looks_like_a_noun(word: str) -> bool:
    w = word.lower()
    if w.endswith("eed"):
        return True  # "speed", not a past tense
    return w not in ADJECTIVES and not w.endswith(("ing", "ed", "ly", "est"))


# Verbs that take a symbol as their object ("we omit $k$", "to minimize $f$"): a lone word
# before a symbol that is one of these is not its name. Their "-s" forms count too.
VERBS_BEFORE_SYMBOLS = frozenset(
    """add apply approximate assign assume bound calculate call change choose compare compute
    consider contain define denote derive describe differentiate divide draw equal estimate
    evaluate exceed expand express find fit fix generate get give hold identify ignore implement
    include increase decrease integrate interpret keep know learn let make map maximize maximise
    measure minimize minimise mean multiply need note normalize normalise obtain omit optimize
    optimise pick plot predict produce prove reach recall reduce replace represent require
    return sample satisfy scale select set show solve split stand state substitute subtract
    suppose sum take train treat update use vary view write yield become remain see say let
    observe imply involve remove stop play tackle determine announce send cross dissect
    encourage arrange initialize initialise""".split()
)
VERB_FORMS = (
    VERBS_BEFORE_SYMBOLS
    | {w + "s" for w in VERBS_BEFORE_SYMBOLS}
    | {w + "es" for w in VERBS_BEFORE_SYMBOLS}
    | frozenset(
        """has have had does do satisfies applies implies varies denotes found shown written chosen
    drawn seen driven taken known given""".split()
    )
)
# Words before a lone noun that show it is a noun: "for any signal $s$", "and tightness $\theta$".
QUANTIFIERS = frozenset("any each every some all no both either two three several".split())
# Words after which the next word is a verb: "we omit $k$", "can reach $x$", "to compute $x$".
SUBJECTS = frozenset(
    """we it they he she one i you which that who can could may might must will would shall
    should to not also then first""".split()
)
# Words that modify a symbol rather than name it ("all $i$", "large $n$", "positive $c$").
MODIFIERS = frozenset(
    """all any each every some no both positive negative nonnegative non-negative real complex
    integer integers natural finite infinite constant optimal total general initial final
    current previous next first second third last top bottom new old true false random
    arbitrary unknown known certain similar corresponding respective even odd uniform dependent
    independent different consistent efficient sufficient equivalent convergent present""".split()
)


def lone_noun(before: str, word: str) -> bool:
    """Whether one word right before a symbol names it: "at time $t$", "consider program $P$".

    It must look like a noun (no "-ing", "-ed", "-ly", no usual verb or adjective) and not be
    the verb of a subject right before it ("we omit $k$", "to compute $x$").
    """
    w = word.lower()
    words = re.findall(r"[A-Za-z]+|\S", mask_math(before))
    prev = words[-1].lower() if words else ""
    # After a preposition or a quantifier the word is a noun ("in state $i$", "any set $S$"),
    # even one that can be a verb; after "to" it may still be one ("to compute $x$").
    noun_slot = (prev in PREPOSITIONS and prev != "to") or prev in QUANTIFIERS
    if len(w) < 3 or not looks_like_a_noun(word) or w in MODIFIERS:
        return False
    if w in VERB_FORMS and not noun_slot:
        return False
    if (
        w.endswith(("ous", "ful", "less", "ive", "ible", "able", "ic", "al"))
        and w not in NOUNS_LIKE_ADJECTIVES
    ):
        return False
    if prev in SUBJECTS or prev in ("there", "here", "-"):
        return False
    if w.endswith("s") and not w.endswith("ss") and re.fullmatch(r"[a-z]+", prev) and prev not in STOP:
        return False  # "the agent sends $x$": after a noun, a word in "-s" is its verb
    return True


# Nouns with an adjective's ending: "interval $I$", "signal $s$", "metric $d$".
NOUNS_LIKE_ADJECTIVES = frozenset(
    """interval signal metric topic potential objective individual animal principal rival
    arrival proposal trial terminal capital critic graphic""".split()
)
PREPOSITIONS = frozenset(
    "of in on at by with for to from into onto over under between among through via per than".split()
)
