"""The reading path as a picture: Graphviz DOT (parsed by pydot) and inline SVG (parsed as XML).

Names are data: a name full of quotes, backslashes, Graphviz escapes, markup and line breaks
must come out as one label, exactly as written, in both formats.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pydot
import pytest

from paperpal.export.path_dot import render_dot
from paperpal.export.path_layout import drawn_edges, layout
from paperpal.export.path_svg import render_path_svg
from paperpal.models import PathStep

# pydot's parser still uses pyparsing's old camelCase names.
pytestmark = pytest.mark.filterwarnings("ignore:.*deprecated.*:DeprecationWarning")

HOSTILE = 'a "quoted" \\N back\\slash\n</text><script>alert(1)</script> & {x} -> n1; ]'
SVG = ""  # inline SVG in HTML5 carries no namespace declaration (it would read as an external URL)


def _steps() -> list[PathStep]:
    return [
        PathStep(
            "vector", "vector", known=True, summary="A list of numbers. More text.", group="foundations"
        ),
        PathStep("matrix", "matrix", known=False, summary="A grid of numbers.", group="foundations"),
        PathStep(
            "matrix-vector-product",
            "matrix-vector product",
            known=False,
            group="foundations",
            requires=("vector", "matrix"),
        ),
        PathStep(
            "rnn",
            "recurrent neural network",
            False,
            group="paper",
            key=True,
            requires=("matrix-vector-product", "matrix"),
        ),
        PathStep(
            "paper:evil",
            HOSTILE,
            False,
            summary=HOSTILE,
            group="paper",
            key=True,
            own=True,
            requires=("rnn",),
        ),
    ]


def _unquote(value: str) -> str:
    assert value.startswith('"') and value.endswith('"'), value
    out, i, inner = [], 0, value[1:-1]
    while i < len(inner):
        if inner[i] == "\\" and i + 1 < len(inner) and inner[i + 1] in '"\\':
            out.append(inner[i + 1])
            i += 2
        else:
            out.append(inner[i])
            i += 1
    return "".join(out)


def test_dot_parses_and_every_name_is_one_label_as_written() -> None:
    steps = _steps()
    graph = pydot.graph_from_dot_data(render_dot(steps, title=HOSTILE))[0]
    nodes = {
        _unquote(node.get("label")): node
        for sub in graph.get_subgraphs()
        for node in sub.get_nodes()
        if node.get("label")
    }
    expected = {s.name.replace("\n", " ") for s in steps}
    assert set(nodes) == expected, f"labels: {sorted(nodes)}"
    assert len(graph.get_edges()) == 5, "one edge per prerequisite on the path"
    assert nodes["vector"].get("fillcolor") == '"#e6e6e6"', "known concepts are grey"
    assert nodes[HOSTILE.replace("\n", " ")].get("peripheries") == "2", "the paper's own term is marked"
    assert [sub.get_name() for sub in graph.get_subgraphs()] == ["cluster_foundations", "cluster_paper"]


def test_layout_puts_prerequisites_above_and_bands_in_order() -> None:
    steps = _steps()
    placed = {p.step.concept: p for p in layout(steps)}
    for step in steps:
        for prerequisite in step.requires:
            assert placed[prerequisite].row < placed[step.concept].row, (prerequisite, step.concept)
    assert max(p.row for p in placed.values() if p.band == "foundations") < min(
        p.row for p in placed.values() if p.band == "paper"
    )
    # matrix -> rnn is implied by matrix -> matrix-vector product -> rnn: not drawn.
    assert ("matrix", "rnn") not in drawn_edges(steps) and ("matrix-vector-product", "rnn") in drawn_edges(
        steps
    )


def test_svg_is_well_formed_and_names_stay_text() -> None:
    steps = _steps()
    svg = render_path_svg(steps, title=HOSTILE)
    root = ET.fromstring(svg)  # a real XML parser: any unescaped markup would fail here or show below
    assert root.tag == f"{SVG}svg"
    assert not list(root.iter(f"{SVG}script")) and not list(root.iter("script"))
    groups = [g for g in root.iter(f"{SVG}g") if "node" in (g.get("class") or "")]
    assert len(groups) == len(steps)
    by_state = {(g.get("class") or "").split()[-1]: g for g in groups}
    own = by_state["own"]
    title = "".join(own.find(f"{SVG}title").itertext())
    assert title.startswith(HOSTILE), f"the name is text, exactly as written: {title!r}"
    shown = "".join("".join(t.itertext()) for t in own.findall(f"{SVG}text"))
    assert shown.startswith('a "quoted" \\N'), shown
    assert len(own.findall(f"{SVG}rect")) == 2, "the paper's own term has a double border"
    assert by_state["known"].find(f"{SVG}rect").get("fill") == "#e6e6e6", "known concepts are greyed"
    assert len(root.findall(f"{SVG}path")) == len(drawn_edges(steps))


def test_path_dot_and_the_html_handout_on_the_gru_paper(
    corpus: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from paperpal.cli import main

    def run(*args: str) -> str:
        try:
            main([*args])
        except SystemExit as exit_:
            assert not exit_.code, capsys.readouterr().err
        return capsys.readouterr().out

    paper = str(corpus / "1412.3555")
    steps = json.loads(run("path", paper, "--offline", "--json"))["reading_path"]
    graph = pydot.graph_from_dot_data(run("path", paper, "--offline", "--format", "dot"))[0]
    labels = {
        _unquote(n.get("label")) for sub in graph.get_subgraphs() for n in sub.get_nodes() if n.get("label")
    }
    assert labels == {s["name"] for s in steps}
    assert len(graph.get_edges()) == sum(len(s["requires"]) for s in steps)

    out = tmp_path / "gru.html"
    run("export", paper, "--offline", "--format", "html", "--out", str(out))
    html = out.read_text()
    start, end = html.index("<svg"), html.index("</svg>") + len("</svg>")
    root = ET.fromstring(html[start:end])
    names = {"".join(t.itertext()) for g in root.iter(f"{SVG}g") for t in g.findall(f"{SVG}title")}
    assert any(n.startswith("gated recurrent unit:") for n in names), sorted(names)[:5]
    assert "Foundations you need" in html and "This paper&#x27;s ideas" in html
