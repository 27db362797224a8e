"""A paper's reading path: its key ideas and what a reader needs first, in steps.

This module owns turning a paper's ranked terms into a path a person can follow:

- **the default path**: the paper's key concepts (its top-ranked terms, ``TermInfo.key``) plus
  the prerequisites the reader has not marked as known, at most ``MAX_DEPTH`` links below a key
  concept, chosen by how much of the paper needs them until the path holds ``MAX_STEPS``
  entries. Direct prerequisites of key concepts come first, then those the paper itself uses,
  then those most of the key concepts rest on (everything an LSTM and a GRU both need) and the
  specific before the general (a reader is likelier to know "model parameters" than
  "log-likelihood"); one two links down only comes in with the step between it and the key
  concept, or as the one idea a chosen step is built on ("negative log-likelihood" brings
  "log-likelihood");
- **the full path** (``full=True``): every concept the paper uses and all their prerequisites.

Either way each entry is put in one of three steps: ``foundations`` (mathematics: linear
algebra, calculus, probability, statistics, sets and logic, information theory),
``building-blocks`` (the machine-learning ideas the paper builds on) and ``paper`` (the paper's
key concepts and its own terms). Steps come in that order, prerequisites always before what
needs them, and within the last step the paper's own terms (the ones it names or defines) come
last. A term only the paper defines (no glossary entry) is a step of its own, ``paper:<name>``.

It never raises on bad data and reads nothing from disk: the glossary and the terms come in.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from paperpal.glossary.graph import depths, prerequisites, reading_path, requires_map, specificity
from paperpal.glossary.model import Glossary
from paperpal.models import PathGroup, PathStep, TermInfo

MAX_STEPS = 25
MAX_DEPTH = 2
FOUNDATION_DOMAIN = "foundations"
MATH_DOMAINS = frozenset(
    {
        "foundations",
        "sets-logic",
        "linear-algebra",
        "calculus",
        "probability",
        "statistics",
        "information-theory",
    }
)
GROUP_ORDER: dict[PathGroup, int] = {"foundations": 0, "building-blocks": 1, "paper": 2}
GROUP_TITLES: dict[PathGroup, str] = {
    "foundations": "Foundations you need",
    "building-blocks": "The building blocks",
    "paper": "This paper's ideas",
}
# What puts a prerequisite on the default path before another (see the module docstring):
# being a direct prerequisite of a key concept outweighs the rest (in proportion to how central
# that key concept is: the main idea's prerequisites first), then being used in the paper and
# the share of the key concepts that rest on it (weighted the same way).
DIRECT = 10.0
USED_IN_PAPER = 2.0
REACH = 2.0
SPECIFIC = 1.0


def own_step_id(term: TermInfo) -> str:
    """The step id of a term only the paper defines: ``paper:`` and its name as a slug."""
    slug = re.sub(r"[^a-z0-9]+", "-", term.name.lower()).strip("-")
    return f"paper:{slug or 'term'}"


def paper_path(
    terms: Sequence[TermInfo],
    glossary: Glossary,
    known: Collection[str] = (),
    *,
    full: bool = False,
    hide_known: bool = False,
) -> tuple[PathStep, ...]:
    """The paper's reading path (see the module docstring); ``terms`` most central first."""
    requires = requires_map(glossary)
    known_set = frozenset(known)
    used = list(dict.fromkeys(c for t in terms for c in (t.concept, t.kind_of) if c and c in requires))
    key = list(
        dict.fromkeys(c for t in terms if t.key for c in (t.concept or t.kind_of,) if c and c in requires)
    )
    own_concepts = {t.concept for t in terms if t.own and t.concept}
    own_terms = [t for t in terms if t.key and t.concept is None and t.explanation and (t.own or t.defined)]

    if full:
        chosen = [s.concept for s in reading_path(used, glossary, known_set, hide_known=hide_known)]
    else:
        weight = _key_weights(terms, key)
        chosen = key + _prerequisites(
            key, used, requires, glossary, known_set, MAX_STEPS - len(key) - len(own_terms), weight
        )
        if hide_known:
            chosen = [c for c in chosen if c not in known_set]
    on_path = set(chosen)
    groups = _groups(chosen, set(key), requires, glossary)
    depth = depths(requires)
    rank = {c: i for i, c in enumerate(chosen)}
    preferred = sorted(
        chosen,
        key=lambda c: (GROUP_ORDER[groups[c]], c in own_concepts, depth.get(c, 0), rank[c]),
    )
    ordered = _topological(preferred, {c: [r for r in requires.get(c, ()) if r in on_path] for c in chosen})
    used_set = set(used)
    steps = [
        PathStep(
            concept=c,
            name=glossary.concepts[c].name,
            known=c in known_set,
            summary=glossary.concepts[c].summary,
            in_paper=c in used_set,
            group=groups[c],
            key=c in key,
            own=c in own_concepts,
            requires=tuple(r for r in requires.get(c, ()) if r in on_path),
        )
        for c in ordered
    ]
    for term in own_terms:
        parent = term.kind_of if term.kind_of in on_path else None
        steps.append(
            PathStep(
                concept=own_step_id(term),
                name=term.name,
                known=False,
                summary=term.explanation or "",
                in_paper=True,
                group="paper",
                key=True,
                own=True,
                requires=(parent,) if parent else (),
            )
        )
    return tuple(steps)


