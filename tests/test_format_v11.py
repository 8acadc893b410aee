"""Format v1.1 (spec §5, issue 12): what each addition changes in every output that shows it.

Each test patches the minimal fixture with one addition and checks the resolved data, the JSON,
the notice and the guide page agree: a waived material is nowhere in the region's papers, a proof
offers both choices, the statistics count what the lists say.
"""

from __future__ import annotations

import json

import pytest
from catalogs import apply_patch, minimal, paper_data
from command_line import banshi

from banshi.emit.guides import guide_page
from banshi.emit.render import environment
from banshi.errors import RequestError
from banshi.load.source import load
from banshi.resolve import resolve
from banshi.resolve.compiled import Waived, plain
from banshi.resolve.stats import stats, text
from banshi.validate import validate

ITEM = "catalog/items/000131128000.yaml"
COUNTY = "catalog/implementations/410526.yaml"
TOWNSHIP = "catalog/implementations/410526100.yaml"
MATERIALS = "rules/materials.yaml"
FORM = "catalog/forms/个体工商户登记申请书.txt"
NO_CRIMINAL_RECORD = {
    "id": "no_criminal_record",
    "name": "无犯罪记录证明",
    "category": "证明",
    "source": "政府部门核发",
    "issuer": "公安机关",
    "proof": True,
    "commitment": True,
    "commitment_form": FORM,
}


def _compiled(root):
    validation = validate(root)
    assert not validation.errors, [p.text() for p in validation.errors]
    return resolve(validation.catalog)


@pytest.fixture
def waived(tmp_path):
    """The county reads the e-licence: 个体工商户营业执照 is waived for 变更登记."""
    root = minimal(tmp_path)
    apply_patch(
        root,
        {
            COUNTY: {
                "entries/0/waive": ["individual_business_license"],
                "entries/0/waive_basis": "通过电子证照库调取营业执照",
            }
        },
    )
    return root


def test_a_waived_material_is_left_out_of_the_region_s_guide_notice_and_json(waived, tmp_path):
    compiled = _compiled(waived)
    county = compiled.guide("00013112800002", "410526")
    assert [m.id for m in county.materials] == ["individual_business_application"]
    assert county.waived == (Waived("individual_business_license", "个体工商户营业执照"),)
    township = compiled.guide("00013112800002", "410526100")
    # only the county waives
    assert "individual_business_license" in [m.id for m in township.materials]

    notice = paper_data(compiled, "00013112800002", "410526")
    told = notice["materials"] + notice["conditional"]
    assert "individual_business_license" not in [m["id"] for m in told]
    assert notice["waived"] == plain(county.waived)
    assert notice["waive_basis"] == "通过电子证照库调取营业执照"
    with pytest.raises(RequestError, match="免提交"):
        paper_data(compiled, "00013112800002", "410526", submitted=("individual_business_license",))

    page = guide_page(compiled, environment(load(waived)), county, "")
    assert "本地免提交：个体工商户营业执照" in page
    assert page.count("个体工商户营业执照") == 1  # the waiver line, never the table

    out = tmp_path / "out"
    assert banshi("build", waived, "--out", out, "--no-site").returncode == 0
    entries = json.loads((out / "json/implementations/410526.json").read_text("utf-8"))["entries"]
    change = next(e for e in entries if e["code"] == "00013112800002")
    assert change["materials"] == ["individual_business_application"]
    assert change["waived"] == ["individual_business_license"]


def test_stats_count_waived_materials_and_the_hall_per_region(waived):
    apply_patch(
        waived,
        {
            TOWNSHIP: {
                "entries/0/in_hall": False,
                "entries/0/not_in_hall_reason": "在市场监管所专用场所受理",
            }
        },
    )
    data = stats(_compiled(waived))
    assert data["by_region"]["410526"]["waived_materials"] == 1
    assert data["by_region"]["410526100"]["in_hall_share"] == 0.0
    assert data["by_region"]["410526"]["in_hall_share"] == 1.0
    assert data["in_hall_share"] == round(3 / 5, 4)  # 2 township guides of 5 are outside the hall
    shown = text(data)
    assert "进驻率 = 进驻大厅（in_hall）的实施条目数 / 实施条目数" in shown
    assert "窗口授权率 = " in shown and "即办件窗口授权率 = " in shown


def test_stats_of_one_region_and_below(tmp_path):
    root = minimal(tmp_path)
    compiled = _compiled(root)
    everything, township = stats(compiled), stats(compiled, "410526100")
    assert everything["guides"] == 5 and township["guides"] == 3  # township 2 + village 1
    assert set(township["by_region"]) == {"410526100", "410526100201"}
    # 窗口授权率: the county's two on_site guides of five; 现场办结: the county's 即办件 of three
    assert everything["on_site_share"] == 0.4
    assert everything["immediate_on_site_share"] == round(1 / 3, 4)
    run = banshi("stats", root, "--region", "410526100", "--format", "json")
    assert run.returncode == 0 and json.loads(run.stdout)["guides"] == 3
    assert banshi("stats", root, "--region", "999999").returncode == 2


