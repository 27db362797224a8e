"""Explanations of terms the glossary does not have, written from the paper's own sentence.

This module owns the wording: it says plainly that the explanation is the paper's ("this
paper's name for ...", "as this paper defines it: ..."), quotes the sentence when the sentence
is all there is, and adds what kind of thing the term is when its last words name a glossary
concept ("simple recurrent unit (SRU)" is a kind of recurrent unit). Nothing here is a guess:
every word comes from the paper or from the glossary entry it names.
"""

from __future__ import annotations

import re

from paperpal.linking.defined import Definition
from paperpal.models import Concept

MAX_QUOTE = 320
_SENTENCE_END = re.compile(r"(?<!\be\.g)(?<!\bi\.e)\.\s+(?=[A-Z])")


def first_sentence(text: str) -> str:
    found = _SENTENCE_END.search(text)
    return text if found is None else text[: found.start() + 1]


def _lower_article(gloss: str) -> str:
    for article in ("A ", "An ", "The "):
        if gloss.startswith(article):
            return article.lower() + gloss[len(article) :]
    return gloss


def _quote(sentence: str) -> str:
    text = " ".join(sentence.split())
    if len(text) > MAX_QUOTE:
        text = text[: MAX_QUOTE - 1].rsplit(" ", 1)[0] + "…"
    return f"“{text}”"


def explain_definition(definition: Definition, kind_of: Concept | None = None) -> str:
    """What to tell the reader about a term only the paper explains."""
    gloss = _lower_article(definition.gloss) if definition.gloss else None
    if definition.kind == "abbreviation":
        long_form = definition.gloss or " ".join(definition.long_form)
        text = f"Short for “{long_form}”, an abbreviation this paper introduces."
    elif definition.kind == "named-thing":
        text = f"{(gloss or 'a name')[:1].upper()}{(gloss or 'a name')[1:]}: this paper refers to it by name and does not describe it further."
    elif definition.own:
        if gloss:
            text = f"This paper's name for {gloss.rstrip('.')}."
        else:
            text = f"A name this paper gives; it introduces it where it says: {_quote(definition.sentence)}"
    elif definition.kind == "defined-as":
        text = (
            f"As this paper defines it: {gloss}."
            if gloss
            else f"Defined in this paper: {_quote(definition.sentence)}"
        )
    elif gloss:
        text = f"As this paper explains it: {gloss.rstrip('.')}."
    else:
        text = f"A term this paper explains where it says: {_quote(definition.sentence)}"
    if kind_of is not None and not definition.own and definition.kind != "abbreviation":
        # A standard term the paper explains in its own context ("the light blue grid is called
        # the input feature map"): the glossary's general sense first, the paper's words after.
        return f"A kind of {kind_of.name}: {first_sentence(kind_of.summary)} {text}"
    if kind_of is not None:
        text += f" It is a kind of {kind_of.name}: {first_sentence(kind_of.summary)}"
    return text
