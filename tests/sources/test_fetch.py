"""get_paper against the fake arXiv: every e-print shape, the cache, offline use, network faults.

The fake arXiv (tests/fake_arxiv.py) is a real HTTP server on 127.0.0.1 serving ../shared/corpus.
"""

from __future__ import annotations

import gzip
import json
import threading
import time
from pathlib import Path

import pytest

from paperpal import paths
from paperpal.errors import CorruptDownload, NetworkError, PaperNotFound
from paperpal.models import PaperFiles
from paperpal.sources import cached_paper, get_paper, list_library
from paperpal.sources.cache import NO_PDF, NO_SOURCE


def library_entries() -> list[str]:
    root = paths.library_dir()
    return sorted(p.name for p in root.iterdir()) if root.is_dir() else []


def assert_nothing_cached(paper_id: str) -> None:
    entries = library_entries()
    assert paper_id.replace("/", "_") not in entries, f"{paper_id} was cached after a failed fetch"
    assert not [e for e in entries if e.startswith(".")], f"staging folders were left behind: {entries}"
    assert cached_paper(paper_id) is None


def fake_meta(paper_id: str, title: str = "A Made-Up Paper") -> dict[str, object]:
    return {
        "id": paper_id,
        "version": 2,
        "title": title,
        "authors": ["Ada Lovelace", "Alan Turing"],
        "primary_category": "cs.LG",
        "categories": ["cs.LG"],
        "published": "2020-01-02",
        "abstract": "",
    }


# --------------------------------------------------------------------------------------------
# the three e-print shapes
# --------------------------------------------------------------------------------------------


def test_tar_eprint_with_pdf(fake_arxiv, corpus: Path) -> None:
    paper = get_paper("1603.07285")
    meta = json.loads((corpus / "1603.07285" / "meta.json").read_text())
    assert paper.meta.id == "1603.07285" and paper.meta.title == meta["title"]
    assert paper.meta.authors == tuple(meta["authors"]) and paper.meta.version == meta["version"]
    assert (
        paper.meta.published == meta["published"] and paper.meta.primary_category == meta["primary_category"]
    )
    assert paper.meta.url == "https://arxiv.org/abs/1603.07285v1"
    assert paper.folder == paths.library_dir() / "1603.07285"
    assert paper.pdf == paper.folder / "paper.pdf"
    assert paper.pdf.read_bytes() == (corpus / "1603.07285" / "paper.pdf").read_bytes()
    assert paper.source_dir == paper.folder / "source" and any(paper.source_dir.rglob("*.tex"))
    assert paper.warnings == () and paper.from_cache is False
    assert sorted(p.name for p in paper.folder.iterdir()) == [
        "fetch.json",
        "meta.json",
        "paper.pdf",
        "source",
    ]
    assert fake_arxiv.count("/api/query") == 1 and fake_arxiv.count("/e-print/1603.07285v1") == 1


def test_pdf_only_submission(fake_arxiv, corpus: Path) -> None:
    paper = get_paper("1412.3555")
    assert paper.source_dir is None, "a PDF e-print must not produce a source folder"
    assert (
        paper.pdf is not None and paper.pdf.read_bytes() == (corpus / "1412.3555" / "paper.pdf").read_bytes()
    )
    assert NO_SOURCE in paper.warnings
    # The corpus copy is damaged on purpose (no %PDF header): kept, with a warning.
    assert any("damaged" in w for w in paper.warnings), paper.warnings
    assert fake_arxiv.count("/pdf/") == 0, "the PDF was downloaded twice: the e-print already was the PDF"


def test_source_only_paper(fake_arxiv) -> None:
    paper = get_paper("1605.09410")
    assert paper.pdf is None and paper.source_dir is not None
    assert NO_PDF in paper.warnings


