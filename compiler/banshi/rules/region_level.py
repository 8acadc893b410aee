"""Region levels go down the tree: a child's level is below its parent's.

Levels from the top: national, province, city, county, township, village. A township may sit
directly under a city (cities without counties), but not under a province; a village only
under a township.

Passing::

    catalog/regions.yaml:
      regions/4/level: village

Failing::

    catalog/regions.yaml:
      regions/4/level: county
"""

from banshi.i18n import _
from banshi.model import LEVELS
from banshi.problems import Problem

ID = "region.level"


def summary() -> str:
    """The first line of the docstring, in the user's language (``banshi rules``, SARIF)."""
    return _("Region levels go down the tree: a child's level is below its parent's.")


# The level a region of each level may hang under, besides the one right above it.
_SKIPS = {"township": {"city"}}


def check(catalog, scope):
    for region in catalog.regions.values():
        parent = catalog.regions.get(region.get("parent"))
        if parent is None:
            continue
        level, above = region["level"], parent["level"]
        allowed = (
            {LEVELS[LEVELS.index(level) - 1]} | _SKIPS.get(level, set())
            if level != "national"
            else set()
        )
        if above not in allowed:
            message = (
                _(
                    "{name} ({level}) cannot be under {parent} ({above}): a {level} region's "
                    "parent is {allowed}"
                )
                if allowed
                else _("{name} ({level}) cannot be under {parent} ({above}): it has no parent")
            )
            yield Problem.at(
                region.origin.at("level"),
                ID,
                message.format(
                    name=region["name"],
                    level=level,
                    parent=parent["name"],
                    above=above,
                    allowed="、".join(sorted(allowed)),
                ),
            )
