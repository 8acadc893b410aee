"""Valid catalogs drawn by hypothesis, for the property tests.

Each draw is a whole catalog root (files → YAML documents) that must validate without errors:
a county with two townships and three villages, a few items with one to three handling items,
and every optional field of items, handling items, materials, entries and departments present or
absent (a vertically managed department, a 复议机关 of its own, no legal limit, a special step in
natural days, a region's own steps);
statuses, ``effective`` and ``expires`` on either side of the as-of date; 办理 at the county,
受理转报 at townships and 代办 in villages, each with or without a promise of its own; and
bundles of either kind, with or without stages and ``requires``. The draw is valid by
construction, so a validation error in a property test is a bug in this file or in a rule.

Codes are drawn under one of several schemes (``SCHEMES``): §2's digits, a province's letter
codes (``410A0000001380``), hyphenated ones (``G-000007-001``), and a catalog mixing every
shape a real district's list has, with 实施编码 checked part by part where the scheme says so.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from catalogs import dump
from hypothesis import strategies as st

AS_OF = "2026-11-20"
COUNTY, TOWNSHIPS, VILLAGES = (
    "410526",
    ("410526100", "410526101"),
    ("410526100201", "410526100202", "410526101201"),
)
REGIONS = [
    {"code": "410000", "name": "示例省", "level": "province"},
    {"code": "410500", "name": "示例市", "level": "city", "parent": "410000"},
    {"code": COUNTY, "name": "示例县", "level": "county", "parent": "410500"},
    {"code": "410526100", "name": "上集镇", "level": "township", "parent": COUNTY},
    {"code": "410526101", "name": "城关镇", "level": "township", "parent": COUNTY},
    {"code": "410526100201", "name": "张营村", "level": "village", "parent": "410526100"},
    {"code": "410526100202", "name": "李庄村", "level": "village", "parent": "410526100"},
    {"code": "410526101201", "name": "东关村", "level": "village", "parent": "410526101"},
]
SECTORS = {"市场监管": "sx-market", "自然资源": "sx-nr"}
CENTRES = {"410526100": "sj-centre", "410526101": "cg-centre"}
STATIONS = {
    "410526100201": "zy-station",
    "410526100202": "lz-station",
    "410526101201": "dg-station",
}
# Library materials: id → (name, category); forms are drawn per catalog.
LIBRARY = {
    "application": ("登记申请书", "申请表"),
    "id_card": ("居民身份证", "证照"),
    "premises": ("经营场所使用证明", "证明"),
    "attorney": ("授权委托书", "其他"),
    "lease": ("房屋租赁合同", "合同协议"),
    "license": ("营业执照", "证照"),
    "land_permit": ("用地许可证", "证照"),
}
RESULTS = ("license", "land_permit")  # what approvals produce; never asked by the same item
FORMS = ("原件", "复印件", "原件及复印件", "电子件")


def _department(dept_id: str, name: str, region: str, sector: str, phone: str) -> dict:
    return {
        "id": dept_id,
        "name": name,
        "region": region,
        "sector": sector,
        "phone": phone,
        "complaint_phone": "12345",
        "address": f"{name}一楼",
        "hours": "周一至周五 9:00-17:00",
    }


# 统一社会信用代码 with their GB 32100 check digits (the county's agencies carry one).
CREDIT_CODES = {"sx-market": "11410526MB0A12340L", "sx-nr": "11410526MB0A12380Q"}


CITY_MARKET = "示例市市场监督管理局"

# The national platform's 实施编码: 基本编码, the region in 12 digits, an organ number, the
# organ's 统一社会信用代码, a kind and a sequence number.
IMPLEMENTATION = (
    "^(?P<item>[0-9A-Z-]+)-(?P<region>[0-9]{12})-[0-9]{3}-(?P<credit_code>[0-9A-Z]{18})"
    "-[0-9]-[0-9]{2}$"
)
# A credit code in the 实施编码 of an organ that has none in departments.yaml (not checked).
NO_CREDIT_CODE = "11410526MB0A00000X"


@dataclass(frozen=True)
class Scheme:
    """A way of writing codes: catalog.yaml's ``codes`` (None: §2's digits) and the code of
    the i-th item drawn (0 to 3). Handling codes add two digits to their item's."""

    name: str
    codes: dict | None
    item_code: Callable[[int], str]


