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
from banshi.rules._nearest import Nearest

ID = "ref.region"


def summary() -> str:
    """The first line of the docstring, in the user's language (``banshi rules``, SARIF)."""
    return _("Regions named by departments, implementation lists and parents exist.")


def _unknown(origin, code, where, written_as, known_regions: Nearest) -> list[Problem]:
    """The problem, if any: when ``code`` is the platform's 12-digit form of a region, it says
    how regions.yaml writes it; when regions.yaml writes the region in the 12 digits, ``code``
    is right, and region.code reports regions.yaml."""
    known = written_as.get(platform_region(code))
    if known and len(known) > len(code):
        return []
    shown = {
        "parent": _("parent"),
        "region": _("region"),
        "implementation list of region": _("implementation list of region"),
    }[where]
    if not known:
        message = _("{field} {code} is not a region in regions.yaml.{hint}")
        hint = known_regions.hint(code)
        return [Problem.at(origin, ID, message.format(field=shown, code=code, hint=hint))]
    message = _('{where} {code} is written "{known}" in regions.yaml: write it the same way')
    return [Problem.at(origin, ID, message.format(where=shown, code=code, known=known))]


def check(catalog, scope):
    written_as = {platform_region(code): code for code in catalog.regions}
    known = Nearest(catalog.regions)
    for region in catalog.regions.values():
        parent = region.get("parent")
        if parent and not catalog.knows("region", parent):
            yield from _unknown(region.origin.at("parent"), parent, "parent", written_as, known)
    for department in catalog.departments.values():
        if not catalog.knows("region", department["region"]):
            yield from _unknown(
                department.origin.at("region"), department["region"], "region", written_as, known
            )
    seen = set()
    for entry in scope.entries():
        file_origin = Origin(entry.origin.file, ("region",))
        if file_origin in seen or catalog.knows("region", entry.region):
            continue
        seen.add(file_origin)
        yield from _unknown(
            file_origin, entry.region, "implementation list of region", written_as, known
        )
