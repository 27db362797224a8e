"""Metadata from arXiv's query API, through the ``arxiv`` package, turned into ``PaperMeta``.

The only module that imports ``arxiv``; no ``arxiv.Result`` leaves it. The package is used
through its public API (``Client``, its documented ``query_url_format``, ``Search``, ``Result``,
its errors) with one exception, isolated in ``_client``: the package has no public way to take an
HTTP session, and its own has no timeout, deadline or size cap, so ``_client`` sets the private
``_session`` to our ``PoliteSession`` (pacing, timeouts, deadline, size cap, redirect rule,
User-Agent, retries with Retry-After). ``tests/sources/test_arxiv_package.py`` fails when the
package changes under that. It fetches metadata only: PDFs and e-prints are downloaded by
``sources.fetch``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from paperpal.config import ArxivSettings
from paperpal.errors import NetworkError, PaperNotFound
from paperpal.models import PaperMeta
from paperpal.sources.http import PoliteSession

if TYPE_CHECKING:
    import arxiv


def _version_of(short_id: str) -> tuple[str, int | None]:
    head, sep, tail = short_id.rpartition("v")
    if sep and tail.isdigit() and head and head[-1].isdigit():
        return head, int(tail)
    return short_id, None


def _client(settings: ArxivSettings, progress: Callable[[str], None] | None) -> arxiv.Client:
    """An ``arxiv.Client`` asking the configured API, its requests made by ``PoliteSession``.

    The package's own retries and delay are switched off: PoliteSession does both, with backoff.
    """
    import arxiv

    client = arxiv.Client(page_size=1, delay_seconds=0.0, num_retries=0)
    client.query_url_format = settings.api_url + "?{}"  # public: where the API lives
    # The one private hook (see the module docstring): the session the Client requests through.
    client._session = PoliteSession(settings, progress)
    return client


def fetch_meta(
    arxiv_id: str,
    version: int | None,
    settings: ArxivSettings,
    progress: Callable[[str], None] | None = None,
) -> PaperMeta:
    """The metadata of one paper; ``PaperNotFound`` when arXiv has no entry for it."""
    import arxiv

    client = _client(settings, progress)
    wanted = f"{arxiv_id}v{version}" if version else arxiv_id
    try:
        results = list(client.results(arxiv.Search(id_list=[wanted], max_results=1)))
    except arxiv.HTTPError as err:
        if err.status in (400, 404):
            raise PaperNotFound(f"arXiv has no paper {wanted}") from None
        raise NetworkError(f"arXiv's API answered HTTP {err.status} for {wanted}") from None
    except arxiv.ArxivError as err:
        raise NetworkError(f"arXiv's API gave an unusable answer for {wanted}: {err.message}") from None
    # arXiv reports a bad id as an entry whose id points at its error page, not as an HTTP error.
    results = [r for r in results if "/api/errors" not in r.entry_id]
    if not results:
        raise PaperNotFound(f"arXiv has no paper {wanted}")
    result = results[0]
    found_id, found_version = _version_of(result.get_short_id())
    if found_id != arxiv_id:
        raise PaperNotFound(f"arXiv has no paper {wanted} (it answered with {found_id} instead)")
    if version is not None and found_version not in (None, version):
        raise PaperNotFound(f"arXiv has no version {version} of paper {arxiv_id}")
    final_version = found_version or version
    return PaperMeta(
        id=arxiv_id,
        title=" ".join(result.title.split()),
        authors=tuple(a.name for a in result.authors),
        abstract=" ".join(result.summary.split()),
        version=final_version,
        categories=tuple(result.categories),
        primary_category=result.primary_category or None,
        published=result.published.date().isoformat() if result.published.year > 1 else None,
        origin="arxiv",
        url=f"https://arxiv.org/abs/{arxiv_id}" + (f"v{final_version}" if final_version else ""),
    )
