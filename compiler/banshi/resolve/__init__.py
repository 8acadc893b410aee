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

from dataclasses import replace

from banshi.model import LEVEL_NAMES, LEVELS, Catalog, Entry
from banshi.resolve.compiled import (
    CatalogInfo,
    Compiled,
    Department,
    Guide,
    HandlingItem,
    ItemRef,
    Proof,
    Region,
    Retired,
    RouteStep,
    Step,
    Waived,
)
from banshi.resolve.handling import published_forms, resolve_handling
from banshi.resolve.review import reviewed_by
from banshi.route import promise, route

STATUS_NAMES = {"cancelled": "已取消", "merged": "已合并", "suspended": "暂停实施"}
INFO_KEYS = ("name", "version", "released", "publisher", "base_url", "description", "synonyms")


def in_force(item: dict, as_of: str) -> bool:
    """Active, and effective on that day (ISO dates compare as strings)."""
    return (
        item["status"] == "active"
        and item["effective"] <= as_of
        and (not item.get("expires") or as_of < item["expires"])
    )


# 权力来源 a mode implies when the entry states none; forwarding modes decide nothing here.
POWER_SOURCE_OF_MODE = {"办理": "法定本级行使", "下放": "上级下放"}


def _regions(catalog: Catalog) -> dict[str, Region]:
    children: dict[str, list[str]] = {}
    for code, region in catalog.regions.items():
        children.setdefault(region.get("parent"), []).append(code)
    regions = {}
    for code in sorted(catalog.regions):
        data, ancestors = catalog.regions[code].data, catalog.ancestors(code)
        regions[code] = Region(
            code=code,
            name=data["name"],
            level=data["level"],
            level_name=LEVEL_NAMES[data["level"]],
            parent=data.get("parent"),
            ancestors=tuple(ancestors),
            children=tuple(sorted(children.get(code, []))),
            path=tuple(catalog.regions[c]["name"] for c in reversed([code, *ancestors])),
        )
    return regions


def _department(entry: Entry) -> Department:
    data = entry.data
    return Department(
        id=data["id"],
        name=data["name"],
        region=data["region"],
        sector=data["sector"],
        phone=data["phone"],
        complaint_phone=data["complaint_phone"],
        address=data["address"],
        hours=data["hours"],
        credit_code=data.get("credit_code"),
        map_url=data.get("map_url"),
        vertical=data.get("vertical", False),
        review_body=data.get("review_body"),
    )


def _departments(catalog: Catalog, regions: dict[str, Region]) -> dict[str, Department]:
    """Every department, with the body that hears reviews of its acts."""
    departments = {d: _department(e) for d, e in sorted(catalog.departments.items())}
    return {
        d: replace(department, reviewed_by=reviewed_by(department, departments.values(), regions))
        for d, department in departments.items()
    }


def _route(catalog: Catalog, compiled: Compiled, entry, handling) -> tuple[RouteStep, ...]:
    return tuple(
        RouteStep(
            region=step.region,
            region_name=compiled.regions[step.region].name,
            agency=step.data["agency"],
            agency_name=compiled.departments[step.data["agency"]].name,
            mode=step.data["mode"],
            promised=promise(catalog, step, handling),
        )
        for step in route(catalog, entry, handling["code"])
    )


def _guide(catalog: Catalog, compiled: Compiled, resolved: HandlingItem, entry) -> Guide:
    departments = compiled.departments
    data = entry.data  # read directly: a province has a hundred thousand guides of 25 fields
    agency = departments[data["agency"]]
    waived = set(data.get("waive", ()))
    route = _route(catalog, compiled, entry, catalog.handling[resolved.code])
    return Guide(
        handling=resolved,
        region=compiled.regions[entry.region],
        mode=data["mode"],
        agency=agency,
        forward_to=departments.get(data.get("forward_to")),
        window=data.get("window"),
        on_site=data.get("on_site", False),
        promised=route[0].promised,
        delegation_basis=data.get("delegation_basis"),
        address=data.get("address", agency.address),
        hours=data.get("hours", agency.hours),
        phone=data.get("phone", agency.phone),
        materials=tuple(m for m in resolved.materials if m.id not in waived),
        waived=tuple(Waived(m.id, m.name) for m in resolved.materials if m.id in waived),
        waive_basis=data.get("waive_basis"),
        in_hall=data.get("in_hall", True),
        not_in_hall_reason=data.get("not_in_hall_reason"),
        service_modes=tuple(data.get("service_modes", ())),
        power_source=data.get("power_source", POWER_SOURCE_OF_MODE.get(data["mode"])),
        joint_agencies=tuple(departments[d] for d in data.get("joint_agencies", ())),
        route=route,
        steps=tuple(Step(**s) for s in data["steps"]) if data.get("steps") else resolved.steps,
        decider=departments[route[-1].agency],
        map_url=_map_url(entry, agency),
        implementation_code=data.get("implementation_code"),
    )


