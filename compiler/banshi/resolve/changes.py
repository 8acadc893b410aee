"""What changed between two releases of a catalog, and the 五减 figures of the release.

Both catalogs are compared as published: the handling items in force on each one's as-of date.
A handling item of the old release is ``removed`` when the new catalog no longer has it,
``cancelled`` when it still has it but no longer in force (cancelled, merged, suspended or
expired), ``changed`` when what an applicant brings, waits for, pays or walks differs.
"""

from __future__ import annotations

from banshi.resolve import Compiled


def _fees(handling: dict) -> float:
    return round(sum(fee["amount"] for fee in handling["fees"]), 2)


def _facts(handling: dict) -> dict:
    return {
        "materials": {m["id"] for m in handling["materials"]},
        "promised": handling["time_limit"]["promised"],
        "unit": handling["time_limit"]["unit"],
        "steps": len(handling["steps"]),
        "fees": _fees(handling),
        "visits": handling["visits"],
        "kind": handling["kind"],
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
    return sum(h["kind"] == "即办件" for h in compiled.handling.values())


def _summary(changed: list[dict], old: Compiled, new: Compiled) -> dict:
    def total(key: str) -> int | float:
        return sum(c[f"{key}_before"] - c[f"{key}_after"] for c in changed)

    return {
        "materials_removed": sum(len(c["materials_removed"]) for c in changed),
        "materials_added": sum(len(c["materials_added"]) for c in changed),
        "days_saved": sum(c["promised_before"] - c["promised_after"] for c in changed if c["unit"] == "工作日"),
        "steps_removed": total("steps"),
        "fees_saved": round(total("fees"), 2),
        "visits_saved": total("visits"),
        "immediate_before": _immediate(old),
        "immediate_after": _immediate(new),
    }


def _material_names(old: Compiled, new: Compiled, changed: list[dict]) -> dict[str, str]:
    ids = {m for c in changed for m in (*c["materials_added"], *c["materials_removed"])}
    names = {row["id"]: row["name"] for compiled in (old, new)
             for h in compiled.handling.values() for row in h["materials"]}
    return {m: names[m] for m in sorted(ids)}


def compare(old: Compiled, new: Compiled) -> dict:
    known_now = new.known_codes
    added = sorted(set(new.handling) - set(old.handling))
    removed = sorted(code for code in old.handling if code not in known_now)
    cancelled = sorted(code for code in old.handling if code in known_now and code not in new.handling)
    changed = [c for code in sorted(set(old.handling) & set(new.handling))
               if (c := _change(code, new.handling[code]["name"], old.handling[code], new.handling[code]))]
    names = {**{c: h["name"] for c, h in old.handling.items()}, **{c: h["name"] for c, h in new.handling.items()}}
    return {
        "old": {"version": old.info["version"], "as_of": old.as_of},
        "new": {"version": new.info["version"], "as_of": new.as_of},
        "added": added,
        "removed": removed,
        "cancelled": cancelled,
        "changed": changed,
        "names": {code: names[code] for code in sorted({*added, *removed, *cancelled})},
        "material_names": _material_names(old, new, changed),
        "summary": _summary(changed, old, new),
    }
