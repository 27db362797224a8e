"""Untrusted text stays text: every payload class, from every source, into every CLI sink.

Sources: a LaTeX paper (title, section title, an equation's \\text, \\href and \\mbox, prose), a
folder's meta.json, a PDF's Info title, the Atom feed of the fake arXiv (with raw ``&#27;``
character references), and a shared notes file (bodies, quotes, tags). Sinks: every command's
text and JSON output and error messages, and every export format. The commands run in this
process through ``paperpal.cli.main`` (the same entry point as the ``paperpal`` script; the
terminal boundary is installed by it) with stdout and stderr captured as bytes.

What "stays text" means per sink: the terminal gets no control character but newline and tab;
JSON keeps the data exactly (controls as ``\\u`` escapes); HTML, parsed with a real parser, has
only paperpal's own elements, no handler, no script, no link but arXiv's; Markdown rendered by a
permissive viewer (raw HTML and any link allowed) has the same; BibTeX has exactly the fields
paperpal writes, each with balanced braces. The reader's screens are tested in tests/tui.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import sys
import zipfile
from pathlib import Path

import pytest
from hostile_text import (
    ALL,
    PAYLOADS,
    assert_html_inert,
    assert_markdown_inert,
    assert_terminal_safe,
    balanced,
    feed_meta,
    notes_file,
    write_meta_paper,
    write_pdf_paper,
    write_tex_paper,
)

from paperpal.cli import main

FEED_ID = "2101.00042"


def run(*args: str, stdin: bytes = b"") -> tuple[int, str, str]:
    """``paperpal ARGS`` in this process: (exit code, stdout, stderr), both checked terminal-safe."""
    out, err = io.BytesIO(), io.BytesIO()
    streams = (
        io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"),
        io.TextIOWrapper(out, encoding="utf-8", write_through=True),
        io.TextIOWrapper(err, encoding="utf-8", write_through=True),
    )
    saved = sys.stdin, sys.stdout, sys.stderr
    sys.stdin, sys.stdout, sys.stderr = streams
    try:
        main(list(args))
        code = 0
    except SystemExit as done:
        code = int(done.code or 0)
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved
    written = out.getvalue(), err.getvalue()
    for stream in streams:
        stream.detach()  # the buffers stay open for reading; nothing closes them behind our back
    shown = " ".join(args)[:80]
    text_out = assert_terminal_safe(written[0], f"stdout of `paperpal {shown}`")
    text_err = assert_terminal_safe(written[1], f"stderr of `paperpal {shown}`")
    assert "Traceback" not in text_err and "internal error" not in text_err, text_err[-2000:]
    return code, text_out, text_err


def ok(*args: str) -> str:
    code, out, err = run(*args)
    assert code == 0, f"`paperpal {' '.join(args)}` exited {code}: {err[-1500:]}"
    return out


@pytest.fixture
def tex_paper(tmp_path: Path) -> Path:
    return write_tex_paper(tmp_path / "tex-paper")


def test_latex_payloads_reach_every_command_as_plain_text(tex_paper: Path) -> None:
    ref = str(tex_paper)
    assert "TEXTITLE" in ok("fetch", ref)
    fetched = json.loads(ok("fetch", ref, "--json"))
    assert fetched["title"].startswith("TEXTITLE") and "<script>" in fetched["title"], fetched["title"]
    assert "TEXTITLE" in ok("library") and "TEXTITLE" in ok("library", "--json")
    shown = ok("show", ref, "--all")
    assert "TEXTITLE" in shown and "TEXSECTION" in shown and "TEXEQUATION" in shown
    assert "CLICKME" in shown and "PWNED" not in shown, "the OSC window title must go as a whole"
    report = json.loads(ok("show", ref, "--json"))
    assert any("TEXSECTION" in s["title"] for s in report["sections"])
    assert "TEXEQUATION" in ok("explain", ref)
    prose = ok("search", "TEXPROSE", "--keyword")
    assert "TEXPROSE" in prose and "CLICKME" in prose, "the paper's prose, found by search"
    assert "TEXEQUATION" in ok("explain", ref, "--equation", "1")
    assert "TEXDEFINITION" in ok("explain", ref, "--symbol", "z")
    json.loads(ok("explain", ref, "--json"))
    assert "TEXTITLE" in ok("path", ref)
    json.loads(ok("path", ref, "--json"))

    # Error messages carry text too (here what was typed, which a script may take from data).
    code, _, err = run("note", "add", ref, "--term", PAYLOADS["textual"] + PAYLOADS["ansi"], "text")
    assert code == 9 and "does not occur" in err and "CLICKME" in err, err
    code, _, err = run("explain", ref, "--symbol", PAYLOADS["ansi"] + PAYLOADS["controls"])
    assert code == 9 and "no symbol" in err, err


def test_meta_json_and_pdf_metadata_payloads(tmp_path: Path) -> None:
    folder = write_meta_paper(tmp_path / "meta-paper")
    data = json.loads(ok("show", str(folder), "--json"))
    # JSON is data: the title arrives exactly as written, control characters escaped.
    assert data["paper"]["title"] == f"METATITLE {ALL}"
    assert "METAAUTHOR" in ok("show", str(folder)) and "METATITLE" in ok("library")

    pdf = write_pdf_paper(tmp_path / "hostile.pdf")
    data = json.loads(ok("show", str(pdf), "--json"))
    assert data["paper"]["title"].startswith("PDFTITLE") and "\x1b]0;PWNED\x07" in data["paper"]["title"]
    shown = ok("show", str(pdf))
    assert "PDFTITLE" in shown and "PWNED" not in shown
    assert "PDFTITLE" in ok("library")


def test_atom_feed_payloads(fake_arxiv, corpus: Path) -> None:
    fake_arxiv.add_paper(feed_meta(FEED_ID), pdf=corpus / "1706.03762" / "paper.pdf")
    # The XML parser already drops what XML cannot hold (a raw ESC, &#27;); what it lets
    # through (C1 controls, markup) must not reach the terminal either.
    fetched = ok("fetch", FEED_ID)
    assert "FEEDTITLE" in fetched and "FEEDAUTHOR" in fetched and "CLICKME" in fetched
    data = json.loads(ok("fetch", FEED_ID, "--json"))
    assert data["title"].startswith("FEEDTITLE"), data["title"]
    assert "FEEDTITLE" in ok("show", FEED_ID) and "FEEDTITLE" in ok("library")
    bib = ok("export", FEED_ID, "--format", "bibtex")
    _check_bibtex(bib, 1)


def test_imported_notes_and_tags(tex_paper: Path, tmp_path: Path) -> None:
    ref = str(tex_paper)
    paper_id = json.loads(ok("fetch", ref, "--json"))["id"]
    shared = notes_file(tmp_path / "shared-notes.json", paper_id)
    assert "added" in ok("notes", "import", str(shared))
    listed = ok("notes")
    assert "NOTEBODY" in listed and "NOTEQUOTE" in listed and "notetagscript" in listed
    assert "PWNED" not in listed and "CLICKME" in listed
    notes = json.loads(ok("notes", "--json"))
    script_note = next(n for n in notes if "NOTEBODY script" in n["body"])
    assert PAYLOADS["script"] in script_note["body"], "the JSON listing keeps the note exactly"
    assert "NOTEBODY" in ok("note", "show", script_note["id"])
    exported = json.loads(ok("notes", "export"))
    ansi_note = next(n for n in exported["notes"] if "NOTEBODY ansi" in n["body"])
    assert PAYLOADS["ansi"] in ansi_note["body"], "a notes export must not lose the control characters"
    found = ok("search", "NOTEBODY", "--keyword")
    assert "NOTEBODY" in found and "PWNED" not in found
    assert "CLICKME" in ok("search", "CLICKME", "--keyword", "--paper", ref)


def _check_bibtex(text: str, entries: int) -> None:
    import bibtexparser

    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks, library.failed_blocks
    assert len(library.entries) == entries, text
    for entry in library.entries:
        names = set(entry.fields_dict)
        assert names <= {
            "title",
            "author",
            "year",
            "month",
            "eprint",
            "archivePrefix",
            "primaryClass",
            "url",
        }, f"a field was injected: {names}"
        for field in entry.fields:
            assert balanced(str(field.value)), f"unbalanced braces in {field.key}: {field.value!r}"
    assert "Injected" not in {f.key for e in library.entries for f in e.fields}


@pytest.fixture
def hostile_library(fake_arxiv, corpus: Path, tex_paper: Path, tmp_path: Path) -> list[str]:
    """Four papers, one per source, and the shared notes on the LaTeX one: the REFs."""
    fake_arxiv.add_paper(feed_meta(FEED_ID), pdf=corpus / "1706.03762" / "paper.pdf")
    refs = [
        str(tex_paper),
        str(write_meta_paper(tmp_path / "meta-paper")),
        str(write_pdf_paper(tmp_path / "hostile.pdf")),
        FEED_ID,
    ]
    paper_id = json.loads(ok("fetch", refs[0], "--json"))["id"]
    ok("notes", "import", str(notes_file(tmp_path / "shared.json", paper_id)))
    return refs


def test_every_export_format_keeps_the_payloads_inert(hostile_library: list[str], tmp_path: Path) -> None:
    refs = hostile_library
    markdown = ok("export", *refs, "--format", "md")
    assert "NOTEBODY" in markdown and "TEXEQUATION" in markdown and "FEEDTITLE" in markdown
    assert_markdown_inert(markdown, "the Markdown handout")

    page = ok("export", *refs, "--format", "html")
    assert "NOTEBODY" in page and "TEXEQUATION" in page and "METATITLE" in page
    links = assert_html_inert(page, "the HTML handout")
    assert links == [f"https://arxiv.org/abs/{FEED_ID}v1"], links

    data = json.loads(ok("export", *refs, "--format", "json"))
    assert data["papers"][1]["paper"]["title"] == f"METATITLE {ALL}", "JSON keeps the data exactly"

    _check_bibtex(ok("export", *refs, "--format", "bibtex"), len(refs))

    rows = list(csv.reader(io.StringIO(ok("export", *refs, "--format", "csv")), delimiter=";"))
    assert any("TEXDEFINITION" in cell for row in rows for cell in row), "the cards carry the paper's text"

    deck = tmp_path / "deck.apkg"
    ok("export", *refs, "--format", "anki", "--out", str(deck))
    with zipfile.ZipFile(deck) as archive:
        (tmp_path / "col").write_bytes(archive.read("collection.anki2"))
    rows = sqlite3.connect(tmp_path / "col").execute("SELECT flds FROM notes").fetchall()
    fields = [field for (joined,) in rows for field in joined.split("\x1f")]  # Anki's separator
    assert any("TEXDEFINITION" in f for f in fields)
    for field in fields:
        assert_terminal_safe(field, "an Anki card")
        assert_html_inert(field, "an Anki card", allowed_tags={"br"})


def test_html_handout_runs_nothing_in_a_real_browser(hostile_library: list[str], tmp_path: Path) -> None:
    """Loaded in headless Chromium, with the Content-Security-Policy taken out so that the
    escaping alone is what is tested: no script ran, no handler fired, no element was injected."""
    import shutil
    import subprocess

    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if browser is None:
        pytest.fail("headless Chromium is required for this test (Debian: apt-get install chromium)")
    page = ok("export", *hostile_library, "--format", "html")
    without_csp = "\n".join(line for line in page.splitlines() if "Content-Security-Policy" not in line)
    target = tmp_path / "handout.html"
    target.write_text(without_csp, encoding="utf-8")
    profile = tmp_path / "chromium-profile"
    dumped = subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            f"--user-data-dir={profile}",
            "--virtual-time-budget=2000",
            "--dump-dom",
            target.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    dom = dumped.stdout
    assert "NOTEBODY" in dom and "TEXEQUATION" in dom, (
        f"Chromium did not load the page: {dumped.stderr[-1500:]}"
    )
    for marker in ("data-pwscript", "data-pwimg"):
        assert marker not in dom, f"a script from the data ran in the browser ({marker} was set)"
    assert_html_inert(dom, "the handout as Chromium built it", allowed_tags=set(_dom_tags()))


def _dom_tags() -> list[str]:
    from hostile_text import HANDOUT_TAGS

    # Chromium serialises MathML's "none" and adds nothing else of its own.
    return sorted(HANDOUT_TAGS)
