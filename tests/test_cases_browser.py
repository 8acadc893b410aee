"""``banshi cases report --format html`` as a centre's director reads it: a generated year of
cases (benchmarks/cases.py) on the catalog with two releases, the page opened in Chromium at a
phone's width and a desk's: nothing scrolls sideways, axe-core finds nothing serious, nothing is
fetched, the labels are Chinese and the charts have their data.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from browser import REPO, open_page, serious_violations, serve
from casefiles import Release, catalog_repo
from command_line import banshi

pytest_plugins = ["browser"]

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desk": {"width": 1280, "height": 900}}


@pytest.fixture(scope="module")
def page_folder(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("year")
    root = catalog_repo(
        work / "catalog",
        [
            Release("2026.01", "2026-01-05", promised=5, legal=15),
            Release("2026.07", "2026-07-01", promised=3, legal=15),
        ],
    )
    exports = work / "exports"
    made = subprocess.run(
        [sys.executable, REPO / "benchmarks" / "cases.py", "generate", root, exports,
         "--cases", "3000", "--year", "2026", "--encoding", "gb18030"],
        capture_output=True,
        text=True,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    db = work / "store" / "cases.duckdb"
    loaded = banshi("cases", "load", *sorted(exports.glob("*.csv")), "--db", db, "--root", root)
    assert loaded.returncode == 0, loaded.stdout + loaded.stderr
    period = ("--from", "2026-01-01", "--to", "2026-12-31")
    html = banshi(
        "cases", "report", root, "--db", db, *period, "--by", "window", "--format", "html"
    )
    assert html.returncode == 0, html.stderr
    data = banshi("cases", "report", root, "--db", db, *period, "--format", "json")
    site = work / "site"
    site.mkdir()
    (site / "index.html").write_text(html.stdout, encoding="utf-8")
    (site / "figures.json").write_text(data.stdout, encoding="utf-8")
    return site


@pytest.fixture(scope="module")
def served(page_folder):
    with serve(page_folder) as url:
        yield url


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_nothing_scrolls_sideways_and_nothing_is_fetched(chromium, served, viewport):
    with open_page(chromium, served, served, viewport=VIEWPORTS[viewport]) as (page, watch):
        widths = page.evaluate("""() => ({page: document.documentElement.scrollWidth,
            window: document.documentElement.clientWidth,
            wider: [...document.querySelectorAll('main *')].filter(e => {
                const r = e.getBoundingClientRect();
                return r.right > document.documentElement.clientWidth + 1 && r.width > 0;
            }).slice(0, 5).map(e => e.tagName + '.' + e.className)})""")
        assert widths["page"] <= widths["window"], widths
        assert not widths["wider"], widths
        assert not watch.problems(), watch.problems()
        fetched = page.evaluate("performance.getEntriesByType('resource').map(r => r.name)")
        assert not fetched  # the page is whole: styles and charts inside it


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_axe_finds_nothing_serious(chromium, served, viewport):
    with open_page(chromium, served, served, viewport=VIEWPORTS[viewport]) as (page, watch):
        bad = serious_violations(page)
        assert not bad, json.dumps(bad, ensure_ascii=False)


def test_the_charts_and_the_figures(chromium, served, page_folder):
    figures = json.loads((page_folder / "figures.json").read_text("utf-8"))
    with open_page(chromium, served, served, viewport=VIEWPORTS["phone"]) as (page, watch):
        assert page.evaluate("document.documentElement.lang") == "zh-CN"
        charts = page.locator("svg.chart")
        assert charts.count() == 2
        months = page.locator("#h-month + svg g")
        assert months.count() == 12
        assert page.locator("#h-window + svg g").count() >= 2
        text = page.inner_text("body")
        assert f"{figures['on_time_rate']:.2%}" in text
        assert f"超期件（{len(figures['overdue'])} 件）" in text
        for label in ("按时办结率", "现场办结率", "满意率", "当日办结率", "平均办结时间"):
            assert label in text
        every = page.evaluate(
            "[...document.querySelectorAll('svg.chart')].every(s => "
            "s.getAttribute('role') === 'img' && s.getAttribute('aria-labelledby'))"
        )
        assert every
