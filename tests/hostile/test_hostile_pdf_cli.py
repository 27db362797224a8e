"""Bad PDFs through the real CLI: `paperpal show FILE.pdf` as a user would type it.

Each case ends with either a clear ``paperpal:`` message and the ``UnreadablePaper`` (6) or
``BadReference`` (2) exit code, or a partial report with a warning saying what was lost; never a
traceback, never a hang, and never a half-built folder in the library.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from hostile_support import Ran, expect_failure, expect_success, library_papers, run_cli, stray_files

from paperpal.errors import BadReference, UnreadablePaper


@pytest.fixture(scope="session")
def thousand_page_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated 1,000-page PDF with a line of prose and a formula on every page."""
    import pymupdf

    path = tmp_path_factory.mktemp("big-pdf") / "thousand.pdf"
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "We define the state h as the sum of the inputs, h = x + 1.")
    while doc.page_count < 1000:  # doubling: ten copies instead of a thousand page builds
        copy = pymupdf.open("pdf", doc.tobytes())
        doc.insert_pdf(copy, to_page=min(copy.page_count, 1000 - doc.page_count) - 1)
        copy.close()
    doc.save(path)
    doc.close()
    return path


@pytest.fixture(scope="module")
def encrypted_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Ran, Path]:
    """`paperpal show locked.pdf` once, shared by the tests that check different things about it."""
    home = tmp_path_factory.mktemp("home-encrypted")
    locked = _encrypted(tmp_path_factory.mktemp("encrypted") / "locked.pdf")
    return run_cli("show", str(locked), home=home), home


def _encrypted(path: Path) -> Path:
    import pymupdf

    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "Secret equations: x = y + z.")
    doc.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="o", user_pw="u")
    doc.close()
    return path


def test_zero_byte_pdf_is_refused(tmp_path: Path, home: Path) -> None:
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    ran = run_cli("show", str(empty), home=home)
    expect_failure(ran, BadReference.exit_code, "empty.pdf is not a PDF file")
    assert library_papers(home) == [], "a refused file must not be kept in the library"
    assert stray_files(home) == []


def test_random_bytes_named_pdf_are_refused(tmp_path: Path, home: Path) -> None:
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(os.urandom(64 * 1024))
    ran = run_cli("show", str(junk), home=home)
    expect_failure(ran, BadReference.exit_code, "junk.pdf is not a PDF file")
    assert library_papers(home) == [] and stray_files(home) == []


def test_encrypted_pdf_says_so(encrypted_run: tuple[Ran, Path]) -> None:
    ran, home = encrypted_run
    expect_failure(ran, UnreadablePaper.exit_code, "encrypted with a password", "unencrypted copy")
    assert stray_files(home) == []


def test_unreadable_local_pdf_is_not_kept_in_the_library(encrypted_run: tuple[Ran, Path]) -> None:
    ran, home = encrypted_run
    expect_failure(ran, UnreadablePaper.exit_code)
    assert library_papers(home) == [], f"the unreadable file was kept: {library_papers(home)}"
    # The message names the file the user typed, not the library copy that is gone again.
    assert "locked.pdf" in ran.err and "/library/" not in ran.err, ran.describe()


def test_truncated_corpus_pdf_fails_cleanly_or_reads_what_is_there(
    corpus: Path, tmp_path: Path, home: Path
) -> None:
    data = (corpus / "1706.03762" / "paper.pdf").read_bytes()
    cut = tmp_path / "attention-cut.pdf"
    cut.write_bytes(data[: len(data) // 2])
    ran = run_cli("show", str(cut), "--json", home=home)
    assert stray_files(home) == []
    if ran.code == 0:  # MuPDF managed to repair it: then what it read must be reported
        report = json.loads(ran.out)
        assert report["paper"]["source"] == "pdf" and report["sections"], ran.describe()
        return
    expect_failure(ran, UnreadablePaper.exit_code, "not a readable PDF")


@pytest.mark.slow
def test_zeroed_start_of_a_real_paper_gives_a_partial_report(
    corpus: Path, tmp_path: Path, home: Path
) -> None:
    """The corpus's 1412.3555 is a real damaged copy: first 16 KiB zeroed, pages 2-3 lost."""
    copy = tmp_path / "gru.pdf"
    shutil.copy(corpus / "1412.3555" / "paper.pdf", copy)
    ran = run_cli("show", str(copy), "--json", home=home, timeout=120)
    expect_success(ran)
    report = json.loads(ran.out)
    warnings = report["paper"]["warnings"]
    assert any("pages 2–3 could not be read" in w for w in warnings), warnings
    assert any("damaged at its start" in w for w in warnings), warnings
    numbers = {eq["number"] for eq in report["equations"]}
    assert "5" in numbers, f"the GRU equation (5) on page 4 must still be decoded; got {sorted(numbers)}"
    assert stray_files(home) == []


def test_thousand_page_pdf_is_bounded(thousand_page_pdf: Path, home: Path) -> None:
    ran = run_cli("show", str(thousand_page_pdf), "--json", home=home, timeout=120)
    expect_success(ran)
    report = json.loads(ran.out)
    assert any("only the first 300 were read" in w for w in report["paper"]["warnings"]), report["paper"]
    assert ran.seconds < 60, f"a 1,000-page PDF took {ran.seconds:.1f} s"
    assert ran.peak_mb < 1024, f"a 1,000-page PDF took {ran.peak_mb:.0f} MB of memory"
    assert stray_files(home) == []
