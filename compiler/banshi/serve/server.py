"""The preview's web server: the built site on 127.0.0.1, as a web server would publish it.

Python's ``http.server``, one thread a request. It answers GET and HEAD for the files of the
site shown (``Preview.shown``) and nothing else: a path is resolved inside the site's folder
(no ``..``, no hidden name, no link out of it) or answered with the site's own 404 page. The
site sits at the path of the catalog's ``base_url``, as it will when published (``/`` for
``https://zwfw.example.gov.cn/``). Requests must name this machine (``Host``), so a page of
another site cannot read the preview through a name that resolves to 127.0.0.1.

Every page sent carries the reload script (``banshi.serve.page``); while the catalog has
errors, every page is the list of them instead.
"""

from __future__ import annotations

import http.server
import json
import mimetypes
import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from banshi.serve import page
from banshi.serve.preview import Preview, Shown

HOST = "127.0.0.1"
LONGEST_WAIT = 25.0  # seconds a version request is held before it is answered unchanged
_TEXT = {".html", ".css", ".js", ".json", ".svg", ".txt", ".xml", ".md"}


def _content_type(path: str) -> str:
    kind = mimetypes.guess_type(path)[0] or "application/octet-stream"
    if os.path.splitext(path)[1] == ".js":
        kind = "text/javascript"
    return f"{kind}; charset=utf-8" if os.path.splitext(path)[1] in _TEXT else kind


def site_file(site: Path, relative: str) -> tuple[str | None, bool]:
    """The file of ``site`` a URL path (below the site's own path, already unquoted) names,
    and whether it is a folder named without its final ``/`` (to be redirected). None when the
    path names nothing of the site, or would leave it."""
    parts = relative.split("/")
    if any(p.startswith(".") or "\\" in p or "\0" in p for p in parts if p):
        return None, False
    top = os.path.realpath(site)
    path = os.path.join(top, *[p for p in parts if p])
    if os.path.isdir(path):
        if relative and not relative.endswith("/"):
            return None, True
        path = os.path.join(path, "index.html")
    found = os.path.realpath(path)
    if os.path.commonpath([top, found]) != top or not os.path.isfile(found):
        return None, False
    return found, False


def handler(preview: Preview, port: int):
    """The request handler class for ``preview``'s site, at the path of its ``base_url``."""
    hosts = {f"127.0.0.1:{port}", f"localhost:{port}"}

    class Handler(http.server.BaseHTTPRequestHandler):
        server_version = "banshi-serve"
        protocol_version = "HTTP/1.1"

        def log_message(self, format, *args):  # noqa: A002 - http.server's own name
            pass  # the terminal shows builds, not requests

        def do_HEAD(self):
            self._answer(send_body=False)

        def do_GET(self):
            self._answer(send_body=True)

        def _answer(self, send_body: bool) -> None:
            self.send_body = send_body
            if self.headers.get("Host", "") not in hosts:
                self._send(421, b"", "text/plain; charset=utf-8")
                return
            url = urlsplit(self.path)
            try:
                path = unquote(url.path or "/", errors="strict")
            except UnicodeDecodeError:
                self._send(400, b"", "text/plain; charset=utf-8")
                return
            prefix = preview.shown.prefix
            if path == page.VERSION_PATH:
                self._version(url.query)
            elif path.startswith(prefix):
                self._site(path[len(prefix) :])
            elif path in ("/", prefix.rstrip("/")):
                self._redirect(prefix)
            else:
                self._not_found(preview.shown)

        def _version(self, query: str) -> None:
            since = parse_qs(query).get("since", [""])[0]
            version = preview.wait(since, LONGEST_WAIT)
            body = json.dumps({"version": version}).encode("utf-8")
            self._send(200, body, "application/json")

        def _site(self, relative: str) -> None:
            shown = preview.shown
            if shown.site is None or shown.problems or shown.failure:
                self._instead(shown)
                return
            site = shown.site
            if relative.startswith("pagefind/") and shown.index is not None:
                site = shown.index  # the search of the last site indexed, until this one is
            found, folder = site_file(site, relative)
            if folder:
                self._redirect(self.path.split("?")[0] + "/")
            elif found is None:
                self._not_found(shown)
            else:
                self._file(found, shown.version)

        def _instead(self, shown: Shown) -> None:
            """What stops the build (or the first build still running) in place of a page."""
            if shown.problems:
                body = page.problems_page(shown.problems, shown.lines, shown.version)
            elif shown.failure:
                body = page.failure_page(shown.failure, shown.version)
            else:
                body = page.waiting_page(shown.version)
            self._send(200, body, "text/html; charset=utf-8")

        def _not_found(self, shown: Shown) -> None:
            if shown.site is None or shown.problems or shown.failure:
                self._instead(shown)
                return
            missing = shown.site / "404.html"
            try:
                body = page.with_script(missing.read_bytes(), shown.version)
            except OSError:
                body = "404".encode()
            self._send(404, body, "text/html; charset=utf-8")

        def _file(self, found: str, version: str) -> None:
            try:
                with open(found, "rb") as file:
                    body = file.read()
            except OSError:
                self._not_found(preview.shown)
                return
            if found.endswith(".html"):
                body = page.with_script(body, version)
            self._send(200, body, _content_type(found))

        def _redirect(self, to: str) -> None:
            self.send_response(301)
            self.send_header("Location", to)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def _send(self, status: int, body: bytes, kind: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.end_headers()
            if self.send_body:
                self.wfile.write(body)

    return Handler


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        """A browser that went away mid-answer is no error; anything else is one line."""
        import sys

        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError)):
            return
        print(f"banshi serve: {type(error).__name__}: {error}", file=sys.stderr)


def listen(port: int) -> Server:
    """A server bound to 127.0.0.1 at ``port`` (0: any free port); its handler is set later."""
    return Server((HOST, port), http.server.BaseHTTPRequestHandler, bind_and_activate=True)
