"""办理 only where the item is exercised, and only by an agency of the item's sector.

An entry that accepts and decides (办理) must be at one of the item's ``levels.exercise``;
a 综合 centre cannot decide, nor can an agency of another sector.

Passing::

    catalog/implementations/410526.yaml:
      entries/0/agency: sx-market

Failing::

    catalog/implementations/410526100.yaml:
      entries/0/mode: 办理
      entries/0/forward_to: ~
"""

from banshi.i18n import _
from banshi.model import LEVEL_NAMES
from banshi.problems import Problem
from banshi.rules._authority import entries_with_items, sector_problem

ID = "authority.handle"


def summary() -> str:
    """The first line of the docstring, in the user's language (``banshi rules``, SARIF)."""
    return _("办理 only where the item is exercised, and only by an agency of the item's sector.")


def check(catalog, scope):
    for entry, item in entries_with_items(catalog, scope, ("办理",)):
        level = catalog.level(entry.region)
        exercise = item["levels"]["exercise"]
        if level not in exercise:
            shown = "、".join(LEVEL_NAMES[x] for x in exercise)
            yield Problem.at(
                entry.origin.at("mode"),
                ID,
                _(
                    "{item} is exercised at {levels}, not at {level}: use 受理转报 to accept here "
                    "and forward, or 下放 with its delegation basis"
                ).format(item=item["name"], levels=shown, level=LEVEL_NAMES[level]),
            )
        message = sector_problem(catalog, entry, item)
        if message:
            yield Problem.at(entry.origin.at("agency"), ID, message)
