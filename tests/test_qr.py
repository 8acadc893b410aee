"""QR codes read by a real decoder: each is drawn by Chromium, photographed, and read by zbarimg.

A code must decode to a URL under the catalog's base_url whose page the build published.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from browser import REPO, decode_qr, open_page, parse_html, require_zbarimg, site_path

# The fixtures built_sample, served and chromium, defined once for the whole session.
pytest_plugins = ["browser"]

CODE = "00013112800001"
REGION = "410526"
BASE_URL = "https://zwfw.example.gov.cn/"


def base_url() -> str:
    catalog = yaml.safe_load((REPO / "catalog" / "catalog.yaml").read_text(encoding="utf-8"))
    assert catalog["base_url"] == BASE_URL
    return catalog["base_url"]


def high_frequency() -> list[str]:
    policy = yaml.safe_load((REPO / "rules" / "policy.yaml").read_text(encoding="utf-8"))
    return [str(code) for code in policy["high_frequency"]]


def shoot(locator, png: Path) -> list[str]:
    """Photograph what Chromium drew for ``locator`` and read every QR code in it."""
    locator.scroll_into_view_if_needed()
    locator.screenshot(path=str(png))
    return decode_qr(png)


def test_item_qr_file_decodes_to_the_items_page(chromium, built_sample, tmp_path):
    require_zbarimg()
    svg = built_sample / "qr" / f"{CODE}.svg"
    assert svg.is_file()
    page = chromium.new_page()
    try:
        page.goto(svg.as_uri())
        decoded = shoot(page.locator("svg").first, tmp_path / "item.png")
    finally:
        page.close()
    url = f"{base_url()}items/{CODE}/"
    assert decoded == [url] == ["https://zwfw.example.gov.cn/items/00013112800001/"]
    target = site_path(built_sample / "site", url, base_url())
    assert target == built_sample / "site" / "items" / CODE / "index.html"
    assert target.is_file(), f"the QR code opens {url}, but the site has no {target}"


def test_every_item_qr_file_names_its_own_code(built_sample):
    """One QR file per compiled handling item, no more (the decoding itself is tested above)."""
    index = json.loads((built_sample / "json" / "index.json").read_text(encoding="utf-8"))
    codes = {h["code"] for h in index["handling_items"]}
    assert {p.stem for p in (built_sample / "qr").glob("*.svg")} == codes
    for code in codes:
        assert (built_sample / "site" / "items" / code / "index.html").is_file(), code


@pytest.mark.parametrize(
    "page_path, expected_path",
    [
        (f"guides/{REGION}/{CODE}/", f"guides/{REGION}/{CODE}/"),
        (f"items/{CODE}/", f"items/{CODE}/"),
    ],
)
def test_page_qr_decodes_to_the_pages_own_url(
    chromium, served, built_sample, tmp_path, page_path, expected_path
):
    require_zbarimg()
    with open_page(chromium, served + page_path, served) as (page, watch):
        figures = page.locator("figure.banshi-qr")
        assert figures.count() == 1, f"{page_path} has {figures.count()} figure.banshi-qr"
        decoded = shoot(figures.first, tmp_path / "page.png")
        assert not watch.problems(), watch.problems()
    url = base_url() + expected_path
    assert decoded == [url], f"the QR code of {page_path} reads {decoded}"
    target = site_path(built_sample / "site", url, base_url())
    assert target.is_file(), f"the QR code opens {url}, but the site has no {target}"


@pytest.mark.parametrize("region", ["410526", "410526100201"])
def test_placards_open_the_regions_guide_with_the_regions_promise(
    chromium, served, built_sample, tmp_path, region
):
    """A hall's placards: one per high-frequency item implemented there, each QR code opening
    that region's guide, each showing that region's promise (as its implementation JSON says)."""
    require_zbarimg()
    entries = json.loads(
        (built_sample / "json" / "implementations" / f"{region}.json").read_text("utf-8")
    )
    promised = {e["code"]: e["promised"] for e in entries["entries"]}
    codes = [c for c in high_frequency() if c in promised]
    assert codes, f"rules/policy.yaml lists high_frequency items implemented at {region}"
    html_file = built_sample / "site" / "placards" / region / "index.html"
    parsed = parse_html(html_file.read_text(encoding="utf-8"))
    placards = parsed.find("div", "banshi-placard")
    svgs = [
        e for e in parsed.find("svg") if any("banshi-placard" in a.classes() for a in e.ancestors)
    ]
    assert len(placards) == len(svgs) == len(codes), (len(placards), len(svgs), codes)

    with open_page(chromium, served + f"placards/{region}/", served) as (page, watch):
        shown = page.locator("div.banshi-placard")
        assert shown.count() == len(codes)
        found = []
        for i in range(shown.count()):
            placard = shown.nth(i)
            decoded = shoot(placard.locator("svg"), tmp_path / f"placard-{i}.png")
            assert len(decoded) == 1, (
                f"placard {i} ({placard.locator('h2').inner_text()}) reads {decoded}"
            )
            found.append(
                (placard.locator("h2").inner_text().strip(), decoded[0], placard.inner_text())
            )
        assert not watch.problems(), watch.problems()

    for (name, url, text), code in zip(found, codes):
        item = json.loads(
            (built_sample / "json" / "items" / f"{code}.json").read_text(encoding="utf-8")
        )
        assert (name, url) == (item["name"], f"{base_url()}guides/{region}/{code}/")
        days = promised[code]
        assert (
            "承诺 即时办结" if days == 0 else f"承诺 {days} 个{item['time_limit']['unit']}"
        ) in text
        target = site_path(built_sample / "site", url, base_url())
        assert target.is_file(), f"a placard opens {url}, but the site has no {target}"
