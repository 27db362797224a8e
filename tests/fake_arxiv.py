"""A fake arXiv: a real HTTP server on 127.0.0.1 serving ../shared/corpus the way arXiv does.

Endpoints, as on arxiv.org: ``/api/query?id_list=...`` (an Atom feed built from each paper's
``meta.json``; an unknown id gives a feed with no entries), ``/abs/<id>``, ``/pdf/<id>[vN]``,
``/e-print/<id>[vN]`` (``source.tar.gz`` when the corpus has one, else the PDF, as arXiv does for
PDF-only submissions). Extra papers can be added in tests with ``add_paper``.

It can be told to misbehave, for one path prefix or any path, for the next N requests: a status
(404, 429/503 with ``Retry-After``), a delay (a hung connection), a body cut short, an HTML page
instead of the file, a body dripped one byte at a time, a body that never ends, or a redirect.
A paper's ``meta`` may carry ``title_xml`` / ``summary_xml``: raw XML put into the Atom feed
unescaped (``&#27;`` and the like). It records every request so tests can assert that no
network was used.

By hand::

    python tests/fake_arxiv.py --port 8765
    PAPERPAL_ARXIV_URL=http://127.0.0.1:8765 paperpal open 1412.3555
"""

from __future__ import annotations

import argparse
import json
import re
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
_ID = re.compile(r"(?P<id>[a-z\-]+(?:\.[A-Z]{2})?/\d{7}|\d{4}\.\d{4,5})(?:v(?P<v>\d+))?(?:\.pdf)?")


@dataclass
class Fault:
    """One kind of misbehaviour, applied to requests whose path starts with ``path``."""

    path: str = "/"
    times: int = 1  # how many requests it applies to; -1 for all
    status: int | None = None
    retry_after: str | None = None
    delay: float = 0.0
    truncate: int | None = None  # send only this many bytes of the body (Content-Length stays full)
    html: bool = False
    headers: dict[str, str] | None = None  # extra response headers (e.g. Content-Encoding: x-gzip)
    drip: float | None = None  # send the body one byte at a time, this many seconds apart
    endless: bytes | None = None  # send these bytes over and over, with no length, until hung up
    redirect: str | None = None  # answer 302 with this Location


@dataclass
class Paper:
    meta: dict[str, Any]
    pdf: Path | None = None
    eprint: Path | None = None


@dataclass
class Recorded:
    method: str
    path: str
    user_agent: str
    at: float = field(default_factory=time.monotonic)


class FakeArxiv:
    """Owns the server thread. ``url`` is its base; ``requests`` what it was asked."""

    def __init__(self, corpus: Path = DEFAULT_CORPUS, port: int = 0) -> None:
        self.papers: dict[str, Paper] = {}
        for folder in sorted(corpus.iterdir()) if corpus.is_dir() else []:
            meta_file = folder / "meta.json"
            if not meta_file.is_file():
                continue
            meta = json.loads(meta_file.read_text(encoding="utf-8"))
            self.add_paper(
                meta,
                pdf=folder / "paper.pdf" if (folder / "paper.pdf").is_file() else None,
                eprint=folder / "source.tar.gz" if (folder / "source.tar.gz").is_file() else None,
            )
        self.faults: list[Fault] = []
        self.requests: list[Recorded] = []
        self._lock = threading.Lock()
        self._connections: set[Any] = set()
        self._server = ThreadingHTTPServer(("127.0.0.1", port), _handler_for(self))
        self._server.daemon_threads = True
        self._server.block_on_close = False  # type: ignore[attr-defined]
        self._thread: threading.Thread | None = None

    # -- setup ---------------------------------------------------------------------------------

    def add_paper(self, meta: dict[str, Any], *, pdf: Path | None = None, eprint: Path | None = None) -> None:
        """Serve another paper (tests build odd e-print shapes in tmp and add them here)."""
        self.papers[meta["id"]] = Paper(meta=meta, pdf=pdf, eprint=eprint)

    def fail(self, path: str = "/", *, times: int = 1, **kwargs: Any) -> Fault:
        """Misbehave for the next ``times`` requests under ``path``; see ``Fault`` for the kinds."""
        fault = Fault(path=path, times=times, **kwargs)
        with self._lock:
            self.faults.append(fault)
        return fault

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def count(self, prefix: str = "/") -> int:
        """How many requests were made under ``prefix``."""
        with self._lock:
            return sum(1 for r in self.requests if r.path.startswith(prefix))

    def start(self) -> FakeArxiv:
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-arxiv", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and drop open keep-alive connections, so the port is really closed."""
        self._server.shutdown()
        self._server.server_close()
        with self._lock:
            connections, self._connections = list(self._connections), set()
        for conn in connections:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    # -- used by the handler ------------------------------------------------------------------

    def _take_fault(self, path: str) -> Fault | None:
        with self._lock:
            for fault in self.faults:
                if fault.times != 0 and path.startswith(fault.path):
                    if fault.times > 0:
                        fault.times -= 1
                    return fault
        return None

    def _record(self, method: str, path: str, user_agent: str) -> None:
        with self._lock:
            self.requests.append(Recorded(method, path, user_agent))


