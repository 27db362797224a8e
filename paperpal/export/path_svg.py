"""A reading path drawn as an inline SVG picture for the HTML handout.

This module is an SVG sink: every name and summary is escaped here, with ``xml_text`` /
``xml_attribute``, after layout and wrapping, and nothing else in the document comes from the
paper. The picture has no scripts and no external references (not even the SVG namespace URL:
an ``<svg>`` inside HTML5 is SVG without one). Steps are boxes in bands from
the foundations (top) to the paper's ideas (bottom), arrows run from a prerequisite to what needs
it, known concepts are grey, key ideas are bold, the paper's own terms have a double border.
Hovering a box shows its first sentence (an SVG ``<title>``).
"""

from __future__ import annotations

import html
import re
import textwrap
from collections.abc import Sequence

from paperpal.controls import strip_controls
from paperpal.export.path_layout import drawn_edges, layout
from paperpal.glossary.paper_path import GROUP_TITLES
from paperpal.models import PathStep

BOX_WIDTH = 150
LINE_HEIGHT = 14
BOX_PADDING = 8
COLUMN_GAP = 24
ROW_GAP = 34
LEFT = 130  # room for the band labels
TOP = 16
CHARS_PER_LINE = 20
MAX_LINES = 3

FILL = {"foundations": "#eef4fb", "building-blocks": "#f1f7ee", "paper": "#fff4d6"}


def xml_text(text: str) -> str:
    """Text safe as SVG/XML character data: control characters dropped (the one rule of
    ``controls.strip_controls``), markup escaped."""
    return html.escape(strip_controls(text), quote=False)


def xml_attribute(text: str) -> str:
    return html.escape(strip_controls(text), quote=True)


def _lines(name: str) -> list[str]:
    lines = textwrap.wrap(name, CHARS_PER_LINE, break_long_words=True) or [""]
    if len(lines) > MAX_LINES:
        lines = lines[:MAX_LINES]
        lines[-1] = lines[-1][: CHARS_PER_LINE - 1] + "…"
    return lines


def _first_sentence(text: str) -> str:
    found = re.search(r"(?<!\be\.g)(?<!\bi\.e)\.\s+(?=[A-Z])", text)
    return text if found is None else text[: found.start() + 1]


def render_path_svg(steps: Sequence[PathStep], *, title: str = "Reading path") -> str:
    """The path as one ``<svg>`` element (empty string for an empty path)."""
    if not steps:
        return ""
    placed = layout(steps)
    box_height = MAX_LINES * LINE_HEIGHT + 2 * BOX_PADDING
    rows = max(p.row for p in placed) + 1
    widest = max(sum(1 for p in placed if p.row == r) for r in range(rows))
    width = LEFT + widest * (BOX_WIDTH + COLUMN_GAP)
    height = TOP + rows * (box_height + ROW_GAP)
    centre: dict[str, tuple[float, float]] = {}
    for item in placed:
        in_row = sum(1 for p in placed if p.row == item.row)
        row_width = in_row * (BOX_WIDTH + COLUMN_GAP) - COLUMN_GAP
        x0 = LEFT + (widest * (BOX_WIDTH + COLUMN_GAP) - COLUMN_GAP - row_width) / 2
        x = x0 + item.column * (BOX_WIDTH + COLUMN_GAP)
        y = TOP + item.row * (box_height + ROW_GAP)
        centre[item.step.concept] = (x + BOX_WIDTH / 2, y)

    out = [
        f'<svg class="path-graph" role="img" '
        f'width="{width:.0f}" height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'aria-label="{xml_attribute(title)}">',
        f"<title>{xml_text(title)}</title>",
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#888"/></marker></defs>',
    ]
    # Band labels, at the first row of each band.
    seen: set[str] = set()
    for item in sorted(placed, key=lambda p: p.row):
        if item.band in seen:
            continue
        seen.add(item.band)
        label_y = TOP + item.row * (box_height + ROW_GAP) + box_height / 2
        label = GROUP_TITLES.get(item.band, item.band)  # type: ignore[call-overload]
        out.append(
            f'<text x="8" y="{label_y:.0f}" class="band" font-family="sans-serif" font-size="12" '
            f'fill="#555">{xml_text(label)}</text>'
        )
    # Edges first, so boxes sit on top of them.
    for prerequisite, concept in drawn_edges(steps):
        if prerequisite not in centre or concept not in centre:
            continue
        x2, y2 = centre[concept]
        x1, y1 = centre[prerequisite]
        y1 += box_height
        middle = (y1 + y2) / 2
        out.append(
            f'<path d="M {x1:.0f} {y1:.0f} C {x1:.0f} {middle:.0f}, {x2:.0f} {middle:.0f}, {x2:.0f} {y2:.0f}" '
            'fill="none" stroke="#999" stroke-width="1" marker-end="url(#arrow)"/>'
        )
    for item in placed:
        step = item.step
        cx, top = centre[step.concept]
        x = cx - BOX_WIDTH / 2
        fill = "#e6e6e6" if step.known else FILL.get(item.band, "#ffffff")
        stroke = "#aaaaaa" if step.known else "#666666"
        colour = "#888888" if step.known else "#1d1d1f"
        weight = "bold" if step.key and not step.known else "normal"
        state = "known" if step.known else ("own" if step.own else ("key" if step.key else "step"))
        out.append(f'<g class="node {state}">')
        tip = _first_sentence(" ".join(step.summary.split()))
        out.append(f"<title>{xml_text(step.name)}{': ' + xml_text(tip) if tip else ''}</title>")
        out.append(
            f'<rect x="{x:.0f}" y="{top:.0f}" width="{BOX_WIDTH}" height="{box_height}" rx="6" '
            f'fill="{fill}" stroke="{stroke}"/>'
        )
        if step.own:
            out.append(
                f'<rect x="{x + 3:.0f}" y="{top + 3:.0f}" width="{BOX_WIDTH - 6}" height="{box_height - 6}" '
                f'rx="4" fill="none" stroke="{stroke}"/>'
            )
        lines = _lines(step.name)
        first = top + box_height / 2 - (len(lines) - 1) * LINE_HEIGHT / 2 + 4
        for number, line in enumerate(lines):
            out.append(
                f'<text x="{cx:.0f}" y="{first + number * LINE_HEIGHT:.0f}" text-anchor="middle" '
                f'font-family="sans-serif" font-size="12" font-weight="{weight}" fill="{colour}">'
                f"{xml_text(line)}</text>"
            )
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)
