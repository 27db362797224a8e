"""Reading-group export: golden files for every format on two corpus papers, and real parsers.

Golden files live in tests/export/golden/. When a change to the glossary or the readers changes
a handout on purpose, regenerate them with

    PAPERPAL_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/export

and read the diff before committing it.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
import zipfile
from pathlib import Path

import pytest

from paperpal.export import render_handout, write_handout
from paperpal.models import Note, PaperReport

GOLDEN = Path(__file__).parent / "golden"
PAPERS = ("1412.3555", "1603.07285")
TEXT_FORMATS = {"md": "md", "html": "html", "json": "json", "bibtex": "bib", "csv": "csv"}


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory, corpus: Path) -> dict[str, PaperReport]:
    """Reports built from the corpus through the fake arXiv, once for the module."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from fake_arxiv import FakeArxiv

    from paperpal.pipeline import read_paper

    home = tmp_path_factory.mktemp("export-home")
    server = FakeArxiv(corpus).start()
    saved = {k: os.environ.get(k) for k in ("PAPERPAL_HOME", "PAPERPAL_ARXIV_URL", "PAPERPAL_ARXIV_INTERVAL")}
    os.environ.update(PAPERPAL_HOME=str(home), PAPERPAL_ARXIV_URL=server.url, PAPERPAL_ARXIV_INTERVAL="0")
    try:
        return {pid: read_paper(pid, use_cache=False) for pid in PAPERS}
    finally:
        server.stop()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def sample_notes(paper_id: str) -> list[Note]:
    """Notes with Markdown, math, quotes and a discussion question, with fixed ids and times."""
    return [
        Note(
            id=f"{paper_id}-n1",
            paper_id=paper_id,
            body="The update gate $z_t^j$ decides **how much** of the old state survives.",
            anchor_kind="equation",
            anchor="5" if paper_id == "1412.3555" else "1",
            tags=("gates",),
            created="2026-11-01T10:00:00Z",
            updated="2026-11-01T10:00:00Z",
        ),
        Note(
            id=f"{paper_id}-n2",
            paper_id=paper_id,
            body="Why would a model need *both* gates? Compare with $\\tanh$ units.",
            anchor_kind="paper",
            tags=("question",),
            created="2026-11-01T10:05:00Z",
            updated="2026-11-01T10:05:00Z",
        ),
        Note(
            id=f"{paper_id}-n3",
            paper_id=paper_id,
            body="Good summary sentence | with a pipe & an ampersand <b>not html</b>.",
            anchor_kind="quote",
            quote="we compare different types of recurrent units",
            created="2026-11-01T10:10:00Z",
            updated="2026-11-01T10:10:00Z",
        ),
    ]


def check_golden(name: str, data: bytes) -> None:
    path = GOLDEN / name
    if os.environ.get("PAPERPAL_UPDATE_GOLDEN") or not path.exists():
        if os.environ.get("CI") and not path.exists():
            pytest.fail(f"golden file {path} is missing; generate it with PAPERPAL_UPDATE_GOLDEN=1")
        GOLDEN.mkdir(exist_ok=True)
        path.write_bytes(data)
    expected = path.read_bytes()
    assert data.decode() == expected.decode(), (
        f"{name} differs from its golden file (see the module docstring)"
    )


@pytest.mark.parametrize("paper_id", PAPERS)
@pytest.mark.parametrize("fmt", sorted(TEXT_FORMATS))
def test_golden(reports: dict[str, PaperReport], paper_id: str, fmt: str) -> None:
    data = render_handout([reports[paper_id]], sample_notes(paper_id), fmt)
    check_golden(f"{paper_id}.{TEXT_FORMATS[fmt]}", data)


def test_markdown_handout_has_every_part(reports: dict[str, PaperReport]) -> None:
    md = render_handout([reports["1412.3555"]], sample_notes("1412.3555"), "md").decode()
    for heading in (
        "## Abstract",
        "## Notation",
        "## Key equations",
        "## Jargon",
        "## Reading path",
        "## Notes",
        "## Discussion questions",
    ):
        assert heading in md, f"the Markdown handout lacks {heading}"
    assert "https://arxiv.org/abs/1412.3555" in md
    rows = [line for line in md.splitlines() if line.startswith("| z | `z` |")]
    assert len(rows) == 1, "the notation table has one row for the update gate z"
    assert "update gate" in rows[0] and "the paper" in rows[0], rows
    assert "Why would a model need *both* gates?" in md.split("## Discussion questions")[1]
    # The pipe inside a note does not break anything, and a quote is shown as a quote.
    assert "> we compare different types of recurrent units" in md


