"""What a paper's own sentences say a symbol is: one candidate meaning per distinct description,
with the features the confidence model of ``claims`` weighs (the defining pattern, whether the
formula is the symbol itself, a vague or odd description, agreement, nearness to a display).

Also the small text helpers the glossary side shares: ``content_words``, ``gist``,
``says_the_same`` and ``readable`` (a description with its formulas in Unicode).

Must not: look in the glossary or choose between candidates (``meanings.choose`` does).
"""

from __future__ import annotations

import re

from paperpal.notation.claims import Candidate
from paperpal.notation.definitions import Definition
from paperpal.notation.symbol_group import SymbolGroup
from paperpal.notation.symbols import extract_symbols

# Heads that name no thing: "the notation $y = ...$", "to the power $t$", "the case $n = 1$".
_EMPTY_HEADS = frozenset(
    """notation power case cases way form example examples instance hypothesis question result
    results following above below setting settings choice choices fact idea approach step
    steps section figure table equation expression formula term terms sense manner point""".split()
)
# Heads that say only what kind of thing a symbol is ("learned parameters", "a matrix"): true,
# but a reader learns little, and a glossary sense may say more.
_VAGUE_HEADS = frozenset(
    """parameter parameters matrix matrices vector vectors scalar scalars function functions
    variable variables value values quantity quantities constant constants element elements
    tensor tensors number numbers set sets hyperparameter hyperparameters mapping input inputs
    output outputs operator operators map maps notation symbol symbols distribution distributions
    model models network networks method methods term terms variant variants""".split()
)
_CAPTION = re.compile(
    r"^\s*(?:fig(?:ure)?\.?|table|tab\.|(?:top|bottom|upper|lower)\s*(?:left|right|row|panel)?\s*:|"
    r"(?:left|right|middle)\s*(?:column|panel)?s?\s*:|\(\s*[a-z]\s*\))",
    re.I,
)
_WORD = re.compile(r"[A-Za-z][A-Za-z\-']*")


def _words(description: str) -> list[str]:
    return _WORD.findall(re.sub(r"\$[^$]*\$", " ", description))


def _head(description: str) -> str:
    """The head noun of a description, roughly: its last word before "of"/a clause."""
    words = _words(re.split(r"\s(?:of|for|in|on|at|with|from|by|to|that|which|whose)\s", description)[0])
    return words[-1].lower() if words else ""


def _bare_formula(d: Definition) -> bool:
    """The formula is the symbol itself, maybe introduced with a set or a type ("x \\in X")."""
    formula = re.sub(r"\s+", "", d.formula)
    symbol = re.sub(r"\s+", "", d.symbol)
    if formula == symbol or formula.strip("{}") == symbol:
        return True
    rest = formula[len(symbol) :] if formula.startswith(symbol) else ""
    return bool(re.match(r"\\(?:in|subset|subseteq|colon)(?![A-Za-z])|:", rest))


def _valued(d: Definition) -> bool:
    """ "$N = 2$", "$u_0 = 0$", "$\\mathbf{x} = G(\\mathbf{z})$": the formula says what it equals."""
    return not _bare_formula(d) and bool(re.search(r"=|\\approx|<|>|\\leq?|\\geq?", d.formula))


def _specific_form(d: Definition, group: SymbolGroup) -> bool:
    """The definition is of one instance ("$u_0$", "$h_{t-1}$", "$\\beta_1^t$"), not the symbol."""
    occs = extract_symbols(d.symbol)
    if not occs:
        return False
    occ = occs[0]
    if occ.superscript and occ.superscript_role == "power":
        return True  # "$g_t^2$": a power of the symbol, not the symbol
    if not occ.subscript:
        return False
    sub = occ.subscript.replace(" ", "").strip("{}")
    if re.search(r"\\[lc]?dots|\.\.\.|:", sub):
        return True  # "$x_{1...N}$": a range of them, the whole set rather than one
    if re.fullmatch(r"[0-9]+", sub) and len({o.latex for o in group.occurrences}) > 1:
        others = [o.subscript for o in group.occurrences if o.subscript and not o.subscript.isdigit()]
        return bool(others)  # u_0 among u_t: the start value, not u
    return bool(re.search(r"[-+]\s*[0-9]", sub))


