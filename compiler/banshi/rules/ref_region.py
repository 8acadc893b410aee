"""Regions named by departments, implementation lists and parents exist.

Passing::

    catalog/departments.yaml:
      departments/0/region: "410526"

Failing::

    catalog/departments.yaml:
      departments/0/region: "410527"
"""

from banshi.problems import Origin, Problem

ID = "ref.region"


def _unknown(origin, code, where):
    return Problem.at(origin, ID, f"{where} {code} is not a region in regions.yaml")


def check(catalog, scope):
    for region in catalog.regions.values():
        parent = region.get("parent")
        if parent and not catalog.knows("region", parent):
            yield _unknown(region.origin.at("parent"), parent, "parent")
    for department in catalog.departments.values():
        if not catalog.knows("region", department["region"]):
            yield _unknown(department.origin.at("region"), department["region"], "region")
    seen = set()
    for entry in scope.entries():
        file_origin = Origin(entry.origin.file, ("region",))
        if file_origin in seen or catalog.knows("region", entry.region):
            continue
        seen.add(file_origin)
        yield _unknown(file_origin, entry.region, "implementation list of region")
