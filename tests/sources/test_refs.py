"""parse_ref: every REF form a reader may type, and the junk it must refuse before any I/O."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paperpal.errors import BadReference
from paperpal.sources import parse_ref
from paperpal.sources.refs import folder_name


@pytest.mark.parametrize(
    ("text", "arxiv_id", "version"),
    [
        ("1412.3555", "1412.3555", None),
        ("1412.3555v1", "1412.3555", 1),
        ("  1412.3555v12 ", "1412.3555", 12),
        ("arXiv:1412.3555", "1412.3555", None),
        ("arxiv:1706.03762v5", "1706.03762", 5),
        ("1502.03167", "1502.03167", None),
        ("https://arxiv.org/abs/1412.3555", "1412.3555", None),
        ("http://arxiv.org/abs/1412.3555v1", "1412.3555", 1),
        ("arxiv.org/abs/1706.03762", "1706.03762", None),
        ("https://arxiv.org/pdf/1706.03762v5", "1706.03762", 5),
        ("https://arxiv.org/pdf/1706.03762v5.pdf", "1706.03762", 5),
        ("https://export.arxiv.org/abs/1412.6980", "1412.6980", None),
        ("https://www.arxiv.org/pdf/1412.6980.pdf", "1412.6980", None),
        ("hep-th/9901001", "hep-th/9901001", None),
        ("hep-th/9901001v2", "hep-th/9901001", 2),
        ("arXiv:math.GT/0309136", "math.GT/0309136", None),
        ("https://arxiv.org/abs/hep-th/9901001", "hep-th/9901001", None),
        ("https://arxiv.org/abs/cond-mat/0102536v1", "cond-mat/0102536", 1),
    ],
)
def test_arxiv_forms(text: str, arxiv_id: str, version: int | None) -> None:
    ref = parse_ref(text)
    assert ref.kind == "arxiv", f"{text!r} should be read as an arXiv reference"
    assert (ref.arxiv_id, ref.version) == (arxiv_id, version), f"{text!r} parsed wrongly: {ref}"
    assert ref.raw == text


NOT_AN_ID = "is not an arXiv id or an existing file"
NO_FILE = "no such file or folder"
NOT_A_URL = "is not an arxiv.org abs or pdf URL"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "no paper given"),
        ("   ", "no paper given"),
        ("/etc/passwd", "is not a paper file"),
        ("1412.3555/../../x", NO_FILE),
        ("1412.355", NOT_AN_ID),  # too few digits
        ("1413.3555", NOT_AN_ID),  # month 13
        ("1412.35555", NOT_AN_ID),  # five digits before 2015
        ("1501.0001", NOT_AN_ID),  # four digits after 2015
        ("1412.3555v0", NOT_AN_ID),
        ("notanarchive/9901001", NO_FILE),
        ("hep-th/99010011", NO_FILE),
        ("https://example.com/abs/1412.3555", NOT_A_URL),
        ("https://arxiv.org/abs/../../etc/passwd", NOT_A_URL),
        ("https://arxiv.org/list/cs.LG/recent", NOT_A_URL),
        ("x" * 5000, "too long to be a paper"),
        ("1412.3555\x00", "contains a NUL character"),
        ("１４１２.３５５５", NOT_AN_ID),  # full-width digits
        ("🙂🙂", NOT_AN_ID),
        ("missing-file.pdf", NO_FILE),
        ("no/such/folder", NO_FILE),
    ],
    ids=lambda value: value[:24] if isinstance(value, str) else str(value),
)
def test_bad_references_are_refused(text: str, expected: str) -> None:
    with pytest.raises(BadReference) as err:
        parse_ref(text)
    message = str(err.value)
    assert expected in message, f"for {text[:40]!r}: {message}"
    assert "Use an arXiv id" in message or "paperpal reads" in message, (
        f"the message says what is accepted: {message}"
    )


def test_a_path_outside_the_working_folder_is_refused_as_not_a_paper(tmp_path, monkeypatch) -> None:
    folder = tmp_path / "a" / "b"
    folder.mkdir(parents=True)
    (tmp_path / "secret.txt").write_text("not a paper")
    monkeypatch.chdir(folder)
    with pytest.raises(BadReference, match="is not a paper file"):
        parse_ref("../../secret.txt")
    with pytest.raises(BadReference, match=NO_FILE):
        parse_ref("../../missing.txt")


def test_long_reference_message_is_short() -> None:
    with pytest.raises(BadReference) as err:
        parse_ref("y" * 5000)
    assert len(str(err.value)) < 400, "the message should not echo a huge input back"


def test_local_files(tmp_path: Path, corpus: Path) -> None:
    tex = tmp_path / "draft.tex"
    tex.write_text("\\documentclass{article}\\title{T}\\begin{document}x\\end{document}")
    gz = tmp_path / "draft.tex.gz"
    gz.write_bytes(gzip.compress(tex.read_bytes()))
    for path in [
        corpus / "1412.3555" / "paper.pdf",
        corpus / "1603.07285" / "source.tar.gz",
        tex,
        gz,
        corpus / "1603.07285",
    ]:
        ref = parse_ref(str(path))
        assert ref.kind == "local" and ref.path == path.resolve(), (
            f"{path} should be a local reference: {ref}"
        )


def test_relative_local_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "paper.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    monkeypatch.chdir(tmp_path)
    ref = parse_ref("./paper.pdf")
    assert ref.kind == "local" and ref.path == tmp_path / "paper.pdf"


def test_a_folder_without_a_paper_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(BadReference, match="holds no .tex, .pdf"):
        parse_ref(str(tmp_path))


def test_an_existing_file_of_the_wrong_kind_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "notes.txt"
    other.write_text("hello")
    with pytest.raises(BadReference, match="not a paper file"):
        parse_ref(str(other))


def test_folder_names() -> None:
    assert folder_name("hep-th/9901001") == "hep-th_9901001"
    assert folder_name("1412.3555") == "1412.3555"
    assert folder_name("local-0123456789ab") == "local-0123456789ab"
    for bad in ["../x", "1412.3555/..", "local-xyz", ""]:
        with pytest.raises(BadReference):
            folder_name(bad)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=120))
def test_parse_ref_only_ever_raises_bad_reference(text: str) -> None:
    try:
        ref = parse_ref(text)
    except BadReference:
        return
    if ref.kind == "arxiv":
        assert ref.arxiv_id is not None and ".." not in ref.arxiv_id
        folder_name(ref.arxiv_id)  # a parsed id is always safe as a folder name
    else:
        assert ref.path is not None and ref.path.exists()


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"(arXiv:)?[0-9]{4}\.[0-9]{4,5}(v[0-9]{1,3})?", fullmatch=True))
def test_id_like_text_never_crashes(text: str) -> None:
    try:
        parse_ref(text)
    except BadReference:
        pass
