"""Resolve: the validated catalog turned, once, into everything the outputs publish.

``resolve(catalog, as_of) → Compiled``. A handling item in force is resolved with its item's
shared fields and the material library; each implementation entry becomes a ``Guide``: that
handling item at that region, with the agency, the window, whoever it forwards to and the
promise along the route; bundles get their graph, timing and merged materials over what is in
force, and a 一件事 bundle a guide of its own at its lead's window; each region gets the
placards of its high-frequency items. Emitters see ``Compiled`` and nothing else (it holds no
catalog), so the guide, the notice, the JSON, the bundle page and the placard are views of the
same data and cannot disagree.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from banshi.model import LEVEL_NAMES, LEVELS, Catalog, Entry
from banshi.resolve.handling import FormFile, published_forms, resolve_handling
from banshi.route import promise, route
from banshi.workdays import WorkCalendar

MODE_NOTES = {
    "办理": "本级受理并作出决定",
    "受理转报": "本级受理，转报上级部门作出决定",
    "下放": "上级下放至本级，本级受理并作出决定",
    "代办": "村（社区）代办员代为提交，由上级窗口受理办理",
    "一件事": "一窗受理、并联办理、统一出件",
}
STATUS_NAMES = {"cancelled": "已取消", "merged": "已合并", "suspended": "暂停实施"}
DEPARTMENT_KEYS = (
    "id",
    "name",
    "region",
    "sector",
    "phone",
    "complaint_phone",
    "address",
    "hours",
    "credit_code",
)


def in_force(item: dict, as_of: str) -> bool:
    """Active, and effective on that day (ISO dates compare as strings)."""
    return (
        item["status"] == "active"
        and item["effective"] <= as_of
        and (not item.get("expires") or as_of < item["expires"])
    )


# 权力来源 a mode implies when the entry states none; forwarding modes decide nothing here.
POWER_SOURCE_OF_MODE = {"办理": "法定本级行使", "下放": "上级下放"}


@dataclass(frozen=True)
class Guide:
    """One handling item as one region implements it: the unit of a 办事指南 page, a notice and
    a placard. A 一件事 bundle is a guide too, at its lead's window (``mode`` 一件事)."""

    handling: dict
    region: dict
    region_path: tuple  # names from the top region down to this one
    mode: str
    agency: dict
    forward_to: dict | None
    window: str | None
    on_site: bool
    promised: int
    delegation_basis: str | None
    address: str
    hours: str
    phone: str
    # What this region asks for: the handling item's materials less those it waives (免提交).
    # Every guide, notice, JSON and placard of the region takes its list from here.
    materials: list
    waived: list = field(default_factory=list)  # [{id, name}] not asked here
    waive_basis: str | None = None
    in_hall: bool = True  # 进驻大厅
    not_in_hall_reason: str | None = None
    service_modes: tuple = ()  # 预约办理, 延时办理, …
    power_source: str | None = None  # 权力来源, stated or implied by the mode
    joint_agencies: tuple = ()  # 联办机构: departments
    # the windows the file passes through, this one first: region, agency, mode, promise
    route: tuple[dict, ...] = ()
    map_url: str | None = None  # the address on a map (https), when the catalog gives one

    @property
    def code(self) -> str:
        return self.handling["code"]

    @property
    def region_code(self) -> str:
        return self.region["code"]

    @property
    def mode_note(self) -> str:
        return MODE_NOTES[self.mode]

    @property
    def where(self) -> str:
        """Where and how an applicant gets it done here, in plain words (no 办理/下放/代办
        jargon)."""
        window = f"{self.agency['name']}{' ' + self.window if self.window else ''}"
        onward = self.forward_to["name"] if self.forward_to else ""
        how = {
            "办理": f"到{window}办理",
            "下放": f"到{window}办理，不用再去上级",
            "受理转报": f"到{window}提交，由该窗口转{onward}审批，结果在此领取",
            "代办": f"找{window}的代办员，由代办员把材料送到{onward}",
            "一件事": f"到{window}一次提交",
        }[self.mode]
        days = self.promised
        unit = self.handling["time_limit"]["unit"]
        # a file that goes on to another window is not done 当场 here
        done = "当场办结" if self.forward_to is None else "承诺即时办结"
        return f"{how}；{done if days == 0 else f'承诺 {days} 个{unit}办结'}"


