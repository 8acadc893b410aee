"""The places of 去哪里办 on a handling item's page: every region that does the item, grouped
city → county → township and folded, and a page that stays small however many regions the
province has.

An item done at a few hundred places is listed whole. Beyond that, what lies below a county
(its townships and villages) is written as a JSON file of its own beside the page,
``items/<code>/<county>.json``, which the page loads when that county is opened or a place in
it is looked for (``assets/where.js``): the page itself then holds the counties and the
names of their townships, never the thousands of township and village entries.

A group with no entry of its own and a single group under it is shown as one (示例市 › 示例县),
and a group that is the only one where it stands is open: there is nothing to choose.
"""

from __future__ import annotations

from banshi.emit.urls import guide_doc, item_doc, link
from banshi.resolve.compiled import Compiled, Guide, MaterialRow

INLINE_GUIDES = 200  # places an item's page lists whole; above, below a county on demand
ON_DEMAND = ("township", "village")  # the levels listed on demand


def _tree(compiled: Compiled, guides: list[Guide]) -> tuple[dict, dict]:
    """(region → its guides, region → its child regions) over the regions that do the item and
    their ancestors."""
    own: dict[str, list[Guide]] = {}
    children: dict[str | None, set[str]] = {}
    for guide in guides:
        own.setdefault(guide.region_code, []).append(guide)
        chain = [guide.region_code, *compiled.regions[guide.region_code].ancestors]
        for child, parent in zip(chain, [*chain[1:], None]):
            children.setdefault(parent, set()).add(child)
    return own, {parent: sorted(kids) for parent, kids in children.items()}


class _Places:
    """The groups of one item's page and the JSON files of what it lists on demand."""

    def __init__(self, compiled: Compiled, code: str):
        self.regions = compiled.regions
        guides = compiled.guides_of(code)
        self.own, self.children = _tree(compiled, guides)
        self.on_demand = len(guides) > INLINE_GUIDES
        self.files: dict[str, dict] = {}

    def count(self, region: str) -> int:
        return len(self.own.get(region, ())) + sum(
            self.count(c) for c in self.children.get(region, ())
        )

    def link(self, guide: Guide) -> str:
        return link(item_doc(guide.code), guide_doc(guide.code, guide.region_code))

    def entries(self, region: str) -> list[dict]:
        name = self.regions[region].name
        return [
            {"code": region, "name": name, "where": g.where, "href": self.link(g)}
            for g in self.own.get(region, ())
        ]

    def shown(self, region: str) -> tuple[str, list[str]]:
        """The region a group stands for, past every region with no entry of its own and one
        child, and the names along the way."""
        names = [self.regions[region].name]
        while region not in self.own and len(self.children.get(region, ())) == 1:
            region = self.children[region][0]
            names.append(self.regions[region].name)
        return region, names

    def group(self, region: str, alone: bool) -> dict:
        region, names = self.shown(region)
        kids = self.children.get(region, [])
        deferred = [
            k
            for k in kids
            if self.on_demand
            and self.regions[k].level in ON_DEMAND
            and self.regions[region].level not in ON_DEMAND
        ]
        inline = [k for k in kids if k not in deferred]
        more = None
        if deferred:
            self.files[region] = {"places": [self.data(k) for k in deferred]}
            more = {
                "file": f"{region}.json",
                "names": [self.regions[k].name for k in deferred],
                "count": sum(self.count(k) for k in deferred),
            }
        return {
            "code": region,
            "path": [*reversed(self.regions[region].ancestors), region],
            "name": " › ".join(names),
            "count": self.count(region),
            "entries": self.entries(region),
            "places": [self.group(k, len(inline) == 1 and not more) for k in inline],
            "more": more,
            "open": alone,
        }

    def data(self, region: str) -> dict:
        """A place listed on demand, as its JSON file holds it."""
        place = {
            "code": region,
            "name": self.regions[region].name,
            "where": [e["where"] for e in self.entries(region)],
        }
        kids = self.children.get(region, [])
        if kids:
            place["places"] = [self.data(k) for k in kids]
        return place


def places(compiled: Compiled, code: str) -> tuple[list[dict], dict[str, dict]]:
    """The top groups of an item's 去哪里办, and region → the JSON of what that region's group
    lists on demand (empty for an item done at few places)."""
    found = _Places(compiled, code)
    tops = found.children.get(None, [])
    return [found.group(top, len(tops) == 1) for top in tops], found.files


def common_materials(compiled: Compiled, code: str) -> tuple[list[MaterialRow], list[dict]]:
    """The materials every region that does the item asks for, and those some region waives
    (免提交) with how many regions do."""
    guides = compiled.guides_of(code)
    waived: dict[str, int] = {}
    for guide in guides:
        for material in guide.waived:
            waived[material.id] = waived.get(material.id, 0) + 1
    materials = compiled.handling[code].materials
    common = [m for m in materials if m.id not in waived]
    some = [{"name": m.name, "regions": waived[m.id]} for m in materials if m.id in waived]
    return common, some


def example(compiled: Compiled, code: str) -> str:
    """A place to show in the finder's placeholder: the first township that does the item, else
    the first region."""
    regions = [g.region for g in compiled.guides_of(code)]
    townships = [r for r in regions if r.level == "township"]
    chosen = townships or regions
    return chosen[0].name if chosen else ""
