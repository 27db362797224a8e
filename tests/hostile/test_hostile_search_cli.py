"""Odd search queries through the real CLI: `paperpal search --keyword QUERY`.

A library with one indexed paper and a few notes is searched with stray quotes, FTS5 operators,
SQL, control characters, emoji, a 10,000-character query. Each answers with results or "No
matches." and exit 0; none reaches SQLite as syntax, and the notes are unchanged afterwards.
A hypothesis test then drives the same command in-process with arbitrary text.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hostile_support import expect_success, run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paperpal.cli import main

PAPER_TEX = (
    "\\documentclass{article}\\title{Gates and States}\\begin{document}\\maketitle\n"
    "\\section{Gates}\nThe update gate $z_t$ decides how much of the old state to keep.\n"
    "\\begin{equation} h_t = (1 - z_t) h_{t-1} + z_t \\tilde{h}_t \\end{equation}\n"
    "\\section{Training}\nWe train with stochastic gradient descent and dropout.\n\\end{document}\n"
)

ODD_QUERIES = {
    "empty": "",
    "lone-quote": '"',
    "unclosed-phrase": '"update gate',
    "operators-only": "AND OR NOT ( ) * - ^ :",
    "fts-syntax": "gate NEAR(state keep) col:umn ^first {a b}",
    "sql": "'; DROP TABLE notes; --",
    "control-and-emoji": "gate \x1b[31m\x07 🙂 \u202e",
    "latex": "\\tilde{h}_t $z_t$",
    "exclusion-only": "-gate NOT state",
    "huge": "gate " * 2000,
}


@pytest.fixture(scope="module")
def searched_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home with the paper indexed (by a first search) and two notes."""
    home = tmp_path_factory.mktemp("search-home")
    paper = tmp_path_factory.mktemp("search-paper") / "gates.tex"
    paper.write_text(PAPER_TEX, encoding="utf-8")
    expect_success(run_cli("fetch", str(paper), home=home))
    expect_success(run_cli("note", "add", str(paper), "the gate keeps old state", home=home))
    expect_success(run_cli("note", "add", str(paper), "question about dropout", "--question", home=home))
    first = run_cli("search", "--keyword", "gate", "--json", home=home)
    expect_success(first)
    assert json.loads(first.out), f"the set-up search found nothing:\n{first.describe()}"
    return home


def _notes(home: Path) -> list[str]:
    ran = run_cli("notes", "--json", home=home)
    expect_success(ran)
    return sorted(n["body"] for n in json.loads(ran.out))


@pytest.mark.parametrize("query", list(ODD_QUERIES.values()), ids=list(ODD_QUERIES))
def test_odd_queries_answer_cleanly(searched_home: Path, query: str) -> None:
    ran = run_cli("search", "--keyword", "--json", "--", query, home=searched_home)
    expect_success(ran)
    hits = json.loads(ran.out)
    assert isinstance(hits, list)
    for hit in hits:
        assert hit["kind"] in ("passage", "note") and hit["snippet"], hit


def test_search_is_a_reader_not_a_writer(searched_home: Path) -> None:
    before = _notes(searched_home)
    run_cli("search", "--keyword", "--", ODD_QUERIES["sql"], home=searched_home)
    assert _notes(searched_home) == before == ["question about dropout", "the gate keeps old state"]


def test_plain_and_phrase_queries_still_find_things(searched_home: Path) -> None:
    for query, expected in (("dropout", "note"), ('"update gate"', "passage"), ("gat*", "passage")):
        ran = run_cli("search", "--keyword", "--json", query, home=searched_home)
        expect_success(ran)
        kinds = {hit["kind"] for hit in json.loads(ran.out)}
        assert expected in kinds, f"{query!r} should find a {expected}:\n{ran.describe()}"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(max_size=80))
def test_any_query_is_answered_in_process(
    searched_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], query: str
) -> None:
    """The same command, called through ``paperpal.cli.main`` in this process (a child per
    example would be too slow): any text gives exit 0 and a JSON list."""
    monkeypatch.setenv("PAPERPAL_HOME", str(searched_home))
    try:
        main(["search", "--keyword", "--json", "--", query])
    except SystemExit as stop:
        err = capsys.readouterr().err
        raise AssertionError(f"search {query!r} exited {stop.code}: {err}") from None
    out = capsys.readouterr().out
    assert isinstance(json.loads(out), list), out
