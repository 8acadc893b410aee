"""The README's pictures of the site: home, guide, item, search results, bundle and notice,
each at a phone's width (390 × 844) and a desk's (1280 × 900), first screen only (small PNGs).

    python tests/screenshots.py DIR/site docs/img

DIR is a ``banshi build`` of the sample. Uses the machine's Chromium, like the browser tests.
"""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import quote

from browser import CHROMIUM, LAUNCH_ARGS, serve

SHOTS = {
    "home": "",
    "guide": "guides/410526/00013112800001/",
    "item": "items/00013112800001/",
    "search": "search/?q=" + quote("医保"),
    "bundle": "bundles/open-restaurant/",
    "notice": "notices/410526/00013112800001/?answers=" + quote('{"entrusted":true}'),
}
SIZES = {"phone": (390, 844), "desk": (1280, 900)}


def main(site: Path, target: Path) -> None:
    from playwright.sync_api import sync_playwright

    target.mkdir(parents=True, exist_ok=True)
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        for size, (width, height) in SIZES.items():
            page = browser.new_page(viewport={"width": width, "height": height}, locale="zh-CN")
            for name, path in SHOTS.items():
                page.goto(base + path, wait_until="networkidle")
                if name == "search":
                    page.wait_for_selector("#banshi-search-results a", timeout=15_000)
                page.screenshot(path=str(target / f"{name}-{size}.png"))
            page.close()
        browser.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