def test_single_gzipped_tex_eprint(fake_arxiv, corpus: Path, tmp_path: Path) -> None:
    eprint = tmp_path / "eprint.gz"
    eprint.write_bytes(
        gzip.compress(b"\\documentclass{article}\\title{Tiny}\\begin{document}$x$\\end{document}")
    )
    fake_arxiv.add_paper(fake_meta("2001.00001"), pdf=corpus / "1706.03762" / "paper.pdf", eprint=eprint)
    paper = get_paper("2001.00001")
    assert paper.source_dir is not None
    assert [p.name for p in paper.source_dir.iterdir()] == ["main.tex"]
    assert paper.pdf is not None and paper.meta.version == 2 and paper.warnings == ()


def test_eprint_labelled_x_gzip_is_saved_as_sent(fake_arxiv, corpus: Path) -> None:
    # arXiv may send gzipped e-prints with Content-Encoding: x-gzip; unzipping on the way would
    # break the length check and change the file.
    fake_arxiv.fail("/e-print/", headers={"Content-Encoding": "x-gzip"}, times=-1)
    paper = get_paper("1603.07285")
    assert paper.source_dir is not None and any(paper.source_dir.rglob("*.tex")), paper.warnings


def test_uncompressed_tex_eprint(fake_arxiv, tmp_path: Path) -> None:
    eprint = tmp_path / "eprint.tex"
    eprint.write_bytes(b"\\documentclass{article}\\begin{document}plain\\end{document}")
    fake_arxiv.add_paper(fake_meta("2001.00002"), eprint=eprint)
    paper = get_paper("2001.00002")
    assert (
        paper.source_dir is not None and (paper.source_dir / "main.tex").read_bytes() == eprint.read_bytes()
    )


def test_old_style_id(fake_arxiv, tmp_path: Path) -> None:
    eprint = tmp_path / "eprint.gz"
    eprint.write_bytes(gzip.compress(b"\\documentclass{article}\\begin{document}old\\end{document}"))
    fake_arxiv.add_paper(fake_meta("hep-th/9901001", "Strings"), eprint=eprint)
    paper = get_paper("arXiv:hep-th/9901001")
    assert paper.meta.id == "hep-th/9901001"
    assert paper.folder == paths.library_dir() / "hep-th_9901001"
    assert cached_paper("hep-th/9901001") is not None


def test_every_arxiv_ref_form_fetches(fake_arxiv) -> None:
    for ref in [
        "1706.03762",
        "1706.03762v5",
        "arXiv:1706.03762",
        "https://arxiv.org/abs/1706.03762",
        "https://arxiv.org/pdf/1706.03762v5.pdf",
    ]:
        paper = get_paper(ref)
        assert paper.meta.id == "1706.03762" and paper.meta.version == 5, f"{ref}: {paper.meta}"
    assert fake_arxiv.count("/api/query") == 1, "later forms of a cached paper must not touch the network"


# --------------------------------------------------------------------------------------------
# the cache and offline use
# --------------------------------------------------------------------------------------------


def test_cached_paper_by_id_and_version(fake_arxiv) -> None:
    assert cached_paper("1706.03762") is None
    get_paper("1706.03762")
    assert cached_paper("1706.03762") is not None and cached_paper("1706.03762v5") is not None
    assert cached_paper("1706.03762v4") is None
    assert cached_paper("../etc") is None and cached_paper("") is None


def test_second_fetch_uses_no_network(fake_arxiv) -> None:
    first = get_paper("1603.07285")
    before = fake_arxiv.count()
    second = get_paper("1603.07285")
    assert fake_arxiv.count() == before, "a cached paper made requests"
    assert second.from_cache and second.meta == first.meta and second.pdf == first.pdf


def test_refresh_fetches_again(fake_arxiv) -> None:
    get_paper("1603.07285")
    before = fake_arxiv.count()
    again = get_paper("1603.07285", refresh=True)
    assert fake_arxiv.count() > before and again.from_cache is False
    assert [p.meta.id for p in list_library()] == ["1603.07285"]


