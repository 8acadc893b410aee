"""必须现场办理原因 belongs to an item the applicant must visit.

``visit_reason`` says why the applicant comes to the window (``visits`` above 0), as the
national implementation list asks; on an item with no visit it contradicts ``visits: 0``.

Passing::

    catalog/items/000131128000.yaml:
      handling/1/visit_reason: 需现场核验营业执照原件

Failing::

    catalog/items/000131128000.yaml:
      handling/1/visits: 0
      handling/1/visit_reason: 需现场核验营业执照原件
"""

from banshi.i18n import _
from banshi.problems import Problem

ID = "online.visit-reason"


def summary() -> str:
    """The first line of the docstring, in the user's language (``banshi rules``, SARIF)."""
    return _("必须现场办理原因 belongs to an item the applicant must visit.")


def check(catalog, scope):
    for handling in scope.handling():
        if handling.get("visit_reason") and handling["visits"] == 0:
            yield Problem.at(
                handling.origin.at("visit_reason"),
                ID,
                _(
                    "visits is 0, so there is no reason to come to the window: remove "
                    "visit_reason, or set visits"
                ),
            )