def atom_feed(base: str, papers: list[Paper]) -> bytes:
    """An Atom feed in the shape arXiv's API returns, for the given papers."""
    entries = []
    for paper in papers:
        m = paper.meta
        pid, version = m["id"], m.get("version") or 1
        published = (m.get("published") or "2000-01-01") + "T00:00:00Z"
        authors = "".join(f"<author><name>{escape(a)}</name></author>" for a in m.get("authors", []))
        cats = "".join(
            f'<category term="{escape(c)}" scheme="http://arxiv.org/schemas/atom"/>'
            for c in m.get("categories", [])
        )
        entries.append(
            f"<entry><id>http://arxiv.org/abs/{pid}v{version}</id>"
            f"<updated>{published}</updated><published>{published}</published>"
            f"<title>{m.get('title_xml') or escape(m.get('title', ''))}</title>"
            f"<summary>{m.get('summary_xml') or escape(m.get('abstract', ''))}</summary>"
            f"{authors}"
            f'<link href="http://arxiv.org/abs/{pid}v{version}" rel="alternate" type="text/html"/>'
            f'<link title="pdf" href="{base}/pdf/{pid}v{version}" rel="related" type="application/pdf"/>'
            f'<arxiv:primary_category term="{escape(m.get("primary_category") or "")}" '
            f'scheme="http://arxiv.org/schemas/atom"/>{cats}</entry>'
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" '
        'xmlns:arxiv="http://arxiv.org/schemas/atom">'
        f"<title>arXiv Query</title><id>{base}/api/query</id><updated>2026-01-01T00:00:00Z</updated>"
        f"<opensearch:totalResults>{len(papers)}</opensearch:totalResults>"
        "<opensearch:startIndex>0</opensearch:startIndex>"
        f"<opensearch:itemsPerPage>{len(papers)}</opensearch:itemsPerPage>" + "".join(entries) + "</feed>"
    ).encode("utf-8")


HTML_PAGE = b"<!DOCTYPE html><html><head><title>arXiv</title></head><body>Please wait...</body></html>"


def _handler_for(fake: FakeArxiv) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def setup(self) -> None:
            super().setup()
            with fake._lock:
                fake._connections.add(self.connection)

        def finish(self) -> None:
            with fake._lock:
                fake._connections.discard(self.connection)
            try:
                super().finish()
            except OSError:
                pass

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base's name
            pass  # keep test output clean

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            parts = urlsplit(self.path)
            fake._record("GET", self.path, self.headers.get("User-Agent", ""))
            fault = fake._take_fault(parts.path)
            if fault and fault.delay:
                time.sleep(fault.delay)
            if fault and fault.status:
                headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
                self._send(fault.status, b"error", "text/plain", headers)
                return
            if fault and fault.html:
                self._send(200, HTML_PAGE, "text/html; charset=utf-8")
                return
            if fault and fault.redirect:
                self._send(302, b"moved", "text/plain", {"Location": fault.redirect})
                return
            if fault and fault.endless is not None:
                self._send_endless(fault.endless)
                return
            status, body, ctype = self._route(parts.path, parse_qs(parts.query))
            self._send(
                status,
                body,
                ctype,
                fault.headers if fault else None,
                truncate=fault.truncate if fault else None,
                drip=fault.drip if fault else None,
            )

        def _route(self, path: str, query: dict[str, list[str]]) -> tuple[int, bytes, str]:
            if path == "/api/query":
                ids = ",".join(query.get("id_list", [""])).split(",")
                found = []
                for raw in ids:
                    m = _ID.fullmatch(raw.strip())
                    paper = fake.papers.get(m["id"]) if m else None
                    if paper and (not m or not m["v"] or int(m["v"]) <= (paper.meta.get("version") or 1)):
                        found.append(paper)
                return 200, atom_feed(fake.url, found), "application/atom+xml; charset=utf-8"
            kind, _, rest = path.lstrip("/").partition("/")
            m = _ID.fullmatch(rest)
            paper = fake.papers.get(m["id"]) if m else None
            if m is None or paper is None or (m["v"] and int(m["v"]) > (paper.meta.get("version") or 1)):
                return 404, b"not found", "text/plain"
            if kind == "abs":
                title = escape(paper.meta.get("title", ""))
                return 200, f"<html><body><h1>{title}</h1></body></html>".encode(), "text/html"
            if kind == "pdf" and paper.pdf:
                return 200, paper.pdf.read_bytes(), "application/pdf"
            if kind in ("e-print", "src"):
                if paper.eprint:
                    return 200, paper.eprint.read_bytes(), "application/x-eprint-tar"
                if paper.pdf:
                    return 200, paper.pdf.read_bytes(), "application/pdf"
            return 404, b"not found", "text/plain"

        def _send(
            self,
            status: int,
            body: bytes,
            ctype: str,
            headers: dict[str, str] | None = None,
            truncate: int | None = None,
            drip: float | None = None,
        ) -> None:
            try:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                if truncate is not None:
                    self.send_header("Connection", "close")
                    self.close_connection = True
                self.end_headers()
                if drip is not None:
                    for i in range(len(body)):
                        self.wfile.write(body[i : i + 1])
                        self.wfile.flush()
                        time.sleep(drip)
                    return
                self.wfile.write(body if truncate is None else body[:truncate])
                self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a timeout test): nothing to do

        def _send_endless(self, chunk: bytes) -> None:
            try:
                self.send_response(200)
                self.send_header("Content-Type", "application/atom+xml")
                self.send_header("Connection", "close")
                self.close_connection = True
                self.end_headers()
                while True:
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError, OSError):
                pass  # the client hung up, as it should

    return Handler


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve ../shared/corpus the way arXiv does.")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    fake = FakeArxiv(args.corpus, args.port)
    print(f"fake arXiv serving {len(fake.papers)} papers from {args.corpus} at {fake.url}", flush=True)
    print(f"try: PAPERPAL_ARXIV_URL={fake.url} paperpal open 1412.3555", flush=True)
    try:
        fake._server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
