"""Resolve: turn the validated catalog into what the outputs publish, once.

A handling item is resolved with its item's shared fields and the material library's names;
each implementation entry becomes a guide of that handling item at that region, with the
agency, the window and whoever it forwards to. Every emitter reads this and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from banshi.conditions import describe
from banshi.conditions import questions as questions_of
from banshi.model import LEVEL_NAMES, Catalog, Entry, Handling

MODE_NOTES = {
    "办理": "本级受理并作出决定",
    "受理转报": "本级受理，转报上级部门作出决定",
    "下放": "上级下放至本级，本级受理并作出决定",
    "代办": "村（社区）代办员代为提交，由上级窗口受理办理",
}


def in_force(item: dict, as_of: str) -> bool:
    """Active, and effective on that day (ISO dates compare as strings)."""
    return (
        item["status"] == "active"
        and item["effective"] <= as_of
        and (not item.get("expires") or as_of < item["expires"])
    )


def _material(catalog: Catalog, row: dict) -> dict:
    library = catalog.materials[row["material"]].data
    when = row.get("when")
    texts = {q: catalog.questions[q]["text"] for q in questions_of(when)}
    return {
        "id": row["material"],
        "name": library["name"],
        "category": library["category"],
        "source": library["source"],
        "issuer": library.get("issuer"),
        "e_license": library.get("e_license", False),
        "requirements": library.get("requirements"),
        "blank_form": library.get("blank_form"),
        "sample": library.get("sample"),
        "form": row["form"],
        "copies": row["copies"],
        "note": row.get("note"),
        "when": when,
        "condition_text": describe(when, texts) if when else None,
        "deferrable_days": row.get("deferrable_days"),
    }


def _rows(rows: list[dict], keys: tuple[str, ...]) -> list[dict]:
    """Rows with every optional key present (null when absent): stable for importers and templates."""
    return [{key: row.get(key) for key in keys} for row in rows]


def _question(catalog: Catalog, name: str) -> dict:
    data = catalog.questions[name].data
    return {
        "id": name,
        "text": data["text"],
        "type": data["type"],
        "options": data.get("options", [True, False]),
        "help": data.get("help"),
    }


def resolve_handling(catalog: Catalog, handling: Handling) -> dict:
    item, data = handling.item.data, handling.data
    materials = [_material(catalog, row) for row in data["materials"]]
    asked = list(dict.fromkeys(q for m in materials for q in questions_of(m["when"])))
    return {
        "code": data["code"],
        "name": data["name"],
        "item": item["code"],
        "item_name": item["name"],
        "type": item["type"],
        "sector": item["sector"],
        "kind": data["kind"],
        "status": item["status"],
        "effective": item["effective"],
        "expires": item.get("expires"),
        "service_objects": item["service_objects"],
        "basis": _rows(item["basis"], ("kind", "title", "article", "number")),
        "levels": item["levels"],
        "conditions": item.get("conditions", []) + data.get("conditions", []),
        "time_limit": {key: data["time_limit"].get(key) for key in ("unit", "legal", "promised", "extension", "note")},
        "steps": _rows(data["steps"], ("name", "days", "post")),
        "special_steps": _rows(data.get("special_steps", []), ("name", "days", "counted", "basis", "fee")),
        "materials": materials,
        "questions": [_question(catalog, q) for q in asked],
        "fees": _rows(data["fees"], ("name", "amount", "unit", "basis")),
        "results": [
            {"id": r["material"], "name": catalog.materials[r["material"]]["name"]}
            for r in data.get("results", [])
        ],
        "delivery": data.get("delivery", []),
        "visits": data["visits"],
        "online": data["online"],
        "proxy": data["proxy"],
        "first_review": data.get("first_review"),
        "faq": item.get("faq", []),
    }


def _department(entry: Entry | None) -> dict | None:
    if entry is None:
        return None
    keys = ("id", "name", "region", "sector", "phone", "complaint_phone", "address", "hours")
    return {k: entry.data[k] for k in keys}


@dataclass(frozen=True)
class Guide:
    """One handling item as one region implements it: the unit of a 办事指南 page."""

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

    @property
    def code(self) -> str:
        return self.handling["code"]

    @property
    def region_code(self) -> str:
        return self.region["code"]

    @property
    def mode_note(self) -> str:
        return MODE_NOTES[self.mode]


@dataclass
class Compiled:
    """Everything ``build`` publishes, resolved for one as-of date."""

    catalog: Catalog
    as_of: str
    handling: dict[str, dict] = field(default_factory=dict)  # code → resolved handling item
    guides: list[Guide] = field(default_factory=list)
    retired: list[dict] = field(default_factory=list)  # cancelled, merged, suspended items
    _by_code: dict[str, list[Guide]] = field(default_factory=dict, repr=False)

    @property
    def info(self) -> dict:
        return self.catalog.info.data

    def guides_of(self, code: str) -> list[Guide]:
        return self._by_code.get(code, [])

    def guide(self, code: str, region: str) -> Guide | None:
        return next((g for g in self.guides_of(code) if g.region_code == region), None)

    def region_name(self, code: str) -> str:
        return self.catalog.regions[code]["name"]


def _region(catalog: Catalog, code: str) -> tuple[dict, tuple]:
    data = catalog.regions[code].data
    path = tuple(catalog.regions[c]["name"] for c in reversed([code, *catalog.ancestors(code)]))
    region = {"code": code, "name": data["name"], "level": data["level"],
              "level_name": LEVEL_NAMES[data["level"]], "parent": data.get("parent")}
    return region, path


def _guide(catalog: Catalog, resolved: dict, entry) -> Guide:
    agency = catalog.departments[entry["agency"]]
    forward = catalog.departments.get(entry.get("forward_to"))
    region, path = _region(catalog, entry.region)
    return Guide(
        handling=resolved,
        region=region,
        region_path=path,
        mode=entry["mode"],
        agency=_department(agency),
        forward_to=_department(forward),
        window=entry.get("window"),
        on_site=entry.get("on_site", False),
        promised=entry.get("promised", resolved["time_limit"]["promised"]),
        delegation_basis=entry.get("delegation_basis"),
        address=entry.get("address", agency["address"]),
        hours=entry.get("hours", agency["hours"]),
        phone=entry.get("phone", agency["phone"]),
    )


def resolve(catalog: Catalog, as_of: str | None = None) -> Compiled:
    """What is in force on ``as_of`` (default: the catalog's release date), resolved."""
    compiled = Compiled(catalog, as_of or catalog.info["released"])
    for code in sorted(catalog.handling):
        handling = catalog.handling[code]
        if in_force(handling.item.data, compiled.as_of):
            compiled.handling[code] = resolve_handling(catalog, handling)
    for entry in catalog.implementations:
        for handling in catalog.handling_of(entry["item"]):
            if handling["code"] in compiled.handling:
                compiled.guides.append(_guide(catalog, compiled.handling[handling["code"]], entry))
    compiled.guides.sort(key=lambda g: (g.code, g.region_code))
    for guide in compiled.guides:
        compiled._by_code.setdefault(guide.code, []).append(guide)
    compiled.retired = [_retired(catalog, compiled, item) for code, item in sorted(catalog.items.items())
                        if item["status"] != "active"]
    return compiled


STATUS_NAMES = {"cancelled": "已取消", "merged": "已合并", "suspended": "暂停实施"}


def _retired(catalog: Catalog, compiled: Compiled, item: Entry) -> dict:
    """A cancelled, merged or suspended item: its decision and, if merged, where it went."""
    target = item.get("merged_into")
    successors = [h["code"] for h in catalog.handling_of(target) if h["code"] in compiled.handling] if target else []
    return {
        "code": item["code"],
        "name": item["name"],
        "status": item["status"],
        "status_name": STATUS_NAMES[item["status"]],
        "decision": item.get("decision"),
        "expires": item.get("expires"),
        "merged_into": target,
        "merged_into_name": catalog.item_of(target)["name"] if target and catalog.item_of(target) else None,
        "successors": [{"code": c, "name": compiled.handling[c]["name"]} for c in successors],
        "handling": [{"code": h["code"], "name": h["name"]} for h in item["handling"]],
    }
