"""Talking HTTP to arXiv politely: one place for User-Agent, timeouts, pacing and retries.

Owns the rules every request to arXiv (or the configured mirror) follows: a descriptive
User-Agent, connect and read timeouts, at most one API request per configured interval, retries
with exponential backoff that honour ``Retry-After`` on 429/503 (but never sleep longer than the
configured cap), and downloads streamed to a temporary file whose length is checked. It knows
nothing about papers, ids or the library; callers say what a good body looks like.
"""

from __future__ import annotations

import email.utils
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

import requests

from paperpal import __version__
from paperpal.config import ArxivSettings
from paperpal.errors import CorruptDownload, NetworkError

USER_AGENT = f"paperpal/{__version__} (a terminal reader for ML papers; one reader, interactive use)"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_DOWNLOAD_BYTES = 512 * 1024 * 1024  # far beyond any real paper; stops a runaway body
CHUNK = 64 * 1024

T = TypeVar("T")

_pace_lock = threading.Lock()
_last_api_request: dict[str, float] = {}  # API host -> when it last answered


class BodyCutShort(Exception):
    """The server closed the connection before sending everything it announced."""


def _pace(host: str, interval: float) -> None:
    """Sleep until ``interval`` seconds have passed since ``host`` last answered an API request."""
    with _pace_lock:
        wait = _last_api_request.get(host, -1e9) + interval - time.monotonic()
    if wait > 0:
        time.sleep(wait)


def _answered(host: str) -> None:
    # Only requests that reached the server count towards the pace: a refused connection put no
    # load on arXiv, and offline readers should not wait for nothing.
    with _pace_lock:
        _last_api_request[host] = time.monotonic()


def retry_after(response: requests.Response) -> float | None:
    """Seconds the server asked us to wait, from ``Retry-After`` (seconds or an HTTP date)."""
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _describe(err: BaseException) -> str:
    text = str(err)
    if "Connection refused" in text or "Errno 111" in text:
        return "connection refused"
    if "Name or service not known" in text or "Temporary failure in name resolution" in text:
        return "the host name could not be resolved"
    if isinstance(err, requests.Timeout):
        return "no answer before the timeout"
    if isinstance(err, BodyCutShort):
        return str(err)
    return type(err).__name__


def request(
    url: str,
    settings: ArxivSettings,
    *,
    consume: Callable[[requests.Response], T],
    api: bool = False,
    stream: bool = False,
    progress: Callable[[str], None] | None = None,
) -> T:
    """GET ``url`` with retries; ``consume(response)`` turns a final response into the result.

    Statuses other than the retryable ones are handed to ``consume`` unchanged (it decides what a
    404 means). A body that breaks off inside ``consume`` (``BodyCutShort`` or a connection error)
    counts as a failed attempt. Raises ``NetworkError`` when every attempt failed.
    """
    last_problem = "no attempt was made"
    connect_failures = 0
    host = urlsplit(url).netloc
    attempts = 0
    for attempt in range(settings.retries + 1):
        attempts += 1
        if api:
            _pace(host, settings.interval)
        wait = min(settings.backoff * (2**attempt), settings.max_retry_wait)
        try:
            response = _session().get(
                url,
                headers={"User-Agent": USER_AGENT},
                timeout=(min(settings.timeout, 10.0), settings.timeout),
                stream=stream,
            )
        except requests.Timeout as err:  # connect and read timeouts alike
            last_problem = _describe(err)
            if attempt < settings.retries:
                _sleep(wait, progress, f"{url}: {last_problem}; retrying")
            continue
        except requests.ConnectionError as err:
            connect_failures += 1
            last_problem = _describe(err)
            # A refused or unresolvable host rarely comes back within seconds: try once more only.
            if connect_failures >= 2 or attempt == settings.retries:
                break
            _sleep(wait, progress, f"could not connect ({last_problem}); retrying")
            continue
        except requests.RequestException as err:
            raise NetworkError(f"could not request {url}: {err}") from None

        if api:
            _answered(host)
        with response:
            if response.status_code in RETRY_STATUSES:
                asked = retry_after(response)
                last_problem = f"HTTP {response.status_code}"
                if asked is not None:
                    if asked > settings.max_retry_wait:
                        raise NetworkError(
                            f"arXiv is busy (HTTP {response.status_code}) and asked us to wait "
                            f"{asked:.0f} seconds; try again later."
                        )
                    wait = asked
                if attempt < settings.retries:
                    _sleep(wait, progress, f"arXiv answered HTTP {response.status_code}; retrying")
                continue
            try:
                return consume(response)
            except (BodyCutShort, requests.ConnectionError, requests.Timeout) as err:
                last_problem = _describe(err)
                if attempt < settings.retries:
                    _sleep(wait, progress, f"{url}: {last_problem}; retrying")
                continue
    where = urlsplit(url)
    tries = "1 attempt" if attempts == 1 else f"{attempts} attempts"
    raise NetworkError(f"{where.netloc}{where.path}: {last_problem}, after {tries}")


