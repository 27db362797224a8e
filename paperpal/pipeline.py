"""The one entry point the CLI and the TUI share: a REF in, a ``PaperReport`` out.

    ref -> sources.get_paper -> extract.read_document -> notation.decode
        -> linking.find_terms -> glossary.paper_path.paper_path -> PaperReport

Collaborators (glossary, known concepts, embedder) are passed in; only ``cli``/``commands`` and
``tui/app.py`` build the real ones. Fuzzy failures inside a stage become warnings on the report;
only a paper that cannot be found or read at all raises (a ``PaperpalError``).

Building a report from a cached paper is memoised in the user cache folder (``reports/<id>/``, as
gzip-compressed JSON written by ``codec``: data, never code), keyed by paperpal's code, the
glossary and the paper's files, so reopening a paper is instant.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Collection
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from paperpal import __version__
from paperpal.errors import UnreadablePaper
from paperpal.models import Document, PaperContext, PaperFiles, PaperMeta, PaperReport, TermInfo

if TYPE_CHECKING:
    from paperpal.embeddings import Embedder
    from paperpal.glossary.model import Glossary

Progress = Callable[[str], None]

_CACHE_NAME = "report"


def resolve_paper(
    ref: str,
    *,
    offline: bool = False,
    refresh: bool = False,
    progress: Progress | None = None,
) -> PaperFiles:
    """The paper's files in the library, fetching or importing them when needed."""
    from paperpal.sources import get_paper

    return get_paper(ref, offline=offline, refresh=refresh, progress=progress)


def load_document(
    ref: str | PaperFiles,
    *,
    offline: bool = False,
    progress: Progress | None = None,
) -> tuple[PaperFiles, Document]:
    """The paper's files and its ``Document`` (LaTeX source first, the PDF otherwise)."""
    from paperpal.extract import read_document

    files = ref if isinstance(ref, PaperFiles) else resolve_paper(ref, offline=offline, progress=progress)
    if progress:
        progress(f"reading {files.meta.id}")
    return files, read_document(files)


def read_paper(
    ref: str | PaperFiles,
    *,
    glossary: Glossary | None = None,
    known: Collection[str] = (),
    embedder: Embedder | None = None,
    offline: bool = False,
    use_cache: bool = True,
    progress: Progress | None = None,
) -> PaperReport:
    """Everything paperpal knows about a paper: document, decoded notation, jargon, reading path.

    ``known`` are the concept ids the reader has marked as known: the default reading path
    leaves out known prerequisites; the full path keeps them, marked. ``embedder`` links candidate terms to concepts by meaning; without it, only exact
    names, aliases and abbreviations are linked (fast, and no model to load).
    """
    from paperpal.glossary.paper_path import paper_path

    files = ref if isinstance(ref, PaperFiles) else resolve_paper(ref, offline=offline, progress=progress)
    if glossary is None:
        from paperpal.glossary.loader import load_glossary

        glossary = load_glossary()

    cache = _cache_path(files, glossary, linked=embedder is not None) if use_cache else None
    report = _read_cached(cache) if cache else None
    if report is None:
        try:
            report = _build(files, glossary, embedder, progress)
        except UnreadablePaper as err:
            # A local file imported just now that cannot be read at all would otherwise sit in
            # the library as a paper that never opens; arXiv papers stay (they were asked for).
            if files.meta.origin != "local" or files.from_cache:
                raise
            raise UnreadablePaper(_forget_import(files, str(err))) from None
        if cache:
            _write_cached(cache, report, files.folder)

    # The reading path depends on what the reader knows, which changes between runs: always
    # recomputed (it is cheap), never cached.
    known_set = frozenset(known)
    path = paper_path(report.terms, glossary, known_set)
    full = paper_path(report.terms, glossary, known_set, full=True)
    warnings = report.warnings
    if files.warnings:
        warnings = tuple(dict.fromkeys((*files.warnings, *warnings)))
    return replace(report, meta=files.meta, reading_path=path, full_path=full, warnings=warnings)


def read_library_paper(ref: str, *, glossary: Glossary) -> PaperReport | None:
    """The report of an arXiv paper already in the library, when its report is memoised.

    Never fetches, imports or builds anything: None whenever ``read_paper`` would have to do more
    than read the library (not cached, another version asked for, a local file, no memo). The
    reader uses it to open on a cached paper at once, before its screen starts.
    """
    from paperpal.errors import PaperpalError
    from paperpal.sources import cached_paper, parse_ref

    try:
        parsed = parse_ref(ref)
    except PaperpalError:
        return None
    key = parsed.library_id or parsed.arxiv_id  # a local file itself is imported first: not here
    if key is None:
        return None
    files = cached_paper(key)
    if files is None or (parsed.version is not None and files.meta.version != parsed.version):
        return None
    memo = _cache_path(files, glossary, linked=False)
    if memo is None or not memo.is_file():
        return None
    return read_paper(files, glossary=glossary)


