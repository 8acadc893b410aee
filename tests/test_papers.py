"""The window's papers (banshi notice --kind): what each carries in law (docs/papers.md: each
element's test is named there), in every format, on one A4 page; the twelve observations of
issue 22 on the sample; and, on catalogs hypothesis draws, the properties every paper holds."""

from __future__ import annotations

import datetime
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import command_line
import pytest
from browser import REPO
from catalogs import apply_patch, minimal, paper_data
from generated import catalogs, write
from hypothesis import HealthCheck, given, settings

from banshi.papers.request import KINDS
from banshi.pipeline import run
from banshi.workdays import WorkCalendar

# The fixture chromium, defined once for the whole session.
pytest_plugins = ["browser"]

D = datetime.date
LICENCE, COUNTY = "00013112800001", "410526"  # 个体工商户设立登记, 示例县市场监督管理局
BENEFIT, TOWNSHIP, VILLAGE = "00012201700001", "410526100", "410526100201"  # 农村低保 (行政给付)
TWENTY_DAYS = "00018600600001"  # 门头招牌设置审批: a licence with the law's 20 days, no extension
PUBLIC_NOTICE = "审核确认结果公示"  # the 低保's 7 natural days, not counted
CN_DATE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def banshi(*args, root=REPO):
    """``banshi notice CODE ROOT`` and the rest of ``args``."""
    return command_line.banshi("notice", *args[:1], root, *args[1:])


def paper(*args, fmt="json", root=REPO):
    done = banshi(*args, "--format", fmt, root=root)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout) if fmt == "json" else done.stdout


def both(*args, root=REPO) -> tuple[dict, str]:
    return paper(*args, root=root), paper(*args, fmt="text", root=root)


# ---- elements every paper carries (docs/papers.md "Elements every paper carries") ----------


ASKED = {
    "inform": [],
    "correct": ["--submitted", "resident_id_card", "--date", "2025-09-30"],
    "accept": ["--date", "2025-09-30"],
    "defer": ["--date", "2025-09-30"],
    "refuse": [
        "--date",
        "2025-09-30",
        "--reason",
        "申请事项不属于本机关职权范围",
        "--refer-to",
        "示例市市场监督管理局",
    ],
    "extend": ["--date", "2025-09-30", "--reason", "需要现场核查"],
    "proxy": [],
    "approve": ["--date", "2025-09-30", "--issued", "2025-10-09"],
    "deny": ["--date", "2025-09-30", "--reason", "经营范围属于禁止经营的项目"],
}


def _at(kind: str) -> tuple[str, str]:
    return (LICENCE, "410526100201") if kind == "proxy" else (LICENCE, COUNTY)


@pytest.mark.parametrize("kind", KINDS)
def test_every_paper_names_its_organ_title_number_applicant_and_contacts(kind):
    code, region = _at(kind)
    args = (code, "--region", region, "--kind", kind, "--number", "示市监〔2025〕18号")
    data, text = both(*args, "--applicant", "张三", *ASKED[kind])
    assert text.splitlines()[0] == data["issuer"]["name"]
    assert data["title"] in text and "编号：示市监〔2025〕18号" in text and "申请人：张三" in text
    assert "咨询电话：" in text and "监督投诉电话：" in text and "日期：    年  月  日" in text
    assert not ISO_DATE.search(text), "dates on a paper read 2025年9月30日"


@pytest.mark.parametrize(
    "kind", ["correct", "accept", "defer", "refuse", "extend", "approve", "deny"]
)
def test_every_act_is_in_the_deciding_organs_name_under_its_seal_and_dated(kind):
    """行政许可法第三十二条第二款: 加盖本行政机关专用印章和注明日期的书面凭证."""
    data, text = both(LICENCE, "--region", COUNTY, "--kind", kind, *ASKED[kind])
    assert data["issuer"] == data["decider"] and data["seal"]
    seal = f"{data['decider']['name']}（{data['seal']}）"
    assert seal in text and CN_DATE.fullmatch(text.split(seal)[1].split("\n")[1])


@pytest.mark.parametrize("kind", ["inform", "proxy"])
def test_information_and_entrustment_carry_no_seal(kind):
    code, region = _at(kind)
    data, text = both(code, "--region", region, "--kind", kind, *ASKED[kind])
    assert data["seal"] is None and "专用章" not in text and "（印章）" not in text