def test_a_proof_with_a_commitment_offers_both_choices_and_is_listed(tmp_path):
    root = minimal(tmp_path)
    apply_patch(
        root,
        {
            MATERIALS: {"materials/-": NO_CRIMINAL_RECORD},
            ITEM: {
                "handling/1/materials/-": {
                    "material": "no_criminal_record",
                    "form": "原件",
                    "copies": 1,
                }
            },
        },
    )
    compiled = _compiled(root)
    form = "forms/no_criminal_record/commitment.txt"
    assert plain(compiled.proofs) == [
        {
            "id": "no_criminal_record",
            "name": "无犯罪记录证明",
            "issuer": "公安机关",
            "commitment": True,
            "commitment_form": form,
            "asked_by": ["00013112800002"],
        }
    ]
    assert any(f.site_path == form for f in compiled.form_files)
    md = banshi("notice", "00013112800002", root, "--region", "410526", "--format", "md").stdout
    assert "无犯罪记录证明" in md and "二选一：提交证明或签署告知承诺书" in md
    page = guide_page(
        compiled, environment(load(root)), compiled.guide("00013112800002", "410526"), ""
    )
    assert "签署告知承诺书" in page and "forms/no_criminal_record/commitment.txt" in page


def test_national_fields_reach_the_json_and_the_guide(tmp_path):
    root = minimal(tmp_path)
    apply_patch(
        root,
        {
            ITEM: {
                "keywords": ["个体户", "开店"],
                "handling/0/keywords": ["开店", "办执照"],
                "handling/0/online_url": "https://zwfw.example.gov.cn/apply/1",
                "handling/0/online_depth": "四级",
                "handling/0/cross_region": "跨省通办",
                "handling/1/visit_reason": "需现场核验营业执照原件",
                "handling/1/quantity_limit": "无",
            },
            "catalog/departments.yaml": {"departments/0/credit_code": "11410526MB0A12340L"},
            COUNTY: {"entries/0/service_modes": ["预约办理", "延时办理"]},
        },
    )
    compiled = _compiled(root)
    setup = compiled.handling["00013112800001"]
    assert setup.keywords == ("个体户", "开店", "办执照")
    assert (setup.online_url, setup.online_depth, setup.cross_region) == (
        "https://zwfw.example.gov.cn/apply/1",
        "四级",
        "跨省通办",
    )
    county = compiled.guide("00013112800001", "410526")
    assert county.power_source == "法定本级行使"  # implied by 办理
    # 受理转报 decides nothing here, so no source is implied
    assert compiled.guide("00013112800001", "410526100").power_source is None
    page = guide_page(compiled, environment(load(root)), county, "")
    for shown in (
        "又称：个体户、开店、办执照",
        ">在线办理</a>",
        "跨省通办",
        "11410526MB0A12340L",
        "预约办理（含非法定工作日预约）、延时办理",
        "法定本级行使",
    ):
        assert shown in page, shown


def test_a_window_only_item_shows_no_online_link(tmp_path):
    root = minimal(tmp_path)
    apply_patch(
        root,
        {
            ITEM: {
                "handling/1/online": "窗口办理",
                "handling/1/online_url": "https://zwfw.example.gov.cn/apply/2",
            }
        },
    )
    compiled = _compiled(root)
    page = guide_page(
        compiled, environment(load(root)), compiled.guide("00013112800002", "410526"), ""
    )
    assert "在线办理" not in page


@pytest.mark.parametrize(
    ("patch", "rule"),
    [
        ({ITEM: {"handling/0/online_url": "http://zwfw.example.gov.cn/apply"}}, "schema"),
        ({ITEM: {"type": "党务服务"}}, "schema"),
        ({COUNTY: {"entries/0/service_modes": ["上门服务"]}}, "schema"),
        ({COUNTY: {"entries/0/joint_agencies": ["no-such-agency"]}}, "ref.department"),
        ({COUNTY: {"entries/0/waive_basis": "数据共享"}}, "implementation.waive"),
        ({COUNTY: {"entries/0/not_in_hall_reason": "涉密"}}, "implementation.in-hall"),
        (
            {
                MATERIALS: {
                    "materials/-": {
                        **NO_CRIMINAL_RECORD,
                        "commitment_form": "catalog/forms/无.docx",
                    }
                }
            },
            "material.file",
        ),
        (
            {
                MATERIALS: {
                    "materials/-": {k: v for k, v in NO_CRIMINAL_RECORD.items() if k != "issuer"}
                }
            },
            "material.proof",
        ),
    ],
)
def test_each_check_finds_its_mistake(tmp_path, patch, rule):
    root = minimal(tmp_path)
    apply_patch(root, patch)
    found = {p.rule for p in validate(root).problems}
    assert rule in found, found
