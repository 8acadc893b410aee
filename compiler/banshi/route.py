"""The route an application takes (代办 → 受理转报 → 办理), and the promise made along it.

A village 代办员 carries the file to the township's window, which forwards it (受理转报) to the
county agency that decides. The applicant waits for the whole route, so an entry that states no
promise of its own promises what the entry it forwards to promises, and so on up to the item's
own promised limit. Rules (``time.route-promise``) and every output (guides, notices, JSON,
bundle timing, placards) take the promise from here, so they cannot disagree.
"""

from __future__ import annotations

from banshi.model import ACCEPTING_MODES, DECIDING_MODES, Catalog, Handling, Implementation

# What each forwarding mode forwards to: 受理转报 to the agency that decides, 代办 to a window
# that accepts (and may itself forward).
FORWARDS_TO = {"受理转报": DECIDING_MODES, "代办": ACCEPTING_MODES}


def forwarded_entry(
    catalog: Catalog, entry: Implementation, handling_code: str
) -> Implementation | None:
    """The entry of ``forward_to`` that receives this handling item's file: at the nearest
    ancestor region where that agency implements it in a mode that can receive it."""
    mode, target = entry.data["mode"], entry.data.get("forward_to")
    modes = FORWARDS_TO.get(mode)
    if modes is None or not target:
        return None
    asked = (entry.region, target, mode, handling_code)
    if asked not in catalog.forwarded:
        catalog.forwarded[asked] = _receiving(catalog, entry.region, target, modes, handling_code)
    return catalog.forwarded[asked]


def _receiving(catalog: Catalog, region: str, target: str, modes, handling_code: str):
    candidates = [
        e for e in catalog.entries_of_agency(target, handling_code) if e.data["mode"] in modes
    ]
    for above in catalog.ancestors(region):
        for candidate in candidates:
            if candidate.region == above:
                return candidate
    return None


def route(catalog: Catalog, entry: Implementation, handling_code: str) -> list[Implementation]:
    """The entries the file passes through, starting with ``entry``; a loop ends the route."""
    path = [entry]
    while (following := forwarded_entry(catalog, path[-1], handling_code)) is not None:
        if any(following is seen for seen in path):
            break
        path.append(following)
    return path


def promise(catalog: Catalog, entry: Implementation, handling: Handling | dict) -> int:
    """The days this entry promises for a handling item: its own ``promised``, else that of the
    first entry along its route that states one, else the handling item's promised limit."""
    for step in route(catalog, entry, handling["code"]):
        if "promised" in step.data:
            return step.data["promised"]
    return handling["time_limit"]["promised"]


def promise_at(catalog: Catalog, region: str, handling: Handling | dict) -> int:
    """What the applicant is promised at a region: the promise of the region's entry covering the
    handling item, or the item's promised limit where the region has none."""
    entry = catalog.first_covering(region, handling["code"])
    return (
        handling["time_limit"]["promised"] if entry is None else promise(catalog, entry, handling)
    )
