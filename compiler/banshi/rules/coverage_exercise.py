"""凡批必进, 应进全进: an item exercised at a level has an entry in every region of that level.

``levels.exercise`` says which levels exercise an item; each region of such a level lists it in
its implementation list (by the item's code or one of its handling codes), so a county that
forgot an item is told so. A warning by default.

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

Failing::

    catalog/regions.yaml:
      regions/-: {code: "410527", name: 另一县, level: county, parent: "410500"}
"""

from banshi.problems import WARNING, Problem

ID = "coverage.exercise"
SEVERITY = WARNING


def check(catalog, scope):
    if catalog.entries_incomplete:
        return  # an unreadable list may hold the entry: do not claim it is missing
    listed = {(e.region, e["item"]) for e in catalog.implementations}
    by_level: dict[str, list[str]] = {}
    for code, region in sorted(catalog.regions.items()):
        by_level.setdefault(region["level"], []).append(code)
    # The whole catalog every time: an edit to any region's list may make or mend a gap.
    for item in catalog.items.values():
        if item["status"] != "active":
            continue
        codes = [item["code"], *(h["code"] for h in item["handling"])]
        for level in item["levels"]["exercise"]:
            for region in by_level.get(level, []):
                if not any((region, code) in listed for code in codes):
                    yield Problem.at(
                        item.origin.at("levels", "exercise"),
                        ID,
                        f"{item['code']} {item['name']} is exercised at {level} level, but "
                        f"{region} {catalog.regions[region]['name']} has no entry for it in its "
                        "implementation list (应进全进)",
                    )
