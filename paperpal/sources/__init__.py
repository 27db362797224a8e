"""Getting a paper onto the reader's machine and keeping it there.

The public face of ``paperpal.sources``: ``parse_ref`` (what the user typed -> ``PaperRef``),
``get_paper`` (cached, fetched from arXiv or a mirror, or imported from disk -> ``PaperFiles``),
``list_library`` and ``cached_paper``. The cache is consulted first, so a cached paper never
touches the network. Importing this package is cheap: ``requests`` and ``arxiv`` load only when
something has to be downloaded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from paperpal.errors import BadReference, CorruptDownload, NetworkError
from paperpal.models import PaperFiles, PaperRef
from paperpal.sources.cache import cached_paper, list_library
from paperpal.sources.refs import parse_ref

__all__ = ["cached_paper", "get_paper", "list_library", "parse_ref"]

LOCAL_HINT = (
    "To read a paper without network, open a local file instead: "
    "paperpal open path/to/paper.pdf (or a .tex, a .tar.gz, or a folder)."
)


def _with_warning(paper: PaperFiles, warning: str) -> PaperFiles:
    return replace(paper, warnings=(*paper.warnings, warning), from_cache=True)


def get_paper(
    ref: str | PaperRef,
    *,
    offline: bool = False,
    refresh: bool = False,
    progress: Callable[[str], None] | None = None,
) -> PaperFiles:
    """The paper's files in the library, fetching or importing them only when needed.

    ``offline`` forbids the network; ``refresh`` fetches again even when cached. When arXiv cannot
    be reached, a cached copy is returned with a warning; without one, ``NetworkError`` says so.
    """
    parsed = ref if isinstance(ref, PaperRef) else parse_ref(ref)
    if parsed.library_id is not None:
        found = cached_paper(parsed.library_id)
        if found is None:
            raise BadReference(
                f"{parsed.library_id} is not in your library (`paperpal library` lists what is); "
                "open the file or folder it was imported from instead."
            )
        return found
    if parsed.kind == "local":
        from paperpal.sources.local import import_local

        assert parsed.path is not None
        return import_local(parsed.path, refresh=refresh, progress=progress)

    assert parsed.arxiv_id is not None
    wanted = parsed.arxiv_id + (f"v{parsed.version}" if parsed.version else "")
    cached = cached_paper(parsed.arxiv_id)
    other_version = (
        cached is not None and parsed.version is not None and cached.meta.version != parsed.version
    )
    if cached is not None and not refresh and not other_version:
        return cached

    if offline:
        if cached is not None:
            why = (
                f"you asked for {wanted} but the library holds version {cached.meta.version}"
                if other_version
                else "it was not refreshed"
            )
            return _with_warning(cached, f"working offline: showing the copy in your library ({why})")
        raise NetworkError(
            f"{wanted} is not in your library, and paperpal is working offline so arXiv could not be "
            f"reached. {LOCAL_HINT}"
        )

    from paperpal.config import arxiv_settings
    from paperpal.sources.fetch import fetch_arxiv

    settings = arxiv_settings()
    try:
        return fetch_arxiv(parsed.arxiv_id, parsed.version, settings, progress)
    except (NetworkError, CorruptDownload) as err:
        if cached is not None:
            return _with_warning(
                cached, f"arXiv could not be reached ({err}); showing the copy from your library"
            )
        if isinstance(err, CorruptDownload):
            raise
        raise NetworkError(
            f"could not fetch {wanted}: arXiv at {settings.base_url} could not be reached or did not "
            f"answer properly ({err}). {LOCAL_HINT}"
        ) from None
