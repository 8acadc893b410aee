"""The site's pages as files: 在线办理, schema.org JSON-LD, region pages by department, footer."""

from __future__ import annotations

import json
import re
from types import SimpleNamespace

from browser import parse_html

from banshi.emit.guides import online_url

pytest_plugins = ["browser"]

GUIDE = "guides/410526/00013112800001/index.html"


def test_online_url_only_for_https_and_not_for_window_only():
    def handling(online: str, address: str | None):
        return SimpleNamespace(online=online, online_url=address)

    address = "https://zwfw.example.gov.cn/apply/1"
    assert online_url(handling("全程网办", address)) == address
    assert online_url(handling("窗口办理", address)) is None
    assert online_url(handling("全程网办", "javascript:alert(1)")) is None
    assert online_url(handling("全程网办", None)) is None  # a v1 catalog: no online_url at all


def test_a_guide_carries_government_service_json_ld(built_sample):
    page = parse_html((built_sample / "site" / GUIDE).read_text(encoding="utf-8"))
    [script] = [
        e for e in page.find("script") if dict(e.attrs).get("type") == "application/ld+json"
    ]
    data = json.loads(script.text)
    assert data["@type"] == "GovernmentService" and data["name"] == "个体工商户设立登记"
    assert data["serviceOperator"]["name"] == "示例县市场监督管理局"
    assert data["areaServed"]["name"] == "示例县"
    assert data["availableChannel"][0]["servicePhone"]["telephone"] == "0372-5550101"
    assert [o["name"] for o in data["serviceOutput"]] == ["个体工商户营业执照"]


def test_region_pages_group_items_by_department(built_sample):
    page = parse_html((built_sample / "site/regions/410526/index.html").read_text("utf-8"))
    headings = [h.text.strip() for h in page.find("h2")]
    assert "示例县市场监督管理局" in headings and "示例县民政局" in headings
    assert "本级可办事项" not in headings


def test_every_page_is_chinese_with_the_footer(built_sample):
    for path in ("index.html", GUIDE, "404.html", "search/index.html"):
        text = (built_sample / "site" / path).read_text(encoding="utf-8")
        assert '<html lang="zh-CN">' in text, path
        footer = parse_html(text).find("footer", "site-footer")[0].text
        assert "示例省人民政府办公厅" in footer and "2026-11-20" in footer, path
        assert re.search(r"监督投诉电话：\d+", footer), path


def test_the_home_page_has_a_search_box_and_each_centres_frequent_items(built_sample):
    page = parse_html((built_sample / "site/index.html").read_text(encoding="utf-8"))
    forms = [f for f in page.find("form") if dict(f.attrs).get("action") == "search/"]
    assert len(forms) == 2  # the header's and the home page's own
    assert "常办事项" in [h.text.strip() for h in page.find("h2")]
    links = {dict(a.attrs)["href"] for a in page.find("a")}
    assert "guides/410526/00013112800001/" in links


def test_a_finished_page_is_its_html_as_written_and_others_are_markdown(tmp_path):
    """`finished: true` (guides, notices, item pages): MkDocs parses no Markdown in the page,
    so what the template wrote is what the page shows; a page without it is Markdown."""
    from catalogs import minimal

    from banshi.build import build
    from banshi.emit.render import environment
    from banshi.load.source import load

    root = minimal(tmp_path)
    env = environment(load(root))
    (root / "templates").mkdir()
    for name, marker in (("item.md.j2", "*无格式*"), ("home.md.j2", "*有格式*")):
        source, _, _ = env.loader.get_source(env, name)
        end = source.index("\n---\n", source.index("title:")) + len("\n---\n")
        text = source[:end] + f"\n{marker}\n" + source[end:]
        (root / "templates" / name).write_text(text, encoding="utf-8")
    build(root, tmp_path / "out", None, True, False)
    item = next((tmp_path / "out/site/items").rglob("index.html")).read_text("utf-8")
    assert "*无格式*" in item and "<em>无格式</em>" not in item
    home = (tmp_path / "out/site/index.html").read_text("utf-8")
    assert "<em>有格式</em>" in home
