"""凡批必进, 应进全进: an item not handled in the service hall says why.

An entry is in the hall (进驻大厅) unless it says ``in_hall: false``; then ``not_in_hall_reason``
is required, since an item kept outside without a reason is the 体外循环 the seeds warn of.
A reason on an entry that is in the hall contradicts it.

Passing::

    catalog/implementations/410526.yaml:
      entries/0/in_hall: false
      entries/0/not_in_hall_reason: 需在登记注册分局专用场所办理

Failing::

    catalog/implementations/410526.yaml:
      entries/0/in_hall: false
"""

from banshi.i18n import _
from banshi.problems import Problem

ID = "implementation.in-hall"


def summary() -> str:
    """The first line of the docstring, in the user's language (``banshi rules``, SARIF)."""
    return _("凡批必进, 应进全进: an item not handled in the service hall says why.")


def check(catalog, scope):
    for entry in scope.entries():
        in_hall, reason = entry.get("in_hall", True), entry.get("not_in_hall_reason")
        if not in_hall and not reason:
            yield Problem.at(
                entry.origin.at("in_hall"),
                ID,
                _("not in the service hall (不进驻大厅): say why in not_in_hall_reason"),
            )
        elif in_hall and reason:
            yield Problem.at(
                entry.origin.at("not_in_hall_reason"),
                ID,
                _(
                    "a reason for not being in the hall, but in_hall is true: add "
                    "in_hall: false, or remove the reason"
                ),
            )
