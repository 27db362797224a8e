"""The paper's own definitions entered into the form index, before the words are scanned.

Owns: deciding what each definition the paper makes (``defined.find_definitions``) stands for: a
glossary concept ("gated recurrent unit (GRU)" joins the GRU entry), a variant of one ("AdaMax,
a variant of Adam"), or a term of the paper's own ("which we call RELAX"), and teaching the
index the paper's forms of it (its abbreviation, its name). Where the paper spells out an
abbreviation the glossary uses for something else ("maximum-likelihood (ML)"), the paper wins.

Must not: scan the text for uses (``terms.py`` does) or explain anything.
"""

from __future__ import annotations

from collections.abc import Sequence

from paperpal.glossary.model import Glossary
from paperpal.linking.defined import Definition
from paperpal.linking.forms import FormIndex, Hit
from paperpal.linking.words import STOPWORDS, is_abbreviation, singular, split_form


def register_definitions(
    definitions: list[Definition], index: FormIndex, glossary: Glossary
) -> tuple[dict[str, list[Definition]], dict[str, str]]:
    """Each definition's target (a concept, or the paper's own term), added to the index, and
    the paper's terms that are variants of a glossary concept (target -> concept id).

    An abbreviation whose long form the glossary knows joins that concept ("gated recurrent unit
    (GRU)"); any other defined term becomes a term of its own, counted with its abbreviation.
    A name the paper introduces as a variant of a concept ("AdaMax, a variant of Adam") is its
    own term even where a glossary alias lumps it in with that concept.
    """
    by_target: dict[str, list[Definition]] = {}
    variants: dict[str, str] = {}
    # Names first, so that "a linear surrogate RNN (LS-RNN)" joins the paper's own term.
    for definition in sorted(definitions, key=lambda d: d.kind == "abbreviation"):
        if definition.kind == "abbreviation" and definition.abbreviation:
            abbreviation = definition.abbreviation
            long_hits = index.lookup(list(definition.long_form))
            known = index.lookup([abbreviation])
            if known and long_hits and long_hits[0].target != known[0].target:
                # The paper spells out what its abbreviation stands for, and the glossary's
                # abbreviation names something else ("maximum-likelihood (ML)" is not machine
                # learning): the paper's long form decides.
                known = []
            elif (
                known
                and not long_hits
                and not _shares_a_word(definition.long_form, known[0].target, glossary)
            ):
                known = []  # a long form the glossary does not know: the paper's own term
            if known:
                target = known[0].target
            elif long_hits:
                target = long_hits[0].target
                index.set_exact((abbreviation,), [Hit(target, "abbreviation", 1)])
            else:
                target = "candidate:" + " ".join(singular(w) for w in definition.long_form)
                index.add(" ".join(definition.long_form), target, "candidate", case_sensitive=False)
                index.set_exact((abbreviation,), [Hit(target, "abbreviation", 1)])
            by_target.setdefault(target, []).append(definition)
            continue
        words = split_form(definition.term)
        if not words:
            continue
        hits = index.lookup(words)
        parent = _variant_of(definition, hits, glossary)
        coined = _coined_over_alias(definition, hits)
        if hits and parent is None and not coined:
            # A name the glossary has as a concept's own name is that concept, defined here too.
            if definition.kind != "named-thing" or hits[0].match == "name":
                by_target.setdefault(hits[0].target, []).append(definition)
            continue
        target = "candidate:" + " ".join(singular(w) for w in words)
        exact = is_abbreviation(definition.term) or (len(words) == 1 and not definition.term.islower())
        if parent is not None or coined:
            if parent is not None:
                variants[target] = parent
            own = [Hit(target, "defined", len(words))]
            if exact:
                index.set_exact(tuple(words), own)
            else:
                index.set_folded(tuple(singular(w) for w in words), own)
        index.add(definition.term, target, "defined", case_sensitive=exact)
        by_target.setdefault(target, []).append(definition)
    return by_target, variants


def _shares_a_word(long_form: Sequence[str], concept_id: str, glossary: Glossary) -> bool:
    """Whether the paper's long form of an abbreviation shares a word with the concept the
    glossary's abbreviation names ("recurrent nets (RNNs)" and "recurrent neural network")."""
    concept = glossary.concepts.get(concept_id)
    if concept is None:
        return True  # a paper's own term: nothing to contradict
    said = {singular(w.lower()) for w in long_form if w.lower() not in STOPWORDS}
    names = [concept.name, *concept.aliases]
    return any(said & {singular(w.lower()) for w in split_form(name)} for name in names)


def _coined_over_alias(definition: Definition, hits: list[Hit]) -> bool:
    """A name the paper coins ("which we call RELAX") that the glossary knows only as another
    concept's alias or abbreviation: the paper's own definition is the one to trust."""
    return (
        definition.own and definition.kind != "title" and bool(hits) and all(h.match != "name" for h in hits)
    )


def _variant_of(definition: Definition, hits: list[Hit], glossary: Glossary) -> str | None:
    """The concept a paper's own name is a variant of, when a glossary alias (not the concept's
    own name) claims the name and the paper's gloss names that concept ("a variant of Adam")."""
    if not (definition.own and definition.gloss and hits) or hits[0].match == "name":
        return None
    concept = glossary.concepts.get(hits[0].target)
    if concept is None:
        return None
    gloss = set(split_form(definition.gloss))
    names = {concept.name, *concept.abbreviations}
    return concept.id if any(set(split_form(n)) <= gloss for n in names if n) else None
