"""Bundles resolved over what is in force: the graph and its timing (the graph json of the
spec), and for a 一件事 bundle its merged materials and its single window, a ``Guide`` that
the notice builder treats like any other."""

from __future__ import annotations

from banshi import parallel
from banshi.conditions import describe
from banshi.model import Catalog, Entry
from banshi.resolve.compiled import (
    Guide,
    HandlingItem,
    ItemRef,
    MergedMaterial,
    OneThing,
    RouteStep,
    TimeLimit,
    plain,
)

# From the strictest form a material can be asked in to the least strict.
FORM_ORDER = ("原件及复印件", "原件", "复印件", "电子件")
MERGED_KEYS = ("id", "name", "form", "copies", "when", "items")


def _either(first, second):
    """Asked when either item asks it; no condition on one side means always."""
    if first is None or second is None:
        return None
    return {"any": [first, second]}


def merged_materials(handlings: list[HandlingItem]) -> list[MergedMaterial]:
    """一件事: each material once, in the strictest form and the most copies any item asks, with
    its condition; none that an item of the bundle produces (内部流转: one result goes on to the
    next item)."""
    produced = {r.id for h in handlings for r in h.results}
    merged: dict[str, dict] = {}
    for handling in handlings:
        for row in handling.materials:
            if row.id in produced:
                continue
            entry = merged.get(row.id)
            if entry is None:
                merged[row.id] = {
                    **plain(row),
                    "note": None,
                    "deferrable_days": None,
                    "items": [handling.code],
                }
                continue
            if FORM_ORDER.index(row.form) < FORM_ORDER.index(entry["form"]):
                entry["form"] = row.form
            entry["copies"] = max(entry["copies"], row.copies)
            if entry["when"] != row.when:
                entry["when"] = _either(entry["when"], row.when)
            if handling.code not in entry["items"]:
                entry["items"].append(handling.code)
    texts = {q.id: q.text for h in handlings for q in h.questions}
    return [
        MergedMaterial(
            **{
                **entry,
                "items": tuple(entry["items"]),
                "condition_text": describe(entry["when"], texts) if entry["when"] else None,
            }
        )
        for entry in merged.values()
    ]


def _graph_json(compiled, bundle: Entry, g, timing: dict) -> dict:
    return {
        "id": bundle["id"],
        "name": bundle["name"],
        "kind": bundle["kind"],
        "lead": bundle["lead"],
        "lead_name": compiled.departments[bundle["lead"]].name,
        "limit": bundle.get("limit"),
        "nodes": [
            {
                "code": n,
                "name": g.nodes[n]["name"],
                "days": g.nodes[n]["days"],
                "stage": g.nodes[n]["stage"],
            }
            for n in sorted(g)
        ],
        "edges": [
            {"from": u, "to": v, "kind": d["kind"], "basis": d["basis"]}
            for u, v, d in sorted(g.edges(data=True), key=lambda e: (e[0], e[1]))
        ],
        **timing,
    }


def _window(
    compiled,
    bundle: Entry,
    handlings: list[HandlingItem],
    materials: list[MergedMaterial],
    promised: int,
    legal: int,
) -> Guide:
    """The 一件事 as one application at its lead department's window (一窗受理)."""
    lead = compiled.departments[bundle["lead"]]
    region = compiled.regions[lead.region]
    questions = {q.id: q for h in handlings for q in h.questions}
    application = OneThing(
        code=bundle["id"],
        name=bundle["name"],
        items=tuple(ItemRef(h.code, h.name) for h in handlings),
        time_limit=TimeLimit(
            unit="工作日",
            legal=legal,
            promised=promised,
            extension=None,
            note="各事项并联办理，按关键路径计算的合计时限",
        ),
        materials=tuple(materials),
        questions=tuple(questions.values()),
        special_steps=tuple(s for h in handlings for s in h.special_steps),
        fees=tuple(f for h in handlings for f in h.fees),
        basis=tuple(b for h in handlings for b in h.basis),
        conditions=tuple(dict.fromkeys(c for h in handlings for c in h.conditions)),
        visits=max((h.visits for h in handlings), default=0),
    )
    return Guide(
        handling=application,
        region=region,
        mode="一件事",
        agency=lead,
        forward_to=None,
        window=None,
        on_site=False,
        promised=promised,
        delegation_basis=None,
        address=lead.address,
        hours=lead.hours,
        phone=lead.phone,
        map_url=lead.map_url,
        materials=tuple(materials),
        route=(RouteStep(region.code, region.name, lead.id, lead.name, "一件事", promised),),
        decider=lead,
    )


def resolve_bundles(catalog: Catalog, compiled) -> tuple[dict[str, dict], dict]:
    """id → graph json of every bundle, and id → window of every 一件事 bundle."""
    bundles, windows = {}, {}
    for bundle_id in sorted(catalog.bundles):
        bundle = catalog.bundles[bundle_id]
        g = parallel.graph(catalog, bundle, in_force=compiled.handling)
        timing = parallel.timing(catalog, bundle, g)
        data = _graph_json(compiled, bundle, g, timing)
        if bundle["kind"] == "一件事":
            handlings = [compiled.handling[c] for c in sorted(g)]
            materials = merged_materials(handlings)
            data["materials"] = [{k: plain(getattr(m, k)) for k in MERGED_KEYS} for m in materials]
            windows[bundle_id] = _window(
                compiled,
                bundle,
                handlings,
                materials,
                timing["parallel_days"],
                parallel.legal_days(catalog, bundle, g),
            )
        bundles[bundle_id] = data
    return bundles, windows
