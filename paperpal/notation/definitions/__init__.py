"""The paper's own definitions of its symbols: "where $z_t$ is the update gate".

Owns: ``find_definitions`` (sentence patterns over text with inline math as ``$...$``) and
``definitions_in`` (the best definition per symbol key across a Document: paragraphs and the
text around display equations).

The package: ``engine`` runs the pattern families (``verb``, ``apposition``, ``table``) over the
sentences (``text``) and formulas (``formulas``) of a paragraph; ``phrases`` and ``words`` are the
noun-phrase reading and the word classes they share; ``definition`` is the value returned. The
learned half: ``candidates`` lists every noun phrase of a symbol's sentence, ``features`` names
what each (symbol, phrase) pair looks like (with the word classes of ``lexicon``), and
``ranker`` scores them with the weights in ``ranker.json`` (both JSON files are written by
``benchmarks/train_definitions.py``).

Must not: guess. Precision comes first, because a wrong definition shown as "the paper says" is
worse than none: every pattern needs an explicit defining verb ("is the", "denotes", "let ...
be") or a noun phrase written right before the symbol ("the update gate $z_t$"), and anything
that looks like a claim about the symbol ("$x$ is small") rather than a naming is left out. The
learned ranker is the one exception to an explicit pattern: it speaks only for symbols the
rules leave unexplained, never names a property or a verb ("$f$ is convex", "we omit $k$"),
and only above a threshold chosen so that its definitions are confirmed as often as the rules'.
Measured on SymLink (``benchmarks/symlink_eval.py``) and on the annotated corpus papers
(``benchmarks/definitions_corpus.py``).

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
- ``table``: a notation table's row, ``$c$ & speed of light \\``.
- ``denoted``: ``DESC is denoted by $X$``, ``we denote DESC by $X$``.
- ``apposition``: ``DESC $X$``, ``DESC ($X$)`` and ``DESC, $X$,``: a noun phrase directly
  before the symbol (a lone word when it reads as a noun: "at time $t$", "consider program
  $P$", never "we omit $k$", "large $p$", "the agent sends $m$"; a comma aside only after a
  determiner; a phrase ending in a modifier, "a different $\\sigma$", names nothing). A plural phrase before a list ("the matrices $A$ and $B$") names each. A
  quantity or collection takes in its "of": "the level of consumption $C$", "a set of sellers
  $S$" (but "the tour of agent $a$" names $a$ the agent). ``a DESC of $X$``, when $X$ is given a
  value or DESC is a compound name: "a beam radius of $w \approx 15$", "a liquidation value of
  $L$" (never after "is": "$n$ is a multiple of $s$"). A symbol written before its noun: a
  count before a plural after a preposition or quantifier ("with $L$ layers": the number of
  layers; not "one in $s$ elements"), a label before a kind ("the $\\gamma$ parameter").
- ``learned``: for a symbol the rules leave unexplained, the noun phrase of its sentence a
  small model ranks first, when its probability is at least the threshold in ``ranker.json``
  ("which belong to gene $j$", "by $\\cc(g)$ the conjugacy class of $g$", "with weight
  matrices $W_q, W_p$"). Its ``confidence`` is that probability. Across a paper
  (``definition_candidates``, ``definitions_in``), a symbol any rule explains keeps only the
  rules' definitions. A whole formula the model names ("the ratios $P(T)/Q(T)$") is keyed by
  its own LaTeX, like a paper's macro.

A formula listing symbols ("where $f_1, f_2$ are ...") is read as one formula per symbol, and a
formula that is one name the symbol splitter does not read as one symbol ("$\\ket{n}$",
"$I_\textrm{A}$", an unexpanded macro of the paper's) is defined under its own LaTeX as key.
Descriptions stop before pointers and conditions ("in Corollary \ref{..}", "\\cite{..}", "for
$1 \\le k \\le l$") and before a bracket they leave open.

Display math inside a paragraph ("$$...$$", "\begin{equation}...") is never part of a
sentence, and ``\\item``, table rows and cells end one; a tie "~" is a space.

Measured on SymLink (``benchmarks/symlink_eval.py --final``, ``benchmarks/results/symlink.json``),
on its final test split (25 whole papers nothing was tuned on): precision 0.83 on symbols the
annotators gave a description, recall 0.41 of annotated symbols (the rules alone: 0.84 and
0.36); on the dev papers the choices were made on, 0.89 and 0.45 (rules 0.89 and 0.39); on the
old held-out fifth (a development set by now), 0.89 and 0.42 (rules 0.90 and 0.36). Precision
counting every prediction stays at 0.48 (the annotation is partial). The ranker's threshold
could go lower for SymLink's sake (0.05: test recall 0.45, precision 0.82), but its extra
definitions land mostly on symbols SymLink does not annotate, where they are mostly wrong, so
the shipped threshold also asks the learned definitions to be confirmed as often as the rules'
(``benchmarks/train_definitions.py``). On the annotated corpus papers
(``benchmarks/definitions_corpus.py``) the learned definitions are right 4 times in 11 judged
by keyword, the rules' 0.59. Recall is the known gap: about a fifth of the annotated symbols are
not in math at all (values with units, plain-text acronyms, blanked formulas) and a quarter are
formulas rather than symbols ("the trivial classes $\\{1_G\\}$"); the rest are mostly
properties ("$q$ is odd"), distant descriptions, and heads the annotators marked inside a
longer description.
"""

from paperpal.notation.definitions.definition import Definition
from paperpal.notation.definitions.engine import definition_candidates, definitions_in, find_definitions

__all__ = ["Definition", "definition_candidates", "definitions_in", "find_definitions"]
