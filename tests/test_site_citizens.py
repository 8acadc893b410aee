"""The built sample site as citizens use it, at a phone's width and a desk's, in Chromium.

Each page kind (home, listing, guide, notice, bundle, search results, placards) reflows without
scrolling sideways, passes axe-core with no critical or serious violation, shows no English
interface text; a guide's first load stays small (no whole-site index); search finds the item.
axe-core comes from npm (tests/node, installed by tests/run.sh); nothing of it is in git.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from browser import open_page, search_page, serious_violations
from citizens import (
    PHONE_VIEW,
    assert_every_result_holds_the_query,
    assert_found_first,
    assert_guide_order,
    assert_nothing_found,
    guide_layout,
    handling_items,
    pages_with_bad_names,
    pages_with_unlinked_phones,
    region_names,
    strangers,
    words_of_site,
)

pytest_plugins = ["browser"]

CODE, REGION = "00013112800001", "410526"
PAGES = {
    "home": "",
    "listing": f"regions/{REGION}/",
    "guide": f"guides/{REGION}/{CODE}/",
    "item": f"items/{CODE}/",
    "notice": f"notices/{REGION}/{CODE}/",
    "bundle": "bundles/open-restaurant/",
    "parallel": "bundles/construction/",
    "search": "search/?q=" + quote("营业执照"),
    "nothing found": "search/?q=" + quote("公积金"),
    "placards": f"placards/{REGION}/",
    "not found": "404.html",
}
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desk": {"width": 1280, "height": 900}}
# Interface words of the MkDocs themes and search UIs this site must not show.
ENGLISH = re.compile(
    r"\b(Search|Previous|Next|Page not found|Documentation|MkDocs|Close|"
    r"Results?|Navigation|Table of contents|Built with|Edit on|Home|Menu|"
    r"No results|Loading|Type to)\b"
)
GUIDE_BUDGET = 300_000  # bytes a guide's first load may transfer


def _ready(page, kind: str) -> None:
    page.wait_for_load_state("networkidle")
    if kind == "search":
        page.wait_for_selector("#banshi-search-results a", timeout=15_000)
    if kind == "nothing found":
        page.wait_for_selector("#banshi-search-browse:not([hidden])", timeout=15_000)


def _visit(chromium, served, kind, viewport):
    return open_page(chromium, served + PAGES[kind], served, viewport=VIEWPORTS[viewport])


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("kind", PAGES)
def test_no_page_scrolls_sideways(chromium, served, kind, viewport):
    with _visit(chromium, served, kind, viewport) as (page, watch):
        _ready(page, kind)
        widths = page.evaluate("""() => ({page: document.documentElement.scrollWidth,
            window: document.documentElement.clientWidth,
            wider: [...document.querySelectorAll('main *')].filter(e => {
                const r = e.getBoundingClientRect();
                return r.right > document.documentElement.clientWidth + 1 && r.width > 0 &&
                       !e.closest('table.banshi-info:has(thead)');
            }).slice(0, 5).map(e => e.tagName + '.' + e.className)})""")
        assert widths["page"] <= widths["window"], f"{kind} at {viewport}: {widths}"
        assert not widths["wider"], f"{kind} at {viewport}: wider than the window: {widths}"
        assert not watch.problems(), watch.problems()


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("kind", PAGES)
def test_axe_finds_nothing_serious(chromium, served, kind, viewport):
    with _visit(chromium, served, kind, viewport) as (page, watch):
        _ready(page, kind)
        bad = serious_violations(page)
        assert not bad, f"{kind} at {viewport}: {json.dumps(bad, ensure_ascii=False)}"


@pytest.mark.parametrize("kind", PAGES)
def test_interface_is_chinese(chromium, served, kind):
    with _visit(chromium, served, kind, "phone") as (page, watch):
        _ready(page, kind)
        assert page.evaluate("document.documentElement.lang") == "zh-CN"
        chrome = page.evaluate("""() => [...document.querySelectorAll(
            'header, footer, nav, .skip-link, label, button, #banshi-search-status, '
            + 'input[type=search]')]
            .map(e => e.innerText || e.placeholder || e.value || '').join('\\n')""")
        assert not re.search(r"[A-Za-z]{2,}", chrome), (
            f"{kind}: Latin text in the chrome: {chrome!r}"
        )
        text = page.inner_text("body")
        assert not ENGLISH.search(text), f"{kind}: {ENGLISH.search(text).group(0)!r} on the page"


def test_a_guides_first_load_is_small(chromium, served):
    """Everything a phone fetches to show a guide: the page, its CSS and scripts; never the
    search index (only the search page asks Pagefind, and then for chunks)."""
    sizes: dict[str, int] = {}
    with _visit(chromium, served, "guide", "phone") as (page, watch):
        page.on("response", lambda r: sizes.__setitem__(r.url, len(r.body())))
        page.reload(wait_until="networkidle")
        assert not [u for u in sizes if "/pagefind/" in u], sorted(sizes)
    total = sum(sizes.values())
    assert 10_000 < total < GUIDE_BUDGET, f"a guide's first load is {total} bytes: {sizes}"


def _search(chromium, served, query: str) -> list[str]:
    with open_page(chromium, served + "search/?q=" + quote(query), served) as (page, watch):
        page.wait_for_function(
            "() => /找到|没有找到/.test("
            "document.getElementById('banshi-search-status').textContent)",
            timeout=15_000,
        )
        titles = page.eval_on_selector_all(
            "#banshi-search-results a", "l => l.map(a => a.textContent)"
        )
        assert not watch.problems(), watch.problems()
    return titles


def _names(out: Path) -> dict[str, dict]:
    index = json.loads((out / "json" / "index.json").read_text(encoding="utf-8"))
    return {h["name"]: h for h in index["handling_items"]}


def _item(out: Path, code: str) -> dict:
    return json.loads((out / "json" / "items" / f"{code}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "query, first",
    [
        ("医保", "城乡居民基本医疗保险参保登记"),
        ("最低生活保障", "城市最低生活保障申请"),
        ("个体工商户设立", "个体工商户设立登记"),
        ("开办餐馆", "开办餐馆“一件事”"),
    ],
)
def test_search_finds_the_item_first(chromium, served, query, first):
    titles = _search(chromium, served, query)
    assert titles, f"{query!r} found nothing"
    assert titles[0].split("（示例")[0].split("（城关")[0] == first or titles[0] == first, titles[
        :5
    ]


def test_search_results_are_handling_items_each_once(chromium, served, built_sample):
    """A result is a handling item (whose page lists the regions that do it) or a bundle,
    never the same item once per region: a province has 3,000 items and 70,000 guides."""
    names = _names(built_sample)
    for query in ("登记", "社保", "营业执照"):
        titles = _search(chromium, served, query)
        assert titles, query
        assert len(titles) == len(set(titles)), (query, titles)
        for title in titles:
            assert title in names or "一件事" in title or "审批" in title, (query, title)


def test_searching_a_certificate_finds_the_items_that_issue_it(chromium, served, built_sample):
    """营业执照: items whose 办理结果 is a 营业执照 come first, not the fire-safety item that
    asks for one; 个体工商户设立登记 is on the first screen."""
    names = _names(built_sample)
    titles = _search(chromium, served, "营业执照")
    first = titles[0].rsplit("（", 1)[0]
    assert any(
        "营业执照" in r["name"] for r in _item(built_sample, names[first]["code"])["results"]
    )
    assert "个体工商户设立登记" in titles[:5], titles[:5]


def test_keywords_find_the_item(chromium, served, built_sample):
    """低保 finds 最低生活保障 by its keywords (format v1.1, spec §5)."""
    names = _names(built_sample)
    keywords = _item(built_sample, names["农村最低生活保障申请"]["code"]).get("keywords")
    if not keywords or "低保" not in keywords:
        pytest.skip("the sample gives 最低生活保障 no keyword 低保 yet (format v1.1 keywords)")
    titles = _search(chromium, served, "低保")
    assert titles and "最低生活保障" in titles[0], titles[:5]


def test_answers_travel_to_the_printable_notice(chromium, served):
    with _visit(chromium, served, "guide", "phone") as (page, watch):
        page.locator('fieldset.banshi-question[data-question="entrusted"]').get_by_label(
            "是", exact=True
        ).check()
        page.locator('fieldset.banshi-question[data-question="premises_owned"]').get_by_label(
            "否", exact=True
        ).check()
        page.locator("a.banshi-notice-link").click()
        page.wait_for_load_state("load")
        assert "/notices/" in page.url
        for question, label in (("entrusted", "是"), ("premises_owned", "否")):
            fieldset = page.locator(f'fieldset.banshi-question[data-question="{question}"]')
            assert fieldset.get_by_label(label, exact=True).is_checked(), question
        assert page.locator("tr[data-index]", has_text="授权委托书").first.is_visible()
        shown = page.locator("#banshi-answers-shown").inner_text()
        assert "是否委托他人代为办理？ 是" in shown and "经营场所是否为自有房屋？ 否" in shown
        assert not watch.problems(), watch.problems()


def test_a_one_thing_bundle_has_a_selector_and_a_notice(chromium, served):
    with _visit(chromium, served, "bundle", "phone") as (page, watch):
        assert page.locator("#banshi-selector").is_visible()
        assert page.locator("fieldset.banshi-question").count() > 0
        page.locator("a.banshi-notice-link").click()
        page.wait_for_load_state("load")
        assert "/notices/" in page.url and page.locator("article.banshi-notice").is_visible()
        assert not watch.problems(), watch.problems()


def test_the_search_box_is_in_the_header_on_a_phone(chromium, served):
    with _visit(chromium, served, "guide", "phone") as (page, watch):
        box = page.locator("header #site-search-box")
        assert box.is_visible() and box.bounding_box()["y"] < 200
        box.fill("医保")
        box.press("Enter")
        page.wait_for_selector("#banshi-search-results a", timeout=15_000)
        assert "医疗保险" in page.locator("#banshi-search-results a").first.inner_text()
        assert not watch.problems(), watch.problems()


# A county's own guide, a village's 代办 (the file goes up to the township), the item with the
# most materials, a 受理转报 township.
GUIDES = {
    "county": f"guides/{REGION}/{CODE}/",
    "village proxy": f"guides/410526100201/{CODE}/",
    "most materials": "guides/410526/00017503600001/",
    "forwarding township": "guides/410526101/00013112800001/",
}


@pytest.mark.parametrize("which", GUIDES)
def test_a_guide_says_what_to_bring_and_where_first(chromium, served, which):
    """On a phone: 申请材料 and where to go (the window, its address, a phone that dials)
    start within the first two screens; 去哪里办 follows the materials, and the record fields
    come last, folded."""
    with open_page(chromium, served + GUIDES[which], served, viewport=PHONE_VIEW) as (page, w):
        assert_guide_order(guide_layout(page), which)
        assert page.locator(".banshi-where-short a[href^='tel:']").count() == 1
        assert not w.problems(), w.problems()


def test_a_village_proxy_guide_says_who_decides_not_that_it_is_done_on_the_spot(built_sample):
    """张营村's 代办员 takes the file to the township's office, which decides: the page never
    says the window finishes it 当场."""
    text = (built_sample / f"site/guides/410526100201/{CODE}/index.html").read_text("utf-8")
    assert "窗口当场办结" not in text and "当场办结" not in text
    assert "代办员收件后把材料送到示例县市场监督管理局上集市场监督管理所，由其审核" in text


def test_the_basis_is_called_what_it_holds(built_sample):
    """设定依据 and 实施依据 together are 办理依据; each line says which it is."""
    text = (built_sample / f"site/{GUIDES['county']}index.html").read_text("utf-8")
    assert '<h2 id="basis">办理依据</h2>' in text and ">设定依据<" not in text
    assert "<li>设定依据：《" in text and "<li>实施依据：《" in text


def test_every_phone_number_on_the_site_dials(built_sample):
    """Guides, item and bundle pages, departments, the home page, the search page's help, every
    page's footer: each phone number is a tel: link (notices are the papers' own)."""
    assert pages_with_unlinked_phones(built_sample / "site") == {}


def test_no_page_nests_quotes_or_doubles_a_region_name(built_sample):
    """开办餐馆“一件事” is never quoted again, 上集镇 never written twice (notices: the papers')."""
    assert pages_with_bad_names(built_sample / "site", region_names(built_sample)) == {}


def test_search_finds_every_item_first_by_its_name_and_keywords(chromium, served, built_sample):
    items = handling_items(built_sample)
    words = words_of_site(built_sample / "site")
    with open_page(chromium, served + "search/", served) as (page, watch):
        assert_found_first(page, served, items, words)
        assert not watch.problems(), watch.problems()


# No item of the sample is about these: 公积金 shares 公 with 公众聚集场所…, 身份证 is a
# material of many items, never an item.
NO_ITEM = ["公积金", "住房公积金提取", "身份证", "护照", "出入境证件", "证", "保"]


def test_a_query_about_no_item_finds_nothing_and_offers_ways_to_look(chromium, served):
    with open_page(chromium, served + "search/", served) as (page, watch):
        assert_nothing_found(page, served, NO_ITEM)
        assert not watch.problems(), watch.problems()


def test_no_query_finds_an_item_by_a_shared_character(chromium, served, built_sample):
    words = words_of_site(built_sample / "site")
    queries = ["登记", "许可", "社保", "医保", "营业执照", "消防", "饭店"]
    with open_page(chromium, served + "search/", served) as (page, watch):
        assert_every_result_holds_the_query(page, served, queries, words)
        assert_nothing_found(page, served, strangers(words, 12, seed=24))
        assert not watch.problems(), watch.problems()


def test_an_excerpt_is_a_sentence_of_the_item(chromium, served, built_sample):
    """The excerpt under a result is the item page's own summary sentence, whole."""
    with open_page(chromium, served + "search/", served) as (page, watch):
        found = search_page(page, served, "营业执照")
    site = built_sample / "site"
    for title, excerpt in zip(found["titles"], found["excerpts"]):
        assert excerpt.startswith(title + "：") and excerpt.endswith("。"), excerpt
        pages = [p for p in site.glob("*/*/index.html") if excerpt in p.read_text("utf-8")]
        assert pages, excerpt
