"""Item and handling codes are written as the catalog's code scheme says.

Without ``codes`` in catalog.yaml, §2's digits: 12 for an item, 14 for a handling item. A
catalog that codes otherwise (``511A0138000000``, ``G-000007-001``, ``XK0010100Y``) declares
its patterns in ``codes: {item, handling}`` (see docs/codes.md); a pattern Banshi cannot match
in time linear in the code's length is refused where it is written. The check runs after each
file's schema check, so the content-hash cache of those checks never depends on catalog.yaml.

Passing::

    catalog/catalog.yaml:
      codes:
        item: "^(?:[0-9]{12}|[A-Z]-[0-9]{6}-[0-9]{3})$"
        handling: "^(?:[0-9]{12}|[A-Z]-[0-9]{6}-[0-9]{3})[0-9]{2}$"

Failing::

    catalog/items/000131128000.yaml:
      handling/1/code: "0001311280002"
"""

from banshi.codes import scheme_of
from banshi.i18n import _
from banshi.problems import Problem

ID = "code.scheme"


def summary() -> str:
    """The first line of the docstring, in the user's language (``banshi rules``, SARIF)."""
    return _("Item and handling codes are written as the catalog's code scheme says.")


def _declared(catalog) -> bool:
    return "codes" in catalog.info.data


def _unfit(catalog, what: str, key: str, code: str, pattern: str) -> str:
    if _declared(catalog):
        return _("{what} {code} is not written as catalog.yaml codes.{key} says: {pattern}").format(
            what=what, code=code, key=key, pattern=pattern
        )
    return _(
        "{what} {code} is not of the form {pattern}; a catalog whose codes are written "
        "otherwise (with letters or hyphens) declares its form in catalog.yaml codes: "
        "see docs/codes.md"
    ).format(what=what, code=code, pattern=pattern)


def check(catalog, scope):
    scheme = scheme_of(catalog)
    if scheme is None:
        return
    for key, why in scheme.refused:
        yield Problem.at(
            catalog.info.origin.at("codes", key),
            ID,
            _("codes.{key} is not used: {why}").format(key=key, why=why),
        )
    if scheme.item:
        for item in scope.items():
            if not scheme.item.fits(item["code"]):
                message = _unfit(catalog, _("item code"), "item", item["code"], scheme.item.text)
                yield Problem.at(item.origin.at("code"), ID, message)
    if scheme.handling:
        for handling in scope.handling():
            code = handling["code"]
            if not scheme.handling.fits(code):
                message = _unfit(
                    catalog, _("handling code"), "handling", code, scheme.handling.text
                )
                yield Problem.at(handling.origin.at("code"), ID, message)
