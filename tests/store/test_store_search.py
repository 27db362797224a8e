"""Indexing real papers and searching them with notes: keyword ranking, snippets, filters,
re-indexing, and a fuzz test proving no typed query can break FTS5."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paperpal.models import Document, Equation, Paragraph, Section
from paperpal.store import Store, open_store
from paperpal.store.query import parse_query

_HEADING = re.compile(r"\\(sub)*section\*?\{([^}]*)\}")
_DISPLAY = re.compile(r"\\begin\{(equation|align)\*?\}(.*?)\\end\{\1\*?\}", re.S)


def latex_document(tex: str, title: str) -> Document:
    """A rough Document from a real LaTeX file: headings, displays and blank-line paragraphs.
    (The real extractor lives in paperpal.extract; the store only needs realistic text.)"""
    tex = re.sub(r"(?<!\\)%.*", "", tex)
    tex = tex.split(r"\begin{document}", 1)[-1]
    blocks: list[Section | Paragraph | Equation] = []
    pieces = re.split(
        r"(\\(?:sub)*section\*?\{[^}]*\}|\\begin\{(?:equation|align)\*?\}.*?\\end\{(?:equation|align)\*?\})",
        tex,
        flags=re.S,
    )
    for piece in pieces:
        if piece is None or not piece.strip():
            continue
        if heading := _HEADING.fullmatch(piece.strip()):
            level = 1 + heading.group(0).count("sub")
            blocks.append(Section(f"sec-{len(blocks)}", None, heading.group(2), level))
        elif display := _DISPLAY.fullmatch(piece.strip()):
            blocks.append(Equation(f"eq-{len(blocks)}", display.group(2).strip()))
        else:
            for para in re.split(r"\n\s*\n", piece):
                text = " ".join(para.split())
                if len(text) > 40:
                    blocks.append(Paragraph(f"p-{len(blocks)}", text))
    return Document(title=title, source="latex", blocks=tuple(blocks))


@pytest.fixture(scope="module")
def linear_rnn_doc(corpus_source: Callable[[str], Path]) -> Document:
    tex = (corpus_source("1709.04057") / "main.tex").read_text(encoding="utf-8", errors="replace")
    return latex_document(tex, "Parallelizing Linear Recurrent Neural Nets Over Sequence Length")


@pytest.fixture(scope="module")
def conv_doc(corpus_source: Callable[[str], Path]) -> Document:
    folder = corpus_source("1603.07285")
    tex = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in sorted(folder.rglob("*.tex")))
    return latex_document(tex, "A guide to convolution arithmetic for deep learning")


@pytest.fixture
def library(tmp_path: Path, linear_rnn_doc: Document, conv_doc: Document) -> Iterator[Store]:
    with open_store(tmp_path / "n.db") as store:
        assert store.index_document("1709.04057", linear_rnn_doc.title, linear_rnn_doc) > 50
        assert store.index_document("1603.07285", conv_doc.title, conv_doc) > 50
        yield store


def test_keyword_search_finds_the_right_paper_with_marked_words(library: Store) -> None:
    hits = library.search("parallel scan", mode="keyword")
    assert hits, "'parallel scan' should match the linear RNN paper"
    assert hits[0].paper_id == "1709.04057", f"best hit came from {hits[0].paper_id}"
    assert "[" in hits[0].snippet and "]" in hits[0].snippet, f"no marks in {hits[0].snippet!r}"
    assert hits[0].via == ("keyword",)
    assert any(h.section for h in hits), "passages must remember their section title"
    conv = library.search("padding stride", mode="keyword")
    assert conv and conv[0].paper_id == "1603.07285"


def test_hybrid_without_embedder_is_keyword(library: Store) -> None:
    assert library.search("strides") == library.search("strides", mode="keyword")


def test_paper_filter_and_stemming(library: Store) -> None:
    hits = library.search("convolutions", paper_id="1709.04057", mode="keyword")
    assert all(h.paper_id == "1709.04057" for h in hits), "the --paper filter leaked other papers"
    # porter stemming: "strides" finds "stride"
    assert library.search("strides", mode="keyword"), "stemmed words should match"


def test_notes_are_searched_and_deleted_notes_are_not(library: Store) -> None:
    note = library.add_note("1709.04057", "Why does the scan need associativity?", tags=["question"])
    hits = library.search("associativity", mode="keyword")
    note_hits = [h for h in hits if h.kind == "note"]
    assert note_hits and note_hits[0].note_id == note.id, "a note should be found by its words"
    assert "[associativity]" in note_hits[0].snippet
    assert library.search("question", mode="keyword")[0].note_id == note.id, "tags are searchable"
    library.delete_note(note.id)
    assert not [h for h in library.search("associativity", mode="keyword") if h.kind == "note"]


def test_reindexing_replaces_and_unchanged_is_skipped(tmp_path: Path) -> None:
    doc = Document(
        title="GRU",
        source="latex",
        abstract="We compare recurrent units.",
        blocks=(
            Section("sec-3", "3", "Gated Recurrent Unit", 1),
            Paragraph("p-1", "The reset gate forgets the previous state."),
            Equation(
                "eq-5",
                r"z_t = \sigma(W_z x_t + U_z h_{t-1})",
                number="5",
                context_before="The update gate is computed by",
                context_after="where sigma is the logistic sigmoid.",
            ),
        ),
    )
    with open_store(tmp_path / "n.db") as store:
        # The abstract, the paragraph and the equation; the heading is no passage of its own.
        assert store.index_document("1412.3555", "GRU", doc) == 3
        assert store.index_document("1412.3555", "GRU", doc) == 0, "unchanged: must be skipped"
        hit = store.search("update gate", mode="keyword")[0]
        assert (hit.equation, hit.section) == ("5", "3 Gated Recurrent Unit")
        changed = Document(title="GRU", source="latex", blocks=(Paragraph("p-1", "Only this now."),))
        assert store.index_document("1412.3555", "GRU", changed) == 1
        assert store.search("reset gate", mode="keyword") == [], "old passages must be replaced"
        assert list(store.indexed_papers()) == ["1412.3555"]


ODD_QUERIES = [
    'gate" OR',
    "(((",
    ")",
    "AND",
    "OR OR",
    "NOT",
    "-",
    "*",
    "a*b*",
    "NEAR(a b, 3)",
    "col:gate",
    "^start",
    '"',
    '""',
    "'",
    "a - b",
    "+x",
    "\\sigma",
    "$z_t$",
    "h_{t-1}",
    "{}",
    "[]",
    "a AND",
    "-gate",
    "- -",
    "x OR -y",
    "🙂",
    "\x00",
    "\u200b",
    "日本語",
]


@pytest.mark.parametrize("query", ODD_QUERIES)
def test_odd_queries_never_raise(library: Store, query: str) -> None:
    library.search(query, mode="keyword")


def test_exclusion_and_phrase(library: Store) -> None:
    both = library.search("linear recurrence", mode="keyword", limit=100)
    excluded = library.search("linear recurrence -parallel", mode="keyword", limit=100)
    assert excluded and len(excluded) < len(both), "-word should remove matches"
    assert all("parallel" not in h.text.lower() for h in excluded)
    assert library.search('"sequence length"', mode="keyword")


_fts_words = st.sampled_from(
    ['"', "(", ")", "*", "-", "AND", "OR", "NOT", "NEAR", ":", "^", "+", " ", "gate", "é"]
)


@pytest.fixture(scope="module")
def fts_table() -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(a, b, tokenize='porter unicode61')")
    conn.execute("INSERT INTO t VALUES ('the update gate', 'NEAR AND OR NOT')")
    yield conn
    conn.close()


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.text(), st.lists(st.one_of(_fts_words, st.text(max_size=3))).map("".join)))
def test_fuzz_any_text_is_a_valid_fts_query(fts_table: sqlite3.Connection, text: str) -> None:
    parsed = parse_query(text)
    for fts in (parsed.fts, parsed.loose):
        if fts is None:
            continue
        try:
            fts_table.execute("SELECT count(*) FROM t WHERE t MATCH ?", (fts,)).fetchone()
        except sqlite3.Error as err:
            pytest.fail(f"query {text!r} became invalid FTS5 {fts!r}: {err}")


def test_common_words_are_ranked_within_a_bounded_window(
    library: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from paperpal.store import store as store_module

    everything = library.search("the", mode="keyword", limit=500)
    monkeypatch.setattr(store_module, "RANK_WINDOW", 5)
    bounded = library.search("the", mode="keyword", limit=500)
    assert len(everything) > 50, "'the' should match many passages"
    assert 0 < len(bounded) <= 6, "only the newest RANK_WINDOW matches should be ranked"
    assert {h.paper_id for h in bounded} == {"1603.07285"}, "the window must hold the newest paper"
    # A paper filter ranks all of that paper's matches, whatever the window.
    older = library.search("the", mode="keyword", paper_id="1709.04057", limit=500)
    assert len(older) > 20 and {h.paper_id for h in older} == {"1709.04057"}


def test_a_sentence_with_no_passage_holding_every_word_still_ranks(library: Store) -> None:
    query = "how do strides and padding change the output of a convolution in my homework"
    hits = library.search(query, mode="keyword")
    assert hits, "a question typed as a sentence should fall back to matching any of its words"
    assert hits[0].paper_id == "1603.07285", f"best hit came from {hits[0].paper_id}"
