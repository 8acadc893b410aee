"""The window's papers: what a service window hands an applicant, each as sections of text.

``paper(compiled, code, region, kind, …)`` starts from the notice (``compose``: the materials
these answers require, the dates, the window) and adds the sections of one paper kind. The html,
md, text and json outputs all render these same sections, so they say the same thing. Every
paper has a number line (编号), the applicant's line, the window's contacts and complaint
phone, and lines for signatures, the seal and the date.
"""

from __future__ import annotations

import datetime

from banshi.resolve.compiled import Compiled, Guide, plain
from banshi.resolve.notice import Notice, NoticeError, compose, deadline, parse_answer, window_of

PAPERS = {
    "inform": "一次性告知单",
    "correct": "补正告知书",
    "accept": "受理通知书",
    "defer": "容缺受理书",
    "refuse": "不予受理告知书",
    "extend": "延期办结告知书",
    "proxy": "代办委托书",
}
NEEDS_DATE = ("accept", "defer", "extend")
# The Licensing Law fixes no 补正 period for the applicant (its 5 days bind the agency); a
# catalog sets its own in rules/policy.yaml (correction_days), this is what it gets otherwise.
CORRECTION_DAYS = 10
LICENSING_LAW = "《中华人民共和国行政许可法》"


def _days(count: int, unit: str) -> str:
    return "即时办结" if count == 0 else f"{count} 个{unit}"


def _fields(heading: str, rows: list[tuple[str, str]]) -> dict:
    return {"heading": heading, "fields": [[label, value] for label, value in rows if value]}


def _lines(heading: str, lines: list[str]) -> dict:
    return {"heading": heading, "lines": [line for line in lines if line]}


def _table(heading: str, columns: list[str], rows: list[list], indexes: list | None = None) -> dict:
    table = {"heading": heading, "columns": columns, "rows": [[str(c) for c in r] for r in rows]}
    if indexes is not None:  # the guide's row of each material, for the site's situation selector
        table["indexes"] = indexes
    return table


COMMITMENT = "二选一：提交证明或签署告知承诺书（承诺书模板在窗口领取，或在办事指南页面下载）"


def _explained(material: dict) -> str:
    parts = [material["requirements"], material["note"]]
    if material["condition_text"]:
        parts.append(f"适用情形：{material['condition_text']}")
    if material["commitment"]:  # 告知承诺制: the applicant chooses
        parts.append(COMMITMENT)
    return "；".join(p for p in parts if p)


def _source(material: dict) -> str:
    return (
        f"{material['source']}（{material['issuer']}）"
        if material["issuer"]
        else material["source"]
    )


def _material_rows(materials: list[dict], with_deferral: bool) -> list[list]:
    rows = []
    for i, m in enumerate(materials, 1):
        note = _explained(m)
        if with_deferral and m["deferrable_days"]:
            until = f"，{m['deferrable_until']} 前" if m["deferrable_until"] else ""
            note = "；".join(
                p for p in (note, f"可容缺受理，{m['deferrable_days']} 个工作日内补交{until}") if p
            )
        rows.append([i, m["name"], m["form"], m["copies"], _source(m), note])
    return rows


MATERIAL_COLUMNS = ["序号", "材料名称", "形式", "份数", "来源", "说明"]


def _materials(n: dict, heading: str, materials: list[dict], with_deferral: bool = True) -> dict:
    return _table(
        heading,
        MATERIAL_COLUMNS,
        _material_rows(materials, with_deferral),
        [m["index"] for m in materials],
    )


def _waived(n: dict) -> list[dict]:
    """What this region does not ask for (免提交), so that nobody brings it."""
    if not n["waived"]:
        return []
    names = "、".join(m["name"] for m in n["waived"])
    return [
        _lines(
            "本地免提交",
            [f"以下材料本地通过数据共享或电子证照获取，无需提交：{names}（{n['waive_basis']}）。"],
        )
    ]


def _conditional(n: dict) -> list[dict]:
    if not n["conditional"]:
        return []
    rows = [
        [
            m["name"],
            m["form"],
            m["copies"],
            m["condition_text"] + (f"；{COMMITMENT}" if m["commitment"] else ""),
        ]
        for m in n["conditional"]
    ]
    return [
        _table(
            "视情形提交",
            ["材料名称", "形式", "份数", "适用情形"],
            rows,
            [m["index"] for m in n["conditional"]],
        )
    ]


