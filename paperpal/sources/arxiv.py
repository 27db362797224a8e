"""Metadata from arXiv's query API, through the ``arxiv`` package, turned into ``PaperMeta``.

The only module that imports ``arxiv``; no ``arxiv.Result`` leaves it. The package's ``Client``
is pointed at the configured API URL and given our ``PoliteSession`` (pacing, timeouts,
User-Agent, retries with Retry-After). It fetches metadata only: PDFs and e-prints are downloaded
by ``sources.fetch``.
"""

from __future__ import annotations

from collections.abc import Callable

from paperpal.config import ArxivSettings
from paperpal.errors import NetworkError, PaperNotFound
from paperpal.models import PaperMeta
from paperpal.sources.http import PoliteSession


def _version_of(short_id: str) -> tuple[str, int | None]:
    head, sep, tail = short_id.rpartition("v")
    if sep and tail.isdigit() and head and head[-1].isdigit():
        return head, int(tail)
    return short_id, None


def fetch_meta(
    arxiv_id: str,
    version: int | None,
    settings: ArxivSettings,
    progress: Callable[[str], None] | None = None,
) -> PaperMeta:
    """The metadata of one paper; ``PaperNotFound`` when arXiv has no entry for it."""
    import arxiv

    # The package's own retries and delay are switched off: PoliteSession does both, with backoff.
    client = arxiv.Client(page_size=1, delay_seconds=0.0, num_retries=0)
    client.query_url_format = settings.api_url + "?{}"
    client._session = PoliteSession(settings, progress)
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
