"""即办件 ⇔ promised 0: an item done on the spot promises 0 days, and only such an item.

Passing::

    catalog/items/000131128000.yaml:
      handling/0/kind: 即办件
      handling/0/time_limit/promised: 0

Failing::

    catalog/items/000131128000.yaml:
      handling/1/kind: 即办件
"""

from banshi.i18n import _
from banshi.problems import Problem

ID = "time.immediate"


def summary() -> str:
    """The first line of the docstring, in the user's language (``banshi rules``, SARIF)."""
    return _(
        "即办件 ⇔ promised 0: an item done on the spot promises 0 days, and only such an item."
    )


def check(catalog, scope):
    for handling in scope.handling():
        promised = handling["time_limit"]["promised"]
        if handling["kind"] == "即办件" and promised != 0:
            yield Problem.at(
                handling.origin.at("kind"),
                ID,
                _(
                    "a 即办件 is done on the spot and promises 0 days, not {promised}: "
                    "make it a 承诺件 or promise 0"
                ).format(promised=promised),
            )
        elif handling["kind"] == "承诺件" and promised == 0:
            yield Problem.at(
                handling.origin.at("kind"),
                ID,
                _("promised 0 days means done on the spot: make it a 即办件"),
            )