# ---- observation 1: the 复议机关 by the 2023 law -------------------------------------------


def test_a_refusal_names_the_government_at_the_deciding_departments_level():
    data, text = both(LICENCE, "--region", COUNTY, "--kind", "refuse", *ASKED["refuse"])
    assert data["remedy"] == {
        "review_body": "示例县人民政府",
        "review_days": 60,
        "litigation_months": 6,
    }
    assert "六十日内向示例县人民政府申请行政复议" in text and "六个月内" in text
    assert "上一级主管部门" not in text


def test_a_township_never_hears_a_review_the_county_government_does():
    args = ("--kind", "deny", "--date", "2025-11-03", "--reason", "家庭收入高于低保标准")
    data, text = both(BENEFIT, "--region", TOWNSHIP, *args)
    assert data["decider"]["region"] == TOWNSHIP
    assert data["remedy"]["review_body"] == "示例县人民政府" and "上集镇人民政府" not in text


def test_a_forwarding_windows_refusal_is_the_deciders_and_names_its_review_body():
    data = paper(
        BENEFIT,
        "--region",
        VILLAGE,
        "--kind",
        "refuse",
        "--reason",
        "不属于低保对象",
        "--date",
        "2025-11-03",
    )
    assert data["issuer"] == data["decider"] != data["receiver"]
    assert data["remedy"]["review_body"] == "示例县人民政府"


def _tax_bureau(tmp_path, **more) -> Path:
    """The minimal catalog whose county agency is a tax bureau under the city's."""
    root = minimal(tmp_path)
    bureau = {"name": "国家税务总局示例县税务局", "vertical": True, **more}
    apply_patch(
        root, {"catalog/departments.yaml": {f"departments/0/{k}": v for k, v in bureau.items()}}
    )
    city = {
        "id": "city-tax",
        "name": "国家税务总局示例市税务局",
        "region": "410500",
        "sector": "市场监管",
        "phone": "0372-5550000",
        "complaint_phone": "12366",
        "address": "示例市",
        "hours": "周一至周五",
    }
    apply_patch(root, {"catalog/departments.yaml": {"departments/-": city}})
    return root


def test_a_vertically_managed_department_is_reviewed_by_the_one_above_it_in_its_line(tmp_path):
    root = _tax_bureau(tmp_path)
    args = ("--region", COUNTY, "--kind", "refuse", "--reason", "x", "--refer-to", "示例市")
    data = paper(LICENCE, *args, "--date", "2025-09-30", root=root)
    assert data["remedy"]["review_body"] == "国家税务总局示例市税务局"


def test_a_review_body_the_catalog_names_wins(tmp_path):
    root = _tax_bureau(tmp_path, review_body="国家税务总局示例省税务局")
    args = ("--region", COUNTY, "--kind", "refuse", "--reason", "x", "--refer-to", "示例市")
    data = paper(LICENCE, *args, "--date", "2025-09-30", root=root)
    assert data["remedy"]["review_body"] == "国家税务总局示例省税务局"


def test_the_samples_dispatched_body_names_both_governments_the_law_gives():
    data = paper(
        "00017601200001",
        "--region",
        COUNTY,
        "--kind",
        "deny",
        "--date",
        "2025-09-30",
        "--reason",
        "不符合环境功能区划",
    )
    assert data["remedy"]["review_body"] == "示例市人民政府或者示例县人民政府"


# ---- observation 2: a window that only receives gives a receipt ---------------------------


def test_a_village_station_gives_a_receipt_for_the_department_that_decides():
    data, text = both(BENEFIT, "--region", VILLAGE, "--kind", "accept", "--date", "2025-11-16")
    assert data["kind"] == "receipt" and data["title"] == "收件回执"
    assert "决定予以受理" not in text and "专用章" not in text and data["seal"] is None
    assert data["issuer"]["name"] == "上集镇张营村便民服务站"
    assert f"代{data['decider']['name']}收件" in text


