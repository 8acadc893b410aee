"""Helpers for the end-to-end tests that look at the built site as a person would.

The sample catalog is built once per test session (``built_sample``) and served from
127.0.0.1 (``served``); pages are opened in the machine's own Chromium through Playwright
(``browser``, never a downloaded browser: the network is closed) and QR codes are read with a
real decoder, ``zbarimg``. A test module registers this file as a pytest plugin, so that
each session fixture exists once for the whole run (fixtures imported into several modules
would be set up once per module: the sample built three times, two Playwrights at once)::

    pytest_plugins = ["browser"]

A test that needs Chromium or zbarimg skips, saying so, only when the program is absent.

PYTEST_DONT_REWRITE: the test modules import this file before pytest registers it as a plugin.
"""

from __future__ import annotations

import contextlib
import functools
import html
import html.parser
import http.server
import shutil
import subprocess
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from command_line import banshi

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
AXE = REPO / "tests" / "node" / "node_modules" / "axe-core" / "axe.min.js"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


# --- tools that must be on the machine ------------------------------------------------------


def require_chromium() -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is absent (apt-get install chromium fonts-noto-cjk)")


def require_zbarimg() -> str:
    path = shutil.which("zbarimg")
    if path is None:
        pytest.skip("zbarimg is absent (apt-get install zbar-tools)")
    return path


def _playwright():
    """Playwright's sync API; a missing Python package is an error, never a silent pass."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as error:  # pragma: no cover - depends on the machine
        pytest.fail(
            f"the Python package playwright is not installed ({error}); "
            "pip install playwright (its own browser download is not needed)"
        )
    return sync_playwright


# --- building ---------------------------------------------------------------------------------


def build(root: Path, out: Path) -> Path:
    """``banshi build ROOT --out OUT``; fails the test with banshi's own words if it fails."""
    result = banshi("build", str(root), "--out", str(out))
    assert result.returncode == 0, (
        f"banshi build {root} --out {out} exited {result.returncode}\n"
        f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    )
    return out


@pytest.fixture(scope="session")
def built_sample(tmp_path_factory) -> Path:
    """The sample catalog (the repository root) built once: the DIR of ``banshi build``."""
    return build(REPO, tmp_path_factory.mktemp("sample") / "out")


# --- serving ----------------------------------------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@contextlib.contextmanager
def serve(directory: Path):
    """Serve ``directory`` on 127.0.0.1 at a free port; yields the base URL (ending in /)."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name=f"serve {directory}", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def served(built_sample) -> str:
    """The base URL of the built sample site, served from 127.0.0.1."""
    with serve(built_sample / "site") as url:
        yield url


# --- the browser ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium():
    """Headless Chromium of the machine (Debian's), started once per session."""
    require_chromium()
    sync_playwright = _playwright()
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


class Watch:
    """Everything a page did that a self-contained, harmless page never does."""

    def __init__(self, page, base_url: str):
        self.origin = urlsplit(base_url).netloc
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.failed: list[str] = []
        self.bad_status: list[str] = []
        self.outside: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        page.on("requestfailed", lambda r: self.failed.append(f"{r.method} {r.url}: {r.failure}"))
        page.on("request", self._request)
        page.on("response", self._response)
        page.on("dialog", self._dialog)

    def _console(self, message):
        if message.type == "error":
            location = message.location or {}
            self.console_errors.append(
                f"{message.text} ({location.get('url', '')}:{location.get('lineNumber', '')})"
            )

    def _request(self, request):
        parts = urlsplit(request.url)
        if parts.scheme in ("data", "blob", "about"):
            return
        if parts.netloc != self.origin:
            self.outside.append(f"{request.method} {request.url}")

    def _response(self, response):
        if response.status >= 400:
            self.bad_status.append(f"{response.status} {response.url}")

    def _dialog(self, dialog):
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def problems(self) -> dict[str, list[str]]:
        return {
            name: found
            for name, found in (
                ("console errors", self.console_errors),
                ("uncaught page errors", self.page_errors),
                ("failed requests", self.failed),
                ("HTTP errors", self.bad_status),
                ("requests off the site", self.outside),
                ("dialogs", self.dialogs),
            )
            if found
        }


@contextlib.contextmanager
def open_page(browser, url: str, base_url: str, **context_options):
    """A fresh page at ``url`` with a ``Watch``; yields (page, watch)."""
    context = browser.new_context(locale="zh-CN", **context_options)
    page = context.new_page()
    watch = Watch(page, base_url)
    try:
        page.goto(url, wait_until="load")
        yield page, watch
    finally:
        context.close()


def search(page, query: str, timeout_ms: float = 15_000) -> bool:
    """Type ``query`` into the header's search box as a person does and press Enter; True once
    the search page lists results (Pagefind fetches its index chunks only then)."""
    page.wait_for_load_state("networkidle")
    box = page.locator("header #site-search-box")
    box.wait_for(state="visible")
    box.fill("")
    box.press_sequentially(query)
    box.press("Enter")
    page.wait_for_load_state("load")
    return appears(page, "#banshi-search-results a", timeout_ms)


def search_page(page, base_url: str, query: str) -> dict:
    """Search ``query`` on the search page (opened first if the page is elsewhere), typed into
    its box as a person does, and wait for its answer: {titles, excerpts, status, browse
    (whether the ways to look instead are shown)}."""
    if not page.url.split("?")[0].endswith("/search/"):
        page.goto(base_url + "search/", wait_until="load")
    box = page.locator("#banshi-search-box")
    box.fill(query)
    box.press("Enter")
    page.wait_for_function(
        "q => document.getElementById('banshi-search-status').getAttribute('data-answered') === q",
        arg=query,
        timeout=20_000,
    )
    rows = page.eval_on_selector_all(
        "#banshi-search-results li",
        "l => l.map(li => [li.querySelector('a').textContent, li.querySelector('p').textContent])",
    )
    return {
        "titles": [title for title, _ in rows],
        "excerpts": [excerpt for _, excerpt in rows],
        "status": page.inner_text("#banshi-search-status"),
        "browse": page.is_visible("#banshi-search-browse"),
    }


def serious_violations(page) -> list[dict]:
    """axe-core's critical and serious accessibility violations on the page as it is now."""
    assert AXE.is_file(), f"{AXE} is missing: bash tests/run.sh installs it (npm ci in tests/node)"
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in ("critical", "serious")
    ]


