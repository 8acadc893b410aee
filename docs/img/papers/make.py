"""Renders each window paper and hall page of the sample to PNG here, through Debian's Chromium:
    .venv/bin/python docs/img/papers/make.py
Prints the number of A4 pages each prints on. Needs chromium and pdftoppm (poppler-utils)."""

import re
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PAPERS = {
    "inform": ["00017503600001", "--region", "410526"],
    "correct": [
        "00013112800001",
        "--region",
        "410526",
        "--submitted",
        "居民身份证",
        "--date",
        "2025-09-30",
    ],
    "accept": [
        "00017503600001",
        "--region",
        "410526",
        "--date",
        "2025-09-30",
        "--applicant",
        "张三",
    ],
    "receipt": ["00012201700001", "--region", "410526100201", "--date", "2025-11-16"],
    "defer": ["00013112800001", "--region", "410526", "--date", "2025-09-30"],
    "refuse": [
        "00013112800001",
        "--region",
        "410526",
        "--date",
        "2025-09-30",
        "--reason",
        "申请事项属于市级权限",
        "--refer-to",
        "示例市市场监督管理局",
    ],
    "extend": [
        "00018600600001",
        "--region",
        "410526",
        "--date",
        "2025-09-30",
        "--reason",
        "需要现场勘查",
    ],
    "proxy": ["00017310100001", "--region", "410526100201"],
    "approve": [
        "00018600600001",
        "--region",
        "410526",
        "--date",
        "2025-09-30",
        "--issued",
        "2025-10-09",
    ],
    "deny": [
        "00013112800001",
        "--region",
        "410526",
        "--date",
        "2025-09-30",
        "--reason",
        "经营范围属于禁止经营的项目",
    ],
}
KINDS = {"receipt": "accept"}  # the paper asked for, where its name is another's


def banshi(*args: str) -> str:
    return subprocess.run(
        [sys.executable, "-m", "banshi", *args],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    ).stdout


def shoot(browser, html_path: Path, name: str) -> None:
    page = browser.new_page()
    page.goto(html_path.as_uri())
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    page.close()
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "50",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                file.name,
                str(HERE / name),
            ],
            check=True,
        )
    print(f"{name}: {pages} page(s)")


def main() -> None:
    with tempfile.TemporaryDirectory() as work, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for kind, args in PAPERS.items():
            path = Path(work) / f"{kind}.html"
            asked = KINDS.get(kind, kind)
            path.write_text(banshi("notice", *args, "--kind", asked, "--format", "html"), "utf-8")
            shoot(browser, path, kind)
        banshi("hall", "410526", "--out", f"{work}/hall")
        for page in ("windows", "board", "card", "placards"):
            shoot(browser, Path(work) / "hall" / f"{page}.html", f"hall-{page}")
        browser.close()


if __name__ == "__main__":
    main()
