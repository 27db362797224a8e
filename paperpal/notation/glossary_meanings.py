"""What the glossary says a symbol is in this paper: the sense the evidence selects, as one
candidate meaning with the features the confidence model of ``claims`` weighs.

A sense is selected by evidence around the symbol (cue words and LaTeX near it, its display
equations counting fully, its inline uses half; whether it is applied to an argument) and across
the paper (the concepts its prose uses, its arXiv categories). A field's own sense needs
evidence around the symbol itself. Operators are named ("Elementwise product: ..."); a variant
with a naming script the entry does not spell (theta_g) is read generically and never stated.

Must not: read the paper's definitions or choose between candidates (``meanings.choose`` does).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from paperpal.glossary.model import Glossary
from paperpal.mathtokens import tokenize
from paperpal.models import GlossarySymbol, PaperContext, Sense
from paperpal.notation.claims import Candidate
from paperpal.notation.paper_meanings import content_words, gist
from paperpal.notation.symbol_group import SymbolGroup

_FIXED_KINDS = frozenset({"operator", "function", "relation", "set", "constant", "delimiter"})


def _token_values(latex: str) -> list[str]:
    return [t.value for t in tokenize(latex) if t.kind not in ("space", "comment")]


@dataclass(frozen=True, slots=True)
class SenseEvidence:
    """What speaks for one sense: around the symbol itself (cue words next to it, cue LaTeX in
    its formulas, its use as a function) and across the paper (concepts it uses, its fields)."""

    local: float = 0.0
    paper: float = 0.0

    @property
    def total(self) -> float:
        return self.local + self.paper


# Concept domains whose symbol senses belong to one kind of model or field (h-tilde as a GRU's
# candidate, z as an update gate, Q as a query matrix): such a sense is stated only when the
# symbol's own surroundings show that field's marks. Senses from the other domains (a weight
# matrix, a dimension, a probability) are general readings. A sense can say so itself with
# ``specific = true``.
SPECIFIC_DOMAINS = frozenset(
    """attention sequence-models reinforcement-learning generative-models optimization
    computer-vision natural-language information-theory statistics""".split()
)


def is_specific(entry: GlossarySymbol, sense: Sense, glossary: Glossary) -> bool:
    if sense.specific:
        return True
    if entry.kind != "letter" or not sense.denotes:
        return False
    concept = glossary.concept(sense.denotes)
    return concept is not None and concept.domain in SPECIFIC_DOMAINS


def sense_evidence(entry: GlossarySymbol, group: SymbolGroup, context: PaperContext) -> list[SenseEvidence]:
    """How much evidence selects each sense of ``entry`` for this symbol in this paper.

    Cues that look like LaTeX (or a lone letter) must appear in the math, token for token ("a"
    is not found inside "\\alpha"); word cues are matched in the sentences around the symbol. A
    concept the paper uses and an arXiv category the sense belongs to count too; a sense that
    names its fields is unlikely in a paper of none of them. ``applied`` must fit the symbol's use.
    """
    # Evidence around the symbol's display equations counts fully, around its inline uses half:
    # the decoder explains what a symbol is in the equations.
    views = []
    for displayed in (True, False):
        chosen = [i for i, d in enumerate(group.displayed) if d == displayed]
        math = " " + " ".join(" ".join(_token_values(group.math[i])) for i in chosen) + " "
        views.append((1.0 if displayed else 0.5, math, " ".join(group.text[i] for i in chosen).lower()))
    applied = sum(1 for o in group.occurrences if o.applied) * 2 > len(group.occurrences)
    categories = _categories(context)
    out: list[SenseEvidence] = []
    for sense in entry.senses:
        local = 0.0
        for cue in sense.cues:
            if not cue:
                continue
            found = 0.0
            for weight, math, lowered in views:
                if cue.isalpha() and len(cue) >= 3:
                    if re.search(rf"\b{re.escape(cue.lower())}", lowered) or f" {cue} " in math:
                        found = max(found, weight)
                elif " " + " ".join(_token_values(cue)) + " " in math:
                    # A lone letter nearby is weak evidence (H is not always a height).
                    found = max(found, weight * (0.5 if len(cue) == 1 else 1))
            local += found
        if sense.applied is not None:
            local += 1.5 if sense.applied == applied else -1.5
        paper = 0.0
        if _sense_concepts(sense) & context.concepts:
            paper += 1
        if sense.fields and context.categories:
            paper += 0.5 if {f.lower() for f in sense.fields} & categories else -1
        out.append(SenseEvidence(local, paper))
    return out


def _categories(context: PaperContext) -> set[str]:
    return {c.lower() for c in context.categories} | {c.split(".")[0].lower() for c in context.categories}


def _sense_concepts(sense: Sense) -> set[str]:
    return {*sense.concepts, *([sense.denotes] if sense.denotes else [])}


def choose_sense(entry: GlossarySymbol, evidence: list[SenseEvidence], specific: list[bool]) -> int | None:
    """The index of the sense the evidence selects; the first is the default, and another needs
    real evidence (a score of 1) to displace it. A field's own sense needs evidence around the
    symbol itself; without it a general sense is taken when there is one. None: no senses."""
    if not entry.senses:
        return None
    scores = [e.total for e in evidence]
    best = max(range(len(scores)), key=lambda i: (scores[i], -i))
    if best != 0 and scores[best] < 1:
        best = 0
    if specific[best] and evidence[best].local <= 0:
        general = [i for i in range(len(scores)) if not specific[i] and scores[i] >= 0]
        if general:
            return general[0]
    return best


def named_meaning(entry: GlossarySymbol, sense: Sense, glossary: Glossary) -> str:
    """The sense's meaning, led by the name a reader can look up when it does not say it."""
    text = sense.meaning.strip()
    if entry.kind in ("letter", "accent", "font") or is_hedge(text):
        return text  # a letter's entry is named after the letter; its senses name themselves
    if len(entry.senses) > 1:
        return text  # the entry's name covers all its senses; a sense's concept may be only related
    concept = glossary.concept(sense.denotes) if sense.denotes else None
    name = entry.name
    if not name or len(name) < 3:
        return text

    def squash(s: str) -> str:
        return re.sub(r"[\s\-]+", "", s.lower())

    if squash(name) in squash(text) or any(
        squash(a) in squash(text[:60]) for a in (concept.aliases if concept else ())
    ):
        return text
    first = text[:1].lower() + text[1:] if text[1:2].islower() else text
    return f"{name[:1].upper()}{name[1:]}: {first}"