def _map_url(entry, agency: Department) -> str | None:
    """The entry's own map link; the agency's only where the entry keeps the agency's address
    (a map of the department's address would mislead beside another address)."""
    if "map_url" in entry.data or "address" in entry.data:
        return entry.data.get("map_url")
    return agency.map_url


def _placards(catalog: Catalog, compiled: Compiled) -> dict[str, list[Guide]]:
    """Each region's high-frequency items as that region implements them."""
    frequent = [c for c in catalog.setting("high_frequency", []) if c in compiled.handling]
    placards: dict[str, list[Guide]] = {}
    for code in frequent:
        for guide in compiled.guides_of(code):
            placards.setdefault(guide.region_code, []).append(guide)
    return dict(sorted(placards.items()))


def shard_regions(regions: dict[str, Region], region: str, down_to: str | None = None) -> set[str]:
    """The regions of the shard ``region``: it and every region below it, down to the level
    ``down_to`` (a province's top levels make one shard, each county another)."""
    deepest = LEVELS.index(down_to) if down_to else len(LEVELS)
    return {
        code
        for code, r in regions.items()
        if (code == region or region in r.ancestors) and LEVELS.index(r.level) <= deepest
    }


def _keep_shard(compiled: Compiled, regions: set[str]) -> None:
    """Keep what the shard's regions publish (their guides are all that was made): the
    handling items those guides publish, the bundles whose 一件事 window (the lead's region) is
    among them, their placards. Bundles were resolved over every handling item in force first,
    so each is the same in every build."""
    compiled.handling = {c: h for c, h in compiled.handling.items() if c in compiled._by_code}
    lead_region = {
        b: compiled.departments[data["lead"]].region for b, data in compiled.bundles.items()
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
        info=CatalogInfo(**{key: catalog.info.get(key) for key in INFO_KEYS}),
        as_of=as_of or catalog.info["released"],
        calendar=(tuple(calendar.get("holidays", ())), tuple(calendar.get("workdays", ()))),
        regions=_regions(catalog),
        departments={},
        known_codes=frozenset(catalog.handling),
        correction_days=catalog.setting("correction_days", None),
    )
    compiled.departments = _departments(catalog, compiled.regions)
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
    if regions is not None:
        _keep_shard(compiled, regions)
    compiled.retired = [  # after a shard is kept: a merged item links only the pages it makes
        _retired(catalog, compiled, item)
        for _, item in sorted(catalog.items.items())
        if item["status"] != "active"
    ]
    compiled.proofs = _proofs(catalog, compiled)
    compiled.sources = dict(catalog.sources)
    return compiled


def _proofs(catalog: Catalog, compiled: Compiled) -> list[Proof]:
    """证明事项清单: every proof, who issues it, whether a commitment may replace it, and the
    handling items in force that ask for it."""
    return [
        Proof(
            id=material_id,
            name=material["name"],
            issuer=material["issuer"],
            commitment=material.get("commitment", False),
            commitment_form=compiled.forms[material_id].commitment,
            asked_by=tuple(
                code
                for code, h in compiled.handling.items()
                if any(m.id == material_id for m in h.materials)
            ),
        )
        for material_id, material in sorted(catalog.materials.items())
        if material.get("proof")
    ]


def _retired(catalog: Catalog, compiled: Compiled, item: Entry) -> Retired:
    """A cancelled, merged or suspended item: its decision and, if merged, where it went."""
    target = item.get("merged_into")
    successors = (
        [h["code"] for h in catalog.handling_of(target) if h["code"] in compiled.handling]
        if target
        else []
    )
    merged_into = catalog.item_of(target) if target else None
    return Retired(
        code=item["code"],
        name=item["name"],
        status=item["status"],
        status_name=STATUS_NAMES[item["status"]],
        decision=item.get("decision"),
        expires=item.get("expires"),
        merged_into=target,
        merged_into_name=merged_into["name"] if merged_into else None,
        successors=tuple(ItemRef(c, compiled.handling[c].name) for c in successors),
        handling=tuple(ItemRef(h["code"], h["name"]) for h in item["handling"]),
    )
