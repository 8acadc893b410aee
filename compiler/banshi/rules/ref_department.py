"""Agencies named in implementation lists and bundles exist, and act in their own region.

An entry's ``agency`` is a department of the entry's region (a township centre cannot be
listed as the county's agency); ``forward_to``, the ``joint_agencies`` (联办机构) and a
bundle's ``lead`` name existing departments.

Passing::

    catalog/implementations/410526100.yaml:
      entries/0/agency: sj-centre

Failing::

    catalog/implementations/410526100.yaml:
      entries/0/agency: sx-market
"""

from banshi.i18n import _
from banshi.problems import Problem
from banshi.rules._nearest import Nearest

ID = "ref.department"


def summary() -> str:
    """The first line of the docstring, in the user's language (``banshi rules``, SARIF)."""
    return _(
        "Agencies named in implementation lists and bundles exist, and act in their own region."
    )


def _unknown(origin, name, where, known: Nearest):
    return Problem.at(
        origin,
        ID,
        _("{field} {id} is not a department in departments.yaml.{hint}").format(
            field=where, id=name, hint=known.hint(name)
        ),
    )


def check(catalog, scope):
    known = Nearest(catalog.departments)
    for entry in scope.entries():
        agency = catalog.departments.get(entry["agency"])
        if agency is None:
            if not catalog.knows("department", entry["agency"]):
                yield _unknown(entry.origin.at("agency"), entry["agency"], "agency", known)
        elif agency["region"] != entry.region:
            yield Problem.at(
                entry.origin.at("agency"),
                ID,
                _(
                    "agency {agency} ({name}) belongs to region {region}, not to {list_region} "
                    "whose list this is"
                ).format(
                    agency=entry["agency"],
                    name=agency["name"],
                    region=agency["region"],
                    list_region=entry.region,
                ),
            )
        target = entry.get("forward_to")
        if target and not catalog.knows("department", target):
            yield _unknown(entry.origin.at("forward_to"), target, "forward_to", known)
        for i, joint in enumerate(entry.get("joint_agencies", [])):
            if not catalog.knows("department", joint):
                origin = entry.origin.at("joint_agencies", i)
                yield _unknown(origin, joint, "joint_agencies", known)
    for bundle in scope.bundles():
        if not catalog.knows("department", bundle["lead"]):
            yield _unknown(bundle.origin.at("lead"), bundle["lead"], "lead", known)
