"""``banshi serve``: the maintainer's preview, tried as a maintainer uses it.

The real command runs in its own process on a copy of the minimal catalog, and Debian's
Chromium opens its pages: the site loads, an edit of the catalog shows in the open page without
a restart (the page reloads by itself), a mistake shows on the page with its ``path:line:col``
in Chinese until it is corrected, and a page that does not exist is the site's Chinese 404.
The server listens on 127.0.0.1 only and answers nothing outside the built site; it never
writes into the catalog root, and the built files never hold its reload script.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from browser import appears, open_page
from catalogs import minimal, tree

pytest_plugins = ["browser"]

REPO = Path(__file__).resolve().parents[1]
URL = re.compile(r"http://127\.0\.0\.1:(\d+)(/[!-~]*)")
ITEM = "catalog/items/000131128000.yaml"
HANDLING = "00013112800001"
NAME = "个体工商户设立登记"
WAIT = 60.0


class Served:
    """``banshi serve ROOT`` in its own process; its stderr lines as they come."""

    def __init__(self, root: Path, *options: str, temporary: Path | None = None, env=None):
        environment = {**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})}
        if temporary is not None:
            environment["TMPDIR"] = str(temporary)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "banshi", "serve", str(root), "--port", "0", *options],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=environment,
        )
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stderr:
            self.lines.append(line.rstrip("\n"))

    def said(self, pattern: str, after: int = 0, timeout: float = WAIT) -> re.Match:
        """The first line from ``after`` on that matches ``pattern``, waiting for it."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            for line in self.lines[after:]:
                found = re.search(pattern, line)
                if found:
                    return found
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        pytest.fail(f"banshi serve did not say {pattern!r}:\n" + "\n".join(self.lines))

    def base(self) -> str:
        found = self.said(URL.pattern)
        return f"http://127.0.0.1:{found.group(1)}{found.group(2)}"

    @property
    def port(self) -> int:
        return int(self.said(URL.pattern).group(1))

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # Ctrl+C
        try:
            return self.process.wait(timeout=WAIT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise


@pytest.fixture
def served(tmp_path):
    root = minimal(tmp_path)
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    server = Served(root, temporary=temporary)
    try:
        yield root, server, temporary
    finally:
        server.stop()


def _edit(root: Path, old: str, new: str) -> None:
    path = root / ITEM
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def _shows(page, text: str, timeout: float = WAIT) -> bool:
    """Whether the open page shows ``text`` within ``timeout`` s, however often it reloads."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            if page.evaluate("t => !!document.body && document.body.innerText.includes(t)", text):
                return True
        except Exception:  # noqa: BLE001 - the page is reloading
            pass
        time.sleep(0.1)
    return False


def test_a_page_loads_an_edit_shows_and_a_mistake_shows_where_it_is(served, chromium):
    root, server, _ = served
    base = server.base()
    with open_page(chromium, f"{base}items/{HANDLING}/", base) as (page, watch):
        assert _shows(page, NAME, 5), page.content()[:2000]
        # An edit, saved: the open page shows it by itself, no restart, no reload by hand.
        _edit(root, f"name: {NAME}", f"name: {NAME}（预览）")
        assert _shows(page, f"{NAME}（预览）"), "\n".join(server.lines)
        # A full-width colon, the commonest slip: the page lists it at its place, in Chinese.
        _edit(root, "kind: 承诺件", "kind：承诺件")
        assert _shows(page, "网站没有生成"), "\n".join(server.lines)
        text = page.inner_text("main")
        found = re.search(re.escape(ITEM) + r":(\d+):(\d+)", text)
        assert found, text
        line = (root / ITEM).read_text("utf-8").splitlines()[int(found.group(1)) - 1]
        assert line[int(found.group(2)) - 1] == "：", (line, found.group(0))
        assert "全角冒号" in text, text
        assert page.inner_text(".source mark") == "：", page.inner_html("main")  # in its line
        # Corrected: the site is back.
        _edit(root, "kind：承诺件", "kind: 承诺件")
        assert _shows(page, f"{NAME}（预览）"), "\n".join(server.lines)
        assert not watch.problems(), watch.problems()


def test_a_page_that_does_not_exist_is_the_sites_chinese_404(served, chromium):
    _, server, _ = served
    base = server.base()
    with open_page(chromium, f"{base}no/such/page/", base) as (page, _watch):
        assert appears(page, "main h1", 5_000)
        assert page.inner_text("main h1") == "找不到这个页面"
        home = page.get_by_role("link", name="返回首页")
        home.click()
        page.wait_for_load_state("load")
        assert page.url == base
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=WAIT)
    connection.request("GET", "/no/such/page/")
    answer = connection.getresponse()
    assert answer.status == 404
    assert "找不到这个页面" in answer.read().decode("utf-8")


def _listeners(port: int) -> list[str]:
    """The local addresses listening on ``port`` (IPv4 and IPv6), from /proc/net."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for row in Path(table).read_text().splitlines()[1:]:
            local, state = row.split()[1], row.split()[3]
            address, at = local.split(":")
            if state == "0A" and int(at, 16) == port:  # 0A: LISTEN
                found.append(address)
    return found


def _get(port: int, path: str, host: str | None = None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=WAIT)
    connection.putrequest("GET", path, skip_host=True)
    connection.putheader("Host", host or f"127.0.0.1:{port}")
    connection.endheaders()
    answer = connection.getresponse()
    return answer.status, answer.read()


def test_it_listens_on_127_0_0_1_only_and_serves_only_the_built_site(served):
    root, server, temporary = served
    port = server.port
    assert _listeners(port) == ["0100007F"], _listeners(port)  # 127.0.0.1, little-endian
    (root / "catalog" / "secret.txt").write_text("SECRET-OF-THE-CATALOG", "utf-8")
    keys = next(temporary.glob("banshi-serve-*/build-*/.banshi-keys"))
    assert keys.is_file()
    outside = [
        "/../.banshi-keys",
        "/%2e%2e/.banshi-keys",
        "/..%2f.banshi-keys",
        "/assets/..%2f..%2f.banshi-keys",
        "/../site-src/mkdocs.yml",
        "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/../../../../../../etc/passwd",
        "/..%5c..%5cetc%5cpasswd",
        "/assets/%00",
        "/" + "../" * 8 + str(root / "catalog" / "secret.txt"),
        "//etc/passwd",
        "/.banshi-keys",
    ]
    for path in outside:
        status, body = _get(port, path)
        assert status in (400, 404), (path, status)
        assert b"SECRET-OF-THE-CATALOG" not in body and b"root:" not in body, path
        assert b'"site-src/' not in body, path
    status, body = _get(port, "/assets/banshi.css")
    assert status == 200 and body, "the site's own files are served"
    # A page of another site that reaches the preview through a name resolving to 127.0.0.1
    status, _ = _get(port, "/", host=f"attacker.example:{port}")
    assert status == 421


def test_it_writes_nothing_into_the_catalog_and_nothing_of_its_own_into_the_site(tmp_path):
    root = minimal(tmp_path)
    before = tree(root)
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    server = Served(root, temporary=temporary)
    try:
        status, body = _get(server.port, "/")
        assert status == 200 and b"/.banshi-serve/version" in body  # the page as sent
        built = list(temporary.glob("banshi-serve-*/build-*/site/**/*.html"))
        assert built
        for page in built:  # the files as built
            assert "banshi-serve" not in page.read_text("utf-8"), page
    finally:
        assert server.stop() == 0
    assert tree(root) == before
    assert not list(temporary.iterdir()), "Ctrl+C removes the builds' folder"
    assert server.lines[-1] == "已停止"


def test_a_region_previews_one_shard(tmp_path):
    root = minimal(tmp_path)
    server = Served(root, "--region", "410526100")
    try:
        base = server.base()
        port = server.port
        prefix = base.removeprefix(f"http://127.0.0.1:{port}")
        status, _ = _get(port, f"{prefix}guides/410526100/{HANDLING}/")
        assert status == 200
        status, body = _get(port, f"{prefix}guides/410526/{HANDLING}/")
        assert status == 404 and "找不到这个页面" in body.decode("utf-8")
    finally:
        server.stop()


@pytest.mark.parametrize(
    ("options", "said"),
    [
        (("--region", "999999"), "999999"),
        (("--port", "70000"), "--port"),
    ],
)
def test_usage_errors_exit_2(tmp_path, options, said):
    root = minimal(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "banshi", "serve", str(root), *options],
        capture_output=True,
        text=True,
        timeout=WAIT,
    )
    assert result.returncode == 2, result.stderr
    assert said in result.stderr and "Traceback" not in result.stderr


