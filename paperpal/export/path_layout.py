"""Where to draw each step of a reading path: a layered layout of the prerequisite graph.

This module owns the geometry only (no SVG, no escaping): steps are placed in rows from the
foundations at the top to the paper's ideas at the bottom, so every edge (prerequisite -> what
needs it) points down.

1. Layers: each step's layer is the length of the longest chain of prerequisites under it on the
   path (longest-path layering), and each step (foundations, building blocks, the paper's ideas)
   starts below the one before it, so the three bands read top to bottom.
2. Order within a layer: a few down-and-up sweeps of the barycentre heuristic (a node goes to the
   mean position of its neighbours in the layer above, then below), which removes most edge
   crossings on graphs of this size.
3. A layer wider than ``MAX_PER_ROW`` is wrapped into several rows, so the drawing stays readable
   on a page; nodes of one layer never depend on each other, so edges still point down.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from paperpal.models import PathStep

MAX_PER_ROW = 5
SWEEPS = 6
GROUPS = ("foundations", "building-blocks", "paper")


@dataclass(frozen=True, slots=True)
class Placed:
    step: PathStep
    row: int  # 0 = top
    column: int  # position within its row
    band: str  # the step's group


def layout(steps: Sequence[PathStep]) -> list[Placed]:
    """Rows and columns for ``steps`` (a path: prerequisites come before what needs them)."""
    ids = {s.concept for s in steps}
    needs = {s.concept: [r for r in s.requires if r in ids] for s in steps}
    group = {s.concept: s.group for s in steps}
    layer: dict[str, int] = {}
    start = 0
    for band in GROUPS:
        members = [s.concept for s in steps if s.group == band]
        for concept in members:  # the path order puts prerequisites first
            below = [layer[p] + 1 for p in needs[concept] if p in layer]
            layer[concept] = max([start, *below])
        if members:
            start = max(layer[c] for c in members) + 1
    for concept in (s.concept for s in steps if s.group not in GROUPS):
        layer[concept] = max([start, *(layer[p] + 1 for p in needs[concept] if p in layer)])

    depth = max(layer.values(), default=-1) + 1
    rows: list[list[str]] = [[] for _ in range(depth)]
    for step in steps:
        rows[layer[step.concept]].append(step.concept)
    users: dict[str, list[str]] = {s.concept: [] for s in steps}
    for concept, prerequisites in needs.items():
        for prerequisite in prerequisites:
            users[prerequisite].append(concept)
    _order(rows, needs, users)

    by_id = {s.concept: s for s in steps}
    placed: list[Placed] = []
    row_number = 0
    for row in rows:
        if not row:
            continue
        for offset in range(0, len(row), MAX_PER_ROW):
            chunk = row[offset : offset + MAX_PER_ROW]
            for column, concept in enumerate(chunk):
                placed.append(Placed(by_id[concept], row_number, column, group[concept]))
            row_number += 1
    return placed


def drawn_edges(steps: Sequence[PathStep]) -> list[tuple[str, str]]:
    """(prerequisite, step) pairs worth drawing: the transitive reduction of the path's edges.

    An edge is left out when another route on the path already leads from the prerequisite to
    the step (the sigmoid reaches the GRU through gating): the picture shows the order of ideas
    without a thicket of redundant arrows.
    """
    ids = {s.concept for s in steps}
    needs = {s.concept: [r for r in s.requires if r in ids] for s in steps}
    below: dict[str, set[str]] = {}
    for step in steps:  # prerequisites come first, so theirs are known already
        reach: set[str] = set()
        for prerequisite in needs[step.concept]:
            reach.add(prerequisite)
            reach |= below.get(prerequisite, set())
        below[step.concept] = reach
    edges = []
    for step in steps:
        direct = needs[step.concept]
        for prerequisite in direct:
            through = any(
                prerequisite in below.get(other, set()) for other in direct if other != prerequisite
            )
            if not through:
                edges.append((prerequisite, step.concept))
    return edges


def _order(rows: list[list[str]], needs: dict[str, list[str]], users: dict[str, list[str]]) -> None:
    """Barycentre ordering, in place: down sweeps use prerequisites, up sweeps their users."""

    def positions() -> dict[str, float]:
        return {c: float(i) for row in rows for i, c in enumerate(row)}

    for sweep in range(SWEEPS):
        downward = sweep % 2 == 0
        sequence = range(1, len(rows)) if downward else range(len(rows) - 2, -1, -1)
        for index in sequence:
            where = positions()
            row = rows[index]
            neighbours = needs if downward else users

            here = {c: float(i) for i, c in enumerate(row)}  # a list being sorted reads as empty
            score = {}
            for concept in row:
                linked = [where[n] for n in neighbours[concept] if n in where]
                score[concept] = sum(linked) / len(linked) if linked else here[concept]
            row.sort(key=score.__getitem__)
