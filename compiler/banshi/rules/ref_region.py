"""Regions named by departments, implementation lists and parents exist.

Passing::

    catalog/departments.yaml:
      departments/0/region: "410526"

Failing::

    catalog/departments.yaml:
      departments/0/region: "410527"
"""

from banshi.i18n import _
from banshi.problems import Origin, Problem
from banshi.rules._nearest import Nearest

ID = "ref.region"


def _unknown(origin, code, where, known: Nearest):
    return Problem.at(
        origin,
        ID,
        _("{field} {code} is not a region in regions.yaml.{hint}").format(
            field=where, code=code, hint=known.hint(code)
        ),
    )


def check(catalog, scope):
    known = Nearest(catalog.regions)
    for region in catalog.regions.values():
        parent = region.get("parent")
        if parent and not catalog.knows("region", parent):
            yield _unknown(region.origin.at("parent"), parent, "parent", known)
    for department in catalog.departments.values():
        if not catalog.knows("region", department["region"]):
            origin = department.origin.at("region")
            yield _unknown(origin, department["region"], "region", known)
    seen = set()
    for entry in scope.entries():
        file_origin = Origin(entry.origin.file, ("region",))
        if file_origin in seen or catalog.knows("region", entry.region):
            continue
        seen.add(file_origin)
        yield _unknown(file_origin, entry.region, _("implementation list of region"), known)
