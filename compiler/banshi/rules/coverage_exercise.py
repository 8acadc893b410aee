"""凡批必进, 应进全进: an item exercised at a level has an entry in every region of that level.

``levels.exercise`` says which levels exercise an item; each region of such a level lists it in
its implementation list (by the item's code or one of its handling codes), so a county that
forgot an item is told so: once per item and level, with how many regions lack it and the
first few of them (a province's gaps are hundreds of regions, not hundreds of lines). A warning
by default.

Passing::

    catalog/regions.yaml:
      regions/-: {code: "410527", name: 另一县, level: county, parent: "410500"}
    catalog/departments.yaml:
      departments/-: {id: lx-market, name: 另一县市场监督管理局, region: "410527", sector: 市场监管,
        phone: "0372-5550109", complaint_phone: "12345", address: 另一县政务服务中心,
        hours: 周一至周五 9:00-17:00}
    catalog/implementations/410527.yaml:
      .: {schema: banshi/implementation/v1, region: "410527",
          entries: [{item: "000131128000", agency: lx-market, mode: 办理}]}

Four counties lack every item of the sample: one problem per item, naming three of them and
"1 more".

Failing::

    catalog/regions.yaml:
      .: {schema: banshi/regions/v1, regions: [
          {code: "410000", name: 示例省, level: province},
          {code: "410500", name: 示例市, level: city, parent: "410000"},
          {code: "410526", name: 示例县, level: county, parent: "410500"},
          {code: "410526100", name: 上集镇, level: township, parent: "410526"},
          {code: "410526100201", name: 张营村, level: village, parent: "410526100"},
          {code: "410527", name: 另一县, level: county, parent: "410500"},
          {code: "410528", name: 第三县, level: county, parent: "410500"},
          {code: "410529", name: 第四县, level: county, parent: "410500"},
          {code: "410530", name: 第五县, level: county, parent: "410500"}]}
"""

from banshi.i18n import _
from banshi.problems import WARNING, Problem

ID = "coverage.exercise"


def summary() -> str:
    """The first line of the docstring, in the user's language (``banshi rules``, SARIF)."""
    return _(
        "凡批必进, 应进全进: an item exercised at a level has an entry in every region of that "
        "level."
    )


SEVERITY = WARNING
SHOWN = 3  # regions named in the message; the count says how many lack it in all


def check(catalog, scope):
    if catalog.entries_incomplete:
        return  # an unreadable list may hold the entry: do not claim it is missing
    by_level: dict[str, list[str]] = {}
    for code, region in sorted(catalog.regions.items()):
        by_level.setdefault(region["level"], []).append(code)
    # Each item is a subject of its own: after an edit, the items whose entries came or went
    # are checked again (``banshi.validate.incremental``).
    for item in scope.items():
        if item["status"] != "active":
            continue
        codes = [item["code"], *(h["code"] for h in item["handling"])]
        listing = {entry.region for code in codes for entry in catalog.entries_naming(code)}
        for level in item["levels"]["exercise"]:
            lacking = [region for region in by_level.get(level, []) if region not in listing]
            if lacking:
                yield Problem.at(
                    item.origin.at("levels", "exercise"),
                    ID,
                    _message(catalog, item, level, lacking),
                )


def _message(catalog, item, level: str, lacking: list[str]) -> str:
    shown = _(", ").join(f"{r} {catalog.regions[r]['name']}" for r in lacking[:SHOWN])
    if len(lacking) > SHOWN:
        shown = _("{regions} and {more} more").format(regions=shown, more=len(lacking) - SHOWN)
    said = (
        _(
            "{code} {name} is exercised at {level} level, but {count} region of that level has "
            "no entry for it in its implementation list (应进全进): {regions}"
        )
        if len(lacking) == 1
        else _(
            "{code} {name} is exercised at {level} level, but {count} regions of that level have "
            "no entry for it in their implementation lists (应进全进): {regions}"
        )
    )
    return said.format(
        code=item["code"], name=item["name"], level=level, count=len(lacking), regions=shown
    )
