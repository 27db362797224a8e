"""The one place paperpal reaches inside the ``arxiv`` package, and a test that fails if it moves.

paperpal uses the package through its public API (``Client``, ``Client.query_url_format``,
``Search``, ``Result`` and its errors) with one exception, isolated in
``paperpal.sources.arxiv._client``: the package has no public way to take an HTTP session (its
own has no timeout, deadline or size cap), so the private ``Client._session`` is set to
paperpal's ``PoliteSession``. These tests pin exactly what that relies on: the Client makes its
requests through ``_session.get(url, headers=...)``, builds the URL from ``query_url_format``,
and reads only ``status_code`` and ``content`` from the answer. If a new version of the package
changes any of that, they fail here, with this explanation, instead of in a user's hands.
"""

from __future__ import annotations

from typing import Any

import arxiv
import pytest

from paperpal.config import arxiv_settings
from paperpal.sources.arxiv import _client, fetch_meta


class _Answer:
    """Only what PoliteSession returns: reading anything else fails loudly."""

    def __init__(self, status_code: int, content: bytes) -> None:
        self.status_code = status_code
        self.content = content


class _Recorder:
    def __init__(self, answer: _Answer) -> None:
        self.answer = answer
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def get(self, url: str, **kwargs: Any) -> _Answer:
        self.calls.append((url, kwargs))
        return self.answer


def test_the_client_requests_through_its_session_and_reads_only_status_and_content() -> None:
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from fake_arxiv import Paper, atom_feed

    meta = {"id": "2101.00001", "version": 2, "title": "T", "authors": ["A B"], "abstract": "S",
            "published": "2021-01-02", "primary_category": "cs.LG", "categories": ["cs.LG"]}  # fmt: skip
    recorder = _Recorder(_Answer(200, atom_feed("http://mirror.test", [Paper(meta=meta)])))
    client = arxiv.Client(page_size=1, delay_seconds=0.0, num_retries=0)
    client.query_url_format = "http://mirror.test/api/query?{}"
    assert isinstance(client._session, __import__("requests").Session), (
        "arxiv.Client no longer keeps a requests session in _session: update sources/arxiv._client"
    )
    client._session = recorder  # type: ignore[assignment]
    results = list(client.results(arxiv.Search(id_list=["2101.00001"], max_results=1)))
    assert [r.get_short_id() for r in results] == ["2101.00001v2"], (
        "arxiv.Client did not parse the answer it got from _session.get: update sources/arxiv._client"
    )
    assert len(recorder.calls) == 1, "arxiv.Client did not request through _session.get"
    url, kwargs = recorder.calls[0]
    assert url.startswith("http://mirror.test/api/query?"), f"query_url_format was not used: {url}"
    assert set(kwargs) <= {"headers"}, f"arxiv.Client passes new arguments to get(): {kwargs}"


def test_an_error_status_reaches_paperpal_as_the_package_s_http_error() -> None:
    client = arxiv.Client(page_size=1, delay_seconds=0.0, num_retries=0)
    client._session = _Recorder(_Answer(503, b""))  # type: ignore[assignment]
    with pytest.raises(arxiv.HTTPError) as raised:
        list(client.results(arxiv.Search(id_list=["2101.00001"])))
    assert raised.value.status == 503


def test_paperpal_s_client_uses_the_polite_session(fake_arxiv) -> None:
    from paperpal.sources.http import PoliteSession

    client = _client(arxiv_settings(), None)
    assert isinstance(client._session, PoliteSession)
    assert client.query_url_format == arxiv_settings().api_url + "?{}"
    meta = fetch_meta("1706.03762", None, arxiv_settings())
    assert meta.title == "Attention Is All You Need"
    agents = {r.user_agent for r in fake_arxiv.requests if r.path.startswith("/api/query")}
    assert agents and all(a.startswith("paperpal/") for a in agents), f"the API was asked by {agents}"
