"""Hostile PDFs: each gives a clear ``UnreadablePaper`` or a partial document, in bounded time."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from paperpal.errors import UnreadablePaper
from paperpal.extract.pdf import MAX_PAGES, read_pdf
from tests.conftest import CORPUS


def test_zero_bytes(tmp_path: Path) -> None:
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    with pytest.raises(UnreadablePaper, match="empty"):
        read_pdf(empty)


def test_random_bytes_named_pdf(tmp_path: Path) -> None:
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(os.urandom(50_000))
    with pytest.raises(UnreadablePaper) as err:
        read_pdf(junk)
    assert "junk.pdf" in str(err.value), f"the message should name the file: {err.value}"


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(UnreadablePaper, match="does not exist"):
        read_pdf(tmp_path / "nowhere.pdf")


def test_encrypted_without_password(tmp_path: Path) -> None:
    import pymupdf

    locked = tmp_path / "locked.pdf"
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "secret equations")
    doc.save(locked, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="user", owner_pw="owner")
    doc.close()
    with pytest.raises(UnreadablePaper, match="encrypted"):
        read_pdf(locked)


def test_truncated_pdf_gives_what_it_can(tmp_path: Path) -> None:
    cut = tmp_path / "cut.pdf"
    data = (CORPUS / "1706.03762" / "paper.pdf").read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    try:
        doc = read_pdf(cut)
    except UnreadablePaper as err:
        assert "cut.pdf" in str(err)
        return
    assert doc.paragraphs, "a truncated PDF that opens must still give its readable text"


def test_zeroed_header_is_repaired_and_reported(tmp_path: Path) -> None:
    """The corpus's 1412.3555 has its first 16 KiB zeroed; a copy elsewhere behaves the same."""
    copy = tmp_path / "gru.pdf"
    shutil.copy(CORPUS / "1412.3555" / "paper.pdf", copy)
    doc = read_pdf(copy)
    assert doc.warnings == ("pages 2–3 could not be read: the PDF is damaged",), doc.warnings


def test_thousand_pages_are_bounded(tmp_path: Path) -> None:
    import pymupdf

    big = tmp_path / "big.pdf"
    doc = pymupdf.open()
    for n in range(1000):
        doc.new_page().insert_text((72, 72), f"Page {n + 1} says x = y + {n}.")
    doc.save(big)
    doc.close()
    start = time.perf_counter()
    result = read_pdf(big)
    elapsed = time.perf_counter() - start
    assert result.pages == 1000
    assert any(f"only the first {MAX_PAGES}" in w for w in result.warnings), result.warnings
    assert max(b.page or 0 for b in result.blocks) <= MAX_PAGES
    assert elapsed < 30, f"reading a 1,000-page PDF took {elapsed:.1f}s"


def test_pdf_without_text_layer(tmp_path: Path) -> None:
    import pymupdf

    blank = tmp_path / "scan.pdf"
    doc = pymupdf.open()
    doc.new_page()
    doc.new_page()
    doc.save(blank)
    doc.close()
    with pytest.raises(UnreadablePaper, match="no page"):
        read_pdf(blank)
