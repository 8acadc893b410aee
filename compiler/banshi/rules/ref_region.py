"""Regions named by departments, implementation lists and parents exist.

Passing::

    catalog/departments.yaml:
      departments/0/region: "410526"

Failing::

    catalog/departments.yaml:
      departments/0/region: "410527"
"""

from banshi.codes import platform_region
from banshi.i18n import _
from banshi.problems import Origin, Problem

ID = "ref.region"


def _unknown(origin, code, where, written_as):
    """The problem; when ``code`` is another form of a region (the platform's 12 digits, or
    the short code where regions.yaml has the 12), it says how regions.yaml writes it."""
    known = written_as.get(platform_region(code))
    if known:
        where = {
            "parent": _("parent"),
            "region": _("region"),
            "implementation list of region": _("implementation list of region"),
        }[where]
        return Problem.at(
            origin,
            ID,
            _('{where} {code} is written "{known}" in regions.yaml: write it the same way').format(
                where=where, code=code, known=known
            ),
        )
    return Problem.at(origin, ID, f"{where} {code} is not a region in regions.yaml")


def check(catalog, scope):
    written_as = {platform_region(code): code for code in catalog.regions}
    for region in catalog.regions.values():
        parent = region.get("parent")
        if parent and not catalog.knows("region", parent):
            yield _unknown(region.origin.at("parent"), parent, "parent", written_as)
    for department in catalog.departments.values():
        if not catalog.knows("region", department["region"]):
            yield _unknown(
                department.origin.at("region"), department["region"], "region", written_as
            )
    seen = set()
    for entry in scope.entries():
        file_origin = Origin(entry.origin.file, ("region",))
        if file_origin in seen or catalog.knows("region", entry.region):
            continue
        seen.add(file_origin)
        yield _unknown(file_origin, entry.region, "implementation list of region", written_as)