def test_offline_cached_and_uncached(fake_arxiv) -> None:
    get_paper("1603.07285")
    fake_arxiv.stop()  # the port is now closed: arXiv is unreachable
    cached = get_paper("1603.07285")
    assert cached.from_cache and not any("reached" in w for w in cached.warnings)
    refreshed = get_paper("1603.07285", refresh=True)
    assert refreshed.from_cache and any("could not be reached" in w for w in refreshed.warnings), (
        refreshed.warnings
    )
    with pytest.raises(NetworkError) as err:
        get_paper("1706.03762")
    message = str(err.value)
    assert "could not be reached" in message and "local file" in message, message


def test_offline_flag_never_touches_the_network(fake_arxiv) -> None:
    get_paper("1603.07285")
    before = fake_arxiv.count()
    assert get_paper("1603.07285", offline=True, refresh=True).from_cache
    with pytest.raises(NetworkError, match="offline"):
        get_paper("1706.03762", offline=True)
    assert fake_arxiv.count() == before


def test_unknown_id(fake_arxiv) -> None:
    with pytest.raises(PaperNotFound, match=r"arXiv has no paper 2101\.00001"):
        get_paper("2101.00001")
    with pytest.raises(PaperNotFound, match="arXiv has no paper 1412.3555v9"):
        get_paper("1412.3555v9")
    assert_nothing_cached("2101.00001")


def test_other_version_than_cached_is_fetched(fake_arxiv, corpus: Path) -> None:
    get_paper("1706.03762")
    with pytest.raises(PaperNotFound):
        get_paper("1706.03762v6")
    assert get_paper("1706.03762v5").from_cache


def test_broken_library_folder_is_skipped(fake_arxiv) -> None:
    get_paper("1603.07285")
    broken = paths.library_dir() / "1502.03167"
    broken.mkdir()
    (broken / "meta.json").write_text("{not json")
    seen: list[str] = []
    papers = list_library(warn=seen.append)
    assert [p.meta.id for p in papers] == ["1603.07285"]
    assert seen and "1502.03167" in seen[0], seen
    assert cached_paper("1502.03167") is None
    assert get_paper("1502.03167").from_cache is False, "a broken folder should be fetched again"


