"""网办深度 agrees with the way the item is applied for.

The national platform's four levels of online depth (``online_depth``) say the same as
``online`` in finer steps: 全程网办 is 四级, 网上预审 is 三级, and a 窗口办理 item is 一级
(guide online) or 二级 (forms online). A guide that says 全程网办 above a 二级 depth tells the
applicant two different things.

Passing::

    catalog/items/000131128000.yaml:
      handling/0/online_depth: 四级
      handling/1/online_depth: 三级

Failing::

    catalog/items/000131128000.yaml:
      handling/0/online_depth: 二级
"""

from banshi.i18n import _
from banshi.problems import Problem

ID = "online.depth"


def summary() -> str:
    """The first line of the docstring, in the user's language (``banshi rules``, SARIF)."""
    return _("网办深度 agrees with the way the item is applied for.")


DEPTHS = {"全程网办": ("四级",), "网上预审": ("三级",), "窗口办理": ("一级", "二级")}


def check(catalog, scope):
    for handling in scope.handling():
        depth = handling.get("online_depth")
        fitting = DEPTHS[handling["online"]]
        if depth and depth not in fitting:
            yield Problem.at(
                handling.origin.at("online_depth"),
                ID,
                _("online_depth {depth} does not fit online: {online}, which is {fitting}").format(
                    depth=depth, online=handling["online"], fitting="、".join(fitting)
                ),
            )