def test_export_without_notes(reports: dict[str, PaperReport]) -> None:
    md = render_handout([reports["1412.3555"]], [], "md").decode()
    assert "No notes yet." in md and "No questions yet" in md
    html = render_handout([reports["1412.3555"]], [], "html").decode()
    assert "No notes yet." in html


def test_several_papers_make_one_handout(reports: dict[str, PaperReport]) -> None:
    both = [reports[p] for p in PAPERS]
    md = render_handout(both, sample_notes("1412.3555") + sample_notes("1603.07285"), "md").decode()
    assert md.startswith("# Reading group handout")
    assert md.count("### Notation") == 2
    bib = render_handout(both, [], "bibtex").decode()
    assert bib.count("@misc{") == 2


def test_bibtex_parses_with_a_bibtex_library(reports: dict[str, PaperReport]) -> None:
    import bibtexparser

    text = render_handout([reports["1412.3555"]], [], "bibtex").decode()
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks, library.failed_blocks
    (entry,) = library.entries
    fields = {f.key: f.value for f in entry.fields}
    assert fields["eprint"] == "1412.3555"
    assert fields["archivePrefix"] == "arXiv"
    assert fields["primaryClass"] == "cs.NE"
    assert "Chung" in fields["author"] and "Bengio" in fields["author"]
    assert fields["year"] == "2014"


def test_html_is_self_contained_and_well_formed(reports: dict[str, PaperReport]) -> None:
    from lxml import etree

    html = render_handout([reports["1412.3555"]], sample_notes("1412.3555"), "html").decode()
    parser = etree.HTMLParser(recover=False)
    tree = etree.parse(io.StringIO(html), parser)
    assert tree.find(".//title") is not None
    assert "<script" not in html and "http://" not in html.replace("http://www.w3.org/1998/Math/MathML", "")
    assert "<math" in html, "no MathML in the HTML handout"
    assert 'alttext="' in html, "formulas lack their LaTeX fallback"
    assert "&lt;b&gt;not html&lt;/b&gt;" in html, "a note's text was not escaped"


def test_html_renders_in_headless_chromium(reports: dict[str, PaperReport], tmp_path: Path) -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    assert chromium is not None, "chromium is not installed (.ci/run installs it; apt-get install chromium)"
    page = tmp_path / "handout.html"
    write_handout([reports["1412.3555"]], sample_notes("1412.3555"), "html", page)
    shot = tmp_path / "shot.png"
    subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--window-size=1000,1400",
            f"--screenshot={shot}",
            page.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert shot.exists(), "chromium did not produce a screenshot"
    png = shot.read_bytes()
    assert png.startswith(b"\x89PNG") and len(png) > 20_000, "the rendered page looks blank"


def test_anki_deck_holds_notation_and_jargon_cards(reports: dict[str, PaperReport], tmp_path: Path) -> None:
    deck = render_handout([reports["1412.3555"]], [], "anki")
    with zipfile.ZipFile(io.BytesIO(deck)) as archive:
        names = archive.namelist()
        assert "collection.anki2" in names
        (tmp_path / "c.anki2").write_bytes(archive.read("collection.anki2"))
    with sqlite3.connect(tmp_path / "c.anki2") as db:
        fields = [row[0] for row in db.execute("select flds from notes")]
    assert len(fields) >= 10, f"only {len(fields)} cards"
    assert any("update gate" in f for f in fields), "no card explains the update gate"
    csv_text = render_handout([reports["1412.3555"]], [], "csv").decode()
    assert csv_text.startswith("#separator:Semicolon")
    import csv

    rows = list(csv.reader(io.StringIO(csv_text.split("\n", 3)[3]), delimiter=";"))
    assert len(rows) == len(fields), "the CSV and the deck disagree on the cards"
    assert all(len(row) == 3 for row in rows), "every CSV card has front, back and tags"


def test_json_export_is_the_report_plus_notes(reports: dict[str, PaperReport]) -> None:
    data = json.loads(render_handout([reports["1412.3555"]], sample_notes("1412.3555"), "json"))
    (paper,) = data["papers"]
    assert set(paper) >= {"paper", "sections", "equations", "symbols", "terms", "reading_path", "notes"}
    assert len(paper["notes"]) == 3


def test_cli_export_writes_a_file(fake_arxiv, home: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from paperpal.cli import cli

    out = tmp_path / "notes.md"
    result = CliRunner().invoke(cli, ["export", "1412.3555", "--format", "md", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Empirical Evaluation" in out.read_text(encoding="utf-8")
    bib = CliRunner().invoke(cli, ["export", "1412.3555", "--format", "bibtex"])
    assert bib.exit_code == 0 and "archivePrefix" in bib.output
