"""The index pages of the site: home, and the ways to find a guide (by region, department and
type), the placards of each hall, the retired items, the 证明事项清单 and the 变更公告. Each is
small: a page lists its own region's items and links to its children, never the whole catalog.
Guides, notices, item and bundle pages are made by their own modules.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from markupsafe import Markup

from banshi.emit import changes, qr
from banshi.emit.guides import page_title
from banshi.emit.listing import listing
from banshi.emit.urls import guide_doc, href
from banshi.resolve.compiled import Compiled, Department

TYPE_SLUGS = {
    "行政许可": "licensing",
    "行政征收": "levy",
    "行政给付": "benefit",
    "行政确认": "confirmation",
    "行政奖励": "reward",
    "行政裁决": "adjudication",
    "其他行政权力": "other-power",
    "公共服务": "public-service",
    "行政备案": "filing",
    "中介服务": "intermediary-service",
    "便民服务": "convenience-service",
}


def _link(label, href, note=""):
    return {"label": label, "href": href, "note": note}


def _region_pages(compiled: Compiled, env):
    regions = compiled.regions
    by_region = defaultdict(list)
    for guide in compiled.guides:
        by_region[guide.region_code].append(guide)
    tops = [c for c, r in regions.items() if r.parent not in regions]
    yield listing(
        env,
        "regions/index.md",
        "按区划查找",
        [
            {
                "heading": regions[top].name,
                "links": [_link(regions[c].name, f"{c}.md") for c in [top, *regions[top].children]],
            }
            for top in tops
        ],
    )
    for code, region in regions.items():
        up = [_link(regions[a].name, f"{a}.md") for a in reversed(region.ancestors)]
        down = [_link(regions[c].name, f"{c}.md") for c in region.children]
        sections = [*_by_agency(by_region[code], code), {"heading": "下级区划", "links": down}]
        if up:
            sections.insert(0, {"heading": "上级区划", "links": up})
        yield listing(env, f"regions/{code}.md", region.name, sections)


def _by_agency(guides, code: str) -> list[dict]:
    """本级可办事项 of a region, a section per department (in the catalog's order)."""
    sections: dict[str, dict] = {}
    for g in guides:
        section = sections.setdefault(g.agency.id, {"heading": g.agency.name, "links": []})
        section["links"].append(_link(g.handling.name, f"../guides/{code}/{g.code}.md", g.mode))
    return list(sections.values()) or [{"heading": "本级可办事项", "links": []}]


def _department_pages(compiled: Compiled, env):
    by_agency = defaultdict(list)
    for guide in compiled.guides:
        by_agency[guide.agency.id].append(guide)
    by_region = defaultdict(list)
    for dept_id, dept in compiled.departments.items():
        by_region[dept.region].append(_link(dept.name, f"{dept_id}.md"))
    yield listing(
        env,
        "departments/index.md",
        "按部门查找",
        [
            {"heading": compiled.regions[r].name if r in compiled.regions else r, "links": links}
            for r, links in sorted(by_region.items())
        ],
    )
    for dept_id, dept in compiled.departments.items():
        links = [
            _link(g.handling.name, f"../guides/{g.region_code}/{g.code}.md", g.mode)
            for g in by_agency[dept_id]
        ]
        yield listing(
            env,
            f"departments/{dept_id}.md",
            dept.name,
            [{"heading": "可办事项", "links": links}],
            facts=_department_facts(dept),
        )


def _department_facts(dept: Department) -> list[dict]:
    """Where a department is, when, and its phones (each a link that dials it)."""
    return [
        {"label": "地址", "text": dept.address},
        {"label": "办公时间", "text": dept.hours},
        {"label": "咨询电话", "phone": dept.phone},
        {"label": "投诉电话", "phone": dept.complaint_phone},
    ]


def _type_pages(compiled: Compiled, env):
    by_type = defaultdict(list)
    for code, h in compiled.handling.items():
        by_type[h.type].append(_link(h.name, f"../items/{code}.md", h.kind))
    present = [t for t in TYPE_SLUGS if by_type[t]]
    yield listing(
        env,
        "types/index.md",
        "按类型查找",
        [
            {
                "heading": "",
                "links": [
                    _link(t, f"{TYPE_SLUGS[t]}.md", f"{len(by_type[t])} 项") for t in present
                ],
            }
        ],
    )
    for kind in present:
        yield listing(
            env, f"types/{TYPE_SLUGS[kind]}.md", kind, [{"heading": "", "links": by_type[kind]}]
        )


def _home(compiled: Compiled, env):
    info = compiled.info
    lead = (
        f"{info.publisher}发布，版本 {info.version}，发布日期 {info.released}；"
        f"本站内容为 {compiled.as_of} 有效的事项，共 {len(compiled.handling)} 个业务办理项。"
    )
    centres = [
        {
            "name": " › ".join(compiled.regions[r].path),
            "links": [
                _link(g.handling.name, f"guides/{r}/{g.code}.md", g.agency.name) for g in frequent
            ],
        }
        for r, frequent in compiled.placards.items()
        if frequent
    ]
    ways = [
        _link("按区划查找", "regions/index.md", "省、市、县、乡镇、村可办的事项"),
        _link("按部门查找", "departments/index.md"),
        _link("按类型查找", "types/index.md", "行政许可、公共服务等"),
        _link("并联审批与一件事", "bundles/index.md"),
        _link("高频事项二维码", "placards/index.md", "各服务大厅打印张贴"),
        _link("已取消/已合并事项", "retired/index.md"),
        _link("证明事项清单", "proofs.md", "每项证明的出具单位、可否告知承诺和要求它的事项"),
        *(
            [_link("变更公告", "changes.md", "本次发布的变化和五减成效")]
            if compiled.changes
            else []
        ),
    ]
    yield (
        "index.md",
        env.get_template("home.md.j2").render(
            page_title=page_title(info.name),
            heading=info.name,
            lead=lead,
            centres=centres,
            events=_life_events(compiled),
            ways=ways,
            proofs=compiled.proofs,
        ),
    )
    yield _search_page(compiled, env)


def complaint_phone(compiled: Compiled) -> str:
    """The 监督投诉电话 most departments give (the smallest of equals, so the choice does not
    depend on order); 12345, the national 政务服务便民热线, when no department gives one."""
    phones = Counter(d.complaint_phone for d in compiled.departments.values())
    return min(phones, key=lambda p: (-phones[p], p)) if phones else "12345"


def _life_events(compiled: Compiled) -> list[dict]:
    """The 一件事 bundles, each a link to its page."""
    return [
        _link(b["name"], f"bundles/{b['id']}.md")
        for b in compiled.bundles.values()
        if b["kind"] == "一件事"
    ]


def _search_page(compiled: Compiled, env) -> tuple[str, str]:
    """The search page, with the ways to look that it offers when nothing is found: by
    region, by department, by life event (一件事), and the phone to ask."""
    ways = [
        _link("按区划查找", "regions/index.md", "您所在的县（区）、乡镇（街道）可办的事项"),
        _link("按部门查找", "departments/index.md"),
        _link("按类型查找", "types/index.md"),
        _link("并联审批与一件事", "bundles/index.md"),
    ]
    page = "search.md"
    return page, env.get_template("search.md.j2").render(
        page_title=page_title("搜索"),
        ways=[{**w, "href": href(page, w["href"])} for w in ways],
        events=[{**e, "href": href(page, e["href"])} for e in _life_events(compiled)],
        phone=complaint_phone(compiled),
    )


def _proofs_page(compiled: Compiled, env):
    """证明事项清单: the same list as json/proofs.json, each proof with the items that ask it."""
    sections = []
    for proof in compiled.proofs:
        choice = "可签署告知承诺书代替" if proof.commitment else "须提交证明"
        links = [_link(compiled.handling[c].name, f"items/{c}.md", c) for c in proof.asked_by]
        if proof.commitment_form:
            links.append(_link("下载告知承诺书", proof.commitment_form))
        heading = f"{proof.name}（{proof.issuer}出具；{choice}）"
        sections.append({"heading": heading, "links": links})
    yield listing(
        env,
        "proofs.md",
        "证明事项清单",
        sections,
        "本目录要求申请人提交的全部证明：出具单位、是否实行告知承诺制，以及要求提交它的业务办理项。",
    )


def _placards(compiled: Compiled, env):
    """高频事项二维码 per region: each opens that region's guide and shows that region's promise."""
    regions = compiled.regions
    yield listing(
        env,
        "placards/index.md",
        "高频事项二维码",
        [
            {
                "heading": "",
                "links": [
                    _link(" › ".join(regions[r].path), f"{r}.md", f"{len(frequent)} 项")
                    for r, frequent in compiled.placards.items()
                ],
            }
        ],
        "按服务大厅打印张贴：扫码打开本地的办事指南。",
    )
    template = env.get_template("placards.md.j2")
    for region, frequent in compiled.placards.items():
        images = qr.svgs([qr.url(compiled, guide_doc(g.code, g.region_code)) for g in frequent])
        placards = [{"g": g, "qr": Markup(image)} for g, image in zip(frequent, images)]
        yield (
            f"placards/{region}.md",
            template.render(
                placards=placards,
                region=regions[region],
                page_title=page_title(f"高频事项二维码：{regions[region].name}"),
            ),
        )


# Files of site/ copied as they are into the generated MkDocs project.
def _retired_pages(compiled: Compiled, env):
    """已取消/已合并事项: one page per retired item, with its decision, and nothing else."""
    links = [_link(r.name, f"{r.code}.md", r.status_name) for r in compiled.retired]
    yield listing(
        env,
        "retired/index.md",
        "已取消/已合并事项",
        [{"heading": "", "links": links}],
        "以下事项已按决定取消、合并或暂停实施，窗口不再受理。",
    )
    template = env.get_template("retired.md.j2")
    for item in compiled.retired:
        yield (
            f"retired/{item.code}.md",
            template.render(r=item, page_title=page_title(f"{item.status_name}：{item.name}")),
        )


def _changes(compiled: Compiled, env):
    if compiled.changes is not None:
        yield "changes.md", changes.markdown(compiled.changes, env)


def pages(compiled: Compiled, env):
    """(docs path, page) of every index page."""
    for producer in (
        _changes,
        _home,
        _region_pages,
        _department_pages,
        _type_pages,
        _placards,
        _retired_pages,
        _proofs_page,
    ):
        yield from producer(compiled, env)
