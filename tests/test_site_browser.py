"""The built sample site in a real browser: a guide page, its situation selector, and search.

The selector (templates/assets/selector.js) must show exactly the rows that
banshi.conditions.evaluate keeps for the same answers, on the compiled JSON; the site must be
self-contained (no request leaves 127.0.0.1, nothing fails, no console error).
"""

from __future__ import annotations

import itertools
import json
import os
import re
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit

import pytest
from browser import REPO, open_page, parse_html, search

from banshi.conditions import evaluate

# The fixtures built_sample, served and chromium, defined once for the whole session.
pytest_plugins = ["browser"]

CODE = "00013112800001"
REGION = "410526"
GUIDE = f"guides/{REGION}/{CODE}/"
TITLE = "个体工商户设立登记"
SCREENSHOT = REPO / "docs" / "img" / "guide.png"
UNANSWERED = "未选择"


def compiled_item(out: Path) -> dict:
    return json.loads((out / "json" / "items" / f"{CODE}.json").read_text(encoding="utf-8"))


def choices(question: dict) -> list[tuple[str, object]]:
    """(label shown in the selector, answer value) for each choice, 未选择 first (no answer)."""
    if question["type"] == "boolean":
        return [(UNANSWERED, None), ("是", True), ("否", False)]
    return [(UNANSWERED, None)] + [(str(o), o) for o in question["options"]]


def expected(materials: list[dict], answers: dict) -> tuple[set[str], set[str], int, int]:
    """(visible rows, rows marked maybe, needed, maybe) by the Python evaluator."""
    results = {str(i): evaluate(m["when"], answers) for i, m in enumerate(materials)}
    visible = {i for i, r in results.items() if r is not False}
    maybe = {i for i, r in results.items() if r is None}
    needed = sum(1 for r in results.values() if r is True)
    return visible, maybe, needed, len(maybe)


def rows(page) -> dict[str, dict]:
    """data-index → {visible, maybe, text} for every material row of the guide's table."""
    return page.eval_on_selector_all(
        "table.banshi-materials tr[data-index]",
        """rows => Object.fromEntries(rows.map(r => [r.getAttribute('data-index'), {
               visible: !!(r.offsetWidth || r.offsetHeight || r.getClientRects().length)
                        && getComputedStyle(r).visibility !== 'hidden',
               maybe: r.classList.contains('banshi-maybe'),
               text: r.innerText}]))""",
    )


def choose(page, question_id: str, label: str) -> None:
    fieldset = page.locator(f'fieldset.banshi-question[data-question="{question_id}"]')
    fieldset.get_by_label(label, exact=True).check()


def count_text(page) -> str:
    return page.locator("#banshi-selector .banshi-selector-count").inner_text().strip()


def assert_clean(watch, what: str) -> None:
    problems = watch.problems()
    assert not problems, f"{what}: {json.dumps(problems, ensure_ascii=False, indent=2)}"


@pytest.fixture
def guide(chromium, served):
    with open_page(
        chromium, served + GUIDE, served, viewport={"width": 1280, "height": 900}
    ) as opened:
        yield opened


def test_guide_page_shows_title_and_selector(guide, built_sample):
    page, watch = guide
    heading = page.locator(".banshi-guide h1")
    assert heading.is_visible() and heading.inner_text().strip() == TITLE
    assert TITLE in page.title()
    selector = page.locator("#banshi-selector")
    assert selector.is_visible(), "the situation selector is still hidden"
    assert selector.get_attribute("hidden") is None
    item = compiled_item(built_sample)
    shown = [
        q.get_attribute("data-question") for q in page.locator("fieldset.banshi-question").all()
    ]
    assert shown == [q["id"] for q in item["questions"]]
    for question in item["questions"]:
        fieldset = page.locator(f'fieldset.banshi-question[data-question="{question["id"]}"]')
        assert fieldset.locator("legend").inner_text().strip() == question["text"]
        labels = [t.strip() for t in fieldset.locator("label").all_inner_texts()]
        assert labels == [label for label, _ in choices(question)]
        assert fieldset.get_by_label(UNANSWERED, exact=True).is_checked()
    visible = {i for i, r in rows(page).items() if r["visible"]}
    assert len(visible) == len(item["materials"]), "before any answer every material is listed"
    assert_clean(watch, GUIDE)