def test_a_forwarding_window_gives_a_receipt_too(tmp_path):
    """The minimal catalog's township forwards (受理转报) to the county."""
    data, text = both(
        LICENCE,
        "--region",
        TOWNSHIP,
        "--kind",
        "accept",
        "--date",
        "2025-09-30",
        root=minimal(tmp_path),
    )
    assert data["title"] == "收件回执" and data["decider"]["name"] == "示例县市场监督管理局"
    assert "决定予以受理" not in text


# ---- observation 3: nothing is done before the last material is in ------------------------


def test_a_deferral_is_done_no_earlier_than_its_last_material():
    data = paper("00013114100001", "--region", COUNTY, "--kind", "defer", "--date", "2025-09-30")
    last = max(m["deferrable_until"] for m in data["deferred"])
    assert data["due_date"] >= last == "2025-10-14"


# ---- observation 4: the Licensing Law only for licences ------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        (
            BENEFIT,
            "--region",
            TOWNSHIP,
            "--kind",
            "extend",
            "--date",
            "2025-11-03",
            "--reason",
            "入户调查",
        ),
        (
            "00017310000001",
            "--region",
            COUNTY,
            "--kind",
            "correct",
            "--date",
            "2025-11-03",
            "--submitted",
            "resident_id_card",
        ),
    ],
    ids=["benefit-extension", "registration-correction"],
)
def test_only_a_licence_cites_the_licensing_law(args):
    data, text = both(*args)
    assert not data["licensing"] and "行政许可法" not in text
    assert all("行政许可法" not in cited for cited in data["law"])


# ---- observation 5: the Licensing Law's own 10 days ---------------------------------------


def test_a_licence_with_the_laws_twenty_days_may_be_extended_ten_with_the_heads_approval():
    args = (TWENTY_DAYS, "--region", COUNTY, "--kind", "extend", "--date", "2025-09-30")
    data, text = both(*args, "--reason", "需要现场勘查")
    accepted = D(2025, 9, 30)
    assert data["extended_due_date"] == WorkCalendar().add(accepted, 30, "工作日").isoformat()
    assert data["extension"] == {
        "days": 10,
        "unit": "工作日",
        "beyond_legal": True,
        "law": "《中华人民共和国行政许可法》第四十二条第一款",
    }
    assert "经本机关负责人批准" in text and "因需要现场勘查" in text


def test_a_catalog_may_say_an_item_has_no_extension(tmp_path):
    root = minimal(tmp_path)
    limit = {"unit": "工作日", "legal": 20, "promised": 3, "extension": 0}
    apply_patch(root, {"catalog/items/000131128000.yaml": {"handling/1/time_limit": limit}})
    args = ("00013112800002", "--region", COUNTY, "--kind", "extend", "--date", "2025-09-30")
    within = banshi(*args, "--reason", "x", "--format", "json", root=root)
    data = json.loads(within.stdout)
    assert not data["extension"]["beyond_legal"] and data["extension"]["law"] is None
    beyond = banshi(*args, "--reason", "x", "--until", "2025-11-30", root=root)
    assert beyond.returncode == 2 and "--until" in beyond.stderr


def test_an_extension_past_the_legal_limit_is_decided_before_it_ends():
    args = (TWENTY_DAYS, "--region", COUNTY, "--kind", "extend", "--date", "2025-09-30")
    late = banshi(*args, "--reason", "x", "--issued", "2025-12-01")
    assert late.returncode == 2 and "--issued" in late.stderr


# ---- observation 6: time not counted, in its own unit --------------------------------------


def test_the_acceptance_tells_the_special_steps_in_their_own_unit():
    data, text = both(BENEFIT, "--region", TOWNSHIP, "--kind", "accept", "--date", "2025-11-03")
    [step] = [s for s in data["special_steps"] if s["name"] == PUBLIC_NOTICE]
    assert step["unit"] == "自然日" and not step["counted"]
    assert f"{PUBLIC_NOTICE}；所需时间：7 个自然日" in text and "7 个工作日" not in text
    assert "（不含特别程序所需时间）" in text


# ---- observation 7: no statutory limit is not 即时办结 -------------------------------------


