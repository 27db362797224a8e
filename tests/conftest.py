"""Shared test fixtures.

Every test runs with its own empty paperpal home (``PAPERPAL_HOME``) and with arXiv pointed at a
closed local port, so no test can touch the reader's real library or the real network by
accident. Tests that need arXiv start the fake one (``fake_arxiv`` fixture, tests/fake_arxiv.py).

The real papers live in ``../shared/corpus`` beside the checkout (see ../shared/README.md).
"""

from __future__ import annotations

import os
import tarfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("PAPERPAL_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus"
CORPUS_IDS = sorted(p.name for p in CORPUS.iterdir()) if CORPUS.is_dir() else []

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("PAPERPAL_HOME", str(home))
    monkeypatch.setenv("PAPERPAL_CONFIG", str(home / "config.toml"))
    # Port 9 (discard) is closed on loopback: any accidental fetch fails fast instead of
    # reaching the internet.
    monkeypatch.setenv("PAPERPAL_ARXIV_URL", "http://127.0.0.1:9")
    # The reader links jargon by meaning in the background (loading the model); only the tests
    # about that turn it on.
    monkeypatch.setenv("PAPERPAL_LINK", "0")
    return home


@pytest.fixture
def home(_isolated_home: Path) -> Path:
    """This test's PAPERPAL_HOME."""
    return _isolated_home


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.fail(f"the shared corpus is missing: expected it at {CORPUS}")
    return CORPUS


_unpacked: dict[str, Path] = {}


@pytest.fixture(scope="session")
def corpus_source(corpus: Path, tmp_path_factory: pytest.TempPathFactory):
    """``corpus_source("1603.07285")`` -> folder with that paper's unpacked LaTeX source."""

    def unpack(paper_id: str) -> Path:
        if paper_id not in _unpacked:
            target = tmp_path_factory.mktemp(f"src-{paper_id}")
            with tarfile.open(corpus / paper_id / "source.tar.gz") as tar:
                tar.extractall(target, filter="data")
            _unpacked[paper_id] = target
        return _unpacked[paper_id]

    return unpack


@pytest.fixture
def fake_arxiv(corpus: Path, monkeypatch: pytest.MonkeyPatch):
    """A fake arXiv on 127.0.0.1 serving the corpus; PAPERPAL_ARXIV_URL points at it.

    The API interval is 0 and retries back off briefly, so fault tests stay fast. The server
    object can be told to misbehave (``fake_arxiv.fail("/pdf/", status=503, retry_after="1")``)
    and counts requests (``fake_arxiv.count()``). See tests/fake_arxiv.py.
    """
    import sys

    here = str(Path(__file__).resolve().parent)
    if here not in sys.path:
        sys.path.insert(0, here)
    from fake_arxiv import FakeArxiv

    server = FakeArxiv(corpus).start()
    monkeypatch.setenv("PAPERPAL_ARXIV_URL", server.url)
    monkeypatch.setenv("PAPERPAL_ARXIV_INTERVAL", "0")
    monkeypatch.setenv("PAPERPAL_ARXIV_BACKOFF", "0.05")
    yield server
    server.stop()