def _key_weights(terms: Sequence[TermInfo], key: list[str]) -> dict[str, float]:
    """Each key concept's centrality as a share of the most central one's (1.0 when unknown)."""
    values: dict[str, float] = {}
    for term in terms:
        concept = term.concept or term.kind_of
        if concept in key and term.centrality is not None and concept not in values:
            values[concept] = term.centrality
    top = max(values.values(), default=0.0)
    return {c: (values[c] / top if top > 0 and c in values else 1.0) for c in key}


def _prerequisites(
    key: list[str],
    used: list[str],
    requires: dict[str, tuple[str, ...]],
    glossary: Glossary,
    known: frozenset[str],
    budget: int,
    weight: dict[str, float] | None = None,
) -> list[str]:
    """The prerequisites of the key concepts worth a place on a short path, best first.

    ``weight``: how central each key concept is to the paper (1 for the most central); a direct
    prerequisite of the paper's main idea outranks one of an idea it only uses in passing.
    """
    weight = weight or {}
    distance: dict[str, int] = {}
    needed_by: dict[str, set[str]] = {}
    frontier = list(key)
    seeds = set(key)
    for level in range(1, MAX_DEPTH + 1):
        following: list[str] = []
        for node in frontier:
            for prerequisite in requires.get(node, ()):
                concept = glossary.concepts.get(prerequisite)
                if prerequisite in seeds or prerequisite in known or concept is None:
                    continue
                if concept.domain == FOUNDATION_DOMAIN:
                    continue  # school knowledge: on the full path only
                if prerequisite not in distance:
                    distance[prerequisite] = level
                    following.append(prerequisite)
                if distance[prerequisite] == level:
                    needed_by.setdefault(prerequisite, set()).add(node)
        frontier = following
    closure = {seed: set(prerequisites([seed], requires, stop=known)) for seed in key}
    used_set = set(used)
    seed_rank = {seed: i for i, seed in enumerate(key)}
    specific = specificity(requires)
    total = sum(weight.get(seed, 1.0) for seed in key) or 1.0

    def priority(concept: str) -> tuple[float, float]:
        # The share of the key ideas (weighted by how central each is) that rest on it.
        reach = sum(weight.get(seed, 1.0) for seed in key if concept in closure[seed]) / total
        direct = max((weight.get(n, 1.0) for n in needed_by[concept]), default=1.0)
        score = (
            DIRECT * direct * (distance[concept] == 1)
            + USED_IN_PAPER * (concept in used_set)
            + REACH * reach
            + SPECIFIC * specific.get(concept, 0.0)
        )
        first_seed = min((seed_rank[s] for s in key if concept in closure[s]), default=len(key))
        return score, -first_seed

    chosen: list[str] = []
    included = set(key)
    while len(chosen) < budget:
        eligible = [c for c in distance if c not in included and needed_by[c] & included]
        if not eligible:
            break
        best = max(eligible, key=priority)
        chosen.append(best)
        included.add(best)
        # A step built on one idea alone is a refinement of it ("negative log-likelihood" is
        # minus the log-likelihood): that idea comes with it.
        core = [r for r in requires.get(best, ()) if r not in known and r in glossary.concepts]
        if len(core) == 1 and core[0] not in included and len(chosen) < budget:
            if glossary.concepts[core[0]].domain != FOUNDATION_DOMAIN:
                chosen.append(core[0])
                included.add(core[0])
    return chosen


def _groups(
    chosen: list[str], key: set[str], requires: dict[str, tuple[str, ...]], glossary: Glossary
) -> dict[str, PathGroup]:
    """Each concept's step, raised where needed so that no step needs a later one."""
    on_path = set(chosen)
    group: dict[str, PathGroup] = {}
    for concept in chosen:
        if concept in key:
            group[concept] = "paper"
        elif glossary.concepts[concept].domain in MATH_DOMAINS:
            group[concept] = "foundations"
        else:
            group[concept] = "building-blocks"
    depth = depths(requires)
    for concept in sorted(chosen, key=lambda c: depth.get(c, 0)):
        for prerequisite in requires.get(concept, ()):
            if prerequisite in on_path and GROUP_ORDER[group[prerequisite]] > GROUP_ORDER[group[concept]]:
                group[concept] = group[prerequisite]
    return group


def _topological(preferred: list[str], needs: dict[str, list[str]]) -> list[str]:
    """``preferred`` reordered as little as needed for every concept to follow its prerequisites."""
    placed: list[str] = []
    done: set[str] = set()
    waiting = list(preferred)
    while waiting:
        ready = next((i for i, c in enumerate(waiting) if all(n in done for n in needs.get(c, ()))), None)
        # None: a cycle (reported by `glossary check`): take the first and go on.
        concept = waiting.pop(ready or 0)
        placed.append(concept)
        done.add(concept)
    return placed
