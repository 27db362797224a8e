"""Network faults through the real CLI: `paperpal fetch ID` against a misbehaving fake arXiv.

The fake arXiv (tests/fake_arxiv.py) is a real HTTP server on 127.0.0.1 in this test process; the
CLI runs in a child process and reaches it through PAPERPAL_ARXIV_URL, exactly as it would reach
arxiv.org. Each fault ends in bounded time with a clear message (``PaperNotFound`` 3 or
``NetworkError``/``CorruptDownload`` 4), retries stay within their bound, and nothing
half-written is cached: the library holds no folder for the paper and no partial file.
"""

from __future__ import annotations

import json
from pathlib import Path

from hostile_support import (
    expect_failure,
    expect_success,
    library_papers,
    run_cli,
    stray_files,
    tree_digest,
)

from paperpal.errors import CorruptDownload, NetworkError, PaperNotFound

PAPER = "1603.07285"  # LaTeX source and PDF: both downloads are exercised


def assert_nothing_cached(home: Path) -> None:
    assert library_papers(home) == [], f"a failed fetch left a paper in the library: {library_papers(home)}"
    assert stray_files(home) == [], f"a failed fetch left partial files: {stray_files(home)}"


def test_unknown_id_is_not_found(fake_arxiv, home: Path) -> None:
    ran = run_cli("fetch", "2101.00001", home=home)
    expect_failure(ran, PaperNotFound.exit_code, "arXiv has no paper 2101.00001")
    assert_nothing_cached(home)


def test_404_for_both_files_is_not_found(fake_arxiv, home: Path) -> None:
    fake_arxiv.fail("/e-print/", status=404, times=-1)
    fake_arxiv.fail("/pdf/", status=404, times=-1)
    ran = run_cli("fetch", PAPER, home=home)
    expect_failure(ran, PaperNotFound.exit_code, "neither a PDF nor a LaTeX source")
    assert_nothing_cached(home)


def test_429_with_retry_after_is_waited_for_then_succeeds(fake_arxiv, home: Path) -> None:
    fake_arxiv.fail("/api/query", status=429, retry_after="1", times=1)
    ran = run_cli("fetch", PAPER, "--json", home=home)
    expect_success(ran)
    assert json.loads(ran.out)["files"] == ["pdf", "source"]
    assert fake_arxiv.count("/api/query") == 2, "one retry after the 429"
    assert ran.seconds >= 1.0, f"Retry-After: 1 was not honoured ({ran.seconds:.2f} s)"


def test_persistent_503_gives_up_after_bounded_retries(fake_arxiv, home: Path) -> None:
    fake_arxiv.fail("/pdf/", status=503, retry_after="1", times=-1)
    ran = run_cli("fetch", PAPER, home=home, env={"PAPERPAL_ARXIV_RETRIES": "2"}, timeout=60)
    expect_failure(ran, NetworkError.exit_code, "HTTP 503", "3 attempts")
    assert fake_arxiv.count("/pdf/") == 3, f"2 retries expected, saw {fake_arxiv.count('/pdf/')} requests"
    assert 2.0 <= ran.seconds < 20, f"two Retry-After: 1 waits should take about 2 s, took {ran.seconds:.1f}"
    assert_nothing_cached(home)


def test_retry_after_beyond_the_cap_gives_up_at_once(fake_arxiv, home: Path) -> None:
    fake_arxiv.fail("/api/query", status=503, retry_after="3600", times=-1)
    ran = run_cli("fetch", PAPER, home=home)
    expect_failure(ran, NetworkError.exit_code, "asked us to wait 3600 seconds", "try again later")
    assert fake_arxiv.count("/api/query") == 1, "a long Retry-After should not be retried"
    assert ran.seconds < 10
    assert_nothing_cached(home)


def test_hung_connection_times_out(fake_arxiv, home: Path) -> None:
    fake_arxiv.fail("/pdf/", delay=8, times=-1)
    ran = run_cli(
        "fetch", PAPER, home=home, env={"PAPERPAL_ARXIV_TIMEOUT": "0.5", "PAPERPAL_ARXIV_RETRIES": "1"}
    )
    expect_failure(ran, NetworkError.exit_code, "no answer before the timeout")
    assert ran.seconds < 7, f"a server that hangs for 8 s held paperpal for {ran.seconds:.1f} s"
    assert_nothing_cached(home)


def test_body_cut_short_is_retried_then_refused(fake_arxiv, home: Path) -> None:
    fake_arxiv.fail("/pdf/", truncate=4096, times=-1)
    ran = run_cli("fetch", PAPER, home=home, env={"PAPERPAL_ARXIV_RETRIES": "2"})
    expect_failure(ran, NetworkError.exit_code, "broke off after 4096 bytes", "3 attempts")
    assert fake_arxiv.count("/pdf/") == 3
    assert_nothing_cached(home)


def test_html_instead_of_a_pdf(fake_arxiv, home: Path) -> None:
    fake_arxiv.fail("/pdf/", html=True, times=-1)
    ran = run_cli("fetch", PAPER, home=home)
    expect_failure(ran, CorruptDownload.exit_code, "web page instead of the PDF")
    assert_nothing_cached(home)


def test_html_instead_of_the_metadata_feed(fake_arxiv, home: Path) -> None:
    fake_arxiv.fail("/api/query", html=True, times=-1)
    ran = run_cli("fetch", PAPER, home=home, env={"PAPERPAL_ARXIV_RETRIES": "1"})
    expect_failure(ran, NetworkError.exit_code, "not an Atom feed")
    assert_nothing_cached(home)


def test_closed_port_is_reported_quickly(home: Path) -> None:
    # conftest points arXiv at port 9 on 127.0.0.1, which refuses connections.
    ran = run_cli("show", PAPER, home=home, env={"PAPERPAL_ARXIV_BACKOFF": "0.05"})
    expect_failure(ran, NetworkError.exit_code, "could not be reached", "open a local file instead")
    assert ran.seconds < 10, f"an unreachable arXiv took {ran.seconds:.1f} s to report"
    assert library_papers(home) == []


def test_failed_refresh_keeps_the_cached_copy(fake_arxiv, home: Path) -> None:
    expect_success(run_cli("fetch", PAPER, home=home))
    before = tree_digest(home / "library")
    fake_arxiv.fail("/pdf/", html=True, times=-1)
    ran = run_cli("fetch", PAPER, "--refresh", "--json", home=home)
    expect_success(ran)
    data = json.loads(ran.out)
    assert data["from_cache"] is True, data
    assert any("showing the copy from your library" in w for w in data["warnings"]), data["warnings"]
    assert tree_digest(home / "library") == before, "a failed refresh changed the cached paper"
    assert stray_files(home) == []