def guide_region(region: dict) -> dict:
    """What a guide says of its region (its path is the guide's ``region_path``)."""
    return {k: region[k] for k in ("code", "name", "level", "level_name", "parent")}


@dataclass
class Compiled:
    """Everything ``build`` publishes, resolved for one as-of date."""

    info: dict  # catalog.yaml: name, version, released, publisher, base_url
    as_of: str
    calendar: tuple[tuple[str, ...], tuple[str, ...]]  # calendar.yaml's holidays, workdays
    regions: dict[str, dict]  # code → region with its path, ancestors and children
    departments: dict[str, dict]
    handling: dict[str, dict] = field(default_factory=dict)  # code → resolved handling item
    guides: list[Guide] = field(default_factory=list)
    bundles: dict[str, dict] = field(default_factory=dict)  # id → graph, timing, materials
    bundle_guides: dict[str, Guide] = field(default_factory=dict)  # 一件事 id → its window
    placards: dict[str, list[Guide]] = field(default_factory=dict)  # region → 高频事项
    forms: dict[str, dict] = field(default_factory=dict)  # material id → {blank, sample} paths
    form_files: list[FormFile] = field(default_factory=list)
    retired: list[dict] = field(default_factory=list)  # cancelled, merged, suspended items
    proofs: list[dict] = field(default_factory=list)  # 证明事项清单
    known_codes: frozenset[str] = frozenset()  # every handling code, in force or not
    sources: dict[str, str] = field(default_factory=dict)  # source file → sha256
    changes: dict | None = None  # the 变更公告 against a previous release, when asked for
    _by_code: dict[str, list[Guide]] = field(default_factory=dict, repr=False)

    def guides_of(self, code: str) -> list[Guide]:
        return self._by_code.get(code, [])

    def guide(self, code: str, region: str) -> Guide | None:
        return next((g for g in self.guides_of(code) if g.region_code == region), None)

    def work_calendar(self) -> WorkCalendar:
        """A fresh calendar: each paper collects the warnings of the years it counted in."""
        return WorkCalendar(*self.calendar)


def _regions(catalog: Catalog) -> dict[str, dict]:
    children: dict[str, list[str]] = {}
    for code, region in catalog.regions.items():
        children.setdefault(region.get("parent"), []).append(code)
    regions = {}
    for code in sorted(catalog.regions):
        data, ancestors = catalog.regions[code].data, catalog.ancestors(code)
        regions[code] = {
            "code": code,
            "name": data["name"],
            "level": data["level"],
            "level_name": LEVEL_NAMES[data["level"]],
            "parent": data.get("parent"),
            "ancestors": ancestors,
            "children": sorted(children.get(code, [])),
            "path": tuple(catalog.regions[c]["name"] for c in reversed([code, *ancestors])),
        }
    return regions


def _department(entry: Entry) -> dict:
    return {k: entry.data.get(k) for k in DEPARTMENT_KEYS}


def _route(catalog: Catalog, compiled: Compiled, entry, handling) -> tuple[dict, ...]:
    return tuple(
        {
            "region": step.region,
            "region_name": compiled.regions[step.region]["name"],
            "agency": step["agency"],
            "agency_name": compiled.departments[step["agency"]]["name"],
            "mode": step["mode"],
            "promised": promise(catalog, step, handling),
        }
        for step in route(catalog, entry, handling["code"])
    )


