"""Generated catalogs (benchmarks/generate.py) as citizens use them, in Chromium at a phone's
width: the same guide order, phones that dial and search that answers only what it knows as
on the sample; an item done at hundreds of places whose page lists its townships and villages
on demand, finds one's own place and remembers it; and an item's page that stays small in a
province of thousands of regions.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys

import pytest
from browser import REPO, Watch, build, open_page, serve
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

from banshi.emit import guides, places
from banshi.emit.render import environment
from banshi.resolve import resolve
from banshi.validate import validate

pytest_plugins = ["browser"]

GENERATE = REPO / "benchmarks" / "generate.py"
BUDGET = 300_000  # bytes an item's page may take on its first load, however many places
# What an item page's first load fetches besides the page: the theme's CSS and scripts.
ASSETS = ("banshi.css", "selector.js", "where.js")


def generate(out, *flags):
    run = subprocess.run(
        [sys.executable, str(GENERATE), str(out), *flags], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    return out


@pytest.fixture(scope="module")
def many_items(tmp_path_factory):
    """80 items over one county: search has 125 handling items to tell apart."""
    folder = tmp_path_factory.mktemp("many-items")
    root = generate(
        folder / "root",
        *("--items", "80", "--cities", "1", "--counties-per-city", "1"),
        *("--townships-per-county", "2", "--villages-per-township", "1"),
    )
    return build(root, folder / "out")


@pytest.fixture(scope="module")
def many_places(tmp_path_factory):
    """Four items done at every township and village of four counties: 244 places each, more
    than an item's page lists whole (banshi.emit.places.INLINE_GUIDES)."""
    folder = tmp_path_factory.mktemp("many-places")
    root = generate(
        folder / "root",
        *("--items", "4", "--cities", "2", "--counties-per-city", "2"),
        *("--townships-per-county", "10", "--villages-per-township", "5"),
        *("--share", "township=1.0,village=1.0"),
    )
    return build(root, folder / "out")


@pytest.fixture(scope="module")
def served_items(many_items):
    with serve(many_items / "site") as url:
        yield url


@pytest.fixture(scope="module")
def served_places(many_places):
    with serve(many_places / "site") as url:
        yield url


def _guides(out, count: int, seed: int) -> list[str]:
    """``count`` guides of a build, drawn at random, and the one with the most materials."""
    entries = []
    for path in sorted((out / "json/implementations").glob("*.json")):
        region = json.loads(path.read_text(encoding="utf-8"))
        entries += [(len(e["materials"]), region["code"], e["code"]) for e in region["entries"]]
    chosen = random.Random(seed).sample(entries, count) + [max(entries)]
    return [f"guides/{region}/{code}/" for _, region, code in chosen]


@pytest.mark.parametrize("catalog", ["many_items", "many_places"])
def test_guides_say_what_to_bring_and_where_first(chromium, request, catalog):
    out = request.getfixturevalue(catalog)
    base = request.getfixturevalue("served_items" if catalog == "many_items" else "served_places")
    for path in _guides(out, 8, seed=24):
        with open_page(chromium, base + path, base, viewport=PHONE_VIEW) as (page, watch):
            assert_guide_order(guide_layout(page), path)
            assert not watch.problems(), watch.problems()


@pytest.mark.parametrize("catalog", ["many_items", "many_places"])
def test_every_phone_number_dials(request, catalog):
    out = request.getfixturevalue(catalog)
    assert pages_with_unlinked_phones(out / "site") == {}


@pytest.mark.parametrize("catalog", ["many_items", "many_places"])
def test_no_page_nests_quotes_or_doubles_a_region_name(request, catalog):
    out = request.getfixturevalue(catalog)
    assert pages_with_bad_names(out / "site", region_names(out)) == {}


def test_search_finds_items_first_by_name_and_nothing_by_a_character(
    chromium, many_items, served_items
):
    items = handling_items(many_items)
    words = words_of_site(many_items / "site")
    chosen = random.Random(24).sample(items, 40)
    with open_page(chromium, served_items + "search/", served_items) as (page, watch):
        assert_found_first(page, served_items, chosen, words)
        assert_nothing_found(page, served_items, ["公积金提取", "护照", "身份证", "证"])
        assert_nothing_found(page, served_items, strangers(words, 12, seed=24))
        assert_every_result_holds_the_query(page, served_items, ["登记", "许可", "补贴"], words)
        assert not watch.problems(), watch.problems()


