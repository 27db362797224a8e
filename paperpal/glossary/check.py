"""``paperpal glossary check``: every problem in the glossary, listed, never raised.

This module owns the whole-glossary validation CI runs: the schema of every entry (via
``schema``), ids unique across all files (symbols and concepts share one namespace), every
reference resolving (``requires``, ``see_also``, ``denotes``), the prerequisite graph being
acyclic and reaching every concept from ``concepts/foundations.toml``, no LaTeX spelling claimed by
two symbols, and every spelling tokenizing with ``paperpal.mathtokens``. It must not stop at the
first problem (the loader does that) and must not need the embedding model or the network.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from paperpal.glossary.graph import find_cycles, unreachable
from paperpal.glossary.loader import RawEntry, entry_problems, read_entries, shipped_root

FOUNDATIONS = "foundations"  # the one concepts file whose entries may have no prerequisites


@dataclass(frozen=True, slots=True)
class CheckReport:
    problems: tuple[str, ...]
    symbols: int  # entries counted after the user overlay
    concepts: int
    files: int
    by_domain: Mapping[str, int] = field(default_factory=dict)  # "concepts/optimization" -> n

    @property
    def ok(self) -> bool:
        return not self.problems


def check_glossary(root: Path | None = None, user_dir: Path | None = None) -> list[str]:
    """Every problem in the glossary at ``root`` (default: the shipped one) plus ``user_dir``."""
    return list(check_report(root, user_dir).problems)


def check_report(root: Path | None = None, user_dir: Path | None = None) -> CheckReport:
    """The problems and the counts (what ``paperpal glossary check`` prints)."""
    base = root if root is not None else shipped_root()
    entries, problems = read_entries(base)
    files = len({e.file for e in entries})
    if user_dir is not None and user_dir.is_dir():
        user_entries, user_problems = read_entries(user_dir)
        problems += user_problems
        files += len({e.file for e in user_entries})
    else:
        user_entries = []

    valid: list[RawEntry] = []
    for entry in (*entries, *user_entries):
        found = entry_problems(entry)
        problems += found
        if not found:
            valid.append(entry)

    problems += _duplicate_ids(entries)
    problems += _duplicate_ids(user_entries)
    # The overlay replaces shipped entries by id: check what the reader will actually get.
    merged: dict[str, RawEntry] = {}
    from_user = {id(e) for e in user_entries}
    for entry in valid:
        if id(entry) in from_user:
            merged[entry.id] = entry
        else:
            merged.setdefault(entry.id, entry)
    symbols = {k: e for k, e in merged.items() if e.kind == "symbol"}
    concepts = {k: e for k, e in merged.items() if e.kind == "concept"}

    problems += _reference_problems(symbols, concepts)
    problems += _graph_problems(concepts)
    problems += _latex_problems(symbols)
    by_domain = Counter(
        f"{'symbols' if e.kind == 'symbol' else 'concepts'}/{e.domain}" for e in merged.values()
    )
    return CheckReport(
        problems=tuple(problems),
        symbols=len(symbols),
        concepts=len(concepts),
        files=files,
        by_domain=dict(sorted(by_domain.items())),
    )


def _duplicate_ids(entries: list[RawEntry]) -> list[str]:
    first: dict[str, RawEntry] = {}
    problems = []
    for entry in entries:
        seen = first.setdefault(entry.id, entry)
        if seen is not entry:
            problems.append(
                f"{entry.where}: duplicate id: {entry.id!r} is already a {seen.kind} in {seen.file}"
            )
    return problems


def _strings(table: Any, key: str) -> list[str]:
    value = table.get(key, []) if isinstance(table, dict) else []
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _reference_problems(symbols: dict[str, RawEntry], concepts: dict[str, RawEntry]) -> list[str]:
    problems = []
    for entry in concepts.values():
        for key in ("requires", "see_also"):
            for ref in _strings(entry.table, key):
                if ref not in concepts:
                    what = "a symbol, not a concept" if ref in symbols else "no such concept"
                    problems.append(f"{entry.where}: {key} {ref!r} does not resolve ({what})")
        if entry.id in _strings(entry.table, "requires"):
            problems.append(f"{entry.where}: requires itself")
        if entry.domain != FOUNDATIONS and not _strings(entry.table, "requires"):
            problems.append(
                f"{entry.where}: 'requires' is empty; only concepts/{FOUNDATIONS}.toml "
                "entries may have no prerequisites"
            )
    for entry in symbols.values():
        table = entry.table
        senses = [s for s in table.get("senses", []) if isinstance(s, dict)]
        refs = [table.get("denotes")] + [s.get("denotes") for s in senses]
        for ref in refs:
            if isinstance(ref, str) and ref not in concepts:
                problems.append(f"{entry.where}: denotes {ref!r}, which is not a concept")
        for number, sense in enumerate(senses, start=1):
            for ref in _strings(sense, "concepts"):
                if ref not in concepts:
                    problems.append(f"{entry.where} sense {number}: concepts {ref!r} is not a concept")
    return problems


def _graph_problems(concepts: dict[str, RawEntry]) -> list[str]:
    requires = {
        cid: tuple(r for r in _strings(e.table, "requires") if r in concepts and r != cid)
        for cid, e in concepts.items()
    }
    problems = [
        "prerequisite cycle: " + " -> ".join(cycle) + " (a concept cannot need itself)"
        for cycle in find_cycles(requires)
    ]
    roots = [cid for cid, e in concepts.items() if e.domain == FOUNDATIONS]
    if concepts and not roots:
        problems.append(f"no concepts/{FOUNDATIONS}.toml entries: nothing for reading paths to start from")
    for cid in unreachable(requires, roots) if roots else ():
        problems.append(
            f"{concepts[cid].where}: not reachable from the foundations "
            "(no chain of 'requires' leads back to concepts/foundations.toml)"
        )
    return problems


def _latex_problems(symbols: dict[str, RawEntry]) -> list[str]:
    from paperpal.mathtokens import normalize, tokenize

    problems = []
    claimed: dict[str, str] = {}
    for entry in symbols.values():
        for spelling in _strings(entry.table, "latex"):
            if not spelling.strip():
                problems.append(f"{entry.where}: an empty LaTeX spelling")
                continue
            bad = [t for t in tokenize(spelling) if t.kind == "error"]
            if bad:
                problems.append(
                    f"{entry.where}: LaTeX {spelling!r} does not tokenize "
                    f"(unbalanced brace or stray backslash at character {bad[0].start})"
                )
                continue
            key = normalize(spelling)
            owner = claimed.setdefault(key, entry.id)
            if owner != entry.id:
                problems.append(
                    f"{entry.where}: LaTeX {spelling!r} is already claimed by [{owner}]; "
                    "give the extra meaning as a sense of that entry"
                )
    return problems
