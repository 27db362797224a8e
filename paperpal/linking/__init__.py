"""Jargon in a paper's prose, linked to glossary concepts, explained, and ranked.

The package finds the terms a reader may not know in a ``Document``'s words (title, abstract,
headings, paragraphs; inline math is skipped) and says what each one is:

1. glossary names and aliases, case-insensitive, with plural and hyphen/space variants, longest
   match first; abbreviations case-sensitive (``forms``) — and only where the paragraph shows the
   glossary's sense is meant (``senses``: "an integral part" is not an integral);
2. terms the paper defines itself — abbreviations it introduces, names it gives ("which we call
   LAX"), its method's name — explained from the paper's own sentence with a confidence
   (``defined``, ``explain``);
3. candidate terms: repeated technical noun phrases nothing explains (``candidates``); with an
   embedder each is linked to its nearest concept when similar enough (``meaning``);
4. all of them ranked by how central they are to the paper, key terms first (``centrality``).

Precision over recall: a reader is better served by a short list that is right than by every
"the results". Text that is not English prose (a translation example, a table row) gives no
terms. Foundation concepts (school knowledge) are not listed as jargon.

Nothing here imports the embedding model at module level; without an embedder, finding terms
is one pass over the words with dictionary look-ups.
"""

from paperpal.linking.defined import defined_abbreviations
from paperpal.linking.meaning import DEFAULT_THRESHOLD, concept_vectors
from paperpal.linking.terms import find_terms
from paperpal.linking.words import singular

__all__ = ["DEFAULT_THRESHOLD", "concept_vectors", "defined_abbreviations", "find_terms", "singular"]
