"""Region codes nest: a child's code starts with its parent's.

GB/T 2260 codes have 6 digits (province ``41``0000, city ``4105``00, county ``410526``);
townships add 3 digits to their county's code (``410526100``), villages 3 more to their
township's (``410526100201``). The digits a level adds are never all zero.

The national platform writes every region in 12 digits (the county ``511602`` as
``511602000000``); copied into regions.yaml, such a code is reported with the code to write
instead (the platform's form is accepted where it belongs: inside an implementation code).

Passing::

    catalog/regions.yaml:
      regions/3/code: "410526100"
      regions/4/parent: "410526100"
      regions/4/code: "410526100201"

Failing::

    catalog/regions.yaml:
      regions/3/code: "410527100"
      regions/4/parent: "410527100"
      regions/4/code: "410527100201"
"""

from banshi.codes import PLATFORM_REGION_DIGITS
from banshi.i18n import _
from banshi.problems import Problem

ID = "region.code"


def summary() -> str:
    """The first line of the docstring, in the user's language (``banshi rules``, SARIF)."""
    return _("Region codes nest: a child's code starts with its parent's.")


# Digits of the code that are significant at each level.
_SIGNIFICANT = {"province": 2, "city": 4, "county": 6, "township": 9, "village": 12}
_LENGTH = {"national": 6, "province": 6, "city": 6, "county": 6, "township": 9, "village": 12}


def _prefix(code: str, level: str) -> str:
    return code[: _SIGNIFICANT.get(level, 0)]


def _platform_form(code: str, level: str) -> str | None:
    """The region's own code, when ``code`` is the platform's 12-digit form of it."""
    own = _LENGTH[level]
    if own < len(code) == PLATFORM_REGION_DIGITS and set(code[own:]) == {"0"}:
        return code[:own]
    return None


def _problem_with(code, level, parent) -> str | None:
    own = _platform_form(code, level)
    if own:
        return _(
            "{code} is the national platform's 12-digit form of the {level} code {own}: write "
            '"{own}" (6 digits for a province, city or county, 9 for a township, 12 for a '
            "village), here and wherever the catalog names this region"
        ).format(code=code, level=level, own=own)
    if len(code) != _LENGTH[level]:
        said = _("a {level} code has {digits} digits, {code} has {written}")
        return said.format(level=level, digits=_LENGTH[level], code=code, written=len(code))
    significant = _SIGNIFICANT.get(level, 0)
    if level in ("province", "city", "county") and set(code[significant:]) - {"0"}:
        said = _("a {level} code ends in zeros after its first {digits} digits")
        return said.format(level=level, digits=significant)
    if significant and set(code[significant - (2 if significant <= 6 else 3) : significant]) == {
        "0"
    }:
        return _("the digits a {level} adds to its parent's code cannot all be zero").format(
            level=level
        )
    if parent and not code.startswith(_prefix(parent["code"], parent["level"])):
        prefix = _prefix(parent["code"], parent["level"])
        said = _("{code} does not start with its parent {parent}'s code {prefix}")
        return said.format(code=code, parent=parent["name"], prefix=prefix)
    return None


def check(catalog, scope):
    for code, region in catalog.regions.items():
        parent = catalog.regions.get(region.get("parent"))
        message = _problem_with(code, region["level"], parent)
        if message:
            yield Problem.at(region.origin.at("code"), ID, message)
