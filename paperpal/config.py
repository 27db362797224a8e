"""paperpal's settings: where arXiv lives, how politely and how patiently to talk to it.

Owns reading the optional TOML config file (``paths.config_file()``) and the ``PAPERPAL_ARXIV_*``
environment variables. The environment wins over the file, the file over the defaults. This module
does no network and creates no files; a malformed file or value raises ``ConfigError`` naming the
file and the key, so the reader can fix it.

Keys understood in the config file:

    arxiv_url = "https://arxiv.org"            # base for /abs, /pdf, /e-print
    api_url = "https://export.arxiv.org"       # the query API (a bare host gets /api/query)
    request_interval = 3.0                     # seconds between two API requests
    timeout = 30.0                             # seconds to wait for a server to answer
    retries = 3                                # extra attempts after a failed request
    max_retry_wait = 60.0                      # longest Retry-After we are willing to sleep
    api_deadline = 120.0                       # one metadata request, retries included
    download_deadline = 600.0                  # one PDF or e-print download, retries included
    redirect_hosts = ["mirror.example.org"]    # other hosts a redirect may lead to

Every number has an upper bound as well as a lower one (a ``request_interval`` of 1e300 is a
mistake, not a wish). The file itself is read up to 1 MB. Other keys are left alone for other
parts of paperpal.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from paperpal import paths
from paperpal.errors import ConfigError
from paperpal.fileio import MAX_CONFIG_FILE, read_limited

DEFAULT_ARXIV_URL = "https://arxiv.org"
DEFAULT_API_URL = "https://export.arxiv.org/api/query"
DEFAULT_INTERVAL = 3.0  # arXiv's API terms ask for at most one request every three seconds
DEFAULT_TIMEOUT = 30.0
DEFAULT_RETRIES = 3
DEFAULT_MAX_RETRY_WAIT = 60.0
DEFAULT_BACKOFF = 1.0
DEFAULT_API_DEADLINE = 120.0
DEFAULT_DOWNLOAD_DEADLINE = 600.0
HOUR = 3600.0


@dataclass(frozen=True, slots=True)
class ArxivSettings:
    """Everything the sources need to know to talk to arXiv (or a mirror)."""

    base_url: str  # no trailing slash
    api_url: str  # the full query endpoint, e.g. https://export.arxiv.org/api/query
    interval: float  # minimum seconds between API requests
    timeout: float  # read timeout for one request
    retries: int  # extra attempts after the first
    max_retry_wait: float  # a longer Retry-After is not waited for: we give up with a message
    backoff: float  # first pause between attempts; doubles each time
    api_deadline: float = DEFAULT_API_DEADLINE  # one API request, all attempts and waits
    download_deadline: float = DEFAULT_DOWNLOAD_DEADLINE  # one download, all attempts and waits
    redirect_hosts: tuple[str, ...] = ()  # hosts besides base_url's and api_url's a redirect may reach


def load_config_file(path: Path | None = None) -> dict[str, Any]:
    """The config file as a table; ``{}`` when there is none. Raises ``ConfigError`` when broken."""
    path = path or paths.config_file()
    try:
        raw = read_limited(path, MAX_CONFIG_FILE, what="the config file", error=ConfigError)
    except FileNotFoundError:
        return {}
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"the config file {path} is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"the config file {path} is not valid TOML: {err}") from None
    except RecursionError:
        raise ConfigError(f"the config file {path} nests too deeply to be a config file") from None


def _clean_url(value: object, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{where} must be a URL such as https://arxiv.org")
    url = value.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(f"{where} must start with http:// or https:// (got {value!r})")
    return url


def _api_endpoint(url: str) -> str:
    # A bare host ("https://export.arxiv.org") means arXiv's usual path for the query API.
    return url if urlsplit(url).path not in ("", "/") else url + "/api/query"


def _number(value: object, where: str, *, minimum: float = 0.0, maximum: float = HOUR) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ConfigError(f"{where} must be a number of seconds")
    try:
        number = float(value)
    except (ValueError, OverflowError):
        raise ConfigError(f"{where} must be a number of seconds (got {value!r})") from None
    if not minimum <= number <= maximum:
        raise ConfigError(
            f"{where} must be a number of at least {minimum:g} and at most {maximum:g} (got {value!r})"
        )
    return number


def arxiv_urls() -> tuple[str, str]:
    """``(base_url, api_url)``: where papers and where metadata are fetched from."""
    env = os.environ.get("PAPERPAL_ARXIV_URL", "").strip()
    if env:
        base = _clean_url(env, "PAPERPAL_ARXIV_URL")
        return base, base + "/api/query"
    table = load_config_file()
    where = f"in {paths.config_file()}"
    if "arxiv_url" in table:
        base = _clean_url(table["arxiv_url"], f"arxiv_url {where}")
        api = base + "/api/query"
    else:
        base, api = DEFAULT_ARXIV_URL, DEFAULT_API_URL
    if "api_url" in table:
        api = _api_endpoint(_clean_url(table["api_url"], f"api_url {where}"))
    return base, api


def _setting(
    env_name: str,
    key: str,
    default: float,
    table: dict[str, Any],
    minimum: float = 0.0,
    maximum: float = HOUR,
) -> float:
    env = os.environ.get(env_name, "").strip()
    if env:
        return _number(env, env_name, minimum=minimum, maximum=maximum)
    if key in table:
        return _number(table[key], f"{key} in {paths.config_file()}", minimum=minimum, maximum=maximum)
    return default


def _hosts(table: dict[str, Any]) -> tuple[str, ...]:
    value = table.get("redirect_hosts", [])
    where = f"redirect_hosts in {paths.config_file()}"
    if not isinstance(value, list) or not all(isinstance(h, str) and h.strip() for h in value):
        raise ConfigError(f'{where} must be a list of host names, such as ["mirror.example.org"]')
    return tuple(h.strip().lower() for h in value)


def arxiv_settings() -> ArxivSettings:
    """All arXiv settings, read fresh (tests change the environment between calls)."""
    base, api = arxiv_urls()
    table = load_config_file()
    return ArxivSettings(
        base_url=base,
        api_url=api,
        interval=_setting("PAPERPAL_ARXIV_INTERVAL", "request_interval", DEFAULT_INTERVAL, table),
        timeout=_setting("PAPERPAL_ARXIV_TIMEOUT", "timeout", DEFAULT_TIMEOUT, table, minimum=0.01),
        retries=int(_setting("PAPERPAL_ARXIV_RETRIES", "retries", DEFAULT_RETRIES, table, maximum=20)),
        max_retry_wait=_setting("PAPERPAL_ARXIV_MAX_WAIT", "max_retry_wait", DEFAULT_MAX_RETRY_WAIT, table),
        backoff=_setting("PAPERPAL_ARXIV_BACKOFF", "backoff", DEFAULT_BACKOFF, table, maximum=600),
        api_deadline=_setting(
            "PAPERPAL_ARXIV_API_DEADLINE",
            "api_deadline",
            DEFAULT_API_DEADLINE,
            table,
            minimum=0.1,
            maximum=24 * HOUR,
        ),
        download_deadline=_setting(
            "PAPERPAL_ARXIV_DEADLINE",
            "download_deadline",
            DEFAULT_DOWNLOAD_DEADLINE,
            table,
            minimum=0.1,
            maximum=24 * HOUR,
        ),
        redirect_hosts=_hosts(table),
    )
