"""凡需当事人递交文字材料的, 全部制作示范文本: an application form (申请表) has a sample.

Passing::

    rules/materials.yaml:
      materials/0/sample: catalog/forms/个体工商户登记申请书（示例）.txt

Failing::

    rules/materials.yaml:
      materials/0/sample: ~
"""

from banshi.i18n import _
from banshi.problems import Problem

ID = "material.form-sample"


def summary() -> str:
    """The first line of the docstring, in the user's language (``banshi rules``, SARIF)."""
    return _(
        "凡需当事人递交文字材料的, 全部制作示范文本: an application form (申请表) has a sample."
    )


def check(catalog, scope):
    for material in catalog.materials.values():
        if material["category"] == "申请表" and not material.get("sample"):
            yield Problem.at(
                material.origin,
                ID,
                _(
                    "{name} is an application form (申请表): add a sample (示范文本) "
                    "filled in as an example"
                ).format(name=material["name"]),
            )