def _either(*shapes: str) -> str:
    return "(?:" + "|".join(shapes) + ")"


_SHAPES = _either(
    "[0-9]{3}[A-Z][0-9]{8}(?:[0-9]{2})?",  # 511A01380000, 511A0138000000
    "[0-9]{12}",
    "[A-Z]-[0-9]{6}-[0-9]{3}",  # G-000007-001
    "[0-9][A-Z]-[0-9]{4}-[0-9]{5}",  # 1J-5100-00019
    "[A-Z]{2}[0-9]{7}[0-9A-Z]",  # XK0010100Y (DB52/T 1264-2018)
)
_MIXED = ("410A01380000", "G-000007-001", "1J-4105-00019", "XK0010100Y")
SCHEMES = {
    scheme.name: scheme
    for scheme in (
        Scheme("digits", None, lambda i: f"0001311{28 + i:03d}00"),
        Scheme(
            "letters",
            {
                "item": "^[0-9]{3}[A-Z][0-9]{10}$",
                "handling": "^[0-9]{3}[A-Z][0-9]{12}$",
                "implementation": IMPLEMENTATION,
            },
            lambda i: f"410A{138 + i:06d}0000",
        ),
        Scheme(
            "hyphens",
            {"item": "^[A-Z]-[0-9]{6}-[0-9]{3}$", "handling": "^[A-Z]-[0-9]{6}-[0-9]{5}$"},
            lambda i: f"G-{7 + i:06d}-001",
        ),
        Scheme(
            "mixed",
            {
                "item": f"^{_SHAPES}$",
                "handling": f"^{_SHAPES}[0-9]{{2}}$",
                "implementation": IMPLEMENTATION,
            },
            lambda i: _MIXED[i],
        ),
    )
}


@st.composite
def departments(draw) -> list[dict]:
    """The county's agencies (the market one maybe vertically managed, under the city's; the
    other maybe with a 复议机关 of its own), the townships' centres and the villages' stations."""
    departments = [
        {
            **_department(d, f"示例县{s}局", COUNTY, s, f"0372-55501{i:02d}"),
            "credit_code": CREDIT_CODES[d],
        }
        for i, (s, d) in enumerate(SECTORS.items())
    ]
    if draw(st.booleans()):
        departments[0]["vertical"] = True
    if draw(st.booleans()):
        departments[1]["review_body"] = "示例市人民政府"
    departments.append(
        _department("city-market", CITY_MARKET, "410500", "市场监管", "0372-5550001")
    )
    departments += [
        _department(d, f"{r}便民服务中心", r, "综合", f"0372-55512{i:02d}")
        for i, (r, d) in enumerate(CENTRES.items())
    ]
    departments += [
        _department(d, f"{r}便民服务站", r, "综合", f"0372-55513{i:02d}")
        for i, (r, d) in enumerate(STATIONS.items())
    ]
    return departments