def test_no_legal_limit_is_never_printed_as_immediate(tmp_path):
    data, text = both(
        "00017401200001", "--region", COUNTY, "--kind", "accept", "--date", "2025-09-30"
    )
    assert data["time_limit"]["legal"] is None and data["legal_due_date"] is None
    assert "法定 即时办结" not in text and "法定 无（法律、法规未规定）" in text
    out = tmp_path / "hall"
    hall = command_line.banshi("hall", COUNTY, REPO, "--out", out)
    assert hall.returncode == 0, hall.stderr
    board = (out / "board.html").read_text("utf-8")
    row = next(r for r in board.split("<tr>") if "生育登记" in r)
    assert "无（法律、法规未规定）" in row and "即时办结</td><td>即时办结" not in row


# ---- observation 8: a promise no shorter than its own steps --------------------------------


def test_the_samples_county_runs_its_own_steps_within_its_promise():
    data = paper("00013114100001", "--region", COUNTY, "--kind", "inform")
    assert sum(s["days"] for s in data["steps"]) <= data["time_limit"]["promised"] == 4


# ---- observation 9: 补正 from the day the materials were received --------------------------


def test_a_correction_says_when_the_materials_came_and_when_it_was_told():
    args = (LICENCE, "--region", COUNTY, "--kind", "correct", "--submitted", "resident_id_card")
    data, text = both(*args, "--date", "2025-09-30", "--issued", "2025-10-09")
    assert (data["date"], data["issued_on"]) == ("2025-09-30", "2025-10-09")
    assert "收到申请材料日期：2025年9月30日" in text and "告知日期：2025年10月9日" in text
    assert "视为撤回" not in text and data["correct_by"] is None  # the sample sets no period


def test_a_licences_correction_comes_within_five_working_days_or_not_at_all():
    args = (LICENCE, "--region", COUNTY, "--kind", "correct", "--submitted", "resident_id_card")
    late = banshi(*args, "--date", "2025-09-30", "--issued", "2025-10-15")
    assert late.returncode == 2 and "--issued" in late.stderr


def test_a_correction_period_the_policy_sets_counts_from_the_notice(tmp_path):
    root = minimal(tmp_path)
    apply_patch(root, {"rules/policy.yaml": {"correction_days": 10}})
    args = (LICENCE, "--region", COUNTY, "--kind", "correct", "--submitted", "resident_id_card")
    data = paper(*args, "--date", "2025-09-30", root=root)
    assert data["correct_by"] == WorkCalendar().add(D(2025, 9, 30), 10, "工作日").isoformat()


# ---- observation 10: a refusal worded by its ground ----------------------------------------


def test_a_refusal_is_a_decision_exactly_when_it_says_it_decides():
    for extra in (["--ground", "not-required"], ["--refer-to", "示例市市场监督管理局"]):
        args = ("--region", COUNTY, "--kind", "refuse", "--reason", "x", "--date", "2025-09-30")
        data, text = both(LICENCE, *args, *extra)
        assert data["title"].endswith("决定书") == ("决定不予受理" in text), extra
    assert "请您向示例市市场监督管理局申请" in text


@pytest.mark.parametrize(
    "extra, flag",
    [(["--ground", "not-competent"], "--refer-to"), ([], "--ground")],
    ids=["no-organ", "no-ground"],
)
def test_a_licence_is_refused_only_on_the_laws_two_grounds(extra, flag):
    args = ("--region", COUNTY, "--kind", "refuse", "--reason", "x", "--date", "2025-09-30")
    refused = banshi(LICENCE, *args, *extra)
    assert refused.returncode == 2 and flag in refused.stderr and "Traceback" not in refused.stderr


# ---- observation 11: the applicant's paper, and the clerk's notes elsewhere ---------------


def test_the_clerks_notes_go_to_stderr_never_onto_the_paper():
    done = banshi(LICENCE, "--region", COUNTY, "--format", "text")
    assert "是否委托他人代为办理" in done.stderr
    assert "注意" not in done.stdout and "未回答" not in done.stdout


def test_a_proxy_paper_entrusts_without_asking_whether_it_does():
    text = paper("00017310100001", "--region", VILLAGE, "--kind", "proxy", fmt="text")
    assert "未回答" not in text and "？" not in text
    assert "委托期限：自签署之日起至本事项办结之日止" in text


def test_a_sunday_application_is_dated_that_sunday_and_counted_from_the_monday():
    data, text = both(TWENTY_DAYS, "--region", COUNTY, "--kind", "accept", "--date", "2025-11-16")
    assert data["date"] == "2025-11-16" and "2025年11月16日" in text
    assert data["legal_due_date"] == "2025-12-12"  # 20 working days from Monday the 17th


