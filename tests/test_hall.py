"""banshi hall REGION: the printed matter of one service hall, agreeing with the region's guides
and JSON, each window card on a page of its own, placards opening this region's guides."""

from __future__ import annotations

import json
import re
import subprocess

import pytest
import yaml
from browser import REPO, parse_html
from catalogs import minimal
from command_line import banshi

from banshi.emit import qr

# The fixture chromium, defined once for the whole session.
pytest_plugins = ["browser"]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("sample") / "dist"
    assert banshi("build", REPO, "--out", out, "--no-site").returncode == 0
    return out


@pytest.fixture(scope="module", params=["410526", "410526100201"])
def hall(request, tmp_path_factory, built):
    out = tmp_path_factory.mktemp("hall") / request.param
    run = banshi("hall", request.param, REPO, "--out", out)
    assert run.returncode == 0, run.stderr
    entries = json.loads((built / f"json/implementations/{request.param}.json").read_text("utf-8"))
    return request.param, out, entries["entries"]


def test_the_board_lists_every_item_of_the_hall_with_its_promise(hall, built):
    region, out, entries = hall
    board = (out / "board.html").read_text("utf-8")
    rows = re.findall(r"<tr><td>\d+</td><td>(.*?)</td><td>.*?</td><td>(.*?)</td>", board)
    assert len(rows) == len(entries)
    for entry in entries:
        days = entry["promised"]
        unit = json.loads((built / f"json/items/{entry['code']}.json").read_text("utf-8"))[
            "time_limit"
        ]["unit"]
        assert (entry["name"], "即时办结" if days == 0 else f"{days} 个{unit}") in rows


def test_one_window_card_per_window_each_on_its_own_page(hall, chromium):
    region, out, entries = hall
    windows = {(e["agency"]["id"], e["window"] or e["agency"]["name"]) for e in entries}
    cards = (out / "windows.html").read_text("utf-8")
    assert cards.count('class="banshi-page banshi-window-card"') == len(windows)
    for _, name in windows:
        assert f"<h1>{name}</h1>" in cards
    page = chromium.new_page()
    try:
        page.goto((out / "windows.html").as_uri())
        pdf = page.pdf(format="A4", prefer_css_page_size=True)
    finally:
        page.close()
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == len(windows)


def test_the_contact_card_gives_every_windows_phone_and_the_complaint_phone(hall):
    region, out, entries = hall
    card = (out / "card.html").read_text("utf-8")
    for entry in entries:
        assert entry["agency"]["name"] in card
        assert entry["complaint_phone"] in card


def test_placards_open_this_regions_guides(hall):
    region, out, entries = hall
    policy = (REPO / "rules/policy.yaml").read_text("utf-8")
    frequent = [e for e in entries if f'"{e["code"]}"' in policy]
    sheet = (out / "placards.html").read_text("utf-8")
    assert sheet.count('class="banshi-placard"') == len(frequent) > 0
    base = yaml.safe_load((REPO / "catalog/catalog.yaml").read_text("utf-8"))["base_url"]
    for entry in frequent:
        url = f"{base}guides/{region}/{entry['code']}/"
        assert qr.svg(url) in sheet


def test_a_region_without_guides_or_unknown_is_a_usage_error(tmp_path):
    run = banshi("hall", "410000", minimal(tmp_path), "--out", tmp_path / "x")
    assert run.returncode == 2 and "no item" in run.stderr
    run = banshi("hall", "999999", REPO, "--out", tmp_path / "y")
    assert run.returncode == 2 and "no region 999999" in run.stderr


def test_pdfs_for_the_print_shop_one_window_card_a_page(tmp_path):
    out = tmp_path / "hall"
    run = banshi("hall", "410526", REPO, "--out", out, "--pdf")
    assert run.returncode == 0, run.stderr
    cards = (
        (out / "windows.html").read_text("utf-8").count('class="banshi-page banshi-window-card"')
    )
    info = subprocess.run(
        ["pdfinfo", out / "windows.pdf"], capture_output=True, text=True, check=True
    )
    assert re.search(r"^Pages:\s+(\d+)$", info.stdout, re.M).group(1) == str(cards)
    assert all((out / f"{page}.pdf").is_file() for page in ("board", "card", "placards"))