@st.composite
def materials_library(draw) -> tuple[list[dict], dict[str, bytes]]:
    """The library and the form files it names (a blank form with or without a sample, except
    that an application form always has its sample)."""
    rows, files = [], {}
    for material_id, (name, category) in LIBRARY.items():
        row = {
            "id": material_id,
            "name": name,
            "category": category,
            "source": "政府部门核发" if category == "证照" else "申请人自备",
        }
        if category == "证照":
            row["issuer"] = "市场监督管理部门"
            if draw(st.booleans()):
                row["e_license"] = True
        if draw(st.booleans()):
            row["requirements"] = f"{name}须在有效期内"
        blank = category == "申请表" or draw(st.booleans())
        if blank:
            row["blank_form"] = f"catalog/forms/{material_id}.docx"
            files[row["blank_form"]] = f"{name} 空白表格".encode()
        if category == "申请表" or (blank and draw(st.booleans())):
            row["sample"] = f"catalog/forms/{material_id}-sample.pdf"
            files[row["sample"]] = f"{name} 示例".encode()
        if category == "证明" and draw(st.booleans()):  # v1.1: a proof, maybe under 告知承诺制
            row.update(proof=True, issuer="村（居）民委员会")
            if draw(st.booleans()):
                form = f"catalog/forms/{material_id}-commitment.docx"
                row.update(commitment=True, commitment_form=form)
                files[row["commitment_form"]] = f"{name} 告知承诺书".encode()
        rows.append(row)
    return rows, files


CONDITIONS = st.sampled_from(
    [
        None,
        None,
        {"entrusted": True},
        {"entrusted": False},
        {"applicant_type": ["法人", "其他组织"]},
        {"not": {"entrusted": True}},
        {"any": [{"entrusted": True}, {"applicant_type": "法人"}]},
    ]
)


@st.composite
def material_rows(draw, results: list[str], produced: set[str]) -> list[dict]:
    """Rows of a handling item; a result material only where an earlier handling item produced
    it, so that derived edges run forward and no bundle drawn below has a cycle."""
    ids = [m for m in LIBRARY if m not in RESULTS or (m in produced and m not in results)]
    chosen = draw(st.lists(st.sampled_from(ids), min_size=1, max_size=len(ids), unique=True))
    rows = []
    for material_id in chosen:
        row = {
            "material": material_id,
            "form": draw(st.sampled_from(FORMS)),
            "copies": draw(st.integers(1, 3)),
        }
        when = draw(CONDITIONS)
        if when is not None:
            row["when"] = when
        if LIBRARY[material_id][1] != "申请表" and draw(st.booleans()):
            row["deferrable_days"] = draw(st.integers(1, 10))
        if draw(st.booleans()):
            row["note"] = "窗口核验后退还"
        rows.append(row)
    return rows


