"""The window's papers (banshi notice --kind): what each carries, the same in every format,
worded as a clerk writes, and one A4 page when printed."""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser

import pytest
import yaml
from browser import REPO
from catalogs import apply_patch, minimal

from banshi.workdays import WorkCalendar

# The fixture chromium, defined once for the whole session.
pytest_plugins = ["browser"]

KINDS = ("inform", "correct", "accept", "defer", "refuse", "extend", "proxy")


def banshi(*args, stdout=subprocess.PIPE):
    return subprocess.run(
        [sys.executable, "-m", "banshi", *map(str, args)],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )


def _longest(extensible: bool = False) -> tuple[str, str, str]:
    """The sample's handling item with the most materials (of those with a legal extension,
    for the 延期办结告知书), a region that implements it, and one of its materials (the
    applicant brought that one, for the 补正告知书)."""
    handling = [
        h
        for path in sorted((REPO / "catalog/items").glob("*.yaml"))
        for h in yaml.safe_load(path.read_text("utf-8"))["handling"]
        if h["time_limit"].get("extension") or not extensible
    ]
    longest = max(handling, key=lambda h: (len(h["materials"]), h["code"]))
    for path in sorted((REPO / "catalog/implementations").glob("*.yaml")):
        entries = yaml.safe_load(path.read_text("utf-8"))["entries"]
        if any(
            e["item"] in (longest["code"], longest["code"][:12]) and e["mode"] != "代办"
            for e in entries
        ):
            return longest["code"], path.stem, longest["materials"][0]["material"]
    raise AssertionError(f"{longest['code']} is implemented nowhere")


def _args(kind: str, code: str, region: str, brought: str = "resident_id_card") -> list[str]:
    extra = {
        "correct": ["--submitted", brought, "--date", "2025-09-30"],
        "accept": ["--date", "2025-09-30"],
        "defer": ["--date", "2025-09-30"],
        "refuse": ["--reason", "申请事项不属于本机关职权范围"],
        "extend": ["--date", "2025-09-30", "--reason", "需要现场核查"],
    }.get(kind, [])
    return [
        "notice",
        code,
        REPO,
        "--region",
        region,
        "--kind",
        kind,
        "--number",
        "示市监〔2025〕18号",
        *extra,
    ]


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)


def _visible(page: str) -> str:
    parser = _Text()
    parser.feed(page)
    return "".join(parser.parts)


def _strings(section: dict) -> list[str]:
    found = [section["heading"]] if section["heading"] else []
    for key in ("lines", "signatures"):  # column headers are layout, the cells are content
        found += section.get(key, [])
    found += [cell for row in section.get("fields", []) + section.get("rows", []) for cell in row]
    return [s for s in found if s]


def _minimal_paper(tmp_path, kind, *extra):
    root = minimal(tmp_path)
    apply_patch(
        root,
        {
            "catalog/items/000131128000.yaml": {
                "handling/1/time_limit/extension": 10,
                "handling/1/materials/1/deferrable_days": 3,
            }
        },
    )
    return banshi(
        "notice",
        "00013112800002",
        root,
        "--region",
        "410526",
        "--kind",
        kind,
        "--format",
        "json",
        *extra,
    )


@pytest.mark.parametrize("kind", [k for k in KINDS if k != "proxy"])
def test_every_format_says_the_same(kind):
    """What the json's sections say, the html, md and text say too, word for word."""
    region = "410526"
    runs = {
        fmt: banshi(*_args(kind, "00013112800001", region), "--format", fmt)
        for fmt in ("json", "html", "md", "text")
    }
    for fmt, run in runs.items():
        assert run.returncode == 0, (fmt, run.stderr)
    paper = json.loads(runs["json"].stdout)
    shown = {
        "html": html.unescape(_visible(runs["html"].stdout)),
        "md": runs["md"].stdout.replace("\\", ""),
        "text": runs["text"].stdout,
    }
    for section in paper["sections"]:
        for string in _strings(section):
            for fmt, text in shown.items():
                assert string in text, (kind, fmt, string)
    assert paper["kind"] in shown["html"] and paper["number"] == "示市监〔2025〕18号"


def test_a_proxy_paper_carries_the_route_and_its_promise():
    run = banshi(*_args("proxy", "00017310100001", "410526100201"), "--format", "json")
    assert run.returncode == 0, run.stderr
    paper = json.loads(run.stdout)
    assert [s["mode"] for s in paper["route"]] == ["代办", "受理转报", "办理"]
    assert paper["time_limit"]["promised"] == 20 == paper["route"][1]["promised"]
    route = next(s for s in paper["sections"] if s["heading"] == "办理路径")
    assert [r[1] for r in route["rows"]] == ["张营村", "上集镇", "示例县"]
    assert "代办提交资料清单" in [s["heading"] for s in paper["sections"]]