def _odd(description: str, head: str) -> bool:
    """A description that does not read as a name: "This hypothesis", "further explore", "a single"."""
    words = _words(description)
    if not words:
        return True
    if head in _EMPTY_HEADS:
        return True
    first = words[0]
    if first[:1].isupper() and not first.isupper() and first.lower() in ("this", "these", "that", "it", "we"):
        return True
    if head.endswith(("ly", "ed")) or head in ("single", "non-linear", "nonlinear", "same", "explore"):
        return True
    return len(words) == 1 and words[0].lower() in ("further", "also", "then", "thus")


_FUNCTION_WORDS = frozenset(
    """the a an of in on at to for from by with and or its their this that these those is are be
    which what how each every one two some any all used use uses using value values number
    numbers function functions vector vectors matrix matrices quantity quantities paper defines
    defined usually often commonly such as""".split()
)


def content_words(text: str) -> set[str]:
    """The words of ``text`` that carry meaning, crudely stemmed: "the learned biases" -> {learn, bias}."""
    out = set()
    for w in _words(text.lower()):
        if w in _FUNCTION_WORDS or len(w) < 3:
            continue
        for suffix in ("ings", "ing", "ies", "es", "ed", "s"):
            if w.endswith(suffix) and len(w) - len(suffix) >= 3:
                w = w[: -len(suffix)]
                break
        out.add(w)
    return out


def readable(description: str) -> str:
    """A description as the reader sees it: its inline formulas in Unicode ("the $N \\times N$
    matrix" -> "the N×N matrix"), never LaTeX."""
    from paperpal.notation.render import to_unicode

    return re.sub(r"\$([^$]+)\$", lambda m: to_unicode(m.group(1)), description)


def says_the_same(paper: str, glossary_meaning: str) -> bool:
    """Whether the paper's description names what the glossary sense names, and says more than a
    bare word: it has two content words or more, one of them the head of the sense's gist
    ("an update gate" and "The update gate: ..."; not "time" for "The current time step")."""
    words = content_words(paper)
    named = gist(glossary_meaning)
    head = content_words(_head(named)) if _head(named) else set()
    return len(words) >= 2 and bool(head) and head <= words and _head(paper) not in _VAGUE_HEADS


def gist(meaning: str) -> str:
    """The part of a glossary meaning that names the thing: up to its first colon or full stop."""
    return re.split(r":\s|\.\s|;\s", meaning, maxsplit=1)[0]


def paper_candidates(
    group: SymbolGroup, definitions: list[Definition], source: str, glossary_gist: str = ""
) -> list[Candidate]:
    """One candidate per distinct description the paper gives for the symbol."""
    heads = [_head(d.description) for d in definitions]
    strong = [h for d, h in zip(definitions, heads, strict=True) if d.pattern in ("verb", "table", "denoted")]
    out: list[Candidate] = []
    seen: set[str] = set()
    for d, head in zip(definitions, heads, strict=True):
        text = d.description.strip()
        if text.lower() in seen:
            continue
        seen.add(text.lower())
        agree = sum(1 for h in heads if h == head) - 1
        conflict = any(h != head and h not in _VAGUE_HEADS for h in strong) and head not in strong
        features = {
            "finder": d.confidence,
            "verb": 1.0 if d.pattern in ("verb", "table", "denoted") else 0.0,
            "learned": 1.0 if d.pattern == "learned" else 0.0,
            "bare": 1.0 if _bare_formula(d) else 0.0,
            "valued": 1.0 if _valued(d) else 0.0,
            "specific_form": 1.0 if _specific_form(d, group) else 0.0,
            "words": min(len(_words(text)), 8) / 8,
            "vague": 1.0 if head in _VAGUE_HEADS else 0.0,
            "odd": 1.0 if _odd(text, head) else 0.0,
            "caption": 1.0 if _CAPTION.match(d.sentence) else 0.0,
            "agree": min(agree, 2) / 2,
            "conflict": 1.0 if conflict else 0.0,
            "near_display": 1.0 if d.near_display and d.block in group.equations else 0.0,
            "same_section": 1.0 if d.section is not None and d.section in group.sections else 0.0,
            "first": 1.0 if d is definitions[0] else 0.0,
            "agrees": 1.0 if content_words(text) & content_words(glossary_gist) else 0.0,
            "pdf": 1.0 if source == "pdf" else 0.0,
            "in_equations": 1.0 if group.equations else 0.0,
        }
        out.append(Candidate(readable(text), "paper", features, evidence=d.sentence, priority=2))
    return out
