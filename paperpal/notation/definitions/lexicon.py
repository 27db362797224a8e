"""Which words of scientific prose are verbs, adjectives or nouns, learned from how they are used.

Owns: ``build_lexicon`` (count, over plain text, the contexts that give a word's class away:
after "we"/"can"/"to" a word is a verb, "is positive ." or "are independent ," is an
adjective, a word that follows a determiner but never ends its phrase ("a random ...", "the
fixed ...") modifies, one that does ("the function of", "a state .") names) and ``word_class``
(the class ``lexicon.json`` records for a word, or None).

``lexicon.json`` is written by ``benchmarks/train_definitions.py`` from the SymLink training and
development papers' text (labels are not used), so the definition finder can tell "$q$ is close
to ..." from "$q$ is the cost" without a part-of-speech tagger.

Must not: decide anything about definitions (``features`` and ``ranker`` do).
"""

from __future__ import annotations

import functools
import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

from paperpal.notation.definitions.candidates import tokens
from paperpal.notation.definitions.formulas import mask_math

_FILE = Path(__file__).with_name("lexicon.json")
MIN_SEEN = 3  # contexts a word needs before it gets a class
VERB_BEFORE = frozenset(
    "we they it can could may might will would should must to cannot does do did not also which who".split()
)
DETERMINERS = frozenset("the a an this these those each every its their our his her any some no".split())
COPULAS = frozenset("is are be was were been very more most less so too remains becomes being".split())
PHRASE_END = frozenset(", . ; : ) and or but for than to when if in with as at on by of is are".split())


def build_lexicon(texts: Iterable[str]) -> dict[str, str]:
    """word -> "verb" | "adj" | "noun", for the words seen often enough to tell."""
    seen: dict[str, Counter[str]] = defaultdict(Counter)
    for text in texts:
        toks = tokens(mask_math(text))
        for i in range(1, len(toks)):
            t = toks[i]
            if t.kind != "word" or t.text == "'s":
                continue
            prev = toks[i - 1].text
            after = toks[i + 1] if i + 1 < len(toks) else None
            ends = after is None or after.kind == "math" or after.text in PHRASE_END
            if prev in VERB_BEFORE:
                seen[t.text]["verb"] += 1
            if prev in DETERMINERS:
                seen[t.text]["after_det"] += 1
                if ends:
                    seen[t.text]["noun"] += 1
            if prev in COPULAS and ends:
                seen[t.text]["adj"] += 1
    out: dict[str, str] = {}
    for word, c in seen.items():
        total = c["verb"] + c["after_det"] + c["adj"]
        if total < MIN_SEEN:
            continue
        if c["verb"] >= 0.5 * total:
            out[word] = "verb"
        elif c["adj"] >= 0.3 * total or (c["after_det"] >= 10 and c["noun"] <= 0.1 * c["after_det"]):
            out[word] = "adj"
        elif c["noun"] >= 1:
            out[word] = "noun"
    return dict(sorted(out.items()))


@functools.cache
def _lexicon() -> dict[str, str]:
    if not _FILE.is_file():
        return {}
    data = json.loads(_FILE.read_text(encoding="utf-8"))
    return {w: cls for cls, words in data["classes"].items() for w in words}


def word_class(word: str) -> str | None:
    return _lexicon().get(word)