ITEM = "items/00013100100001/"  # 个体工商户设立登记, at every township and village


def test_an_items_places_are_grouped_and_townships_come_on_demand(many_places):
    page = (many_places / "site" / ITEM / "index.html").read_text("utf-8")
    files = sorted((many_places / "site" / ITEM).glob("*.json"))
    assert [f.stem for f in files] == ["410121", "410122", "410221", "410222"]
    assert page.count('class="banshi-more"') == 4
    assert "后雷湾村" not in page  # a village of 410121: only in its county's file
    assert "后雷湾村" in files[0].read_text("utf-8")


def test_a_citizen_finds_their_village_and_it_is_remembered(chromium, served_places):
    with open_page(chromium, served_places + ITEM, served_places, viewport=PHONE_VIEW) as (
        page,
        watch,
    ):
        assert page.locator("#banshi-where li[data-region='410121100201']").count() == 0
        page.fill("#banshi-where-filter", "邓湾乡")
        village = page.locator("#banshi-where li[data-region='410121100201'] > a")
        village.wait_for(state="attached")
        page.locator("details[data-region='410121100']").evaluate("d => d.open = true")
        assert village.is_visible()
        assert page.locator("#banshi-where li[data-region='410122100']").is_hidden()
        page.wait_for_load_state("networkidle")
        with page.expect_navigation(wait_until="networkidle"):
            village.click()
        assert "/guides/410121100201/00013100100001/" in page.url
        assert not watch.problems(), watch.problems()
        # The next item, in a tab of its own (the same browser, so the same localStorage).
        later = page.context.new_page()
        seen = Watch(later, served_places)
        later.goto(served_places + "items/00013100200001/", wait_until="networkidle")
        mine = later.locator("#banshi-mine")
        mine.wait_for(state="visible")
        shown = mine.locator("li[data-region]").evaluate_all(
            "l => l.map(li => li.getAttribute('data-region'))"
        )
        assert shown and set(shown) <= {"410121100201", "410121100", "410121"}, shown
        assert shown[0] == "410121100201", shown  # the nearest first
        assert not seen.problems(), seen.problems()


def test_an_items_first_load_is_small_in_a_province(chromium, served_places):
    sizes: dict[str, int] = {}
    with open_page(chromium, served_places + ITEM, served_places, viewport=PHONE_VIEW) as (
        page,
        watch,
    ):
        page.wait_for_load_state("networkidle")
        page.on("response", lambda r: sizes.__setitem__(r.url, len(r.body())))
        page.reload(wait_until="networkidle")
        assert not [u for u in sizes if u.endswith(".json")], sorted(sizes)
    assert 10_000 < sum(sizes.values()) < BUDGET, sizes


def test_an_items_page_stays_small_with_thousands_of_regions(tmp_path):
    """A province of 3,400 regions (60 townships a county, two villages each) where one item
    is done at every one: its page (and what a phone fetches with it) stays under 300 KB, and
    so does each county's file of places."""
    root = generate(
        tmp_path / "root",
        *("--items", "1", "--cities", "2", "--counties-per-city", "10"),
        *("--townships-per-county", "60", "--villages-per-township", "2"),
        *("--share", "township=1.0,village=1.0"),
    )
    validation = validate(root)
    assert not validation.errors
    compiled = resolve(validation.catalog)
    code = max(compiled.handling, key=lambda c: len(compiled.guides_of(c)))
    assert len(compiled.guides_of(code)) > 3_000
    env = environment()
    page = guides.item_page(compiled, env, code, "<svg></svg>").encode()
    assets = sum(len((REPO / "templates/assets" / name).read_bytes()) for name in ASSETS)
    assert len(page) + assets + 5_000 < BUDGET, len(page)  # 5 KB: the theme around the page
    files = guides.item_places(compiled, code)
    assert len(files) == 20 and max(len(t.encode()) for t in files.values()) < BUDGET
    listed = sum(_on_demand(place) for t in files.values() for place in json.loads(t)["places"])
    groups, _ = places.places(compiled, code)
    assert listed + sum(_inline(g) for g in groups) == len(compiled.guides_of(code))


def _inline(group: dict) -> int:
    """Places a group lists on the page itself."""
    return len(group["entries"]) + sum(_inline(g) for g in group["places"])


def _on_demand(place: dict) -> int:
    """Places a place of a county's file lists."""
    return len(place["where"]) + sum(_on_demand(p) for p in place.get("places", ()))
