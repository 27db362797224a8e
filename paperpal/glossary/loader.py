"""Reading the glossary from disk: the shipped TOML files plus the reader's own overlay.

This module owns where the glossary lives (inside the wheel as ``paperpal/_glossary``, or the
repository's ``glossary/`` folder for an editable install), parsing it with ``tomllib``, and
overlaying user entries by id. It is strict: a file that does not parse, an entry with an unknown
or missing key, or an id used twice in one layer raises ``GlossaryError`` naming the file and the
entry. It does not check references or the prerequisite graph (``check`` does, so that one
dangling ``see_also`` never stops a reader from opening a paper).

The shipped part is read on every command, so it is parsed once per process and cached, keyed by
the files' sizes and modification times.
"""

from __future__ import annotations

import enum
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from paperpal.errors import GlossaryError
from paperpal.fileio import MAX_GLOSSARY_FILE, read_limited
from paperpal.glossary.model import Glossary
from paperpal.glossary.schema import (
    Origin,
    concept_problems,
    symbol_problems,
    to_concept,
    to_symbol,
)
from paperpal.models import Concept, GlossarySymbol

EntryKind = Literal["symbol", "concept"]
_FOLDERS: tuple[tuple[str, EntryKind], ...] = (("symbols", "symbol"), ("concepts", "concept"))


class _Default(enum.Enum):
    USER_DIR = "user-dir"


#: ``load_glossary()``'s default: overlay the reader's folder (``paths.user_glossary_dir()``).
USER_DIR = _Default.USER_DIR


@dataclass(frozen=True, slots=True)
class RawEntry:
    """One table as written in a file, before validation."""

    kind: EntryKind
    id: str
    table: Any
    file: Path
    domain: str  # the file's stem: "neural-networks"

    @property
    def where(self) -> str:
        return f"{self.file}: [{self.id}]"


