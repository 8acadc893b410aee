"""The README's pictures of ``banshi serve``: a full-width colon typed into the sample's item
file, shown by the open page at its place, at a desk's width (1280 × 900) and a phone's (390 ×
844).

    python tests/serve_screenshots.py docs/img

It serves a copy of the sample (the repository's catalog/ and rules/) and uses the machine's
Chromium, like the browser tests.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from browser import CHROMIUM, LAUNCH_ARGS
from test_serve import Served

REPO = Path(__file__).resolve().parents[1]
ITEM = "catalog/items/000131128000.yaml"
PAGE = "guides/410526/00013112800001/"
SIZES = {"desk": (1280, 900), "phone": (390, 844)}


def _wait_for(page, text: str) -> None:
    for _ in range(600):
        try:
            if page.evaluate("t => document.body.innerText.includes(t)", text):
                return
        except Exception:  # noqa: BLE001 - the page is reloading
            pass
        time.sleep(0.1)
    raise SystemExit(f"the page never showed {text}")


def main(target: Path) -> None:
    from playwright.sync_api import sync_playwright

    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "示例省目录"
        for part in ("catalog", "rules"):
            shutil.copytree(REPO / part, root / part)
        server = Served(root)
        try:
            base = server.base()
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
                pages = {}
                for size, (width, height) in SIZES.items():
                    pages[size] = browser.new_page(
                        viewport={"width": width, "height": height}, locale="zh-CN"
                    )
                    pages[size].goto(base + PAGE, wait_until="load")
                item = root / ITEM
                text = item.read_text("utf-8")
                item.write_text(text.replace("\nsector: ", "\nsector：", 1), "utf-8")
                for size, page in pages.items():
                    _wait_for(page, "网站没有生成")
                    page.screenshot(path=str(target / f"serve-problem-{size}.png"))
                browser.close()
        finally:
            server.stop()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