def _sleep(seconds: float, progress: Callable[[str], None] | None, message: str) -> None:
    if progress and seconds >= 0.5:
        progress(f"{message} in {seconds:.0f} s")
    time.sleep(seconds)


_local = threading.local()


def _session() -> requests.Session:
    # One session per thread keeps connections alive across the API, PDF and e-print requests.
    session: requests.Session | None = getattr(_local, "session", None)
    if session is None:
        session = requests.Session()
        session.headers["User-Agent"] = USER_AGENT
        _local.session = session
    return session


def save_body(response: requests.Response, target: Path, *, limit: int = MAX_DOWNLOAD_BYTES) -> int:
    """Stream the body to ``target`` (a temporary path) exactly as sent; check it; return the size.

    The bytes are saved undecoded: arXiv may label a gzipped e-print ``Content-Encoding: x-gzip``,
    and letting the HTTP library unzip it would both change the file and break the length check
    (Content-Length counts the bytes on the wire).
    """
    from urllib3.exceptions import HTTPError as TransportError

    announced = response.headers.get("Content-Length", "").strip()
    expected = int(announced) if announced.isdigit() else None
    if expected is not None and expected > limit:
        raise CorruptDownload(f"{response.url} announces {expected} bytes, more than paperpal accepts")
    size = 0
    try:
        with open(target, "wb") as out:
            for chunk in response.raw.stream(CHUNK, decode_content=False):
                size += len(chunk)
                if size > limit:
                    raise CorruptDownload(f"{response.url} sent more than {limit} bytes; stopped")
                out.write(chunk)
    except (TransportError, requests.RequestException, OSError) as err:
        target.unlink(missing_ok=True)
        raise BodyCutShort(f"the download broke off after {size} bytes ({type(err).__name__})") from err
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    if expected is not None and size != expected:
        target.unlink(missing_ok=True)
        raise BodyCutShort(f"the download was cut short: {size} of {expected} bytes arrived")
    return size


class PoliteSession(requests.Session):
    """A ``requests.Session`` for the ``arxiv`` package's Client: our pacing, timeouts and retries.

    The arxiv package sends its own User-Agent, no timeout and retries without backoff; routing
    its requests through ``request`` above gives the API the same manners as our downloads.
    """

    def __init__(self, settings: ArxivSettings, progress: Callable[[str], None] | None = None) -> None:
        super().__init__()
        self.settings = settings
        self.progress = progress

    def get(self, url: str | bytes, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        def keep(response: requests.Response) -> requests.Response:
            body = response.content  # read now, inside the retry loop
            if response.status_code == 200 and b"<feed" not in body[:4096]:
                # An HTML error page would parse as an empty feed: "no such paper", which is wrong.
                raise NetworkError("arXiv's API answered with something that is not an Atom feed")
            return response

        return request(str(url), self.settings, consume=keep, api=True, progress=self.progress)
