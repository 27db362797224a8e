"""A total deadline for one request to arXiv, however slowly the server answers.

``requests``' timeouts are per socket read: a server that drips one byte every couple of seconds
never trips them, and a download could last for ever. ``Deadline`` is the missing bound. While
one is active on a thread, every connection that thread's requests use is registered with it (the
session's ``WatchedAdapter`` makes urllib3 build ``_Watched*Connection``s, which register
themselves when they connect or send a request); when the deadline passes, a timer thread shuts
those sockets down, so whatever read was blocked returns at once and the request fails as a
broken transfer, which ``http.request`` then reports as "no complete answer within N s".

Knows nothing about arXiv, papers or retries. Must not be used across threads: a deadline
belongs to the thread that opened it.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.poolmanager import PoolManager

_current = threading.local()


class Deadline:
    """``seconds`` from now; ``expired`` once passed (and every watched socket shut by then)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.ends = time.monotonic() + seconds
        self.expired = False
        self._lock = threading.Lock()
        self._watched: list[Any] = []
        self._timer = threading.Timer(max(seconds, 0.0), self._expire)
        self._timer.daemon = True

    def remaining(self) -> float:
        return self.ends - time.monotonic()

    def passed(self) -> bool:
        return self.expired or self.remaining() <= 0

    def watch(self, connection: Any) -> None:
        with self._lock:
            if not any(c is connection for c in self._watched):
                self._watched.append(connection)
            expired = self.expired
        if expired:
            _shut(connection)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            watched = list(self._watched)
        for connection in watched:
            _shut(connection)

    def start(self) -> None:
        self._timer.start()

    def cancel(self) -> None:
        self._timer.cancel()
        with self._lock:
            self._watched.clear()


def _shut(connection: Any) -> None:
    sock = getattr(connection, "sock", None)
    if sock is None:
        return
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # already closed


@contextmanager
def deadline(seconds: float) -> Iterator[Deadline]:
    """Bound every request made on this thread inside the block to ``seconds`` in total."""
    active = Deadline(seconds)
    previous = getattr(_current, "deadline", None)
    _current.deadline = active
    active.start()
    try:
        yield active
    finally:
        active.cancel()
        _current.deadline = previous


def _register(connection: Any) -> None:
    active: Deadline | None = getattr(_current, "deadline", None)
    if active is not None:
        active.watch(connection)


class _WatchedHTTPConnection(HTTPConnection):
    def connect(self) -> None:
        super().connect()
        _register(self)

    def request(self, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        _register(self)  # a kept-alive connection is reused without connecting again
        super().request(*args, **kwargs)


class _WatchedHTTPSConnection(HTTPSConnection):
    def connect(self) -> None:
        super().connect()
        _register(self)

    def request(self, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        _register(self)
        super().request(*args, **kwargs)


class _WatchedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _WatchedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


def _watch_pools(manager: Any) -> Any:
    # SOCKS proxies bring their own pool classes; those connections go unwatched (their
    # per-read timeouts still apply).
    if isinstance(manager, PoolManager) and type(manager).__name__ != "SOCKSProxyManager":
        manager.pool_classes_by_scheme = {"http": _WatchedHTTPPool, "https": _WatchedHTTPSPool}
    return manager


class WatchedAdapter(HTTPAdapter):
    """The adapter paperpal's sessions mount: its connections register with the deadline."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        _watch_pools(self.poolmanager)

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        return _watch_pools(super().proxy_manager_for(proxy, **proxy_kwargs))