def _steps(n: dict) -> list[dict]:
    unit = n["time_limit"]["unit"]
    sections = []
    if n["steps"]:
        sections.append(
            _lines(
                "办理程序",
                [
                    f"{i}. {s['name']}（{_days(s['days'], unit)}）"
                    + (f"：{s['post']}" if s.get("post") else "")
                    for i, s in enumerate(n["steps"], 1)
                ],
            )
        )
    if n["special_steps"]:
        rows = [
            [
                s["name"],
                f"{s['days']} 个工作日",
                "计入" if s["counted"] else "不计入",
                s["basis"] or "",
            ]
            for s in n["special_steps"]
        ]
        sections.append(_table("特殊环节", ["环节", "所需时间", "办理时限", "依据"], rows))
    return sections


def _basis(n: dict) -> str:
    return "；".join(
        f"{b['kind']}：《{b['title']}》{b['article'] or ''}"
        + (f"（{b['number']}）" if b["number"] else "")
        for b in n["basis"]
    )


def _fees(n: dict) -> str:
    return "；".join(f"{f['name']} {f['amount']} 元/{f['unit']}" for f in n["fees"]) or "不收费"


def _window(n: dict) -> str:
    window = f"{n['agency']['name']}{' ' + n['window'] if n['window'] else ''}"
    return f"{window}，{n['address']}（{n['hours']}）"


def _contacts(n: dict) -> dict:
    return _fields("咨询与投诉", [("咨询电话", n["phone"]), ("监督投诉电话", n["complaint_phone"])])


def _limits(n: dict) -> str:
    t = n["time_limit"]
    legal, promised = _days(t["legal"], t["unit"]), _days(t["promised"], t["unit"])
    return f"法定 {legal}，承诺 {promised}（{n['kind_of_item']}）"


def _route(guide: Guide) -> str:
    return "；".join(
        f"{s.region_name}{s.agency_name}（{s.mode}，承诺 {_days(s.promised, '工作日')}）"
        for s in guide.route
    )


def _signatures(*who: str) -> dict:
    return {"heading": "", "signatures": [*who, "日期：    年  月  日"]}


def _inform(n: dict, guide: Guide) -> list[dict]:
    sections = [
        _lines("", [f"您申请办理“{n['name']}”，现将需要提交的全部材料和办理要求一次性告知如下。"]),
        _materials(n, "需要提交的材料", n["materials"]),
        *_waived(n),
        *_conditional(n),
        *_steps(n),
        _fields(
            "办理要求",
            [
                ("办理时限", _limits(n)),
                ("受理日期", n["date"]),
                ("预计办结日期", n["due_date"]),
                ("收费标准", _fees(n)),
                ("办理依据", _basis(n)),
                ("办理地点", _window(n)),
                ("办理路径", _route(guide) if len(guide.route) > 1 else ""),
                ("到现场次数", f"{n['visits']} 次" if n["visits"] else ""),
                ("咨询电话", n["phone"]),
                ("监督投诉电话", n["complaint_phone"]),
            ],
        ),
        _lines("", ["本告知单所列材料以外，窗口不得要求申请人提交其他材料。"]),
        _signatures("经办人：", "申请人（签收）："),
    ]
    return sections


def _correct(n: dict, guide: Guide, compiled: Compiled, days: int) -> list[dict]:
    missing = [m for m in n["materials"] if m["id"] in n["missing"]]
    rows = [[i, m["name"], m["form"], m["copies"], _why(m, n)] for i, m in enumerate(missing, 1)]
    calendar = compiled.work_calendar()
    start = datetime.date.fromisoformat(n["submitted_on"]) if n["submitted_on"] else None
    until = deadline(calendar, start, days)
    period = (
        f"{until} 前（收到本告知书之日起 {days} 个工作日内）"
        if until
        else f"收到本告知书之日起 {days} 个工作日内"
    )
    return [
        _lines(
            "",
            [
                f"您申请办理“{n['name']}”提交的材料不齐全（或不符合法定形式）。依照{LICENSING_LAW}"
                "第三十二条，现一次性告知您需要补正的全部内容："
            ],
        ),
        _table(
            "需要补正的材料",
            ["序号", "材料名称", "形式", "份数", "为何需要"],
            rows,
            [m["index"] for m in missing],
        ),
        _fields(
            "补正要求",
            [
                ("补正期限", period),
                ("补正地点", _window(n)),
                ("逾期未补正", "逾期未补正的，视为撤回本次申请；补齐材料后可重新申请。"),
            ],
        ),
        _contacts(n),
        _signatures("经办人：", "申请人（签收）："),
    ]


