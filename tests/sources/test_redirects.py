"""Which redirects paperpal follows: within the configured hosts, never down from https to http."""

from __future__ import annotations

from paperpal.config import ArxivSettings
from paperpal.sources.http import redirect_refusal

SETTINGS = ArxivSettings(
    base_url="https://arxiv.org",
    api_url="https://export.arxiv.org/api/query",
    interval=3.0,
    timeout=30.0,
    retries=3,
    max_retry_wait=60.0,
    backoff=1.0,
    redirect_hosts=("mirror.example.org",),
)


def test_redirects_within_the_configured_hosts_are_followed() -> None:
    assert redirect_refusal("https://arxiv.org/pdf/1", "https://arxiv.org/pdf/1v2", SETTINGS) is None
    assert redirect_refusal("https://arxiv.org/pdf/1", "https://export.arxiv.org/pdf/1", SETTINGS) is None
    assert redirect_refusal("https://arxiv.org/pdf/1", "https://mirror.example.org:8443/x", SETTINGS) is None


def test_other_hosts_schemes_and_downgrades_are_refused() -> None:
    refusal = redirect_refusal("https://arxiv.org/pdf/1", "https://evil.example/pdf/1", SETTINGS)
    assert refusal is not None and "another host, evil.example" in refusal and "redirect_hosts" in refusal
    refusal = redirect_refusal("https://arxiv.org/pdf/1", "http://arxiv.org/pdf/1", SETTINGS)
    assert refusal is not None and "plain http" in refusal
    refusal = redirect_refusal("https://arxiv.org/pdf/1", "file:///etc/passwd", SETTINGS)
    assert refusal is not None and "not a web address" in refusal
    # The same host on another port is another server.
    refusal = redirect_refusal("https://arxiv.org/pdf/1", "https://arxiv.org:8080/pdf/1", SETTINGS)
    assert refusal is not None
