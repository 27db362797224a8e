"""The prerequisite graph: reading paths, cycles and reachability.

This module owns everything computed from the concepts' ``requires`` edges: the transitive
prerequisites of a set of concepts, a learnable order for them (a reading path), and the graph
checks ``check`` reports (cycles, concepts not reachable from the foundations). It never reads
files and never raises on bad data: a reference to a missing concept is skipped and a cycle is
broken where it is found, because ``paperpal glossary check`` is where those get reported.

The order of a reading path: a concept's depth is the length of the longest chain of
prerequisites under it, so sorting by depth always puts prerequisites first. Among concepts of
equal depth the one met first wins, walking the paper's concepts in the order the paper uses
them and each one's prerequisites in the order they are listed. The result reads like a
syllabus: foundations, then what builds on them, with the paper's own ideas in their order.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence

from paperpal.glossary.model import Glossary
from paperpal.models import PathStep

Requires = Mapping[str, Sequence[str]]


def requires_map(glossary: Glossary) -> dict[str, tuple[str, ...]]:
    """Each concept's direct prerequisites that exist in the glossary."""
    concepts = glossary.concepts
    return {cid: tuple(r for r in c.requires if r in concepts) for cid, c in concepts.items()}


def depths(requires: Requires) -> dict[str, int]:
    """Longest prerequisite chain under each concept (0 for a foundation); cycles are cut."""
    depth: dict[str, int] = {}
    for start in requires:
        if start in depth:
            continue
        # Iterative depth-first walk: a deep or cyclic graph must not hit the recursion limit.
        on_stack: set[str] = {start}
        stack: list[tuple[str, int]] = [(start, 0)]
        while stack:
            node, index = stack[-1]
            children = requires.get(node, ())
            if index < len(children):
                stack[-1] = (node, index + 1)
                child = children[index]
                if child not in depth and child not in on_stack and child in requires:
                    on_stack.add(child)
                    stack.append((child, 0))
                continue
            stack.pop()
            on_stack.discard(node)
            below = [depth[c] for c in children if c in depth]
            depth[node] = 1 + max(below) if below else 0
    return depth


def prerequisites(concept_ids: Iterable[str], requires: Requires, *, stop: Collection[str] = ()) -> list[str]:
    """The concepts and all their transitive prerequisites, in first-met order.

    A concept in ``stop`` is neither included nor walked through (its prerequisites appear only
    when something else needs them).
    """
    order: dict[str, None] = {}
    for seed in concept_ids:
        if seed not in requires or seed in stop or seed in order:
            continue
        stack = [seed]
        while stack:
            node = stack.pop()
            if node in order:
                continue
            order[node] = None
            # Reversed so the first listed prerequisite is met first.
            stack.extend(r for r in reversed(requires[node]) if r not in order and r not in stop)
    return list(order)


def reading_path(
    concept_ids: Iterable[str],
    glossary: Glossary,
    known: Collection[str] = (),
    *,
    hide_known: bool = False,
) -> tuple[PathStep, ...]:
    """The concepts, their transitive prerequisites, in an order a person can learn them.

    ``concept_ids`` are the concepts the paper uses, in the order it uses them (ids not in the
    glossary are ignored). ``known`` concepts stay in the path, marked; with ``hide_known`` they
    are dropped, and so is any prerequisite reachable only through them.
    """
    requires = requires_map(glossary)
    in_paper = list(dict.fromkeys(c for c in concept_ids if c in requires))
    known_set = frozenset(known)
    stop = known_set if hide_known else frozenset()
    met = prerequisites(in_paper, requires, stop=stop)
    depth = depths(requires)
    rank = {cid: i for i, cid in enumerate(met)}
    ordered = sorted(met, key=lambda cid: (depth.get(cid, 0), rank[cid]))
    used = frozenset(in_paper)
    return tuple(
        PathStep(
            concept=cid,
            name=glossary.concepts[cid].name,
            known=cid in known_set,
            summary=glossary.concepts[cid].summary,
            in_paper=cid in used,
        )
        for cid in ordered
    )


#: Depth (longest prerequisite chain) at which a concept counts as fully specific.
SPECIFIC_DEPTH = 8
#: A concept this many others build on is general (dataset, training, vector).
GENERAL_DEPENDENTS = 8


def specificity(requires: Requires) -> dict[str, float]:
    """How specialised each concept is, 0..1: deep in the graph and not a hub many build on.

    "gated recurrent unit" is specific; "vector", "dataset" and "model parameters" are general.
    Used to rank a paper's terms and to choose what a short reading path leaves out.
    """
    depth = depths(requires)
    dependents: dict[str, int] = dict.fromkeys(requires, 0)
    for prerequisites_of in requires.values():
        for prerequisite in prerequisites_of:
            if prerequisite in dependents:
                dependents[prerequisite] += 1
    return {
        cid: min(1.0, depth.get(cid, 0) / SPECIFIC_DEPTH)
        * (0.6 if dependents[cid] >= GENERAL_DEPENDENTS else 1.0)
        for cid in requires
    }


def find_cycles(requires: Requires) -> list[list[str]]:
    """Cycles in the prerequisite graph, each as a closed list of ids (a -> b -> a)."""
    white, grey, black = 0, 1, 2
    colour = dict.fromkeys(requires, white)
    cycles: list[list[str]] = []
    seen: set[frozenset[str]] = set()
    for start in requires:
        if colour[start] != white:
            continue
        path: list[str] = [start]
        colour[start] = grey
        stack: list[tuple[str, int]] = [(start, 0)]
        while stack:
            node, index = stack[-1]
            children = requires.get(node, ())
            if index < len(children):
                stack[-1] = (node, index + 1)
                child = children[index]
                if child not in colour:
                    continue
                if colour[child] == grey:
                    cycle = path[path.index(child) :] + [child]
                    key = frozenset(cycle)
                    if key not in seen:
                        seen.add(key)
                        cycles.append(cycle)
                elif colour[child] == white:
                    colour[child] = grey
                    path.append(child)
                    stack.append((child, 0))
                continue
            stack.pop()
            path.pop()
            colour[node] = black
    return cycles


def unreachable(requires: Requires, roots: Iterable[str]) -> list[str]:
    """Concepts that no chain of prerequisites connects to any of ``roots``."""
    needed_by: dict[str, list[str]] = {cid: [] for cid in requires}
    for cid, prereqs in requires.items():
        for p in prereqs:
            if p in needed_by:
                needed_by[p].append(cid)
    reached: set[str] = set()
    frontier = [r for r in roots if r in needed_by]
    while frontier:
        node = frontier.pop()
        if node in reached:
            continue
        reached.add(node)
        frontier.extend(needed_by[node])
    return [cid for cid in requires if cid not in reached]