def test_a_proxy_paper_is_only_for_a_proxied_entry():
    run = banshi(*_args("proxy", "00013112800001", "410526"), "--format", "json")
    assert run.returncode == 2 and "not proxied" in run.stderr


def test_a_correction_names_what_is_missing_and_by_when_without_acceptance_dates(tmp_path):
    run = _minimal_paper(
        tmp_path, "correct", "--submitted", "个体工商户登记（备案）申请书", "--date", "2025-09-30"
    )
    assert run.returncode == 0, run.stderr
    paper = json.loads(run.stdout)
    text = json.dumps(paper["sections"], ensure_ascii=False)
    assert paper["missing"] == ["individual_business_license"]
    assert (
        "2025-10-21 前" in text
        and "受理日期" not in text
        and "办结" not in text
        and "容缺" not in text
    )


def test_accept_defer_and_extend_need_the_day_of_acceptance(tmp_path):
    for kind in ("accept", "defer", "extend"):
        run = _minimal_paper(tmp_path / kind, kind)
        assert run.returncode == 2 and "--date" in run.stderr


def test_a_deferral_gives_each_material_its_date_counted_like_the_due_date(tmp_path):
    run = _minimal_paper(tmp_path, "defer", "--date", "2025-09-30")
    paper = json.loads(run.stdout)
    table = next(s for s in paper["sections"] if s["heading"] == "容缺材料及补交期限")
    assert [r[1] for r in table["rows"]] == ["个体工商户营业执照"]
    assert table["rows"][0][4] == paper["due_date"] == "2025-10-11"  # both 3 working days on


def test_an_extension_is_the_legal_limit_plus_the_extension_and_refused_without_one(tmp_path):
    run = _minimal_paper(tmp_path, "extend", "--date", "2025-09-30", "--reason", "需要现场核查")
    paper = json.loads(run.stdout)
    fields = dict(next(s for s in paper["sections"] if s["heading"] == "办结期限")["fields"])
    expected = (
        WorkCalendar().add(__import__("datetime").date(2025, 9, 30), 25, "工作日").isoformat()
    )
    assert fields["延长后的办结日期"] == expected
    none = banshi(
        "notice",
        "00013112800002",
        minimal(tmp_path / "plain"),
        "--region",
        "410526",
        "--kind",
        "extend",
        "--date",
        "2025-09-30",
    )
    assert none.returncode == 2 and "no legal extension" in none.stderr


def test_a_refusal_states_the_applicants_rights_and_needs_a_reason(tmp_path):
    missing = _minimal_paper(tmp_path / "a", "refuse")
    assert missing.returncode == 2 and "--reason" in missing.stderr
    paper = json.loads(
        _minimal_paper(tmp_path / "b", "refuse", "--reason", "不属于本机关职权").stdout
    )
    text = json.dumps(paper["sections"], ensure_ascii=False)
    assert (
        "不属于本机关职权" in text
        and "六十日内" in text
        and "六个月内" in text
        and "行政复议" in text
    )


@pytest.mark.parametrize("kind", KINDS)
def test_papers_read_as_a_clerk_writes(kind):
    region = "410526100201" if kind == "proxy" else "410526"
    code = "00017310100001" if kind == "proxy" else "00013112800001"
    run = banshi(*_args(kind, code, region), "--answer", "entrusted=false", "--format", "text")
    assert run.returncode == 0, run.stderr
    assert "？：" not in run.stdout and "?：" not in run.stdout
    assert "到现场次数：0 次" not in run.stdout
    for line in ("编号：示市监〔2025〕18号", "申请人：", "监督投诉电话：", "日期：    年  月  日"):
        assert line in run.stdout, (kind, line)


def test_a_terminal_gets_text_not_html():
    primary, secondary = os.openpty()
    try:
        run = banshi("notice", "00013112800001", REPO, "--region", "410526", stdout=secondary)
        os.close(secondary)
        secondary = -1
        out = b""
        while True:
            try:
                chunk = os.read(primary, 65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
    finally:
        os.close(primary)
        if secondary >= 0:
            os.close(secondary)
    assert run.returncode == 0, run.stderr
    text = out.decode("utf-8")
    assert "一次性告知单" in text and "<html" not in text and "【需要提交的材料】" in text


@pytest.mark.parametrize("kind", KINDS)
def test_each_paper_prints_on_one_a4_page(kind, chromium, tmp_path):
    code, region, brought = (
        _longest(kind == "extend") if kind != "proxy" else ("00017310100001", "410526100201", "")
    )
    run = banshi(*_args(kind, code, region, brought), "--format", "html")
    assert run.returncode == 0, run.stderr
    page = chromium.new_page()
    try:
        page.set_content(run.stdout)
        pdf = page.pdf(format="A4", prefer_css_page_size=True)
    finally:
        page.close()
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages == 1, f"{kind} of {code} prints on {pages} pages"
