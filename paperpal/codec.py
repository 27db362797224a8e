"""paperpal's values as plain JSON data and back: the format of every cache on disk.

Owns ``dump``/``load`` (a value to and from a JSON-compatible tree) and ``write``/``read`` (that
tree in a gzip-compressed JSON file, written atomically). A dataclass from ``paperpal.models``
becomes an object tagged with its class name; tuples become lists and come back as tuples,
frozensets and paths are tagged too. Only the frozen dataclasses of ``paperpal.models`` (and the
few classes registered with ``register``) can come back: reading a cache builds data, never runs
code, so a file dropped into the cache folder can at worst be rejected as damaged.

Must not: know what is cached or where (``pipeline`` and the glossary loader decide).
"""

from __future__ import annotations

import dataclasses
import gzip
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from paperpal import models

_TAG = "__t"
_CLASSES: dict[str, type] = {
    name: cls
    for name, cls in vars(models).items()
    if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == models.__name__
}


_FIELDS: dict[str, frozenset[str]] = {
    name: frozenset(f.name for f in dataclasses.fields(cls)) for name, cls in _CLASSES.items()
}


class DamagedCache(ValueError):
    """A cache file that is not what this version of paperpal writes."""


def register(cls: type) -> type:
    """Allow one more frozen dataclass (outside ``paperpal.models``) in caches."""
    if not dataclasses.is_dataclass(cls):
        raise TypeError(f"{cls!r} is not a dataclass")
    _CLASSES[cls.__name__] = cls
    _FIELDS[cls.__name__] = frozenset(f.name for f in dataclasses.fields(cls))
    return cls


def dump(value: Any) -> Any:
    """``value`` as a JSON-compatible tree."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        name = type(value).__name__
        if _CLASSES.get(name) is not type(value):
            raise TypeError(f"{name} is not a cacheable value")
        out = {f.name: dump(getattr(value, f.name)) for f in dataclasses.fields(value)}
        out[_TAG] = name
        return out
    if isinstance(value, (tuple, list)):
        return [dump(v) for v in value]
    if isinstance(value, frozenset):
        return {_TAG: "frozenset", "items": sorted(dump(v) for v in value)}
    if isinstance(value, Path):
        return {_TAG: "path", "path": str(value)}
    if isinstance(value, dict):
        if not all(isinstance(k, str) for k in value):
            raise TypeError("only string keys can be cached")
        if _TAG in value:
            raise TypeError(f"a dict with the key {_TAG!r} cannot be cached")
        return {k: dump(v) for k, v in value.items()}
    raise TypeError(f"{type(value).__name__} cannot be cached")


def load(tree: Any) -> Any:
    """The value ``dump`` made ``tree`` from. Raises ``DamagedCache`` for anything else."""
    kind = type(tree)
    if kind is str or kind is int or kind is float or kind is bool or tree is None:
        return tree
    if kind is list:
        return tuple([load(v) for v in tree])
    if kind is not dict:
        raise DamagedCache(f"unexpected {kind.__name__}")
    tag = tree.get(_TAG)
    if tag is None:
        return {k: load(v) for k, v in tree.items()}
    if tag == "frozenset":
        return frozenset(load(v) for v in tree.get("items", []))
    if tag == "path":
        return Path(str(tree.get("path", "")))
    cls = _CLASSES.get(tag) if isinstance(tag, str) else None
    if cls is None:
        raise DamagedCache(f"unknown value type {tag!r}")
    fields = {k: load(v) for k, v in tree.items() if k != _TAG}
    if fields.keys() != _FIELDS[tag]:
        raise DamagedCache(f"{tag} has fields {sorted(fields)}, expected {sorted(_FIELDS[tag])}")
    try:
        return cls(**fields)
    except TypeError as err:
        raise DamagedCache(str(err)) from None


def write(path: Path, value: Any) -> None:
    """Write ``value`` to ``path`` (gzip-compressed JSON), atomically; OSError on failure."""
    data = gzip.compress(json.dumps(dump(value), ensure_ascii=False, separators=(",", ":")).encode(), 3)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read(path: Path) -> Any:
    """The value written to ``path``. FileNotFoundError when absent; DamagedCache when the file
    is not a cache this version wrote (truncated, tampered with, from another format)."""
    raw = path.read_bytes()
    try:
        tree = json.loads(gzip.decompress(raw))
    except (OSError, EOFError, ValueError, RecursionError) as err:
        raise DamagedCache(str(err)) from None
    try:
        return load(tree)
    except RecursionError:
        raise DamagedCache("nested too deeply") from None