def _forget_import(files: PaperFiles, message: str) -> str:
    """Take an unreadable import out of the library; the message names the user's own file."""
    from paperpal.sources.cache import discard, imported_from

    origin = imported_from(files)
    discard(files)
    if origin:
        # Longest first: the copy's PDF and source paths, its folder, then its id.
        for copy in (files.pdf, files.source_dir, files.folder):
            if copy is not None:
                message = message.replace(str(copy), origin)
        message = message.replace(files.meta.id, origin)
    return message


def _build(
    files: PaperFiles,
    glossary: Glossary,
    embedder: Embedder | None,
    progress: Progress | None,
) -> PaperReport:
    from paperpal.extract import read_document
    from paperpal.linking import find_terms
    from paperpal.notation.decode import decode

    if progress:
        progress(f"reading {files.meta.id}")
    document = read_document(files)
    # The jargon first: the concepts a paper's prose uses are evidence for which sense of a
    # symbol it means (h-tilde is a GRU's candidate state only in a paper about GRUs).
    if progress:
        progress("finding the jargon")
    terms = find_terms(document, glossary, embedder=embedder)
    if progress:
        progress("decoding the notation")
    context = paper_context(files.meta, terms)
    decoded = decode(document, glossary, context=context)
    warnings = tuple(dict.fromkeys((*document.warnings, *decoded.warnings)))
    return PaperReport(
        meta=files.meta,
        document=document,
        equations=decoded.equations,
        symbols=decoded.symbols,
        terms=terms,
        warnings=warnings,
        details=document.details,
    )


def paper_context(meta: PaperMeta, terms: tuple[TermInfo, ...]) -> PaperContext:
    """What the notation layer may use besides the text: categories and the concepts used."""
    categories = tuple(
        dict.fromkeys([*([meta.primary_category] if meta.primary_category else []), *meta.categories])
    )
    return PaperContext(
        categories=categories,
        concepts=frozenset(t.concept for t in terms if t.concept and t.match != "embedding"),
    )


def _cache_path(files: PaperFiles, glossary: Glossary, *, linked: bool) -> Path | None:
    """Where this paper's report is memoised (in the user cache folder), keyed by what it is
    built from: paperpal's code, the glossary, and the paper's files. None: no paper folder."""
    if not files.folder.is_dir():
        return None
    key = hashlib.sha256()
    key.update(__version__.encode())
    key.update(_code_fingerprint().encode())
    key.update(b"linked" if linked else b"exact")
    key.update(str(len(glossary.symbols)).encode())
    key.update(str(len(glossary.concepts)).encode())
    key.update(_glossary_fingerprint(glossary).encode())
    for path in (files.pdf, files.source_dir, files.folder / "meta.json"):
        if path is not None and path.exists():
            stat = path.stat()
            key.update(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    from paperpal.paths import cache_dir

    paper = files.meta.id.replace("/", "_")
    return cache_dir() / "reports" / paper / f"{_CACHE_NAME}-{key.hexdigest()[:16]}.json.gz"


@functools.cache
def _code_fingerprint() -> str:
    """Changes when any of paperpal's own modules does (an edit or a reinstall), so a report
    memoised by older code is rebuilt even when the version number stayed the same."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for path in sorted([*package.rglob("*.py"), *package.rglob("*.json")]):
        stat = path.stat()
        digest.update(f"{path.relative_to(package)}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


def _glossary_fingerprint(glossary: Glossary) -> str:
    digest = hashlib.sha256()
    for concept in glossary.concepts.values():
        digest.update(f"{concept.id}|{concept.name}|{concept.summary}|{concept.requires}".encode())
    for symbol in glossary.symbols.values():
        digest.update(f"{symbol.id}|{symbol.latex}|{symbol.senses}".encode())
    return digest.hexdigest()


def _read_cached(path: Path) -> PaperReport | None:
    from paperpal import codec

    try:
        report = codec.read(path)
    except FileNotFoundError:
        return None
    except (OSError, codec.DamagedCache):
        path.unlink(missing_ok=True)  # a stale or damaged cache is simply rebuilt
        return None
    return report if isinstance(report, PaperReport) else None


def _write_cached(path: Path, report: PaperReport, library_folder: Path | None = None) -> None:
    from paperpal import codec

    try:
        # Old memos of this paper are removed: only the current key is worth keeping.
        for old in path.parent.glob(f"{_CACHE_NAME}-*.json.gz"):
            if old != path:
                old.unlink(missing_ok=True)
        codec.write(path, report)
        # paperpal 0.1 kept pickled memos in the paper's folder: they are never read again.
        for legacy in library_folder.glob("report.pickle.*") if library_folder else ():
            legacy.unlink(missing_ok=True)
    except OSError:
        pass  # a cache that cannot be written only costs the speed-up