def test_a_port_in_use_is_a_usage_error(served, tmp_path):
    _, first, _ = served
    result = subprocess.run(
        [sys.executable, "-m", "banshi", "serve", str(minimal(tmp_path / "second"))]
        + ["--port", str(first.port)],
        capture_output=True,
        text=True,
        timeout=WAIT,
    )
    assert result.returncode == 2, result.stderr
    assert str(first.port) in result.stderr and "Traceback" not in result.stderr


def test_an_empty_folder_is_told_what_to_create(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "banshi", "serve", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=WAIT,
    )
    assert result.returncode == 2
    assert "catalog/catalog.yaml" in result.stderr and "banshi init" in result.stderr


def _page_until(port: int, wanted: str, timeout: float = WAIT) -> str:
    """The home page once it holds ``wanted`` (the server rebuilds meanwhile)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        status, body = _get(port, "/")
        text = body.decode("utf-8")
        if wanted in text:
            return text
        time.sleep(0.2)
    pytest.fail(f"the home page never held {wanted!r}:\n{text[-600:]}")


def test_a_catalog_broken_from_the_start_shows_its_problems_then_the_site(tmp_path):
    root = minimal(tmp_path)
    _edit(root, "kind: 承诺件", "kind：承诺件")
    server = Served(root)
    try:
        port = server.port
        text = _page_until(port, "网站没有生成")
        assert f"{ITEM}:" in text and "/.banshi-serve/version" in text
        _edit(root, "kind：承诺件", "kind: 承诺件")
        _page_until(port, "site-header")
    finally:
        assert server.stop() == 0


def test_an_error_in_a_catalog_template_shows_at_its_line(tmp_path):
    root = minimal(tmp_path)
    server = Served(root)
    try:
        port = server.port
        (root / "templates").mkdir()
        (root / "templates" / "guide.md.j2").write_text("# {{ guide.name }\n", "utf-8")
        text = _page_until(port, "templates/guide.md.j2:1")
        assert "网站没有生成" in text, "\n".join(server.lines)
        (root / "templates" / "guide.md.j2").unlink()
        _page_until(port, "site-header")
    finally:
        assert server.stop() == 0


def test_a_rebuild_makes_again_only_what_the_edit_changed(tmp_path, monkeypatch):
    """The preview's builds after the first take every file whose inputs did not change from
    the build before: after one item's name changes, only its pages (and the lists that name
    it) are made again, and the QR codes of qr/ are not drawn again (their URLs did not
    change)."""
    from banshi.emit import qr
    from banshi.serve.preview import Preview

    root = tmp_path / "sample"
    for part in ("catalog", "rules"):
        shutil.copytree(REPO / part, root / part)
    (tmp_path / "builds").mkdir()
    preview = Preview(root, tmp_path / "builds")
    assert preview.build().built
    first = preview.shown.site
    drawn = []
    real = qr.svg
    monkeypatch.setattr(qr, "svg", lambda target, scale=4: drawn.append(target) or real(target))
    item = root / "catalog/items/000131128000.yaml"
    item.write_text(item.read_text("utf-8").replace(f"name: {NAME}", "name: 改名", 1), "utf-8")
    assert preview.build().built
    second = preview.shown.site
    assert second != first
    # the guides made again draw their own codes, but no code of qr/ (an item page's) is
    assert [url for url in drawn if "/items/" in url] == []
    pages = {p.relative_to(second).as_posix(): p for p in second.rglob("index.html")}
    made = [
        path for path, page in pages.items() if page.stat().st_ino != (first / path).stat().st_ino
    ]
    guides = [p for p in pages if p.startswith("guides/")]
    assert any(HANDLING in p for p in made if p.startswith("guides/")), made
    assert all(HANDLING in p for p in made if p.startswith("guides/")), made
    assert len(made) < len(pages) / 4, (len(made), len(pages), len(guides))


def test_a_fault_of_banshi_in_a_build_is_shown_and_the_preview_goes_on(tmp_path, monkeypatch):
    from banshi.serve import preview as previews

    monkeypatch.delenv("BANSHI_DEBUG", raising=False)
    root = minimal(tmp_path)
    (tmp_path / "builds").mkdir()
    preview = previews.Preview(root, tmp_path / "builds")
    assert preview.build().built
    site = preview.shown.site

    def broken(compiled, output, env):
        raise KeyError("a bug")

    monkeypatch.setattr(previews, "STAGES", (*previews.STAGES, ("broken", broken)))
    outcome = preview.build()
    assert not outcome.built and "内部错误：KeyError" in outcome.failure
    assert "BANSHI_DEBUG=1" in preview.shown.failure and preview.shown.site == site
    assert sorted(p.name for p in (tmp_path / "builds").iterdir()) == ["build-1"]
    monkeypatch.setattr(previews, "STAGES", previews.STAGES[:-1])
    assert preview.build().built and preview.shown.failure is None
