"""Talking HTTP to arXiv politely: one place for User-Agent, timeouts, pacing and retries.

Owns the rules every request to arXiv (or the configured mirror) follows: a descriptive
User-Agent, connect and read timeouts, at most one API request per configured interval, retries
with exponential backoff that honour ``Retry-After`` on 429/503 (but never sleep longer than the
configured cap), and downloads streamed to a temporary file whose length is checked. On top of
the per-read timeouts, each request has a total deadline, retries and waits included
(``api_deadline``, ``download_deadline``; enforced by ``sources.deadline``), and every body a
size cap: ``MAX_DOWNLOAD_BYTES`` for a file, ``MAX_API_BYTES`` for a metadata answer, counted
after decompression. Redirects are followed by hand, and only to the configured hosts (the
arXiv and API URLs, plus ``redirect_hosts``), never from https down to http.

It knows nothing about papers, ids or the library; callers say what a good body looks like.
"""

from __future__ import annotations

import email.utils
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urljoin, urlsplit

import requests

from paperpal import __version__
from paperpal.config import ArxivSettings
from paperpal.errors import CorruptDownload, NetworkError
from paperpal.sources.deadline import Deadline, WatchedAdapter, deadline

USER_AGENT = f"paperpal/{__version__} (a terminal reader for ML papers; one reader, interactive use)"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_DOWNLOAD_BYTES = 512 * 1024 * 1024  # far beyond any real paper; stops a runaway body
MAX_API_BYTES = 8 * 1024 * 1024  # one paper's Atom entry is a few KB
MAX_REDIRECTS = 5
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
CHUNK = 64 * 1024

T = TypeVar("T")

_pace_lock = threading.Lock()
_last_api_request: dict[str, float] = {}  # API host -> when it last answered


class BodyCutShort(Exception):
    """The server closed the connection before sending everything it announced."""


def _pace(host: str, interval: float, limit: Deadline | None = None) -> None:
    """Sleep until ``interval`` seconds have passed since ``host`` last answered an API request."""
    with _pace_lock:
        wait = _last_api_request.get(host, -1e9) + interval - time.monotonic()
    if wait > 0:
        if limit is not None and wait >= limit.remaining():
            raise _OutOfTime(None)
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


class _OutOfTime(Exception):
    """The request's deadline passed (or a wait would pass it)."""


def request(
    url: str,
    settings: ArxivSettings,
    *,
    consume: Callable[[requests.Response], T],
    api: bool = False,
    progress: Callable[[str], None] | None = None,
) -> T:
    """GET ``url`` with retries; ``consume(response)`` turns a final response into the result.

    The response is streamed: ``consume`` reads the body (``read_body`` or ``save_body``, both
    capped). Statuses other than the retryable ones are handed to ``consume`` unchanged (it
    decides what a 404 means). A body that breaks off inside ``consume`` (``BodyCutShort`` or a
    connection error) counts as a failed attempt. Raises ``NetworkError`` when every attempt
    failed, when the deadline passed, or when a redirect leads to a host not configured.
    """
    seconds = settings.api_deadline if api else settings.download_deadline
    where = urlsplit(url)
    try:
        with deadline(seconds) as limit:
            return _attempts(url, settings, consume, api, progress, limit)
    except _OutOfTime as out:
        what = "metadata request" if api else "download"
        last = f" (last problem: {out.args[0]})" if out.args and out.args[0] else ""
        raise NetworkError(
            f"{where.netloc}{where.path}: no complete answer within {seconds:g} s, the time paperpal "
            f"allows one {what}{last} (download_deadline / api_deadline in the config file); "
            "try again later"
        ) from None


def _attempts(
    url: str,
    settings: ArxivSettings,
    consume: Callable[[requests.Response], T],
    api: bool,
    progress: Callable[[str], None] | None,
    limit: Deadline,
) -> T:
    last_problem = "no attempt was made"
    connect_failures = 0
    host = urlsplit(url).netloc
    attempts = 0
    for attempt in range(settings.retries + 1):
        attempts += 1
        if api:
            _pace(host, settings.interval, limit)
        wait = min(settings.backoff * (2**attempt), settings.max_retry_wait)
        try:
            response = _get(url, settings, limit)
        except requests.Timeout as err:  # connect and read timeouts alike
            last_problem = _describe(err)
            if limit.passed():
                raise _OutOfTime(last_problem) from None
            if attempt < settings.retries:
                _sleep(wait, progress, f"{url}: {last_problem}; retrying", limit, last_problem)
            continue
        except requests.ConnectionError as err:
            if limit.passed():
                raise _OutOfTime(None) from None
            connect_failures += 1
            last_problem = _describe(err)
            # A refused or unresolvable host rarely comes back within seconds: try once more only.
            if connect_failures >= 2 or attempt == settings.retries:
                break
            _sleep(wait, progress, f"could not connect ({last_problem}); retrying", limit, last_problem)
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
                    _sleep(
                        wait,
                        progress,
                        f"arXiv answered HTTP {response.status_code}; retrying",
                        limit,
                        last_problem,
                    )
                continue
            try:
                return consume(response)
            except (BodyCutShort, requests.ConnectionError, requests.Timeout) as err:
                if limit.passed():
                    raise _OutOfTime(None) from None
                last_problem = _describe(err)
                if attempt < settings.retries:
                    _sleep(wait, progress, f"{url}: {last_problem}; retrying", limit, last_problem)
                continue
    where = urlsplit(url)
    tries = "1 attempt" if attempts == 1 else f"{attempts} attempts"
    raise NetworkError(f"{where.netloc}{where.path}: {last_problem}, after {tries}")