def appears(page, selector: str, timeout_ms: float) -> bool:
    """Whether ``selector`` is on the page within ``timeout_ms``."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_selector(selector, timeout=timeout_ms)
    except PlaywrightTimeout:
        return False
    return True


# --- QR codes ---------------------------------------------------------------------------------


def decode_qr(png: Path) -> list[str]:
    """Every QR code zbarimg finds in the image, as text; [] if none."""
    zbarimg = require_zbarimg()
    result = subprocess.run(
        [zbarimg, "--raw", "-q", "-Sdisable", "-Sqrcode.enable", str(png)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode == 4:  # zbarimg: no symbol found
        return []
    assert result.returncode == 0, f"zbarimg {png} exited {result.returncode}: {result.stderr}"
    return [line for line in result.stdout.splitlines() if line]


def site_path(site: Path, url: str, base_url: str) -> Path:
    """The file under the built site that ``url`` (under the catalog's base_url) is served from."""
    assert url.startswith(base_url), f"{url} is not under the catalog's base_url {base_url}"
    relative = url[len(base_url) :]
    target = site / relative
    return target / "index.html" if relative == "" or relative.endswith("/") else target


# --- reading HTML -----------------------------------------------------------------------------


class Element:
    __slots__ = ("ancestors", "attrs", "line", "raw", "tag", "text")

    def __init__(self, tag, attrs, ancestors, line):
        self.tag = tag
        self.attrs = attrs
        self.text = ""
        self.raw = ""  # <title> and <textarea>: the source, before entities are decoded
        self.ancestors = ancestors
        self.line = line

    def classes(self) -> set[str]:
        return set((dict(self.attrs).get("class") or "").split())

    def __repr__(self):
        shown = " ".join(f'{k}="{v}"' if v is not None else k for k, v in self.attrs)
        return f"<{self.tag}{' ' + shown if shown else ''}> at line {self.line}"


VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "param",
    "source",
    "track",
    "wbr",
}


class Elements(html.parser.HTMLParser):
    """Every element of a document with its attributes, its ancestors and its text (all the
    text inside it); ``text`` is the document's text outside <script> and <style>."""

    # As in browsers, <title> and <textarea> hold text only (RCDATA): what looks like a tag in
    # them is text, and the raw source is kept to see whether it was escaped.
    CDATA_CONTENT_ELEMENTS = ("script", "style", "title", "textarea")
    RCDATA = ("title", "textarea")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.stack: list[Element] = []
        self.texts: list[str] = []
        self.chunks: list[tuple[str, tuple[Element, ...]]] = []

    def handle_starttag(self, tag, attrs):
        element = Element(tag, attrs, tuple(self.stack), self.getpos()[0])
        self.elements.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        self.elements.append(Element(tag, attrs, tuple(self.stack), self.getpos()[0]))

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                break

    def handle_data(self, data):
        if self.stack and self.stack[-1].tag in self.RCDATA:
            self.stack[-1].raw += data
            data = html.unescape(data)
        for element in self.stack:
            element.text += data
        self.chunks.append((data, tuple(self.stack)))
        if not (self.stack and self.stack[-1].tag in ("script", "style")):
            self.texts.append(data)

    def find(self, tag: str, cls: str | None = None) -> list[Element]:
        return [e for e in self.elements if e.tag == tag and (cls is None or cls in e.classes())]

    @property
    def text(self) -> str:
        return "".join(self.texts)


def parse_html(text: str) -> Elements:
    parser = Elements()
    parser.feed(text)
    parser.close()
    return parser
