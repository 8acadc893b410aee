"""Item and handling codes named anywhere exist in the basic catalog.

Implementation entries, bundles, the policy's high-frequency list and ``merged_into`` name
items by their item code or handling code.

Passing::

    rules/policy.yaml:
      high_frequency: ["00013112800001"]

Failing::

    rules/policy.yaml:
      high_frequency: ["00013112800009"]
"""

from banshi import model
from banshi.codes import scheme_of
from banshi.i18n import _
from banshi.problems import Problem
from banshi.rules._nearest import Nearest

ID = "ref.item"


def summary() -> str:
    """The first line of the docstring, in the user's language (``banshi rules``, SARIF)."""
    return _("Item and handling codes named anywhere exist in the basic catalog.")


def _unknown(origin, code, scheme, known: Nearest):
    if scheme and scheme.item and scheme.handling:
        if not scheme.item.fits(code) and not scheme.handling.fits(code):
            return Problem.at(
                origin,
                ID,
                _(
                    "{code} is no code of this catalog: an item code is written {item}, a "
                    "handling code {handling}"
                ).format(code=code, item=scheme.item.text, handling=scheme.handling.text),
            )
    return Problem.at(
        origin,
        ID,
        _("{code} is neither an item code nor a handling code in catalog/items/.{hint}").format(
            code=code, hint=known.hint(code)
        ),
    )


def _named_codes(catalog, scope):
    for entry in scope.entries():
        yield entry.origin.at("item"), entry["item"]
    for bundle in scope.bundles():
        yield from model.bundle_codes(bundle)
    if catalog.policy:
        for i, code in enumerate(catalog.policy.get("high_frequency", [])):
            yield catalog.policy.origin.at("high_frequency", i), code
    for item in scope.items():
        if "merged_into" in item.data:
            yield item.origin.at("merged_into"), item["merged_into"]


def check(catalog, scope):
    scheme = scheme_of(catalog)
    known = None
    for origin, code in _named_codes(catalog, scope):
        if not catalog.knows_code(code):
            known = known or Nearest([*catalog.items, *catalog.handling])
            yield _unknown(origin, code, scheme, known)
