"""容缺受理 is for secondary materials only: an application form is never deferrable.

Main materials, the application form first among them, must be complete at acceptance.

Passing::

    catalog/items/000131128000.yaml:
      handling/0/materials/2/deferrable_days: 5

Failing::

    catalog/items/000131128000.yaml:
      handling/0/materials/0/deferrable_days: 5
"""

from banshi.i18n import _
from banshi.problems import Problem

ID = "material.deferrable"


def summary() -> str:
    """The first line of the docstring, in the user's language (``banshi rules``, SARIF)."""
    return _("容缺受理 is for secondary materials only: an application form is never deferrable.")


def check(catalog, scope):
    for handling in scope.handling():
        for i, row in enumerate(handling["materials"]):
            material = catalog.materials.get(row["material"])
            if material and "deferrable_days" in row and material["category"] == "申请表":
                yield Problem.at(
                    handling.origin.at("materials", i, "deferrable_days"),
                    ID,
                    _(
                        "{name} is the application form: it cannot be handed in later "
                        "(容缺 is for secondary materials); remove deferrable_days"
                    ).format(name=material["name"]),
                )
