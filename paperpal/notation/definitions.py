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
  a/the DESC``; ``if/when $X$ is a/an NOUN ...`` (a kind: "if $J$ is an interval on which ...",
  never "if $x$ is small"); a later ``..., and $C$ be DESC`` inside one "let". A list of symbols with "respectively" ("$A$ and $B$ are the offset and the drift
  rate, respectively") gives each symbol its own part.
- ``table``: a notation table's row, ``$c$ & speed of light \\\\``.
- ``denoted``: ``DESC is denoted by $X$``, ``we denote DESC by $X$``.
- ``apposition``: ``DESC $X$``, ``DESC ($X$)`` and ``DESC, $X$,``: a noun phrase directly
  before the symbol (a lone word when it reads as a noun: "at time $t$", "consider program
  $P$", never "we omit $k$", "large $p$", "the agent sends $m$"; a comma aside only after a
  determiner; a phrase ending in a modifier, "a different $\\sigma$", names nothing). A plural phrase before a list ("the matrices $A$ and $B$") names each. A
  quantity or collection takes in its "of": "the level of consumption $C$", "a set of sellers
  $S$" (but "the tour of agent $a$" names $a$ the agent). ``a DESC of $X$``, when $X$ is given a
  value or DESC is a compound name: "a beam radius of $w \\approx 15$", "a liquidation value of
  $L$" (never after "is": "$n$ is a multiple of $s$"). A symbol written before its noun: a
  count before a plural after a preposition or quantifier ("with $L$ layers": the number of
  layers; not "one in $s$ elements"), a label before a kind ("the $\\gamma$ parameter").

A formula listing symbols ("where $f_1, f_2$ are ...") is read as one formula per symbol, and a
formula that is one name the symbol splitter does not read as one symbol ("$\\ket{n}$",
"$I_\\textrm{A}$", an unexpanded macro of the paper's) is defined under its own LaTeX as key.
Descriptions stop before pointers and conditions ("in Corollary \\ref{..}", "\\cite{..}", "for
$1 \\le k \\le l$") and before a bracket they leave open.

Display math inside a paragraph ("$$...$$", "\\begin{equation}...") is never part of a
sentence, and ``\\item``, table rows and cells end one; a tie "~" is a space.

Measured on SymLink's held-out fifth (``benchmarks/results/symlink.json``): precision 0.90 on
symbols the annotators gave a description (0.48 counting every prediction, since the
annotation is partial), recall 0.36 of annotated symbols (dev: 0.89 and 0.37). Recall is the
known gap: about a fifth of the annotated symbols are not in math at all (values with units,
plain-text acronyms, blanked formulas) and a quarter are formulas rather than symbols ("the
trivial classes $\\{1_G\\}$"); the rest are mostly properties ("$q$ is odd"), distant
descriptions, and heads the annotators marked inside a longer description.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from paperpal.models import Document, Equation, Paragraph
from paperpal.notation.symbols import OPERATORS, RELATIONS, TEX_FUNCTIONS, SymbolOccurrence, extract_symbols


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
    see cf like about after before during within without although though however therefore
    otherwise wherein whereby whenever wherever moreover furthermore now still viz wrt iff
    exists exist modulo mod""".split()
)
_BAD_HEADS = frozenset(
    """eq eqs equation equations fig figure figures table tables section sections sec
    algorithm line lines appendix theorem lemma corollary proposition definition where""".split()
)
_CLAUSE_END = re.compile(
    r"[.;:](?:\s|$)|,\s|\n|\\begin|\\\\|\s(?:and|which|while|whereas|where|that\s+is|i\.e\.|e\.g\.|so\s+that|"
    r"such\s+that|respectively|if|when|because|since|but|whose)\b|\s\(\s*(?:see|cf|e\.g)"
    # Pointers and conditions are not part of a name: "the constant in Corollary \ref{c}", "the
    # distribution defined in Equation (3)", "the embedding of $c_k$ for $1 \le k \le l$", "\cite".
    r"|\s*\\cite[a-z]*\{|\s(?:defined|given|introduced|described)\s+(?:in|by)\s+(?:eq|eqs|equation|"
    r"section|sec|theorem|lemma|corollary|proposition|definition|appendix|\\eqref|\\ref|\()"
    r"|\s(?:in|of|from)\s+(?:theorem|lemma|corollary|proposition|definition|section|appendix|eq\.?|"
    r"equation)\s*\\(?:ref|eqref)\b"
    r"|\sfor\s+(?:all\s+|every\s+|each\s+|some\s+)?\$x+\$(?=\s*(?:[.,;]|$))",
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
_BREAK = re.compile(r"\\\s?item\b|\\\\|(?<!\\)&|\n\s*\n")


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
    return _split_symbol(body) or _named_formula(body)


# A formula that is one name the symbol splitter does not read as one symbol: a macro of the
# paper's own ("\\calP", "\\cR^*"), a ket ("\\ket{0}", "|g\\rangle"), a text subscript
# ("I_\\textrm{A}"), a font command ("\\bf{r}_0"). Its key is its own LaTeX: nothing else in
# the paper groups with it, so it only ever labels itself.
_GROUP = r"\{(?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*\}"
_NAME_BASE = (
    rf"(?:\\(?:ket|bra)\s*{_GROUP}|\|[^|$]{{1,20}}\\rangle|\\langle[^|$]{{1,20}}\||"
    rf"\\[A-Za-z]+\s*{_GROUP}|\\[A-Za-z]+|[A-Za-z])"
)
_NAME_SCRIPT = rf"(?:\s*[_^]\s*(?:{_GROUP}|\\[A-Za-z]+(?:\s*{_GROUP})?|[A-Za-z0-9*+\-])|\s*'+|\s*\\prime)"
_NAMED_FORMULA = re.compile(rf"\{{?(?P<name>{_NAME_BASE}(?:{_NAME_SCRIPT})*)\}}?")
# Commands that are not names: operators, relations, functions, spacing, ellipses.
_NOT_NAMES = (
    OPERATORS
    | RELATIONS
    | TEX_FUNCTIONS
    | frozenset(
        """frac dfrac tfrac sqrt left right big Big bigg Bigg cdots ldots dots vdots ddots quad
        qquad text mathrm operatorname limits nolimits pm mp times cdot to gets mapsto infty
        emptyset varnothing forall exists neg lnot land lor le ge ne label ref eqref cite
        displaystyle textstyle scriptstyle mid vert Vert lvert rvert lVert rVert colon
        dagger ddagger star ast bullet circ diamond triangle square Box checkmark prime partial
        top bot angle surd natural flat sharp hline noindent item textbf textit texttt emph
        tiny small large""".split()
    )
)


def _named_formula(body: str) -> SymbolOccurrence | None:
    """A formula that reads as one name (see ``_NAMED_FORMULA``), maybe with "= ..." after it."""
    m = _NAMED_FORMULA.match(body)
    if not m:
        return None
    rest = body[m.end() :].strip()
    if rest and not re.match(
        r"(?:\\(?:in|subseteq|subset|sim|equiv|coloneqq|approx|simeq|propto)(?![A-Za-z])|=|:=)", rest
    ):
        return None
    name = m.group("name")
    command = re.match(r"\\([A-Za-z]+)", name)
    if command and (command.group(1) in _NOT_NAMES or command.group(1).endswith("arrow")):
        return None
    if not re.search(r"[A-Za-z]", re.sub(r"\\[A-Za-z]+", "", name)) and not command:
        return None
    key = re.sub(r"\s+", "", name)
    start = m.start("name")
    return SymbolOccurrence(key=key, latex=name, kind="identifier", base=key, start=start, end=m.end("name"))


def _split_symbol(body: str) -> SymbolOccurrence | None:
    """The symbol ``body`` names, as the symbol splitter reads it."""
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
    if m and re.match(r"\s(?:which|whose|where)", m.group(0), re.I):
        # "an interval on [which ...]": the preposition belongs to the cut-off clause.
        out = re.sub(r"\s+(?:on|in|of|for|with|to|at|by|from|over|under)$", "", out, flags=re.I)
    # "the input image ($H$ [, ...])": a bracket the cut left open goes with what follows it.
    out = _closed_prefix(out)
    if not [w for w in re.findall(r"[A-Za-z]+", _mask_math(out)) if w.lower() not in _DETERMINERS]:
        return ""  # "the" alone, or only a formula: nothing said in words
    # An unbalanced "$" would cut a formula in half: drop the description.
    if out.count("$") % 2:
        return ""
    return out.strip()


def _closed_prefix(text: str) -> str:
    """``text`` before the first bracket it opens and never closes ("the image ($H$" -> "the image")."""
    opened: list[int] = []
    for i, ch in enumerate(_mask_math(text)):
        if ch in "([":
            opened.append(i)
        elif ch in ")]" and opened:
            opened.pop()
    return text[: opened[0]].rstrip() if opened else text


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


_LATEX_COMMAND = re.compile(r"\\\s?[A-Za-z]+")


def _noun_phrase_before(text: str) -> str:
    """The noun phrase that ends ``text`` (reading back to a stop word), or ""."""
    # A LaTeX command outside math ("\\item", "\\hline", "\\tiny") is not a word of the phrase.
    masked = _LATEX_COMMAND.sub(lambda c: "#" * len(c.group(0)), _mask_math(text))
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
    # "where $f_1, f_2$ are functions": a list in one formula is read as "$f_1$, $f_2$";
    # ``where`` maps each offset of the rewritten text back to the paragraph's.
    text, where = _split_math_lists(text)
    for s_start, s_end in _sentences(text):
        sentence = text[s_start:s_end]
        evidence = sentence if where is None else paragraph_text[where[s_start] : where[s_end]]
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
                        sentence=" ".join(evidence.split()) if where is not None else evidence.strip(),
                        pattern=pattern,
                        confidence=confidence,
                        start=inner + occ.start if where is None else where[inner + occ.start],
                        end=inner + occ.end if where is None else where[inner + occ.end - 1] + 1,
                    )
                )
    if "&" in text:
        out += _table_definitions(text)
        out.sort(key=lambda d: d.start)
    return out


_ELLIPSIS = frozenset(r"\ldots \dots \cdots ... \dotsc \dotsb".split())


def _split_math_lists(text: str) -> tuple[str, list[int] | None]:
    """``text`` with each formula that lists symbols ("$f_1, f_2$") written as one formula per
    symbol ("$f_1$, $f_2$"), and the map from the new offsets to the old (None: no change)."""
    if "," not in text:
        return text, None
    pieces: list[str] = []
    where: list[int] = []
    last = 0
    changed = False
    for m in _MATH.finditer(text):
        parts = _listed_symbols(m.group(1))
        if parts is None:
            continue
        pieces.append(text[last : m.start()])
        where.extend(range(last, m.start()))
        for i, (a, b) in enumerate(parts):
            if i:
                pieces.append(", ")
                where.extend([m.start(1) + a - 1, m.start(1) + a - 1])
            pieces.append("$" + m.group(1)[a:b] + "$")
            where.append(m.start(1) + a)
            where.extend(range(m.start(1) + a, m.start(1) + b))
            where.append(m.start(1) + b - 1)
        last = m.end()
        changed = True
    if not changed:
        return text, None
    pieces.append(text[last:])
    where.extend(range(last, len(text) + 1))
    return "".join(pieces), where


def _listed_symbols(latex: str) -> list[tuple[int, int]] | None:
    """The (start, end) of each item of a formula that only lists symbols, ``\\ldots`` included:
    "f_1, f_2" or "\\alpha,\\gamma,\\epsilon"; None for anything else ("(s,i,r,t)", "x, y > 0")."""
    items: list[tuple[int, int]] = []
    depth = 0
    start = 0
    for i, ch in enumerate(latex + ","):
        if ch in "({[":
            depth += 1
        elif ch in ")}]":
            depth -= 1
        elif ch == "," and depth == 0 and not latex[max(0, i - 1) : i] == "\\":
            a, b = start, i
            while a < b and latex[a].isspace():
                a += 1
            while b > a and latex[b - 1].isspace():
                b -= 1
            items.append((a, b))
            start = i + 1
    if len(items) < 2 or depth != 0:
        return None
    symbols = 0
    for a, b in items:
        part = latex[a:b]
        if part in _ELLIPSIS:
            continue
        occ = _defined_symbol(part)
        if occ is None or occ.start != 0 or occ.end != len(part):
            return None
        symbols += 1
    return items if symbols >= 2 else None


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


_LIST_TAIL = re.compile(
    r"^(?:\s*,\s*\$x+\$)*\s*,?\s*(?:and|or)\s*\$x+\$|^(?:\s*,\s*\$x+\$)+(?=\s*(?:are|be)\b)"
)
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
        # "let $x$ be the input, and $s$ be the score": a later "be" in the same "let".
        let = re.search(r"\blet\s*$|\blet\s+\$[^;]*\bbe\b[^;]*(?:,|\band)\s*$", before, re.I)
        if desc and verb in ("be", "being") and not let:
            desc = ""
        if desc and verb in ("is", "are", "was", "were", "be", "being") and " " not in fwd.group("verb"):
            if not _starts_with_determiner(desc) and not _bare_name_allowed(before, desc, verb):
                desc = ""
        if desc and not re.match(
            r"(?:that|how|what|whether|not|also|then|used|computed|given)\b", desc, re.I
        ):
            conditional = re.search(r"\b(?:if|for all|when)\s*$", before, re.I)
            if conditional and verb == "is" and _typed(desc):
                # "If $J$ is an interval on which ...": a condition that still says what $J$ is.
                return desc, "verb", 0.7
            if not conditional and len(desc) > 2:
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
    if not paren and not comma and not (tail or head) and not _has_noun_head(desc):
        # "the $\gamma$ parameter", "with $i$ rounds": the symbol written before its noun.
        before_noun = _symbol_before_noun(lead, after, occ)
        if before_noun is not None:
            return before_noun if before_noun[0] else None
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
        and (
            not _lone_noun(lead[: len(lead) - len(desc)], desc)
            or (bool(tail or head) and not desc.lower().endswith("s"))
        )
    ):
        # A lone word before a symbol is as often a verb or an adjective ("we omit $k$", "large
        # $p$") as a name ("at time $t$", "node $d$ has two parents").
        desc = ""
    if desc and len(desc.split()) > 1 and not _has_noun_head(desc):
        desc = ""  # "a different $\sigma$ chosen ...": the phrase before only modifies it
    if desc and paren and len(desc.split()) == 1 and "=" in m.group(1):
        desc = ""  # "along both axes ($p_1 = p_2 = p$)": a remark, not a label
    if desc:
        first = desc.split()[0].lower()
        confidence = 0.75 if first in _DETERMINERS else 0.65 if len(desc.split()) > 1 else 0.6
        if occ.subscript and re.search(r"[-+]\s*\d", occ.subscript):
            # "the previous activation $h_{t-1}$" describes one form of h, not h itself.
            confidence -= 0.1
        return desc, "apposition", confidence
    return None


# Words after which a plural noun after a symbol counts things: "with $i$ rounds", "for $T$
# units of time", "all $q$ field elements", "there are $n$ buses".
_COUNT_CONTEXT = frozenset(
    """of in on at by with for to from into over under between among through via per than
    all only exactly least most are were has have had contains contain containing
    uses use using takes take choose sample draw generate select first last""".split()
)


# Finite verbs that follow a subject ("$f$ maps ...", "the parameter affects ..."), never a
# plural noun a symbol could count: they end a noun phrase.
_FINITE_VERBS = frozenset(
    """has have had does do is are was were affects affect controls control contains contain
    satisfies satisfy yields yield gives give takes obtains requires require defines implies
    becomes become remains remain exceeds equals involves includes include computes chooses
    selects produces generates receives determines governs encodes captures measures
    represents denotes indicates describes corresponds refers stands belongs converges
    depends follows tends lies goes grows increases decreases varies ranges maps sends
    plays announces crosses dissects encourages runs holds appears acts plays""".split()
)
# Kinds of thing a symbol written before them labels: "the $\gamma$ parameter".
_TYPE_NOUNS = frozenset(
    """parameter hyperparameter term coordinate axis direction variable matrix vector tensor
    function operator constant coefficient factor subgraph graph model class set sequence
    distribution field mode state component process algorithm program policy network""".split()
)
_NUMBER_WORDS = frozenset("one two three four five six several many few first second third".split())


# "-ing" words that modify rather than name: "the corresponding $x$", "the resulting $W$".
_ING_MODIFIERS = frozenset(
    """corresponding resulting following remaining underlying existing increasing decreasing
    missing preceding matching varying according using being having leading trailing
    competing converging diverging learning training testing""".split()
)


# Modifiers that are nouns too, and so can end a name: "a renormalization constant $Z$".
_NOUN_MODIFIERS = frozenset("constant integer integers total natural".split())


def _has_noun_head(phrase: str) -> bool:
    """Whether ``phrase`` ends in a noun ("the update gate"), not in a modifier ("the two")."""
    words = phrase.split()
    if not words:
        return False
    head = words[-1].lower()
    if head.endswith("ing") and len(words) > 1 and head not in _ING_MODIFIERS:
        return True  # "the embedding", "the padding"
    return (
        _looks_like_a_noun(head)
        and (head not in _MODIFIERS or head in _NOUN_MODIFIERS)
        and head not in _NUMBER_WORDS
        and head not in _DETERMINERS
        and head not in _FINITE_VERBS
    )


def _symbol_before_noun(lead: str, after: str, occ: SymbolOccurrence) -> tuple[str, str, float] | None:
    """ "the $\\gamma$ parameter" (a parameter), "with $i$ rounds" (the number of rounds).

    Returns None when no noun follows the symbol (the other patterns then apply). A symbol
    before its noun is either that thing's label ("the $x$ coordinate", "a $T$ subgraph") or,
    before a plural after a preposition or quantifier, a count ("for $T$ units of time"). When
    a noun follows but neither reading fits, the symbol is a modifier and has no name here:
    returns ("", "", 0).
    """
    masked = _mask_math(after)
    follow = re.match(r"\s+((?:[A-Za-z][A-Za-z']*\s+){0,2}[A-Za-z][A-Za-z']*)", masked)
    if not follow:
        return None
    nouns: list[str] = []
    for w in follow.group(1).split():
        lw = w.lower()
        if lw in _STOP or lw in _MORE_PREPOSITIONS or lw in _FINITE_VERBS or not _looks_like_a_noun(w):
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
    words = re.findall(r"[A-Za-z]+|\S", _mask_math(lead))
    prev = words[-1].lower() if words else ""
    phrase = " ".join(nouns)
    last = nouns[-1].lower()
    plural = last.endswith("s") and not last.endswith(("ss", "us", "is"))
    latin = re.fullmatch(r"[A-Za-z]", occ.base) is not None
    ratio = len(words) > 1 and words[-2].lower() in ("one", "1", "out") and prev in ("in", "of")
    if plural and latin and prev in _COUNT_CONTEXT and not ratio:
        # "one in $s$ output elements" is a ratio: $s$ does not count the elements.
        # "of $n$ operators": $n$ counts them. An "-s" word after a subject ("$f$ maps") is
        # its verb, and "$x$ coordinates" after "the" may name the axis, not count.
        return f"the number of {phrase}", "apposition", 0.6
    if prev in ("the", "a", "an") and not plural and last in _TYPE_NOUNS and "^" not in occ.latex:
        # "the $\gamma$ parameter": $\gamma$ is a parameter. Not "the $L^2$ norm" (the norm is
        # $L^2$, not $L$) nor "the $i$ element" (the $i$-th one).
        return f"{prev} {phrase}", "apposition", 0.55
    return "", "", 0.0


def _typed(desc: str) -> bool:
    """ "an interval on which ...", "a set of functions": an indefinite noun phrase, a kind."""
    words = re.findall(r"[A-Za-z][A-Za-z\-']*|\$x+\$|\S", _mask_math(desc))
    if len(words) < 2 or words[0].lower() not in ("a", "an"):
        return False
    head = _head_word(words[1:])
    if not head or head.lower() in _RELATIONS:
        return False  # "if $x$ is a multiple of 3": a relation, not a kind
    return _looks_like_a_noun(head) and words[1].lower() not in _ADJECTIVES


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


# Verbs that take a symbol as their object ("we omit $k$", "to minimize $f$"): a lone word
# before a symbol that is one of these is not its name. Their "-s" forms count too.
_VERBS_BEFORE_SYMBOLS = frozenset(
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
_VERB_FORMS = (
    _VERBS_BEFORE_SYMBOLS
    | {w + "s" for w in _VERBS_BEFORE_SYMBOLS}
    | {w + "es" for w in _VERBS_BEFORE_SYMBOLS}
    | frozenset(
        """has have had does do satisfies applies implies varies denotes found shown written chosen
    drawn seen driven taken known given""".split()
    )
)
# Words before a lone noun that show it is a noun: "for any signal $s$", "and tightness $\theta$".
_QUANTIFIERS = frozenset("any each every some all no both either two three several".split())
# Words after which the next word is a verb: "we omit $k$", "can reach $x$", "to compute $x$".
_SUBJECTS = frozenset(
    """we it they he she one i you which that who can could may might must will would shall
    should to not also then first""".split()
)
# Words that modify a symbol rather than name it ("all $i$", "large $n$", "positive $c$").
_MODIFIERS = frozenset(
    """all any each every some no both positive negative nonnegative non-negative real complex
    integer integers natural finite infinite constant optimal total general initial final
    current previous next first second third last top bottom new old true false random
    arbitrary unknown known certain similar corresponding respective even odd uniform dependent
    independent different consistent efficient sufficient equivalent convergent present""".split()
)


def _lone_noun(before: str, word: str) -> bool:
    """Whether one word right before a symbol names it: "at time $t$", "consider program $P$".

    It must look like a noun (no "-ing", "-ed", "-ly", no usual verb or adjective) and not be
    the verb of a subject right before it ("we omit $k$", "to compute $x$").
    """
    w = word.lower()
    words = re.findall(r"[A-Za-z]+|\S", _mask_math(before))
    prev = words[-1].lower() if words else ""
    # After a preposition or a quantifier the word is a noun ("in state $i$", "any set $S$"),
    # even one that can be a verb; after "to" it may still be one ("to compute $x$").
    noun_slot = (prev in _PREPOSITIONS and prev != "to") or prev in _QUANTIFIERS
    if len(w) < 3 or not _looks_like_a_noun(word) or w in _MODIFIERS:
        return False
    if w in _VERB_FORMS and not noun_slot:
        return False
    if (
        w.endswith(("ous", "ful", "less", "ive", "ible", "able", "ic", "al"))
        and w not in _NOUNS_LIKE_ADJECTIVES
    ):
        return False
    if prev in _SUBJECTS or prev in ("there", "here", "-"):
        return False
    if w.endswith("s") and not w.endswith("ss") and re.fullmatch(r"[a-z]+", prev) and prev not in _STOP:
        return False  # "the agent sends $x$": after a noun, a word in "-s" is its verb
    return True


# Nouns with an adjective's ending: "interval $I$", "signal $s$", "metric $d$".
_NOUNS_LIKE_ADJECTIVES = frozenset(
    """interval signal metric topic potential objective individual animal principal rival
    arrival proposal trial terminal capital critic graphic""".split()
)


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
