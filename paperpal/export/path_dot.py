"""A reading path as Graphviz DOT, for people who want to draw it their own way.

This module is the DOT sink: every name and summary is data and is escaped here, in one place
(``quote``): backslashes, double quotes and line breaks cannot end a string or become a Graphviz
escape sequence (``\\n``, ``\\N``, ``\\G``), and control characters are dropped. Node ids are
generated (``n1``, ``n2``, ...), never taken from the data. Steps are clusters in order
(foundations, building blocks, this paper's ideas); known concepts are grey, the paper's own
terms have a double border, edges point from a prerequisite to what needs it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from paperpal.glossary.paper_path import GROUP_ORDER, GROUP_TITLES
from paperpal.models import PathStep

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def quote(text: str) -> str:
    """``text`` as a DOT double-quoted string that Graphviz shows exactly as written."""
    clean = _CONTROL.sub(" ", text)
    return '"' + clean.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _first_sentence(text: str) -> str:
    found = re.search(r"(?<!\be\.g)(?<!\bi\.e)\.\s+(?=[A-Z])", text)
    return text if found is None else text[: found.start() + 1]


def render_dot(steps: Sequence[PathStep], *, title: str = "") -> str:
    ids = {step.concept: f"n{number}" for number, step in enumerate(steps, start=1)}
    lines = [
        "digraph reading_path {",
        "  rankdir=TB;",
        '  node [shape=box, style="rounded,filled", fillcolor="#ffffff", fontname="Helvetica"];',
        '  edge [color="#777777"];',
    ]
    if title:
        lines.append(f"  label={quote(title)};")
        lines.append("  labelloc=t;")
    for group, _ in sorted(GROUP_ORDER.items(), key=lambda kv: kv[1]):
        members = [s for s in steps if s.group == group]
        if not members:
            continue
        lines.append(f"  subgraph cluster_{group.replace('-', '_')} {{")
        lines.append(f"    label={quote(GROUP_TITLES[group])};")
        lines.append('    style=dashed; color="#bbbbbb";')
        for step in members:
            attributes = [
                f"label={quote(step.name)}",
                f"tooltip={quote(_first_sentence(step.summary))}",
            ]
            if step.known:
                attributes.append('fillcolor="#e6e6e6", fontcolor="#888888", color="#aaaaaa"')
            elif step.group == "paper":
                attributes.append('fillcolor="#fff4d6"')
            if step.own:
                attributes.append("peripheries=2")
            lines.append(f"    {ids[step.concept]} [{', '.join(attributes)}];")
        lines.append("  }")
    for step in steps:
        for prerequisite in step.requires:
            if prerequisite in ids:
                lines.append(f"  {ids[prerequisite]} -> {ids[step.concept]};")
    lines.append("}")
    return "\n".join(lines) + "\n"
