"""What changed between two releases of a catalog, and the 五减 figures of the release.

Both catalogs are compared as published: the handling items in force on each one's as-of date.
A handling item of the old release is ``removed`` when the new catalog no longer has it,
``cancelled`` when it still has it but no longer in force (cancelled, merged, suspended or
expired), ``changed`` when what an applicant brings, waits for, pays or walks differs. The
implementation lists are compared entry by entry (region and handling code): added, removed,
another mode or another promise; entries that became 下放 or now decide below every region that
decided before are the release's 下放, counted by decision and level as the seeds report them.
"""

from __future__ import annotations

from banshi.model import DECIDING_MODES, LEVELS
from banshi.resolve.compiled import Compiled, Guide, HandlingItem

STREAMLINING_FORMULA = "精简率 = 减少的材料数 / 上一版本在用业务办理项的材料总数"


def _fees(handling: HandlingItem) -> float:
    return round(sum(fee.amount for fee in handling.fees), 2)


def _facts(handling: HandlingItem) -> dict:
    return {
        "materials": {m.id for m in handling.materials},
        "promised": handling.time_limit.promised,
        "unit": handling.time_limit.unit,
        "steps": len(handling.steps),
        "fees": _fees(handling),
        "visits": handling.visits,
        "kind": handling.kind,
    }


def _change(code: str, name: str, old: dict, new: dict) -> dict | None:
    before, after = _facts(old), _facts(new)
    if before == after:
        return None
    return {
        "code": code,
        "name": name,
        "materials_added": sorted(after["materials"] - before["materials"]),
        "materials_removed": sorted(before["materials"] - after["materials"]),
        "promised_before": before["promised"],
        "promised_after": after["promised"],
        "unit": after["unit"],
        "steps_before": before["steps"],
        "steps_after": after["steps"],
        "fees_before": before["fees"],
        "fees_after": after["fees"],
        "visits_before": before["visits"],
        "visits_after": after["visits"],
        "kind_before": before["kind"],
        "kind_after": after["kind"],
    }


def _immediate(compiled: Compiled) -> int:
    return sum(h.kind == "即办件" for h in compiled.handling.values())


def _summary(changed: list[dict], old: Compiled, new: Compiled, moved: list[dict]) -> dict:
    def total(key: str) -> int | float:
        return sum(c[f"{key}_before"] - c[f"{key}_after"] for c in changed)

    removed = sum(len(c["materials_removed"]) for c in changed)
    materials_before = sum(len(h.materials) for h in old.handling.values())
    return {
        "materials_removed": removed,
        "materials_before": materials_before,
        "streamlining_rate": round(removed / materials_before, 4) if materials_before else 0.0,
        "streamlining_formula": STREAMLINING_FORMULA,
        "delegated": len(moved),
        "materials_added": sum(len(c["materials_added"]) for c in changed),
        "days_saved": sum(
            c["promised_before"] - c["promised_after"] for c in changed if c["unit"] == "工作日"
        ),
        "steps_removed": total("steps"),
        "fees_saved": round(total("fees"), 2),
        "visits_saved": total("visits"),
        "immediate_before": _immediate(old),
        "immediate_after": _immediate(new),
    }


def _entries(compiled: Compiled) -> dict[tuple[str, str], Guide]:
    """(region, handling code) → the guide of that implementation entry."""
    return {(g.region_code, g.code): g for g in compiled.guides}


def _entry_facts(guide: Guide | None) -> dict | None:
    return None if guide is None else {"mode": guide.mode, "promised": guide.promised}


def implementation_changes(old: Compiled, new: Compiled) -> list[dict]:
    """Each entry added or removed, or whose mode or promise changed, by region and code."""
    before, after = _entries(old), _entries(new)
    changes = []
    for region, code in sorted(before.keys() | after.keys()):
        was, now = _entry_facts(before.get((region, code))), _entry_facts(after.get((region, code)))
        kinds = (
            ["added"]
            if was is None
            else ["removed"]
            if now is None
            else [key for key in ("mode", "promised") if was[key] != now[key]]
        )
        changes += [
            {"region": region, "code": code, "change": kind, "before": was, "after": now}
            for kind in kinds
        ]
    return changes


def _deciding_depth(compiled: Compiled, code: str) -> int | None:
    """How high the highest region deciding a handling item sits (0 national … 5 village)."""
    depths = [
        LEVELS.index(g.region.level) for g in compiled.guides_of(code) if g.mode in DECIDING_MODES
    ]
    return min(depths) if depths else None


def delegated(old: Compiled, new: Compiled) -> list[dict]:
    """Entries that became 下放, or now decide at a level below every region that decided the item
    before: the 下放 of a release, each with its basis and level."""
    before = _entries(old)
    moved = []
    for guide in new.guides:
        if guide.mode not in DECIDING_MODES:
            continue
        was = before.get((guide.region_code, guide.code))
        highest_before = _deciding_depth(old, guide.code)
        lower = highest_before is not None and LEVELS.index(guide.region.level) > highest_before
        if guide.mode == "下放" and (was is None or was.mode != "下放") or (was is None and lower):
            moved.append(
                {
                    "region": guide.region_code,
                    "code": guide.code,
                    "level": guide.region.level,
                    "basis": guide.delegation_basis,
                }
            )
    return moved


def delegation_batches(moved: list[dict]) -> list[dict]:
    """下放 by decision and level, counted as the seeds report them (下放乡镇77项、村46项)."""
    batches: dict[tuple, dict] = {}
    for entry in moved:
        key = (entry["basis"] or "", LEVELS.index(entry["level"]))
        batch = batches.setdefault(
            key, {"basis": entry["basis"], "level": entry["level"], "codes": []}
        )
        if entry["code"] not in batch["codes"]:
            batch["codes"].append(entry["code"])
    return [{**b, "count": len(b["codes"])} for _, b in sorted(batches.items())]


def _material_names(old: Compiled, new: Compiled, changed: list[dict]) -> dict[str, str]:
    ids = {m for c in changed for m in (*c["materials_added"], *c["materials_removed"])}
    names = {
        row.id: row.name
        for compiled in (old, new)
        for h in compiled.handling.values()
        for row in h.materials
    }
    return {m: names[m] for m in sorted(ids)}


def compare(old: Compiled, new: Compiled) -> dict:
    known_now = new.known_codes
    added = sorted(set(new.handling) - set(old.handling))
    removed = sorted(code for code in old.handling if code not in known_now)
    cancelled = sorted(
        code for code in old.handling if code in known_now and code not in new.handling
    )
    changed = [
        c
        for code in sorted(set(old.handling) & set(new.handling))
        if (c := _change(code, new.handling[code].name, old.handling[code], new.handling[code]))
    ]
    names = {
        **{c: h.name for c, h in old.handling.items()},
        **{c: h.name for c, h in new.handling.items()},
    }
    moved = delegated(old, new)
    entries, batches = implementation_changes(old, new), delegation_batches(moved)
    named = {
        *added,
        *removed,
        *cancelled,
        *(e["code"] for e in entries),
        *(c for b in batches for c in b["codes"]),
    }
    return {
        "old": {"version": old.info.version, "as_of": old.as_of},
        "new": {"version": new.info.version, "as_of": new.as_of},
        "added": added,
        "removed": removed,
        "cancelled": cancelled,
        "changed": changed,
        "names": {code: names[code] for code in sorted(named)},
        "material_names": _material_names(old, new, changed),
        "implementations": entries,
        "delegation_batches": batches,
        "summary": _summary(changed, old, new, moved),
    }
