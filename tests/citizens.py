"""What a citizen checks on any built site, the sample's or a generated catalog's: a guide
answers what to bring and where first, every phone number dials, search answers only what
it knows. Shared by tests/test_site_citizens.py (the sample) and tests/test_site_generated.py.

PYTEST_DONT_REWRITE: imported by test modules as a plain helper module.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

from browser import parse_html, search_page

PHONE_VIEW = {"width": 390, "height": 844}
SCREENS = 2  # 申请材料 and where to go start within this many screens of a phone
# A phone number in page text: an area code and number, a mobile, or a five-digit hotline;
# never part of a longer code (统一社会信用代码, item and region codes).
PHONE = re.compile(
    r"(?<![0-9A-Za-z.\-])(?:0\d{2,3}-\d{7,8}(?:-\d{1,5})?|1\d{10}|\d{5}|400-?\d{3}-?\d{4})"
    r"(?![0-9A-Za-z.])"
)


def unlinked_phones(html: str) -> list[str]:
    """Phone numbers of a page that are not the text of a tel: link, and tel: links that dial
    another number than they show."""
    document = parse_html(html)
    wrong = [
        a.text
        for a in document.find("a")
        if (dict(a.attrs).get("href") or "").startswith("tel:")
        and dict(a.attrs)["href"].removeprefix("tel:").split(";ext=")[0] not in a.text
    ]
    text = "".join(
        data
        for data, inside in document.chunks
        if not any(
            e.tag in ("script", "style", "title", "svg")
            or (e.tag == "a" and (dict(e.attrs).get("href") or "").startswith("tel:"))
            for e in inside
        )
    )
    return PHONE.findall(text) + wrong


def pages_with_unlinked_phones(site: Path, skip=("notices",)) -> dict[str, list[str]]:
    """Every page of a built site (but those under ``skip``) with a phone number that does not
    dial."""
    found = {}
    for page in sorted(site.rglob("*.html")):
        relative = page.relative_to(site).as_posix()
        if relative.split("/")[0] in skip:
            continue
        phones = unlinked_phones(page.read_text(encoding="utf-8"))
        if phones:
            found[relative] = phones
    return found


def guide_layout(page) -> dict:
    """Where a guide's parts start on the page (px from the top) and whether its record is
    folded: 申请材料, the short where-to-go of its summary, 去哪里办, the record."""
    return page.evaluate(
        """() => {
        const top = s => { const e = document.querySelector(s);
            return e ? Math.round(e.getBoundingClientRect().top + scrollY) : null; };
        const record = document.querySelector('details#record');
        return {materials: top('h2#materials'), where: top('.banshi-where-short'),
                place: top('h2#place'), record: top('details#record'),
                folded: record ? !record.open : null, screen: innerHeight};
        }"""
    )


def assert_guide_order(layout: dict, what: str) -> None:
    limit = SCREENS * layout["screen"]
    assert layout["materials"] is not None and layout["materials"] < limit, (what, layout)
    assert layout["where"] is not None and layout["where"] < limit, (what, layout)
    assert layout["materials"] < layout["place"] < layout["record"], (what, layout)
    assert layout["folded"] is True, (what, layout)


def words_of_site(site: Path) -> dict[str, list[str]]:
    """Title → the words the search finds it by, for every item and bundle page."""
    words = {}
    for folder in ("items", "bundles"):
        for page in (site / folder).glob("*/index.html"):
            document = parse_html(page.read_text(encoding="utf-8"))
            spans = document.find("span")
            meta = [e for e in spans if dict(e.attrs).get("data-pagefind-meta") == "words"]
            if meta:
                title = document.find("h1")[0].text.strip()
                words[title] = meta[0].text.split("|")
    return words


def handling_items(out: Path) -> list[dict]:
    index = json.loads((out / "json/index.json").read_text(encoding="utf-8"))
    return [
        json.loads((out / f"json/items/{h['code']}.json").read_text(encoding="utf-8"))
        for h in index["handling_items"]
    ]


def assert_found_first(page, base: str, items: list[dict], words: dict) -> list[str]:
    """Each item is the first result for its name, and the first result for each of its
    keywords has that keyword; returns the queries tried."""
    tried = []
    for item in items:
        found = search_page(page, base, item["name"])
        tried.append(item["name"])
        assert found["titles"][:1] == [item["name"]], (item["name"], found)
        for keyword in item.get("keywords") or []:
            found = search_page(page, base, keyword)
            tried.append(keyword)
            assert found["titles"], (keyword, found)
            assert item["name"] in found["titles"], (keyword, item["name"], found["titles"])
            assert keyword in words[found["titles"][0]], (keyword, found["titles"][0])
    return tried


def assert_nothing_found(page, base: str, queries) -> None:
    """No result, and the ways to look instead (region, department, life event, a phone)."""
    for query in queries:
        found = search_page(page, base, query)
        assert found["titles"] == [], (query, found)
        assert found["browse"], (query, found)
        links = page.eval_on_selector_all(
            "#banshi-search-browse a", "l => l.map(a => a.getAttribute('href'))"
        )
        for wanted in ("../regions/", "../departments/", "../bundles/"):
            assert wanted in links, (query, links)
        assert any(h.startswith("tel:") for h in links), (query, links)


def assert_every_result_holds_the_query(page, base: str, queries, words: dict) -> None:
    """Each result of each (two-character or longer, filler-free) query has a word that holds
    the query whole: nothing is found by a character it shares with the query."""
    for query in queries:
        found = search_page(page, base, query)
        for title in found["titles"]:
            assert any(query in w for w in words[title]), (query, title, words[title])


def strangers(words: dict, count: int, seed: int) -> list[str]:
    """Two-character queries made of characters the items' words use, but never side by side
    in any of them (so no item is about them): each shares a character with many items."""
    texts = [w for found in words.values() for w in found]
    characters = sorted({c for t in texts for c in t if "\u4e00" <= c <= "\u9fff"})
    rng = random.Random(seed)
    chosen = []
    while len(chosen) < count:
        pair = "".join(rng.sample(characters, 2))
        if not any(pair in t for t in texts) and pair not in chosen:
            chosen.append(pair)
    return chosen


def nested_quotes(text: str) -> list[str]:
    """Each “…” that opens inside another (GB/T 15834 nests ‘…’ inside “…”), with its context."""
    found, depth = [], 0
    for at, character in enumerate(text):
        if character == "“":
            depth += 1
            if depth > 1:
                found.append(text[max(0, at - 20) : at + 20])
        elif character == "”":
            depth = max(0, depth - 1)
    return found


def doubled_names(text: str, names) -> list[str]:
    """Region names written twice in a row (上集镇上集镇便民服务中心)."""
    return [name for name in names if len(name) > 1 and name + name in text]


def pages_with_bad_names(site: Path, regions: list[str], skip=("notices",)) -> dict:
    """Pages of a built site (but those under ``skip``) that nest quotes or double a name."""
    found = {}
    for page in sorted(site.rglob("*.html")):
        relative = page.relative_to(site).as_posix()
        if relative.split("/")[0] in skip:
            continue
        text = parse_html(page.read_text(encoding="utf-8")).text
        bad = nested_quotes(text) + doubled_names(text, regions)
        if bad:
            found[relative] = bad
    return found


def region_names(out: Path) -> list[str]:
    regions = {}
    for path in (out / "json/implementations").glob("*.json"):
        region = json.loads(path.read_text(encoding="utf-8"))
        regions[region["code"]] = region["name"]
    return sorted(set(regions.values()))
