"""即来即办: a 公共服务 or 便民服务 handling item is a 即办件.

Public and convenience services are done while the applicant waits (001:57: 所有纳入省政务服务
中心的公共服务事项和中介服务事项, 即来即办). A 承诺件 of such an item is worth a second look:
a warning by default, and like every rule it can be turned off per catalog.

Passing::

    catalog/items/000131128000.yaml:
      type: 便民服务
      handling/1/kind: 即办件
      handling/1/time_limit/promised: 0
      handling/1/steps: [{name: 受理, days: 0}]
    catalog/implementations/410526100.yaml:
      entries/0/promised: ~

Failing::

    catalog/items/000131128000.yaml:
      type: 公共服务
"""

from banshi.i18n import _
from banshi.problems import WARNING, Problem

ID = "time.immediate-service"
SEVERITY = WARNING


def summary() -> str:
    """The first line of the docstring, in the user's language (``banshi rules``, SARIF)."""
    return _("即来即办: a 公共服务 or 便民服务 handling item is a 即办件.")


SERVICES = ("公共服务", "便民服务")


def check(catalog, scope):
    for handling in scope.handling():
        kind_of_item = handling.item["type"]
        if kind_of_item in SERVICES and handling["kind"] != "即办件":
            yield Problem.at(
                handling.origin.at("kind"),
                ID,
                _(
                    "{code} {name} is a {type} (即来即办) but a {kind}: make it a 即办件, "
                    "or turn this rule off in policy.yaml"
                ).format(
                    code=handling["code"],
                    name=handling["name"],
                    type=kind_of_item,
                    kind=handling["kind"],
                ),
            )