def test_a_catalog_template_cannot_make_the_pdf_fetch_a_file(tmp_path):
    """A catalog's own template may write any HTML; the PDF renderer still fetches nothing."""
    secret = tmp_path / "secret.css"
    secret.write_text('body::before { content: "SECRET-FROM-THE-RUNNER"; }', "utf-8")
    root = minimal(tmp_path)
    (root / "templates").mkdir()
    page = (REPO / "templates/hall-card.html.j2").read_text("utf-8")
    (root / "templates/hall-card.html.j2").write_text(
        page.replace(
            "{% block body %}",
            f'{{% block body %}}<link rel="stylesheet" href="{secret.as_uri()}">',
        ),
        "utf-8",
    )
    run = banshi("hall", "410526", root, "--out", tmp_path / "hall", "--pdf")
    assert run.returncode == 0, run.stderr
    text = subprocess.run(
        ["pdftotext", tmp_path / "hall/card.pdf", "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "便民联系卡" in text and "SECRET-FROM-THE-RUNNER" not in text


# Where the hall's pages are printed: the @page margins of templates/assets/hall.css.
MARGIN = 12 / 25.4 * 72  # 12 mm in points


def _pdf(tmp_path, region="410526"):
    out = tmp_path / "hall"
    run = banshi("hall", region, REPO, "--out", out, "--pdf")
    assert run.returncode == 0, run.stderr
    return out


def _pages(pdf) -> int:
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)$", info, re.M).group(1))


def _column_widths(pdf, headers: list[str]) -> list[dict[str, float]]:
    """Per page, each column's width in characters of its heading: from where its heading's text
    starts (pdftotext -bbox-layout: one block per table cell) to where the next one's does, the
    last to the page's right margin."""
    layout = subprocess.run(
        ["pdftotext", "-bbox-layout", pdf, "-"], capture_output=True, text=True, check=True
    ).stdout
    widths = []
    for number, source in enumerate(layout.split("<page ")[1:], 1):
        right = float(re.match(r'width="([\d.]+)"', source).group(1)) - MARGIN
        page = parse_html("<page " + source)
        blocks = {re.sub(r"\s", "", b.text): b for b in page.find("block")}
        missing = [h for h in headers if h not in blocks]
        assert not missing, f"page {number}: no heading {missing} in {sorted(blocks)[:20]}"
        starts = [_box(blocks[h])[0] for h in headers]
        heads = [blocks[h] for h in headers]
        lines = [line for line in page.find("line") if any(b in line.ancestors for b in heads)]
        character = _character_width(lines)
        ends = [*starts[1:], right]
        widths.append({h: (e - s) / character for h, s, e in zip(headers, starts, ends)})
    return widths


def _box(element) -> tuple[float, float]:
    attrs = dict(element.attrs)
    return float(attrs["xmin"]), float(attrs["xmax"])


def _character_width(lines) -> float:
    """The width of one character: the widest line of Chinese characters of the headings,
    divided by its length (a heading set a character a line still has lines of one)."""
    widths = []
    for line in lines:
        text = re.sub(r"\s", "", line.text)
        if re.fullmatch(r"[\u4e00-\u9fff]+", text):
            left, right = _box(line)
            widths.append((right - left) / len(text))
    return max(widths)


def test_the_board_is_legible_on_the_print_shops_pages(tmp_path):
    """政务公示牌 (A3 landscape): no column narrower than four characters on any page, and the
    sample county's 48 items on two pages."""
    out = _pdf(tmp_path)
    headers = [
        "序号",
        "事项",
        "法定时限",
        "承诺时限",
        "办理环节及时限（工作日，另注的除外）",
        "收费",
    ]
    pages = _column_widths(out / "board.pdf", headers)
    assert len(pages) == _pages(out / "board.pdf") == 2
    narrow = [(n, h, round(w, 1)) for n, p in enumerate(pages, 1) for h, w in p.items() if w < 4]
    assert not narrow, narrow


def test_the_contact_card_is_one_legible_page(tmp_path):
    out = _pdf(tmp_path)
    assert _pages(out / "card.pdf") == 1
    (widths,) = _column_widths(out / "card.pdf", ["部门和窗口", "地点", "咨询电话"])
    assert all(w >= 4 for w in widths.values()), widths


def test_every_phone_on_the_printed_matter_dials(hall):
    """Each phone number of the card, the board and the window cards is a tel: link (the PDFs
    keep the links), and the link dials that number."""
    region, out, entries = hall
    for page in ("card.html", "board.html", "windows.html"):
        document = parse_html((out / page).read_text("utf-8"))
        links = [a for a in document.find("a") if dict(a.attrs)["href"].startswith("tel:")]
        assert links, page
        for a in links:
            href = dict(a.attrs)["href"]
            assert href.removeprefix("tel:").split(";ext=")[0] in a.text, (page, href)
        assert not PHONE.findall(unlinked_text(document)), page


PHONE = re.compile(r"(?<![\d.])(?:\d{3,4}-)?\d{5,8}(?![\d.])")


def unlinked_text(document) -> str:
    """The text of a page outside links, scripts and styles."""
    return "".join(
        data
        for data, inside in document.chunks
        if not any(e.tag in ("a", "script", "style", "title") for e in inside)
    )