def _why(material: dict, n: dict) -> str:
    """Why a missing material is needed: the applicant's situation, or the item's basis."""
    if material["condition_text"]:
        why = f"申请人情形为“{material['condition_text']}”时须提交"
    else:
        basis = "《" + n["basis"][0]["title"] + "》" if n["basis"] else "有关规定"
        why = f"依{basis}，本事项须提交"
    return "；".join(
        p for p in (why, material["requirements"] and f"要求：{material['requirements']}") if p
    )


def _accept(n: dict, guide: Guide, compiled: Compiled) -> list[dict]:
    follow = [f"电话：{n['phone']}"]
    if guide.handling.online_url:
        follow.append(f"网上：{guide.handling.online_url}")
    follow.append(f"办事指南：{compiled.info.base_url}guides/{guide.region_code}/{guide.code}/")
    return [
        _lines(
            "",
            [
                f"您于 {n['date']} 提交的“{n['name']}”申请，"
                "材料齐全、符合法定形式，本机关决定予以受理。"
            ],
        ),
        _fields(
            "受理信息",
            [
                ("受理机关", n["agency"]["name"]),
                ("受理窗口", n["window"] or n["agency"]["name"]),
                ("受理日期", n["date"]),
                ("承诺办结日期", n["due_date"]),
                ("办理时限", _limits(n)),
                ("办理路径", _route(guide) if len(guide.route) > 1 else ""),
            ],
        ),
        _materials(n, "已收取的材料", n["materials"], with_deferral=False),
        _fields(
            "进度查询与结果送达",
            [
                ("进度查询", "；".join(follow)),
                ("结果送达", "、".join(guide.handling.delivery or ["窗口领取"])),
            ],
        ),
        _contacts(n),
        _signatures("经办人：", "申请人（签收）：", "（受理专用章）"),
    ]


def _defer(n: dict) -> list[dict]:
    deferred = [
        m
        for m in n["materials"]
        if m["deferrable_days"] and m["id"] not in set(n["submitted"] or ())
    ]
    if not deferred:
        raise NoticeError(f"{n['code']}: no material these answers require may be deferred (容缺)")
    rows = [
        [i, m["name"], m["form"], m["copies"], m["deferrable_until"]]
        for i, m in enumerate(deferred, 1)
    ]
    return [
        _lines(
            "",
            [
                f"您申请办理“{n['name']}”，主要材料齐全，下列次要材料尚缺。本机关依容缺受理制度先予受理，"
                "请按期补交："
            ],
        ),
        _table(
            "容缺材料及补交期限",
            ["序号", "材料名称", "形式", "份数", "补交期限"],
            rows,
            [m["index"] for m in deferred],
        ),
        _lines(
            "申请人承诺",
            [
                "本人承诺在上述期限内补交所缺材料，并对所提交材料的真实性负责。"
                "逾期未补交的，本次申请终止办理，由此产生的后果由本人承担。"
            ],
        ),
        _fields(
            "办理信息",
            [("受理日期", n["date"]), ("承诺办结日期", n["due_date"]), ("补交地点", _window(n))],
        ),
        _contacts(n),
        _signatures("申请人（签名）：", "经办人：", "（受理专用章）"),
    ]


def _refuse(n: dict, reason: str) -> list[dict]:
    return [
        _lines("", [f"您申请办理“{n['name']}”，经审查，本机关决定不予受理。"]),
        _fields("不予受理", [("理由", reason), ("依据", f"{LICENSING_LAW}第三十二条")]),
        _lines(
            "申请人的权利",
            [
                f"如对本决定不服，可以自收到本告知书之日起六十日内向{n['region_name']}人民政府或者上一级主管部门"
                "申请行政复议，也可以自收到本告知书之日起六个月内依法向人民法院提起行政诉讼。"
            ],
        ),
        _contacts(n),
        _signatures("经办人：", "申请人（签收）：", "（单位印章）"),
    ]