def _get(url: str, settings: ArxivSettings, limit: Deadline) -> requests.Response:
    """One GET, following redirects only where ``settings`` allow; the final response, unread."""
    first = url
    for _ in range(MAX_REDIRECTS + 1):
        if limit.passed():
            raise _OutOfTime(None)
        timeout = max(0.01, min(settings.timeout, limit.remaining()))
        response = _session().get(
            url,
            headers={"User-Agent": USER_AGENT},
            timeout=(min(timeout, 10.0), timeout),
            stream=True,
            allow_redirects=False,
        )
        location = response.headers.get("Location", "").strip()
        if response.status_code not in REDIRECT_STATUSES or not location:
            return response
        response.close()
        target = urljoin(url, location)
        refusal = redirect_refusal(url, target, settings)
        if refusal:
            where = urlsplit(first)
            raise NetworkError(f"{where.netloc}{where.path}: {refusal}")
        url = target
    raise NetworkError(f"{first}: more than {MAX_REDIRECTS} redirects; the server is misconfigured")


def redirect_refusal(current: str, target: str, settings: ArxivSettings) -> str | None:
    """Why a redirect from ``current`` to ``target`` must not be followed, or None to follow it."""
    now, then = urlsplit(current), urlsplit(target)
    if then.scheme not in ("http", "https") or not then.hostname:
        return f"the server redirected to {target!r}, which is not a web address paperpal follows"
    if now.scheme == "https" and then.scheme == "http":
        return (
            f"the server redirected from https to plain http ({then.netloc}); paperpal does not follow that"
        )
    allowed = {urlsplit(u).netloc.lower() for u in (current, settings.base_url, settings.api_url)}
    if then.netloc.lower() in allowed or then.hostname.lower() in settings.redirect_hosts:
        return None
    return (
        f"the server redirected to another host, {then.netloc}; paperpal follows redirects only "
        f"within the configured hosts (add it to redirect_hosts in the config file to allow it)"
    )


def _sleep(
    seconds: float,
    progress: Callable[[str], None] | None,
    message: str,
    limit: Deadline | None = None,
    problem: str | None = None,
) -> None:
    if limit is not None and seconds >= limit.remaining():
        raise _OutOfTime(problem)  # waiting would only end after the deadline
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
        watched = WatchedAdapter()
        session.mount("http://", watched)
        session.mount("https://", watched)
        _local.session = session
    return session


def save_body(response: requests.Response, target: Path, *, limit: int = MAX_DOWNLOAD_BYTES) -> int:
    """Stream the body to ``target`` (a temporary path) exactly as sent; check it; return the size.

    The bytes are saved undecoded: arXiv may label a gzipped e-print ``Content-Encoding: x-gzip``,
    and letting the HTTP library unzip it would both change the file and break the length check
    (Content-Length counts the bytes on the wire).
    """
    from urllib3.exceptions import HTTPError as TransportError

    expected = _announced(response, limit)
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


def read_body(response: requests.Response, *, limit: int = MAX_API_BYTES) -> bytes:
    """The whole body in memory, decompressed, refused past ``limit`` bytes (counted decoded, so a
    compression bomb stops at the cap too)."""
    from urllib3.exceptions import HTTPError as TransportError

    if "Content-Encoding" not in response.headers:
        _announced(response, limit)  # a compressed body's length says little about its size
    parts: list[bytes] = []
    size = 0
    try:
        for chunk in response.raw.stream(CHUNK, decode_content=True):
            size += len(chunk)
            if size > limit:
                raise CorruptDownload(
                    f"{response.url} sent more than {limit // (1024 * 1024)} MB where a few KB were "
                    "expected; stopped"
                )
            parts.append(chunk)
    except (TransportError, requests.RequestException, OSError) as err:
        raise BodyCutShort(f"the answer broke off after {size} bytes ({type(err).__name__})") from err
    return b"".join(parts)


def _announced(response: requests.Response, limit: int) -> int | None:
    """The Content-Length, refused at once when it is beyond ``limit``."""
    announced = response.headers.get("Content-Length", "").strip()
    expected = int(announced) if announced.isdigit() else None
    if expected is not None and expected > limit:
        raise CorruptDownload(f"{response.url} announces {expected} bytes, more than paperpal accepts")
    return expected


@dataclass(frozen=True, slots=True)
class FeedAnswer:
    """What the ``arxiv`` package reads from its session's answer: the status and the body."""

    status_code: int
    content: bytes
    url: str


class PoliteSession(requests.Session):
    """The session the ``arxiv`` package's Client uses (see ``sources.arxiv``): our pacing,
    timeouts, retries, deadline, size cap and redirect rule for its API requests.

    The arxiv package would send its own User-Agent, no timeout and retries without backoff.
    Its Client only calls ``get(url, headers=...)`` and reads ``status_code`` and ``content``
    from the answer; ``tests/sources/test_arxiv_package.py`` fails if that changes.
    """

    def __init__(self, settings: ArxivSettings, progress: Callable[[str], None] | None = None) -> None:
        super().__init__()
        self.settings = settings
        self.progress = progress

    def get(self, url: str | bytes, **kwargs: Any) -> FeedAnswer:  # type: ignore[override]
        def keep(response: requests.Response) -> FeedAnswer:
            if response.status_code != 200:
                return FeedAnswer(response.status_code, b"", response.url)
            body = read_body(response)  # read now, inside the retry loop and the deadline
            if b"<feed" not in body[:4096]:
                # An HTML error page would parse as an empty feed: "no such paper", which is wrong.
                raise NetworkError("arXiv's API answered with something that is not an Atom feed")
            return FeedAnswer(response.status_code, body, response.url)

        return request(str(url), self.settings, consume=keep, api=True, progress=self.progress)