def _guide(catalog: Catalog, compiled: Compiled, resolved: dict, entry) -> Guide:
    agency = catalog.departments[entry["agency"]]
    forward = catalog.departments.get(entry.get("forward_to"))
    region = compiled.regions[entry.region]
    waived = set(entry.get("waive", ()))
    steps = _route(catalog, compiled, entry, catalog.handling[resolved["code"]])
    return Guide(
        handling=resolved,
        region=guide_region(region),
        region_path=region["path"],
        mode=entry["mode"],
        agency=compiled.departments[agency["id"]],
        forward_to=compiled.departments[forward["id"]] if forward else None,
        window=entry.get("window"),
        on_site=entry.get("on_site", False),
        promised=steps[0]["promised"],
        delegation_basis=entry.get("delegation_basis"),
        address=entry.get("address", agency["address"]),
        hours=entry.get("hours", agency["hours"]),
        phone=entry.get("phone", agency["phone"]),
        materials=[m for m in resolved["materials"] if m["id"] not in waived],
        waived=[
            {"id": m["id"], "name": m["name"]} for m in resolved["materials"] if m["id"] in waived
        ],
        waive_basis=entry.get("waive_basis"),
        in_hall=entry.get("in_hall", True),
        not_in_hall_reason=entry.get("not_in_hall_reason"),
        service_modes=tuple(entry.get("service_modes", ())),
        power_source=entry.get("power_source", POWER_SOURCE_OF_MODE.get(entry["mode"])),
        joint_agencies=tuple(compiled.departments[d] for d in entry.get("joint_agencies", ())),
        route=steps,
        map_url=_map_url(entry, agency),
    )


def _map_url(entry, agency) -> str | None:
    """The entry's own map link; the agency's only where the entry keeps the agency's address
    (a map of the department's address would mislead beside another address)."""
    if "map_url" in entry.data or "address" in entry.data:
        return entry.data.get("map_url")
    return agency.get("map_url")


def _sources(root: Path) -> dict[str, str]:
    files = sorted(
        p
        for folder in ("catalog", "rules")
        for p in (root / folder).rglob("*")
        if p.is_file()
        and not p.is_symlink()
        and not any(part.startswith(".") for part in p.relative_to(root).parts)
    )
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in files
    }


def _placards(catalog: Catalog, compiled: Compiled) -> dict[str, list[Guide]]:
    """Each region's high-frequency items as that region implements them."""
    frequent = [c for c in catalog.setting("high_frequency", []) if c in compiled.handling]
    placards: dict[str, list[Guide]] = {}
    for code in frequent:
        for guide in compiled.guides_of(code):
            placards.setdefault(guide.region_code, []).append(guide)
    return dict(sorted(placards.items()))


def shard_regions(regions: dict[str, dict], region: str, down_to: str | None = None) -> set[str]:
    """The regions of the shard ``region``: it and every region below it, down to the level
    ``down_to`` (a province's top levels make one shard, each county another)."""
    deepest = LEVELS.index(down_to) if down_to else len(LEVELS)
    return {
        code
        for code, r in regions.items()
        if (code == region or region in r["ancestors"]) and LEVELS.index(r["level"]) <= deepest
    }


def _keep_shard(compiled: Compiled, regions: set[str]) -> None:
    """Keep what the shard's regions publish (their guides are all that was made): the
    handling items those guides publish, the bundles whose 一件事 window (the lead's region) is
    among them, their placards. Bundles were resolved over every handling item in force first,
    so each is the same in every build."""
    compiled.handling = {c: h for c, h in compiled.handling.items() if c in compiled._by_code}
    lead_region = {
        b: compiled.departments[data["lead"]]["region"] for b, data in compiled.bundles.items()
    }
    compiled.bundles = {b: d for b, d in compiled.bundles.items() if lead_region[b] in regions}
    compiled.bundle_guides = {
        b: g for b, g in compiled.bundle_guides.items() if b in compiled.bundles
    }
    compiled.placards = {r: p for r, p in compiled.placards.items() if r in regions}