@pytest.mark.parametrize("kind", KINDS)
def test_no_paper_doubles_a_name_or_nests_quotes(kind):
    code, region = (BENEFIT, VILLAGE) if kind in ("proxy", "accept") else (LICENCE, COUNTY)
    text = paper(code, "--region", region, "--kind", kind, *ASKED[kind], fmt="text")
    for doubled in ("上集镇上集镇", "示例县示例县", "张营村上集镇", "申请”申请", "”申请"):
        assert doubled not in text, (kind, doubled)
    assert not re.search(r"“[^”]*“", text)


def test_a_bundles_name_in_quotes_is_not_nested():
    text = paper("open-restaurant", "--region", COUNTY, fmt="text")
    assert "“开办餐馆‘一件事’”" in text and not re.search(r"“[^”]*“", text)


# ---- observation 12: decisions -----------------------------------------------------------


def test_an_approval_delivers_the_licence_within_ten_working_days():
    data, text = both(
        TWENTY_DAYS,
        "--region",
        COUNTY,
        "--kind",
        "approve",
        "--date",
        "2025-09-30",
        "--issued",
        "2025-10-09",
    )
    assert data["title"] == "准予行政许可决定书" and data["verdict"] == "准予行政许可"
    assert data["deliver_by"] == WorkCalendar().add(D(2025, 10, 9), 10, "工作日").isoformat()
    assert "本决定依法予以公开" in text


def test_a_denial_states_its_reason_and_the_applicants_rights():
    data, text = both(LICENCE, "--region", COUNTY, "--kind", "deny", *ASKED["deny"])
    assert data["title"] == "不予行政许可决定书" and "经营范围属于禁止经营的项目" in text
    assert "第三十八条第二款" in text and data["remedy"]["review_body"] in text
    missing = banshi(LICENCE, "--region", COUNTY, "--kind", "deny", "--date", "2025-09-30")
    assert missing.returncode == 2 and "--reason" in missing.stderr


def test_a_one_thing_is_decided_item_by_item():
    done = banshi(
        "open-restaurant", "--region", COUNTY, "--kind", "approve", "--date", "2025-09-30"
    )
    assert done.returncode == 2 and "--kind" in done.stderr


# ---- every format says the same ------------------------------------------------------------


@pytest.mark.parametrize("kind", [k for k in KINDS if k != "proxy"])
def test_text_and_markdown_say_what_the_page_says(kind):
    args = (LICENCE, "--region", COUNTY, "--kind", kind, *ASKED[kind])
    page = paper(*args, fmt="html")
    text, md = paper(*args, fmt="text"), paper(*args, fmt="md").replace("\\", "")
    cells = re.findall(r"<td[^>]*>([^<]+)</td>", page)
    assert cells
    for cell in cells:
        assert cell.strip() in text and cell.strip() in md, (kind, cell)


def test_a_terminal_gets_text_not_html():
    primary, secondary = os.openpty()
    try:
        # not the shared runner, which captures stdout in a pipe: here stdout is a terminal
        done = subprocess.run(
            [sys.executable, "-m", "banshi", "notice", LICENCE, str(REPO), "--region", COUNTY],
            stdout=secondary,
            stderr=subprocess.PIPE,
            check=False,
        )
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
    assert done.returncode == 0
    text = out.decode("utf-8")
    assert "一次性告知单" in text and "<html" not in text and "【需要提交的材料】" in text


# ---- one A4 page each ----------------------------------------------------------------------


def _longest() -> tuple[str, str]:
    """The sample's deciding handling item with the most materials, and a region that decides
    it."""
    compiled = run(REPO).compiled
    deciding = [g for g in compiled.guides if g.mode in ("办理", "下放")]
    guide = max(deciding, key=lambda g: (len(g.materials), g.code))
    return guide.code, guide.region_code


