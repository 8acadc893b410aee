"""Shared by the authority rules: what an entry's region and agency are, in the item's terms."""

from banshi.i18n import _
from banshi.model import ACCEPTING_MODES, COMPREHENSIVE_SECTOR, DECIDING_MODES


def entries_with_items(catalog, scope, modes):
    """(entry, item) for every entry of these modes whose item, agency and region are known."""
    for entry in scope.entries():
        if entry.data["mode"] not in modes:  # most entries: checked first, it is cheapest
            continue
        item = catalog.item_of(entry.data["item"])
        if item and entry.region in catalog.regions:
            yield entry, item


def sector_problem(catalog, entry, item) -> str | None:
    """A deciding agency must belong to the item's sector."""
    agency = catalog.departments.get(entry["agency"])
    if agency is None or agency["sector"] == item["sector"]:
        return None
    if agency["sector"] == COMPREHENSIVE_SECTOR:
        return _(
            "{agency} is a 综合 centre: it may accept and forward (受理转报) or proxy (代办), "
            "but {mode} decides, which needs an agency of sector {sector}"
        ).format(agency=agency["name"], mode=entry["mode"], sector=item["sector"])
    return _("{agency} is of sector {agency_sector}; {item} is decided by sector {sector}").format(
        agency=agency["name"],
        agency_sector=agency["sector"],
        item=item["name"],
        sector=item["sector"],
    )


def missing_above(catalog, entry, modes, memo: dict) -> list[str]:
    """Handling codes of the entry that ``forward_to`` does not implement (in these modes) at an
    ancestor region of the entry's. ``memo`` is the calling rule's, for one run: the villages of
    a township ask the same question of the same agency."""
    if catalog.entries_incomplete:
        return []  # some entries above could not be read; their problems are reported instead
    region = catalog.regions.get(entry.region)
    parent = region.get("parent") if region else None
    key = (entry.get("forward_to"), parent, entry["item"])
    if key not in memo:
        memo[key] = _missing(catalog, key[0], entry.region, entry["item"], modes)
    return memo[key]


def _missing(catalog, target, region, item, modes) -> list[str]:
    above = set(catalog.ancestors(region))
    missing = []
    for handling in catalog.handling_of(item):
        candidates = catalog.entries_of_agency(target, handling["code"])
        if not any(e.region in above and e["mode"] in modes for e in candidates):
            missing.append(handling["code"])
    return missing


__all__ = [
    "ACCEPTING_MODES",
    "DECIDING_MODES",
    "entries_with_items",
    "missing_above",
    "sector_problem",
]
