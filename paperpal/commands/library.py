"""``paperpal fetch`` and ``paperpal library``: a thin shell over ``paperpal.sources``.

Parses arguments, calls one function, prints: data to stdout (text or ``--json``), progress and
warnings to stderr. Imports ``paperpal.sources`` inside the commands so that listing help stays
instant; no network or file logic lives here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from paperpal.commands.output import print_json, warn

if TYPE_CHECKING:
    from paperpal.models import PaperFiles


def _files(paper: PaperFiles) -> list[str]:
    return [name for name, path in (("pdf", paper.pdf), ("source", paper.source_dir)) if path is not None]


def paper_json(paper: PaperFiles) -> dict[str, Any]:
    """The JSON shape of one library entry, shared by ``fetch --json`` and ``library --json``."""
    meta = paper.meta
    return {
        "id": meta.id,
        "version": meta.version,
        "title": meta.title,
        "authors": list(meta.authors),
        "first_author": meta.authors[0] if meta.authors else None,
        "published": meta.published,
        "origin": meta.origin,
        "url": meta.url,
        "folder": str(paper.folder),
        "files": _files(paper),
        "pdf": str(paper.pdf) if paper.pdf else None,
        "source_dir": str(paper.source_dir) if paper.source_dir else None,
        "from_cache": paper.from_cache,
        "warnings": list(paper.warnings),
    }


def _label(paper: PaperFiles) -> str:
    meta = paper.meta
    return meta.id + (f"v{meta.version}" if meta.version else "")


@click.command()
@click.argument("ref")
@click.option("--refresh", is_flag=True, help="Download again even when the paper is in the library.")
@click.option("--offline", is_flag=True, help="Use the library only; never touch the network.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def fetch(ref: str, refresh: bool, offline: bool, as_json: bool) -> None:
    """Download a paper into the library (or import a local file).

    REF is an arXiv id (1412.3555, 1412.3555v1, arXiv:1412.3555, hep-th/9901001), an arxiv.org
    URL, or a local .pdf, .tex, .tar.gz or folder.

    \b
    Examples:
      paperpal fetch 1412.3555
      paperpal fetch https://arxiv.org/abs/1706.03762 --json
      paperpal fetch ~/papers/draft.tex
    """
    from paperpal.sources import get_paper

    paper = get_paper(ref, offline=offline, refresh=refresh, progress=warn)
    for message in paper.warnings:
        warn(f"warning: {message}")
    if as_json:
        print_json(paper_json(paper))
        return
    how = "already in the library" if paper.from_cache else "fetched"
    click.echo(f"{_label(paper)}  {paper.meta.title}")
    if paper.meta.authors:
        click.echo(f"  by {', '.join(paper.meta.authors)}")
    click.echo(f"  {how}: {', '.join(_files(paper)) or 'no files'} in {paper.folder}")


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the library as JSON.")
def library(as_json: bool) -> None:
    """List the papers in the library: id, version, title, first author, files present."""
    from paperpal import paths
    from paperpal.sources import list_library

    papers = list_library(warn=lambda message: warn(f"warning: {message}"))
    if as_json:
        print_json([paper_json(p) for p in papers])
        return
    if not papers:
        click.echo(f"The library at {paths.library_dir()} is empty. Try: paperpal fetch 1412.3555")
        return
    width = max(len(_label(p)) for p in papers)
    for paper in papers:
        author = paper.meta.authors[0] if paper.meta.authors else "-"
        if len(paper.meta.authors) > 1:
            author += " et al."
        files = "+".join(_files(paper)) or "-"
        click.echo(f"{_label(paper):<{width}}  {files:<10}  {paper.meta.title}  ({author})")
