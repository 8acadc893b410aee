"""A material says what it is: no catch-all like 其他相关材料.

Catch-alls let a window ask for anything, which the guide must not do (不得在办事指南以外
增加申请人义务). A warning by default.

Passing::

    rules/materials.yaml:
      materials/2/name: 经营场所使用证明

Failing::

    rules/materials.yaml:
      materials/2/name: 其他相关材料
"""

import re

from banshi.i18n import _
from banshi.problems import WARNING, Problem

ID = "material.vague"
SEVERITY = WARNING


def summary() -> str:
    """The first line of the docstring, in the user's language (``banshi rules``, SARIF)."""
    return _("A material says what it is: no catch-all like 其他相关材料.")


VAGUE = re.compile(r"(其他|其它|相关|有关)(相关|有关)?(材料|证明|资料|文件)$|等材料$|材料等$")


def check(catalog, scope):
    for material in catalog.materials.values():
        if VAGUE.search(material["name"]):
            yield Problem.at(
                material.origin.at("name"),
                ID,
                _("{name} does not say what to bring: name each material").format(
                    name=material["name"]
                ),
            )