def shipped_root() -> Path:
    """The folder holding the shipped ``symbols/`` and ``concepts/``."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "_glossary", package.parent / "glossary"):
        if candidate.is_dir():
            return candidate
    raise GlossaryError(
        f"the shipped glossary is missing (looked in {package / '_glossary'} and "
        f"{package.parent / 'glossary'}); reinstall paperpal"
    )


def glossary_files(root: Path) -> Iterator[tuple[EntryKind, Path]]:
    """The TOML files under ``root``, symbols first, each folder in name order."""
    for folder, kind in _FOLDERS:
        directory = root / folder
        if directory.is_dir():
            for path in sorted(directory.glob("*.toml")):
                yield kind, path


def read_entries(root: Path) -> tuple[list[RawEntry], list[str]]:
    """Every table under ``root`` in file order, and the files that are not valid TOML."""
    entries: list[RawEntry] = []
    problems: list[str] = []
    for kind, path in glossary_files(root):
        try:
            raw = read_limited(path, MAX_GLOSSARY_FILE, what="the glossary file", error=GlossaryError)
            data = tomllib.loads(raw.decode("utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
            problems.append(f"{path}: not valid TOML: {err}")
            continue
        except RecursionError:
            problems.append(f"{path}: not valid TOML: it nests too deeply")
            continue
        except GlossaryError as err:
            problems.append(str(err))
            continue
        except OSError as err:
            problems.append(f"{path}: cannot be read: {err}")
            continue
        for entry_id, table in data.items():
            entries.append(RawEntry(kind, entry_id, table, path, path.stem))
    return entries, problems


def entry_problems(entry: RawEntry) -> list[str]:
    """Schema problems of one entry on its own."""
    if entry.kind == "symbol":
        return symbol_problems(entry.where, entry.id, entry.table)
    return concept_problems(entry.where, entry.id, entry.table)


def load_layer(root: Path, origin: Origin) -> tuple[tuple[GlossarySymbol, ...], tuple[Concept, ...]]:
    """Parse and validate one layer (shipped or user); raise on the first problem."""
    entries, problems = read_entries(root)
    if problems:
        raise GlossaryError(_with_hint(problems[0], origin))
    symbols: list[GlossarySymbol] = []
    concepts: list[Concept] = []
    seen: dict[str, RawEntry] = {}
    for entry in entries:
        problems = entry_problems(entry)
        if problems:
            raise GlossaryError(_with_hint(problems[0], origin))
        first = seen.setdefault(entry.id, entry)
        if first is not entry:
            raise GlossaryError(
                _with_hint(f"{entry.where}: the id {entry.id!r} is already used in {first.file}", origin)
            )
        if entry.kind == "symbol":
            symbols.append(to_symbol(entry.id, entry.table, domain=entry.domain, origin=origin))
        else:
            concepts.append(to_concept(entry.id, entry.table, domain=entry.domain, origin=origin))
    return tuple(symbols), tuple(concepts)


def _with_hint(problem: str, origin: Origin) -> str:
    if origin == "user":
        return f"your glossary entry is invalid: {problem}. Fix or remove it."
    return f"the shipped glossary is invalid: {problem}. Run `paperpal glossary check` for the full list."


def _fingerprint(root: Path) -> tuple[tuple[str, int, int], ...]:
    stamps = []
    for _, path in glossary_files(root):
        stat = path.stat()
        stamps.append((str(path), stat.st_size, stat.st_mtime_ns))
    return tuple(stamps)


Layer = tuple[tuple[GlossarySymbol, ...], tuple[Concept, ...], Glossary]


@lru_cache(maxsize=8)
def _cached_layer(root: Path, fingerprint: tuple[tuple[str, int, int], ...]) -> Layer:
    # Parsing ~900 TOML entries costs about half a second, which the reader pays on every start;
    # the parsed, validated layer is kept on disk, keyed by the files' names, sizes and times.
    cached = _read_disk_cache(fingerprint)
    if cached is not None:
        return cached
    symbols, concepts = load_layer(root, "shipped")
    layer = (symbols, concepts, Glossary.from_entries(symbols, concepts))
    _write_disk_cache(fingerprint, layer)
    return layer


def _disk_cache_path(fingerprint: tuple[tuple[str, int, int], ...]) -> Path:
    import hashlib

    from paperpal import __version__
    from paperpal.paths import cache_dir

    digest = hashlib.sha256(repr((__version__, fingerprint)).encode()).hexdigest()[:20]
    return cache_dir() / f"glossary-{digest}.json.gz"


def _read_disk_cache(fingerprint: tuple[tuple[str, int, int], ...]) -> Layer | None:
    from paperpal import codec

    path = _disk_cache_path(fingerprint)
    try:
        data = codec.read(path)
        symbols, concepts = tuple(data["symbols"]), tuple(data["concepts"])
        if not all(isinstance(s, GlossarySymbol) for s in symbols) or not all(
            isinstance(c, Concept) for c in concepts
        ):
            raise codec.DamagedCache("not a glossary")
        glossary = Glossary(
            symbols={s.id: s for s in symbols},
            concepts={c.id: c for c in concepts},
            by_latex=dict(data["by_latex"]),
            by_name=dict(data["by_name"]),
        )
    except FileNotFoundError:
        return None
    except (OSError, KeyError, TypeError, codec.DamagedCache):
        path.unlink(missing_ok=True)  # a damaged cache is rebuilt from the TOML files
        return None
    return symbols, concepts, glossary


def _write_disk_cache(fingerprint: tuple[tuple[str, int, int], ...], layer: Layer) -> None:
    from paperpal import codec

    path = _disk_cache_path(fingerprint)
    symbols, concepts, glossary = layer
    try:
        for old in path.parent.glob("glossary-*"):
            if old != path:
                old.unlink(missing_ok=True)
        codec.write(
            path,
            {
                "symbols": symbols,
                "concepts": concepts,
                "by_latex": dict(glossary.by_latex),
                "by_name": dict(glossary.by_name),
            },
        )
    except OSError:
        pass  # a read-only cache folder only costs the speed-up
    from paperpal.paths import home

    # paperpal 0.1 pickled the glossary into the data folder: never read again.
    for legacy in (home() / "cache").glob("glossary-*.pickle"):
        legacy.unlink(missing_ok=True)


def load_glossary(user_dir: Path | None | _Default = USER_DIR, *, root: Path | None = None) -> Glossary:
    """The glossary: shipped entries (``root``, default: the shipped folder) plus the overlay.

    ``user_dir`` defaults to the reader's glossary folder; ``None`` loads the shipped part only.
    A user entry replaces the shipped entry of the same kind and id; new ids are added.
    """
    base = root if root is not None else shipped_root()
    symbols, concepts, shipped = _cached_layer(base, _fingerprint(base))
    if user_dir is USER_DIR:
        from paperpal.paths import user_glossary_dir

        user_dir = user_glossary_dir()
    if not isinstance(user_dir, Path) or not any(glossary_files(user_dir)):
        return shipped
    user_symbols, user_concepts = load_layer(user_dir, "user")
    # User entries go first so that, where a user spelling or name collides with a shipped one,
    # the lookups (first claim wins) answer with the reader's entry.
    user_symbol_ids = {s.id for s in user_symbols}
    user_concept_ids = {c.id for c in user_concepts}
    return Glossary.from_entries(
        (*user_symbols, *(s for s in symbols if s.id not in user_symbol_ids)),
        (*user_concepts, *(c for c in concepts if c.id not in user_concept_ids)),
    )