def naming_label(key: str) -> str | None:
    """The naming script of ``key`` as a reader sees it: "g" for "\\theta_g", "REINFORCE"."""
    from paperpal.notation.render import to_unicode
    from paperpal.notation.symbols import extract_symbols

    occs = extract_symbols(key)
    if not occs:
        return None
    occ = occs[0]
    script = occ.subscript if occ.subscript_role == "name" else None
    if script is None and occ.superscript_role == "name":
        script = occ.superscript
    if not script:
        return None
    label = to_unicode(script).replace("{", "").replace("}", "").strip()
    return label or None


def _naming_script(key: str, entry: GlossarySymbol) -> bool:
    """The key carries a naming script the entry does not spell ("\\theta_g" looked up as theta)."""
    compact = {re.sub(r"\s+", "", x) for x in entry.latex}
    return re.sub(r"\s+", "", key) not in compact and bool(re.search(r"[_^]", key))


def glossary_candidate(
    entry: GlossarySymbol,
    group: SymbolGroup,
    glossary: Glossary,
    context: PaperContext,
    *,
    paper_talks: bool,
    paper_words: set[str] | None = None,
    owner: tuple[str, str] | None = None,
) -> tuple[Candidate, Sense] | None:
    """The glossary's candidate meaning of the symbol and the sense it comes from.

    ``owner`` is the function a one-letter naming script names (("G", "the generator") for
    theta_g in a paper that applies G(z) and says what G is), known only for such symbols.
    """
    evidence = sense_evidence(entry, group, context)
    specific = [is_specific(entry, sense, glossary) for sense in entry.senses]
    index = choose_sense(entry, evidence, specific)
    if index is None:
        return None
    sense = entry.senses[index]
    score = evidence[index].total
    others = [e.total for i, e in enumerate(evidence) if i != index]
    margin = score - max(others) if others else score
    field_match = 0.0
    if sense.fields and context.categories:
        field_match = 1.0 if {f.lower() for f in sense.fields} & _categories(context) else -1.0
    concepts = _sense_concepts(sense)
    unsupported = specific[index] and evidence[index].local <= 0
    features = {
        "letter": 1.0 if entry.kind == "letter" else 0.0,
        "family": 1.0 if entry.kind in ("font", "accent") else 0.0,
        "fixed": 1.0 if entry.kind in _FIXED_KINDS else 0.0,
        "multi": 1.0 if len(entry.senses) > 1 else 0.0,
        "cues": max(0.0, min(score, 3.0)) / 3,
        "margin": max(-1.0, min(margin, 3.0)) / 3,
        "concept": 1.0 if concepts & context.concepts else 0.0,
        "field_match": field_match,
        "specific": 1.0 if specific[index] else 0.0,
        "local": max(-1.0, min(evidence[index].local, 3.0)) / 3,
        "default_no_evidence": 1.0 if len(entry.senses) > 1 and index == 0 and score <= 0 else 0.0,
        "naming_script": 1.0 if _naming_script(group.key, entry) else 0.0,
        "paper_talks": 1.0 if paper_talks else 0.0,
        "alone": 1.0 if group.alone else 0.0,
        "agrees": 1.0 if paper_words and content_words(gist(sense.meaning)) & paper_words else 0.0,
    }
    meaning = named_meaning(entry, sense, glossary)
    label = naming_label(group.key) if features["naming_script"] else None
    features["owner"] = 1.0 if label and owner and label == owner[0].lower() else 0.0
    # "hat: an estimate" is typography, not a fact; a field's sense with nothing of the field
    # around the symbol is a guess.
    generic = entry.kind in ("accent", "font") or unsupported
    if label and not is_hedge(meaning):
        # "\theta_g" looked up as theta: the entry says what theta is, the label says which one.
        if features["owner"] and owner:
            # theta_g beside a function G(z) the paper names: G's parameters, G's loss.
            meaning = f"{gist(meaning).rstrip('.')}; here {owner[0]}'s ({owner[1]})"
            generic = generic or entry.kind != "letter"
        else:
            meaning = f"{gist(meaning).rstrip('.')}; here the one labelled {label}"
            # W_1 is still a weight matrix; whose parameters theta_g are, the glossary cannot know
            # unless the label names a function of the paper (above).
            generic = generic or not label.isdigit() or entry.kind != "letter"
    candidate = Candidate(meaning, "glossary", features, priority=1, hedge=is_hedge(meaning), generic=generic)
    return candidate, sense


_HEDGE = re.compile(r"^(?:an?|the)\s+(?:\w+\s+){0,3}the paper (?:defines|introduces)", re.I)


def is_hedge(meaning: str) -> bool:
    """ "A quantity the paper defines; commonly ...": a glossary sense that is itself a hedge."""
    return bool(_HEDGE.match(meaning.strip()))
