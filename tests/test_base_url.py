"""The catalog's ``base_url`` is a URL, and no value of it becomes markup. Issue 20,
observation 1; SECURITY.md row 7.

``base_url: "https://x/\\"><script>alert(1)</script><x y=\\"/"`` once passed validation (the
pattern asked only for ``^https?://.+/$``) and the theme printed it unescaped, through the
canonical link of every page and every URL of the 404 page: every built page carried the
script. Now the schema asks for a scheme, a host and path characters, and the theme escapes
every value, so a value that got past validation still cannot inject markup.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser import open_page, parse_html, serve
from catalogs import apply_patch, minimal
from click.testing import CliRunner

from banshi.cli import main

pytest_plugins = ["browser"]

PAYLOAD = 'https://x/"><script>alert(1)</script><x y="/'
NOT_URLS = [
    PAYLOAD,
    "javascript:alert(1)//x/",
    "https://x/ y/",
    "https://user@x/",
    "https://x/<b>/",
    "https://x/a'b/",
    "http:///",
    "https://x/\n",
    "https://x",
    "https://x/?q=1/",
    "https://x/#f/",
    "https://办事.cn/",
]
URLS = [
    "https://zwfw.example.gov.cn/",
    "http://localhost:8000/banshi/",
    "https://xn--fiq228c.cn/zw/%E5%8A%9E%E4%BA%8B/",
]


def _validate(root: Path):
    return CliRunner().invoke(main, ["validate", str(root), "--format", "json"])


@pytest.mark.parametrize("url", NOT_URLS)
def test_a_base_url_that_is_no_url_is_a_located_problem(tmp_path, url):
    root = minimal(tmp_path)
    apply_patch(root, {"catalog/catalog.yaml": {"base_url": url}})
    result = _validate(root)
    assert result.exit_code == 1, result.output
    assert "catalog/catalog.yaml" in result.stdout and "base_url" in result.stdout


@pytest.mark.parametrize("url", URLS)
def test_a_base_url_of_a_real_site_validates(tmp_path, url):
    root = minimal(tmp_path)
    apply_patch(root, {"catalog/catalog.yaml": {"base_url": url}})
    result = _validate(root)
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def past_validation(tmp_path_factory):
    """The minimal catalog built with ``PAYLOAD`` as its base_url, put in after validation
    (as a hole in the schema would let it through)."""
    import dataclasses

    import banshi.resolve

    tmp = tmp_path_factory.mktemp("base-url")
    root = minimal(tmp)
    resolve = banshi.resolve.resolve

    def tampered(*args, **kwargs):
        compiled = resolve(*args, **kwargs)
        compiled.info = dataclasses.replace(compiled.info, base_url=PAYLOAD)
        return compiled

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(banshi.resolve, "resolve", tampered)  # the pipeline imports it when resolving
        result = CliRunner().invoke(main, ["build", str(root), "--out", str(tmp / "out")])
    assert result.exit_code == 0, result.output
    return tmp / "out" / "site"


def test_a_base_url_past_validation_is_no_markup_on_any_page(past_validation):
    pages = sorted(past_validation.rglob("*.html"))
    assert (past_validation / "404.html") in pages and len(pages) > 10
    canonical = []
    for page in pages:
        text = page.read_text(encoding="utf-8")
        parsed = parse_html(text)
        where = page.relative_to(past_validation).as_posix()
        assert not parsed.find("x"), f"{where}: the payload made an element"
        scripts = [
            e
            for e in parsed.find("script")
            if "alert" in e.text and dict(e.attrs).get("type") != "application/ld+json"
        ]  # the JSON-LD block holds the URL as JSON data, its < written \u003c
        assert not scripts, f"{where}: the payload made a script"
        assert "<script>alert" not in text, where
        links = parsed.find("link")
        canonical += [dict(e.attrs)["href"] for e in links if ("rel", "canonical") in e.attrs]
    assert canonical and all(href.startswith(PAYLOAD) for href in canonical), canonical[:3]


def test_no_script_runs_in_the_browser(past_validation, chromium):
    with serve(past_validation) as base:
        for path in ("", "404.html", "items/00013112800001/"):
            with open_page(chromium, base + path, base) as (page, watch):
                page.wait_for_timeout(200)
                assert not watch.dialogs, f"/{path}: {watch.dialogs}"
                assert page.locator("x").count() == 0, f"/{path}: the payload made an element"
