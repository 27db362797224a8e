"""Where paperpal keeps things on disk.

Everything the reader makes lives under one home folder: the user data directory
(platformdirs), or ``$PAPERPAL_HOME`` when set (tests and portable installs use that). What
paperpal can rebuild (memoised reports, the parsed glossary, vector caches, the embedding
model's runtime export) lives in the cache folder, so backups of the home folder do not carry it.
Nothing here creates folders except ``ensure``; callers decide when a folder must exist.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from paperpal.errors import WriteError


def home() -> Path:
    """The root of paperpal's data: library, notes database, user glossary."""
    env = os.environ.get("PAPERPAL_HOME", "").strip()
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("paperpal", appauthor=False))


def library_dir() -> Path:
    """One folder per cached paper."""
    return home() / "library"


def notes_db() -> Path:
    """The SQLite notes database (notes, known concepts, search index)."""
    return home() / "notes.db"


def user_glossary_dir() -> Path:
    """The reader's own glossary entries, laid out like the shipped ``glossary/`` folder."""
    return home() / "glossary"


def cache_dir() -> Path:
    """Rebuildable data: ``$PAPERPAL_CACHE``; else ``$PAPERPAL_HOME/cache`` when a home is set
    (each test and portable install keeps its own); else the user cache directory (platformdirs,
    ``~/.cache/paperpal`` on Linux). Everything in it is keyed by its content and paperpal's
    version, stored in data formats (JSON, NumPy arrays without pickles, ONNX), and rebuilt when
    missing or unreadable."""
    env = os.environ.get("PAPERPAL_CACHE", "").strip()
    if env:
        return Path(env).expanduser()
    home_env = os.environ.get("PAPERPAL_HOME", "").strip()
    if home_env:
        return Path(home_env).expanduser() / "cache"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("paperpal", appauthor=False))


def shared_cache_dir() -> Path:
    """Rebuildable data that depends only on the installation, not on a library (the embedding
    model's runtime export, which takes a minute to build): ``$PAPERPAL_CACHE``, else the user
    cache directory, whatever ``$PAPERPAL_HOME`` is."""
    env = os.environ.get("PAPERPAL_CACHE", "").strip()
    if env:
        return Path(env).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("paperpal", appauthor=False))


def config_file() -> Path:
    """The optional TOML config file: ``$PAPERPAL_CONFIG``, else the user config directory."""
    env = os.environ.get("PAPERPAL_CONFIG", "").strip()
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir("paperpal", appauthor=False)) / "config.toml"


def ensure(folder: Path) -> Path:
    """Create ``folder`` (and its parents) if needed; ``WriteError`` when that is impossible."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        if isinstance(err, FileExistsError) or err.errno == errno.ENOTDIR:
            why = "a file or a broken symbolic link is in the way"
        elif err.errno == errno.ELOOP:
            why = "its path is a loop of symbolic links"
        else:
            why = err.strerror or str(err)
        raise WriteError(
            f"cannot create the folder {folder}: {why}. paperpal keeps its data in {home()} "
            "(set PAPERPAL_HOME to use another folder)."
        ) from None
    return folder