@st.composite
def handling_item(draw, code: str, produced: set[str]) -> dict:
    legal = draw(st.one_of(st.integers(1, 30), st.none()))  # None: the law sets no limit
    immediate = draw(st.booleans())
    most = 20 if legal is None else max(1, legal * 8 // 10)
    promised = 0 if immediate else draw(st.integers(1, most))
    # each result has one producer, so derived edges all run from earlier to later codes
    unproduced = [r for r in RESULTS if r not in produced]
    results = draw(st.lists(st.sampled_from(unproduced), max_size=1)) if unproduced else []
    handling = {
        "code": code,
        "name": f"测试办理项{code[-4:]}",
        "kind": "即办件" if immediate else "承诺件",
        "time_limit": {
            "unit": draw(st.sampled_from(["工作日", "工作日", "自然日"])),
            "legal": legal,
            "promised": promised,
        },
        "steps": [{"name": "受理", "days": 0}, {"name": "决定", "days": promised}],
        "materials": draw(material_rows(results, produced)),
        "fees": draw(
            st.sampled_from(
                [[], [{"name": "工本费", "amount": 10, "unit": "件", "basis": "收费文件"}]]
            )
        ),
        "visits": draw(st.integers(0, 2)),
        "online": draw(st.sampled_from(["全程网办", "网上预审", "窗口办理"])),
        "proxy": draw(st.booleans()),
    }
    if results:
        handling["results"] = [{"material": m} for m in results]
        produced.update(results)
    if draw(st.booleans()):
        handling["delivery"] = ["窗口领取", "邮寄送达"]
    if draw(st.booleans()):
        handling["time_limit"]["extension"] = draw(st.integers(1, 15))
    if draw(st.booleans()):
        step = {"name": "现场核查", "days": 3, "counted": False, "basis": "实施细则"}
        unit = draw(st.sampled_from([None, "工作日", "自然日"]))
        handling["special_steps"] = [step if unit is None else {**step, "unit": unit}]
    handling.update(draw(national_fields(handling)))
    return handling


ONLINE_DEPTHS = {"全程网办": ["四级"], "网上预审": ["三级"], "窗口办理": ["一级", "二级"]}


@st.composite
def national_fields(draw, handling: dict) -> dict:
    """The optional v1.1 fields of a handling item, each consistent with the rest (online.depth,
    online.visit-reason)."""
    fields = {}
    if draw(st.booleans()):
        fields["keywords"] = draw(
            st.lists(
                st.sampled_from(["开店", "办证", "低保", "个体户"]),
                min_size=1,
                max_size=2,
                unique=True,
            )
        )
    if draw(st.booleans()):
        fields["online_url"] = f"https://zwfw.example.gov.cn/apply/{handling['code']}"
    if draw(st.booleans()):
        fields["online_depth"] = draw(st.sampled_from(ONLINE_DEPTHS[handling["online"]]))
    if handling["visits"] and draw(st.booleans()):
        fields["visit_reason"] = "需现场核验原件"
    if draw(st.booleans()):
        fields["cross_region"] = draw(
            st.sampled_from(["跨省通办", "省内通办", "市内通办", "县内通办"])
        )
    if draw(st.booleans()):
        fields["quantity_limit"] = "每年不超过 50 个"
    return fields


def _day(offset: int) -> datetime.date:
    return datetime.date.fromisoformat(AS_OF) + datetime.timedelta(days=offset)


@st.composite
def item(draw, code: str, produced: set[str]) -> dict:
    sector = draw(st.sampled_from(sorted(SECTORS)))
    count = draw(st.integers(1, 3))
    data = {
        "schema": "banshi/item/v1",
        "code": code,
        "name": f"测试事项{code[-6:]}",
        "type": draw(
            st.sampled_from(
                [
                    "行政许可",
                    "行政许可",
                    "行政确认",
                    "行政给付",
                    "公共服务",
                    "行政备案",
                    "中介服务",
                    "便民服务",
                ]
            )
        ),
        "sector": sector,
        "service_objects": ["自然人"],
        "basis": [{"kind": "设定依据", "title": "测试条例"}],
        "levels": {"exercise": ["county"], "accept": ["county", "township"], "decide": "county"},
        "status": draw(st.sampled_from(["active"] * 5 + ["cancelled", "suspended"])),
        # effective before, on or after the as-of date; sometimes expiring around it
        "effective": _day(draw(st.sampled_from([-400, -1, 0, 1, 30]))),
        "handling": [draw(handling_item(f"{code}{i + 1:02d}", produced)) for i in range(count)],
    }
    if draw(st.booleans()):
        data["expires"] = data["effective"] + datetime.timedelta(
            days=draw(st.sampled_from([1, 400, 800]))
        )
    if draw(st.booleans()):
        data["conditions"] = ["有经营能力的公民"]
    if draw(st.booleans()):
        data["keywords"] = ["测试", f"事项{code[-3:]}"]
    if data["status"] != "active":
        data["decision"] = {
            "number": "示政〔2026〕1号",
            "title": "关于调整政务服务事项的决定",
            "date": _day(-30),
        }
    return data


def _entry(item_code: str, agency: str, mode: str, promised: int | None, **more) -> dict:
    """An entry; one with a promise of its own runs steps of its own that fit it
    (time.local-steps)."""
    entry = {"item": item_code, "agency": agency, "mode": mode, **more}
    if promised is not None:
        entry["promised"] = promised
        entry["steps"] = [{"name": "收件", "days": 0}, {"name": "办理", "days": promised}]
    return entry


def _promise_between(route: int, legal: int | None):
    """No promise of its own (the route's), or one no shorter than the route's and within the
    legal limit, where the law sets one (time.route-promise, time.local-promise)."""
    most = route + 10 if legal is None else legal
    return st.none() if route > most else st.one_of(st.none(), st.integers(route, most))


SERVICE_MODES = ["预约办理", "延时办理", "上门办理", "帮办代办", "绿色通道", "自助办理"]


@st.composite
def local_fields(draw, data: dict) -> dict:
    """The optional v1.1 fields of an entry: waivers of materials its item asks for (only less),
    not in the hall with a reason, service modes, 权力来源, a 联办机构."""
    fields = {}
    asked = sorted({row["material"] for h in data["handling"] for row in h["materials"]})
    waived = draw(st.lists(st.sampled_from(asked), max_size=2, unique=True))
    if waived:
        fields.update(waive=waived, waive_basis="通过数据共享调取")
    if draw(st.booleans()):
        fields.update(in_hall=False, not_in_hall_reason="需在专用场所办理")
    if draw(st.booleans()):
        fields["service_modes"] = draw(
            st.lists(st.sampled_from(SERVICE_MODES), min_size=1, max_size=3, unique=True)
        )
    if draw(st.booleans()):
        fields["power_source"] = draw(st.sampled_from(["法定本级行使", "上级委托"]))
    if draw(st.booleans()):
        fields["joint_agencies"] = [d for d in SECTORS.values() if d != SECTORS[data["sector"]]]
    return fields


def implementation_code(item_code: str, region: str, agency: str) -> str:
    credit = CREDIT_CODES.get(agency, NO_CREDIT_CODE)
    return f"{item_code}-{region.ljust(12, '0')}-000-{credit}-1-00"


def _with_codes(draw, lists: dict[str, list[dict]], items: list[dict]) -> None:
    """Some entries get the 实施编码 the platform published for them."""
    item_of = {h["code"]: i["code"] for i in items for h in i["handling"]}
    item_of.update({i["code"]: i["code"] for i in items})
    for region, entries in lists.items():
        for entry in entries:
            if draw(st.booleans()):
                code = implementation_code(item_of[entry["item"]], region, entry["agency"])
                entry["implementation_code"] = code


@st.composite
def implementations(draw, items: list[dict]) -> dict[str, list[dict]]:
    """County 办理 of every active item; townships forward some; villages proxy some; some
    entries with their 实施编码."""
    lists: dict[str, list[dict]] = {r: [] for r in (COUNTY, *TOWNSHIPS, *VILLAGES)}
    for data in (i for i in items if i["status"] == "active"):
        agency = SECTORS[data["sector"]]
        smallest = min(h["time_limit"]["promised"] for h in data["handling"])
        limits = [h["time_limit"]["legal"] for h in data["handling"]]
        legal = min((limit for limit in limits if limit is not None), default=None)
        county = draw(st.one_of(st.none(), st.integers(0, smallest)))
        lists[COUNTY].append(
            _entry(
                data["code"],
                agency,
                "办理",
                county,
                window="综合窗口",
                on_site=draw(st.booleans()),
                **draw(local_fields(data)),
            )
        )
        route = (
            max(h["time_limit"]["promised"] for h in data["handling"]) if county is None else county
        )
        for township in TOWNSHIPS:
            if not draw(st.booleans()):
                continue
            own = draw(_promise_between(route, legal))
            lists[township].append(
                _entry(data["code"], CENTRES[township], "受理转报", own, forward_to=agency)
            )
            onward = route if own is None else own
            for village in (v for v in VILLAGES if v.startswith(township)):
                for handling in data["handling"]:
                    if handling["proxy"] and draw(st.booleans()):
                        mine = draw(_promise_between(onward, legal))
                        lists[village].append(
                            _entry(
                                handling["code"],
                                STATIONS[village],
                                "代办",
                                mine,
                                forward_to=CENTRES[township],
                            )
                        )
    _with_codes(draw, lists, items)
    return {r: entries for r, entries in lists.items() if entries}


@st.composite
def bundle(draw, items: list[dict]) -> dict | None:
    codes = [h["code"] for i in items for h in i["handling"]]
    if len(codes) < 2 or not draw(st.booleans()):
        return None
    picked = draw(
        st.lists(st.sampled_from(codes), min_size=2, max_size=min(4, len(codes)), unique=True)
    )
    # in the order results were produced (the order of the items drawn, whatever their codes'
    # shape): every edge runs forward
    chosen = [c for c in codes if c in picked]
    data = {
        "schema": "banshi/bundle/v1",
        "id": "test-bundle",
        "name": "测试联办",
        "kind": draw(st.sampled_from(["并联审批", "一件事"])),
        "lead": "sx-market",
    }
    if draw(st.booleans()):
        split = draw(st.integers(1, len(chosen) - 1))
        data["stages"] = [
            {"id": "first", "name": "第一阶段", "items": chosen[:split]},
            {"id": "second", "name": "第二阶段", "items": chosen[split:]},
        ]
    else:
        data["items"] = chosen
        if draw(st.booleans()):
            data["requires"] = [{"before": chosen[0], "after": chosen[1], "basis": "测试法 第一条"}]
    return data


@st.composite
def catalogs(draw, scheme: str | None = None) -> dict[str, object]:
    """A catalog root: relative path → YAML document (dict) or bytes (a form file), with its
    codes written under ``scheme`` (a name in ``SCHEMES``; None: any of them)."""
    coding = SCHEMES[scheme or draw(st.sampled_from(sorted(SCHEMES)))]
    library, forms = draw(materials_library())
    count = draw(st.integers(1, 4))
    produced: set[str] = set()
    items = [draw(item(coding.item_code(i), produced)) for i in range(count)]
    info = {
        "schema": "banshi/catalog/v1",
        "name": "生成的目录",
        "version": "2026.11",
        "released": datetime.date.fromisoformat(AS_OF),
        "publisher": "示例县人民政府办公室",
        "base_url": "https://zwfw.example.gov.cn/",
    }
    if coding.codes:
        info["codes"] = coding.codes
    files: dict[str, object] = {
        "catalog/catalog.yaml": info,
        "catalog/regions.yaml": {"schema": "banshi/regions/v1", "regions": REGIONS},
        "catalog/departments.yaml": {
            "schema": "banshi/departments/v1",
            "departments": draw(departments()),
        },
        "rules/materials.yaml": {"schema": "banshi/materials/v1", "materials": library},
        "rules/situations.yaml": {
            "schema": "banshi/situations/v1",
            "questions": [
                {"id": "entrusted", "text": "是否委托他人代为办理？", "type": "boolean"},
                {
                    "id": "applicant_type",
                    "text": "申请人类型",
                    "type": "choice",
                    "options": ["自然人", "法人", "其他组织"],
                },
            ],
        },
        "rules/policy.yaml": {
            "schema": "banshi/policy/v1",
            "promised_ratio_max": 0.8,
            "high_frequency": draw(
                st.lists(
                    st.sampled_from([h["code"] for i in items for h in i["handling"]]),
                    unique=True,
                    max_size=3,
                )
            ),
        },
        **forms,
    }
    for data in items:
        files[f"catalog/items/{data['code']}.yaml"] = data
    for region, entries in draw(implementations(items)).items():
        files[f"catalog/implementations/{region}.yaml"] = {
            "schema": "banshi/implementation/v1",
            "region": region,
            "entries": entries,
        }
    drawn = draw(bundle(items))
    if drawn is not None:
        files["catalog/bundles/test-bundle.yaml"] = drawn
    return files


def write(root: Path, files: dict[str, object]) -> Path:
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(dump(content), encoding="utf-8")
    return root
