"""A handling item's code starts with its item's code: ``00013112800001`` under
``000131128000`` (§2's digits), ``G-000007-00101`` under ``G-000007-001`` (a catalog's own
scheme, docs/codes.md).

Passing::

    catalog/items/000131128000.yaml:
      handling/1/code: "00013112800002"

Failing::

    catalog/items/000131128000.yaml:
      handling/1/code: "00013112900002"
"""

from banshi.i18n import _
from banshi.problems import Problem

ID = "code.handling-prefix"


def summary() -> str:
    """The first line of the docstring, in the user's language (``banshi rules``, SARIF)."""
    return _(
        "A handling item's code starts with its item's code: ``00013112800001`` under "
        "``000131128000`` (§2's digits), ``G-000007-00101`` under ``G-000007-001`` (a "
        "catalog's own scheme, docs/codes.md)."
    )


def check(catalog, scope):
    for handling in scope.handling():
        code, item_code = handling["code"], handling.item["code"]
        if not code.startswith(item_code):
            yield Problem.at(
                handling.origin.at("code"),
                ID,
                _("handling code {code} does not start with its item's code {item}").format(
                    code=code, item=item_code
                ),
            )