def test_entrusted_shows_and_hides_the_power_of_attorney(guide, built_sample):
    page, watch = guide
    materials = compiled_item(built_sample)["materials"]
    index = str([m["id"] for m in materials].index("power_of_attorney"))
    assert "授权委托书" in rows(page)[index]["text"]

    before = rows(page)
    before_count = count_text(page)
    assert before[index]["visible"] and before[index]["maybe"]

    choose(page, "entrusted", "是")
    after_yes = rows(page)
    assert after_yes[index]["visible"] and not after_yes[index]["maybe"]
    yes_count = count_text(page)
    assert yes_count != before_count, f"the count text stayed {before_count!r}"

    choose(page, "entrusted", "否")
    after_no = rows(page)
    assert not after_no[index]["visible"], "授权委托书 is still shown after answering 否"
    no_count = count_text(page)
    assert no_count not in (before_count, yes_count)

    choose(page, "entrusted", UNANSWERED)
    again = rows(page)
    assert again[index]["visible"] and again[index]["maybe"], "授权委托书 is not back as maybe"
    assert count_text(page) == before_count
    assert_clean(watch, GUIDE)


def test_selector_agrees_with_the_python_evaluator(guide, built_sample):
    page, watch = guide
    item = compiled_item(built_sample)
    questions = item["questions"]
    assert questions, "the guide of 00013112800001 has situation questions"
    seen_counts = set()
    for combination in itertools.product(*(choices(q) for q in questions)):
        answers = {}
        for question, (label, value) in zip(questions, combination):
            choose(page, question["id"], label)
            if value is not None:
                answers[question["id"]] = value
        shown = rows(page)
        visible, maybe, needed, maybe_count = expected(item["materials"], answers)
        clicked = {q["id"]: label for q, (label, _) in zip(questions, combination)}
        assert {i for i, r in shown.items() if r["visible"]} == visible, clicked
        assert {i for i, r in shown.items() if r["maybe"]} == maybe, clicked
        numbers = [int(n) for n in re.findall(r"\d+", count_text(page))]
        assert numbers == ([needed, maybe_count] if maybe_count else [needed]), (
            clicked,
            count_text(page),
        )
        seen_counts.add(count_text(page))
    assert len(seen_counts) > 1
    assert_clean(watch, GUIDE)


def test_screenshot_for_the_readme(guide, tmp_path):
    """The page renders with its Chinese text; BANSHI_UPDATE_SCREENSHOT=1 refreshes the README's
    picture."""
    page, watch = guide
    choose(page, "premises_owned", "否")
    choose(page, "entrusted", "是")
    target = (
        SCREENSHOT if os.environ.get("BANSHI_UPDATE_SCREENSHOT") == "1" else tmp_path / "guide.png"
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_function("window.scrollY === 0")
    page.screenshot(path=str(target), full_page=True)
    assert target.stat().st_size > 10_000
    assert_clean(watch, GUIDE)


def _about(site: Path, href: str, served_url: str) -> str:
    """The <h1> text of the built page a search result links to."""
    path = urlsplit(urljoin(served_url, href)).path
    target = site / path.lstrip("/")
    if path.endswith("/") or path == "":
        target = target / "index.html"
    assert target.is_file(), f"search result {href} leads to no page of the site ({target})"
    return " ".join(h.text for h in parse_html(target.read_text(encoding="utf-8")).find("h1"))


def _results(page) -> list[dict]:
    return page.eval_on_selector_all(
        "#banshi-search-results a",
        "links => links.map(a => ({href: a.getAttribute('href'), text: a.innerText}))",
    )


def _search_outcome(page) -> str:
    box = page.locator("#banshi-search-status")
    return box.inner_text() if box.count() else "(no #banshi-search-status on the page)"


@pytest.mark.parametrize("how", ["url", "typed"])
def test_search_finds_chinese_words(chromium, served, built_sample, how):
    site = built_sample / "site"
    query = "营业执照"
    url = served + (f"search/?q={quote(query)}" if how == "url" else "")
    with open_page(chromium, url, served) as (page, watch):
        if how == "typed":
            search(page, query)
        try:
            page.wait_for_selector("#banshi-search-results a", timeout=15_000)
        except Exception:  # noqa: BLE001 - report what the page says instead
            pytest.fail(
                f"searching {query!r} ({how}) gave no result link; the results box says: "
                f"{_search_outcome(page)!r}"
            )
        results = _results(page)
        about = [r for r in results if "个体工商户" in _about(site, r["href"], page.url)]
        assert about, f"no result for {query!r} is a page about 个体工商户: {results}"
        page.locator(f'#banshi-search-results a[href="{about[0]["href"]}"]').first.click()
        page.wait_for_load_state("load")
        assert "个体工商户" in page.locator("h1").first.inner_text()
        assert_clean(watch, f"search {query} ({how})")