def _extend(n: dict, guide: Guide, compiled: Compiled, reason: str | None) -> list[dict]:
    limit = n["time_limit"]
    if not limit["extension"]:
        raise NoticeError(
            f"{n['code']} {n['name']} has no legal extension: its time limit cannot be extended"
        )
    calendar = compiled.work_calendar()
    accepted = datetime.date.fromisoformat(n["date"])
    legal_due = deadline(calendar, accepted, limit["legal"], limit["unit"])
    extended = deadline(calendar, accepted, limit["legal"] + limit["extension"], limit["unit"])
    return [
        _lines(
            "",
            [
                f"您于 {n['date']} 申请办理的“{n['name']}”，因{reason or '情况复杂'}，"
                "不能在法定期限内作出决定。"
                f"经本机关负责人批准，依照{LICENSING_LAW}第四十二条，办结期限延长 "
                f"{_days(limit['extension'], limit['unit'])}。"
            ],
        ),
        _fields(
            "办结期限",
            [
                ("受理日期", n["date"]),
                ("原承诺办结日期", n["due_date"]),
                ("法定办结期限", legal_due),
                ("延长后的办结日期", extended),
            ],
        ),
        _contacts(n),
        _signatures("经办人：", "申请人（签收）：", "（单位印章）"),
    ]


def _proxy(n: dict, guide: Guide) -> list[dict]:
    if guide.mode != "代办":
        raise NoticeError(
            f"{n['code']} is not proxied (代办) at region {n['region']}: it is {guide.mode} there"
        )
    route = [
        [i, s.region_name, s.agency_name, s.mode, _days(s.promised, "工作日")]
        for i, s in enumerate(guide.route, 1)
    ]
    return [
        _lines(
            "",
            [
                f"委托人（申请人）________ 委托{n['agency']['name']}代办员 ________ 代为向"
                f"{n['forward_to']['name'] if n['forward_to'] else '受理窗口'}"
                f"提交“{n['name']}”的申请材料，"
                "并代为领取办理结果。代办服务不收取任何费用。"
            ],
        ),
        _materials(n, "代办提交资料清单", n["materials"], with_deferral=False),
        *_waived(n),
        *_conditional(n),
        _table("办理路径", ["序号", "地方", "窗口", "方式", "承诺时限"], route),
        _fields(
            "办理时限",
            [
                (
                    "承诺办结",
                    f"{_days(guide.promised, n['time_limit']['unit'])}（自上级窗口受理之日起，"
                    "含转报时间）",
                )
            ],
        ),
        _contacts(n),
        _signatures("委托人（签名）：", "代办员（签名）："),
    ]


def paper(
    compiled: Compiled,
    code: str,
    region: str,
    kind: str,
    answers: dict,
    submitted: list[str] | None,
    date: str | None,
    reason: str | None = None,
    number: str | None = None,
    correction_days: int = CORRECTION_DAYS,
) -> Notice:
    """One paper of ``kind`` (a key of ``PAPERS``) for a handling item or a 一件事 at a region."""
    if kind in NEEDS_DATE and date is None:
        raise NoticeError(f"--kind {kind} needs --date: the day the application was accepted")
    if kind == "correct" and submitted is None:
        raise NoticeError("--kind correct needs --submitted: the materials the applicant brought")
    if kind == "refuse" and not reason:
        raise NoticeError("--kind refuse needs --reason: why the application is not accepted")
    guide = window_of(compiled, code, region)
    n = compose(compiled, code, region, answers, submitted, date).data
    sections = {
        "inform": lambda: _inform(n, guide),
        "correct": lambda: _correct(n, guide, compiled, correction_days),
        "accept": lambda: _accept(n, guide, compiled),
        "defer": lambda: _defer(n),
        "refuse": lambda: _refuse(n, reason),
        "extend": lambda: _extend(n, guide, compiled, reason),
        "proxy": lambda: _proxy(n, guide),
    }[kind]()
    n.update(
        paper=kind,
        kind=PAPERS[kind],
        number=number,
        reason=reason,
        sections=sections,
        route=plain(guide.route),
    )
    return Notice(n)


def paper_for(
    compiled: Compiled,
    code: str,
    region: str,
    kind: str | None,
    answer_texts,
    submitted: list[str] | None,
    date: str | None,
    reason: str | None = None,
    number: str | None = None,
    correction_days: int = CORRECTION_DAYS,
) -> Notice:
    """A paper from command-line answers; without a kind, the 补正告知书 when something was
    submitted, else the 一次性告知单."""
    guide = window_of(compiled, code, region)
    answers = dict(parse_answer(guide.handling, a) for a in answer_texts)
    kind = kind or ("correct" if submitted is not None else "inform")
    return paper(
        compiled, code, region, kind, answers, submitted, date, reason, number, correction_days
    )
