"""多头受理: a region lists each handling item once.

Two entries covering the same handling item in one region send applicants to two windows
for one thing, which the reform forbids.

Passing::

    catalog/implementations/410526100.yaml:
      entries/0/item: "00013112800001"

Failing::

    catalog/implementations/410526.yaml:
      entries/-: {item: "00013112800002", agency: sx-market, mode: 办理}
"""

from banshi.i18n import _
from banshi.problems import Problem

ID = "implementation.single-window"


def summary() -> str:
    """The first line of the docstring, in the user's language (``banshi rules``, SARIF)."""
    return _("多头受理: a region lists each handling item once.")


def check(catalog, scope):
    for entry in scope.entries():
        for handling in catalog.handling_of(entry["item"]):
            first = catalog.first_covering(entry.region, handling["code"])
            if first is not entry:
                yield Problem.at(
                    entry.origin.at("item"),
                    ID,
                    _(
                        "{code} {name} is already listed for region {region} in {file} "
                        "(多头受理): keep one entry"
                    ).format(
                        code=handling["code"],
                        name=handling["name"],
                        region=entry.region,
                        file=first.origin.file,
                    ),
                )