def resolve(
    catalog: Catalog,
    as_of: str | None = None,
    region: str | None = None,
    down_to: str | None = None,
) -> Compiled:
    """What is in force on ``as_of`` (default: the catalog's release date), resolved; with
    ``region``, only what the shard of that region publishes (``shard_regions``)."""
    from banshi.resolve.bundles import resolve_bundles

    calendar = catalog.calendar.data if catalog.calendar else {}
    compiled = Compiled(
        info=dict(catalog.info.data),
        as_of=as_of or catalog.info["released"],
        calendar=(tuple(calendar.get("holidays", ())), tuple(calendar.get("workdays", ()))),
        regions=_regions(catalog),
        departments={d: _department(e) for d, e in sorted(catalog.departments.items())},
        known_codes=frozenset(catalog.handling),
    )
    compiled.forms, compiled.form_files = published_forms(catalog)
    for code in sorted(catalog.handling):
        handling = catalog.handling[code]
        if in_force(handling.item.data, compiled.as_of):
            compiled.handling[code] = resolve_handling(catalog, handling, compiled.forms)
    # A shard makes only its own regions' guides: its memory stays that of its regions as the
    # province grows (bundles and routes are resolved from the catalog, not from guides).
    regions = shard_regions(compiled.regions, region, down_to) if region is not None else None
    for entry in catalog.implementations:
        if regions is not None and entry.region not in regions:
            continue
        for handling in catalog.handling_of(entry["item"]):
            if handling["code"] in compiled.handling:
                compiled.guides.append(
                    _guide(catalog, compiled, compiled.handling[handling["code"]], entry)
                )
    compiled.guides.sort(key=lambda g: (g.code, g.region_code))
    for guide in compiled.guides:
        compiled._by_code.setdefault(guide.code, []).append(guide)
    compiled.bundles, compiled.bundle_guides = resolve_bundles(catalog, compiled)
    compiled.placards = _placards(catalog, compiled)
    compiled.retired = [
        _retired(catalog, compiled, item)
        for _, item in sorted(catalog.items.items())
        if item["status"] != "active"
    ]
    if regions is not None:
        _keep_shard(compiled, regions)
    compiled.proofs = _proofs(catalog, compiled)
    compiled.sources = _sources(catalog.root)
    return compiled


def _proofs(catalog: Catalog, compiled: Compiled) -> list[dict]:
    """证明事项清单: every proof, who issues it, whether a commitment may replace it, and the
    handling items in force that ask for it."""
    proofs = []
    for material_id, material in sorted(catalog.materials.items()):
        if not material.get("proof"):
            continue
        proofs.append(
            {
                "id": material_id,
                "name": material["name"],
                "issuer": material["issuer"],
                "commitment": material.get("commitment", False),
                "commitment_form": compiled.forms[material_id]["commitment"],
                "asked_by": [
                    code
                    for code, h in compiled.handling.items()
                    if any(m["id"] == material_id for m in h["materials"])
                ],
            }
        )
    return proofs


def _retired(catalog: Catalog, compiled: Compiled, item: Entry) -> dict:
    """A cancelled, merged or suspended item: its decision and, if merged, where it went."""
    target = item.get("merged_into")
    successors = (
        [h["code"] for h in catalog.handling_of(target) if h["code"] in compiled.handling]
        if target
        else []
    )
    return {
        "code": item["code"],
        "name": item["name"],
        "status": item["status"],
        "status_name": STATUS_NAMES[item["status"]],
        "decision": item.get("decision"),
        "expires": item.get("expires"),
        "merged_into": target,
        "merged_into_name": catalog.item_of(target)["name"]
        if target and catalog.item_of(target)
        else None,
        "successors": [{"code": c, "name": compiled.handling[c]["name"]} for c in successors],
        "handling": [{"code": h["code"], "name": h["name"]} for h in item["handling"]],
    }