def test_concurrent_fetches_of_one_paper(fake_arxiv) -> None:
    results: list[PaperFiles | BaseException] = []

    def fetch() -> None:
        try:
            results.append(get_paper("1603.07285"))
        except BaseException as err:  # noqa: BLE001 - reported by the assertion below
            results.append(err)

    threads = [threading.Thread(target=fetch) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(isinstance(r, PaperFiles) for r in results), results
    assert library_entries() == ["1603.07285"]


# --------------------------------------------------------------------------------------------
# network faults
# --------------------------------------------------------------------------------------------


def test_user_agent_is_descriptive(fake_arxiv) -> None:
    get_paper("1603.07285")
    agents = {r.user_agent for r in fake_arxiv.requests}
    assert len(agents) == 1 and agents.pop().startswith("paperpal/"), agents


def test_api_requests_are_paced(fake_arxiv, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAPERPAL_ARXIV_INTERVAL", "0.4")
    get_paper("1603.07285")
    get_paper("1706.03762")
    times = [r.at for r in fake_arxiv.requests if r.path.startswith("/api/query")]
    assert len(times) == 2 and times[1] - times[0] >= 0.38, f"API requests {times[1] - times[0]:.2f} s apart"


def test_pdf_404_keeps_the_source(fake_arxiv) -> None:
    fake_arxiv.fail("/pdf/", status=404, times=-1)
    paper = get_paper("1603.07285")
    assert paper.pdf is None and paper.source_dir is not None and NO_PDF in paper.warnings


def test_eprint_404_falls_back_to_the_pdf(fake_arxiv) -> None:
    fake_arxiv.fail("/e-print/", status=404, times=-1)
    paper = get_paper("1603.07285")
    assert paper.source_dir is None and paper.pdf is not None and NO_SOURCE in paper.warnings


@pytest.mark.parametrize(("status", "path"), [(429, "/api/query"), (503, "/e-print/"), (503, "/pdf/")])
def test_retry_after_is_honoured(fake_arxiv, status: int, path: str) -> None:
    fake_arxiv.fail(path, status=status, retry_after="1", times=1)
    start = time.monotonic()
    paper = get_paper("1603.07285")
    elapsed = time.monotonic() - start
    assert paper.pdf is not None and paper.source_dir is not None
    assert fake_arxiv.count(path) == 2, f"expected one retry of {path}, saw {fake_arxiv.count(path)} requests"
    assert 0.95 <= elapsed < 5, f"Retry-After: 1 should cost about a second, took {elapsed:.2f} s"


def test_too_long_retry_after_gives_up_with_a_message(fake_arxiv) -> None:
    fake_arxiv.fail("/api/query", status=503, retry_after="3600", times=-1)
    start = time.monotonic()
    with pytest.raises(NetworkError, match="asked us to wait 3600 seconds"):
        get_paper("1603.07285")
    assert time.monotonic() - start < 2
    assert_nothing_cached("1603.07285")


def test_persistent_503_gives_up_after_bounded_retries(fake_arxiv) -> None:
    fake_arxiv.fail("/e-print/", status=503, times=-1)
    with pytest.raises(NetworkError, match="HTTP 503"):
        get_paper("1603.07285")
    assert fake_arxiv.count("/e-print/") == 4, "3 retries after the first attempt"
    assert_nothing_cached("1603.07285")


def test_hung_server_times_out(fake_arxiv, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAPERPAL_ARXIV_TIMEOUT", "0.3")
    monkeypatch.setenv("PAPERPAL_ARXIV_RETRIES", "1")
    fake_arxiv.fail("/pdf/", delay=3, times=-1)
    start = time.monotonic()
    with pytest.raises(NetworkError, match="timeout"):
        get_paper("1603.07285")
    assert time.monotonic() - start < 2.5, "a hung server (3 s) must not hang paperpal"
    assert_nothing_cached("1603.07285")


def test_cut_short_body_is_retried(fake_arxiv, corpus: Path) -> None:
    fake_arxiv.fail("/pdf/", truncate=1000, times=1)
    paper = get_paper("1603.07285")
    assert paper.pdf is not None
    assert paper.pdf.read_bytes() == (corpus / "1603.07285" / "paper.pdf").read_bytes()
    assert fake_arxiv.count("/pdf/") == 2


def test_always_cut_short_is_never_cached(fake_arxiv) -> None:
    fake_arxiv.fail("/pdf/", truncate=1000, times=-1)
    with pytest.raises(NetworkError, match="cut short|broke off"):
        get_paper("1603.07285")
    assert_nothing_cached("1603.07285")


def test_html_instead_of_pdf(fake_arxiv) -> None:
    fake_arxiv.fail("/pdf/", html=True, times=-1)
    with pytest.raises(CorruptDownload, match="web page instead of the PDF"):
        get_paper("1603.07285")
    assert_nothing_cached("1603.07285")


def test_failed_refresh_keeps_the_old_copy(fake_arxiv) -> None:
    old = get_paper("1603.07285")
    fake_arxiv.fail("/pdf/", html=True, times=-1)
    again = get_paper("1603.07285", refresh=True)
    assert again.from_cache and again.pdf == old.pdf and again.pdf is not None and again.pdf.is_file()
    assert any("web page" in w for w in again.warnings), again.warnings


def test_html_instead_of_the_api_feed(fake_arxiv) -> None:
    fake_arxiv.fail("/api/query", html=True, times=-1)
    with pytest.raises(NetworkError, match="not an Atom feed"):
        get_paper("1603.07285")
    assert_nothing_cached("1603.07285")


def test_stale_staging_folders_are_cleaned(fake_arxiv) -> None:
    import os

    stale = paths.library_dir() / ".staging-1603.07285-crashed"
    stale.mkdir(parents=True)
    (stale / "paper.pdf").write_bytes(b"%PDF-half")
    os.utime(stale, (0, 0))
    get_paper("1603.07285")
    assert not stale.exists(), "a staging folder from a crash two days ago was not removed"
    assert [p.meta.id for p in list_library()] == ["1603.07285"]
