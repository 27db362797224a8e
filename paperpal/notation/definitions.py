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
  start with a determiner: "is the", "is a set of"; a bare noun phrase only after "where" --
  "where $k$ is physical capital" -- and, for "are", a plural one: "$A$ and $B$ are dense
  sequences"); ``let $X$ be DESC`` (a determiner or a noun phrase of two words or more:
  "let $v$ be player 1's payoff", never "let $n$ be large"); the verbless ``with/where $X$ the
  DESC`` and ``..., and $k$ the DESC`` after a where-clause; ``we define/call/use/consider $X$ as
  a/the DESC``. A list of symbols with "respectively" ("$A$ and $B$ are the offset and the drift
  rate, respectively") gives each symbol its own part.
- ``table``: a notation table's row, ``$c$ & speed of light \\\\``.
- ``denoted``: ``DESC is denoted by $X$``, ``we denote DESC by $X$``.
- ``apposition``: ``DESC $X$``, ``DESC ($X$)`` and ``DESC, $X$,``: a noun phrase directly
  before the symbol (a lone word only after a preposition, "at time $t$"; a comma aside only
  after a determiner). A plural phrase before a list ("the matrices $A$ and $B$") names each. A
  quantity or collection takes in its "of": "the level of consumption $C$", "a set of sellers
  $S$" (but "the tour of agent $a$" names $a$ the agent). ``a DESC of $X$``, when $X$ is given a
  value or DESC is a compound name: "a beam radius of $w \\approx 15$", "a liquidation value of
  $L$" (never after "is": "$n$ is a multiple of $s$").

Display math inside a paragraph ("$$...$$", "\\begin{equation}...") is never part of a
sentence, and ``\\item``, table rows and cells end one; a tie "~" is a space.

Measured on SymLink's held-out fifth (``benchmarks/results/symlink.json``): precision 0.91 on
symbols the annotators gave a description (0.49 counting every prediction, since the
annotation is partial), recall 0.33 of annotated symbols (dev: 0.875 and 0.33). Recall is the
known gap: most missed links are formulas rather than symbols ("the trivial classes
$\\{1_G\\}$"), properties ("$q$ is odd"), values with units, plain-text acronyms, distant
descriptions, or a symbol before its noun ("the $J=0$ state", "$N$ ions").
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
    pattern: str = "verb"  # verb | table | denoted | apposition
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


# Display math written inside a paragraph ("$$...$$", "\\[...\\]", "\\begin{equation}..."): never
# part of a sentence. Left in, its "$$" would pair the inline "$" signs after it wrongly, and the
# "where $C$ is ..." that follows a display would be glued to the prose before it.
_DISPLAY = re.compile(
    r"\$\$[^$]{0,5000}\$\$|\\\[.{0,5000}?\\\]"
    r"|\\begin\{(equation|align|eqnarray|gather|multline|displaymath|math|subequations|array)(\*?)\}"
    r".{0,5000}?\\end\{\1\2\}",
    re.S,
)
# Breaks that end a sentence without a full stop: list items, table rows and cells.
_BREAK = re.compile(r"\\item\b|\\\\|(?<!\\)&|\n\s*\n")


def _sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; never splits inside inline math, never spans a display."""
    spans: list[tuple[int, int]] = []
    start = 0
    for d in _DISPLAY.finditer(text):
        spans += _prose_sentences(text, start, d.start())
        start = d.end()
    spans += _prose_sentences(text, start, len(text))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _prose_sentences(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """The sentences of ``text[lo:hi]`` (prose with inline math only), as offsets in ``text``."""
    masked = _mask_math(text[lo:hi])
    spans = []
    start = 0
    for m in re.finditer(r"(?P<stop>(?<=[.!?])\s+(?=[A-Z$\\(\[]))|" + _BREAK.pattern, masked):
        if m.group("stop"):
            before = masked[max(0, m.start() - 6) : m.start()].lower()
            if re.search(r"\b(?:e\.g|i\.e|eq|eqs|fig|sec|al|cf|vs|resp)\.$", before):
                continue
        spans.append((lo + start, lo + m.start()))
        start = m.end()
    spans.append((lo + start, hi))
    return spans


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
    if body.startswith("{") and first.start == 1 and rest.startswith("}"):
        rest = rest[1:].strip()  # "${H_D}$": a symbol wrapped in a group, as some editors write it
    if not rest:
        # Nothing but this symbol (its own scripts' symbols are inside its span).
        return first if all(o.start >= first.start and o.end <= first.end for o in occs[1:]) else None
    rest = _strip_arguments(rest)
    if re.match(
        r"(?:\\(?:in|subseteq|subset|sim|colon|equiv|coloneqq|geq?|leq?|neq?|to|ll|gg|approx|simeq|propto|mapsto)(?![A-Za-z])|[:=<>])",
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


def _bare_name_allowed(before: str, desc: str, verb: str) -> bool:
    """Whether a description with no determiner still reads as a name, not a property.

    "where $k$ is physical capital", "let $X$ be player 1's payoff", "$A$ and $B$ are dense
    sequences": a noun phrase headed by a noun. "$q$ is odd", "let $n$ be large" and "$f$ is
    piecewise linear" are properties, and so are single words after "is" and "be".
    """
    # "time - independent": the data's spaced hyphens join words.
    words = re.findall(r"[A-Za-z][A-Za-z\-']*|\$x+\$|\S", re.sub(r"\s-\s", "-", _mask_math(desc)))
    first = words[0].lower() if words else ""
    if first in _ADJECTIVES or first.endswith("ly"):
        return False
    where = re.search(r"(?:\bwhere|\bwhere\b.*(?:,|;|\band))\s*$", _mask_math(before), re.I | re.S)
    head = _head_word(words)
    if not head or not _looks_like_a_noun(head) or head.lower() in ("part", "parts"):
        return False  # "$V$ is trained as ...", "$X_0$ are part of ..."
    if where and verb not in ("be", "being") and len(words) >= 2:
        return True
    if verb in ("be", "being"):
        return len(words) >= 2  # only after "let" (checked by the caller)
    if verb in ("are", "were"):
        return head.endswith("s") and not head.endswith(("ss", "ous", "less", "is"))
    return False


_MORE_PREPOSITIONS = frozenset(
    "against along across around toward towards upon beyond near behind above below versus".split()
)


def _head_word(words: list[str]) -> str:
    """The last word before the first preposition or formula: "player 1's payoff of ..." -> "payoff"."""
    head = ""
    for w in words:
        if (
            w.lower() in _STOP
            or w.lower() in _MORE_PREPOSITIONS
            or not re.fullmatch(r"[A-Za-z][A-Za-z\-']*", w)
        ):
            break
        head = w
    return head


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


# Heads that make "HEAD of NOUN $X$" name X as the whole phrase: a quantity or a collection
# ("the level of consumption $C$", "a set of sellers $S$"). Other heads leave X the noun right
# before it ("the tour of agent $a$": $a$ is the agent).
_OF_HEADS = frozenset(
    """set sets number level amount stock family sequence collection vector space fraction
    share list class measure quantity""".split()
)


_QUANTITY_HEADS = frozenset("number level amount stock measure quantity fraction share".split())


def _named_phrase_before(text: str) -> str:
    """The noun phrase ending ``text``, taking in a quantity's "HEAD of" before a bare one."""
    phrase = _noun_phrase_before(text)
    if not phrase or phrase.split()[0].lower() in _DETERMINERS:
        return phrase
    rest = text[: len(text) - len(phrase)].rstrip()
    if not re.search(r"\sof$", rest):
        return phrase
    owner = _noun_phrase_before(rest[:-2].rstrip())
    if not owner or owner.split()[-1].lower() not in _OF_HEADS:
        return phrase
    if owner.split()[-1].lower() not in _QUANTITY_HEADS and not phrase.endswith("s"):
        return phrase  # "a sequence of length $T$": $T$ is the length
    if len(owner.split()) + len(phrase.split()) > 7:
        return phrase
    return f"{owner} of {phrase}"


def find_definitions(paragraph_text: str) -> list[Definition]:
    """Definitions of symbols in ``paragraph_text`` (inline math as ``$...$``), in text order."""
    if not isinstance(paragraph_text, str) or "$" not in paragraph_text:
        return []
    out: list[Definition] = []
    # "the minimum wage ~ $w$": a tie "~" is a space (same length, so offsets still hold).
    text = re.sub(r"(?<!\\)~", " ", paragraph_text)
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
    if "&" in text:
        out += _table_definitions(text)
        out.sort(key=lambda d: d.start)
    return out


_ROW = re.compile(r"(?:^|\\\\|\\hline|\n)(?P<row>[^\n]*?)(?=\\\\|\n|$)")
_CELL_SYMBOLS = re.compile(r"\s*\$x+\$(?:\s*,\s*\$x+\$)*\s*")


def _table_definitions(text: str) -> list[Definition]:
    """A notation table's rows: "$c$ & speed of light \\\\" (symbols in the first cell, words in the next)."""
    out: list[Definition] = []
    masked = _mask_math(text)
    for row in _ROW.finditer(masked):
        cells = re.split(r"(?<!\\)&", row.group("row"))
        if len(cells) != 2 or not _CELL_SYMBOLS.fullmatch(cells[0]):
            continue
        lo = row.start("row")
        desc_start = lo + len(cells[0]) + 1
        raw = text[desc_start : row.end("row")]
        raw = re.sub(r"\\(?:vspace|hspace)\*?\{[^}]*\}|\\hline", " ", raw).strip()
        desc = _cut(raw)
        if not re.search(r"[A-Za-z]{2,}", _MATH.sub(" ", desc)):
            continue  # a formula in the next cell, not a name
        if not desc or desc != raw.rstrip(",;:. ") or _starts_like_a_clause(desc):
            continue  # more than a name ("time , when ..."): not a table of names
        for m in _MATH.finditer(text, lo, lo + len(cells[0])):
            occ = _defined_symbol(m.group(1))
            if occ is None:
                continue
            inner = m.start(1) + (len(m.group(1)) - len(m.group(1).lstrip()))
            sentence = " ".join(text[lo : row.end("row")].split())
            out.append(
                Definition(
                    occ.latex, occ.key, desc, sentence, "table", 0.85, inner + occ.start, inner + occ.end
                )
            )
    return out


def _starts_like_a_clause(desc: str) -> bool:
    return bool(re.match(r"(?:is|are|if|for|when|where|we|it|this|see)\b", desc, re.I))


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
    place: tuple[int, int] | None = None  # (index, size) of the symbol in its list
    if (tail or head) and re.match(r"\s*,?\s*(?:are|be|denote|represent)\b", list_after, re.I):
        before, after = list_before, list_after
        index = head.group(0).count("$") // 2 if head else 0
        place = (index, index + 1 + (tail.group(0).count("$") // 2 if tail else 0))
    # 1. "$X$ is the ...", "$X$ denotes ...", "let $X$ be ..."
    fwd = _FORWARD.match(after) if forward else None
    if fwd and _governed_by_preposition(before):
        fwd = None  # "the state at time $t$ is ...": the subject is not $t$
    if fwd:
        verb = fwd.group("verb").lower().split()[0]
        rest = fwd.group("rest")
        desc = _respective(rest, place) if place else ""
        desc = desc or _cut(rest)
        let = re.search(r"\blet\s*$", before, re.I)
        if desc and verb in ("be", "being") and not let:
            desc = ""
        if desc and verb in ("is", "are", "was", "were", "be", "being") and " " not in fwd.group("verb"):
            if not _starts_with_determiner(desc) and not _bare_name_allowed(before, desc, verb):
                desc = ""
        if desc and not re.match(
            r"(?:that|how|what|whether|not|also|then|used|computed|given)\b", desc, re.I
        ):
            if not re.search(r"\b(?:if|for all|when)\s*$", before, re.I) and len(desc) > 2:
                return desc, "verb", 0.9 if verb not in ("be", "being") else 0.85
    # 1b. "with $k$ the wavevector", "denote by $S$ the system", "we define $E$ as the set".
    if forward:
        found = _verbless(before, after)
        if found:
            return found
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
    # One symbol of a list, or an element ("the set of vertices $v \in V$"), is not the whole.
    one = bool(tail or head) or bool(re.search(r"\\in(?![A-Za-z])", m.group(1)))
    desc = _noun_phrase_before(lead) if one else _named_phrase_before(lead)
    if comma and (not desc or desc.split()[0].lower() not in _DETERMINERS or _phrase_is_listed(lead, desc)):
        return None
    if not desc and not comma and not paren and not (tail or head):
        # "a system of $N$ ions": a symbol followed by its noun counts it, it is not the value.
        word = re.match(r"\s*([A-Za-z]{2,})", after)
        if not word or word.group(1).lower() in _STOP or word.group(1).endswith("ly"):
            desc = _value_of_phrase(lead, m.group(1))
    if not desc:
        desc = _phrase_before_list(lead)
    if (
        desc
        and len(desc.split()) == 1
        and not desc.endswith(" of")
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


def _value_of_phrase(lead: str, latex: str) -> str:
    """ "a liquidation value of $L$", "the beam radius of $w \\approx 15$": the quantity $X$ is.

    After "a"/"an" the symbol is the quantity's value; after "the" only when the math gives a
    value too: "the prices of $q_1$" is a property of $q_1$, not its name.
    """
    m = re.search(r"\sof$", lead)
    if not m:
        return ""
    phrase = _noun_phrase_before(lead[: m.start()].rstrip())
    words = phrase.split()
    if len(words) < 2 or words[0].lower() not in ("a", "an", "the"):
        return ""
    valued = re.search(r"=|\\approx|\\simeq|\\sim(?![A-Za-z])", latex)
    if words[0].lower() == "the" and not valued:
        return ""
    if not valued and (len(words) < 3 or not all(_looks_like_a_noun(w) for w in words[1:])):
        return ""  # "a surrogate of $f$", "a fixed value of $\\theta$": no name for the symbol
    if not _looks_like_a_noun(words[-1]) or words[-1].lower() in _OF_HEADS | _RELATIONS:
        return ""  # "a set of $X$", "a multiple of $s$": not a name for X
    # "$i + 2p - k$ is a multiple of $s$": the phrase says what something else is.
    rest = lead[: m.start()].rstrip()[: -len(phrase)]
    if re.search(r"\b(?:is|are|be|was|were|being|been)\s*$", _mask_math(rest), re.I):
        return ""
    return phrase


# Nouns that relate two things ("a multiple of $s$", "a subgraph of $G$") rather than name one.
_RELATIONS = frozenset(
    """multiple multiples divisor function subset superset subgraph minor copy version
    generalization extension member element part neighbourhood neighborhood""".split()
)


def _respective(rest: str, place: tuple[int, int]) -> str:
    """ "$A$ and $B$ are the offset and the drift rate, respectively": the symbol's own part."""
    masked = _mask_math(rest)
    resp = re.search(r",?\s*respectively\b", masked)
    if not resp:
        return ""
    end = _CLAUSE_END.search(re.sub(r",\s|\sand\b", lambda m: "#" * len(m.group(0)), masked[: resp.start()]))
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
    first = re.findall(r"[A-Za-z][A-Za-z\-']*|\$x+\$|\S", _mask_math(parts[0]))
    if not first or any(w.lower() in _STOP or w.startswith("$") or w.endswith("ing") for w in first[1:]):
        return ""
    return _cut(parts[index] + " ")


# "we define $E$ as the set ...": verbs whose "as" names their object.
_AS_VERBS = re.compile(
    r"\b(?:define|defines|defined|denote|denotes|refer\s+to|refers\s+to|call|write|regard|"
    r"regards|treat|treats|consider|view|interpret|represent|represents|represented|use|uses|"
    r"choose|chooses|take|takes|contain|contains|containing|exclude|excludes|has|have|having)\s*$",
    re.I,
)


def _verbless(before: str, after: str) -> tuple[str, str, float] | None:
    """ "with $\\varepsilon_0$ the vacuum permittivity", "we define $E$ as the set of ..."."""
    as_form = re.match(r"\s*as\s+(?=(?:the|a|an)\s)", after, re.I)
    if as_form:
        if not _AS_VERBS.search(_mask_math(before)):
            return None
        desc = _cut(after[as_form.end() :])
        if not desc or re.match(r"(?:an?|the)\s+(?:function|result|consequence)\b", desc, re.I):
            return None  # "$y$ as a function of $x$" says how it is plotted, not what it is
        return desc, "verb", 0.85
    if not re.match(r"\s*(?:the|a|an)\s", after, re.I):
        return None
    masked = _mask_math(before)
    lead = re.search(r"\b(?:with|where|denote\s+by|denoted\s+by|call|calling)\s*$", masked, re.I)
    # "where $L$ is the length and $k$ the wavevector": a gapped "is" after a where-clause.
    gapped = re.search(r"(?:\band|,|;)\s*$", masked) and re.search(r"\b(?:where|with)\b", masked, re.I)
    if not lead and not gapped:
        return None
    desc = _cut(after)
    if not desc or len(desc.split()) < 2:
        return None
    return desc, "verb", 0.85


_ADJECTIVES = frozenset(
    """large larger largest small smaller smallest big bigger fixed different same other new
    various several many few more less most least high higher low lower long short any
    arbitrary every given some sufficiently very""".split()
)


def _looks_like_a_noun(word: str) -> bool:
    w = word.lower()
    if w.endswith("eed"):
        return True  # "speed", not a past tense
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

_PATTERN_RANK = {"verb": 3, "table": 3, "denoted": 2, "apposition": 1}


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