@pytest.mark.parametrize("kind", KINDS)
def test_each_paper_prints_on_one_a4_page(kind, chromium):
    """The sample's longest item, with everything a paper of its kind states."""
    code, region = ("00017310100001", VILLAGE) if kind == "proxy" else _longest()
    data = paper(code, "--region", region)
    asked = {
        **ASKED,
        "correct": ["--submitted", data["materials"][0]["id"], "--date", "2025-09-30"],
        "extend": ["--date", "2025-09-30", "--reason", "需要现场核查", "--until", "2025-10-13"],
        "refuse": ASKED["refuse"] if data["licensing"] else ["--reason", "x", "--ground", "other"],
    }[kind]
    done = banshi(code, "--region", region, "--kind", kind, *asked, "--format", "html")
    assert done.returncode == 0, done.stderr
    page = chromium.new_page()
    try:
        page.set_content(done.stdout)
        pdf = page.pdf(format="A4", prefer_css_page_size=True)
    finally:
        page.close()
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages == 1, f"{kind} of {code} prints on {pages} pages"


# ---- on drawn catalogs ---------------------------------------------------------------------

EXAMPLES = int(os.environ.get("BANSHI_PROPERTY_EXAMPLES", "12"))
PROPERTY = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _reviewer(files: dict, department: dict) -> str:
    """The 复议机关 by the 2023 law, for the drawn catalog's deciders (the county's agencies)."""
    if department.get("review_body"):
        return department["review_body"]
    if department.get("vertical"):
        return "示例市市场监督管理局"  # the drawn city's department of its line
    return "示例县人民政府"


def _papers_of(compiled, guide):
    """Every paper a guide can give, dated, with the kinds the law lets it ask for."""
    day = {"date": "2026-09-30"}
    asked = {
        "inform": day,
        "accept": day,
        "correct": {**day, "submitted": ()},
        "defer": day,
        "refuse": {
            **day,
            "reason": "不属于受理范围",
            "ground": "other" if guide.handling.type != "行政许可" else "not-competent",
            "refer_to": "示例市",
        },
        "extend": {**day, "reason": "需要核查"},
        "approve": day,
        "deny": {**day, "reason": "不符合条件"},
    }
    from banshi.errors import RequestError

    for kind, extra in asked.items():
        try:
            yield kind, paper_data(compiled, guide.code, guide.region_code, kind, **extra)
        except RequestError:
            continue  # what the law or the catalog does not let this guide ask for


@PROPERTY
@given(files=catalogs())
def test_every_paper_of_every_drawn_guide_holds_in_law(files):
    from banshi.emit.papers import render
    from banshi.papers.make import paper as made
    from banshi.papers.request import Request, guide_for

    with tempfile.TemporaryDirectory(prefix="banshi-papers-") as folder:
        root = write(Path(folder) / "root", files)
        ran = run(root)
        compiled, env = ran.compiled, ran.templates()
        departments = {d["id"]: d for d in files["catalog/departments.yaml"]["departments"]}
        for guide in compiled.guides:
            for kind, data in _papers_of(compiled, guide):
                # no 办结 date before a 补交 or 补正 date on the same paper
                later = [m["deferrable_until"] for m in data["deferred"]] + [data["correct_by"]]
                for due in (data["due_date"], data["extended_due_date"]):
                    assert not due or all(due >= d for d in later if d), (kind, data)
                # a refusal or a denial names the body the law gives
                if kind in ("refuse", "deny"):
                    expected = _reviewer(files, departments[data["decider"]["id"]])
                    assert data["remedy"]["review_body"] == expected
                if not data["licensing"]:
                    assert all("行政许可法" not in cited for cited in data["law"]), data["law"]
                request = Request(
                    kind=kind,
                    date=data["date"],
                    reason=data["reason"],
                    ground=data["ground"],
                    refer_to=data["refer_to"],
                    submitted=() if kind == "correct" else None,
                )
                text = render(
                    made(
                        guide_for(compiled, guide.code, guide.region_code),
                        compiled.work_calendar(),
                        request,
                    ),
                    "text",
                    env,
                )
                assert not ISO_DATE.search(text), (kind, text)
                assert "法定 即时办结" not in text or data["time_limit"]["legal"] == 0
                for step in data["special_steps"]:
                    shown = f"{step['name']}；所需时间：{step['days']} 个{step['unit']}"
                    assert data["kind"] not in ("inform", "accept") or shown in text, shown
                assert not re.search(r"“[^”]*“", text)
